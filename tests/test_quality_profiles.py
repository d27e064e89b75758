"""Quality profiles and test-set profiles (optbench.analysis.quality), measured from the
certified f*: frames worked out by hand, and properties of random ones."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from optbench.analysis.metrics import RunMetrics
from optbench.analysis.quality import (
    quality_profile,
    quality_ratios,
    start_values,
    test_set_profile,
    zoomed_quality_profile,
)
from tests.analysis_frames import make_runs, make_traces


def _runs():
    """Two problems, f* = 0 (p) and f* = 10 (q); one start each; solvers a, b.

    f(x0) = 8 on p and 20 on q (the first traced value).
    p: a ends at 2 (weak q = 2/8 = 0.25), b at 4 (0.5); strong base = 4 (the worst):
       a 2/4 = 0.5, b 1.
    q: a ends at 10 (exactly f*: 0 in both forms), b errors (inf); strong base = 10 =
       f*: a 0 (at f*), b inf.
    """
    runs = make_runs(
        {"run_id": "ap", "problem": "p", "solver": "a", "fun": 2.0, "nfev": 2},
        {"run_id": "bp", "problem": "p", "solver": "b", "fun": 4.0, "nfev": 2},
        {"run_id": "aq", "problem": "q", "solver": "a", "fun": 10.0, "f_opt": 10.0,
         "nfev": 2},
        {"run_id": "bq", "problem": "q", "solver": "b", "fun": np.nan, "f_opt": 10.0,
         "status": "error", "nfev": 1})
    traces = make_traces({"ap": [(1, 8.0, 0, 0.0), (2, 2.0, 0, 0.0)],
                          "bp": [(1, 8.0, 0, 0.0), (2, 4.0, 0, 0.0)],
                          "aq": [(1, 20.0, 0, 0.0), (2, 10.0, 0, 0.0)],
                          "bq": [(1, 20.0, 0, 0.0)]})
    return runs, traces


def test_start_values_are_each_runs_first_evaluation():
    runs, traces = _runs()
    assert start_values(runs, traces).tolist() == [8.0, 8.0, 20.0, 20.0]
    assert RunMetrics.compute(runs, traces).starts.tolist() == [8.0, 8.0, 20.0, 20.0]


def test_weak_and_strong_ratios_are_the_hand_computed_ones():
    runs, traces = _runs()
    f0 = start_values(runs, traces)
    weak = quality_ratios(runs, f0, "weak")
    assert weak.to_dict("list") == {"a": [0.25, 0.0], "b": [0.5, np.inf]}
    strong = quality_ratios(runs, f0, "strong")
    assert strong.to_dict("list") == {"a": [0.5, 0.0], "b": [1.0, np.inf]}
    # Profiles: weak a: q in {0.25, 0}: 1/2 at tau 0, 1 from 0.25; b: 0 until 0.5, then
    # 1/2 (its error never counts).
    profile = quality_profile(weak, [0.0, 0.25, 0.5, 1.0])
    assert profile.to_dict("list") == {"a": [0.5, 1.0, 1.0, 1.0], "b": [0.0, 0.0, 0.5, 0.5]}
    # Zoomed: tau = 10^-k; a's 0.25 is within 10^-0.5 = 0.316 but not within 10^-1.
    zoomed = zoomed_quality_profile(weak, [0.0, 0.5, 1.0, 16.0])
    assert zoomed.index.name == "k" and zoomed["a"].tolist() == [1.0, 1.0, 0.5, 0.5]


def test_the_start_is_the_value_most_runs_evaluated_first():
    # A global solver's first evaluation is a sample (50), not x0 (8): the two local
    # solvers' shared first value is the instance's f(x0).
    runs = make_runs(*({"run_id": s, "problem": "p", "solver": s, "fun": 4.0}
                       for s in ("a", "b", "g")))
    ratios = quality_ratios(runs, [8.0, 8.0, 50.0], "weak")
    assert ratios.to_dict("list") == {"a": [0.5], "b": [0.5], "g": [0.5]}


def test_ending_infeasible_or_not_finite_is_a_failure():
    runs = make_runs(
        {"run_id": "a", "problem": "p", "solver": "a", "fun": 1.0, "max_violation": 0.5},
        {"run_id": "b", "problem": "p", "solver": "b", "fun": np.inf, "status": "diverged"},
        {"run_id": "c", "problem": "p", "solver": "c", "fun": 1.0, "max_violation": 0.0})
    ratios = quality_ratios(runs, [4.0, 4.0, 4.0])
    assert ratios.to_dict("list") == {"a": [np.inf], "b": [np.inf], "c": [0.25]}


def test_the_test_set_profile_is_seeded_and_brackets_the_profile():
    rng = np.random.default_rng(1)
    ratios = pd.DataFrame({"a": rng.uniform(0, 1.5, 40), "b": rng.uniform(0, 1, 40)})
    taus = np.linspace(0, 1, 11)
    band = test_set_profile(ratios, taus, resamples=300, seed=3)
    assert band.equals(test_set_profile(ratios, taus, resamples=300, seed=3))
    assert not band.equals(test_set_profile(ratios, taus, resamples=300, seed=4))
    profile = quality_profile(ratios, taus)
    for solver in ratios:
        low, high = band[(solver, 0.05)], band[(solver, 0.95)]
        assert (low <= band[(solver, 0.5)]).all() and (band[(solver, 0.5)] <= high).all()
        # the whole test set's profile lies within the band (40 instances: it does)
        assert ((low.to_numpy() <= profile[solver].to_numpy() + 1e-12)
                & (profile[solver].to_numpy() <= high.to_numpy() + 1e-12)).all()


finite_end = st.floats(0.0, 1e6, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(finite_end, finite_end, st.booleans()), min_size=1, max_size=20))
def test_profiles_grow_with_tau_and_reach_one_when_no_run_ends_above_its_start(rows):
    # Each problem: f* = 0, f(x0) = start; solver a ends at or below the start (its end is
    # drawn then capped), solver b anywhere; b's run errors when the flag says so.
    runs, f0 = [], []
    for i, (start, end, broken) in enumerate(rows):
        runs += [{"run_id": f"a{i}", "problem": f"p{i}", "solver": "a",
                  "fun": min(end, start)},
                 {"run_id": f"b{i}", "problem": f"p{i}", "solver": "b", "fun": end,
                  "status": "error" if broken else "converged"}]
        f0 += [start, start]
    frame = make_runs(*runs)
    taus = np.linspace(0, 1, 21)
    for form in ("weak", "strong"):
        ratios = quality_ratios(frame, f0, form)
        profile = quality_profile(ratios, taus)
        assert (profile.diff().dropna() >= 0).all().all()  # monotone in tau
        assert ((profile >= 0) & (profile <= 1)).all().all()
    weak = quality_profile(quality_ratios(frame, f0, "weak"), taus)
    assert weak["a"].iloc[-1] == 1.0  # never ends above f0: 1 at tau = 1
    strong = quality_profile(quality_ratios(frame, f0, "strong"), taus)
    assert strong["a"].iloc[-1] == 1.0  # a never fails: never above the worst final f
