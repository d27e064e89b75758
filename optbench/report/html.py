"""``report.html``: one self-contained page, a table of contents by family, sortable tables.

Images are embedded and the only script is inline, so the page needs no network and
no file beside it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from optbench.analysis import pivot, status_table
from optbench.analysis.targets import unknown_optimum
from optbench.frames import among
from optbench.report.charts import Y_LABEL, chart_filename, y_label
from optbench.report.families import COST_NAMES, LEADERBOARD_TARGET, View
from optbench.report.honesty_section import honesty_html
from optbench.report.html_blocks import SORT_SCRIPT, STYLE, figure, html_table, records_table
from optbench.report.interactive import SCRIPT as INTERACTIVE_SCRIPT
from optbench.report.interactive import STYLE as INTERACTIVE_STYLE
from optbench.report.interactive import selector_html
from optbench.report.tables import (
    COLUMN_HELP,
    LEADERBOARD_HELP,
    LISTED_RUNS,
    RUN_LIST_COLUMNS,
    listed_note,
    pivot_columns,
)

CONVERGENCE_AID = (
    "Best f - f* so far against function evaluations; lower and further left is better. "
    "Values at f* (to rounding) sit on the 1e-16 floor; a line that stops early ended "
    "early, one that stops high did not reach f*. With several starts, the line is the "
    "median over runs and the band spans the quartiles (a run that ended keeps its final "
    "value). Each solver keeps its colour and marker in every chart; markers sit at "
    "staggered places along each line and at its end, so a line drawn over another still "
    "shows. With more than 8 solvers the chart has one panel per group of solvers, every "
    "other solver in grey behind them."
)


class Section:
    """A headed part of the page that the table of contents links to."""

    def __init__(self, anchor: str, title: str, body: Sequence[str],
                 children: Sequence[Section] = ()) -> None:
        self.anchor, self.title, self.body, self.children = anchor, title, body, children

    def render(self, level: int = 2) -> str:
        heading = f"<h{level} id='{self.anchor}'>{html.escape(self.title)}</h{level}>"
        return "\n".join([heading, *self.body, *(c.render(level + 1) for c in self.children)])

    def toc(self) -> str:
        inner = "".join(child.toc() for child in self.children)
        nested = f"<ul>{inner}</ul>" if inner else ""
        return f"<li><a href='#{self.anchor}'>{html.escape(self.title)}</a>{nested}</li>"


def problem_tables(frame: pd.DataFrame, prefix: str) -> Section:
    """nfev, nit, f - f* and status, problem x solver."""
    body = ["<p class='aid'>Medians over starts; nfev counts every call, finite "
            "differences included; f - f* is the distance above the certified optimum at "
            "the returned point.</p>"]
    for column, title in pivot_columns(frame):
        body += [f"<h4>{title}</h4>", html_table(pivot(frame, column), column)]
    body += ["<h4>Status</h4>", html_table(status_table(frame), "status")]
    return Section(f"{prefix}-tables", "Tables", body)


def convergence_section(frame: pd.DataFrame, out: Path, prefix: str) -> Section:
    """Each problem's convergence chart."""
    body = [f"<p class='aid'>{html.escape(CONVERGENCE_AID)}</p>"]
    body += [figure(out / chart_filename(problem), f"convergence chart {problem}",
                    f"{problem}: {_y_text(runs)} against function evaluations, a line per "
                    "solver (median and quartile band over starts); lower and further left "
                    "is better.", problem)
             for problem, runs in frame.groupby("problem", sort=False)]
    return Section(f"{prefix}-convergence", "Convergence", body)


def _y_text(runs: pd.DataFrame) -> str:
    """What a problem's convergence chart plots, as its y axis says."""
    return y_label(runs["family"]) if "family" in runs else Y_LABEL


def estimated_optimum_note(runs: pd.DataFrame) -> str:
    """A paragraph naming the problems whose f* is unknown (targets from the best found).

    Examples
    --------
    >>> note = estimated_optimum_note(pd.DataFrame({"problem": ["p", "q"], "f_opt": [0.0, None]}))
    >>> note.startswith("<p class='aid'>f* is not known for q: its targets are measured")
    True
    >>> estimated_optimum_note(pd.DataFrame({"problem": ["p"], "f_opt": [0.0]}))
    ''
    """
    unknown = unknown_optimum(runs)
    if not unknown:
        return ""
    names = ", ".join(html.escape(str(name)) for name in unknown)
    its = "its" if len(unknown) == 1 else "their"
    return (f"<p class='aid'>f* is not known for {names}: {its} targets are measured from the "
            "best value any solver found (estimated).</p>")


def view_section(view: View, frame: pd.DataFrame, out: Path, cost: str, detailed: bool,
                 extra: Sequence[Section] = ()) -> Section:
    """A view: leaderboard, profile charts, and (``detailed``) tables and convergence."""
    shown = view.leaderboard.copy()
    board = [f"<p class='aid'>{html.escape(LEADERBOARD_HELP)} ERT counts "
             f"{COST_NAMES[cost]}; the target is |f - f*| <= {LEADERBOARD_TARGET:g} "
             "max(1, |f*|). Click a column head to sort.</p>", records_table(shown)]
    children = [Section(f"{view.anchor}-leaderboard", "Leaderboard", board),
                Section(f"{view.anchor}-profiles", "Profiles",
                        [figure(c.path, c.title, c.aid) for c in view.charts])]
    if view.honesty is not None:
        children.append(Section(f"{view.anchor}-honesty", "Solver honesty",
                                honesty_html(view, view.anchor)))
    if detailed:
        part = frame[among(frame["run_id"], view.runs["run_id"])]
        children += [problem_tables(part, view.anchor),
                     convergence_section(part, out, view.anchor)]
    problems = view.runs["problem"].nunique()
    intro = (f"<p>{len(view.runs)} runs of {view.runs['solver'].nunique()} solvers on "
             f"{problems} problem{'s' if problems != 1 else ''}.</p>")
    return Section(f"family-{view.anchor}", view.name,
                   [intro, estimated_optimum_note(view.runs)], [*children, *extra])


def write_html(frame: pd.DataFrame, views: list[View], meta: dict[str, str], out: Path,
               cost: str, extra: dict[str, Section] | None = None,
               exports: Sequence[Path] = ()) -> Path:
    """Write ``out/report.html``; everything it shows is inside the file.

    Parameters
    ----------
    frame : DataFrame
        The summary rows (`optbench.analysis.summary`).
    views : list of View
        All problems first, then one per family (`optbench.report.families.views`).
    meta : dict
        The store's environment record.
    out : Path
        The report folder, holding the charts.
    cost : str
        The cost the leaderboards and profiles count.
    extra : dict of str to Section, optional
        Further subsections of a family's view, by family name (the NIST LRE table).
    exports : sequence of Path
        Exported files to list (relative links; the page does not load them).
    """
    extra = extra or {}
    if len(views) == 1:  # one family: its view holds everything
        sections = [view_section(views[0], frame, out, cost, True, list(extra.values()))]
    else:
        sections = [view_section(views[0], frame, out, cost, False)]
        sections += [view_section(view, frame, out, cost, True,
                                  [extra[view.name]] if view.name in extra else ())
                     for view in views[1:]]
    listed = frame.loc[:, list(RUN_LIST_COLUMNS)].head(LISTED_RUNS)
    sections.append(Section("runs", "All runs", [f"<p>{listed_note(len(frame))}</p>",
                                                 records_table(listed)]))
    if exports:
        links = "".join(f"<li><a href='{html.escape(p.relative_to(out).as_posix())}'>"
                        f"{html.escape(p.relative_to(out).as_posix())}</a></li>"
                        for p in exports)
        sections.append(Section("exports", "Exported data",
                                ["<p>Beside this page, for other tools (which loads what: the "
                                 "documentation, User guide, Exports):</p>",
                                 f"<ul>{links}</ul>"]))
    columns = "".join(f"<dt>{name}</dt><dd>{html.escape(meaning)}</dd>"
                      for name, meaning in COLUMN_HELP.items())
    sections.append(Section("columns", "Columns", [f"<dl>{columns}</dl>"]))
    environment = ", ".join(f"{k} {v}" for k, v in meta.items())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>optbench report</title>",
        f"<style>{STYLE}{INTERACTIVE_STYLE}</style></head><body>",
        "<h1>optbench report</h1>",
        f"<p>{len(frame)} runs. {html.escape(environment)}</p>",
        "<nav><h2>Contents</h2><ul>", *(s.toc() for s in sections), "</ul></nav>",
        selector_html(list(frame["solver"].unique()), list(frame["problem"].unique())),
        *(s.render() for s in sections),
        f"<script>{SORT_SCRIPT}</script>", f"<script>{INTERACTIVE_SCRIPT}</script>",
        "</body></html>",
    ]
    path = out / "report.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
