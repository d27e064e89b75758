"""Write the report: tables, charts, exports and one self-contained HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from optbench.analysis.tables import best_so_far_curves, in_order, summary
from optbench.analysis.targets import check_cost, reference_values
from optbench.errors import OptbenchError
from optbench.export import export_jobs
from optbench.families import FAMILIES
from optbench.frames import among
from optbench.report.canvas import Canvas
from optbench.report.charts import write_charts
from optbench.report.families import COST_NAMES, views
from optbench.report.honesty_section import honesty_markdown
from optbench.report.html import Section, write_html
from optbench.report.sections import SectionData, renderer
from optbench.report.tables import (
    summary_markdown,
    write_summary_csv,
    write_summary_markdown,
)
from optbench.store import Store


def write_report(store: Store, run_ids: list[str], out: str | Path,
                 cost: str = "fev", workers: int | None = None,
                 png: bool = False, compare: Sequence[str] | None = None) -> list[Path]:
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
    workers : int, optional
        Processes that draw the charts while the rest is computed (default: one per
        CPU; 1 draws them here, `optbench.report.canvas`).
    png : bool
        Whether to write a PNG of each chart beside its SVG.
    compare : sequence of two str, optional
        The two solvers of the log-ratio profiles (default: the report's two solvers
        when it has exactly two, else none).

    Returns
    -------
    list of Path
        The files written.
    """
    check_cost(cost)
    if compare is not None and len(compare) != 2:
        raise OptbenchError(f"--compare takes two solvers, not {len(compare)}")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OptbenchError(f"cannot create output folder {out}: {error.strerror}") from None
    runs = in_order(store.runs(run_ids), run_ids)
    frame = summary(runs, order=run_ids)
    if frame.empty:
        raise OptbenchError("no runs to report; run some first (optbench run)")
    missing = [s for s in compare or () if s not in set(frame["solver"])]
    if missing:
        raise OptbenchError(f"--compare names {', '.join(missing)}, not among the report's "
                            f"solvers: {', '.join(frame['solver'].unique())}")
    # read once, for the curves, the metrics and the exports: the store keeps each run's
    # essential rows only, the rows the metrics need (`optbench.analysis.targets.improvement_rows`)
    traces = store.traces(run_ids)
    # files in workers while the rest goes on: the exports and summary.csv, then charts
    with Canvas(workers) as canvas:
        for writer, args in export_jobs(runs, traces, run_ids, out):
            canvas.draw(writer, *args)
        canvas.draw(write_summary_csv, frame, out)
        write_charts(frame, best_so_far_curves(traces), reference_values(runs, traces), out,
                     canvas, png)
        parts = views(runs, traces, list(frame["solver"].unique()), cost, out, canvas, png,
                      compare)
        extra_html, extra_markdown = family_sections(runs, traces, store.problems())
        extra_markdown = {"Solver honesty": honesty_markdown(parts), **extra_markdown}
        markdown = summary_markdown(frame, {v.name: v.leaderboard for v in parts},
                                    COST_NAMES[cost], extra_markdown)
        written = [out / "summary.csv", write_summary_markdown(markdown, out)]
        drawn = canvas.finish()
    exported = [path for path in drawn if out / "export" in path.parents]
    written += [path for path in drawn
                if out / "export" not in path.parents and path not in written] + exported
    # The page lists the tables and the IOHprofiler folder, not each file inside it.
    folders = {out / "export" / p.relative_to(out / "export").parts[0] for p in exported}
    listed = sorted(folders)
    written.append(write_html(frame, parts, store.meta(), out, cost, extra_html, listed))
    return written


def family_sections(runs: pd.DataFrame, rows: pd.DataFrame,
                    problems: pd.DataFrame) -> tuple[dict[str, Section], dict[str, str]]:
    """The sections of the families that declare one (`optbench.families.Section`) and
    have runs here: HTML sections by family name, Markdown ones by title."""
    extra_html, extra_markdown = {}, {}
    for name, family in FAMILIES.items():
        part = runs[runs["family"] == name]
        if family.section is None or part.empty:
            continue
        data = SectionData(part, rows[among(rows["run_id"], part["run_id"])], problems)
        section = family.section
        extra_html[name] = Section(section.anchor, section.title,
                                   [renderer(section.html)(data)])
        extra_markdown[section.title] = renderer(section.markdown)(data)
    return extra_html, extra_markdown
