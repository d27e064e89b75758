"""One row per solver: how much it solves, at what cost; sorted best first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optbench.analysis.ert import ert_table
from optbench.analysis.targets import INSTANCE, cost_to_target, ran, reference_values, solved

#: The columns of :func:`leaderboard`, in order.
LEADERBOARD_COLUMNS = ("solver", "runs", "solved", "median_evaluations", "ert",
                       "median_time_s")


def leaderboard(runs: pd.DataFrame, traces: pd.DataFrame | None, tau: float = 1e-5,
                cost: str = "fev", reference: pd.DataFrame | None = None,
                hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per solver: fraction solved, median evaluations and time when solved, median ERT.

    For a leaderboard per family, call it on each family's runs
    (``runs.groupby("family")``). Skipped runs are dropped first.

    Parameters
    ----------
    runs, traces : DataFrame
        The ``runs`` and ``traces`` tables (``traces`` may be None where ``reference``
        and ``hits`` are given).
    tau : float
        The relative target (see :func:`~optbench.analysis.targets.within_target`).
    cost : str
        The cost of the ERT, one of :data:`~optbench.analysis.targets.COSTS`.
    reference, hits : DataFrame, optional
        :func:`~optbench.analysis.targets.reference_values` and
        :func:`~optbench.analysis.targets.cost_to_target` output (in ``cost``, ``tau``
        among its targets) where the caller has them already; computed otherwise.

    Returns
    -------
    DataFrame
        One row per solver, columns :data:`LEADERBOARD_COLUMNS`:

        - ``runs``: the runs it made (one per instance: problem, start, seed);
        - ``solved``: the fraction of the view's instances (every (problem, start,
          seed) any solver ran) where its final ``fun`` is within ``tau`` of f_ref
          (:func:`~optbench.analysis.targets.solved`); error runs are failures, and so
          are instances it skipped, as in the profiles, so that a solver that only runs
          on a few problems does not top the board;
        - ``median_evaluations``, ``median_time_s``: the median ``nfev`` and
          ``time_s`` over its solved runs (NaN if none);
        - ``ert``: the median over problems of its per-problem ERT at ``tau``
          (first hit in the trace, in ``cost``), over the view's problems; a problem it
          never solved, or skipped, has ERT inf, which counts as larger than any finite
          ERT, so the median is inf once half the problems are unsolved. The median,
          unlike a sum or mean, is not ruled by the few hardest problems.

        Sorted best first: most solved, then fewer median evaluations, then lower
        ERT, then solver name.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "problem": "p", "start": 0, "seed": 0,
    ...                      "solver": ["slow", "fast"], "n": 2, "nfev": [20, 8],
    ...                      "njev": 0, "fun": [0.0, 0.0], "f_opt": 0.0,
    ...                      "status": "converged", "time_s": [0.2, 0.1]})
    >>> traces = pd.DataFrame({"run_id": ["a", "b"], "evaluation": [20, 8], "f": 0.0,
    ...                        "best_f": 0.0, "time_s": [0.2, 0.1], "njev": 0})
    >>> leaderboard(runs, traces)[["solver", "solved", "median_evaluations", "ert"]]
      solver  solved  median_evaluations   ert
    0   fast     1.0                 8.0   8.0
    1   slow     1.0                20.0  20.0
    """
    runs = ran(runs)
    if reference is None:
        reference = reference_values(runs, traces)
    if hits is None:
        hits = cost_to_target(runs, traces, (tau,), cost, reference)
    is_solved = solved(runs, tau, reference)
    good = runs[is_solved].astype({"nfev": float, "time_s": float})
    erts = ert_table(hits[np.isclose(hits["tau"], tau, rtol=1e-9, atol=0.0)])
    instances = len(runs.groupby(INSTANCE).size())
    problems = runs["problem"].unique()
    ert_by_problem = erts.pivot_table(index="problem", columns="solver", values="ert",
                                      aggfunc="median").reindex(problems).fillna(np.inf)
    table = pd.DataFrame({
        "runs": runs.groupby("solver", sort=False).size(),
        "solved": is_solved.groupby(runs["solver"], sort=False).sum() / instances,
        "median_evaluations": good.groupby("solver")["nfev"].median(),
        "ert": ert_by_problem.median(),
        "median_time_s": good.groupby("solver")["time_s"].median(),
    })
    table.index.name = "solver"
    table = table.reset_index().sort_values(
        ["solved", "median_evaluations", "ert", "solver"],
        ascending=[False, True, True, True], na_position="last", kind="stable")
    return table.loc[:, list(LEADERBOARD_COLUMNS)].reset_index(drop=True)
