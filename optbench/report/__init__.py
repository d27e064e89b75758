"""Write the report: tables, charts, exports and one self-contained HTML page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from optbench.analysis.tables import best_so_far_curves, in_order, summary
from optbench.analysis.targets import check_cost, improvement_rows
from optbench.errors import OptbenchError
from optbench.export import export_frames
from optbench.problems.roots import SCALAR_ROOTS_FAMILY, SYSTEMS_FAMILY
from optbench.report.charts import write_charts
from optbench.report.families import COST_NAMES, views
from optbench.report.global_section import FAMILY as GLOBAL_FAMILY
from optbench.report.global_section import global_html, global_markdown
from optbench.report.html import Section, write_html
from optbench.report.nist import nist_html, nist_markdown
from optbench.report.roots_section import roots_html, roots_markdown
from optbench.report.tables import summary_markdown, write_tables
from optbench.store import Store

Renderer = Callable[[pd.DataFrame, pd.DataFrame], str]

#: Families with a section of their own: anchor, title, HTML and Markdown renderers
#: (each taking the family's runs and traces).
FAMILY_SECTIONS: dict[str, tuple[str, str, Renderer, Renderer]] = {
    "NIST StRD": ("nist-lre", "NIST StRD: correct digits (LRE)",
                  lambda runs, _: nist_html(runs), lambda runs, _: nist_markdown(runs)),
    GLOBAL_FAMILY: ("global-success", "Global: success over seeds", global_html,
                    global_markdown),
    SCALAR_ROOTS_FAMILY: ("scalar-roots-found", "Scalar roots: roots found and how runs ended",
                     roots_html, roots_markdown),
    SYSTEMS_FAMILY: ("systems-found", "Nonlinear equations: roots found and how runs "
                            "ended", roots_html, roots_markdown),
}


def write_report(store: Store, run_ids: list[str], out: str | Path,
                 cost: str = "fev") -> list[Path]:
    """Write ``summary.csv``, ``summary.md``, the charts, the exports and ``report.html``.

    Parameters
    ----------
    store : Store
        Where the runs are.
    run_ids : list of str
        The runs to report, in the order to show them.
    out : path
        The output folder (made if missing).
    cost : str
        What the leaderboards' ERT, the performance profiles and the runtime ECDFs
        count: ``fev``, ``fev+n*gev`` or ``seconds`` (`optbench.analysis.targets.COSTS`).

    Returns
    -------
    list of Path
        The files written.
    """
    check_cost(cost)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OptbenchError(f"cannot create output folder {out}: {error.strerror}") from None
    runs = in_order(store.runs(run_ids), run_ids)
    frame = summary(runs, order=run_ids)
    if frame.empty:
        raise OptbenchError("no runs to report; run some first (optbench run)")
    traces = store.traces(run_ids)  # read once: for the curves, the metrics and the export
    rows = improvement_rows(traces)
    rows["family"] = rows["run_id"].map(runs.set_index("run_id")["family"])
    parts = views(runs, rows, list(frame["solver"].unique()), cost, out)
    charts = write_charts(frame, best_so_far_curves(traces), out)
    extra_html, extra_markdown = {}, {}
    for family, (anchor, title, to_html, to_markdown) in FAMILY_SECTIONS.items():
        part = runs[runs["family"] == family]
        if len(part):
            part_rows = rows[rows["family"] == family]
            extra_html[family] = Section(anchor, title, [to_html(part, part_rows)])
            extra_markdown[title] = to_markdown(part, part_rows)
    markdown = summary_markdown(frame, {v.name: v.leaderboard for v in parts},
                                COST_NAMES[cost], extra_markdown)
    written = write_tables(frame, out, markdown)
    written += charts + [chart.path for view in parts for chart in view.charts]
    exported = export_frames(runs, traces, run_ids, out)
    written += exported
    # The page lists the tables and the IOHprofiler folder, not each file inside it.
    folders = {out / "export" / p.relative_to(out / "export").parts[0] for p in exported}
    listed = sorted(folders)
    written.append(write_html(frame, parts, store.meta(), out, cost, extra_html, listed))
    return written
