"""Convergence charts: best f - f* against function evaluations, one line per solver.

A solver with one run on a problem is drawn as that run's step curve; with several runs
(starts, seeds) as the median over runs with the band between the quartiles.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from optbench.analysis import error_curve, error_quantiles, log_grid  # noqa: E402
from optbench.families import Measure, measure_of  # noqa: E402
from optbench.report.canvas import Canvas  # noqa: E402
from optbench.report.style import solver_style  # noqa: E402

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
    """A file name for a problem's chart: ``convergence-rosenbrock_n_3.png``.

    Examples
    --------
    >>> chart_filename("logreg-seed[seed=1234]")
    'convergence-logreg-seed_seed_1234.png'
    """
    return "convergence-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", problem).strip("_") + ".png"


def convergence_chart(problem: str, runs: pd.DataFrame, curves: dict[str, np.ndarray],
                      path: Path, solvers: list[str] | None = None,
                      f_ref: float | None = None, estimated: bool = False) -> Path:
    """Draw one problem's chart: a line per solver, a quartile band where it has several runs.

    ``solvers`` (all of the report's, in order) fixes each solver's colour and style.
    The curves are measured from ``f_ref`` (default the runs' f*); where it is
    ``estimated`` (`optbench.analysis.targets.reference_values`: f* unknown, the best
    value any run found), the title says so.
    """
    figure, axes = plt.subplots(figsize=(9.0, 4.6), dpi=100)
    figure.subplots_adjust(left=0.08, right=0.68, bottom=0.12, top=0.92)
    solvers = solvers or list(runs["solver"].unique())
    f_opt = float(runs["f_opt"].iloc[0]) if f_ref is None else f_ref
    for solver, group in runs.groupby("solver", sort=False):
        style = solver_style(solvers.index(solver))
        traced = [curves[run_id] for run_id in group["run_id"]
                  if run_id in curves and curves[run_id].size]
        if len(traced) == 1:
            errors = error_curve(traced[0], f_opt, FLOOR)
            axes.step(range(1, errors.size + 1), errors, where="post", label=solver,
                      linewidth=1.4, **style)
        elif traced:
            grid = log_grid(max(curve.size for curve in traced))
            low, median, high = error_quantiles(traced, f_opt, grid, FLOOR)
            axes.plot(grid, median, linewidth=1.4, label=f"{solver} (median of {len(traced)})",
                      **style)
            axes.fill_between(grid, low, high, color=style["color"], alpha=0.2, linewidth=0)
    axes.set_yscale("log")
    axes.set_xscale("log")
    axes.set_xlabel("function evaluations (finite differences included)")
    axes.set_ylabel(y_label(runs["family"]) if "family" in runs else Y_LABEL)
    axes.set_title(f"{problem} (f* unknown: measured from the best found, estimated)"
                   if estimated else problem)
    axes.grid(True, which="major", alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        # Beside the axes: a family has dozens of solvers ("best" would also scan every vertex).
        axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    figure.savefig(path)
    plt.close(figure)
    return path


def write_charts(frame: pd.DataFrame, curves: dict[str, np.ndarray], reference: pd.DataFrame,
                 out: Path, canvas: Canvas) -> None:
    """One PNG per problem under ``out``, drawn on ``canvas``, each measured from its
    ``reference`` value (`optbench.analysis.targets.reference_values`)."""
    solvers = list(frame["solver"].unique())
    for problem, runs in frame.groupby("problem", sort=False):
        mine = {run_id: curves[run_id] for run_id in runs["run_id"] if run_id in curves}
        canvas.draw(convergence_chart, problem, runs, mine, out / chart_filename(problem),
                    solvers, float(reference["f_ref"].get(problem, np.nan)),
                    bool(reference["estimated"].get(problem, False)))
