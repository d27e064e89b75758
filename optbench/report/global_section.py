"""The global-optimisation section of the report: success over seeds, ERT, f found.

Pure functions of the store's ``runs`` and ``traces`` tables. A run *succeeds* when its
best value so far comes within ``SUCCESS_RTOL * max(1, |f*|)`` of the certified global
minimum f* (the runner's success tolerance, `optbench.record.SUCCESS_RTOL`), read from
its trace by `optbench.analysis.targets.cost_to_target`; success rates and ERT (in
function evaluations) come from `optbench.analysis.ert.ert_table`, over the runs of a
(problem, solver): its starts, each another solver seed. Skipped runs are left out;
``error`` runs (including a value below f*, which says the problem's definition is
wrong) count as runs that never succeeded.
"""

from __future__ import annotations

import pandas as pd

from optbench.analysis.ert import ert_table
from optbench.analysis.targets import cost_to_target, ran
from optbench.record import SUCCESS_RTOL
from optbench.report.html_blocks import Shown, records_table
from optbench.report.sections import SectionData
from optbench.report.tables import records_markdown

_TABLE_COLUMNS = ["problem", "solver", "success", "runs", "successes", "success_rate", "ert",
                  "ert_low", "ert_high", "best_f", "median_f", "f_opt"]
#: Bootstrap resamples of each ERT's interval (10th-90th percentiles, seed 0).
BOOTSTRAP_SAMPLES = 200
_SUMMARY_COLUMNS = ["solver", "problems", "solved_all", "solved_some", "runs", "successes",
                    "success_rate", "median_nfev"]


def _global_runs(runs: pd.DataFrame) -> pd.DataFrame:
    return ran(runs)


def success_table(runs: pd.DataFrame, traces: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per (problem, solver): success over starts/seeds as "k/N", ERT, best and median f.

    Parameters
    ----------
    runs : DataFrame
        The global family's runs (``run_id``, ``problem``, ``solver``, ``start``,
        ``seed``, ``n``, ``nfev``, ``njev``, ``fun``, ``f_opt``, ``status``,
        ``time_s``); skipped runs are left out.
    traces : DataFrame, optional
        The traces table; without it each run is read as one row at its end
        (`optbench.analysis.targets`).

    Returns
    -------
    DataFrame
        Columns ``problem, solver, success`` ("k/N"), ``runs``, ``successes``,
        ``success_rate``, ``ert`` (evaluations; inf if no run succeeded), ``ert_low`` and
        ``ert_high`` (its 10th-90th percentile bootstrap interval over the runs,
        `BOOTSTRAP_SAMPLES` resamples, seed 0), ``best_f`` and ``median_f`` (of the runs'
        final values) and ``f_opt``, in order of appearance.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "problem": "p",
    ...     "solver": "s", "start": [0, 1], "seed": 0, "n": 2, "nfev": [10, 30],
    ...     "njev": 0, "fun": [0.0, 1.0], "f_opt": 0.0, "status": "converged",
    ...     "time_s": 0.1})
    >>> success_table(runs)[["success", "ert", "best_f", "median_f"]].values.tolist()
    [['1/2', 40.0, 0.0, 0.5]]
    """
    frame = _global_runs(runs)
    if frame.empty:
        return pd.DataFrame(columns=_TABLE_COLUMNS)
    if traces is None:
        traces = pd.DataFrame(columns=["run_id", "evaluation", "f", "best_f", "time_s", "njev"])
    hits = cost_to_target(frame, traces, taus=(SUCCESS_RTOL,))
    table = ert_table(hits, n_boot=BOOTSTRAP_SAMPLES, seed=0).drop(columns="tau")
    values = frame.groupby(["problem", "solver"], sort=False).agg(
        best_f=("fun", "min"), median_f=("fun", "median"), f_opt=("f_opt", "first"))
    table = table.join(values, on=["problem", "solver"])
    table["success"] = [f"{k}/{n}" for k, n in zip(table["successes"], table["runs"],
                                                   strict=True)]
    return table[_TABLE_COLUMNS].reset_index(drop=True)


def solver_summary(runs: pd.DataFrame, traces: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per solver: problems solved in every run (all seeds), in some, the overall success
    rate, and the median evaluations per run.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b", "c"],
    ...     "problem": ["p", "p", "q"], "solver": "s", "start": [0, 1, 0], "seed": 0,
    ...     "n": 2, "nfev": [10, 30, 20], "njev": 0, "fun": [0.0, 1.0, 0.0],
    ...     "f_opt": 0.0, "status": "converged", "time_s": 0.1})
    >>> row = solver_summary(runs).iloc[0]
    >>> int(row.solved_all), int(row.solved_some), float(row.success_rate)
    (1, 2, 0.6666666666666666)
    """
    return _summary(success_table(runs, traces), runs)


def _summary(table: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """`solver_summary` from a `success_table` already computed."""
    if table.empty:
        return pd.DataFrame(columns=_SUMMARY_COLUMNS)
    frame = _global_runs(runs)
    grouped = table.groupby("solver", sort=False)
    summary = pd.DataFrame({
        "problems": grouped.size(),
        "solved_all": grouped.apply(lambda g: int((g["successes"] == g["runs"]).sum()),
                                    include_groups=False),
        "solved_some": grouped.apply(lambda g: int((g["successes"] > 0).sum()),
                                     include_groups=False),
        "runs": grouped["runs"].sum(),
        "successes": grouped["successes"].sum(),
    })
    summary["success_rate"] = summary["successes"] / summary["runs"]
    summary["median_nfev"] = frame.groupby("solver", sort=False)["nfev"].median()
    return summary.reset_index()[_SUMMARY_COLUMNS]


def _shown(runs: pd.DataFrame,
           traces: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The two tables as shown (None without global runs): named columns, success as k/N
    and rates as percentages, each sortable by its number. The success table, with its
    bootstrap intervals, is computed once for both."""
    table = success_table(runs, traces)
    if table.empty:
        return None
    summary = _summary(table, runs)
    solvers = pd.DataFrame({
        "solver": summary["solver"], "problems": summary["problems"],
        "solved in all runs": summary["solved_all"], "solved in some": summary["solved_some"],
        "success rate": [Shown(f"{r:.0%}", r) for r in summary["success_rate"]],
        "median evaluations": summary["median_nfev"].astype(float)})
    pairs = pd.DataFrame({
        "problem": table["problem"], "solver": table["solver"],
        "success": [Shown(text, rate) for text, rate in zip(table["success"],
                                                             table["success_rate"], strict=True)],
        "ERT (evaluations)": table["ert"].astype(float),
        "ERT 10-90 %": [Shown(f"{low:.3g} - {high:.3g}", low)
                        for low, high in zip(table["ert_low"], table["ert_high"], strict=True)],
        "best f": table["best_f"].astype(float),
        "median f": table["median_f"].astype(float), "f*": table["f_opt"].astype(float)})
    return solvers, pairs


def global_html(runs: pd.DataFrame, traces: pd.DataFrame | None = None) -> str:
    """An HTML fragment: the per-solver summary, then the problem x solver table.

    Both tables are ``class='sortable'``; numeric cells carry ``data-sort`` with the
    number (success as its rate). All text is escaped.

    Examples
    --------
    >>> global_html(pd.DataFrame(columns=["status"]))
    '<p>No global runs.</p>'
    """
    shown = _shown(runs, traces)
    if shown is None:
        return "<p>No global runs.</p>"
    solvers, pairs = shown
    return (
        f"<p>Success: the best value found within {SUCCESS_RTOL:g} &middot; max(1, |f*|) "
        "of the certified global minimum f*, over each pair's runs (starts, each another "
        "solver seed). ERT: expected evaluations to success.</p>"
        + records_table(solvers) + records_table(pairs)
    )


def global_markdown(runs: pd.DataFrame, traces: pd.DataFrame | None = None) -> str:
    """The same two tables as `global_html`, in Markdown.

    Examples
    --------
    >>> global_markdown(pd.DataFrame(columns=["status"]))
    'No global runs.'
    """
    shown = _shown(runs, traces)
    if shown is None:
        return "No global runs."
    solvers, pairs = shown
    return records_markdown(solvers) + "\n\n" + records_markdown(pairs)


def global_section_html(data: SectionData) -> str:
    """The global family's report section (`global_html` of its runs and rows)."""
    return global_html(data.runs, data.rows)


def global_section_markdown(data: SectionData) -> str:
    """The global family's section in ``summary.md``."""
    return global_markdown(data.runs, data.rows)
