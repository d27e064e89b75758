"""The solver honesty part of each view (report.html), of ``summary.md`` and of the
documentation's results pages: the table at the leaderboard's target, and the chart.
"""

from __future__ import annotations

import html

import pandas as pd

from optbench.analysis.honesty import honesty_at
from optbench.report.families import LEADERBOARD_TARGET, View
from optbench.report.html_blocks import figure, records_table
from optbench.report.tables import records_markdown

#: What the honesty table's columns mean; the page and summary.md show it.
HONESTY_HELP = (
    "Does a solver's own verdict hold? One row per solver: its runs that ran; those with "
    "no verdict of its own (stopped by optbench's budget or time limit, or raised); then "
    "the 2 x 2 of what it said (success: converged; failure: maxiter, stalled, diverged) "
    "against whether its returned point is within the target of the certified f* "
    "(|f - f*| <= tau max(1, |f*|), feasible; for equations the residual); "
    "false_success is the share of its successes not within the target, false_alarm the "
    "share of its failures within it. A note marks a solver whose verdict is not "
    "comparable: no verdict at all, a status optbench inferred, success on every run "
    "(its flag may be no test) or failure on every run (it may always stop at its own "
    "limit). A local solver's success means a stationary point, so "
    "on problems with other local minima a false success can be a local minimum.")


def honesty_rows(table: pd.DataFrame, tau: float = LEADERBOARD_TARGET) -> pd.DataFrame:
    """The rows of a `optbench.analysis.honesty.honesty_table` at ``tau``, as shown.

    Examples
    --------
    >>> table = pd.DataFrame({"solver": ["s"], "tau": [1e-5], "runs": [3], "no_verdict": [0],
    ...                       "success_within": [1], "success_outside": [1],
    ...                       "failure_within": [1], "failure_outside": [0],
    ...                       "false_success": [0.5], "false_alarm": [1.0], "note": [""]})
    >>> honesty_rows(table).columns.tolist()[:3]
    ['solver', 'runs', 'no_verdict']
    """
    return honesty_at(table, tau).drop(columns="tau")


def honesty_intro(tau: float = LEADERBOARD_TARGET) -> str:
    """The sentence above the table.

    Examples
    --------
    >>> honesty_intro(1e-5).endswith("target is 1e-05.")
    True
    """
    return f"{HONESTY_HELP} The target is {tau:g}."


def honesty_html(view: View, prefix: str) -> list[str]:
    """The body of a view's honesty section: the help, the table and the chart."""
    if view.honesty is None:
        return []
    body = [f"<p class='aid'>{html.escape(honesty_intro())}</p>",
            records_table(honesty_rows(view.honesty))]
    if view.honesty_chart is not None:
        chart = view.honesty_chart
        body.append(figure(chart.path, chart.title, chart.aid))
    return body


def honesty_markdown(views: list[View]) -> str:
    """The honesty tables of every view, for ``summary.md`` (a ``###`` block a view)."""
    parts = [honesty_intro()]
    for view in views:
        if view.honesty is not None:
            parts += ["", f"### {view.name}", "", records_markdown(honesty_rows(view.honesty))]
    return "\n".join(parts)
