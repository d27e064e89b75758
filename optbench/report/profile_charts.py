"""Profile charts: performance profiles, data profiles and runtime ECDFs, a line per solver.

Each chart is drawn from a table with the x grid as index and one column of fractions
per solver (what `optbench.analysis.profiles` and `optbench.analysis.ecdf` return), as
a right-continuous step function.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from optbench.report.interactive import save_chart, tag_band, tag_legend  # noqa: E402
from optbench.report.style import (  # noqa: E402
    DPI,
    LEGEND_FONT_SIZE,
    TITLE_Y,
    draw_context,
    draw_line,
    finish_axes,
    legend_columns,
    legend_width,
    solver_style,
)


def step_chart(panels: Mapping[str, pd.DataFrame], solvers: list[str], title: str,
               xlabel: str, ylabel: str, path: Path, log_x: bool = True,
               highlight: Sequence[str] | None = None, png: bool = False,
               bands: Mapping[str, Mapping[str, tuple[np.ndarray, np.ndarray]]] | None = None,
               ) -> list[Path]:
    """Draw one or more panels of step curves (a line per solver) and save them as an
    SVG (and with ``png`` a PNG; `optbench.report.interactive.save_chart`).

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
        Where to write the chart (its suffix is set by the format).
    log_x : bool
        Whether the x axis is logarithmic.
    highlight : sequence of str, optional
        The solvers to draw in their style; the others are drawn thin and grey behind
        them, and the legend names them in one entry. Default: every solver in its style.
    png : bool
        Whether to write a PNG beside the SVG.
    bands : mapping, optional
        Per panel title, per solver, ``(low, high)`` arrays on the panel's x grid: a
        band drawn in the solver's colour behind its line (a test-set profile's 5-95 %).

    Returns
    -------
    list of Path
        The files written.
    """
    count = len(panels)
    columns = 1 if count == 1 else 2
    rows = -(-count // columns)
    shown = sorted({solver for table in panels.values() for solver in table.columns},
                   key=solvers.index)
    coloured = set(shown if highlight is None else highlight)
    greyed = [solver for solver in shown if solver not in coloured]
    shown = [solver for solver in shown if solver in coloured] + (
        [f"the other {len(greyed)} solvers"] if greyed else [])
    legend = legend_columns(len(shown))
    side = legend_width(shown, legend)
    panel_width = 6.4 if columns == 1 else 4.6
    width = 0.9 + columns * panel_width + (columns - 1) * 0.3 + 0.3 + side
    # Tall enough for the legend beside the panels: about 0.2 in a solver.
    height = max(0.9 + 3.4 * rows, 1.2 + 0.2 * -(-len(shown) // legend))
    figure, grid = plt.subplots(rows, columns, figsize=(width, height), dpi=100,
                                squeeze=False, sharey=True)
    right = (0.9 + columns * panel_width + (columns - 1) * 0.3) / width
    figure.subplots_adjust(left=0.9 / width, right=right, bottom=0.6 / height,
                           top=1.0 - (0.9 if rows == 1 else 1.0) / height, hspace=0.35,
                           wspace=0.3 / panel_width)
    for axes, (panel, table) in zip(grid.flat, panels.items(), strict=False):
        x = table.index.to_numpy(dtype=float)
        keep = np.isfinite(x)
        context = []
        for solver in sorted(table.columns, key=solvers.index):
            y = table[solver].to_numpy(dtype=float)
            band = (bands or {}).get(panel, {}).get(solver)
            if band is not None and solver in coloured:
                low, high = (np.asarray(edge, dtype=float)[keep] for edge in band)
                tag_band(axes.fill_between(x[keep], low, high, step="post", alpha=0.15,
                                           linewidth=0,
                                           color=solver_style(solvers.index(solver))["color"]),
                         solvers.index(solver), solver)
            if solver in coloured:
                draw_line(axes, x[keep], y[keep], solvers.index(solver), solver,
                          linewidth=1.3)
            else:
                context.append((x[keep], y[keep], True))
        draw_context(axes, context, f"the other {len(greyed)} solvers")
        if log_x:
            axes.set_xscale("log")
        axes.set_ylim(-0.02, 1.02)
        axes.set_title(panel, fontsize=10, y=TITLE_Y)
        axes.grid(True, alpha=0.3)
        axes.set_xlabel(xlabel)
    for axes in grid[:, 0]:
        axes.set_ylabel(ylabel)
    for axes in list(grid.flat)[count:]:
        axes.set_visible(False)
    entries: dict[str, Any] = {}
    for axes in grid.flat:  # every solver once, in the report's order
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    if entries:
        labels = sorted(entries, key=lambda label: (label not in solvers,
                                                    solvers.index(label) if label in solvers
                                                    else 0))
        tag_legend(figure.legend([entries[label] for label in labels], labels,
                                 fontsize=LEGEND_FONT_SIZE, loc="upper left", frameon=False,
                                 ncol=legend,
                                 bbox_to_anchor=(right + 0.2 / width, 1.0 - 0.9 / height)),
                   solvers)
    figure.suptitle(title)
    finish_axes(figure)
    written = save_chart(figure, path, DPI, png)
    plt.close(figure)
    return written
