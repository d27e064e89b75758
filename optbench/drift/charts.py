"""A drift chart per method: its changed runs' counts and accuracy, release by release.

The left panel draws, for each problem whose ``nfev`` changed somewhere, ``nfev``
divided by its value in the earliest measured environment (1.5: half as many again);
the right panel draws ``log10(f - f*)`` of each problem whose
accuracy changed. One line per problem, in the report's colours and markers.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from optbench.report.interactive import save_chart  # noqa: E402
from optbench.report.style import DPI, LEGEND_FONT_SIZE, solver_style  # noqa: E402

#: The panels: metric, y label, whether the value is divided by its first one.
PANELS = (("nfev", "nfev ÷ nfev in the earliest release", True),
          ("log10_f_error", "log10(f - f*)", False))


def chart_name(solver: str) -> str:
    """A file name for a solver spec's chart.

    Examples
    --------
    >>> chart_name("trust-constr[hess=fd]")
    'drift-trust-constr-hess-fd.svg'
    """
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in solver).strip("-")
    while "--" in stem:
        stem = stem.replace("--", "-")
    return f"drift-{stem}.svg"


def _panel(axes: object, values: pd.DataFrame, ylabel: str, relative: bool,
           labels: list[str]) -> None:
    """Draw one panel: a line per problem (rows of ``values``, columns ``labels``)."""
    x = np.arange(len(labels))
    for i, (problem, row) in enumerate(values.iterrows()):
        y = row.to_numpy(dtype=float)
        if relative:
            y = y / y[0] if np.isfinite(y[0]) and y[0] else np.full_like(y, np.nan)
        style = solver_style(i)
        axes.plot(x, y, label=str(problem), linewidth=1.3, markersize=4.5,  # type: ignore[attr-defined]
                  markerfacecolor="white", **style)
    if relative:
        axes.axhline(1.0, color="0.5", linewidth=0.8)  # type: ignore[attr-defined]
    ticks = [label.replace(" (numpy ", "\nnumpy ").rstrip(")") for label in labels]
    axes.set_xticks(x, ticks, rotation=45, ha="right", fontsize=7)  # type: ignore[attr-defined]
    axes.set_ylabel(ylabel)  # type: ignore[attr-defined]
    axes.grid(True, alpha=0.3)  # type: ignore[attr-defined]
    axes.legend(fontsize=LEGEND_FONT_SIZE - 1, ncols=1 + len(values) // 20,  # type: ignore[attr-defined]
                loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


def write_chart(solver: str, table: pd.DataFrame, changes: pd.DataFrame, labels: list[str],
                folder: Path) -> Path | None:
    """Draw ``solver``'s chart into ``folder``; ``None`` where no nfev or accuracy of
    it changed (nothing to draw).

    Parameters
    ----------
    solver : str
        The solver spec.
    table : DataFrame
        `optbench.drift.results.read_results`' table.
    changes : DataFrame
        `optbench.drift.changes.find_changes`' rows of this solver.
    labels : list of str
        The environments' labels, oldest first.
    folder : Path
        Where the SVG goes (`chart_name`).
    """
    panels = []
    for metric, ylabel, relative in PANELS:
        problems = sorted(set(changes.loc[changes["metric"] == metric, "problem"]))
        if not problems:
            continue
        rows = table[(table["solver"] == solver) & (table["metric"] == metric)
                     & table["problem"].isin(problems)]
        values = rows.pivot_table(index="problem", columns="environment", values="value",
                                  aggfunc="first", dropna=False).reindex(columns=labels)
        panels.append((values, ylabel, relative))
    if not panels:
        return None
    height = max(4.4, 1.6 + 0.17 * max(min(len(values), 20) for values, _, _ in panels))
    figure, axes = plt.subplots(1, len(panels), figsize=(6.6 * len(panels), height),
                                squeeze=False, dpi=DPI)
    for ax, (values, ylabel, relative) in zip(axes[0], panels, strict=True):
        _panel(ax, values, ylabel, relative, labels)
    figure.suptitle(f"{solver}: runs whose counts or accuracy changed", fontsize=11)
    figure.tight_layout()
    folder.mkdir(parents=True, exist_ok=True)
    (path,) = save_chart(figure, folder / chart_name(solver), DPI)
    plt.close(figure)
    return path
