"""What a run has done so far, reported by its worker while it runs.

A worker process watches its run's `~optbench.counting.Meter`: every `EVERY_S`
seconds of evaluations it sends the counts, the best point and the trace rows made
since its previous report (`Progress`). The driver joins the reports it receives
(`Progress.join`), so a run killed at its time limit, or whose worker died, is stored
with the counts and the trace it had reached by its last report (`optbench.runner.unrun`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from optbench.trace import Trace

#: Seconds of a run between two progress reports. A report costs one pickle of the new
#: trace rows; between reports each evaluation pays one comparison of the clock.
EVERY_S = 0.5


@dataclass(frozen=True)
class Progress:
    """A run's counts, iterations, best point and trace as of one report.

    ``counts`` holds the instrument's counts by the runs table's column names
    (``nfev``, ``njev``, ``nhev``, ``ncev``, ``ncjev``); ``iterations`` the iteration
    callbacks; ``best_f`` and ``best_x`` the best finite value traced and where
    (``inf`` and the start before any); ``trace`` the rows of this report alone, or of
    all reports once joined.

    Examples
    --------
    >>> rows = lambda i, f: Trace(np.array([i]), np.array([f]), np.array([f]),
    ...                           np.array([0.0]), np.array([0]), np.array([np.nan]))
    >>> first = Progress({"nfev": 1}, 0, 3.0, np.array([1.0]), rows(1, 3.0))
    >>> joined = Progress.join([first, Progress({"nfev": 2}, 1, 2.0, np.array([2.0]),
    ...                                         rows(2, 2.0))])
    >>> joined.counts, joined.best_f, joined.trace.evaluation.tolist()
    ({'nfev': 2}, 2.0, [1, 2])
    """

    counts: dict[str, int]
    iterations: int
    best_f: float
    best_x: NDArray[np.float64]
    trace: Trace

    @staticmethod
    def join(reports: Sequence[Progress]) -> Progress | None:
        """The progress as of the last of ``reports``, with every report's trace rows in
        order (``None`` for no report). The rows are copied once, however many reports
        a long run sent."""
        if not reports:
            return None
        last = reports[-1]
        return Progress(last.counts, last.iterations, last.best_f, last.best_x,
                        Trace.concat([report.trace for report in reports]))
