"""The charts' tick labels (issue 16): plain text, never mathtext, on log axes of every
span, with matplotlib's choice of which ticks get a label."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from optbench.report.style import finish_axes  # noqa: E402


def _labels(low: float, high: float, finish: bool = True) -> tuple[dict, dict]:
    """The x axis's labelled ticks inside (low, high), major and minor, by position."""
    figure, axes = plt.subplots()
    axes.set_xscale("log")
    axes.set_xlim(low, high)
    if finish:
        finish_axes(figure)
    figure.canvas.draw()
    labelled = [{round(tick.get_position()[0], 12): tick.get_text()
                 for tick in axes.get_xticklabels(minor=minor)
                 if tick.get_text() and low <= tick.get_position()[0] <= high}
                for minor in (False, True)]
    plt.close(figure)
    return labelled[0], labelled[1]


@pytest.mark.parametrize(("low", "high"), [(1.0, 30.0), (1.0, 1e8), (0.5, 4.0)])
def test_log_tick_labels_are_plain_text_at_the_ticks_matplotlib_labels(low, high):
    major, minor = _labels(low, high)
    theirs_major, theirs_minor = _labels(low, high, finish=False)
    assert major and not any("$" in label for label in [*major.values(), *minor.values()])
    assert major.keys() == theirs_major.keys()
    if high / low < 1e3:  # a short axis keeps its minor ticks, labelled where matplotlib does
        assert minor.keys() == theirs_minor.keys()


def test_a_short_log_axis_labels_its_minor_ticks_as_numbers():
    # 0.5 to 4: matplotlib labels 0.6, 2, 3, ... as "$\\mathdefault{2\\times10^{0}}$";
    # ours write "2"
    major, minor = _labels(0.5, 4.0)
    assert list(major.values()) == ["10⁰"]
    assert list(minor.values()) == ["0.6", "2", "3", "4"]


def _svg(wrap: bool, xscale: str, xlim: tuple[float, float]) -> tuple[str, int]:
    """A two-panel chart's SVG, and the ticks matplotlib made for it."""
    import io

    from optbench.report.style import InViewLocator

    figure, grid = plt.subplots(2, 1, sharex=True)
    for axes in grid:
        axes.set_xscale(xscale)
        axes.set_yscale("log")
        axes.plot([1.5, 7.0, 40.0], [3e-8, 2e-3, 0.7])
        axes.set_xlim(*xlim)
        axes.grid(True)
    if wrap:
        finish_axes(figure)
    else:  # the same formatters, every location the locators give
        original = InViewLocator.__call__
        InViewLocator.__call__ = lambda self: self.inner()
        finish_axes(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    if not wrap:
        InViewLocator.__call__ = original
    made = sum(len(axis.majorTicks) + len(axis.minorTicks)
               for axes in grid for axis in (axes.xaxis, axes.yaxis))
    plt.close(figure)
    return buffer.getvalue(), made


@pytest.mark.parametrize(("xscale", "xlim"), [("log", (1.2, 45.0)), ("linear", (1.2, 45.0))])
def test_ticks_out_of_view_are_not_made_and_the_chart_is_the_same(xscale, xlim):
    with matplotlib.rc_context({"svg.hashsalt": "test"}):
        ours, made = _svg(True, xscale, xlim)
        theirs, all_made = _svg(False, xscale, xlim)
    assert ours == theirs
    assert made < all_made  # a log axis: a decade each side, eight minor ticks a decade
