"""A run's trace: one row per function evaluation, as the instrument recorded it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Trace:
    """One row per function evaluation: index (1-based), value, best so far, seconds,
    gradient evaluations so far and the constraint violation at the point.

    ``njev`` is the number of analytic gradient evaluations made so far, this
    evaluation's own included, so that costs counting gradients can be read off a trace.
    ``violation`` is the largest bound or constraint violation at the evaluated point
    (`optbench.problems.base.Problem.max_violation`) for problems whose kind needs
    feasibility, NaN for the others; the analysis takes a feasible best-so-far from it.

    Examples
    --------
    >>> t = Trace(np.array([1, 2]), np.array([3.0, 5.0]), np.array([3.0, 3.0]),
    ...           np.array([0.1, 0.2]), np.array([1, 2]), np.array([np.nan, np.nan]))
    >>> len(t)
    2
    """

    evaluation: NDArray[np.int64]
    f: NDArray[np.float64]
    best_f: NDArray[np.float64]
    time_s: NDArray[np.float64]
    njev: NDArray[np.int64]
    violation: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.evaluation.size)

    @staticmethod
    def concat(blocks: Sequence[Trace]) -> Trace:
        """The blocks of one run's trace, in order, as one trace (copied once).

        Examples
        --------
        >>> one = Trace(np.array([1]), np.array([3.0]), np.array([3.0]), np.array([0.1]),
        ...             np.array([0]), np.array([np.nan]))
        >>> two = Trace(np.array([2]), np.array([2.0]), np.array([2.0]), np.array([0.2]),
        ...             np.array([0]), np.array([np.nan]))
        >>> Trace.concat([one, two]).best_f.tolist()
        [3.0, 2.0]
        """
        return Trace(*(np.concatenate([getattr(block, name) for block in blocks])
                       for name in _COLUMNS))

    def select(self, keep: NDArray[np.bool_]) -> Trace:
        """The rows where ``keep`` is true.

        Examples
        --------
        >>> t = Trace(np.array([1, 2]), np.array([3.0, 4.0]), np.array([3.0, 3.0]),
        ...           np.array([0.1, 0.2]), np.array([0, 0]), np.array([np.nan, np.nan]))
        >>> t.select(np.array([True, False])).f.tolist()
        [3.0]
        """
        return Trace(*(getattr(self, name)[keep] for name in _COLUMNS))


_COLUMNS = tuple(f.name for f in fields(Trace))
