"""Which evaluations of a trace carry information: the first, every new best, the last.

Every measure optbench computes from a trace (targets hit and what they cost, the
profiles, ECDFs, ERT, the best-so-far convergence curves, the IOHprofiler export) reads
the best value so far, which changes only at an evaluation that sets a new best; f(x0)
is read off the first evaluation and a run's cost off its last. A run of a kind that
needs feasibility also keeps every new best among its feasible points (`feasible_best`).
So the store keeps just these rows (`essential`, `essential_trace`), as COCO logs only
improvements, and every figure computed from them equals the one from the whole trace:
the size of a trace grows with its improvements, not its evaluations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from optbench.record import VIOLATION_TOL
from optbench.trace import Trace


def feasible_best(run: np.ndarray, f: np.ndarray, violation: np.ndarray) -> np.ndarray:
    """Per run (rows grouped by run in evaluation order), the best f so far over the
    rows whose violation is at most `VIOLATION_TOL`; NaN before the first such row.

    Examples
    --------
    >>> feasible_best(np.array([0, 0, 0, 1]), np.array([1.0, 0.5, 0.7, 2.0]),
    ...               np.array([0.5, 0.0, 0.0, 0.0])).tolist()
    [nan, 0.5, 0.5, 2.0]
    """
    with np.errstate(invalid="ignore"):
        feasible = np.where(violation <= VIOLATION_TOL, f, np.nan)
    values = pd.Series(feasible)
    best = values.groupby(run, sort=False).cummin()
    return best.groupby(run, sort=False).ffill().to_numpy(dtype=float)


def essential(run: np.ndarray, evaluation: np.ndarray, f: np.ndarray, best_f: np.ndarray,
              violation: np.ndarray) -> NDArray[np.bool_]:
    """Which rows to keep: each run's first (evaluation 1) and last evaluation, every
    evaluation that set a new best (``f == best_f``) and, where violations are
    recorded, every new feasible best. Rows are grouped by run in evaluation order.

    Examples
    --------
    >>> nan = float("nan")
    >>> essential(np.zeros(4), np.array([1, 2, 3, 4]), np.array([5.0, 6.0, 4.0, 4.5]),
    ...           np.array([5.0, 5.0, 4.0, 4.0]), np.full(4, nan)).tolist()
    [True, False, True, True]
    """
    evaluation = np.asarray(evaluation)
    last = evaluation == pd.Series(evaluation).groupby(run, sort=False).transform(
        "max").to_numpy()
    keep = (evaluation == 1) | (f == best_f) | last
    recorded = ~np.isnan(violation)
    if recorded.any():  # constrained runs: every new feasible best too
        keep = keep | (recorded & (f == feasible_best(run, f, violation)))
    return np.asarray(keep, dtype=bool)


def essential_trace(trace: Trace) -> Trace:
    """One run's `Trace` reduced to its `essential` rows.

    Examples
    --------
    >>> t = Trace(np.array([1, 2, 3]), np.array([3.0, 4.0, 3.5]), np.array([3.0, 3.0, 3.0]),
    ...           np.array([0.1, 0.2, 0.3]), np.zeros(3, dtype=int), np.full(3, np.nan))
    >>> essential_trace(t).evaluation.tolist()
    [1, 3]
    """
    return trace.select(essential(np.zeros(len(trace), dtype=np.int64), trace.evaluation,
                                  trace.f, trace.best_f, trace.violation))
