"""Convergence charts: best f - f* against function evaluations, one line per solver.

A solver with one run on a problem is drawn as that run's step curve; with several runs
(starts, seeds) as the median over runs with the band between the quartiles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from optbench.analysis import error_curve, error_quantiles, log_grid  # noqa: E402
from optbench.families import Measure, measure_of  # noqa: E402
from optbench.report.canvas import Canvas  # noqa: E402
from optbench.report.interactive import save_chart, tag_band, tag_legend  # noqa: E402
from optbench.report.style import (  # noqa: E402
    DPI,
    LEGEND_FONT_SIZE,
    TITLE_Y,
    draw_context,
    draw_line,
    finish_axes,
    legend_width,
    log_limits,
    solver_style,
)

#: Values at or below f* (rounding) are drawn here.
FLOOR = 1e-16
#: What the y axis shows: f - f*, or for equations (f* = 0) the residual itself.
Y_LABEL = Measure.OBJECTIVE.axis
ROOT_Y_LABEL = Measure.RESIDUAL.axis


def y_label(families: pd.Series) -> str:
    """The axis of the families' shared measure (`optbench.families.measure_of`): the
    residual where every run is of an equation family, else ``f - f*``.

    Examples
    --------
    >>> y_label(pd.Series(["scalar roots"])), y_label(pd.Series(["MGH"]))
    ('best residual |f(x)| or ||F(x)|| so far', 'best f - f* so far')
    """
    return measure_of(families.unique()).axis if len(families) else Y_LABEL


def chart_filename(problem: str) -> str:
    """A file name for a problem's chart: ``convergence-rosenbrock_n_3.svg``.

    Examples
    --------
    >>> chart_filename("logreg-seed[seed=1234]")
    'convergence-logreg-seed_seed_1234.svg'
    """
    return "convergence-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", problem).strip("_") + ".svg"


#: The most points a single run's step curve is drawn with (a gd run has 10 000).
MAX_DRAWN = 1000
#: The most solvers one panel of a convergence chart shows in colour; a problem with
#: more gets one panel per group of at most this many, the others drawn in grey behind.
PANEL_SOLVERS = 8


class Line(NamedTuple):
    """A solver's line: x, its curve (its run's, or the median of its runs), the
    quartile band (``(low, high)``, ``None`` for one run) and its number of runs."""

    x: np.ndarray
    y: np.ndarray
    band: tuple[np.ndarray, np.ndarray] | None
    runs: int


def _solver_lines(runs: pd.DataFrame, curves: dict[str, np.ndarray],
                  f_opt: float) -> dict[str, Line]:
    """Each solver's `Line` on one problem."""
    lines: dict[str, Line] = {}
    for solver, group in runs.groupby("solver", sort=False):
        traced = [curves[run_id] for run_id in group["run_id"]
                  if run_id in curves and curves[run_id].size]
        if len(traced) == 1:
            errors = error_curve(traced[0], f_opt, FLOOR)
            # drawn at up to MAX_DRAWN log-spaced evaluations, its value in force there
            x = log_grid(errors.size, MAX_DRAWN) if errors.size > MAX_DRAWN else np.arange(
                1, errors.size + 1)
            lines[solver] = Line(x, errors[x - 1], None, 1)
        elif traced:
            grid = log_grid(max(curve.size for curve in traced))
            low, median, high = error_quantiles(traced, f_opt, grid, FLOOR)
            lines[solver] = Line(grid, median, (low, high), len(traced))
    return lines


def panel_groups(solvers: list[str], size: int = PANEL_SOLVERS) -> list[list[str]]:
    """``solvers`` cut into as few panels of at most ``size`` as it takes, evenly.

    Examples
    --------
    >>> [len(group) for group in panel_groups([str(i) for i in range(29)])]
    [8, 7, 7, 7]
    >>> panel_groups(["a", "b"])
    [['a', 'b']]
    """
    count = max(1, -(-len(solvers) // size))
    return [list(group) for group in np.array_split(np.array(solvers, dtype=object), count)]


def convergence_chart(problem: str, runs: pd.DataFrame, curves: dict[str, np.ndarray],
                      path: Path, solvers: list[str] | None = None,
                      f_ref: float | None = None, estimated: bool = False,
                      png: bool = False) -> list[Path]:
    """Draw one problem's chart: a line per solver, a quartile band where it has several
    runs; with more than `PANEL_SOLVERS` solvers, small multiples: one panel per group
    of solvers in colour, every other solver's line in grey behind them.

    ``solvers`` (all of the report's, in order) fixes each solver's colour, marker and
    line style (`optbench.report.style`). The curves are measured from ``f_ref``
    (default the runs' f*); where it is ``estimated``
    (`optbench.analysis.targets.reference_values`: f* unknown, the best value any run
    found), the title says so. Written as an SVG, and with ``png`` a PNG too
    (`optbench.report.interactive.save_chart`); returns the paths.
    """
    solvers = solvers or list(runs["solver"].unique())
    f_opt = float(runs["f_opt"].iloc[0]) if f_ref is None else f_ref
    lines = _solver_lines(runs, curves, f_opt)
    groups = panel_groups(sorted(lines, key=solvers.index)) if lines else [[]]
    labels = {solver: solver if line.runs == 1 else f"{solver} (median of {line.runs})"
              for solver, line in lines.items()}
    side = legend_width(list(labels.values()), 1)
    per_panel = 3.2 if len(groups) > 1 else 4.6
    width, height = 0.8 + 6.4 + 0.3 + side, 0.9 + per_panel * len(groups)
    figure, grid = plt.subplots(len(groups), 1, figsize=(width, height), dpi=100,
                                squeeze=False, sharex=True, sharey=True)
    figure.subplots_adjust(left=0.8 / width, right=(0.8 + 6.4) / width, bottom=0.6 / height,
                           top=1.0 - 0.5 / height, hspace=0.12)
    drawn = list(lines.values())
    xlim = log_limits([line.x for line in drawn])
    ylim = log_limits([y for line in drawn for y in (line.y, *(line.band or ()))])
    for axes, group in zip(grid[:, 0], groups, strict=True):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_autoscale_on(False)  # the limits are known: no autoscaling per artist
        axes.set_xlim(xlim)
        axes.set_ylim(ylim)
        if len(groups) > 1:  # the other solvers as context
            draw_context(axes, [(lines[s].x, lines[s].y, lines[s].band is None)
                                for s in sorted(lines.keys() - set(group), key=solvers.index)])
        for solver in group:
            line = lines[solver]
            i = solvers.index(solver)
            draw_line(axes, line.x, line.y, i, labels[solver], step=line.band is None)
            if line.band is not None:
                band = axes.fill_between(line.x, *line.band, color=solver_style(i)["color"],
                                         alpha=0.2 if len(group) <= 4 else 0.1, linewidth=0)
                tag_band(band, i, labels[solver])
        axes.set_ylabel(y_label(runs["family"]) if "family" in runs else Y_LABEL)
        axes.grid(True, which="major", alpha=0.3)
        if group:  # beside the axes: a family has dozens of solvers
            tag_legend(axes.legend(fontsize=LEGEND_FONT_SIZE, loc="upper left",
                                   bbox_to_anchor=(1.02, 1.0), frameon=False), solvers)
    grid[-1, 0].set_xlabel("function evaluations (finite differences included)")
    grid[0, 0].set_title(f"{problem} (f* unknown: measured from the best found, estimated)"
                         if estimated else problem, y=TITLE_Y)
    finish_axes(figure)
    written = save_chart(figure, path, DPI, png)
    plt.close(figure)
    return written


def write_charts(frame: pd.DataFrame, curves: dict[str, np.ndarray], reference: pd.DataFrame,
                 out: Path, canvas: Canvas, png: bool = False) -> None:
    """One chart per problem under ``out`` (an SVG, and with ``png`` a PNG), drawn on
    ``canvas``, each measured from its ``reference`` value
    (`optbench.analysis.targets.reference_values`)."""
    solvers = list(frame["solver"].unique())
    for problem, runs in frame.groupby("problem", sort=False):
        mine = {run_id: curves[run_id] for run_id in runs["run_id"] if run_id in curves}
        canvas.draw(convergence_chart, problem, runs, mine, out / chart_filename(problem),
                    solvers, float(reference["f_ref"].get(problem, np.nan)),
                    bool(reference["estimated"].get(problem, False)), png)
