"""Performance profiles (Dolan & Moré 2002) and data profiles (Moré & Wild 2009).

Both compare solvers on a common set of instances (problem, start, seed) and return
a table with one column per solver and the grid as index, ready for
``table.plot(drawstyle="steps-post")``.

References
----------
E. D. Dolan and J. J. Moré, "Benchmarking optimization software with performance
profiles", Math. Program. 91 (2002) 201-213.
J. J. Moré and S. M. Wild, "Benchmarking derivative-free optimization algorithms",
SIAM J. Optim. 20(1) (2009) 172-191.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from optbench.analysis.targets import (
    INSTANCE,
    aligned_or_traces,
    at_rows,
    first_hits,
    first_rows,
    ran,
)


def nan_as_inf(values: np.ndarray) -> np.ndarray:
    """``values`` as floats with NaN (never reached, failed) replaced by inf.

    Examples
    --------
    >>> nan_as_inf(np.array([1.0, np.nan, -np.inf])).tolist()
    [1.0, inf, -inf]
    """
    values = np.asarray(values, dtype=float)
    return np.where(np.isnan(values), np.inf, values)


def step_fractions(values: np.ndarray, grid: Sequence[float] | np.ndarray) -> np.ndarray:
    """The fraction of ``values`` at or below each grid point (NaN counts as inf).

    NaN for every grid point when there are no values.

    Examples
    --------
    >>> step_fractions(np.array([1.0, 3.0, np.inf, np.nan]), [0.5, 1.0, 3.0, 1e9]).tolist()
    [0.0, 0.25, 0.5, 0.5]
    """
    values = np.sort(nan_as_inf(values))
    grid = np.asarray(grid, dtype=float)
    if values.size == 0:
        return np.full(grid.shape, np.nan)
    return np.searchsorted(values, grid, side="right") / values.size


def _profile(table: pd.DataFrame, grid: Sequence[float] | np.ndarray,
             name: str) -> pd.DataFrame:
    """``step_fractions`` of each column of ``table`` on ``grid``; index named ``name``."""
    index = pd.Index(np.asarray(grid, dtype=float), name=name)
    columns = {solver: step_fractions(table[solver].to_numpy(dtype=float), index)
               for solver in table.columns}
    return pd.DataFrame(columns, index=index, columns=table.columns)


def instance_table(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """An instance x solver table of ``column``; a solver without a run there fails it.

    ``frame`` has one row per run with the instance columns, ``solver`` and
    ``column``. Every instance some solver ran is kept. A solver with no row for an
    instance (it skipped it, being unable to solve that kind of problem, or the suite
    left the pair out) gets ``inf`` there: as in Dolan & Moré, a solver that cannot
    solve a problem fails it, and every solver is judged on the same instances.
    Several rows for one instance and solver (there are none in a store) give their
    median.

    Examples
    --------
    >>> frame = pd.DataFrame({"problem": ["p", "p", "q"], "start": 0, "seed": 0,
    ...                       "solver": ["a", "b", "a"], "cost": [1.0, np.inf, 2.0]})
    >>> instance_table(frame, "cost").to_dict("list")
    {'a': [1.0, 2.0], 'b': [inf, inf]}
    """
    values = frame[column].astype(float)
    table = values.groupby([frame[c] for c in [*INSTANCE, "solver"]], sort=False).median()
    wide = table.unstack("solver").reindex(columns=frame["solver"].unique())
    return wide.fillna(np.inf)


def cost_table(hits: pd.DataFrame, tau: float) -> pd.DataFrame:
    """The instance x solver table of costs to reach ``tau`` (inf: not reached).

    ``hits`` is :func:`~optbench.analysis.targets.cost_to_target` output; instances
    as :func:`instance_table` keeps them.

    Examples
    --------
    >>> hits = pd.DataFrame({"problem": "p", "start": 0, "seed": 0, "solver": ["a", "b"],
    ...                      "tau": 1e-3, "hit": [True, False], "cost": [7.0, np.nan]})
    >>> cost_table(hits, 1e-3).to_dict("list")
    {'a': [7.0], 'b': [inf]}
    """
    at = hits[np.isclose(hits["tau"], tau, rtol=1e-9, atol=0.0)]
    return instance_table(at.assign(cost=at["cost"].where(at["hit"], np.inf)), "cost")


def performance_ratios(costs: pd.DataFrame) -> pd.DataFrame:
    """Each cost over the best cost on its instance (row); inf for a failure (NaN or inf).

    A cost equal to the best one has ratio 1, also when the best is 0.

    Examples
    --------
    >>> costs = pd.DataFrame({"a": [10.0, np.nan], "b": [20.0, np.inf]})
    >>> performance_ratios(costs).to_dict("list")
    {'a': [1.0, inf], 'b': [2.0, inf]}
    """
    values = nan_as_inf(costs.to_numpy(dtype=float))
    best = values.min(axis=1, initial=np.inf, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(values == best, 1.0, values / best)
    ratios[~np.isfinite(values)] = np.inf
    return pd.DataFrame(ratios, index=costs.index, columns=costs.columns)


def performance_profile(costs: pd.DataFrame,
                        taus_grid: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Dolan & Moré's performance profile rho_s(tau), one column per solver.

    ``r[p, s] = cost[p, s] / min over solvers of cost[p, .]`` and
    ``rho_s(tau)`` is the fraction of instances with ``r[p, s] <= tau``. Failures
    (NaN or inf cost) have ``r = inf`` and never count; instances no solver solved
    stay in the denominator.

    Parameters
    ----------
    costs : DataFrame
        Instances x solvers, the cost to solve (e.g. :func:`cost_table`).
    taus_grid : sequence of float
        Ratios ``tau >= 1`` at which to evaluate the profile.

    Returns
    -------
    DataFrame
        Index ``tau`` (the grid), one column per solver.

    Examples
    --------
    >>> costs = pd.DataFrame({"a": [10.0, 40.0, np.nan], "b": [20.0, np.inf, np.nan]})
    >>> performance_profile(costs, [1, 2]).round(3).to_dict("list")
    {'a': [0.667, 0.667], 'b': [0.0, 0.333]}
    """
    return _profile(performance_ratios(costs), taus_grid, "tau")


def convergence_evaluations(runs: pd.DataFrame, traces: pd.DataFrame | None,
                            tau: float, aligned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per run, the first evaluation passing Moré & Wild's convergence test.

    The test is ``f(x0) - best_f >= (1 - tau) * (f(x0) - f_L)``: ``f(x0)`` is the run's
    first trace value and ``f_L`` the smallest value any run found on the instance
    (its traces' ``best_f`` and final ``fun``). Skipped runs are dropped; error runs,
    and runs whose ``f(x0)`` is not finite, never pass. ``aligned`` is
    ``aligned_traces(ran(runs), traces)`` where the caller has it (then ``traces`` is
    not read).

    Returns
    -------
    DataFrame
        The instance columns, ``solver``, ``n`` and ``evaluations`` (inf: never).

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "problem": "p", "start": 0, "seed": 0,
    ...                      "solver": ["s", "t"], "n": 2, "nfev": 3, "fun": [1.0, 4.0],
    ...                      "status": "converged", "time_s": 0.1})
    >>> traces = pd.DataFrame({"run_id": ["a"] * 3 + ["b"] * 3, "evaluation": [1, 2, 3] * 2,
    ...                        "f": [9.0, 2.0, 1.0, 9.0, 5.0, 4.0], "time_s": 0.0})
    >>> traces["best_f"] = traces["f"]
    >>> convergence_evaluations(runs, traces, 0.1)["evaluations"].tolist()
    [3.0, inf]
    """
    return convergence_evaluations_at(runs, traces, [tau], aligned)[tau]


def convergence_evaluations_at(runs: pd.DataFrame, traces: pd.DataFrame | None,
                               taus: Sequence[float],
                               aligned: pd.DataFrame | None = None) -> dict[float, pd.DataFrame]:
    """:func:`convergence_evaluations` at each of ``taus``, by tau, in one pass.

    Each trace row is tested against every tau as :func:`convergence_evaluations` tests
    it; the test is monotone in tau (a row that passes a tolerance passes every looser
    one), so the number of tolerances a row passes says which, and one search finds
    each run's first row for all of them (`optbench.analysis.targets.first_hits`).

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a"], "problem": "p", "start": 0, "seed": 0,
    ...                      "solver": "s", "n": 2, "nfev": 3, "fun": 1.0,
    ...                      "status": "converged", "time_s": 0.1})
    >>> traces = pd.DataFrame({"run_id": "a", "evaluation": [1, 2, 3],
    ...                        "f": [9.0, 2.0, 1.0], "time_s": 0.0})
    >>> traces["best_f"] = traces["f"]
    >>> found = convergence_evaluations_at(runs, traces, [0.5, 1e-3])
    >>> found[0.5]["evaluations"].tolist(), found[1e-3]["evaluations"].tolist()
    ([2.0], [3.0])
    """
    runs = ran(runs)
    trace = aligned_or_traces(runs, traces, aligned)
    run = trace["run"].to_numpy()
    best_f = trace["best_f"].to_numpy(dtype=float, na_value=np.nan)
    f0 = at_rows(trace["f"].to_numpy(dtype=float, na_value=np.nan),
                 first_rows(run, np.ones(run.size, dtype=bool), len(runs)))
    lowest = pd.Series(best_f).groupby(run).min().reindex(range(len(runs)))
    lowest = np.fmin(lowest.to_numpy(dtype=float), runs["fun"].to_numpy(dtype=float))
    f_low = pd.Series(lowest).groupby([runs[c] for c in INSTANCE]).transform("min")
    f0_row, f_low_row = f0[run], f_low.to_numpy(dtype=float)[run]
    loosest_first = sorted(dict.fromkeys(float(tau) for tau in taus), reverse=True)
    passed = np.zeros(run.size, dtype=np.int64)  # how many of the tolerances a row passes
    with np.errstate(invalid="ignore"):  # inf - inf (no finite value yet) is NaN: no pass
        for tau in loosest_first:  # the test f0 - best_f >= (1 - tau) (f0 - f_L)
            passed += (1 - tau) * (f0_row - f_low_row) - (f0_row - best_f) <= 0
    # a row passes the j-th loosest tolerance when it passes more than j of them
    level = -passed.astype(float)
    level[~np.isfinite(f0_row)] = np.nan
    first = first_hits(runs, trace, level, [-(j + 0.5) for j in range(len(loosest_first))])
    frame = runs.loc[:, [*INSTANCE, "solver", "n"]]
    at = trace["evaluation"].to_numpy(dtype=float)
    column = {tau: j for j, tau in enumerate(loosest_first)}
    return {tau: frame.assign(evaluations=nan_as_inf(at_rows(at, first[:, column[float(tau)]])))
            for tau in taus}


def data_profile(runs: pd.DataFrame, traces: pd.DataFrame | None, tau: float,
                 alphas: Sequence[float] | np.ndarray,
                 aligned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Moré & Wild's data profile d_s(alpha), one column per solver.

    ``d_s(alpha)`` is the fraction of instances that solver ``s`` solves within
    ``alpha * (n_p + 1)`` function evaluations (simplex gradients), by the test of
    :func:`convergence_evaluations` (``aligned`` as there). Instances as
    :func:`instance_table` keeps them; unsolved instances stay in the denominator.

    Returns
    -------
    DataFrame
        Index ``alpha`` (the grid), one column per solver.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "problem": "p", "start": 0, "seed": 0,
    ...                      "solver": ["s", "t"], "n": 2, "nfev": 3, "fun": [1.0, 4.0],
    ...                      "status": "converged", "time_s": 0.1})
    >>> traces = pd.DataFrame({"run_id": ["a"] * 3 + ["b"] * 3, "evaluation": [1, 2, 3] * 2,
    ...                        "f": [9.0, 2.0, 1.0, 9.0, 5.0, 4.0], "time_s": 0.0})
    >>> traces["best_f"] = traces["f"]
    >>> data_profile(runs, traces, 0.1, [0.5, 1.0]).to_dict("list")
    {'s': [0.0, 1.0], 't': [0.0, 0.0]}
    """
    return data_profile_of(convergence_evaluations(runs, traces, tau, aligned), alphas)


def data_profile_of(evaluations: pd.DataFrame,
                    alphas: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """The data profile (:func:`data_profile`) of runs' :func:`convergence_evaluations`.

    Examples
    --------
    >>> frame = pd.DataFrame({"problem": ["p", "p"], "start": 0, "seed": 0,
    ...                       "solver": ["s", "t"], "n": 2, "evaluations": [3.0, np.inf]})
    >>> data_profile_of(frame, [0.5, 1.0]).to_dict("list")
    {'s': [0.0, 1.0], 't': [0.0, 0.0]}
    """
    frame = evaluations.assign(
        budget=evaluations["evaluations"] / (evaluations["n"].astype(float) + 1))
    return _profile(instance_table(frame, "budget"), alphas, "alpha")


def convergence_cost_table(evaluations: pd.DataFrame) -> pd.DataFrame:
    """The instance x solver table of :func:`convergence_evaluations` (inf: never passed
    the test), instances as :func:`instance_table` keeps them: the costs of a
    performance profile under Moré & Wild's convergence test.

    Examples
    --------
    >>> frame = pd.DataFrame({"problem": ["p", "p"], "start": 0, "seed": 0,
    ...                       "solver": ["s", "t"], "n": 2, "evaluations": [3.0, np.inf]})
    >>> convergence_cost_table(frame).to_dict("list")
    {'s': [3.0], 't': [inf]}
    """
    return instance_table(evaluations, "evaluations")


def convergence_performance_profile(runs: pd.DataFrame, traces: pd.DataFrame | None,
                                    tau: float, taus_grid: Sequence[float] | np.ndarray,
                                    aligned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dolan & Moré's performance profile with Moré & Wild's convergence test as the
    criterion of solving: the cost of an instance is the function evaluations until
    ``f(x0) - best_f >= (1 - tau) (f(x0) - f_L)`` (:func:`convergence_evaluations`,
    ``aligned`` as there), not until an absolute target of f*. This is the profile
    OptiProfiler and Moré & Wild draw, so that optbench's can be compared with
    published ones.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "problem": "p", "start": 0, "seed": 0,
    ...                      "solver": ["s", "t"], "n": 2, "nfev": 3, "fun": [1.0, 1.0],
    ...                      "status": "converged", "time_s": 0.1})
    >>> traces = pd.DataFrame({"run_id": ["a"] * 3 + ["b"] * 3, "evaluation": [1, 2, 3] * 2,
    ...                        "f": [9.0, 1.0, 1.0, 9.0, 5.0, 1.0], "time_s": 0.0})
    >>> traces["best_f"] = traces["f"]
    >>> convergence_performance_profile(runs, traces, 0.1, [1.0, 1.5]).to_dict("list")
    {'s': [1.0, 1.0], 't': [0.0, 1.0]}
    """
    return performance_profile(
        convergence_cost_table(convergence_evaluations(runs, traces, tau, aligned)),
        taus_grid)
