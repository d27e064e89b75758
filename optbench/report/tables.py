"""The report's tables: ``summary.csv`` and ``summary.md``."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from optbench.analysis import failures, pivot, status_table
from optbench.analysis.targets import unknown_optimum

#: What each column of ``summary.csv`` means; the report and the docs (user-guide/exports.md)
#: show it.
COLUMN_HELP = {
    "problem": "problem name, options in brackets",
    "family": "the problem set it belongs to (seed, machine learning, MGH, NIST StRD, ..., "
              "scalar roots, nonlinear equations)",
    "solver": "solver name, options in brackets",
    "start": "index of the starting point (0 is the problem's standard x0)",
    "seed": "suite seed from which extra starts are drawn",
    "n": "number of variables",
    "nit": "iterations: the callbacks optbench's instrument counted where the solver calls "
           "back once per iteration, else the solver's own count (nit_source says which)",
    "nit_source": "where nit comes from: instrument (counted callbacks) or solver (its own "
                  "report); empty where neither is known",
    "nfev": "function evaluations counted by optbench's instrument, finite differences included",
    "njev": "analytic gradient evaluations counted by the instrument",
    "nhev": "Hessian and Hessian-vector evaluations counted by the instrument",
    "ncev": "constraint function evaluations counted by the instrument (finite differences "
            "included)",
    "ncjev": "constraint Jacobian evaluations counted by the instrument",
    "solver_nit": "iterations the solver reported",
    "solver_nfev": "function evaluations the solver reported",
    "solver_njev": "gradient evaluations the solver reported (finite-difference ones too)",
    "solver_nhev": "Hessian evaluations the solver reported",
    "solver_ncev": "constraint evaluations the solver reported (trust-constr's constr_nfev, "
                   "summed)",
    "solver_ncjev": "constraint Jacobian evaluations the solver reported (trust-constr's "
                    "constr_njev, summed)",
    "fun": "f at the returned point, re-evaluated by optbench (for equations the residual, "
           "|f(x)| or ||F(x)||)",
    "f_opt": "the certified optimal value f*",
    "f_error": "fun - f_opt",
    "x_error": "distance to the nearest known minimiser or root (empty where none is known)",
    "max_violation": "largest bound or constraint violation at the returned point (empty for "
                     "problems without bounds or constraints)",
    "accuracy": "training accuracy, for classifiers (empty otherwise)",
    "success": "f_error <= 1e-6 * max(1, abs(f_opt)) (for equations, or x_error <= 1e-6 * "
               "max(1, abs(x*))), max_violation <= 1e-6 where there are bounds or "
               "constraints, and the run neither errored nor was skipped",
    "status": "converged, maxiter, stalled, budget, timeout, diverged, error or skipped",
    "time_s": "wall-clock seconds of the solve",
    "max_fev": "the evaluation budget the run had",
    "message": "the solver's message, the error's first line, or why it was skipped",
    "run_id": "stable id from problem, solver, start, seed, budget and optbench version",
}


#: Columns of f values shown to 10 significant digits.
FULL_DIGITS = {"best f", "median f", "f*"}


def format_value(value: object, column: str) -> str:
    """Format a cell: errors in scientific notation, counts as integers, missing as '-'."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "-"
    if column in {"f_error", "x_error", "max_violation", "fun"} and isinstance(value, float):
        return f"{value:.2e}"
    if column in FULL_DIGITS and isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


#: The most runs listed one by one in summary.md and report.html; summary.csv has all.
LISTED_RUNS = 500


def listed_note(count: int) -> str:
    if count <= LISTED_RUNS:
        return f"{count} runs."
    return f"The first {LISTED_RUNS} of {count} runs; summary.csv lists every run."


def pivot_columns(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The columns shown as problem x solver tables, with their titles: nfev, nit,
    f - f*, and the largest constraint violation where any run has one.

    Examples
    --------
    >>> frame = pd.DataFrame({"max_violation": [None, 0.5]})
    >>> [column for column, _ in pivot_columns(frame)]
    ['nfev', 'nit', 'f_error', 'max_violation']
    """
    columns = [("nfev", "Function evaluations (nfev)"), ("nit", "Iterations (nit)"),
               ("f_error", "Error in f (f - f*)")]
    if pd.to_numeric(frame["max_violation"], errors="coerce").notna().any():
        columns.append(("max_violation", "Largest bound or constraint violation"))
    return columns


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(map(markdown_cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(markdown_cell, cells)) + " |" for cells in rows]
    return "\n".join(lines)


def markdown_cell(text: str) -> str:
    r"""A table cell's text with HTML escaped and pipes and line breaks made harmless: a
    name or message from a crafted store cannot inject markup into summary.md.

    Examples
    --------
    >>> print(markdown_cell("<script>alert(1)</script> | x"))
    &lt;script&gt;alert(1)&lt;/script&gt; \| x
    """
    escaped = html.escape(str(text), quote=False).replace("|", "\\|")
    return " ".join(escaped.splitlines())


def markdown_table(table: pd.DataFrame, column: str, corner: str = "problem") -> str:
    """A DataFrame as a GitHub Markdown table, cells formatted for ``column``."""
    rows = [[str(index), *(format_value(v, column) for v in row.tolist())]
            for index, row in table.iterrows()]
    return _markdown([corner, *map(str, table.columns)], rows)


#: What a leaderboard's columns mean; the report shows it.
LEADERBOARD_HELP = (
    "One row per solver, best first: runs is the number of runs it made; solved is the "
    "fraction of the view's instances (problem x start x seed, every one that any solver "
    "ran) where its run ends within the target, so an instance it skipped or broke on "
    "counts as unsolved; median_evaluations and median_time_s are over "
    "its solved runs; ert is the median over problems of the expected running time to "
    "the target (cost of all runs until hits, over hits; inf where it never hit)."
)

#: The columns of the run list in report.html.
RUN_LIST_COLUMNS = ("problem", "solver", "start", "nit", "nfev", "njev", "solver_nfev",
                    "solver_njev", "f_error", "x_error", "accuracy", "status", "time_s",
                    "message")


def records_markdown(frame: pd.DataFrame) -> str:
    """Rows of a DataFrame as a GitHub Markdown table, each column formatted by its name.

    Examples
    --------
    >>> print(records_markdown(pd.DataFrame({"solver": ["bfgs"], "ert": [12.0]})))
    | solver | ert |
    |---|---|
    | bfgs | 12 |
    """
    rows = [[format_value(v, c) for c, v in zip(frame.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    return _markdown(list(map(str, frame.columns)), rows)


def summary_markdown(frame: pd.DataFrame, leaderboards: dict[str, pd.DataFrame] | None = None,
                     cost_name: str = "function evaluations",
                     extra: dict[str, str] | None = None) -> str:
    """``summary.md``: leaderboards, problem x solver tables, failures, column meanings.

    Parameters
    ----------
    frame : DataFrame
        The summary rows.
    leaderboards : dict of str to DataFrame, optional
        A leaderboard per view (all problems, then each family).
    cost_name : str
        What the leaderboards' ERT counts.
    extra : dict of str to str, optional
        Further Markdown sections by title (the NIST LRE table).
    """
    sections = [
        "# optbench summary",
        "",
        f"{len(frame)} runs; medians over starts where there are several. "
        "nfev counts every function evaluation (finite differences included); "
        "f_error = f - f*.",
    ]
    unknown = unknown_optimum(frame)
    if unknown:
        sections += ["", f"f* is not known for {', '.join(unknown)}: f_error is blank and "
                     "success false there, and the leaderboards' targets for them are "
                     "measured from the best value any solver found (estimated)."]
    if leaderboards:
        sections += ["", f"## Leaderboards (ERT in {cost_name})", "", LEADERBOARD_HELP]
        for name, board in leaderboards.items():
            sections += ["", f"### {name}", "", records_markdown(board)]
    for column, title in pivot_columns(frame):
        sections += ["", f"## {title}", "", markdown_table(pivot(frame, column), column)]
    sections += ["", "## Status", "", markdown_table(status_table(frame), "status")]
    for title, text in (extra or {}).items():
        sections += ["", f"## {title}", "", text]
    failed = failures(frame)
    if len(failed):
        sections += ["", "## Runs that did not reach f*", "", listed_note(len(failed)),
                     markdown_table(failed.head(LISTED_RUNS).set_index("problem"), "message")]
    sections += ["", "## Columns of summary.csv", ""]
    sections += [f"- `{name}`: {meaning}" for name, meaning in COLUMN_HELP.items()]
    return "\n".join(sections) + "\n"


def write_summary_csv(frame: pd.DataFrame, out: Path) -> Path:
    """Write the summary table as ``summary.csv`` under ``out``; returns its path."""
    path = out / "summary.csv"
    frame.to_csv(path, index=False)  # floats as repr: shortest exact round trip
    return path


def write_summary_markdown(markdown: str, out: Path) -> Path:
    """Write ``summary.md`` (its text given, `summary_markdown`) under ``out``."""
    path = out / "summary.md"
    path.write_text(markdown, encoding="utf-8")
    return path
