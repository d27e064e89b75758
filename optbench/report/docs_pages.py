"""The documentation's results pages: one MyST Markdown page per family, generated from a
results store (``python -m optbench report --docs DIR``), never typed by hand.

Each page `DIR/<family>.md` states where its numbers come from (the store's machine,
versions and date from `optbench.store.Store.meta`, and the command that regenerates
it), then the family's leaderboard, its solved table and status counts by solver, its own
section where it declares one (`optbench.families.Section`; NIST's adds the datasets
each solver reaches and the runs that did not, with their stored statuses), and its
profile charts, written as SVGs into `DIR/<family>/` and linked relatively. `DIR/index.md`
is a toctree of every page in `DIR` (and of every sub-folder's index), so that stores
reported into one folder, or into sub-folders of it, share one index.

The pages are pure functions of the store: the same store gives the same bytes (no time
of writing, no absolute paths; the SVGs are written without dates,
`optbench.report.interactive.save_chart`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optbench.analysis.leaderboard import leaderboard
from optbench.analysis.metrics import RunMetrics
from optbench.analysis.quality import form_ratios, quality_table
from optbench.analysis.tables import in_order
from optbench.analysis.targets import TARGETS, check_cost, improvement_rows
from optbench.errors import OptbenchError
from optbench.families import FAMILIES, Measure
from optbench.frames import among
from optbench.report.canvas import Canvas
from optbench.report.families import (
    COST_NAMES,
    LEADERBOARD_TARGET,
    Chart,
    anchor,
    honesty_section,
    profile_charts,
)
from optbench.report.honesty_section import honesty_intro, honesty_rows
from optbench.report.sections import SectionData, renderer
from optbench.report.tables import (
    LEADERBOARD_HELP,
    format_value,
    markdown_cell,
    records_markdown,
)
from optbench.store import Store

#: The store's ``meta`` keys each page states, with their labels, in order.
META_FIELDS = (("machine", "machine"), ("platform", "platform"), ("cpus", "CPUs"),
               ("python", "Python"), ("numpy", "numpy"), ("scipy", "scipy"),
               ("pandas", "pandas"), ("optbench", "optbench"),
               ("date", "date of the last run session (UTC)"))

#: Family sections whose documentation page says more than ``summary.md`` does: the
#: section's Markdown renderer -> the renderer the page uses instead.
DOCS_RENDERERS = {
    "optbench.report.nist:nist_section_markdown": "optbench.report.nist:nist_docs_markdown",
}

#: The charts a page shows, of those the report draws for a view (`profile_charts`), by
#: file name (``{slug}``: the family's): the performance profiles, the data profile
#: and the runtime ECDF. The others (quality and convergence-test profiles, up to 0.8 MB
#: each) stay in the HTML report, so that every page's charts together stay a few MB.
DOCS_CHARTS = ("performance-profile-{slug}.svg", "performance-profile-{slug}-best.svg",
               "data-profile-{slug}.svg", "ecdf-{slug}.svg")

#: What the quality table of a page shows (`optbench.analysis.quality.quality_table`).
QUALITY_TABLE_HELP = (
    "The fraction of instances where a solver's final f is within tau of the way from "
    "f_0 down to f*, (f - f*) <= tau (f_0 - f*): weak with f_0 = f(x0), strong with f_0 "
    "the worst final value any solver reached there (Fasano, Piermarini & Roma's quality "
    "profiles, read at four tau; the report draws them whole, with the zoomed and "
    "test-set profiles).")

#: The index page's name in the folder.
INDEX = "index.md"


@dataclass(frozen=True)
class Page:
    """A family's page: its file, title and text, and the charts it links."""

    path: Path
    title: str
    text: str
    charts: list[Chart]


def solved_table(runs: pd.DataFrame, solvers: list[str]) -> str:
    """The Markdown table of ``runs`` (the runs table's columns), solvers in order: how
    many runs each solved of those it ran in each family (``success``), the median
    ``nfev`` of its solved runs, and how many of its runs report an evaluation count of
    their own that equals the instrument's. Skipped runs are left out.

    Examples
    --------
    >>> runs = pd.DataFrame({"solver": ["a", "a"], "family": ["MGH", "global"],
    ...                      "status": "converged", "success": [True, False],
    ...                      "nfev": [10, 50], "solver_nfev": [10, None]})
    >>> print(solved_table(runs, ["a"]))
    | solver | MGH | global | median nfev (solved) | own nfev = instrument's |
    |---|---|---|---|---|
    | a | 1 / 1 | 0 / 1 | 10 | 1 / 1 |
    """
    ran = runs[runs["status"] != "skipped"]
    families = list(dict.fromkeys(ran["family"]))
    lines = ["| solver | " + " | ".join(families) + " | median nfev (solved) | "
             "own nfev = instrument's |", "|---" * (len(families) + 3) + "|"]
    for solver in solvers:
        mine = ran[ran["solver"] == solver]
        if mine.empty:
            continue
        cells = []
        for family in families:
            part = mine[mine["family"] == family]
            cells.append(f"{int(part['success'].sum())} / {len(part)}" if len(part) else "-")
        solved = mine[mine["success"].astype(bool)]
        median = f"{solved['nfev'].median():.0f}" if len(solved) else "-"
        reported = mine[mine["solver_nfev"].notna()]
        agree = int((reported["solver_nfev"] == reported["nfev"]).sum())
        own = f"{agree} / {len(reported)}" if len(reported) else "none reported"
        lines.append(f"| {markdown_cell(solver)} | " + " | ".join(cells)
                     + f" | {median} | {own} |")
    return "\n".join(lines)


def status_counts(runs: pd.DataFrame, solvers: list[str]) -> pd.DataFrame:
    """How many runs ended in each status, a row per solver (in ``solvers``' order),
    a column per status (most frequent first), and the total.

    Examples
    --------
    >>> runs = pd.DataFrame({"solver": ["a", "a", "b"],
    ...                      "status": ["converged", "maxiter", "converged"]})
    >>> status_counts(runs, ["b", "a"]).to_dict("records")
    [{'solver': 'b', 'converged': 1, 'maxiter': 0, 'runs': 1}, {'solver': 'a', \
'converged': 1, 'maxiter': 1, 'runs': 2}]
    """
    table = pd.crosstab(runs["solver"], runs["status"])
    order = runs["status"].value_counts(sort=False)
    statuses = sorted(order.index, key=lambda status: (-order[status], str(status)))
    present = [solver for solver in solvers if solver in table.index]
    table = table.reindex(index=present, columns=statuses, fill_value=0)
    table["runs"] = table.sum(axis=1)
    table.columns.name = None
    return table.rename_axis("solver").reset_index()


#: The largest bound or constraint violation of a run that counts as feasible.
FEASIBLE = 1e-6


def unsolved_sentence(runs: pd.DataFrame, measure: Measure = Measure.OBJECTIVE) -> str:
    """The problems that no run solved (``success``), each with the best value a
    feasible run reached (within `FEASIBLE` of its bounds and constraints): ``f - f*``,
    or the residual for an equation family (``measure``).

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": ["p", "p", "p", "q"],
    ...                      "success": [False, False, False, True],
    ...                      "f_error": [0.5, 0.003, -2.0, 0.0],
    ...                      "max_violation": [None, 0.0, 0.4, None], "status": "converged"})
    >>> print(unsolved_sentence(runs))
    No run solved 1 of the 2 problems (best f - f* of the runs that ended feasible): p \
(3.00e-03).
    """
    ran = runs[runs["status"] != "skipped"]
    solved = ran.groupby("problem", sort=False)["success"].any()
    if solved.all():
        return f"Every one of the {len(solved)} problems was solved by some run."
    column, label = (("fun", "residual") if measure is Measure.RESIDUAL
                     else ("f_error", "f - f*"))
    violation = pd.to_numeric(ran["max_violation"], errors="coerce")
    feasible = ran[violation.isna() | (violation <= FEASIBLE)]
    values = pd.to_numeric(feasible[column], errors="coerce")
    best = values.groupby(feasible["problem"], sort=False).min()
    names = [f"{markdown_cell(problem)} ({format_value(best.get(problem), 'f_error')})"
             for problem in solved.index[~solved]]
    return (f"No run solved {len(names)} of the {len(solved)} problems (best {label} of "
            "the runs that ended feasible): " + ", ".join(names) + ".")


def header(title: str, summary: str, meta: dict[str, str], command: str) -> str:
    """A page's title, the family's one-line summary, then where the numbers come from:
    the store's ``meta`` (`META_FIELDS`; missing ones read ``unknown``) and the command
    that regenerates the page.

    Examples
    --------
    >>> print(header("NIST StRD", "NIST's datasets", {"python": "3.11.7"},
    ...              "python -m optbench report --docs docs/results").splitlines()[4])
    Generated from a results store by `python -m optbench report --docs docs/results`; \
do not edit it by hand: run the command again.
    """
    rows = [[label, meta.get(key, "unknown")] for key, label in META_FIELDS]
    table = records_markdown(pd.DataFrame(rows, columns=["store", "value"]))
    return "\n".join([
        f"# {title}", "", summary, "",
        f"Generated from a results store by `{command}`; do not edit it by hand: run "
        "the command again.", "", table])


def family_page(family: str, runs: pd.DataFrame, metrics: RunMetrics, rows: pd.DataFrame,
                problems: pd.DataFrame, solvers: list[str], meta: dict[str, str],
                command: str, out: Path, canvas: Canvas, cost: str = "fev",
                scope: str = "") -> Page:
    """One family's page, its charts drawn on ``canvas`` into ``out / <slug>``.

    Parameters
    ----------
    family : str
        The family's name (`optbench.families.FAMILIES`; an unknown one gets no
        summary and no section).
    runs : DataFrame
        The family's runs (the runs table's columns).
    metrics : RunMetrics
        The per-run metrics of the family's runs that ran, in ``cost``.
    rows : DataFrame
        Their improvement rows (`optbench.analysis.targets.improvement_rows`).
    problems : DataFrame
        The store's problems table.
    solvers : list of str
        The solvers in the order that fixes tables, legends and colours.
    meta : dict of str to str
        The store's `optbench.store.Store.meta`.
    command : str
        The command that regenerates the page, stated in it.
    out : Path
        The pages' folder.
    canvas : Canvas
        Where the charts are drawn.
    cost : str
        What the leaderboard's ERT and the profiles count.
    scope : str
        Where the runs come from, added to the title in brackets (``suite nist``), so
        that pages of one family from several suites tell themselves apart.
    """
    slug = anchor(family)
    declared = FAMILIES.get(family)
    summary = declared.summary if declared is not None else ""
    mine = [solver for solver in solvers if solver in set(runs["solver"])]
    board = leaderboard(runs, None, LEADERBOARD_TARGET, cost, metrics.reference, metrics.hits)
    folder = out / slug
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.svg"):  # the folder holds this page's charts only
        stale.unlink()
    shown = {name.format(slug=slug) for name in DOCS_CHARTS}
    drawn = profile_charts(metrics, family, solvers, cost, folder, canvas,
                           list(board["solver"]))
    charts = [chart for chart in drawn if chart.path.name in shown]
    honesty, honesty_chart = honesty_section(metrics, family, solvers, folder, canvas)
    problems_count, starts = runs["problem"].nunique(), runs["start"].nunique()
    title = f"Results: {family}" + (f" ({scope})" if scope else "")
    parts = [
        header(title, summary, meta, command), "",
        f"{len(runs)} runs: {problems_count} problems, {len(mine)} solvers, {starts} "
        f"start{'s' if starts != 1 else ''} each.", "",
        f"## Leaderboard (ERT in {COST_NAMES[cost]})", "", LEADERBOARD_HELP, "",
        records_markdown(board), "",
        "## Solved runs by solver", "",
        "Solved: f - f* within 1e-6 max(1, |f*|) (for equations, a root found), feasible, "
        "and the run neither errored nor was skipped. Skipped runs are left out.", "",
        solved_table(runs, mine), "",
        unsolved_sentence(runs, Measure.OBJECTIVE if declared is None else declared.measure),
        "",
        "## How the runs ended", "",
        "Runs by solver and status, as the store records them: converged (the solver's "
        "own test passed), maxiter, stalled, budget, timeout, diverged, error, skipped.",
        "", records_markdown(status_counts(runs, mine)), "",
        "## Solver honesty", "", honesty_intro(), "", records_markdown(honesty_rows(honesty)),
        "", f"![{honesty_chart.title}]({honesty_chart.path.relative_to(out).as_posix()})",
        "", "## Quality profiles", "", QUALITY_TABLE_HELP, "",
        records_markdown(quality_table(form_ratios(metrics.runs, metrics.starts,
                                                   metrics.reference)).round(3)),
    ]
    if declared is not None and declared.section is not None:
        path = DOCS_RENDERERS.get(declared.section.markdown, declared.section.markdown)
        text = renderer(path)(SectionData(runs, rows, problems))
        parts += ["", f"## {declared.section.title}", "", text]
    parts += ["", "## Charts"]
    for chart in charts:
        link = chart.path.relative_to(out).as_posix()
        parts += ["", f"### {chart.title}", "", chart.aid, "", f"![{chart.title}]({link})"]
    return Page(out / f"{slug}.md", family, "\n".join(parts) + "\n", [*charts, honesty_chart])


def index_page(out: Path) -> str:
    """``index.md`` of the folder ``out``: a toctree of its pages and of its sub-folders'
    indexes, sorted by name; titled ``Results``, or ``Results: <folder>`` in a folder
    not called ``results``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "nist-strd.md").write_text("# NIST")
    ...     print(index_page(Path(folder)).splitlines()[-2])
    nist-strd
    """
    entries = sorted(path.stem for path in out.glob("*.md") if path.name != INDEX)
    entries += sorted(f"{path.parent.name}/index" for path in out.glob(f"*/{INDEX}"))
    title = "Results" if out.name.lower() == "results" else f"Results: {out.name}"
    return "\n".join([
        f"# {title}", "",
        "Every table and chart below is generated from a stored run of its family by "
        "`python -m optbench report --docs` (see `tools/results_pages.sh`, which reruns "
        "and regenerates them all); each page states the machine, the versions and the "
        "date of the store it was made from.", "",
        "```{toctree}", ":maxdepth: 1", "", *entries, "```"]) + "\n"


def write_docs_pages(store: Store, run_ids: list[str], out: str | Path, command: str,
                     cost: str = "fev", workers: int | None = None,
                     scope: str = "") -> list[Path]:
    """Write a page per family with runs among ``run_ids``, their charts, and the index.

    Parameters
    ----------
    store : Store
        Where the runs are.
    run_ids : list of str
        The runs to report, in the order that fixes solvers' and families' order.
    out : path
        The pages' folder (made if missing).
    command : str
        The command that regenerates the pages, stated on each.
    cost : str
        What the leaderboards' ERT and the profiles count (`optbench.analysis.COSTS`).
    workers : int, optional
        Processes drawing the charts (`optbench.report.canvas.Canvas`).
    scope : str
        Where the runs come from, added to each page's title (`family_page`).

    Returns
    -------
    list of Path
        The files written: each page, its charts, then ``index.md``.

    Raises
    ------
    OptbenchError
        If there are no runs to report or ``out`` cannot be made.
    """
    try:
        Path(out).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OptbenchError(f"cannot write the pages into {out}: {error.strerror}") from None
    out = Path(out)
    check_cost(cost)
    runs = in_order(store.runs(run_ids), run_ids).reset_index(drop=True)
    if runs.empty:
        raise OptbenchError("no runs to report; run some first (optbench run)")
    rows = improvement_rows(store.traces(run_ids))
    metrics = RunMetrics.compute(runs, rows, cost, TARGETS)
    solvers = list(runs["solver"].unique())
    meta, problems = store.meta(), store.problems()
    written: list[Path] = []
    with Canvas(workers) as canvas:
        pages = []
        for family in runs["family"].unique():
            part = runs[runs["family"] == family]
            pages.append(family_page(
                str(family), part,
                metrics.select((metrics.runs["family"] == family).to_numpy()),
                rows[among(rows["run_id"], part["run_id"])], problems, solvers, meta,
                command, out, canvas, cost, scope))
        canvas.finish()
    for page in pages:
        for chart in page.path.with_suffix("").glob("*"):
            if chart not in {shown.path for shown in page.charts}:
                chart.unlink()  # drawn for the report, not shown on the page
        page.path.write_text(page.text, encoding="utf-8")
        written += [page.path, *(chart.path for chart in page.charts)]
    index = out / INDEX
    index.write_text(index_page(out), encoding="utf-8")
    return [*written, index]
