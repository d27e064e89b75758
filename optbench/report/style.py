"""One look for every chart: each solver keeps its colour and line style throughout."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the headless backend)

#: Line colours and styles: 10 distinct colours, solid, then dashed, dotted, dash-dotted.
_COLOURS = plt.get_cmap("tab10").colors
_STYLES = ("-", "--", ":", "-.")


def solver_style(i: int) -> dict[str, object]:
    """Colour and line style of the ``i``-th solver, the same in every chart.

    Examples
    --------
    >>> solver_style(0)["linestyle"], solver_style(10)["linestyle"]
    ('-', '--')
    """
    return {"color": _COLOURS[i % len(_COLOURS)],
            "linestyle": _STYLES[(i // len(_COLOURS)) % len(_STYLES)]}
