"""Expected running time (ERT, COCO's aRT; Auger & Hansen 2005) and success rates.

For one (problem, solver, target) over its runs (all starts and seeds):
``ERT = (sum over runs of the cost spent until the target was hit, or the whole cost
spent if never) / (number of runs that hit)``, inf when none did. The inputs are
:func:`~optbench.analysis.targets.cost_to_target` rows, so ``skipped`` runs are
already out and ``error`` runs count as runs that never hit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Percentiles of the bootstrap interval: 10th to 90th, as COCO's plots show.
PERCENTILES = (10.0, 90.0)
_GROUP = ["problem", "solver", "tau"]


def _ert(total: np.ndarray | float, successes: np.ndarray | int) -> np.ndarray:
    """``total / successes``, elementwise; inf where there are no successes."""
    total, successes = np.asarray(total, dtype=float), np.asarray(successes)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(successes > 0, total / successes, np.inf)


def cost_until(hits: pd.DataFrame) -> pd.Series:
    """Each run's cost until it hit the target (``cost``), or all it spent (``spent``).

    Examples
    --------
    >>> hits = pd.DataFrame({"hit": [True, False], "cost": [10.0, np.nan],
    ...                      "spent": [12.0, 30.0]})
    >>> cost_until(hits).tolist()
    [10.0, 30.0]
    """
    return hits["cost"].where(hits["hit"], hits["spent"]).astype(float)


def ert(until: Sequence[float] | np.ndarray, hit: Sequence[bool] | np.ndarray) -> float:
    """The expected running time: ``sum(until) / sum(hit)``; inf when no run hit.

    Parameters
    ----------
    until : array of float
        Per run, the cost until the target was hit, or the whole cost if never.
    hit : array of bool
        Per run, whether it hit the target.

    Examples
    --------
    >>> ert([10.0, 30.0, 5.0], [True, False, True])
    22.5
    >>> ert([30.0], [False])
    inf
    """
    return float(_ert(np.sum(until), np.sum(hit)))


def ert_interval(until: Sequence[float] | np.ndarray, hit: Sequence[bool] | np.ndarray,
                 n_boot: int = 1000, seed: int = 0,
                 percentiles: tuple[float, float] = PERCENTILES) -> tuple[float, float]:
    """A bootstrap percentile interval of the ERT, resampling runs with replacement.

    Each of ``n_boot`` resamples draws ``len(until)`` runs with replacement
    (``numpy.random.default_rng(seed)``, so the interval is deterministic for a seed)
    and computes its ERT (inf when no drawn run hit). The interval is the
    ``percentiles`` of those ERTs, by default the 10th and 90th as in COCO's plots;
    empirical quantiles without interpolation (``method="inverted_cdf"``), so that
    infinite ERTs are handled exactly.

    Examples
    --------
    >>> low, high = ert_interval([10.0, 30.0, 5.0], [True, False, True], seed=1)
    >>> bool(low <= 22.5 <= high)
    True
    >>> ert_interval([10.0, 30.0, 5.0], [True, False, True], seed=1) == (low, high)
    True
    """
    until, hit = np.asarray(until, dtype=float), np.asarray(hit, dtype=bool)
    draws = np.random.default_rng(seed).integers(0, until.size, size=(n_boot, until.size))
    erts = _ert(until[draws].sum(axis=1), hit[draws].sum(axis=1))
    low, high = np.percentile(erts, percentiles, method="inverted_cdf")
    return float(low), float(high)


def ert_table(hits: pd.DataFrame, n_boot: int | None = None, seed: int = 0,
              percentiles: tuple[float, float] = PERCENTILES) -> pd.DataFrame:
    """ERT and success rate per (problem, solver, tau), over starts and seeds.

    Parameters
    ----------
    hits : DataFrame
        :func:`~optbench.analysis.targets.cost_to_target` output.
    n_boot : int, optional
        With a number of resamples, add the :func:`ert_interval` of each group as
        columns ``ert_low`` and ``ert_high`` (each group resampled with ``seed``).

    Returns
    -------
    DataFrame
        Columns ``problem, solver, tau, runs, successes, success_rate, ert`` (and
        ``ert_low, ert_high``), groups in order of appearance.

    Examples
    --------
    >>> hits = pd.DataFrame({"problem": "p", "solver": "s", "tau": 1e-3,
    ...                      "hit": [True, False, True], "cost": [10.0, np.nan, 5.0],
    ...                      "spent": [10.0, 30.0, 20.0]})
    >>> ert_table(hits).iloc[0].to_dict()
    {'problem': 'p', 'solver': 's', 'tau': 0.001, 'runs': 3, 'successes': 2, \
'success_rate': 0.6666666666666666, 'ert': 22.5}
    """
    frame = hits.assign(until=cost_until(hits), hit=hits["hit"].astype(bool))
    groups = frame.groupby(_GROUP, sort=False)
    table = groups.agg(runs=("hit", "size"), successes=("hit", "sum"), until=("until", "sum"))
    table["success_rate"] = table["successes"] / table["runs"]
    table["ert"] = _ert(table["until"], table["successes"])
    table = table.drop(columns="until")
    if n_boot is not None:
        intervals = [ert_interval(group["until"], group["hit"], n_boot, seed, percentiles)
                     for _, group in groups]
        table[["ert_low", "ert_high"]] = np.reshape(np.array(intervals, dtype=float), (-1, 2))
    return table.reset_index()


def success_rate(hits: pd.DataFrame) -> pd.Series:
    """The fraction of runs (starts and seeds) that hit each target.

    Returns
    -------
    Series
        Indexed by (problem, solver, tau).

    Examples
    --------
    >>> hits = pd.DataFrame({"problem": "p", "solver": "s", "tau": 0.1,
    ...                      "hit": [True, False], "cost": [3.0, np.nan], "spent": 5.0})
    >>> success_rate(hits).tolist()
    [0.5]
    """
    return ert_table(hits).set_index(_GROUP)["success_rate"]
