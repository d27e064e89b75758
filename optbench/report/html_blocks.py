"""Building blocks of ``report.html``: tables (sortable), images, figures, the style.

Everything is inline: the page loads nothing from anywhere, not even from beside it.
"""

from __future__ import annotations

import base64
import html
import math
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from optbench.report.interactive import inline_svg
from optbench.report.tables import format_value

STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 80em; color: #222;
       padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f0f0f0; }
td.text, th.text { text-align: left; }
table.sortable thead th { cursor: pointer; }
table.sortable thead th::after { content: " \\2195"; color: #999; }
table.sortable thead th[aria-sort=ascending]::after { content: " \\2191"; color: #222; }
table.sortable thead th[aria-sort=descending]::after { content: " \\2193"; color: #222; }
img { max-width: 100%; }
figure { margin: 1.5em 0; }
.aid, figcaption { color: #555; font-style: italic; }
nav ul { line-height: 1.5; }
.scroll { overflow-x: auto; }
"""

#: Click a column head to sort by it; numbers as numbers, '-' (missing) last.
SORT_SCRIPT = """
(function () {
  function key(cell) {
    var text = cell.getAttribute("data-sort") || cell.textContent.trim();
    if (text === "-" || text === "") { return null; }
    var number = Number(text);
    return isNaN(number) ? text.toLowerCase() : number;
  }
  function compare(a, b) {
    if (a === b) { return 0; }
    if (a === null) { return 1; }
    if (b === null) { return -1; }
    if (typeof a !== typeof b) { return typeof a === "number" ? -1 : 1; }
    return a < b ? -1 : 1;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (head, index) {
      head.addEventListener("click", function () {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) {
          var order = compare(key(r.cells[index]), key(s.cells[index]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
"""


class Shown(NamedTuple):
    """A cell shown as ``text`` and sorted by ``number`` (``2/3`` by 0.667, ``75%`` by 0.75)."""

    text: str
    number: float

    def __str__(self) -> str:
        return self.text


def _sort_key(value: object) -> str:
    """A cell's sort key: the exact number where it is one (shown rounded)."""
    if isinstance(value, Shown):
        value = value.number
    if isinstance(value, bool) or value is None or value is pd.NA:
        return ""
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return repr(float(value)) if math.isfinite(value) else ("1e999" if value > 0 else "-1e999")
    return ""


def cell(value: object, column: str, tag: str = "td") -> str:
    """One table cell, its text formatted for ``column`` and escaped, numbers sortable.

    Examples
    --------
    >>> cell(1.5e-9, "f_error")
    "<td data-sort='1.5e-09'>1.50e-09</td>"
    >>> cell("bfgs", "solver")
    "<td class='text'>bfgs</td>"
    >>> cell(Shown("2/3", 2 / 3), "success")
    "<td data-sort='0.6666666666666666'>2/3</td>"
    """
    key = _sort_key(value)
    attributes = f" data-sort='{key}'" if key else " class='text'"
    return f"<{tag}{attributes}>{html.escape(format_value(value, column))}</{tag}>"


def html_table(table: pd.DataFrame, column: str, corner: str = "problem") -> str:
    """A DataFrame with a named index as a sortable HTML table, cells formatted for ``column``."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = []
    for index, row in table.iterrows():
        cells = "".join(cell(v, column) for v in row.tolist())
        rows.append(f"<tr><th class='text'>{html.escape(str(index))}</th>{cells}</tr>")
    return (f"<div class='scroll'><table class='sortable'><thead><tr><th class='text'>"
            f"{html.escape(corner)}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")


def records_table(frame: pd.DataFrame) -> str:
    """Rows of a DataFrame as a sortable HTML table, each column formatted by its name."""
    columns = list(frame.columns)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = ["<tr>" + "".join(cell(v, c) for c, v in zip(columns, row, strict=True)) + "</tr>"
            for row in frame.itertuples(index=False)]
    return (f"<div class='scroll'><table class='sortable'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def embedded_image(path: Path, alt: str) -> str:
    """An ``<img>`` whose PNG is inlined as a data URI."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"<img alt='{html.escape(alt)}' src='data:image/png;base64,{data}'>"


def figure(path: Path, title: str, aid: str, problem: str | None = None) -> str:
    """A chart with its one-line reading aid beneath: its interactive SVG inlined where
    one was written beside the PNG (`optbench.report.interactive`), else the PNG.
    ``problem`` marks a problem's chart for the page's selector."""
    chart = (inline_svg(path, path.stem) if path.with_suffix(".svg").is_file()
             else embedded_image(path.with_suffix(".png"), title))
    marked = f" data-problem='{html.escape(problem)}'" if problem is not None else ""
    return (f"<figure{marked} aria-label='{html.escape(title)}'>{chart}<figcaption>"
            f"{html.escape(aid)}</figcaption></figure>")
