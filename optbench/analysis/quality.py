"""Quality profiles and test-set profiles, measured from the certified optimum f*.

Reference: G. Fasano, C. Piermarini and M. Roma, "Benchmarking Optimization Algorithms
with Quality Profiles and Test Set Profiles", Mathematical Programming Computation,
arXiv:2607.16798. Their reference code is MATLAB, and measures from the best value any
solver found; this is a Python reading of it, measured from the certified f* where the
problem has one (else from the best value any run found, `reference_values`). The
paper was not at hand: the definitions below are optbench's reading of it.

For an instance p (problem, start, seed) and solver s, with ``f_s`` the value at the
point s returned, ``f*`` the reference value and ``f_0`` a base value, the *quality
ratio* is

    q[p, s] = (f_s - f*) / (f_0 - f*)

and the *quality profile* of s is ``rho_s(tau)``, the fraction of instances with
``q[p, s] <= tau``, for tau in [0, 1]: at tau = 0 the instances solved to f* exactly,
at tau = 1 those where s ended no higher than f_0.

- **weak** form: ``f_0 = f(x0)``, the value at the start (the instance's value that
  most of its runs evaluated first: most solvers evaluate x0 first, a global solver
  may first evaluate a sample);
- **strong** form: ``f_0`` is the worst final value any solver reached on the instance
  (failures left out), so the worst solver has q = 1 there.

A run that failed (``error``, a non-finite value, or ending infeasible) has q = inf;
where ``f_0 - f*`` is not positive, q is 0 for a run at f* and inf otherwise. Ratios
below 0 (a value below f*, by rounding) count as 0.

The **zoomed** profile is the same profile drawn against ``k = -log10 tau`` for
tau = 10^-k, k in [0, K]: it shows the small tau where the linear axis is crowded
at 0. The **test-set profile** shows how much a profile owes to the test set: the
instances are resampled with replacement (1000 times, seeded), each solver's profile
computed on each resample, and the median with a 5-95 % band drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from optbench.analysis.profiles import _profile, instance_table
from optbench.analysis.targets import (
    INSTANCE,
    aligned_traces,
    at_rows,
    f_ref_by_run,
    first_rows,
    infeasible_at_end,
    ran,
    reference_values,
)

#: The tau grid of the quality profiles: 0 to 1.
QUALITY_TAUS = np.linspace(0.0, 1.0, 201)
#: The k = -log10 tau grid of the zoomed profiles: 0 to 16.
ZOOM_EXPONENTS = np.linspace(0.0, 16.0, 321)
#: Resamples of the test-set profiles.
RESAMPLES = 1000
#: Quantiles of the test-set profiles: the band's edges and the median.
BAND = (0.05, 0.5, 0.95)
#: The forms of the quality profiles.
FORMS = ("weak", "strong")
#: The taus at which `quality_table` reads each form's profile.
TABLE_TAUS = (1.0, 1e-1, 1e-3, 1e-6)


def start_values(runs: pd.DataFrame, traces: pd.DataFrame) -> np.ndarray:
    """The value of each run's first evaluation (NaN for a run without trace rows), in
    the order of ``ran(runs)``.

    Examples
    --------
    >>> runs = pd.DataFrame({"run_id": ["a", "b"], "n": 1, "nfev": [2, 0], "fun": 1.0,
    ...                      "njev": 0, "time_s": 0.1, "status": "converged"})
    >>> traces = pd.DataFrame({"run_id": "a", "evaluation": [1, 2], "f": [5.0, 1.0],
    ...                        "best_f": [5.0, 1.0], "time_s": 0.0})
    >>> start_values(runs, traces).tolist()
    [5.0, 1.0]
    """
    runs = ran(runs)
    trace = aligned_traces(runs, traces)
    run = trace["run"].to_numpy()
    return at_rows(trace["f"].to_numpy(dtype=float, na_value=np.nan),
                   first_rows(run, np.ones(run.size, dtype=bool), len(runs)))


def _instance_start(runs: pd.DataFrame, f0: np.ndarray) -> np.ndarray:
    """Per run, its instance's f(x0): the finite first value most of its runs share."""
    frame = runs.loc[:, INSTANCE].assign(f0=np.asarray(f0, dtype=float))
    frame = frame[np.isfinite(frame["f0"])]
    counts = frame.groupby([*INSTANCE, "f0"], sort=False).size().rename("count").reset_index()
    # most frequent first; among as frequent, the first seen (a stable sort)
    counts = counts.sort_values("count", ascending=False, kind="stable")
    mode = counts.drop_duplicates(INSTANCE).set_index(INSTANCE)["f0"]
    key = pd.MultiIndex.from_frame(runs.loc[:, INSTANCE])
    return mode.reindex(key).to_numpy(dtype=float)


def quality_ratios(runs: pd.DataFrame, f0: np.ndarray | Sequence[float],
                   form: str = "weak", reference: pd.DataFrame | None = None
                   ) -> pd.DataFrame:
    """The instance x solver table of quality ratios q (module docstring).

    Parameters
    ----------
    runs : DataFrame
        The runs table (skipped runs are dropped).
    f0 : array
        Each run's first evaluated value, in the order of ``ran(runs)``
        (:func:`start_values`); read for the ``weak`` form only.
    form : str
        ``"weak"`` (base f(x0)) or ``"strong"`` (base the worst final value).
    reference : DataFrame, optional
        `reference_values` of the runs (default: computed from ``runs``).

    Returns
    -------
    DataFrame
        Instances x solvers as `optbench.analysis.profiles.instance_table` keeps them
        (a solver without a run on an instance has inf there).

    Examples
    --------
    One instance, f* = 0, f(x0) = 10; solver a ends at 1, b at 4, c errors. Weak:
    a 1/10, b 4/10, c inf. Strong (base 4, the worst finite end): a 1/4, b 1.

    >>> runs = pd.DataFrame({"run_id": list("abc"), "problem": "p", "start": 0, "seed": 0,
    ...                      "solver": list("abc"), "f_opt": 0.0, "fun": [1.0, 4.0, np.nan],
    ...                      "status": ["converged", "maxiter", "error"]})
    >>> quality_ratios(runs, [10.0, 10.0, 10.0]).to_dict("records")
    [{'a': 0.1, 'b': 0.4, 'c': inf}]
    >>> quality_ratios(runs, [10.0] * 3, "strong").to_dict("records")
    [{'a': 0.25, 'b': 1.0, 'c': inf}]
    """
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}; valid forms: {', '.join(FORMS)}")
    runs = ran(runs)
    if reference is None:
        reference = reference_values(runs)
    f_ref = f_ref_by_run(runs, reference)
    fun = runs["fun"].to_numpy(dtype=float, na_value=np.nan)
    failed = (runs["status"].isin(["error", "skipped"]).to_numpy() | ~np.isfinite(fun)
              | infeasible_at_end(runs))
    end = np.where(failed, np.nan, fun)
    if form == "weak":
        base = _instance_start(runs, np.asarray(f0, dtype=float))
    else:
        base = pd.Series(end).groupby([runs[c] for c in INSTANCE], sort=False).transform(
            "max").to_numpy(dtype=float)
    gap, span = end - f_ref, base - f_ref
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ratio = np.where(span > 0, gap / np.where(span > 0, span, 1.0),
                         np.where(gap <= 0, 0.0, np.inf))
    ratio = np.where(np.isnan(ratio) | failed, np.inf, np.maximum(ratio, 0.0))
    return instance_table(runs.loc[:, [*INSTANCE, "solver"]].assign(q=ratio), "q")


def form_ratios(runs: pd.DataFrame, f0: np.ndarray | Sequence[float],
                reference: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """:func:`quality_ratios` in each of the `FORMS`, by form."""
    return {form: quality_ratios(runs, f0, form, reference) for form in FORMS}


def quality_table(ratios: dict[str, pd.DataFrame],
                  taus: Sequence[float] = TABLE_TAUS) -> pd.DataFrame:
    """Each solver's quality profile read at ``taus``, one column per form and tau
    (``weak 0.1``: the fraction of instances with q <= 0.1 in the weak form), one row
    per solver.

    Examples
    --------
    Solver a ends at q = 0, 0.5 and never; b at q = 1, 0.25 and 2 (weak), and both
    reach q = 0 on every instance in the strong form:

    >>> ratios = {"weak": pd.DataFrame({"a": [0.0, 0.5, np.inf], "b": [1.0, 0.25, 2.0]}),
    ...           "strong": pd.DataFrame({"a": [0.0] * 3, "b": [0.0] * 3})}
    >>> quality_table(ratios, (1.0, 0.5)).round(3).to_dict("list")
    {'solver': ['a', 'b'], 'weak 1': [0.667, 0.667], 'weak 0.5': [0.667, 0.333], \
'strong 1': [1.0, 1.0], 'strong 0.5': [1.0, 1.0]}
    """
    columns = {}
    for form, table in ratios.items():
        profile = quality_profile(table, taus)
        for tau, row in zip(taus, profile.to_numpy(dtype=float), strict=True):
            columns[f"{form} {tau:g}"] = row
    first = next(iter(ratios.values()))
    return pd.DataFrame({"solver": list(first.columns), **columns})


def quality_profile(ratios: pd.DataFrame,
                    taus: Sequence[float] | np.ndarray = QUALITY_TAUS) -> pd.DataFrame:
    """The quality profile rho_s(tau): per solver, the fraction of instances with
    q <= tau (index ``tau``).

    Examples
    --------
    >>> ratios = pd.DataFrame({"a": [0.0, 0.5, np.inf], "b": [1.0, 0.25, 2.0]})
    >>> quality_profile(ratios, [0.0, 0.5, 1.0]).round(3).to_dict("list")
    {'a': [0.333, 0.667, 0.667], 'b': [0.0, 0.333, 0.667]}
    """
    return _profile(ratios, taus, "tau")


def zoomed_quality_profile(ratios: pd.DataFrame,
                           exponents: Sequence[float] | np.ndarray = ZOOM_EXPONENTS
                           ) -> pd.DataFrame:
    """The quality profile at tau = 10^-k, indexed by ``k`` (ascending, so tau falls).

    Examples
    --------
    >>> ratios = pd.DataFrame({"a": [0.0, 1e-3, 0.5]})
    >>> zoomed_quality_profile(ratios, [0, 2, 3, 20]).round(3)["a"].tolist()
    [1.0, 0.667, 0.667, 0.333]
    """
    exponents = np.asarray(exponents, dtype=float)
    profile = _profile(ratios, 10.0 ** -exponents, "tau")
    profile.index = pd.Index(exponents, name="k")
    return profile


def test_set_profile(ratios: pd.DataFrame,
                     taus: Sequence[float] | np.ndarray = QUALITY_TAUS,
                     resamples: int = RESAMPLES, seed: int = 0,
                     quantiles: Sequence[float] = BAND) -> pd.DataFrame:
    """The bootstrap distribution of each solver's quality profile over the test set.

    The instances (rows of ``ratios``) are drawn with replacement ``resamples`` times
    (``numpy.random.default_rng(seed)``), the profile computed on each draw, and its
    ``quantiles`` taken at each tau. A resampled profile depends on the draw only
    through how many drawn instances fall between consecutive taus, and those counts
    are multinomial with each interval's share of the instances: each solver's draws
    are made over the intervals (``len(taus) + 1`` cells) rather than the instances,
    the same distribution at a cost that does not grow with the test set (10 000
    instances: 0.01 s a solver, not 0.3 s). Only per-solver quantiles are returned, so
    that the solvers' draws are not shared changes nothing.

    Returns
    -------
    DataFrame
        Index ``tau``; columns a MultiIndex (solver, quantile).

    Examples
    --------
    A solver that solves every instance has profile 1 in every resample:

    >>> ratios = pd.DataFrame({"a": [0.0, 0.0], "b": [0.0, np.inf]})
    >>> band = test_set_profile(ratios, [0.5], resamples=200)
    >>> band["a"].values.tolist()
    [[1.0, 1.0, 1.0]]
    >>> low, median, high = band["b"].values[0]
    >>> bool(low == 0.0 and median == 0.5 and high == 1.0)
    True
    """
    taus = np.asarray(taus, dtype=float)
    count = len(ratios)
    columns = pd.MultiIndex.from_product([list(ratios.columns), list(quantiles)],
                                         names=["solver", "quantile"])
    index = pd.Index(taus, name="tau")
    if count == 0:
        return pd.DataFrame(np.nan, index=index, columns=columns)
    rng = np.random.default_rng(seed)
    ascending = np.argsort(taus, kind="stable")
    values = []
    for solver in ratios.columns:
        q = ratios[solver].to_numpy(dtype=float)
        q = np.where(np.isnan(q), np.inf, q)
        # cell j: the instances first counted at the j-th smallest tau (q <= it); the
        # last cell, those no tau counts
        cells = np.searchsorted(taus[ascending], q, side="left")
        share = np.bincount(cells, minlength=taus.size + 1) / count
        drawn = rng.multinomial(count, share, size=resamples)
        fractions = np.empty((resamples, taus.size))
        fractions[:, ascending] = np.cumsum(drawn[:, :-1], axis=1) / count
        values.append(np.quantile(fractions, quantiles, axis=0).T)
    return pd.DataFrame(np.hstack(values), index=index, columns=columns)


test_set_profile.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
