"""Profile charts: performance profiles, data profiles and runtime ECDFs, a line per solver.

Each chart is drawn from a table with the x grid as index and one column of fractions
per solver (what `optbench.analysis.profiles` and `optbench.analysis.ecdf` return), as
a right-continuous step function.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from optbench.report.style import solver_style  # noqa: E402


def step_chart(panels: Mapping[str, pd.DataFrame], solvers: list[str], title: str,
               xlabel: str, ylabel: str, path: Path, log_x: bool = True) -> Path:
    """Draw one or more panels of step curves (a line per solver) and save a PNG.

    Parameters
    ----------
    panels : mapping of str to DataFrame
        Panel title to table (index: x grid; columns: solvers; values in [0, 1]).
    solvers : list of str
        Every solver, in the order that fixes its colour across charts.
    title : str
        The figure's title.
    xlabel, ylabel : str
        Axis labels, shared by the panels.
    path : Path
        Where to write the PNG.
    log_x : bool
        Whether the x axis is logarithmic.

    Returns
    -------
    Path
        ``path``.
    """
    count = len(panels)
    columns = 1 if count == 1 else 2
    rows = -(-count // columns)
    width = 9.0 if columns == 1 else 12.0
    # Tall enough for the legend beside the panels: about 0.19 in a solver.
    height = max(0.6 + 3.4 * rows, 0.8 + 0.19 * len(solvers))
    figure, grid = plt.subplots(rows, columns, figsize=(width, height), dpi=90,
                                squeeze=False, sharey=True)
    figure.subplots_adjust(left=0.08, right=0.74 if columns == 2 else 0.68,
                           bottom=0.14 if rows == 1 else 0.08, top=0.85 if rows == 1 else 0.91,
                           hspace=0.35, wspace=0.08)
    for axes, (panel, table) in zip(grid.flat, panels.items(), strict=False):
        for solver in sorted(table.columns, key=solvers.index):
            x = table.index.to_numpy(dtype=float)
            y = table[solver].to_numpy(dtype=float)
            keep = np.isfinite(x)
            axes.step(x[keep], y[keep], where="post", linewidth=1.3, label=solver,
                      **solver_style(solvers.index(solver)))
        if log_x:
            axes.set_xscale("log")
        axes.set_ylim(-0.02, 1.02)
        axes.set_title(panel, fontsize=10)
        axes.grid(True, alpha=0.3)
        axes.set_xlabel(xlabel)
    for axes in grid[:, 0]:
        axes.set_ylabel(ylabel)
    for axes in list(grid.flat)[count:]:
        axes.set_visible(False)
    handles, labels = grid.flat[0].get_legend_handles_labels()
    if handles:
        figure.legend(handles, labels, fontsize=7, loc="upper left", frameon=False,
                      bbox_to_anchor=(0.75 if columns == 2 else 0.69, 0.91))
    figure.suptitle(title)
    figure.savefig(path)
    plt.close(figure)
    return path
