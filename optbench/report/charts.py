"""Convergence charts: f - f* against function evaluations, one line per solver."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
import pandas as pd  # noqa: E402

from optbench.analysis import error_curve  # noqa: E402

#: Values at or below f* (rounding) are drawn here.
FLOOR = 1e-16


def chart_filename(problem: str) -> str:
    """A file name for a problem's chart: ``convergence-rosenbrock_n_3.png``.

    Examples
    --------
    >>> chart_filename("logreg-seed[seed=1234]")
    'convergence-logreg-seed_seed_1234.png'
    """
    return "convergence-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", problem).strip("_") + ".png"


def convergence_chart(problem: str, runs: pd.DataFrame, traces: pd.DataFrame,
                      path: Path) -> Path:
    """Draw best f - f* so far against evaluations for every run of one problem.

    Each solver has one colour; several starts draw several lines of that colour.
    """
    figure, axes = plt.subplots(figsize=(7.0, 4.2), dpi=100)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    by_run = dict(tuple(traces.groupby("run_id", sort=False)))
    for i, (solver, group) in enumerate(runs.groupby("solver", sort=False)):
        colour = colours[i % len(colours)]
        label: str | None = solver
        for run in group.itertuples():
            trace = by_run.get(run.run_id)
            if trace is None or trace.empty:
                continue
            curve = error_curve(trace, float(run.f_opt), FLOOR)
            axes.step(curve["evaluation"], curve["error"], where="post", color=colour,
                      label=label, linewidth=1.4, alpha=1.0 if run.start == 0 else 0.4)
            label = None
    axes.set_yscale("log")
    axes.set_xscale("log")
    axes.set_xlabel("function evaluations (finite differences included)")
    axes.set_ylabel("best f - f* so far")
    axes.set_title(problem)
    axes.grid(True, which="major", alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=8, loc="best")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def write_charts(frame: pd.DataFrame, traces: pd.DataFrame, out: Path) -> list[Path]:
    """One PNG per problem under ``out``; returns their paths."""
    return [
        convergence_chart(problem, runs, traces, out / chart_filename(problem))
        for problem, runs in frame.groupby("problem", sort=False)
    ]
