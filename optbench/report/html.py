"""``report.html``: one self-contained page, images embedded, no network address."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from optbench.analysis import pivot, status_table
from optbench.report.tables import COLUMN_HELP, LISTED_RUNS, format_value, listed_note

_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 75em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f0f0f0; }
td.text, th.text { text-align: left; }
img { max-width: 100%; }
.aid { color: #555; font-style: italic; }
"""


def html_table(table: pd.DataFrame, column: str, corner: str = "problem") -> str:
    """A DataFrame as an HTML table, cells formatted for ``column`` and escaped."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = []
    for index, row in table.iterrows():
        cells = "".join(f"<td>{html.escape(format_value(v, column))}</td>" for v in row.tolist())
        rows.append(f"<tr><th class='text'>{html.escape(str(index))}</th>{cells}</tr>")
    return (f"<table><thead><tr><th class='text'>{html.escape(corner)}</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def runs_table(frame: pd.DataFrame) -> str:
    """Every run, one row each, with the main columns."""
    columns = ["problem", "solver", "start", "nit", "nfev", "njev", "solver_nfev",
               "solver_njev", "f_error", "x_error", "accuracy", "status", "time_s", "message"]
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = []
    for row in frame[columns].itertuples(index=False):
        cells = "".join(
            f"<td class='{'text' if c in {'problem', 'solver', 'status', 'message'} else ''}'>"
            f"{html.escape(format_value(v, c))}</td>"
            for c, v in zip(columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def embedded_image(path: Path, alt: str) -> str:
    """An ``<img>`` whose PNG is inlined as a data URI."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"<img alt='{html.escape(alt)}' src='data:image/png;base64,{data}'>"


def write_html(frame: pd.DataFrame, charts: list[Path], meta: dict[str, str],
               path: Path) -> Path:
    """Write the report page; everything it shows is inside the file."""
    environment = ", ".join(f"{k} {v}" for k, v in meta.items())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>optbench report</title>", f"<style>{_STYLE}</style></head><body>",
        "<h1>optbench report</h1>",
        f"<p>{len(frame)} runs. {html.escape(environment)}</p>",
        "<h2>Function evaluations (nfev)</h2>",
        "<p class='aid'>Median over starts; every call counted, finite differences included.</p>",
        html_table(pivot(frame, "nfev"), "nfev"),
        "<h2>Iterations (nit)</h2>", html_table(pivot(frame, "nit"), "nit"),
        "<h2>Error in f (f - f*)</h2>",
        "<p class='aid'>Distance above the certified optimum at the returned point.</p>",
        html_table(pivot(frame, "f_error"), "f_error"),
        "<h2>Status</h2>", html_table(status_table(frame), "status"),
        "<h2>Convergence</h2>",
        "<p class='aid'>Best f - f* so far against function evaluations; lower and further "
        "left is better. Values at f* (to rounding) sit on the 1e-16 floor; a line that "
        "stops early ended early, one that stops high did not reach f*. With several "
        "starts, the line is the median over runs and the band spans the quartiles (a "
        "run that ended keeps its final value).</p>",
    ]
    parts += [embedded_image(chart, f"convergence chart {chart.stem}") for chart in charts]
    parts += ["<h2>All runs</h2>", f"<p>{listed_note(len(frame))}</p>",
              runs_table(frame.head(LISTED_RUNS)), "<h2>Columns</h2>", "<dl>"]
    parts += [f"<dt>{name}</dt><dd>{html.escape(meaning)}</dd>"
              for name, meaning in COLUMN_HELP.items()]
    parts += ["</dl>", "</body></html>"]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
