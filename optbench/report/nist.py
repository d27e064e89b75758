"""The NIST section of the report: NIST-style accuracy tables of the StRD runs.

Pure functions of the store's ``runs`` and ``problems`` tables (the columns of
`optbench.record.Record` and `optbench.record.ProblemRow`, ``x`` and ``x_opt`` JSON):
`nist_lre_table` computes the accuracy of every run of a problem whose stored
reference names a NIST dataset, against the certified parameters and RSS stored with
it (no problem code is run), and `nist_html` and `nist_markdown` lay it out as NIST's
own result tables do, dataset by (solver, start), each cell the minimum LRE over the
certified parameters (`optbench.nist_lre`; 11 is every certified digit).

Starts are shown in NIST's numbering: optbench's start 0 (x0) is NIST's start 1, its
start 1 is NIST's start 2. Lanczos1's certified RSS cannot be reproduced from its
11-digit certified parameters (see `optbench.problems.nist`): its RSS LRE is left
empty and the run is judged by its parameters, like every other.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from optbench.nist_lre import lre, min_lre
from optbench.report.sections import SectionData

#: Statuses whose runs have no result to measure (their LRE is empty).
_NO_RESULT = frozenset({"skipped", "error", "timeout"})
#: Statuses of a broken run: shown red whatever digits its last point has.
_BROKEN = frozenset({"error", "timeout", "diverged"})
#: Colour bands of the minimum LRE, as NIST's tables shade them: class, lowest LRE,
#: background, legend text.
BANDS = (("lre-high", 6.0, "#b7e1a1", "6 or more digits"),
         ("lre-mid", 4.0, "#fff2a8", "4 to 6"),
         ("lre-low", 1.0, "#ffc98b", "1 to 4"),
         ("lre-fail", -math.inf, "#f4a3a3", "fewer than 1, or the run failed"))
#: An empty problems table (for the examples).
_NO_PROBLEMS = pd.DataFrame(columns=["problem", "f_opt", "x_opt", "reference"])
_COLUMNS = ["dataset", "level", "problem", "solver", "start", "min_lre", "rss_lre",
            "status", "message"]


def nist_lre_table(runs: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """One row per (dataset, solver, start) of the NIST runs: minimum LRE and RSS LRE.

    Parameters
    ----------
    runs : DataFrame
        The store's runs table: at least ``problem``, ``solver``, ``start``, ``status``,
        ``message``, ``fun`` and ``x`` (a JSON list, or empty for a run with no result).
        Runs of problems without a NIST reference are ignored; where a (problem, solver,
        start) was stored more than once (other seeds or budgets), the last row counts.
    problems : DataFrame
        The store's problems table: ``problem``, ``f_opt`` (the certified RSS),
        ``x_opt`` (the certified parameters, JSON) and ``reference`` (JSON with
        ``dataset``, ``level``, ``order`` and ``rss_comparable``).

    Returns
    -------
    DataFrame
        Columns ``dataset`` (NIST's file name), ``level`` (Lower, Average, Higher),
        ``problem``, ``solver``, ``start`` (optbench's, 0-based), ``min_lre`` (the
        smallest LRE over the certified parameters), ``rss_lre`` (``fun`` against the
        certified RSS; NaN where it is not comparable, Lanczos1), ``status`` and
        ``message``, in NIST's dataset order. Runs with no result (skipped, error,
        timeout) have NaN LREs.

    Examples
    --------
    >>> problems = pd.DataFrame({"problem": ["nist-misra1a"], "f_opt": [0.12455138894],
    ...     "x_opt": ["[[238.94212918, 0.00055015643181]]"], "reference": [json.dumps(
    ...     {"dataset": "Misra1a", "level": "Lower", "order": 0, "rss_comparable": True})]})
    >>> runs = pd.DataFrame({"problem": ["nist-misra1a"],
    ...     "solver": ["lm"], "start": [0], "status": ["converged"], "message": [""],
    ...     "fun": [0.12455138894 * (1 + 1e-7)],
    ...     "x": [json.dumps([238.94212918 * (1 + 1e-5), 0.00055015643181])]})
    >>> row = nist_lre_table(runs, problems).iloc[0]
    >>> row.dataset, round(float(row.min_lre), 6), round(float(row.rss_lre), 6)
    ('Misra1a', 5.0, 7.0)
    """
    certified = _certified(problems)
    nist = runs[runs["problem"].isin(certified)]
    nist = nist.drop_duplicates(["problem", "solver", "start"], keep="last")
    rows = []
    for run in nist.itertuples(index=False):
        reference = certified[run.problem]
        estimate = None if run.status in _NO_RESULT else _parameters(run.x)
        parameters = (math.nan if estimate is None
                      else min_lre(estimate, reference["parameters"]))
        rss = math.nan
        if estimate is not None and reference["rss_comparable"] and _finite(run.fun):
            rss = float(lre(run.fun, reference["rss"]))
        rows.append({"dataset": reference["dataset"], "level": reference["level"],
                     "problem": run.problem, "solver": run.solver, "start": int(run.start),
                     "min_lre": parameters, "rss_lre": rss, "status": run.status,
                     "message": "" if run.message is None else str(run.message)})
    table = pd.DataFrame(rows, columns=_COLUMNS)
    order = {value["dataset"]: value["order"] for value in certified.values()}
    table = table.sort_values(["dataset", "solver", "start"],
                              key=lambda c: c.map(order) if c.name == "dataset" else c,
                              kind="stable")
    return table.reset_index(drop=True)


def _certified(problems: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The stored NIST references by problem: dataset, level, order, certified
    parameters and RSS, and whether the RSS is comparable."""
    certified: dict[str, dict[str, Any]] = {}
    for row in problems.itertuples(index=False):
        reference = json.loads(row.reference) if isinstance(row.reference, str) else {}
        if "dataset" not in reference:
            continue
        certified[row.problem] = reference | {
            "parameters": np.asarray(json.loads(row.x_opt)[0], dtype=float),
            "rss": float(row.f_opt)}
    return certified


def nist_section_html(data: SectionData) -> str:
    """The NIST family's report section (`nist_html` of its runs)."""
    return nist_html(data.runs, data.problems)


def nist_section_markdown(data: SectionData) -> str:
    """The NIST family's section in ``summary.md`` (`nist_markdown` of its runs)."""
    return nist_markdown(data.runs, data.problems)


def _parameters(x: object) -> np.ndarray | None:
    """The parameter vector from the stored JSON, or ``None`` if there is none."""
    if not isinstance(x, str) or not x:
        return None
    values = np.asarray(json.loads(x), dtype=float)
    return values if values.ndim == 1 and values.size else None


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def lre_band(min_lre_value: float, status: str) -> str:
    """The colour class of a cell: ``lre-high`` (>= 6), ``lre-mid`` (4-6), ``lre-low``
    (1-4) or ``lre-fail`` (< 1, no result, or a broken run); ``lre-skipped`` if skipped.

    Examples
    --------
    >>> lre_band(7.2, "converged"), lre_band(4.0, "maxiter"), lre_band(9.0, "error")
    ('lre-high', 'lre-mid', 'lre-fail')
    """
    if status == "skipped":
        return "lre-skipped"
    if status in _BROKEN or not math.isfinite(min_lre_value):
        return "lre-fail"
    return next(name for name, low, _, _ in BANDS if min_lre_value >= low)


def _is_failure(row: pd.Series) -> bool:
    """Red cells and runs that did not converge (skipped runs are no failures)."""
    if row["status"] == "skipped":
        return False
    return row["status"] != "converged" or lre_band(row["min_lre"], row["status"]) == "lre-fail"


def _start_label(start: int) -> str:
    return f"start {start + 1}"


def _grid(table: pd.DataFrame) -> tuple[list[tuple[str, int]], list[str]]:
    """The (solver, start) columns in first-seen solver order, and the datasets in order."""
    solvers = list(dict.fromkeys(table["solver"]))
    starts = sorted(set(table["start"]))
    columns = [(s, k) for s in solvers for k in starts
               if ((table["solver"] == s) & (table["start"] == k)).any()]
    return columns, list(dict.fromkeys(table["dataset"]))


def _cell_text(min_lre_value: float, status: str) -> str:
    if status == "skipped":
        return "skipped"
    if not math.isfinite(min_lre_value):
        return status
    return f"{min_lre_value:.1f}"


def nist_html(runs: pd.DataFrame, problems: pd.DataFrame) -> str:
    """An HTML fragment: the dataset x (solver, start) table of minimum LRE, then failures.

    Cells are colour-coded as in NIST's result tables (class ``lre-high``, ``lre-mid``,
    ``lre-low``, ``lre-fail``, with inline colours so the fragment stands alone), a
    legend line explains the bands, the second column gives each dataset's level of
    difficulty, and the failures (non-converged or red runs) are listed with their
    status and message. All text is escaped.

    Parameters
    ----------
    runs, problems : DataFrame
        The store's runs and problems tables (see `nist_lre_table`).

    Returns
    -------
    str
        The fragment (a ``<p>`` saying there are no NIST runs if there are none).

    Examples
    --------
    >>> nist_html(pd.DataFrame(columns=["problem", "solver", "start", "status", "message",
    ...                                 "fun", "x"]), _NO_PROBLEMS)
    '<p>No NIST StRD runs.</p>'
    """
    table = nist_lre_table(runs, problems)
    if table.empty:
        return "<p>No NIST StRD runs.</p>"
    columns, datasets = _grid(table)
    cells = {(r.dataset, r.solver, r.start): r for r in table.itertuples(index=False)}
    head_solvers = "".join(
        f"<th colspan='{sum(1 for s, _ in columns if s == solver)}'>{html.escape(solver)}</th>"
        for solver in dict.fromkeys(s for s, _ in columns))
    head_starts = "".join(f"<th>{html.escape(_start_label(k))}</th>" for _, k in columns)
    colours = {name: colour for name, _, colour, _ in BANDS}
    body = []
    levels = dict(zip(table["dataset"], table["level"], strict=True))
    for dataset in datasets:
        level = levels[dataset]
        row = [f"<th class='text'>{html.escape(dataset)}</th>",
               f"<td class='text'>{html.escape(level)}</td>"]
        for solver, start in columns:
            run = cells.get((dataset, solver, start))
            if run is None:
                row.append("<td></td>")
                continue
            band = lre_band(run.min_lre, run.status)
            style = f" style='background:{colours[band]}'" if band in colours else ""
            title = html.escape(f"status {run.status}; RSS LRE "
                                f"{'n/a' if math.isnan(run.rss_lre) else f'{run.rss_lre:.1f}'}",
                                quote=True)
            row.append(f"<td class='{band}'{style} title='{title}'>"
                       f"{html.escape(_cell_text(run.min_lre, run.status))}</td>")
        body.append(f"<tr>{''.join(row)}</tr>")
    legend = "; ".join(f"<span class='{name}' style='background:{colour}'>"
                       f"{html.escape(text)}</span>" for name, _, colour, text in BANDS)
    parts = [
        "<table class='nist'><thead>",
        f"<tr><th class='text' rowspan='2'>dataset</th><th class='text' rowspan='2'>level"
        f"</th>{head_solvers}</tr>",
        f"<tr>{head_starts}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        "<p class='aid'>Minimum LRE over the certified parameters (correct significant "
        "digits, at most 11). Colours: " + legend + ". Starts are NIST's (start 1 is x0). "
        "Lanczos1 is judged by its parameters: its certified RSS is not reproducible.</p>",
    ]
    failures = table[table.apply(_is_failure, axis=1)]
    if failures.empty:
        parts.append("<p>No failures: every run converged with at least one digit.</p>")
    else:
        items = "".join(
            f"<li>{html.escape(f.dataset)} ({html.escape(f.level)}), "
            f"{html.escape(f.solver)}, {html.escape(_start_label(f.start))}: "
            f"{html.escape(f.status)}, min LRE {html.escape(_cell_text(f.min_lre, f.status))}"
            f"{': ' + html.escape(f.message) if f.message else ''}</li>"
            for f in failures.itertuples(index=False))
        parts.append(f"<h3>Failures ({len(failures)})</h3><ul>{items}</ul>")
    return "\n".join(parts)


def nist_markdown(runs: pd.DataFrame, problems: pd.DataFrame) -> str:
    """The same table in GitHub Markdown: the numbers, without colours.

    A cell is the minimum LRE to one decimal, the status where there is no result, or
    ``skipped``; an empty cell is a run not made.

    Examples
    --------
    >>> print(nist_markdown(pd.DataFrame(columns=["problem", "solver", "start", "status",
    ...                                           "message", "fun", "x"]), _NO_PROBLEMS))
    No NIST StRD runs.
    """
    table = nist_lre_table(runs, problems)
    if table.empty:
        return "No NIST StRD runs."
    columns, datasets = _grid(table)
    cells = {(r.dataset, r.solver, r.start): r for r in table.itertuples(index=False)}
    header = ["dataset", "level", *(f"{s}, {_start_label(k)}" for s, k in columns)]
    lines = ["| " + " | ".join(_markdown_escape(h) for h in header) + " |",
             "|---|---|" + "---:|" * len(columns)]
    levels = dict(zip(table["dataset"], table["level"], strict=True))
    for dataset in datasets:
        values = [dataset, levels[dataset]]
        for solver, start in columns:
            run = cells.get((dataset, solver, start))
            values.append("" if run is None else _cell_text(run.min_lre, run.status))
        lines.append("| " + " | ".join(_markdown_escape(v) for v in values) + " |")
    return "\n".join(lines)


def _markdown_escape(text: str) -> str:
    """Escape the characters that would break a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


#: The fewest correct digits (minimum LRE) that count as reaching NIST's certified values.
REACHED_DIGITS = 6.0


def _reached(table: pd.DataFrame) -> pd.Series:
    """Whether each row of a `nist_lre_table` reaches `REACHED_DIGITS` on every
    certified parameter."""
    return table["min_lre"].fillna(-math.inf) >= REACHED_DIGITS


def nist_reached_markdown(table: pd.DataFrame) -> str:
    """Per solver and NIST start: the datasets where every certified parameter is
    reached to `REACHED_DIGITS` digits, of those it ran (a `nist_lre_table`).

    Examples
    --------
    >>> table = pd.DataFrame({"solver": ["lm", "lm"], "start": [0, 1],
    ...                       "min_lre": [7.0, 2.0], "status": "converged"})
    >>> print(nist_reached_markdown(table))
    | solver | start 1 | start 2 |
    |---|---:|---:|
    | lm | 1 / 1 | 0 / 1 |
    """
    ran = table[table["status"] != "skipped"]
    ran = ran.assign(reached=_reached(ran))
    starts = sorted(set(ran["start"]))
    lines = ["| solver | " + " | ".join(_start_label(k) for k in starts) + " |",
             "|---|" + "---:|" * len(starts)]
    for solver in dict.fromkeys(ran["solver"]):
        cells = []
        for start in starts:
            part = ran[(ran["solver"] == solver) & (ran["start"] == start)]
            cells.append(f"{int(part['reached'].sum())} / {len(part)}" if len(part) else "")
        lines.append(f"| {_markdown_escape(solver)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def nist_missed_markdown(table: pd.DataFrame) -> str:
    """What the runs that did not reach the certified values say, per NIST start: how
    many, how they ended (their statuses as stored), and which they were, a line per
    solver (a `nist_lre_table`).

    Examples
    --------
    >>> table = pd.DataFrame({"dataset": ["MGH09", "BoxBOD", "Misra1a"],
    ...                       "solver": ["lm", "lm", "lm"], "start": [0, 0, 0],
    ...                       "min_lre": [0.0, 0.0, 8.0],
    ...                       "status": ["maxiter", "converged", "converged"]})
    >>> print(nist_missed_markdown(table))
    From NIST's start 1, 2 of 3 runs did not reach 6 correct digits on every certified \
parameter; they stopped with status converged 1, maxiter 1:
    <BLANKLINE>
    - lm: MGH09 (maxiter), BoxBOD (converged)
    """
    ran = table[table["status"] != "skipped"]
    missed = ran[~_reached(ran)]
    paragraphs = []
    for start in sorted(set(ran["start"])):
        total = int((ran["start"] == start).sum())
        mine = missed[missed["start"] == start]
        label = _start_label(start)
        if mine.empty:
            paragraphs.append(f"From NIST's {label}, every run ({total}) reached "
                              f"{REACHED_DIGITS:g} correct digits on every certified "
                              "parameter.")
            continue
        statuses = mine["status"].value_counts()
        counts = ", ".join(f"{status} {statuses[status]}" for status in
                           sorted(statuses.index, key=lambda s: (-statuses[s], s)))
        lines = [f"From NIST's {label}, {len(mine)} of {total} runs did not reach "
                 f"{REACHED_DIGITS:g} correct digits on every certified parameter; they "
                 f"stopped with status {counts}:", ""]
        for solver in dict.fromkeys(mine["solver"]):
            runs = mine[mine["solver"] == solver]
            lines.append(f"- {_markdown_escape(solver)}: " + ", ".join(
                f"{row.dataset} ({row.status})" for row in runs.itertuples(index=False)))
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def nist_docs_markdown(data: SectionData) -> str:
    """The NIST family's section on its documentation page: the datasets each solver
    reaches from each start (`nist_reached_markdown`), the runs that did not, with
    their stored statuses (`nist_missed_markdown`), then the LRE table
    (`nist_markdown`)."""
    table = nist_lre_table(data.runs, data.problems)
    if table.empty:
        return "No NIST StRD runs."
    return "\n\n".join([
        f"Datasets where every certified parameter is reached to at least "
        f"{REACHED_DIGITS:g} correct digits (LRE), of those each solver ran:",
        nist_reached_markdown(table),
        nist_missed_markdown(table),
        "The minimum LRE over the certified parameters of every run (11 is every "
        "certified digit; a status where the run has no result):",
        nist_markdown(data.runs, data.problems)])
