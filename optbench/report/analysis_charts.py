"""The charts of the analyses: solver honesty, quality profiles, performance profiles
under Moré & Wild's convergence test, and log-ratio profiles of two solvers.

Each function computes what it draws from a view's per-run tables and writes an SVG
(and with ``png`` a PNG): a chart job for `optbench.report.canvas.Canvas`, in the
style of every chart of the report (`optbench.report.style`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from optbench.analysis.honesty import honesty_at  # noqa: E402
from optbench.analysis.log_ratio import log_ratio_profile  # noqa: E402
from optbench.analysis.profiles import (  # noqa: E402
    convergence_cost_table,
    cost_table,
)
from optbench.analysis.quality import (  # noqa: E402
    BAND,
    RESAMPLES,
    quality_profile,
    test_set_profile,
    zoomed_quality_profile,
)
from optbench.report.interactive import save_chart, tag_legend  # noqa: E402
from optbench.report.profile_charts import step_chart  # noqa: E402
from optbench.report.style import (  # noqa: E402
    DPI,
    LEGEND_FONT_SIZE,
    TITLE_Y,
    draw_line,
    finish_axes,
    legend_columns,
    legend_width,
    solver_style,
)

#: The colours of the four cells of a solver's honesty confusion.
CELL_COLOURS = {"success_within": "#2ca02c", "success_outside": "#d62728",
                "failure_within": "#ff7f0e", "failure_outside": "0.7"}
#: What each cell is called in the legend.
CELL_LABELS = {"success_within": "said success, within target",
               "success_outside": "said success, not within (false success)",
               "failure_within": "said failure, within target (false alarm)",
               "failure_outside": "said failure, not within"}


def target_label(tau: float) -> str:
    """A target as panel titles name it.

    Examples
    --------
    >>> target_label(1e-5)
    'target 1e-5'
    """
    return f"target 1e{int(round(np.log10(tau))):d}"


def _legend(figure: Any, axes_list: list[Any], solvers: list[str], right: float,
            width: float, height: float) -> None:
    entries: dict[str, Any] = {}
    for axes in axes_list:
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    if not entries:
        return
    labels = sorted(entries, key=lambda label: (label not in solvers,
                                                solvers.index(label) if label in solvers
                                                else 0))
    tag_legend(figure.legend([entries[label] for label in labels], labels,
                             fontsize=LEGEND_FONT_SIZE, loc="upper left", frameon=False,
                             ncol=legend_columns(len(labels)),
                             bbox_to_anchor=(right + 0.2 / width, 1.0 - 0.9 / height)),
               solvers)


def honesty_chart(table: pd.DataFrame, solvers: list[str], tau: float, title: str,
                  path: Path, png: bool = False) -> list[Path]:
    """Draw a view's `optbench.analysis.honesty.honesty_table` (grouped by solver): the
    2 x 2 confusion of each solver at target ``tau`` as a bar of its four cells (shares
    of its runs with a verdict), and the false-success and false-alarm rates against
    the target, a line per solver; a chart job."""
    at = honesty_at(table, tau)
    shown = [s for s in solvers if s in set(at["solver"])]
    at = at.set_index("solver").reindex(shown)
    labels = [*shown, *CELL_LABELS.values()]
    side = legend_width(labels, legend_columns(len(labels)))
    bars_height = 0.9 + 0.22 * len(shown)
    width = 0.9 + 3 * 4.2 + 2 * 0.9 + 0.3 + side + 1.5
    height = max(3.6, bars_height, 1.2 + 0.2 * len(labels))
    figure = plt.figure(figsize=(width, height), dpi=100)
    left = (0.9 + 1.5) / width
    panel = 4.2 / width
    gap = 0.9 / width
    bottom, top = 0.65 / height, 1.0 - 0.9 / height
    bars = figure.add_axes((left, bottom, panel, top - bottom))
    cells = at[list(CELL_COLOURS)].fillna(0).to_numpy(dtype=float)
    total = cells.sum(axis=1, keepdims=True)
    shares = np.divide(cells, total, out=np.zeros_like(cells), where=total > 0)
    y = np.arange(len(shown))[::-1]
    start = np.zeros(len(shown))
    for column, share in zip(CELL_COLOURS, shares.T, strict=True):
        bars.barh(y, share, left=start, color=CELL_COLOURS[column], height=0.7,
                  label=CELL_LABELS[column])
        start += share
    bars.set_yticks(y, [s if len(s) <= 24 else s[:23] + "…" for s in shown], fontsize=8)
    bars.set_xlim(0, 1)
    bars.set_xlabel("share of the runs with a verdict")
    bars.set_title(f"{target_label(tau)}: claim against truth", fontsize=10, y=TITLE_Y)
    rates = []
    for i, (column, name) in enumerate((("false_success", "false-success rate"),
                                        ("false_alarm", "false-alarm rate"))):
        axes = figure.add_axes((left + (i + 1) * (panel + gap), bottom, panel, top - bottom))
        for solver in shown:
            rows = table[table["solver"] == solver].sort_values("tau")
            x = rows["tau"].to_numpy(dtype=float)
            values = rows[column].to_numpy(dtype=float)
            keep = np.isfinite(values)
            if keep.any():
                draw_line(axes, x[keep], values[keep], solvers.index(solver), solver,
                          step=False, linewidth=1.3)
        axes.set_xscale("log")
        taus = table["tau"].to_numpy(dtype=float)
        if taus.size:  # loosest on the left, tighter targets to the right
            axes.set_xlim(float(taus.max()) * 2.0, float(taus.min()) / 2.0)
        axes.set_ylim(-0.02, 1.02)
        axes.grid(True, alpha=0.3)
        axes.set_xlabel("target tau (tighter to the right)")
        axes.set_title(name, fontsize=10, y=TITLE_Y)
        rates.append(axes)
    rates[0].set_ylabel("fraction of claims")
    right = left + 3 * panel + 2 * gap
    _legend(figure, [bars, *rates], solvers, right, width, height)
    figure.suptitle(title)
    finish_axes(figure)
    written = save_chart(figure, path, DPI, png)
    plt.close(figure)
    return written


def changes(table: pd.DataFrame, *others: np.ndarray) -> np.ndarray:
    """Which rows of a step-function table (and of ``others``, arrays with a row per
    row of it) to draw: the first, the last and each where some value changes. Drawn
    as right-continuous steps, the kept rows give the same curves as all of them.

    Examples
    --------
    >>> table = pd.DataFrame({"a": [0.0, 0.0, 0.5, 0.5, 0.5]})
    >>> changes(table).tolist()
    [True, False, True, False, True]
    """
    values = np.column_stack([table.to_numpy(dtype=float),
                              *(np.asarray(o, dtype=float).reshape(len(table), -1)
                                for o in others)]) if len(table) else np.zeros((0, 1))
    keep = np.ones(len(table), dtype=bool)
    if len(table) > 2:
        same = (values[1:] == values[:-1]) | (np.isnan(values[1:]) & np.isnan(values[:-1]))
        keep[1:-1] = ~same.all(axis=1)[:-1]
    return keep


def _compact(table: pd.DataFrame) -> pd.DataFrame:
    return table[changes(table)]


#: The axis of the quality profiles.
QUALITY_X = "tau: f - f* within this fraction of f_0 - f*"


def quality_charts(ratios: Mapping[str, pd.DataFrame], solvers: list[str], name: str,
                   path: Path, zoomed_path: Path, png: bool = False) -> list[Path]:
    """Draw a view's quality profiles from its quality ratios by form (``weak``,
    ``strong``: `optbench.analysis.quality.quality_ratios`): the two profiles and the
    weak form's test-set profile (median and 5-95 % band over `RESAMPLES` resamples) in
    one chart, the zoomed profiles in another; a chart job."""
    weak, strong = ratios["weak"], ratios["strong"]
    count = len(weak)
    band = test_set_profile(weak)
    low, median, high = BAND
    middle = pd.DataFrame({s: band[(s, median)] for s in weak.columns}, index=band.index)
    keep = changes(middle, band.to_numpy(dtype=float))
    middle = middle[keep]
    bands = {s: (band[(s, low)].to_numpy()[keep], band[(s, high)].to_numpy()[keep])
             for s in weak.columns}
    test_title = f"test-set profile (weak): median, 5-95 % of {RESAMPLES} resamples"
    panels = {f"weak: f_0 = f(x0), {count} instances": _compact(quality_profile(weak)),
              "strong: f_0 = the worst solver's final f": _compact(quality_profile(strong)),
              test_title: middle}
    written = step_chart(panels, solvers, f"Quality profiles: {name}", QUALITY_X,
                         "fraction of instances", path, log_x=False, png=png,
                         bands={test_title: bands})
    zoomed = {"weak: f_0 = f(x0)": _compact(zoomed_quality_profile(weak)),
              "strong: f_0 = the worst solver's final f":
                  _compact(zoomed_quality_profile(strong))}
    written += step_chart(zoomed, solvers, f"Quality profiles, zoomed: {name}",
                          "k: tau = 10^-k (f - f* within 10^-k (f_0 - f*))",
                          "fraction of instances", zoomed_path, log_x=False, png=png)
    return written


def convergence_performance_chart(convergence: Mapping[float, pd.DataFrame],
                                  solvers: list[str], title: str, path: Path,
                                  png: bool = False) -> list[Path]:
    """Draw a view's performance profiles with Moré & Wild's convergence test as the
    criterion (`optbench.analysis.profiles.convergence_performance_profile`), a panel
    per test tolerance, from its `convergence_evaluations`; a chart job."""
    from optbench.report.families import ratio_panels  # here: families imports this module

    tables = {f"test tau = 1e{int(round(np.log10(tau))):d}": convergence_cost_table(frame)
              for tau, frame in convergence.items()}
    return step_chart(ratio_panels(tables), solvers, title,
                      "ratio: function evaluations within this factor of the cheapest "
                      "solver's", "fraction of instances", path, png=png)


def log_ratio_chart(hits: pd.DataFrame, taus: list[float], first: str, second: str,
                    solvers: list[str], title: str, path: Path,
                    png: bool = False) -> list[Path]:
    """Draw the log-ratio profiles (`optbench.analysis.log_ratio.log_ratio_profile`) of
    ``first`` against ``second`` from a view's `cost_to_target` rows, a panel per target:
    the sorted log2 cost ratios as bars in the colour of the cheaper solver, the
    instances neither solved in grey; a chart job."""
    count = len(taus)
    columns = 1 if count == 1 else 2
    rows = -(-count // columns)
    labels = [f"first, {first}, cheaper (below 0)", f"second, {second}, cheaper (above 0)",
              "neither solved"]
    side = legend_width(labels, 1)
    panel_width = 6.4 if columns == 1 else 4.6
    width = 0.9 + columns * panel_width + (columns - 1) * 0.5 + 0.3 + side
    height = 0.9 + 3.4 * rows
    figure, grid = plt.subplots(rows, columns, figsize=(width, height), dpi=100,
                                squeeze=False)
    right = (0.9 + columns * panel_width + (columns - 1) * 0.5) / width
    figure.subplots_adjust(left=0.9 / width, right=right, bottom=0.6 / height,
                           top=1.0 - (0.9 if rows == 1 else 1.0) / height, hspace=0.45,
                           wspace=0.5 / panel_width)
    colour_first = solver_style(solvers.index(first))["color"]
    colour_second = solver_style(solvers.index(second))["color"]
    for axes, tau in zip(grid.flat, taus, strict=False):
        profile = log_ratio_profile(cost_table(hits, tau), first, second)
        values = profile["log_ratio"].to_numpy(dtype=float)
        neither = (profile["outcome"] == "neither").to_numpy()
        edges = np.arange(values.size + 1, dtype=float)
        stepped = np.append(values, values[-1:]) if values.size else values
        high = float(np.abs(values).max(initial=0.0)) or 1.0
        if values.size:
            axes.fill_between(edges, 0, np.minimum(stepped, 0), step="post",
                              color=colour_first, linewidth=0, label=labels[0])
            axes.fill_between(edges, 0, np.maximum(stepped, 0), step="post",
                              color=colour_second, linewidth=0, label=labels[1])
            mask = np.append(neither, neither[-1:])
            axes.fill_between(edges, -high, high, where=mask, step="post", color="0.88",
                              linewidth=0, label=labels[2], zorder=0)
        axes.axhline(0.0, color="0.3", linewidth=0.6)
        axes.set_xlim(0, max(values.size, 1))
        axes.set_ylim(-1.05 * high, 1.05 * high)
        wins = (values < 0).sum(), (values > 0).sum()
        axes.set_title(f"{target_label(tau)}: {first} {wins[0]}, {second} {wins[1]}, "
                       f"of {values.size}", fontsize=10, y=TITLE_Y)
        axes.grid(True, axis="y", alpha=0.3)
        axes.set_xlabel("instances, sorted by the ratio")
    for axes in grid[:, 0]:
        axes.set_ylabel("log2(cost ratio): below 0 first cheaper")
    for axes in list(grid.flat)[count:]:
        axes.set_visible(False)
    handles, names = grid.flat[0].get_legend_handles_labels()
    if handles:
        figure.legend(handles, names, fontsize=LEGEND_FONT_SIZE, loc="upper left",
                      frameon=False,
                      bbox_to_anchor=(right + 0.2 / width, 1.0 - 0.9 / height))
    figure.suptitle(title)
    finish_axes(figure)
    written = save_chart(figure, path, DPI, png)
    plt.close(figure)
    return written
