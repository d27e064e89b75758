"""Performance profiles (Dolan & Moré) and data profiles (Moré & Wild), by hand."""

import numpy as np
import pandas as pd
import pytest
from analysis_frames import make_runs, make_traces

from optbench.analysis.profiles import (
    convergence_evaluations,
    convergence_evaluations_at,
    cost_table,
    data_profile,
    performance_profile,
    performance_ratios,
)
from optbench.analysis.targets import cost_to_target

# Instances x solvers; NaN and inf are failures.
COSTS = pd.DataFrame({"a": [10.0, 40.0, np.inf, np.nan],
                      "b": [20.0, 20.0, 30.0, np.nan],
                      "c": [np.nan, 10.0, np.nan, np.nan]},
                     index=["I1", "I2", "I3", "I4 (nobody)"])


def test_performance_ratios():
    # best per instance: I1 10, I2 10, I3 30, I4 none
    assert performance_ratios(COSTS).to_dict("list") == {
        "a": [1.0, 4.0, np.inf, np.inf],
        "b": [2.0, 2.0, 1.0, np.inf],
        "c": [np.inf, 1.0, np.inf, np.inf],
    }


def test_performance_profile_counts_failures_never_and_keeps_unsolved_instances():
    profile = performance_profile(COSTS, [1.0, 2.0, 4.0, 1e6])
    assert profile.index.name == "tau" and profile.index.tolist() == [1.0, 2.0, 4.0, 1e6]
    assert list(profile.columns) == ["a", "b", "c"]
    # denominator 4 (I4, solved by nobody, stays)
    # a: ratios 1, 4, inf, inf -> tau 1: 1/4; 2: 1/4; 4: 2/4; 1e6: 2/4
    assert profile["a"].tolist() == [0.25, 0.25, 0.5, 0.5]
    # b: ratios 2, 2, 1, inf -> 1/4, 3/4, 3/4, 3/4
    assert profile["b"].tolist() == [0.25, 0.75, 0.75, 0.75]
    # c: ratios inf, 1, inf, inf -> 1/4 everywhere
    assert profile["c"].tolist() == [0.25, 0.25, 0.25, 0.25]


def test_a_best_cost_of_zero_gives_ratio_one():
    costs = pd.DataFrame({"a": [0.0], "b": [0.5]})
    # 0 / 0 is taken as 1 (a is the best); 0.5 / 0 = inf
    assert performance_ratios(costs).to_dict("list") == {"a": [1.0], "b": [np.inf]}


RUNS = make_runs(
    # instance (p, 0, 0): a hits 1e-3 at evaluation 3, b at 2
    {"run_id": "pa", "problem": "p", "solver": "a", "nfev": 3, "fun": 1e-4},
    {"run_id": "pb", "problem": "p", "solver": "b", "nfev": 2, "fun": 0.0},
    # instance (q, 0, 0): a never gets close, b's run errors out
    {"run_id": "qa", "problem": "q", "solver": "a", "nfev": 2, "fun": 1.0},
    {"run_id": "qb", "problem": "q", "solver": "b", "nfev": 1, "fun": 0.0, "status": "error"},
    # instance (r, 0, 0): b skipped it, so b fails it
    {"run_id": "ra", "problem": "r", "solver": "a", "nfev": 1, "fun": 0.0},
    {"run_id": "rb", "problem": "r", "solver": "b", "status": "skipped"},
)
TRACES = make_traces({
    "pa": [(1, 5.0, 0, 0.0), (2, 0.5, 0, 0.0), (3, 1e-4, 0, 0.0)],
    "pb": [(1, 5.0, 0, 0.0), (2, 0.0, 0, 0.0)],
    "qa": [(1, 5.0, 0, 0.0), (2, 1.0, 0, 0.0)],
    "qb": [(1, 0.0, 0, 0.0)],
    "ra": [(1, 0.0, 0, 0.0)],
})


def test_cost_table_from_cost_to_target():
    table = cost_table(cost_to_target(RUNS, TRACES), 1e-3)
    # qb is an error run: inf (failed); b skipped (r, 0, 0): inf there too (Dolan & Moré:
    # a solver that cannot solve a problem fails it); a hits r at evaluation 1.
    assert table.index.tolist() == [("p", 0, 0), ("q", 0, 0), ("r", 0, 0)]
    assert table.to_dict("list") == {"a": [3.0, np.inf, 1.0], "b": [2.0, np.inf, np.inf]}
    # ratios p: a 3/2 = 1.5, b 1; q: nobody; r: a 1, b inf
    # -> a: 1/3 at tau 1 (r), 2/3 at 1.5 (p, r); b: 1/3 from 1 (p)
    profile = performance_profile(table, [1.0, 1.5])
    assert profile.to_dict("list") == {"a": [1 / 3, 2 / 3], "b": [1 / 3, 1 / 3]}


# Data profile: n = 2 everywhere, so alpha (n + 1) = 3 alpha evaluations.
DP_RUNS = make_runs(
    {"run_id": "pa", "problem": "p", "solver": "a", "nfev": 4, "fun": 0.5},
    {"run_id": "pb", "problem": "p", "solver": "b", "nfev": 3, "fun": 0.0},
    {"run_id": "qa", "problem": "q", "solver": "a", "nfev": 3, "fun": 8.0},
    {"run_id": "qb", "problem": "q", "solver": "b", "nfev": 3, "fun": 2.0},
)
DP_TRACES = make_traces({
    "pa": [(1, 10.0, 0, 0.0), (2, 4.0, 0, 0.0), (3, 1.0, 0, 0.0), (4, 0.5, 0, 0.0)],
    "pb": [(1, 10.0, 0, 0.0), (2, 0.0, 0, 0.0), (3, 0.0, 0, 0.0)],
    "qa": [(1, 8.0, 0, 0.0), (2, 8.0, 0, 0.0), (3, 8.0, 0, 0.0)],
    "qb": [(1, 8.0, 0, 0.0), (2, 4.0, 0, 0.0), (3, 2.0, 0, 0.0)],
})


def test_convergence_evaluations_by_the_more_wild_test():
    evaluations = convergence_evaluations(DP_RUNS, DP_TRACES, 0.1)
    # p: f_L = 0 (pb). Test: 10 - best >= 0.9 (10 - 0) = 9, i.e. best <= 1:
    #   pa at evaluation 3 (best 1.0), pb at 2 (0.0)
    # q: f_L = 2 (qb). Test: 8 - best >= 0.9 (8 - 2) = 5.4, i.e. best <= 2.6:
    #   qa never (8), qb at 3 (2.0)
    assert evaluations["evaluations"].tolist() == [3, 2, np.inf, 3]


def _more_wild_by_hand(runs, traces, tau):
    """The test's first passing evaluation, run by run and row by row (inf: never)."""
    lowest = {}
    for run in runs.itertuples():
        mine = traces[traces["run_id"] == run.run_id]
        key = (run.problem, run.start, run.seed)
        lowest[key] = min(lowest.get(key, np.inf), np.nanmin([*mine["best_f"], run.fun]))
    found = []
    for run in runs.itertuples():
        mine = traces[traces["run_id"] == run.run_id]
        f0, f_low = mine["f"].iloc[0], lowest[(run.problem, run.start, run.seed)]
        passing = [e for e, b in zip(mine["evaluation"], mine["best_f"], strict=True)
                   if np.isfinite(f0) and run.status != "error"
                   and f0 - b >= (1 - tau) * (f0 - f_low)]
        found.append(float(passing[0]) if passing else np.inf)
    return found


def test_convergence_evaluations_at_several_taus_equal_the_test_run_by_run():
    # 30 runs of 3 solvers on 2 problems x 5 starts, 12 evaluations each: random
    # decreasing values with ties, a run starting at inf, one at NaN, an error run
    rng = np.random.default_rng(7)
    rows, traces = [], []
    for k in range(30):
        run_id, f = f"r{k}", np.round(rng.uniform(0, 10, 12), 1)
        if k == 4:
            f[0] = np.inf
        if k == 9:
            f[0] = np.nan
        best = np.fmin.accumulate(f)
        rows.append({"run_id": run_id, "problem": f"p{k % 2}", "start": k // 6, "seed": 0,
                     "solver": "abc"[k % 3], "n": 2, "nfev": 12, "fun": best[-1],
                     "status": "error" if k == 13 else "converged", "time_s": 0.1})
        traces.append(pd.DataFrame({"run_id": run_id, "evaluation": np.arange(1, 13),
                                    "f": f, "best_f": best, "time_s": 0.0}))
    runs, traces = pd.DataFrame(rows), pd.concat(traces, ignore_index=True)
    taus = [1e-1, 0.5, 1e-3, 0.0, 1e-7]
    found = convergence_evaluations_at(runs, traces, taus)
    assert list(found) == taus
    for tau in taus:
        assert found[tau]["evaluations"].tolist() == _more_wild_by_hand(runs, traces, tau)


@pytest.mark.parametrize(("tau", "expected"), [
    # budgets evaluations / (n + 1): pa 3/3 = 1, pb 2/3, qa inf, qb 3/3 = 1
    (0.1, {"a": [0.0, 0.0, 0.5, 0.5], "b": [0.0, 0.5, 1.0, 1.0]}),
    # tau = 0.7: p: best <= 10 - 0.3 * 10 = 7: pa at 2 (4.0), pb at 2;
    # q: best <= 8 - 0.3 * 6 = 6.2: qa never, qb at 2 (4.0). Budgets 2/3 all.
    (0.7, {"a": [0.0, 0.5, 0.5, 0.5], "b": [0.0, 1.0, 1.0, 1.0]}),
])
def test_data_profile(tau, expected):
    profile = data_profile(DP_RUNS, DP_TRACES, tau, [0.5, 0.7, 1.0, 100.0])
    assert profile.index.name == "alpha" and profile.index.tolist() == [0.5, 0.7, 1.0, 100.0]
    assert profile.to_dict("list") == expected


def test_data_profile_error_runs_fail_and_skipped_instances_count_as_failures():
    runs = pd.concat([DP_RUNS, make_runs(
        {"run_id": "ra", "problem": "r", "solver": "a", "nfev": 1, "fun": 0.0,
         "status": "error"},
        {"run_id": "rb", "problem": "r", "solver": "b", "nfev": 1, "fun": 0.0},
        {"run_id": "sa", "problem": "s", "solver": "a", "nfev": 1, "fun": 0.0},
        {"run_id": "sb", "problem": "s", "solver": "b", "status": "skipped"},
    )], ignore_index=True)
    traces = pd.concat([DP_TRACES, make_traces(
        {"ra": [(1, 0.0, 0, 0.0)], "rb": [(1, 0.0, 0, 0.0)], "sa": [(1, 0.0, 0, 0.0)]})],
        ignore_index=True)
    profile = data_profile(runs, traces, 0.1, [1.0])
    # instances p, q, r, s. r: f0 = f_L = 0, the test 0 >= 0 passes at evaluation 1 for
    # rb; ra is an error run and fails. s: sa passes at evaluation 1; b skipped s: fails.
    # alpha 1 = 3 evaluations. a: p (at 3), s -> 2/4; b: p, q, r -> 3/4
    assert profile.to_dict("list") == {"a": [0.5], "b": [0.75]}
