"""Membership tests on columns of names, by hashing rather than pandas' ``isin``.

pandas' ``isin`` on a column of Arrow-backed strings checks the wanted values one by one
in Python (0.2 s for 100 000 run ids); an index's hash table answers the same in a
tenth of that.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from numpy.typing import NDArray


def among(values: pd.Series, wanted: Iterable[object]) -> NDArray[np.bool_]:
    """Whether each of ``values`` is one of ``wanted`` (as ``values.isin(wanted)``).

    Examples
    --------
    >>> among(pd.Series(["a", "b", "c", None]), {"c", "a", "a"}).tolist()
    [True, False, True, False]
    """
    index = pd.Index(list(dict.fromkeys(wanted)))
    return np.asarray(index.get_indexer(values) >= 0)
