"""The report's views: all problems together, then one per family, each with its
leaderboard and its profile charts (performance profiles, data profiles, runtime ECDF).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from optbench.analysis.ecdf import ecdf_of
from optbench.analysis.honesty import HONESTY_TARGETS, honesty_table
from optbench.analysis.leaderboard import leaderboard
from optbench.analysis.metrics import RunMetrics
from optbench.analysis.profiles import (
    cost_table,
    data_profile_of,
    performance_profile,
    performance_ratios,
)
from optbench.analysis.quality import form_ratios
from optbench.analysis.targets import TARGETS
from optbench.report.analysis_charts import (
    convergence_performance_chart,
    honesty_chart,
    log_ratio_chart,
    quality_charts,
)
from optbench.report.canvas import Canvas
from optbench.report.profile_charts import step_chart

#: The target of the leaderboards (relative: |f - f*| <= tau max(1, |f*|)).
LEADERBOARD_TARGET = 1e-5

#: What each cost is called on chart axes and in the page.
COST_NAMES = {
    "fev": "function evaluations",
    "fev+n*gev": "function + n x gradient evaluations",
    "seconds": "seconds",
}

#: Budgets per simplex gradient, alpha, at which data profiles are drawn.
ALPHAS = np.geomspace(1e-2, 1e4, 400)


@dataclass(frozen=True)
class Chart:
    """A chart written for the report (its SVG), with its title and one-line reading aid."""

    path: Path
    title: str
    aid: str


@dataclass(frozen=True)
class View:
    """A part of the report: all problems, or one family."""

    name: str
    anchor: str
    runs: pd.DataFrame
    leaderboard: pd.DataFrame
    charts: list[Chart] = field(default_factory=list)
    honesty: pd.DataFrame | None = None
    honesty_chart: Chart | None = None


def anchor(name: str) -> str:
    """An HTML id and file-name part for a view: ``NIST StRD`` -> ``nist-strd``.

    Examples
    --------
    >>> anchor("NIST StRD"), anchor("machine learning")
    ('nist-strd', 'machine-learning')
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "family"


#: The most points a step curve is drawn with; longer ones are sampled on a log grid.
MAX_POINTS = 1000


def thin(table: pd.DataFrame, points: int = MAX_POINTS) -> pd.DataFrame:
    """A step-function table (positive, ascending index) sampled at ``points`` log-spaced
    x values from its first to its last, each taking the value in force there.

    Examples
    --------
    >>> table = pd.DataFrame({"s": [0.0, 0.25, 0.5, 0.75, 1.0]},
    ...                      index=[1.0, 2.0, 10.0, 50.0, 100.0])
    >>> thin(table, points=3)["s"].tolist()
    [0.0, 0.5, 1.0]
    """
    if len(table) <= points:
        return table
    x = table.index.to_numpy(dtype=float)
    grid = np.geomspace(x[0], x[-1], points)
    grid[-1] = x[-1]
    return table.reindex(grid, method="ffill")


def _label(tau: float) -> str:
    return f"target 1e{int(round(np.log10(tau))):d}"


def ratio_panels(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Performance profiles of instance x solver cost tables, panel title to profile,
    each on a grid through every ratio (and 200 log-spaced points up to twice the
    largest), thinned for drawing (`thin`)."""
    panels = {}
    for title, costs in tables.items():
        ratios = performance_ratios(costs).to_numpy(dtype=float)
        finite = ratios[np.isfinite(ratios)]
        top = max(2.0, float(finite.max()) * 2.0) if finite.size else 2.0
        grid = np.unique(np.concatenate([[1.0], finite, np.geomspace(1.0, top, 200)]))
        panels[f"{title}: {len(costs)} instances"] = thin(performance_profile(costs, grid))
    return panels


def _performance_panels(hits: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return ratio_panels({_label(tau): cost_table(hits, tau) for tau in TARGETS})


#: Views with more solvers than this also get a performance profile of their best
#: `BEST_SOLVERS` (by the leaderboard), the others in grey.
MANY_SOLVERS = 10
BEST_SOLVERS = 8


#: The axes of the performance profiles.
PERFORMANCE_LABELS = ("tau: cost within this factor of the cheapest solver's",
                      "fraction of instances")


def performance_chart(hits: pd.DataFrame, solvers: list[str], title: str, path: Path,
                      highlight: Sequence[str] | None = None,
                      png: bool = False) -> list[Path]:
    """Compute a view's performance profiles from its `cost_to_target` rows and draw
    them (`optbench.report.profile_charts.step_chart`); a chart job."""
    return step_chart(_performance_panels(hits), solvers, title, *PERFORMANCE_LABELS, path,
                      highlight=highlight, png=png)


def data_profile_chart(convergence: dict[float, pd.DataFrame], solvers: list[str],
                       title: str, path: Path, png: bool = False) -> list[Path]:
    """Compute a view's data profiles from its `convergence_evaluations`, one panel per
    target, and draw them; a chart job."""
    profiles = {_label(tau): data_profile_of(frame, ALPHAS)
                for tau, frame in convergence.items()}
    return step_chart(profiles, solvers, title, "alpha: function evaluations / (n + 1)",
                      "fraction of instances", path, png=png)


def ecdf_chart(runs: pd.DataFrame, runtimes: np.ndarray, solvers: list[str], title: str,
               unit: str, path: Path, png: bool = False) -> list[Path]:
    """Compute a view's runtime ECDF from its runs' solvers and `ecdf_runtimes`
    (log10 of cost per variable) and draw it; a chart job."""
    ecdf = ecdf_of(runs, runtimes)
    ecdf.index = 10.0 ** ecdf.index.to_numpy(dtype=float)
    return step_chart({f"51 targets f* + 1e2 ... f* + 1e-8, {len(runs)} runs": thin(ecdf)},
                      solvers, title, f"{unit} / dimension",
                      "fraction of (instance, target) pairs", path, png=png)


def profile_charts(metrics: RunMetrics, name: str, solvers: list[str], cost: str,
                   out: Path, canvas: Canvas, ranking: Sequence[str] = (),
                   png: bool = False, compare: Sequence[str] | None = None) -> list[Chart]:
    """A view's performance profiles (to an absolute target and under Moré & Wild's
    convergence test), data profile, runtime ECDF and quality profiles, and with
    ``compare`` the log-ratio profile of two solvers, each computed and drawn as a job
    on ``canvas`` (in a worker, beside the rest of the report).

    Parameters
    ----------
    metrics : RunMetrics
        The per-run metrics of the view's runs (`optbench.analysis.metrics`), in
        ``cost``, shared with its leaderboard.
    name : str
        The view's name, for titles and file names.
    solvers : list of str
        All solvers of the report, in the order that fixes their colours.
    cost : str
        The cost the performance profiles and ECDF count (`optbench.analysis.COSTS`).
    out : Path
        The report folder.
    canvas : Canvas
        Where the charts are drawn (`optbench.report.canvas`).
    ranking : sequence of str
        The view's solvers best first (its leaderboard's order): with more than
        `MANY_SOLVERS`, a second performance profile shows the first `BEST_SOLVERS` in
        colour and the others in grey.
    png : bool
        Whether PNGs are written beside the SVGs.
    compare : sequence of two str, optional
        The two solvers of the log-ratio profile (none without; none either when the
        view lacks one of them).
    """
    unit = COST_NAMES[cost]
    stem = anchor(name)
    performance = out / f"performance-profile-{stem}.svg"
    canvas.draw(performance_chart, metrics.hits, solvers,
                f"Performance profiles: {name} ({unit})", performance, png=png)
    best = []
    if len(ranking) > MANY_SOLVERS:
        best_path = out / f"performance-profile-{stem}-best.svg"
        canvas.draw(performance_chart, metrics.hits, solvers,
                    f"Performance profiles: {name} ({unit}), the best {BEST_SOLVERS}",
                    best_path, list(ranking[:BEST_SOLVERS]), png)
        best = [Chart(best_path, f"Performance profiles: the best {BEST_SOLVERS}",
                      f"The same profiles with the {BEST_SOLVERS} solvers the leaderboard "
                      "ranks first in colour and the others in grey, so that the lines "
                      "that matter stay apart.")]
    convergence = out / f"performance-profile-convergence-{stem}.svg"
    canvas.draw(convergence_performance_chart, metrics.convergence, solvers,
                f"Performance profiles, Moré & Wild's test: {name}", convergence, png)
    data = out / f"data-profile-{stem}.svg"
    canvas.draw(data_profile_chart, metrics.convergence, solvers, f"Data profiles: {name}",
                data, png)
    runtime = out / f"ecdf-{stem}.svg"
    canvas.draw(ecdf_chart, metrics.runs[["solver"]], metrics.runtimes, solvers,
                f"Runtime ECDF: {name}", unit, runtime, png)
    quality, zoomed = out / f"quality-profile-{stem}.svg", out / f"quality-zoomed-{stem}.svg"
    ratios = form_ratios(metrics.runs, metrics.starts, metrics.reference)
    canvas.draw(quality_charts, ratios, solvers, name, quality, zoomed, png)
    extra = [
        Chart(quality, "Quality profiles (Fasano, Piermarini & Roma)", QUALITY_AID),
        Chart(zoomed, "Quality profiles, zoomed", ZOOMED_AID),
    ]
    present = set(metrics.runs["solver"])
    if compare is not None and len(compare) == 2 and set(compare) <= present:
        first, second = compare
        ratio = out / f"log-ratio-{stem}.svg"
        canvas.draw(log_ratio_chart, metrics.hits, list(TARGETS), first, second, solvers,
                    f"Log-ratio profiles: {first} against {second}, {name} ({unit})",
                    ratio, png)
        extra.append(Chart(ratio, f"Log-ratio profile: {first} against {second}",
                           LOG_RATIO_AID.format(first=first, second=second, unit=unit)))
    return [
        Chart(performance, "Performance profiles (Dolan & Moré)",
              "Each line: the fraction of instances a solver solves at a cost within a "
              "factor tau of the cheapest solver's; at tau = 1 how often it is the "
              "cheapest, at the right end how often it solves at all. Higher is better."),
        *best,
        Chart(convergence, "Performance profiles, Moré & Wild's convergence test",
              CONVERGENCE_PERFORMANCE_AID),
        Chart(data, "Data profiles (Moré & Wild)",
              "Each line: the fraction of instances solved (f(x0) - f >= (1 - tau)(f(x0) - "
              "f_L), f_L the best any solver found) within alpha (n + 1) function "
              "evaluations, that is alpha simplex gradients. Higher and further left is "
              "better."),
        Chart(runtime, "Runtime ECDF (COCO)",
              "Each line: the fraction of (instance, target) pairs reached, 51 targets from "
              "f* + 100 down to f* + 1e-8, against cost per variable; unreached pairs stay "
              "in the count. Higher and further left is better; the right end is all it "
              "ever reached."),
        *extra,
    ]


#: The reading aids of the analyses' charts.
CONVERGENCE_PERFORMANCE_AID = (
    "The performance profiles as Moré & Wild and OptiProfiler draw them: an instance is "
    "solved at the first evaluation where f(x0) - f >= (1 - tau)(f(x0) - f_L), f_L the "
    "best any solver found, not at an absolute distance from f*; the cost is function "
    "evaluations. Compare these with published profiles. Higher is better.")
QUALITY_AID = (
    "Each line: the fraction of instances where the solver's final f - f* is at most "
    "tau (f_0 - f*), f* certified. Weak: f_0 = f(x0), how much of the way from the start "
    "to f* the solver went; strong: f_0 = the worst final value any solver reached. At "
    "tau = 0 the instances solved to f* exactly; a failed run never counts. The third "
    "panel resamples the instances (1000 times, seeded) and draws the weak profile's "
    "median with its 5-95 % band: how much the profile owes to this test set. Higher "
    "is better.")
ZOOMED_AID = (
    "The same profiles at tau = 10^-k, against k: further right is closer to f*. A line "
    "that stays high far to the right solves to high accuracy relative to its start.")
LOG_RATIO_AID = (
    "Each bar an instance, sorted: log2 of {first}'s cost ({unit}) to the target over "
    "{second}'s. Below 0 {first} was cheaper, above 0 {second}; a bar at the far end "
    "(1.1 times the largest ratio) is an instance only one of them solved, grey ones "
    "neither solved. The areas on each side show by how much each wins where it wins.")


def views(runs: pd.DataFrame, traces: pd.DataFrame, solvers: list[str], cost: str,
          out: Path, canvas: Canvas, png: bool = False,
          compare: Sequence[str] | None = None) -> list[View]:
    """All problems first, then each family (in order of appearance), charts drawn on
    ``canvas``.

    A family is given its own view only when the report has more than one family.
    ``solvers`` fixes the order of legends and colours. The per-run metrics are
    computed once, for all views (`optbench.analysis.metrics`). Each view gets its
    solver honesty table and chart (`honesty_section`); ``compare`` names the two
    solvers of the log-ratio profiles, by default the report's two when it has two.
    """
    if compare is None and len(solvers) == 2:
        compare = solvers
    metrics = RunMetrics.compute(runs, traces, cost, TARGETS)
    groups = [("all problems", runs)]
    families = list(runs["family"].unique())
    if len(families) > 1:
        groups += [(family, runs[runs["family"] == family]) for family in families]
    result = []
    for name, part in groups:
        mine = metrics if part is runs else metrics.select(
            (metrics.runs["family"] == name).to_numpy())
        board = leaderboard(part, None, LEADERBOARD_TARGET, cost, mine.reference, mine.hits)
        charts = profile_charts(mine, name, solvers, cost, out, canvas, list(board["solver"]),
                                png, compare)
        honesty, chart = honesty_section(mine, name, solvers, out, canvas, png)
        result.append(View(name, anchor(name), part, board, charts, honesty, chart))
    return result


def honesty_section(metrics: RunMetrics, name: str, solvers: list[str], out: Path,
                    canvas: Canvas, png: bool = False) -> tuple[pd.DataFrame, Chart]:
    """A view's `optbench.analysis.honesty.honesty_table` by solver (at
    `HONESTY_TARGETS`) and its chart, drawn on ``canvas``."""
    table = honesty_table(metrics.runs, HONESTY_TARGETS, metrics.reference)
    path = out / f"honesty-{anchor(name)}.svg"
    canvas.draw(honesty_chart, table, solvers, LEADERBOARD_TARGET,
                f"Solver honesty: {name}", path, png)
    return table, Chart(path, "Solver honesty", HONESTY_AID)


#: The reading aid of the honesty chart.
HONESTY_AID = (
    "Left: each solver's runs that ended with a verdict of its own, split by what it said "
    "(converged: success; maxiter, stalled, diverged: failure) and whether the returned "
    "point is within the leaderboard's target of the certified f*. Red is a false "
    "success, orange a false alarm. Right: the false-success rate (said success, not "
    "within target, over its successes) and the false-alarm rate (said failure, within "
    "target, over its failures) as the target tightens.")
