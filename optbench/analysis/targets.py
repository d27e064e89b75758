"""Targets, reference values and the cost of reaching a target, from runs and traces.

A run *hits* a target ``tau`` when its best value so far is within
``tau * max(1, |f_ref|)`` of the problem's reference value ``f_ref``: the certified
optimum where known, else the lowest value any run found (flagged ``estimated``).
``skipped`` runs did not run: every metric drops them first. ``error`` runs never
hit a target but count as runs (failures) wherever runs are counted.

A run stored without trace rows is read as one trace row at its end: ``nfev``
evaluations, value ``fun``, ``njev`` gradients and ``time_s`` seconds. The cost of
reaching a target is then the run's whole cost (an upper bound).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from optbench.errors import OptbenchError
from optbench.improvements import essential, feasible_best
from optbench.kinds import Kind
from optbench.record import VIOLATION_TOL

#: Relative targets ``tau`` of the metrics: ``|f - f_ref| <= tau * max(1, |f_ref|)``.
TARGETS = (1e-1, 1e-3, 1e-5, 1e-7)
#: Cost measures: function evaluations; function evaluations plus ``n`` per gradient
#: evaluation (a gradient costs n function evaluations); wall-clock seconds.
COSTS = ("fev", "fev+n*gev", "seconds")
#: The columns that name an instance: solvers are compared on instances.
INSTANCE = ["problem", "start", "seed"]
_TRACE_COLUMNS = ["run_id", "evaluation", "f", "best_f", "time_s", "njev", "violation"]


def needs_feasibility(runs: pd.DataFrame) -> np.ndarray:
    """Whether each run's kind counts values at feasible points only
    (`optbench.kinds.Kind.needs_feasibility`); all False without a ``kind`` column.

    Examples
    --------
    >>> needs_feasibility(pd.DataFrame({"kind": ["constrained", "minimize"]})).tolist()
    [True, False]
    """
    if "kind" not in runs:
        return np.zeros(len(runs), dtype=bool)
    kinds = {kind.value: kind.needs_feasibility for kind in Kind}
    return runs["kind"].map(kinds).fillna(False).to_numpy(dtype=bool)


def ran(runs: pd.DataFrame) -> pd.DataFrame:
    """The runs that ran: ``skipped`` runs dropped, index reset to 0, 1, ...

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "status": ["skipped", "error"]})
    >>> ran(runs)["run_id"].tolist()
    ['b']
    """
    return runs[runs["status"] != "skipped"].reset_index(drop=True)


def check_cost(cost: str) -> None:
    """Raise :class:`OptbenchError` unless ``cost`` is one of :data:`COSTS`.

    Examples
    --------
    >>> check_cost("fev")
    >>> check_cost("flops")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: unknown cost 'flops'; valid costs: fev, fev+n*gev, seconds
    """
    if cost not in COSTS:
        raise OptbenchError(f"unknown cost {cost!r}; valid costs: {', '.join(COSTS)}")


def frame_cost(frame: pd.DataFrame, cost: str, fev: str = "evaluation") -> np.ndarray:
    """The named cost of each row of a frame with columns ``fev``, ``njev``, ``n``, ``time_s``.

    ``fev`` names the evaluation count: ``evaluation`` in traces, ``nfev`` in runs.
    A missing count (NaN) counts as none made; missing seconds stay NaN.

    Examples
    --------
    >>> runs = pd.DataFrame({"nfev": [4], "njev": [2], "n": [3], "time_s": [0.5]})
    >>> [frame_cost(runs, cost, "nfev").tolist() for cost in COSTS]
    [[4.0], [10.0], [0.5]]
    """
    check_cost(cost)
    if cost == "seconds":
        return frame["time_s"].to_numpy(dtype=float, na_value=np.nan)
    values = np.nan_to_num(frame[fev].to_numpy(dtype=float, na_value=np.nan))
    if cost == "fev+n*gev":
        if "njev" not in frame:
            raise OptbenchError("cost 'fev+n*gev' needs the njev column, which is missing")
        gev = np.nan_to_num(frame["njev"].to_numpy(dtype=float, na_value=np.nan))
        values = values + frame["n"].to_numpy(dtype=float, na_value=np.nan) * gev
    return values


def trace_costs(runs: pd.DataFrame, traces: pd.DataFrame, cost: str = "fev") -> pd.Series:
    """The cumulative cost at each trace row, under the named cost (index as ``traces``).

    ``fev`` is the evaluation number, ``fev+n*gev`` adds ``n`` (the run's dimension,
    from ``runs``) times the gradients made so far, ``seconds`` is ``time_s``.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["r"], "n": [3]})
    >>> traces = pd.DataFrame({"run_id": ["r", "r"], "evaluation": [1, 2],
    ...                        "njev": [1, 2], "time_s": [0.5, 0.75]})
    >>> trace_costs(runs, traces, "fev+n*gev").tolist()
    [4.0, 8.0]
    """
    check_cost(cost)
    n = traces["run_id"].map(runs.set_index("run_id")["n"])
    return pd.Series(frame_cost(traces.assign(n=n), cost), index=traces.index)


def unknown_optimum(runs: pd.DataFrame) -> list[str]:
    """The problems of ``runs`` whose f* is not known (their targets are estimated).

    Examples
    --------
    >>> unknown_optimum(pd.DataFrame({"problem": ["p", "q", "q"], "f_opt": [0.0, None, None]}))
    ['q']
    """
    unknown = pd.to_numeric(runs["f_opt"], errors="coerce").isna()
    return [str(name) for name in runs.loc[unknown, "problem"].unique()]


def reference_values(runs: pd.DataFrame, traces: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each problem's reference value ``f_ref`` and whether it is ``estimated``.

    ``f_ref`` is the known optimum ``f_opt`` where it is finite; otherwise the lowest
    finite value any run found on that problem (its final ``fun``, and its trace's
    ``best_f`` when ``traces`` are given), flagged ``estimated=True``. It is NaN when
    nothing is known and nothing finite was found. Skipped runs are ignored.

    Returns
    -------
    DataFrame
        Indexed by problem (in order of appearance); columns ``f_ref`` and
        ``estimated`` (bool).

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": ["p", "q", "q"], "f_opt": [0.0, np.nan, np.nan],
    ...                      "fun": [0.1, 3.0, 2.5], "status": "converged",
    ...                      "run_id": ["a", "b", "c"]})
    >>> reference_values(runs).to_dict("index")
    {'p': {'f_ref': 0.0, 'estimated': False}, 'q': {'f_ref': 2.5, 'estimated': True}}
    """
    runs = ran(runs)
    f_opt = runs["f_opt"].astype(float).where(np.isfinite(runs["f_opt"].astype(float)))
    found = runs["fun"].astype(float).where(np.isfinite(runs["fun"].astype(float)))
    if traces is not None:
        best = traces["best_f"].astype(float).groupby(run_positions(runs, traces)).min()
        found = np.fmin(found, best.reindex(runs.index))
    by_problem = pd.DataFrame({"known": f_opt, "found": found}).groupby(
        runs["problem"], sort=False).min()
    frame = pd.DataFrame({"f_ref": by_problem["known"].fillna(by_problem["found"]),
                          "estimated": by_problem["known"].isna()})
    frame.index.name = "problem"
    return frame


def run_positions(runs: pd.DataFrame, traces: pd.DataFrame) -> np.ndarray:
    """Each trace row's run as a position in ``runs`` (-1 for a run not in ``runs``).

    Run ids are hashed once per distinct id (``pandas.factorize``), not once per row.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"]})
    >>> run_positions(runs, pd.DataFrame({"run_id": ["b", "b", "x", "a"]})).tolist()
    [1, 1, -1, 0]
    """
    codes, ids = pd.factorize(traces["run_id"])
    return np.append(pd.Index(runs["run_id"]).get_indexer(ids), -1)[codes]


def relative_gap(f: np.ndarray | pd.Series, f_ref: np.ndarray | pd.Series) -> np.ndarray:
    """``|f - f_ref| / max(1, |f_ref|)``: the smallest target ``tau`` that ``f`` meets.

    Examples
    --------
    >>> relative_gap(np.array([100.5, 1.5, np.nan]), np.array([100.0, 1.0, 1.0])).tolist()
    [0.005, 0.5, nan]
    """
    f, f_ref = np.asarray(f, dtype=float), np.asarray(f_ref, dtype=float)
    return np.abs(f - f_ref) / np.maximum(1.0, np.abs(f_ref))


def within_target(f: np.ndarray | pd.Series, f_ref: np.ndarray | pd.Series,
                  tau: float) -> np.ndarray:
    """Whether ``|f - f_ref| <= tau * max(1, |f_ref|)`` (as :func:`relative_gap` ``<= tau``).

    NaN anywhere gives False.

    Examples
    --------
    >>> within_target(np.array([100.5, 101.5, np.nan]), 100.0, 1e-2).tolist()
    [True, False, False]
    """
    return relative_gap(f, f_ref) <= tau


def solved(runs: pd.DataFrame, tau: float,
           reference: pd.DataFrame | None = None) -> pd.Series:
    """Whether each run's final ``fun`` is within target ``tau`` of its problem's f_ref.

    ``error`` and ``skipped`` runs are never solved. ``reference`` is a
    :func:`reference_values` frame; by default it is computed from ``runs``.

    Returns
    -------
    Series of bool
        Index as ``runs`` (skipped runs included, as False), so it can mask ``runs``.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": "p", "f_opt": 0.0, "fun": [1e-6, 1e-6, 0.5],
    ...                      "status": ["converged", "error", "maxiter"],
    ...                      "run_id": ["a", "b", "c"]})
    >>> solved(runs, 1e-5).tolist()
    [True, False, False]
    """
    return pd.Series(final_gap(runs, reference) <= tau, index=runs.index, name="solved")


def f_ref_by_run(runs: pd.DataFrame, reference: pd.DataFrame) -> np.ndarray:
    """Each run's reference value: its problem's ``f_ref`` in ``reference`` (a
    :func:`reference_values` frame), NaN for a problem not there.

    Examples
    --------
    >>> reference = pd.DataFrame({"f_ref": [0.0, 2.5]}, index=["p", "q"])
    >>> f_ref_by_run(pd.DataFrame({"problem": ["q", "p", "r"]}), reference).tolist()
    [2.5, 0.0, nan]
    """
    return runs["problem"].map(reference["f_ref"]).to_numpy(dtype=float)


def final_gap(runs: pd.DataFrame, reference: pd.DataFrame | None = None) -> np.ndarray:
    """Each run's :func:`relative_gap` of its final ``fun`` to its problem's f_ref: the
    smallest target it solves (`solved`); inf for ``error`` and ``skipped`` runs and
    runs that ended infeasible (`infeasible_at_end`), NaN where ``fun`` is NaN.

    ``reference`` is a :func:`reference_values` frame; by default it is computed from
    ``runs``.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": "p", "f_opt": 0.0, "fun": [1e-6, 1e-6, 0.5],
    ...                      "status": ["converged", "error", "maxiter"],
    ...                      "run_id": ["a", "b", "c"]})
    >>> final_gap(runs).tolist()
    [1e-06, inf, 0.5]
    """
    if reference is None:
        reference = reference_values(runs)
    f_ref = f_ref_by_run(runs, reference)
    counts = ~runs["status"].isin(["error", "skipped"]).to_numpy() & ~infeasible_at_end(runs)
    return np.where(counts, relative_gap(runs["fun"], f_ref), np.inf)


def improvement_rows(traces: pd.DataFrame) -> pd.DataFrame:
    """The trace rows the metrics need (`optbench.improvements.essential`): each run's
    first and last evaluation, every evaluation that set a new best (``f == best_f``)
    and every new feasible best.

    A target is first reached at an improvement, a run's cost is read off its last row
    and f(x0) off its first, so every metric computed from these rows equals the one
    computed from the whole trace. The store keeps only these rows; on them this is
    the identity.

    Examples
    --------
    >>> traces = pd.DataFrame({"run_id": "a", "evaluation": [1, 2, 3, 4],
    ...                        "f": [5.0, 6.0, 4.0, 4.5], "best_f": [5.0, 5.0, 4.0, 4.0]})
    >>> improvement_rows(traces)["evaluation"].tolist()
    [1, 3, 4]
    """
    violation = (traces["violation"].to_numpy(dtype=float, na_value=np.nan)
                 if "violation" in traces else np.full(len(traces), np.nan))
    keep = essential(pd.factorize(traces["run_id"])[0], traces["evaluation"].to_numpy(),
                     traces["f"].to_numpy(dtype=float, na_value=np.nan),
                     traces["best_f"].to_numpy(dtype=float, na_value=np.nan), violation)
    if keep.all():  # as the store gives them: the same rows, not copied
        return traces.reset_index(drop=True)
    return traces[keep].reset_index(drop=True)


def infeasible_at_end(runs: pd.DataFrame) -> np.ndarray:
    """Whether each run ended outside its problem's bounds or constraints.

    A ``max_violation`` above `optbench.record.VIOLATION_TOL` is infeasible; so is an
    unknown one (NaN) on a ``constrained`` problem. Runs without these columns are
    feasible.

    Examples
    --------
    >>> runs = pd.DataFrame({"max_violation": [0.0, 0.5, np.nan, np.nan],
    ...                      "kind": ["constrained", "constrained", "minimize", "constrained"]})
    >>> infeasible_at_end(runs).tolist()
    [False, True, False, True]
    """
    if "max_violation" not in runs:
        return np.zeros(len(runs), dtype=bool)
    violation = pd.to_numeric(runs["max_violation"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        infeasible = violation > VIOLATION_TOL
    return infeasible | (np.isnan(violation) & needs_feasibility(runs))


def aligned_traces(runs: pd.DataFrame, traces: pd.DataFrame) -> pd.DataFrame:
    """The trace rows of ``runs``, sorted by run then evaluation, with ``run`` and ``n``.

    ``run`` is the run's position in ``runs`` (which should have a 0, 1, ... index,
    as :func:`ran` gives); ``run_id`` is dropped. Rows of other runs are dropped; a
    run without trace rows gets one row at its end (see the module docstring). A
    missing ``njev`` column is left missing.

    Runs of a kind that needs feasibility (``constrained``) are read by the violation
    their traces record at each point: ``best_f`` is the best value so far at a feasible
    point (`feasible_best`; NaN before the first), so a solver that passes below f*
    outside the feasible set hits no target there. A trace without recorded
    violations keeps only its first row, with no best value (f(x0) for the data
    profiles), and the run is read at its end, where only a feasible returned point
    can hit a target.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "n": [2, 2], "nfev": [2, 5],
    ...                      "fun": [1.0, 0.5], "njev": [0, 0], "time_s": [0.1, 0.2]})
    >>> traces = pd.DataFrame({"run_id": ["a", "a"], "evaluation": [2, 1], "f": [1.0, 3.0],
    ...                        "best_f": [1.0, 3.0], "time_s": [0.1, 0.0]})
    >>> aligned_traces(runs, traces)[["run", "evaluation", "best_f"]].values.tolist()
    [[0.0, 1.0, 3.0], [0.0, 2.0, 1.0], [1.0, 5.0, 0.5]]
    """
    position = run_positions(runs, traces)
    keep = position >= 0
    names = [c for c in _TRACE_COLUMNS[1:] if c in traces]
    columns = {c: traces[c].to_numpy(dtype=float, na_value=np.nan) for c in names}
    constrained = needs_feasibility(runs)
    recorded = np.zeros(len(runs), dtype=bool)
    if constrained.any():
        inside = constrained[np.where(keep, position, 0)] & keep
        if "violation" in columns:
            recorded[position[inside & ~np.isnan(columns["violation"])]] = True
        fallback = inside & ~recorded[np.where(keep, position, 0)]
        keep &= ~fallback | (columns["evaluation"] == 1)
        columns["best_f"] = np.where(fallback, np.nan, columns["best_f"])
    columns["run"] = position
    if not keep.all():
        columns = {c: values[keep] for c, values in columns.items()}
    traced = np.bincount(columns["run"], minlength=len(runs)) > 0
    untraced = np.flatnonzero(~traced | (constrained & ~recorded))
    if untraced.size:
        end = runs.iloc[untraced]
        fun = end["fun"].to_numpy(dtype=float, na_value=np.nan)
        feasible = np.isfinite(fun) & ~infeasible_at_end(end)
        extra = {"evaluation": end["nfev"].fillna(0), "f": fun,
                 "best_f": np.where(feasible, fun, np.nan), "time_s": end["time_s"],
                 "njev": end["njev"] if "njev" in end else np.nan, "violation": np.nan,
                 "run": untraced}
        columns = {c: np.concatenate([values, np.broadcast_to(
            np.asarray(extra[c], dtype=values.dtype), untraced.shape)])
            for c, values in columns.items()}
    run, evaluation = columns["run"], columns["evaluation"].astype(np.int64)
    key = run * (int(evaluation.max(initial=0)) + 1) + evaluation
    if np.any(np.diff(key) < 0):
        order = np.argsort(key, kind="stable")
        columns = {c: values[order] for c, values in columns.items()}
    if recorded.any():
        rows = recorded[columns["run"]]
        best_f = columns["best_f"].copy()
        best_f[rows] = feasible_best(columns["run"][rows], columns["f"][rows],
                                     columns["violation"][rows])
        columns["best_f"] = best_f
    columns["n"] = runs["n"].to_numpy(dtype=float, na_value=np.nan)[columns["run"]]
    return pd.DataFrame(columns, copy=False)


def select_runs(trace: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows of an :func:`aligned_traces` frame whose runs ``keep`` marks (a bool per
    run of the runs it was aligned to), ``run`` renumbered to positions among the kept
    runs: the aligned traces of ``runs[keep].reset_index(drop=True)``, without aligning
    again.

    Examples
    --------
    >>> trace = pd.DataFrame({"run": [0, 0, 1, 2], "best_f": [3.0, 2.0, 5.0, 1.0]})
    >>> select_runs(trace, np.array([True, False, True])).values.tolist()
    [[0.0, 3.0], [0.0, 2.0], [1.0, 1.0]]
    """
    keep = np.asarray(keep, dtype=bool)
    position = np.cumsum(keep) - 1
    run = trace["run"].to_numpy()
    rows = keep[run]
    return trace[rows].assign(run=position[run[rows]]).reset_index(drop=True)


def aligned_or_traces(runs: pd.DataFrame, traces: pd.DataFrame | None,
                      aligned: pd.DataFrame | None) -> pd.DataFrame:
    """``aligned`` if given (the caller's :func:`aligned_traces` of ``runs``), else
    ``aligned_traces(runs, traces)``.

    Raises
    ------
    OptbenchError
        If neither is given.
    """
    if aligned is not None:
        return aligned
    if traces is None:
        raise OptbenchError("the metrics need the traces or their aligned rows")
    return aligned_traces(runs, traces)


def aligned_and_reference(runs: pd.DataFrame, traces: pd.DataFrame | None,
                          reference: pd.DataFrame | None,
                          aligned: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(aligned, reference)`` for the metrics of ``runs`` (run already through
    :func:`ran`): each as given, else computed from ``traces``.

    Raises
    ------
    OptbenchError
        If ``traces`` is None and either is missing.
    """
    if reference is None:
        if traces is None:
            raise OptbenchError("the metrics need the traces or the reference values")
        reference = reference_values(runs, traces)
    return aligned_or_traces(runs, traces, aligned), reference


def first_rows(run: np.ndarray, mask: np.ndarray, n_runs: int) -> np.ndarray:
    """Per run, the position of its first row where ``mask`` holds; -1 where none does.

    ``run`` gives each row's run (0 to ``n_runs - 1``), rows grouped by run in order.

    Examples
    --------
    >>> first_rows(np.array([0, 0, 0, 1, 1, 2]),
    ...            np.array([False, True, True, False, False, True]), 4).tolist()
    [1, -1, 5, -1]
    """
    rows = np.flatnonzero(mask)
    owners = run[rows]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    out = np.full(n_runs, -1, dtype=np.int64)
    out[owners[first]] = rows[first]
    return out


def last_rows(run: np.ndarray, n_runs: int) -> np.ndarray:
    """Per run, the position of its last row (-1 for a run without rows).

    Examples
    --------
    >>> last_rows(np.array([0, 0, 2]), 3).tolist()
    [1, -1, 2]
    """
    last = np.ones(run.size, dtype=bool)
    last[:-1] = run[1:] != run[:-1]
    out = np.full(n_runs, -1, dtype=np.int64)
    out[run[last]] = np.flatnonzero(last)
    return out


def first_hits(runs: pd.DataFrame, trace: pd.DataFrame, gap: np.ndarray,
               thresholds: Sequence[float] | np.ndarray) -> np.ndarray:
    """Per run and threshold, the position of the run's first trace row with gap <= it.

    ``trace`` comes from :func:`aligned_traces` and ``gap`` has one value per trace
    row (NaN never meets a threshold). -1 where no row does, and for every ``error``
    run (it never hits). One pass over the rows for all thresholds: each row's
    *level* is the number of thresholds it meets, and a run first meets a threshold
    where its running maximum level first reaches it.

    Returns
    -------
    ndarray of int
        Shape ``(len(runs), len(thresholds))``.

    Examples
    --------
    >>> runs = pd.DataFrame({"status": ["converged", "error"]})
    >>> trace = pd.DataFrame({"run": [0, 0, 0, 1]})
    >>> first_hits(runs, trace, np.array([5.0, 0.5, 2.0, 0.0]), [1.0, 3.0, 0.1]).tolist()
    [[1, 1, -1], [-1, -1, -1]]
    """
    thresholds = np.asarray(thresholds, dtype=float)
    order = np.argsort(-thresholds, kind="stable")  # loosest first
    run = trace["run"].to_numpy(dtype=np.int64)
    gap = np.asarray(gap, dtype=float)
    level = np.searchsorted(-thresholds[order], -gap, side="right")  # thresholds >= gap
    counts = (runs["status"] != "error").to_numpy()[run]
    level[np.isnan(gap) | ~counts] = 0
    offset = run * (thresholds.size + 1)
    level = np.maximum.accumulate(level + offset) - offset  # running maximum per run
    previous = np.zeros_like(level)
    previous[1:] = np.where(run[1:] == run[:-1], level[:-1], 0)
    rows = np.flatnonzero(level > previous)
    new = level[rows] - previous[rows]
    at = np.repeat(rows, new)
    starts = np.repeat(np.cumsum(new) - new, new)
    met = np.repeat(previous[rows], new) + np.arange(at.size) - starts
    out = np.full((len(runs), thresholds.size), -1, dtype=np.int64)
    out[run[at], order[met]] = at
    return out


def at_rows(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``values[rows]`` as floats, NaN where a row is -1 (none).

    Examples
    --------
    >>> at_rows(np.array([5.0, 7.0]), np.array([[1, -1]])).tolist()
    [[7.0, nan]]
    """
    return np.where(rows >= 0, np.asarray(values, dtype=float)[rows], np.nan)


def cost_to_target(runs: pd.DataFrame, traces: pd.DataFrame | None,
                   taus: Sequence[float] = TARGETS, cost: str = "fev",
                   reference: pd.DataFrame | None = None,
                   aligned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per run and target, whether the run hit it and the cost at which it first did.

    Anytime data: the first trace row whose ``best_f`` is within target ``tau`` of the
    problem's f_ref (:func:`within_target`). Skipped runs are dropped; error runs never
    hit. ``reference`` defaults to ``reference_values(runs, traces)``. ``aligned`` is
    ``aligned_traces(ran(runs), traces)`` where the caller has it (then ``traces`` is
    not read, and ``reference`` must be given).

    Returns
    -------
    DataFrame
        One row per (run, tau), runs in order then taus in order, with columns
        ``run_id, problem, solver, start, seed, n, status, tau, hit`` (bool), ``cost``
        (the cost at the first hit; NaN if never hit) and ``spent`` (the run's total
        cost: its last trace row's).

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["r"], "problem": "p", "solver": "s", "start": 0,
    ...                      "seed": 0, "n": 3, "nfev": 4, "njev": 2, "fun": 0.0,
    ...                      "f_opt": 0.0, "status": "converged", "time_s": 0.4})
    >>> traces = pd.DataFrame({"run_id": "r", "evaluation": [1, 2, 3, 4],
    ...                        "f": [9.0, 0.5, 1e-4, 0.0], "best_f": [9.0, 0.5, 1e-4, 0.0],
    ...                        "time_s": [0.1, 0.2, 0.3, 0.4], "njev": [0, 1, 1, 2]})
    >>> cost_to_target(runs, traces, taus=(1e-1, 1e-3), cost="fev+n*gev")[
    ...     ["tau", "hit", "cost", "spent"]].values.tolist()
    [[0.1, True, 6.0, 10.0], [0.001, True, 6.0, 10.0]]
    """
    check_cost(cost)
    runs = ran(runs)
    trace, reference = aligned_and_reference(runs, traces, reference, aligned)
    row_cost = frame_cost(trace, cost)
    f_ref = f_ref_by_run(runs, reference)[trace["run"]]
    first = first_hits(runs, trace, relative_gap(trace["best_f"], f_ref), taus)
    spent = at_rows(row_cost, last_rows(trace["run"].to_numpy(), len(runs)))
    frame = runs.loc[:, ["run_id", "problem", "solver", "start", "seed", "n", "status"]]
    frame = frame.loc[frame.index.repeat(len(taus))].reset_index(drop=True)
    return frame.assign(tau=np.tile(np.asarray(taus, dtype=float), len(runs)),
                        hit=(first >= 0).ravel(), cost=at_rows(row_cost, first).ravel(),
                        spent=np.repeat(spent, len(taus)))
