"""The robustness family's report section: what each feature costs each solver.

Pure functions of the store's ``runs`` table. A run of ``base@feature`` (the family's
problem names, `optbench.problems.features`) counts under its feature, ``plain`` being
the baseline; per solver and feature the section shows the share of runs solved (the
runner's ``success``: ``f - f*`` within ``SUCCESS_RTOL * max(1, |f*|)``, measured on
the true function where the feature perturbs f) and the median of
``log10(max((f - f*) / max(1, |f*|), 1e-16))`` over the runs, each beside its change
from ``plain``. Skipped runs (a solver that needs what the feature drops, such as
``least-squares`` without residuals) are left out; a run whose final value is not finite
counts as unsolved with an infinite error.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from optbench.record import SUCCESS_RTOL
from optbench.report.html_blocks import Shown, html_table
from optbench.report.sections import SectionData
from optbench.report.tables import markdown_table

#: The baseline feature, against which the others' losses are read.
BASELINE = "plain"
#: The floor of the scaled error before its logarithm: a run at or below it is exact.
FLOOR = 1e-16
_COLUMNS = ["solver", "feature", "runs", "skipped", "solved", "solved_rate", "median_log10",
            "solved_change", "median_change"]


def feature_of(problem: str) -> str:
    """The feature part of a problem name, ``plain`` where there is none.

    Examples
    --------
    >>> feature_of("mgh-rosenbrock@noisy[sigma=0.01]"), feature_of("mgh-rosenbrock")
    ('noisy[sigma=0.01]', 'plain')
    """
    return problem.partition("@")[2] or BASELINE


def scaled_log_error(f_error: pd.Series, f_opt: pd.Series) -> pd.Series:
    """``log10(max((f - f*) / max(1, |f*|), FLOOR))``; missing or non-finite: ``inf``.

    Examples
    --------
    >>> scaled_log_error(pd.Series([1e-3, 0.0, float("nan")]), pd.Series([0.0, 5.0, 0.0])
    ...                  ).tolist()
    [-3.0, -16.0, inf]
    """
    error = pd.to_numeric(f_error, errors="coerce").to_numpy(dtype=float)
    scale = np.maximum(1.0, np.abs(pd.to_numeric(f_opt, errors="coerce").to_numpy(dtype=float)))
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.maximum(error / scale, FLOOR)
    scaled[~np.isfinite(scaled)] = np.inf
    return pd.Series(np.log10(scaled), index=f_error.index)


def loss_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Per solver and feature: runs, skipped, solved (count and share), the median scaled
    log10 error, and their changes from the solver's ``plain`` runs.

    Returns
    -------
    DataFrame
        Columns ``solver, feature, runs`` (that ran), ``skipped``, ``solved``,
        ``solved_rate``, ``median_log10``, ``solved_change`` (share minus the
        baseline's, NaN without a baseline) and ``median_change`` (median minus the
        baseline's); solvers in order of appearance, ``plain`` first, then the
        features in order of appearance.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": ["p@plain", "p@plain", "p@noisy", "p@noisy"],
    ...     "solver": "s", "status": "converged", "success": [True, True, True, False],
    ...     "f_error": [1e-10, 1e-12, 1e-8, 1e-2], "f_opt": 0.0})
    >>> t = loss_table(runs)
    >>> t[["feature", "solved", "solved_rate", "median_log10", "solved_change",
    ...    "median_change"]].values.tolist()
    [['plain', 2, 1.0, -11.0, 0.0, 0.0], ['noisy', 1, 0.5, -5.0, -0.5, 6.0]]
    """
    if runs.empty:
        return pd.DataFrame(columns=_COLUMNS)
    frame = runs.assign(feature=runs["problem"].map(feature_of))
    skipped = frame["status"] == "skipped"
    frame = frame.assign(log_error=scaled_log_error(frame["f_error"], frame["f_opt"]),
                         solved=frame["success"].fillna(False).astype(bool) & ~skipped,
                         skipped=skipped)
    order = list(dict.fromkeys([BASELINE, *frame["feature"]]))
    rows = []
    for solver, part in frame.groupby("solver", sort=False):
        ran = part[~part["skipped"]]
        baseline = ran[ran["feature"] == BASELINE]
        base_rate = baseline["solved"].mean() if len(baseline) else math.nan
        base_median = baseline["log_error"].median() if len(baseline) else math.nan
        for feature in order:
            of = part[part["feature"] == feature]
            if of.empty:
                continue
            done = of[~of["skipped"]]
            rate = done["solved"].mean() if len(done) else math.nan
            median = done["log_error"].median() if len(done) else math.nan
            rows.append({"solver": solver, "feature": feature, "runs": len(done),
                         "skipped": int(of["skipped"].sum()), "solved": int(done["solved"].sum()),
                         "solved_rate": rate, "median_log10": median,
                         "solved_change": rate - base_rate,
                         "median_change": _difference(median, base_median)})
    return pd.DataFrame(rows, columns=_COLUMNS)


def _difference(value: float, baseline: float) -> float:
    """``value - baseline``, NaN where either is unknown or both are infinite."""
    if math.isnan(value) or math.isnan(baseline) or (math.isinf(value) and math.isinf(baseline)):
        return math.nan
    return value - baseline


def _solved_cell(row: pd.Series) -> Shown | str:
    if not row["runs"]:
        return "skipped"
    text = f"{row['solved_rate']:.0%}"
    if row["feature"] != BASELINE and not math.isnan(row["solved_change"]):
        text += f" ({100 * row['solved_change']:+.0f})"
    return Shown(text, float(row["solved_rate"]))


def _median_cell(row: pd.Series) -> Shown | str:
    if not row["runs"]:
        return "skipped"
    median = float(row["median_log10"])
    text = f"{median:.1f}" if math.isfinite(median) else str(median)
    if row["feature"] != BASELINE and not math.isnan(row["median_change"]):
        text += f" ({row['median_change']:+.1f})"
    return Shown(text, median)


def _pivots(runs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The solved and median-error tables, solver x feature (None without runs)."""
    table = loss_table(runs)
    if table.empty:
        return None
    table = table.assign(solved_cell=table.apply(_solved_cell, axis=1),
                         median_cell=table.apply(_median_cell, axis=1))
    solvers = list(dict.fromkeys(table["solver"]))
    features = list(dict.fromkeys(table["feature"]))
    solved = table.pivot(index="solver", columns="feature", values="solved_cell")
    median = table.pivot(index="solver", columns="feature", values="median_cell")
    return (solved.reindex(index=solvers, columns=features).fillna("-"),
            median.reindex(index=solvers, columns=features).fillna("-"))


_INTRO = (
    "Each problem is one of the MGH set (or another registered problem) under a "
    "robustness feature, <code>plain</code> the unchanged baseline; a solver's runs of a "
    "feature are its problems times its repeats (starts, each with its own feature "
    "seed). Solved: <i>f</i> - <i>f*</i> within {rtol:g} &middot; max(1, |<i>f*</i>|), "
    "measured on the true function at the returned point where the feature perturbs "
    "<i>f</i> (noisy, truncated, random-nan, quantized); in brackets the change from "
    "<code>plain</code> in percentage points. Error: the median of log10 of "
    "(<i>f</i> - <i>f*</i>) / max(1, |<i>f*</i>|), floored at 1e-16, and its change "
    "from <code>plain</code> (positive: less accurate). <i>skipped</i>: the solver needs "
    "what the feature drops (residuals, under the features that perturb <i>f</i>)."
)


def robustness_html(runs: pd.DataFrame) -> str:
    """An HTML fragment: the solved table, then the median-error table, solver x feature.

    Examples
    --------
    >>> robustness_html(pd.DataFrame(columns=["problem", "solver", "status"]))
    '<p>No robustness runs.</p>'
    """
    pivots = _pivots(runs)
    if pivots is None:
        return "<p>No robustness runs.</p>"
    solved, median = pivots
    return (f"<p>{_INTRO.format(rtol=SUCCESS_RTOL)}</p><h4>Solved (change from plain, "
            "points)</h4>" + html_table(solved, "solved", corner="solver")
            + "<h4>Median log10 scaled f - f* (change from plain)</h4>"
            + html_table(median, "median", corner="solver"))


def robustness_markdown(runs: pd.DataFrame) -> str:
    """The same two tables as `robustness_html`, in Markdown.

    Examples
    --------
    >>> robustness_markdown(pd.DataFrame(columns=["problem", "solver", "status"]))
    'No robustness runs.'
    """
    pivots = _pivots(runs)
    if pivots is None:
        return "No robustness runs."
    solved, median = pivots
    intro = (_INTRO.format(rtol=SUCCESS_RTOL).replace("<code>", "`").replace("</code>", "`")
             .replace("<i>", "").replace("</i>", "").replace("&middot;", "x")
             .replace("*", "\\*"))
    return (f"{intro}\n\n**Solved (change from plain, points)**\n\n"
            + markdown_table(solved, "solved", corner="solver")
            + "\n\n**Median log10 scaled f - f\\* (change from plain)**\n\n"
            + markdown_table(median, "median", corner="solver"))


def robustness_section_html(data: SectionData) -> str:
    """The robustness family's report section (`robustness_html` of its runs)."""
    return robustness_html(data.runs)


def robustness_section_markdown(data: SectionData) -> str:
    """The robustness family's section in ``summary.md`` and its results page."""
    return robustness_markdown(data.runs)
