"""Runtime ECDFs as COCO draws them (Hansen et al., arXiv:1605.03560).

For each solver, over all (instance, target) pairs with targets
``f_ref + Delta f`` for ``Delta f = 10**k``, ``k = 2, 1.8, ..., -8``, the fraction of
pairs reached within a budget, against ``log10(evaluations / dimension)``. Pairs
never reached (also those of ``error`` runs) stay in the denominator; ``skipped``
runs are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from optbench.analysis.profiles import step_fractions
from optbench.analysis.targets import (
    aligned_and_reference,
    at_rows,
    check_cost,
    f_ref_by_run,
    first_hits,
    frame_cost,
    ran,
)

#: COCO's 51 absolute targets ``Delta f = 10**k`` above f_ref, ``k = 2, 1.8, ..., -8``.
ECDF_TARGETS = tuple(float(10.0 ** k) for k in np.linspace(2.0, -8.0, 51))


def runtime_ecdf(runs: pd.DataFrame, traces: pd.DataFrame | None,
                 grid: Sequence[float] | np.ndarray | None = None,
                 targets: Sequence[float] = ECDF_TARGETS, cost: str = "fev",
                 reference: pd.DataFrame | None = None,
                 aligned: pd.DataFrame | None = None) -> pd.DataFrame:
    """The runtime ECDF of each solver: fraction of (instance, target) pairs reached.

    A run reaches target ``Delta f`` at its first trace row with
    ``best_f - f_ref <= Delta f``; its runtime is ``x = log10(cost / n)`` there.
    Each solver's fraction at ``x`` counts its pairs with runtime at most ``x`` over
    all its pairs (instances it ran times targets).

    Parameters
    ----------
    runs, traces : DataFrame
        The ``runs`` and ``traces`` tables.
    grid : sequence of float, optional
        The ``x = log10(cost / n)`` values at which to evaluate the ECDF. By default
        every distinct finite runtime of any solver, which gives the exact step
        function.
    targets : sequence of float
        Absolute targets above f_ref.
    cost : str
        One of :data:`~optbench.analysis.targets.COSTS`; COCO counts evaluations.
    reference : DataFrame, optional
        :func:`~optbench.analysis.targets.reference_values`; by default from runs and
        traces.
    aligned : DataFrame, optional
        ``aligned_traces(ran(runs), traces)`` where the caller has it; then ``traces``
        is not read (it may be None, with ``reference`` given).

    Returns
    -------
    DataFrame
        Index ``x`` (the grid, ascending), one column per solver, values the fraction
        of pairs reached by then. It is a right-continuous step function: draw it with
        ``table.plot(drawstyle="steps-post")``.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a"], "problem": "p", "solver": "s", "n": 10,
    ...                      "nfev": 100, "fun": 0.0, "f_opt": 0.0, "status": "converged",
    ...                      "time_s": 1.0})
    >>> traces = pd.DataFrame({"run_id": "a", "evaluation": [10, 100], "f": [5.0, 0.05],
    ...                        "best_f": [5.0, 0.05], "time_s": [0.1, 1.0]})
    >>> runtime_ecdf(runs, traces, targets=(10.0, 1.0, 0.1, 0.01)).to_dict("list")
    {'s': [0.25, 0.75]}
    """
    runs = ran(runs)
    return ecdf_of(runs, ecdf_runtimes(runs, traces, targets, cost, reference, aligned), grid)


def ecdf_runtimes(runs: pd.DataFrame, traces: pd.DataFrame | None,
                  targets: Sequence[float] = ECDF_TARGETS, cost: str = "fev",
                  reference: pd.DataFrame | None = None,
                  aligned: pd.DataFrame | None = None) -> np.ndarray:
    """Each run's runtime ``x = log10(cost / n)`` to each target (:func:`runtime_ecdf`;
    NaN: never reached), one row per run of ``ran(runs)``.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a"], "problem": "p", "solver": "s", "n": 10,
    ...                      "nfev": 100, "fun": 0.0, "f_opt": 0.0, "status": "converged",
    ...                      "time_s": 1.0})
    >>> traces = pd.DataFrame({"run_id": "a", "evaluation": [10, 100], "f": [5.0, 0.05],
    ...                        "best_f": [5.0, 0.05], "time_s": [0.1, 1.0]})
    >>> ecdf_runtimes(runs, traces, targets=(10.0, 0.01)).tolist()
    [[0.0, nan]]
    """
    check_cost(cost)
    runs = ran(runs)
    trace, reference = aligned_and_reference(runs, traces, reference, aligned)
    f_ref = f_ref_by_run(runs, reference)[trace["run"]]
    gap = trace["best_f"].to_numpy(dtype=float, na_value=np.nan) - f_ref
    first = first_hits(runs, trace, gap, targets)
    with np.errstate(divide="ignore"):
        return np.log10(at_rows(frame_cost(trace, cost), first)
                        / runs["n"].to_numpy(dtype=float)[:, None])


def ecdf_of(runs: pd.DataFrame, runtimes: np.ndarray,
            grid: Sequence[float] | np.ndarray | None = None) -> pd.DataFrame:
    """The runtime ECDF (:func:`runtime_ecdf`) of runs (already through ``ran``) from
    their :func:`ecdf_runtimes`; ``grid`` by default every distinct finite runtime.

    Examples
    --------
    >>> runs = pd.DataFrame({"solver": ["s", "s"]})
    >>> ecdf_of(runs, np.array([[0.0, np.nan], [1.0, 2.0]])).to_dict("list")
    {'s': [0.25, 0.5, 0.75]}
    """
    if grid is None:
        grid = np.unique(runtimes[np.isfinite(runtimes)])
    index = pd.Index(np.asarray(grid, dtype=float), name="x")
    solvers = runs["solver"].unique()
    columns = {solver: step_fractions(runtimes[(runs["solver"] == solver).to_numpy()].ravel(),
                                      index)
               for solver in solvers}
    return pd.DataFrame(columns, index=index, columns=solvers)
