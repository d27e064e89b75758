"""One look for every chart: each solver keeps its colour, marker and line style
throughout, and stays apart from the others up to 30 solvers and beyond.

- **Colours**: Glasbey's categorical palette as colorcet ships it
  (``glasbey_category10``: tab10's ten colours first, then colours chosen to be as far
  apart as possible from all before them), 30 of them.
- **Markers**: ten shapes, cycling faster than the colours, so two solvers never
  share both; past 30 solvers the line style changes too (solid, dashed, dotted,
  dash-dotted).
- **Lines drawn over each other stay visible**: each line carries a few markers,
  staggered per solver along the curve, and one at its end (`draw_line`), so a solver
  whose curve another one covers still shows its markers.
- **Sharp and readable**: every chart is also an SVG (`optbench.report.interactive`),
  vector and sharp at any zoom, which report.html inlines; the PNG beside it, for the
  Markdown summary and quick looks, is at `DPI`. Legends sit outside the axes at
  `LEGEND_FONT_SIZE` points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import colorcet
import numpy as np
from matplotlib.axis import Axis
from matplotlib.collections import LineCollection
from matplotlib.ticker import Formatter, Locator, LogFormatter, NullLocator

from optbench.report.interactive import tag_line

RGB = tuple[float, float, float]

def _legible(colour: Sequence[float]) -> RGB:
    """``colour``, darkened where it is too light to see on white (relative luminance
    above 0.6, scaled down to 0.6)."""
    r, g, b = (float(c) for c in colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    scale = min(1.0, 0.6 / luminance) if luminance > 0 else 1.0
    return (r * scale, g * scale, b * scale)


#: The solver colours: tab10's, then Glasbey's next 20 (colorcet.glasbey_category10),
#: the lightest darkened to stay visible on white.
COLOURS: tuple[RGB, ...] = tuple(map(_legible, colorcet.glasbey_category10[:30]))
#: Marker shapes, one per solver modulo ten.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
#: Line styles, changing once every colour has been used.
LINE_STYLES = ("-", "--", ":", "-.")
#: The PNGs' pixels per inch. Twice as many took 2.3 times as long to draw (0.65 s
#: against 0.28 s for a 29-solver convergence chart), and the SVG is the sharp copy.
DPI = 100
#: The legends' font size in points (12.5 pixels in the PNGs, twice the old 7 points').
LEGEND_FONT_SIZE = 9.0
#: Markers along each line (besides the one at its end).
MARKS_PER_LINE = 4
#: A log axis spanning more decades than this gets no minor ticks: unlabelled, eight a
#: decade, they do not help reading a value there, and each is several artists to draw
#: (they took a third of a 29-solver convergence chart's drawing time).
MINOR_TICK_DECADES = 1.0
#: Where axes titles stand (axes coordinates). Given, it spares matplotlib measuring
#: every tick label to move the title clear of them (a tenth of a chart's drawing time).
TITLE_Y = 1.0
#: Unicode superscripts for the exponents of decade labels (``10⁻⁸``).
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

class SolverStyle(TypedDict):
    """A solver's line keywords for matplotlib."""

    color: RGB
    marker: str
    linestyle: str


def solver_style(i: int) -> SolverStyle:
    """Colour, marker and line style of the ``i``-th solver, the same in every chart.

    Examples
    --------
    >>> [solver_style(i)["marker"] for i in (0, 1, 10)], solver_style(30)["linestyle"]
    (['o', 's', 'o'], '--')
    >>> len({(s["color"], s["marker"]) for s in map(solver_style, range(30))})
    30
    """
    return {"color": COLOURS[i % len(COLOURS)], "marker": MARKERS[i % len(MARKERS)],
            "linestyle": LINE_STYLES[(i // len(COLOURS)) % len(LINE_STYLES)]}


def marks(size: int, i: int, count: int = MARKS_PER_LINE) -> list[int]:
    """Where the ``i``-th solver's markers go on a line of ``size`` points: ``count``
    positions spread over it, shifted by a fraction of a step that differs from solver
    to solver (so markers of coinciding lines do not sit on each other), and the end.

    Examples
    --------
    >>> marks(100, 0), marks(100, 1)
    ([0, 25, 50, 75, 99], [3, 28, 53, 78, 99])
    >>> marks(1, 5)
    [0]
    """
    if size <= 1:
        return [0] * size
    step = max(size / count, 1.0)
    shift = (i * 0.13) % 1.0 * step
    inner = {int(shift + k * step) for k in range(count) if shift + k * step < size - 1}
    return sorted(inner | {size - 1})


def draw_line(axes: Any, x: np.ndarray, y: np.ndarray, i: int, label: str,
              step: bool = True, linewidth: float = 1.4) -> None:
    """Draw the ``i``-th solver's line on ``axes`` in its style (`solver_style`), with
    its staggered markers (`marks`): a right-continuous step curve, or a plain line,
    tagged for the page's hover and legend (`optbench.report.interactive.tag_line`)."""
    style = solver_style(i)
    (line,) = axes.plot(x, y, drawstyle="steps-post" if step else "default", label=label,
                        linewidth=linewidth, markevery=marks(len(x), i), markersize=5.0,
                        markerfacecolor="white", markeredgewidth=1.1, **style)
    tag_line(line, i, label)


#: The colour of the lines drawn behind a chart's coloured ones, for context.
CONTEXT_GREY = "0.78"


def step_points(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of the right-continuous step curve through ``(x, y)`` (matplotlib's
    ``steps-post``).

    Examples
    --------
    >>> [a.tolist() for a in step_points(np.array([1, 2, 4]), np.array([5, 3, 2]))]
    [[1, 2, 2, 4, 4], [5, 5, 3, 3, 2]]
    """
    return np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]


def draw_context(axes: Any, curves: Sequence[tuple[np.ndarray, np.ndarray, bool]],
                 label: str | None = None) -> None:
    """Draw ``curves`` (``x``, ``y``, and whether a step curve) thin and grey behind the
    coloured lines of ``axes``: one collection, not an artist per line (a 29-solver
    chart has up to 84 of them), labelled ``label`` for the legend."""
    if not curves:
        return
    segments = [np.column_stack(step_points(x, y) if step else (x, y))
                for x, y, step in curves]
    axes.add_collection(LineCollection(segments, colors=CONTEXT_GREY, linewidths=0.8,
                                       zorder=1, label=label))


def log_limits(arrays: Sequence[np.ndarray], margin: float = 0.05) -> tuple[float, float]:
    """Limits of a log axis showing every positive finite value of ``arrays``, with
    ``margin`` of the span (in decades) beyond each end, as matplotlib's autoscaling
    would give them; half a decade each way around a single value.

    Given up front, they spare matplotlib re-running its autoscaling over every artist
    each time a band or a collection is added (a tenth of a chart's drawing time).

    Examples
    --------
    >>> [float(round(np.log10(v), 6)) for v in log_limits([np.array([1.0, 1e4, 0.0])])]
    [-0.2, 4.2]
    >>> [float(round(np.log10(v), 6)) for v in log_limits([np.array([10.0])])]
    [0.5, 1.5]
    """
    values = np.concatenate([np.ravel(a) for a in arrays]) if arrays else np.array([])
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return 0.1, 10.0
    low, high = np.log10(values.min()), np.log10(values.max())
    pad = (high - low) * margin if high > low else 0.5
    return float(10.0 ** (low - pad)), float(10.0 ** (high + pad))


def legend_columns(count: int, per_column: int = 24) -> int:
    """Legend columns for ``count`` entries, ``per_column`` at most in one.

    Examples
    --------
    >>> legend_columns(10), legend_columns(29)
    (1, 2)
    """
    return max(1, -(-count // per_column))


def legend_width(labels: Sequence[str], columns: int) -> float:
    """The inches a legend of ``labels`` in ``columns`` takes beside a chart (about 0.062
    in a character at `LEGEND_FONT_SIZE`, plus the line sample)."""
    longest = max((len(label) for label in labels), default=0)
    return columns * (0.6 + 0.062 * longest)



class DecadeFormatter(Formatter):
    """Labels of a log axis's ticks as plain text, ``10⁻⁸`` at a decade and the shortest
    ``%g`` form elsewhere: the same look as matplotlib's ``10^{-8}`` without laying out
    mathtext, which took a sixth of a chart's drawing time.

    Examples
    --------
    >>> DecadeFormatter()(1e-8), DecadeFormatter()(1.0), DecadeFormatter()(300.0)
    ('10⁻⁸', '10⁰', '300')
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        if x <= 0 or not np.isfinite(x):
            return ""
        exponent = round(float(np.log10(x)))
        if np.isclose(x, 10.0 ** exponent, rtol=1e-9, atol=0.0):
            return "10" + str(exponent).translate(SUPERSCRIPTS)
        return f"{x:g}"


class MinorLogFormatter(LogFormatter):
    """Labels of a log axis's minor ticks: those matplotlib labels (on an axis of a few
    decades, some of them), in plain text as `DecadeFormatter` writes them, not mathtext.
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        return DecadeFormatter()(x) if super().__call__(x, pos) else ""


class InViewLocator(Locator):
    """Another locator's ticks, less those outside the axis's view.

    Matplotlib makes a tick (two lines, a grid line, two labels, their properties
    copied) for every location its locator gives, and draws only those in view: a log
    locator gives a decade more on each side, a minor one eight ticks a decade. Every
    tick drawn is kept (with a margin of a millionth of the axis, in its scale).
    """

    def __init__(self, inner: Locator) -> None:
        self.inner = inner

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self) -> Any:
        locations = np.asarray(self.inner(), dtype=float)
        if not isinstance(self.axis, Axis) or not locations.size:
            return locations
        scale = self.axis.get_transform()
        with np.errstate(invalid="ignore", divide="ignore"):
            low, high = sorted(scale.transform(np.asarray(self.axis.get_view_interval(),
                                                          dtype=float)))
            at = scale.transform(locations)
        margin = 1e-6 * (high - low)
        return locations[(at >= low - margin) & (at <= high + margin)]

    def tick_values(self, vmin: float, vmax: float) -> Any:
        return self.inner.tick_values(vmin, vmax)


def finish_axes(figure: Any, decades: float = MINOR_TICK_DECADES) -> None:
    """Make ``figure``'s axes cheap to draw, once its data are drawn: ticks only in
    view (`InViewLocator`), and every log axis labels its ticks in plain text
    (`DecadeFormatter`, `MinorLogFormatter`) and loses its minor ticks where it spans
    more than ``decades`` decades (`MINOR_TICK_DECADES`)."""
    for axes in figure.axes:
        for axis, limits in ((axes.xaxis, axes.get_xlim()), (axes.yaxis, axes.get_ylim())):
            # shared axes share their tickers: wrapped once
            if not isinstance(axis.get_major_locator(), InViewLocator | NullLocator):
                axis.set_major_locator(InViewLocator(axis.get_major_locator()))
            if not isinstance(axis.get_minor_locator(), InViewLocator | NullLocator):
                axis.set_minor_locator(InViewLocator(axis.get_minor_locator()))
            if axis.get_scale() != "log":
                continue
            axis.set_major_formatter(DecadeFormatter())
            low, high = sorted(limits)
            if low > 0 and np.log10(high / low) > decades:
                axis.set_minor_locator(NullLocator())
            else:
                axis.set_minor_formatter(MinorLogFormatter(labelOnlyBase=False))
