"""The Python API: `run` a grid and get the summary table back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from optbench import executors
from optbench.analysis import summary
from optbench.runner import DEFAULT_MAX_FEV, plan, run_missing
from optbench.store import Store


def run(
    problems: Sequence[str],
    solvers: Sequence[str],
    starts: int = 1,
    seed: int = 0,
    results: str | Path | None = None,
    force: bool = False,
    max_fev: int | None = DEFAULT_MAX_FEV,
    jobs: int = 1,
    timeout: float | None = None,
    dask: str | None = None,
) -> pd.DataFrame:
    """Run every solver on every problem from each start; return one row per run.

    Parameters
    ----------
    problems, solvers : sequence of str
        Registered names, options in brackets (``"gd[step=0.05]"``).
    starts : int
        Starting points per problem: the standard x0, then seeded perturbations.
    seed : int
        The suite seed; extra starts derive from (seed, problem, start).
    results : path, optional
        An SQLite store to read from and add to; ``None`` keeps results in memory.
        Runs already stored are not run again unless ``force``.
    force : bool
        Rerun stored runs.
    max_fev : int or None
        The evaluation budget per run.
    jobs : int
        Runs at once, each in its own forked worker process.
    timeout : float, optional
        Wall-clock seconds per run; a run still going then is killed (status ``timeout``).
    dask : str, optional
        Run on a Dask cluster instead: a scheduler address, or ``"local"``.

    Returns
    -------
    DataFrame
        The summary columns (`optbench.analysis.SUMMARY_COLUMNS`), one row per run in
        grid order.

    Examples
    --------
    >>> table = run(["quadratic"], ["nelder-mead"])
    >>> table.loc[0, "status"], int(table.loc[0, "nit"]), int(table.loc[0, "nfev"])
    ('converged', 16, 32)
    """
    tasks = plan(problems, solvers, starts=starts, seed=seed, max_fev=max_fev)
    with Store(results) as store:
        executor = (executors.dask(dask, jobs=jobs, timeout=timeout) if dask
                    else executors.local(jobs=jobs, timeout=timeout))
        run_missing(tasks, store, executor, force=force)
        ids = [task.run_id for task in tasks]
        return summary(store.runs(ids), order=ids)
