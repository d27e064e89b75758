"""Interactive charts in report.html, offline: each chart is also written as an SVG whose
solver lines, bands and legend keys are tagged, and a small inline script acts on them.

- **Hover** a line: a tooltip names the solver and the value nearest the pointer.
- **Click** a legend key: that solver's lines (and band) in the chart hide, or show again.
- **Select** solvers and problems at the top of the page: unticked solvers leave every
  chart and table; unticked problems' charts and table rows go.

The SVG files stay beside the page, vector for papers; ``report --png`` adds PNGs.

Tagging: `tag_line`, `tag_band` and `tag_legend` give matplotlib artists ids (``gid``),
which the SVG backend writes as ``<g id=...>``; `save_chart` writes the SVG (and a PNG
on request), adding to each tagged group its solver index, its label and, for lines, up to
`HOVER_POINTS` points in the SVG's own coordinates with their values. Nothing is
fetched: the script and the SVG are inlined in the page (`inline_svg`).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import _path
from matplotlib.backends import backend_svg

#: Points of a line the tooltip can name (spread along it by index).
HOVER_POINTS = 40
#: Ids matplotlib writes for tagged artists: ob-<role>-<solver index>-<serial>.
_TAG = re.compile(r'<g id="ob-(line|band|key)-(\d+)-(\d+)"')
#: A path's vertices as matplotlib's SVG backend writes them (one vertex a line).
_PATH_DATA = re.compile(r' d="([^"]*)"')
#: Decimals of the coordinates of the SVG's paths: a hundredth of a point (a 300-dpi
#: dot is a quarter of a point). Paths are most of a chart's bytes, and of the page.
PATH_DECIMALS = 2


@contextmanager
def path_decimals(decimals: int = PATH_DECIMALS) -> Iterator[None]:
    """Within the block, matplotlib's SVG backend writes path coordinates to
    ``decimals`` places (it writes six), rounded as it writes them, in C.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> figure, axes = plt.subplots()
    >>> _ = axes.plot([0.0, 1.0], [0.0, 1.0 / 3.0])
    >>> svg = io.StringIO()
    >>> with path_decimals():
    ...     figure.savefig(svg, format="svg")
    >>> numbers = re.findall(r"\\.(\\d+)", " ".join(_PATH_DATA.findall(svg.getvalue())))
    >>> max(len(decimals) for decimals in numbers)
    2
    >>> plt.close(figure)
    """
    renderer = backend_svg.RendererSVG
    original = renderer._convert_path

    def convert(self: Any, path: Any, transform: Any = None, clip: Any = None,
                simplify: Any = None, sketch: Any = None) -> str:
        # matplotlib's own conversion (RendererSVG._convert_path), with fewer decimals
        clip = (0.0, 0.0, self.width, self.height) if clip else None
        return str(_path.convert_to_string(  # type: ignore[attr-defined]
            path, transform, clip, simplify, sketch, decimals,
            [b"M", b"L", b"Q", b"C", b"z"], False).decode("ascii"))

    setattr(renderer, "_convert_path", convert)  # noqa: B010  (a method, for mypy)
    try:
        yield
    finally:
        setattr(renderer, "_convert_path", original)  # noqa: B010


def one_line(data: str) -> str:
    """An SVG path's ``d`` attribute with its line breaks as spaces.

    Examples
    --------
    >>> one_line("M 78.55 -242.59 \\nL 80 -233.08 \\nz")
    'M 78.55 -242.59 L 80 -233.08 z'
    """
    return data.replace(" \n", " ").replace("\n", " ")


def _tags(figure: Any) -> dict[str, tuple[Any, int, str]]:
    tags: dict[str, tuple[Any, int, str]] = figure.__dict__.setdefault("_optbench_tags", {})
    return tags


def _tag(artist: Any, role: str, i: int, label: str) -> None:
    tags = _tags(artist.get_figure())
    gid = f"ob-{role}-{i}-{len(tags)}"
    artist.set_gid(gid)
    tags[gid] = (artist, i, label)


def tag_line(line: Any, i: int, label: str) -> None:
    """Tag a `~matplotlib.lines.Line2D` as solver ``i``'s line, labelled ``label``."""
    _tag(line, "line", i, label)


def tag_band(band: Any, i: int, label: str) -> None:
    """Tag a quartile band (a ``fill_between`` collection) as solver ``i``'s."""
    _tag(band, "band", i, label)


def tag_legend(legend: Any, solvers: list[str]) -> None:
    """Tag each legend key (its handle and text) of a solver in ``solvers`` (the
    report's order): a label names the solver, or starts with its name and a space."""
    for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
        label = text.get_text()
        name = label if label in solvers else label.split(" ", 1)[0]
        if name in solvers and handle is not None:
            i = solvers.index(name)
            _tag(handle, "key", i, label)
            _tag(text, "key", i, label)


def _points(line: Any, height: float) -> str:
    """Up to `HOVER_POINTS` of a line as ``x y value at`` in SVG coordinates (points from
    the top left), for the tooltip."""
    x = np.asarray(line.get_xdata(), dtype=float)
    y = np.asarray(line.get_ydata(), dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if not x.size:
        return ""
    picks = np.unique(np.linspace(0, x.size - 1, min(HOVER_POINTS, x.size)).round().astype(int))
    shown = line.axes.transData.transform(np.column_stack([x[picks], y[picks]]))
    scale = 72.0 / line.figure.dpi
    return ";".join(f"{px * scale:.1f} {height - py * scale:.1f} {value:.3g} {at:.4g}"
                    for (px, py), value, at in zip(shown, y[picks], x[picks], strict=True))


def save_chart(figure: Any, path: Path, dpi: float, png: bool = False) -> list[Path]:
    """Write ``figure`` as an interactive SVG at ``path`` (suffix ``.svg``) and, with
    ``png``, as a PNG beside it at ``dpi``; returns the paths written."""
    svg = path.with_suffix(".svg")
    written = [svg]
    if png:
        written.append(path.with_suffix(".png"))
        figure.savefig(written[-1], dpi=dpi)
    buffer = io.StringIO()
    # a fixed salt: matplotlib otherwise names clip paths from uuid4, differently each
    # time; text as text, not glyph outlines (smaller files, a tenth of the drawing time)
    with matplotlib.rc_context({"svg.hashsalt": "optbench", "svg.fonttype": "none"}), \
            path_decimals():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    height = figure.get_figheight() * 72.0
    tags = _tags(figure)

    def annotate(match: re.Match[str]) -> str:
        role, i, serial = match.groups()
        artist, _, label = tags[f"ob-{role}-{i}-{serial}"]
        extra = f' class="ob-{role}" data-solver="{i}" data-label="{html.escape(label)}"'
        if role == "line":
            extra += f' data-points="{_points(artist, height)}"'
        return match.group(0) + extra

    text = _PATH_DATA.sub(lambda m: f' d="{one_line(m.group(1))}"', buffer.getvalue())
    svg.write_text(_TAG.sub(annotate, text), encoding="utf-8")
    return written


def inline_svg(path: Path, prefix: str) -> str:
    """The SVG beside ``path`` for inlining in a page: its XML prolog and metadata
    dropped, its ids (and the references to them) prefixed with ``prefix`` so that ids
    stay unique."""
    text = path.with_suffix(".svg").read_text(encoding="utf-8")
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # who made it, when
    return re.sub(r'(id="|url\(#|href="#)', lambda m: m.group(1) + prefix + "-", text)


STYLE = """
.ob-tip { position: fixed; pointer-events: none; background: #222; color: #fff;
          font: 12px sans-serif; padding: 2px 6px; border-radius: 3px; display: none;
          z-index: 10; }
figure svg { max-width: 100%; height: auto; }
.ob-key { cursor: pointer; }
.ob-off { opacity: 0.25; }
.ob-select { columns: 16em; font-size: 0.9em; }
.ob-select label { display: block; }
"""

#: Hover, legend toggling and the solver and problem selector (see the module docstring).
SCRIPT = """
(function () {
  var tip = document.createElement("div");
  tip.className = "ob-tip";
  document.body.appendChild(tip);
  function points(group) {
    return (group.getAttribute("data-points") || "").split(";").filter(Boolean)
      .map(function (p) { return p.split(" "); });
  }
  document.querySelectorAll("figure svg").forEach(function (svg) {
    svg.querySelectorAll("g.ob-line").forEach(function (group) {
      group.querySelectorAll("path").forEach(function (path) {
        var hit = path.cloneNode(false);  // a wide, invisible copy that is easy to hover
        hit.setAttribute("style", "fill: none; stroke: transparent; stroke-width: 10");
        hit.setAttribute("pointer-events", "stroke");
        hit.removeAttribute("id");
        group.appendChild(hit);
      });
      group.addEventListener("mousemove", function (event) {
        var box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
        var x = (event.clientX - box.left) * view.width / box.width;
        var y = (event.clientY - box.top) * view.height / box.height;
        var best = null, distance = Infinity;
        points(group).forEach(function (p) {
          var d = Math.pow(p[0] - x, 2) + Math.pow(p[1] - y, 2);
          if (d < distance) { distance = d; best = p; }
        });
        tip.textContent = group.getAttribute("data-label") +
          (best ? ": " + best[2] + " at " + best[3] : "");
        tip.style.left = (event.clientX + 12) + "px";
        tip.style.top = (event.clientY + 12) + "px";
        tip.style.display = "block";
      });
      group.addEventListener("mouseleave", function () { tip.style.display = "none"; });
    });
    svg.querySelectorAll("g.ob-key").forEach(function (key) {
      key.addEventListener("click", function () {
        var solver = key.getAttribute("data-solver");
        var hide = !key.classList.contains("ob-off");
        svg.querySelectorAll("[data-solver='" + solver + "']").forEach(function (g) {
          if (g.classList.contains("ob-key")) { g.classList.toggle("ob-off", hide); }
          else { g.style.display = hide ? "none" : ""; }
        });
      });
    });
  });
  function apply() {
    var solvers = {}, problems = {};
    document.querySelectorAll("input[data-select-solver]").forEach(function (box) {
      solvers[box.getAttribute("data-select-solver")] = box.checked;
    });
    document.querySelectorAll("input[data-select-problem]").forEach(function (box) {
      problems[box.getAttribute("data-select-problem")] = box.checked;
    });
    document.querySelectorAll("figure svg [data-solver]").forEach(function (g) {
      var shown = solvers[g.getAttribute("data-solver")] !== false;
      if (g.classList.contains("ob-key")) { g.style.display = shown ? "" : "none"; }
      else if (!shown) { g.style.display = "none"; }
      else if (!g.closest("svg").querySelector(
          ".ob-key.ob-off[data-solver='" + g.getAttribute("data-solver") + "']")) {
        g.style.display = "";
      }
    });
    document.querySelectorAll("figure[data-problem]").forEach(function (f) {
      f.style.display = problems[f.getAttribute("data-problem")] === false ? "none" : "";
    });
    var names = {};
    document.querySelectorAll("input[data-select-solver]").forEach(function (box) {
      names[box.value] = box.checked;
    });
    document.querySelectorAll("table tbody tr").forEach(function (row) {
      var hidden = false;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var text = cell.textContent.trim();
        if (names[text] === false || problems[text] === false) { hidden = true; }
      });
      row.style.display = hidden ? "none" : "";
    });
  }
  document.querySelectorAll("input[data-select-solver], input[data-select-problem]")
    .forEach(function (box) { box.addEventListener("change", apply); });
})();
"""


def selector_html(solvers: list[str], problems: list[str]) -> str:
    """The page's selector: a tick box per solver (in the report's order, its index as
    the charts' ``data-solver``) and per problem, all ticked."""
    solver_boxes = "".join(
        f"<label><input type='checkbox' checked data-select-solver='{i}' "
        f"value='{html.escape(name)}'> {html.escape(name)}</label>"
        for i, name in enumerate(solvers))
    problem_boxes = "".join(
        f"<label><input type='checkbox' checked data-select-problem='{html.escape(name)}'>"
        f" {html.escape(name)}</label>" for name in problems)
    return ("<details><summary>Show solvers and problems</summary>"
            "<p>Untick a solver to take it out of every chart and table, a problem to "
            "take out its chart and its table rows. Hover a line for its solver and value; "
            "click a legend key to hide or show that solver in the chart.</p>"
            f"<h3>Solvers</h3><div class='ob-select'>{solver_boxes}</div>"
            f"<h3>Problems</h3><div class='ob-select'>{problem_boxes}</div></details>")
