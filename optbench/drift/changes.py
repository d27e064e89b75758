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

import numpy as np
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
        Columns `COLUMNS`, one row per change, by solver, grid, problem, release and
        metric. A grid is compared between the environments that measured it (an
        environment whose run left a grid out is passed over for that grid).
    """
    labels = [env.label for env in environments]
    scipy = {env.label: env.scipy for env in environments}
    measured = table.groupby("grid")["environment"].agg(set)
    compared = table[table["metric"].isin(list(METRICS))]
    wide = compared.pivot_table(index=["solver", "grid", "problem", "metric"],
                                columns="environment", values="value", aggfunc="first",
                                dropna=False).reindex(columns=labels)
    found = []
    for grid, rows in wide.groupby(level="grid", sort=True):
        present = [label for label in labels if label in measured[grid]]
        for before_env, after_env in zip(present, present[1:], strict=False):
            for frame in _pair_changes(rows, before_env, after_env):
                frame["before_env"], frame["after_env"] = before_env, after_env
                frame["before_scipy"] = scipy[before_env]
                frame["after_scipy"] = scipy[after_env]
                found.append(frame)
    if not found:
        return pd.DataFrame(columns=list(COLUMNS))
    changes = pd.concat(found, ignore_index=True)
    order = {metric: i for i, metric in enumerate(METRICS)}
    step = {label: i for i, label in enumerate(labels)}
    changes = changes.assign(_m=changes["metric"].map(order), _s=changes["after_env"].map(step))
    changes = changes.sort_values(["solver", "grid", "problem", "_s", "_m"], kind="stable")
    return changes[list(COLUMNS)].reset_index(drop=True)


def _pair_changes(wide: pd.DataFrame, before_env: str,
                  after_env: str) -> list[pd.DataFrame]:
    """The changes of one grid's runs (rows of ``wide``) from one environment to the
    next: the runs that start or stop running, then the other metrics' changes of the
    runs that ran in both or in neither."""
    runs = wide.index.droplevel("metric")
    ran = wide.xs("nfev", level="metric").notna()
    switched = ran[before_env] != ran[after_env]
    starts = switched[switched].index
    found = [pd.DataFrame({
        "solver": starts.get_level_values(0), "grid": starts.get_level_values(1),
        "problem": starts.get_level_values(2), "metric": "ran",
        "before": ran.loc[starts, before_env].astype(float).to_numpy(),
        "after": ran.loc[starts, after_env].astype(float).to_numpy()})]
    before = wide[before_env].to_numpy(dtype=float)
    after = wide[after_env].to_numpy(dtype=float)
    metrics = wide.index.get_level_values("metric").to_numpy()
    keep = ~switched.reindex(runs).to_numpy(dtype=bool) & _changed(metrics, before, after)
    rows = wide.index[keep]
    found.append(pd.DataFrame({
        "solver": rows.get_level_values(0), "grid": rows.get_level_values(1),
        "problem": rows.get_level_values(2), "metric": rows.get_level_values(3),
        "before": before[keep], "after": after[keep]}))
    return found


def _changed(metrics: np.ndarray, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """`changed`, row by row over arrays (NaN: no value)."""
    missing = np.isnan(before) != np.isnan(after)
    both = ~np.isnan(before) & ~np.isnan(after)
    with np.errstate(invalid="ignore"):
        accuracy = (np.abs(after - before) >= ACCURACY_DECADES) & (
            np.fmax(before, after) > ACCURACY_FLOOR)
    differ = np.where(metrics == "log10_f_error", accuracy, before != after)
    return missing | (both & differ)
