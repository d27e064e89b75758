"""One look for every chart: each solver keeps its colour and line style throughout."""

from __future__ import annotations

from typing import TypedDict, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)
from matplotlib.colors import ListedColormap  # noqa: E402

RGB = tuple[float, float, float]

#: Line colours and styles: 10 distinct colours, solid, then dashed, dotted, dash-dotted.
#: (tab10 is a ListedColormap, its ``colors`` a tuple of RGB triples; the stubs say less.)
_COLOURS = cast(tuple[RGB, ...], cast(ListedColormap, plt.get_cmap("tab10")).colors)
_STYLES = ("-", "--", ":", "-.")


class SolverStyle(TypedDict):
    """A solver's line keywords for matplotlib."""

    color: RGB
    linestyle: str


def solver_style(i: int) -> SolverStyle:
    """Colour and line style of the ``i``-th solver, the same in every chart.

    Examples
    --------
    >>> solver_style(0)["linestyle"], solver_style(10)["linestyle"]
    ('-', '--')
    """
    return {"color": _COLOURS[i % len(_COLOURS)],
            "linestyle": _STYLES[(i // len(_COLOURS)) % len(_STYLES)]}
