"""Tables from stored runs: the summary, problem x solver pivots, statuses, curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optbench.errors import OptbenchError

#: The columns of ``summary.csv``, in order.
SUMMARY_COLUMNS = (
    "problem", "family", "solver", "start", "seed", "n", "nit", "nit_source", "nfev", "njev",
    "nhev", "ncev", "ncjev", "solver_nit", "solver_nfev", "solver_njev", "solver_nhev",
    "solver_ncev", "solver_ncjev", "fun", "f_opt", "f_error",
    "x_error", "max_violation", "accuracy", "success", "status", "time_s", "max_fev",
    "message", "run_id",
)
_KEY = ["problem", "solver", "start", "seed"]
_COUNTS = ["nit", "nfev", "njev", "nhev", "solver_nit", "solver_nfev", "solver_njev",
           "solver_nhev", "start", "seed", "n", "max_fev"]


def summary(runs: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """One row per run with the summary columns; counts as nullable integers.

    Parameters
    ----------
    runs : DataFrame
        The ``runs`` table (or part of it).
    order : list of str, optional
        Run ids in the order wanted; by default rows are sorted by problem, solver,
        start and seed.

    Examples
    --------
    >>> runs = pd.DataFrame({c: [None] for c in SUMMARY_COLUMNS})
    >>> list(summary(runs).columns) == list(SUMMARY_COLUMNS)
    True
    """
    frame = runs.loc[:, list(SUMMARY_COLUMNS)].copy()
    for column in _COUNTS:
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame["success"] = frame["success"].astype(bool)
    if order is not None:
        frame = in_order(frame, order)
    else:
        frame = frame.sort_values(_KEY, kind="stable")
    return frame.reset_index(drop=True)


def in_order(frame: pd.DataFrame, run_ids: list[str]) -> pd.DataFrame:
    """The rows of ``frame`` sorted by the position of their ``run_id`` in ``run_ids``.

    Examples
    --------
    >>> frame = pd.DataFrame({"run_id": ["a", "b", "c"]})
    >>> in_order(frame, ["c", "a", "b"])["run_id"].tolist()
    ['c', 'a', 'b']
    """
    position = {run_id: i for i, run_id in enumerate(run_ids)}
    return frame.sort_values("run_id", key=lambda ids: ids.map(position), kind="stable")


def pivot(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """A problem x solver table of ``column``, the median over starts and seeds.

    Rows and columns keep the order in which problems and solvers first appear.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": ["p", "p"], "solver": ["a", "b"], "nfev": [3, 5]})
    >>> pivot(runs, "nfev").to_dict()
    {'a': {'p': 3.0}, 'b': {'p': 5.0}}
    """
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    table = values.groupby([frame["problem"], frame["solver"]], sort=False).median()
    wide = table.unstack("solver")
    return wide.reindex(index=frame["problem"].unique(), columns=frame["solver"].unique())


def status_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A problem x solver table of statuses; several starts show as ``converged 2, budget 1``."""

    def describe(statuses: pd.Series) -> str:
        counts = statuses.value_counts(sort=False)
        if len(counts) == 1 and counts.iloc[0] == 1:
            return str(counts.index[0])
        return ", ".join(f"{status} {count}" for status, count in counts.items())

    table = frame.groupby(["problem", "solver"], sort=False)["status"].agg(describe)
    wide = table.unstack("solver")
    return wide.reindex(index=frame["problem"].unique(), columns=frame["solver"].unique())


def best_so_far_curves(traces: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each run's best f so far at evaluations 1, 2, ..., its last, from the long-format
    traces.

    The rows may be each run's every evaluation or, as the store keeps them, its
    essential ones (`optbench.improvements`): the best value holds from one row to the
    next. Where no finite value has been seen yet the curve holds ``inf``. Rows may come
    in any order; each run's are put in evaluation order.

    Raises
    ------
    OptbenchError
        If a run's rows do not start at evaluation 1 or repeat an evaluation (not
        written by optbench).

    Examples
    --------
    >>> traces = pd.DataFrame({"run_id": ["a", "b", "a", "b"], "evaluation": [1, 1, 2, 4],
    ...                        "best_f": [np.nan, 3.0, 2.0, 1.0]})
    >>> {k: v.tolist() for k, v in best_so_far_curves(traces).items()}
    {'a': [inf, 2.0], 'b': [3.0, 3.0, 3.0, 1.0]}
    """
    codes, names = pd.factorize(traces["run_id"])
    evaluation = traces["evaluation"].to_numpy(dtype=np.int64)
    order = np.lexsort((evaluation, codes))
    codes, evaluation = codes[order], evaluation[order]
    first = np.r_[True, codes[1:] != codes[:-1]] if codes.size else np.zeros(0, dtype=bool)
    last = np.r_[codes[1:] != codes[:-1], True] if codes.size else first
    if np.any(evaluation[first] != 1) or np.any(np.diff(evaluation)[~first[1:]] <= 0):
        raise OptbenchError("a run's trace does not start at evaluation 1 or repeats an "
                            "evaluation; the store was not written by optbench")
    best = traces["best_f"].to_numpy(dtype=float, na_value=np.nan)[order]
    best = np.where(np.isnan(best), np.inf, best)
    # each row's value holds until the next row of its run (the last row for itself)
    spans = np.where(last, 1, np.r_[np.diff(evaluation), 1])
    dense = np.repeat(best, spans)
    lengths = np.bincount(codes, weights=spans, minlength=len(names)).astype(np.int64)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    return {str(name): dense[start:start + length]
            for name, start, length in zip(names, starts, lengths, strict=True)}


def error_curve(best_f: np.ndarray, f_opt: float, floor: float = 1e-16) -> np.ndarray:
    """``best_f - f_opt``, values at or below f* (rounding) raised to ``floor`` for log scales.

    Examples
    --------
    >>> error_curve(np.array([5.0, 4.0, np.inf]), 4.0).tolist()
    [1.0, 1e-16, inf]
    """
    return np.maximum(np.asarray(best_f, dtype=float) - f_opt, floor)


def log_grid(last: int, points: int = 80) -> np.ndarray:
    """Distinct integers from 1 to ``last``, spaced evenly on a log scale.

    Examples
    --------
    >>> log_grid(10, points=5).tolist()
    [1, 2, 3, 6, 10]
    """
    grid = np.unique(np.round(np.geomspace(1, max(last, 1), points)).astype(np.int64))
    return grid


def error_quantiles(curves: list[np.ndarray], f_opt: float, grid: np.ndarray,
                    floor: float = 1e-16) -> np.ndarray:
    """The 25th, 50th and 75th percentiles over runs of best f - f* at each grid point.

    A run that ended before a grid point keeps its final best value there: it stopped
    with that answer. Returns an array of shape (3, len(grid)).

    Examples
    --------
    >>> runs = [np.array([9.0, 5.0, 4.0]), np.array([8.0]), np.array([6.0, 6.0])]
    >>> error_quantiles(runs, 4.0, np.array([1, 3])).tolist()
    [[3.0, 1.0], [4.0, 2.0], [4.5, 3.0]]
    """
    at_grid = np.stack([curve[np.minimum(grid, curve.size) - 1] for curve in curves])
    errors = error_curve(at_grid, f_opt, floor)
    with np.errstate(invalid="ignore"):  # inf (a run with no finite value yet) stays inf
        return np.percentile(errors, [25, 50, 75], axis=0)


def failures(frame: pd.DataFrame) -> pd.DataFrame:
    """Runs that did not succeed, with status and message, for the report."""
    mask = ~frame["success"].astype(bool)
    return frame.loc[mask, ["problem", "solver", "start", "status", "f_error", "message"]]

