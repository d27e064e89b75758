"""NIST's log relative error (LRE): the number of correct significant digits.

McCullough (1998), "Assessing the reliability of statistical software: Part I", The
American Statistician 52(4):358-366, as used for NIST's StRD certified values:
``LRE = -log10(|estimate - certified| / |certified|)``, or ``-log10|estimate|`` (the log
absolute error) where the certified value is 0. It is capped at the number of digits of
the certified value (11 for the StRD nonlinear regression files) and is 0 where the
relative error is 1 or more, or where the estimate is not finite.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Significant digits of NIST's certified values in the nonlinear regression files.
CERTIFIED_DIGITS = 11


def lre(estimate: ArrayLike, certified: ArrayLike,
        digits: float = CERTIFIED_DIGITS) -> NDArray[np.float64]:
    """The LRE of each estimate against its certified value, in ``[0, digits]``.

    Parameters
    ----------
    estimate, certified : array_like
        Values of the same shape (scalars give a 0-d array).
    digits : float, optional
        The cap: the certified values' number of significant digits.

    Returns
    -------
    ndarray
        ``min(digits, max(0, -log10(error)))`` with the relative error, or the absolute
        error where ``certified == 0``; ``digits`` where the estimate is exact, 0 where
        it is not finite.

    Examples
    --------
    >>> np.round(lre([1.0001, 2.0, 5.0, float("nan")], [1.0, 2.0, 1.0, 1.0]), 6).tolist()
    [4.0, 11.0, 0.0, 0.0]
    """
    est = np.asarray(estimate, dtype=float)
    cert = np.asarray(certified, dtype=float)
    scale = np.where(cert == 0.0, 1.0, np.abs(cert))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = -np.log10(np.abs(est - cert) / scale)
    value = np.where(np.isfinite(est), value, 0.0)
    return np.clip(np.nan_to_num(value, nan=0.0, posinf=digits), 0.0, digits)


def min_lre(estimate: ArrayLike, certified: ArrayLike,
            digits: float = CERTIFIED_DIGITS) -> float:
    """The smallest LRE over the components: NIST's summary of a parameter vector.

    Examples
    --------
    >>> round(min_lre([2.0, 1.001], [2.0, 1.0]), 6)
    3.0
    """
    values = lre(estimate, certified, digits)
    return float(values.min()) if values.size else math.nan
