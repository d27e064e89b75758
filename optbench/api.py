"""The Python API: `run` a grid and get the summary table back."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from optbench import executors
from optbench import plugins as plugins_module
from optbench.analysis import summary
from optbench.problems import Problem
from optbench.runner import DEFAULT_MAX_FEV, plan, run_missing, superseded
from optbench.solvers import Solver
from optbench.store import Store
from optbench.user import problem_name, solver_name


def run(
    problems: Sequence[str | Problem],
    solvers: Sequence[str | Solver],
    starts: int = 1,
    seed: int = 0,
    results: str | Path | None = None,
    force: bool = False,
    max_fev: int | None = DEFAULT_MAX_FEV,
    jobs: int = 1,
    timeout: float | None = None,
    dask: str | None = None,
    plugins: Sequence[str] = (),
) -> pd.DataFrame:
    """Run every solver on every problem from each start; return one row per run.

    Parameters
    ----------
    problems : sequence of str or Problem
        Registered names, options in brackets (``"rosenbrock[n=10]"``), or `Problem`
        values (registered under their names on the way).
    solvers : sequence of str or solver
        Registered names (``"gd[step=0.05]"``), or solvers made by `optbench.solver`
        (or any frozen dataclass solver), registered on the way.
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
    plugins : sequence of str
        Plug-ins to load first: modules or ``.py`` files (`optbench.plugins`); the
        installed ones and those of ``OPTBENCH_PLUGINS`` load in any case.

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
    plugins_module.load_all(plugins)
    names = [problem_name(item) for item in problems]
    tasks = plan(names, [solver_name(item) for item in solvers], starts=starts, seed=seed,
                 max_fev=max_fev)
    with Store(results) as store:
        note = None if force else superseded(tasks, store)
        if note is not None:
            warnings.warn(note, stacklevel=2)
        executor = (executors.dask(dask, jobs=jobs, timeout=timeout) if dask
                    else executors.local(jobs=jobs, timeout=timeout))
        run_missing(tasks, store, executor, force=force)
        ids = [task.run_id for task in tasks]
        return summary(store.runs(ids), order=ids)
