"""Which numbers changed between consecutive measured releases, and by how much.

Counts (``nit``, ``nfev``, ``njev``, ``solver_njev``) and ``success`` change when
they differ at all (every run is seeded, so a count is exact for one scipy and numpy).
Accuracy (``log10_f_error``) changes when it moves by at least `ACCURACY_DECADES`
and the worse of the two values is above `ACCURACY_FLOOR`: below 1e-10 both runs have
reached f* to rounding, and a different rounding is no drift. A run that stops running
(``nfev``, then none: skipped, or an error) or starts is one change of ``ran``, and
its other metrics are not compared across that pair of releases.
"""

from __future__ import annotations

import math

import pandas as pd

from optbench.drift.results import Environment

#: The metrics the report compares, in its order, with their names on the page.
METRICS = {
    "ran": "ran",
    "nit": "nit",
    "solver_nit": "scipy's nit",
    "nfev": "nfev",
    "njev": "njev",
    "solver_njev": "scipy's njev",
    "log10_f_error": "log10(f - f*)",
    "success": "solved",
}

#: Smallest move of ``log10(f - f*)`` that counts as a change of accuracy.
ACCURACY_DECADES = 1.0

#: ``log10(f - f*)`` at or below which both values count as f* reached.
ACCURACY_FLOOR = -10.0

#: The columns of `find_changes`' table.
COLUMNS = ("solver", "grid", "problem", "metric", "before_env", "after_env",
           "before_scipy", "after_scipy", "before", "after")


def changed(metric: str, before: float, after: float) -> bool:
    """Whether ``metric`` changed from ``before`` to ``after`` (NaN: no value).

    Examples
    --------
    >>> changed("nfev", 53.0, 51.0), changed("nfev", 6.0, 6.0)
    (True, False)
    >>> changed("log10_f_error", -11.0, -17.0), changed("log10_f_error", -4.2, -8.0)
    (False, True)
    >>> changed("nit", float("nan"), 3.0), changed("nit", float("nan"), float("nan"))
    (True, False)
    """
    if math.isnan(before) or math.isnan(after):
        return math.isnan(before) != math.isnan(after)
    if metric == "log10_f_error":
        return abs(after - before) >= ACCURACY_DECADES and max(before, after) > ACCURACY_FLOOR
    return before != after


def find_changes(table: pd.DataFrame, environments: list[Environment]) -> pd.DataFrame:
    """Every change of a compared metric between consecutive environments.

    Parameters
    ----------
    table : DataFrame
        `optbench.drift.results.read_results`' table.
    environments : list of Environment
        The environments in order (oldest first); each is compared with the one before.

    Returns
    -------
    DataFrame
        Columns `COLUMNS`, one row per change, by solver, grid, problem, metric and
        release.
    """
    labels = [env.label for env in environments]
    scipy = {env.label: env.scipy for env in environments}
    compared = table[table["metric"].isin(list(METRICS))]
    wide = compared.pivot_table(index=["solver", "grid", "problem", "metric"],
                                columns="environment", values="value", aggfunc="first",
                                dropna=False)
    wide = wide.reindex(columns=labels)
    rows = []
    for (solver, grid, problem), run in wide.groupby(level=[0, 1, 2], sort=True):
        values = run.droplevel([0, 1, 2])
        for before_env, after_env in zip(labels, labels[1:], strict=False):
            pair = values[[before_env, after_env]].astype(float)
            ran = pair.loc["nfev"].notna().astype(float) if "nfev" in pair.index else None
            if ran is not None and ran.iloc[0] != ran.iloc[1]:
                compared_pairs = [("ran", ran.iloc[0], ran.iloc[1])]
            else:
                compared_pairs = [(str(metric), before, after) for metric, (before, after)
                                  in pair.iterrows()]
            rows += [(solver, grid, problem, metric, before_env, after_env,
                      scipy[before_env], scipy[after_env], before, after)
                     for metric, before, after in sorted(compared_pairs, key=_metric_order)
                     if changed(metric, before, after)]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _metric_order(change: tuple[str, float, float]) -> int:
    """Where a metric comes in `METRICS`."""
    return list(METRICS).index(change[0])
