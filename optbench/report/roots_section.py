"""The root-finding sections of the report: per solver, roots found and how runs ended.

One table per family of equations (scalar roots, nonlinear equations), a pure function
of the store's ``runs`` table. A run *finds a root* when the runner recorded ``success``
(`optbench.record.is_success`: residual ``|f(x)|`` or ``||F(x)||`` at most 1e-6, or x
within 1e-6 max(1, |x*|) of a known root). "Converged, no root" counts the runs whose
solver reported convergence at a point that is not a root: the outcome a user cannot
see from the solver's own report. Skipped runs (an equation without a bracket for a
bracketing method, without f' for Newton) are left out.
"""

from __future__ import annotations

import pandas as pd

from optbench.analysis.targets import ran
from optbench.record import SUCCESS_RTOL
from optbench.report.html_blocks import Shown, records_table
from optbench.report.sections import SectionData
from optbench.report.tables import records_markdown

_OUTCOMES = ("diverged", "maxiter", "stalled", "budget", "error")


def root_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Per solver: runs, roots found, converged without a root, other endings, medians.

    Parameters
    ----------
    runs : DataFrame
        Runs of one family (``solver``, ``status``, ``success``, ``nfev``, ``njev``,
        ``nhev``, ``fun``, ``x_error``); skipped runs are left out.

    Returns
    -------
    DataFrame
        Columns ``solver, runs, found, found_rate, converged_no_root``, one count per
        ending in ``diverged, maxiter, stalled, budget, error``, and the medians over the
        runs that found a root of ``nfev``, ``derivatives`` (``njev + nhev``),
        ``x_error`` and ``residual`` (``fun``), in order of appearance.

    Examples
    --------
    >>> runs = pd.DataFrame({"solver": ["newton", "newton", "bisect"], "status":
    ...     ["converged", "diverged", "converged"], "success": [True, False, True],
    ...     "nfev": [5, 50, 43], "njev": [5, 50, 0], "nhev": 0, "fun": [0.0, 9.0, 1e-12],
    ...     "x_error": [0.0, 3.0, 1e-12]})
    >>> root_table(runs)[["solver", "found", "diverged", "nfev"]].values.tolist()
    [['newton', 1, 1, 5.0], ['bisect', 1, 0, 43.0]]
    """
    frame = ran(runs)
    if frame.empty:
        return pd.DataFrame()
    rows = []
    for solver, group in frame.groupby("solver", sort=False):
        found = group[group["success"].astype(bool)]
        row = {"solver": solver, "runs": len(group), "found": len(found),
               "found_rate": len(found) / len(group),
               "converged_no_root": int(((group["status"] == "converged")
                                         & ~group["success"].astype(bool)).sum())}
        row.update({outcome: int((group["status"] == outcome).sum()) for outcome in _OUTCOMES})
        derivatives = found["njev"].fillna(0) + found["nhev"].fillna(0)
        row.update({"nfev": found["nfev"].median(), "derivatives": derivatives.median(),
                    "x_error": found["x_error"].median(), "residual": found["fun"].median()})
        rows.append(row)
    return pd.DataFrame(rows)


def _shown(runs: pd.DataFrame) -> pd.DataFrame | None:
    """The table as shown: named columns, found as k/N sortable by its rate."""
    table = root_table(runs)
    if table.empty:
        return None
    shown = pd.DataFrame({
        "solver": table["solver"],
        "roots found": [Shown(f"{k}/{n}", rate) for k, n, rate in zip(
            table["found"], table["runs"], table["found_rate"], strict=True)],
        "converged, no root": table["converged_no_root"],
        **{outcome: table[outcome] for outcome in _OUTCOMES},
        "median nfev (found)": table["nfev"].astype(float),
        "median derivatives (found)": table["derivatives"].astype(float),
        "median |x - x*| (found)": table["x_error"].astype(float),
        "median residual (found)": table["residual"].astype(float)})
    return shown


def _explanation() -> str:
    return (f"A root is found when the residual |f(x)| (||F(x)|| for systems) is at most "
            f"{SUCCESS_RTOL:g}, or x lies within {SUCCESS_RTOL:g} max(1, |x*|) of a known "
            "root. 'converged, no root': the solver reported convergence where there is "
            "no root. Medians are over the runs that found one; derivatives are f' and "
            "f'' (or Jacobian) evaluations.")


def roots_html(runs: pd.DataFrame, _rows: pd.DataFrame | None = None) -> str:
    """An HTML fragment: what the root table means, then the sortable table.

    Examples
    --------
    >>> roots_html(pd.DataFrame(columns=["status"]))
    '<p>No root-finding runs.</p>'
    """
    shown = _shown(runs)
    if shown is None:
        return "<p>No root-finding runs.</p>"
    return f"<p>{_explanation()}</p>" + records_table(shown)


def roots_markdown(runs: pd.DataFrame, _rows: pd.DataFrame | None = None) -> str:
    """The same table as `roots_html`, in Markdown.

    Examples
    --------
    >>> roots_markdown(pd.DataFrame(columns=["status"]))
    'No root-finding runs.'
    """
    shown = _shown(runs)
    if shown is None:
        return "No root-finding runs."
    return _explanation() + "\n\n" + records_markdown(shown)


def roots_section_html(data: SectionData) -> str:
    """An equation family's report section (`roots_html` of its runs)."""
    return roots_html(data.runs)


def roots_section_markdown(data: SectionData) -> str:
    """An equation family's section in ``summary.md``."""
    return roots_markdown(data.runs)
