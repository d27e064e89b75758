"""Every per-run metric of the report, computed once from one alignment of the traces
and selected for each view.

A run's hits and costs (`optbench.analysis.targets.cost_to_target`), its convergence
evaluations (`optbench.analysis.profiles.convergence_evaluations`) and its ECDF
runtimes (`optbench.analysis.ecdf.ecdf_runtimes`) depend on the run itself and on its
problem's reference value or its instance's lowest value found, never on the other
problems. A problem belongs to one family, so a family's view holds every run of each
of its problems, and its metrics are the rows of the all-problems metrics for its runs
(`RunMetrics.select`): the report computes each per-run metric once, whatever the number
of views, and only the profiles and ECDFs (sums over runs) per view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optbench.analysis.ecdf import ECDF_TARGETS, ecdf_runtimes
from optbench.analysis.profiles import convergence_evaluations_at
from optbench.analysis.targets import (
    TARGETS,
    aligned_traces,
    at_rows,
    cost_to_target,
    first_rows,
    ran,
    reference_values,
)


@dataclass(frozen=True)
class RunMetrics:
    """The per-run metrics of a set of runs.

    Attributes
    ----------
    runs : DataFrame
        The runs that ran (`optbench.analysis.targets.ran`), in order.
    reference : DataFrame
        Their problems' `reference_values`.
    hits : DataFrame
        `cost_to_target` for every target of `taus`, in ``cost``.
    convergence : dict of float to DataFrame
        Per target, `convergence_evaluations` (Moré & Wild's test).
    runtimes : ndarray
        `ecdf_runtimes` in ``cost``: a row per run, a column per ECDF target.
    starts : ndarray
        Each run's first evaluated value (NaN without trace rows), for the quality
        profiles (`optbench.analysis.quality`).
    """

    runs: pd.DataFrame
    reference: pd.DataFrame
    hits: pd.DataFrame
    convergence: dict[float, pd.DataFrame]
    runtimes: np.ndarray
    starts: np.ndarray

    @classmethod
    def compute(cls, runs: pd.DataFrame, traces: pd.DataFrame, cost: str = "fev",
                taus: Sequence[float] = TARGETS,
                ecdf_targets: Sequence[float] = ECDF_TARGETS) -> RunMetrics:
        """Align ``traces`` to ``runs`` once and compute every metric from it.

        Examples
        --------
        >>> runs = pd.DataFrame({"run_id": ["a", "b"], "problem": ["p", "q"],
        ...                      "solver": "s", "start": 0, "seed": 0, "n": 1,
        ...                      "nfev": 2, "njev": 0, "fun": [0.0, 1.0],
        ...                      "f_opt": [0.0, 0.0], "status": "converged",
        ...                      "time_s": 0.1})
        >>> traces = pd.DataFrame({"run_id": ["a", "a", "b", "b"],
        ...                        "evaluation": [1, 2, 1, 2], "f": [3.0, 0.0, 3.0, 1.0],
        ...                        "best_f": [3.0, 0.0, 3.0, 1.0], "time_s": 0.0})
        >>> metrics = RunMetrics.compute(runs, traces, taus=(1e-3,))
        >>> metrics.hits["hit"].tolist(), metrics.select(np.array([False, True])).hits[
        ...     "run_id"].tolist()
        ([True, False], ['b'])
        """
        everything = ran(runs)
        reference = reference_values(everything, traces)
        aligned = aligned_traces(everything, traces)
        run = aligned["run"].to_numpy()
        starts = at_rows(aligned["f"].to_numpy(dtype=float, na_value=np.nan),
                         first_rows(run, np.ones(run.size, dtype=bool), len(everything)))
        return cls(
            everything, reference,
            cost_to_target(everything, None, taus, cost, reference, aligned),
            convergence_evaluations_at(everything, None, taus, aligned),
            ecdf_runtimes(everything, None, ecdf_targets, cost, reference, aligned), starts)

    def select(self, keep: np.ndarray) -> RunMetrics:
        """The metrics of the runs ``keep`` marks (a bool per run of `runs`), which
        must hold every run of each of their problems."""
        keep = np.asarray(keep, dtype=bool)
        per_tau = len(self.hits) // max(len(self.runs), 1)
        runs = self.runs[keep].reset_index(drop=True)
        return RunMetrics(
            runs, self.reference.reindex(runs["problem"].unique()),
            self.hits[np.repeat(keep, per_tau)].reset_index(drop=True),
            {tau: frame[keep].reset_index(drop=True)
             for tau, frame in self.convergence.items()},
            self.runtimes[keep], self.starts[keep])
