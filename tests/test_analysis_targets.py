"""Targets: reference values, success, the three costs, and the cost of reaching a target.

Every expected number is computed by hand from the tables below; the comments show how.
"""

import numpy as np
import pandas as pd
import pytest
from analysis_frames import make_runs, make_traces

from optbench.analysis.targets import (
    COSTS,
    TARGETS,
    aligned_traces,
    cost_to_target,
    improvement_rows,
    reference_values,
    solved,
    trace_costs,
)
from optbench.errors import OptbenchError

# Problem p: f* = 1 known. Problem q: f* unknown.
RUNS = make_runs(
    {"run_id": "p-a", "problem": "p", "solver": "a", "n": 3, "nfev": 4, "njev": 2,
     "fun": 1.000001, "f_opt": 1.0, "time_s": 0.4},
    {"run_id": "p-b", "problem": "p", "solver": "b", "n": 3, "nfev": 3, "fun": 1.05,
     "f_opt": 1.0, "status": "maxiter", "time_s": 0.3},
    # an error run whose last value is exact: it still solves nothing
    {"run_id": "p-c", "problem": "p", "solver": "c", "n": 3, "nfev": 2, "fun": 1.0,
     "f_opt": 1.0, "status": "error", "time_s": 0.2},
    {"run_id": "q-a", "problem": "q", "solver": "a", "nfev": 2, "fun": 2.0, "f_opt": np.nan},
    {"run_id": "q-b", "problem": "q", "solver": "b", "fun": -50.0, "f_opt": np.nan,
     "status": "skipped"},
    {"run_id": "q-c", "problem": "q", "solver": "c", "nfev": 3, "fun": 2.5, "f_opt": np.nan},
)
TRACES = make_traces({
    # (evaluation, f, njev, time_s)
    "p-a": [(1, 5.0, 0, 0.1), (2, 1.5, 1, 0.2), (3, 1.0005, 1, 0.3), (4, 1.000001, 2, 0.4)],
    "p-b": [(1, 5.0, 0, 0.1), (2, 2.0, 0, 0.2), (3, 1.05, 0, 0.3)],
    "p-c": [(1, 5.0, 0, 0.1), (2, 1.0, 0, 0.2)],
    "q-a": [(1, 3.0, 0, 0.1), (2, 2.0, 0, 0.2)],
    # q-c passes through 1.9 but returns 2.5
    "q-c": [(1, 3.0, 0, 0.1), (2, 1.9, 0, 0.2), (3, 2.5, 0, 0.3)],
})


def test_targets_and_costs_are_named():
    assert TARGETS == (1e-1, 1e-3, 1e-5, 1e-7)
    assert COSTS == ("fev", "fev+n*gev", "seconds")


def test_reference_values_flag_unknown_optima_and_ignore_skipped_runs():
    reference = reference_values(RUNS)
    # p: f_opt = 1 known. q: lowest final fun of runs that ran = min(2.0, 2.5) = 2.0
    # (the skipped run's -50 does not count).
    assert reference.to_dict("index") == {"p": {"f_ref": 1.0, "estimated": False},
                                          "q": {"f_ref": 2.0, "estimated": True}}


def test_reference_values_from_traces_take_the_lowest_value_seen():
    # q-c's trace reached 1.9 < 2.0 = the lowest final fun
    assert reference_values(RUNS, TRACES).loc["q", "f_ref"] == 1.9
    assert reference_values(RUNS, TRACES).loc["p", "f_ref"] == 1.0


def test_reference_value_is_nan_when_nothing_is_known_or_found():
    runs = make_runs({"run_id": "r", "problem": "z", "solver": "a", "fun": np.inf,
                      "f_opt": np.nan})
    assert np.isnan(reference_values(runs).loc["z", "f_ref"])
    assert bool(reference_values(runs).loc["z", "estimated"])


def test_solved_by_final_value():
    # tol at 1e-5 = 1e-5 * max(1, |f_ref|): p (f_ref 1): 1e-5; q (f_ref 2.0): 2e-5
    # p-a: |1.000001 - 1| = 1e-6 <= 1e-5 yes; p-b: 0.05 no; p-c: error, never;
    # q-a: |2.0 - 2.0| = 0 yes; q-b: skipped, never; q-c: 0.5 no
    assert solved(RUNS, 1e-5).tolist() == [True, False, False, True, False, False]
    # at 1e-7: p-a: 1e-6 > 1e-7 no
    assert solved(RUNS, 1e-7).tolist() == [False, False, False, True, False, False]
    # at 1e-1: p-b: 0.05 <= 0.1 yes
    assert solved(RUNS, 1e-1).tolist() == [True, True, False, True, False, False]


def test_trace_costs_three_ways():
    rows = TRACES["run_id"] == "p-a"
    assert trace_costs(RUNS, TRACES, "fev")[rows].tolist() == [1, 2, 3, 4]
    # n = 3: evaluation + 3 * njev = 1+0, 2+3, 3+3, 4+6
    assert trace_costs(RUNS, TRACES, "fev+n*gev")[rows].tolist() == [1, 5, 6, 10]
    assert trace_costs(RUNS, TRACES, "seconds")[rows].tolist() == [0.1, 0.2, 0.3, 0.4]


def test_unknown_cost_name_is_one_line_listing_the_valid_ones():
    with pytest.raises(OptbenchError) as error:
        cost_to_target(RUNS, TRACES, cost="flops")
    assert str(error.value) == "unknown cost 'flops'; valid costs: fev, fev+n*gev, seconds"
    with pytest.raises(OptbenchError, match="valid costs: fev, fev"):
        trace_costs(RUNS, TRACES, "gev")


def _one(hits: pd.DataFrame, run_id: str, tau: float) -> pd.Series:
    row = hits[(hits["run_id"] == run_id) & (hits["tau"] == tau)]
    assert len(row) == 1
    return row.iloc[0]


def test_cost_to_target_has_one_row_per_run_and_tau_without_skipped_runs():
    hits = cost_to_target(RUNS, TRACES)
    # 5 runs that ran x 4 targets
    assert len(hits) == 5 * 4
    assert "q-b" not in set(hits["run_id"])
    assert hits["run_id"].tolist()[:5] == ["p-a"] * 4 + ["p-b"]
    assert hits["tau"].tolist()[:4] == [1e-1, 1e-3, 1e-5, 1e-7]
    assert {"run_id", "problem", "solver", "start", "seed", "n", "tau", "hit", "cost",
            "spent"} <= set(hits.columns)


@pytest.mark.parametrize(("cost", "at_row3", "at_row4", "total"), [
    ("fev", 3, 4, 4),
    # row 3: 3 + 3*1 = 6; row 4: 4 + 3*2 = 10
    ("fev+n*gev", 6, 10, 10),
    ("seconds", 0.3, 0.4, 0.4),
])
def test_cost_at_first_hit_under_each_cost(cost, at_row3, at_row4, total):
    hits = cost_to_target(RUNS, TRACES, cost=cost)
    # p-a's best_f - 1: 4, 0.5, 5e-4, 1e-6 (tol = tau, f_ref = 1)
    # 1e-1 and 1e-3: first at row 3 (5e-4); 1e-5: row 4 (1e-6); 1e-7: never
    for tau, expected in [(1e-1, at_row3), (1e-3, at_row3), (1e-5, at_row4)]:
        row = _one(hits, "p-a", tau)
        assert row["hit"] and row["cost"] == pytest.approx(expected)
        assert row["spent"] == pytest.approx(total)
    row = _one(hits, "p-a", 1e-7)
    assert not row["hit"] and np.isnan(row["cost"]) and row["spent"] == pytest.approx(total)


def test_cost_to_target_uses_the_anytime_trace_not_the_final_value():
    hits = cost_to_target(RUNS, TRACES)
    # q: f_ref = 1.9 from q-c's trace; tol at 1e-1 = 0.1 * 1.9 = 0.19
    # q-a: |2.0 - 1.9| = 0.1 <= 0.19 at evaluation 2
    assert _one(hits, "q-a", 1e-1)["cost"] == 2
    # q-c: best_f 1.9 at evaluation 2 hits every target, though it returned 2.5
    assert _one(hits, "q-c", 1e-7)["hit"] and _one(hits, "q-c", 1e-7)["cost"] == 2
    assert _one(hits, "q-c", 1e-7)["spent"] == 3
    # p-b: best 1.05 at evaluation 3: within 0.1, not within 1e-3
    assert _one(hits, "p-b", 1e-1)["cost"] == 3 and not _one(hits, "p-b", 1e-3)["hit"]


def test_error_runs_never_hit_but_report_what_they_spent():
    hits = cost_to_target(RUNS, TRACES)
    # p-c reached f = 1.0 exactly, but it ended in an error
    assert not hits.loc[hits["run_id"] == "p-c", "hit"].any()
    assert hits.loc[hits["run_id"] == "p-c", "spent"].tolist() == [2, 2, 2, 2]


def test_a_run_without_trace_rows_is_read_at_its_end():
    runs = make_runs(
        {"run_id": "t", "problem": "p", "solver": "a", "n": 3, "nfev": 7, "njev": 2,
         "fun": 1e-9, "time_s": 0.5},
        {"run_id": "e", "problem": "p", "solver": "b", "nfev": np.nan, "status": "error"},
    )
    traces = make_traces({"other": [(1, 0.0, 0, 0.0)]})
    hits = cost_to_target(runs, traces, taus=(1e-7,), cost="fev+n*gev")
    # t: final fun 1e-9 within 1e-7 of 0, at its whole cost 7 + 3 * 2 = 13
    assert hits[["hit", "cost", "spent"]].iloc[0].tolist() == [True, 13.0, 13.0]
    # e: no evaluation at all: spent 0
    assert not hits["hit"].iloc[1] and hits["spent"].iloc[1] == 0


def test_unordered_traces_give_the_same_answer():
    shuffled = TRACES.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(cost_to_target(RUNS, shuffled), cost_to_target(RUNS, TRACES))


def test_cost_to_target_on_200_000_trace_rows():
    # 2000 runs x 100 evaluations, rows shuffled; f* = 0 and best_f at evaluation i is
    # 10**(-(i - 0.5) / 10), so tau = 10**-k is first reached at i = 10 k + 1.
    n_runs, length = 2000, 100
    runs = pd.DataFrame({"run_id": [f"r{i}" for i in range(n_runs)], "problem": "p",
                         "solver": "s", "start": np.arange(n_runs), "seed": 0, "n": 2,
                         "nfev": length, "njev": 0, "fun": 0.0, "f_opt": 0.0,
                         "status": "converged", "time_s": 1.0})
    evaluation = np.tile(np.arange(1, length + 1), n_runs)
    best_f = 10.0 ** (-(evaluation - 0.5) / 10)
    traces = pd.DataFrame({"run_id": np.repeat(runs["run_id"].to_numpy(), length),
                           "evaluation": evaluation, "f": best_f, "best_f": best_f,
                           "time_s": evaluation / 100.0, "njev": 0})
    traces = traces.sample(frac=1.0, random_state=0).reset_index(drop=True)
    hits = cost_to_target(runs, traces)
    assert len(hits) == 4 * n_runs
    assert hits["cost"].to_numpy().reshape(n_runs, 4).tolist() == [[11, 31, 51, 71]] * n_runs
    assert (hits["spent"] == length).all()


def _constrained_runs():
    return make_runs(
        {"run_id": "a", "problem": "hs", "solver": "s", "nfev": 10, "fun": 1.0, "f_opt": 1.0,
         "kind": "constrained", "max_violation": 0.0},
        {"run_id": "b", "problem": "hs", "solver": "t", "nfev": 4, "fun": 1.0, "f_opt": 1.0,
         "kind": "constrained", "max_violation": 0.5})


def test_constrained_runs_hit_only_at_a_feasible_end():
    # Two runs on a constrained problem with f* = 1 (as HS problems: the solver passes
    # below f* at infeasible points). a: dips to 0.2 at evaluation 2 (infeasible), ends
    # feasible at f = 1 after 10 evaluations -> hits tau = 1e-3 at its end, cost 10.
    # b: ends at f = 1 but violates a constraint by 0.5 -> never hits, not solved.
    runs = _constrained_runs()
    traces = make_traces({
        "a": [(1, 9.0, 0, 0.0), (2, 0.2, 0, 0.0), (10, 1.0, 0, 0.0)],
        "b": [(1, 9.0, 0, 0.0), (4, 1.0, 0, 0.0)]})
    hits = cost_to_target(runs, traces, taus=(1e-3,))
    assert hits["hit"].tolist() == [True, False]
    assert hits["cost"].tolist()[0] == 10.0 and np.isnan(hits["cost"].tolist()[1])
    assert solved(runs, 1e-3).tolist() == [True, False]


def test_constrained_traces_with_violations_hit_at_their_first_feasible_target():
    # The same two runs, their traces recording each point's violation (the instrument
    # does for kinds that need feasibility). a: f = 9 (feasible), 0.2 (violation 0.3:
    # below f* outside the feasible set, no hit), 1.0000001 feasible at evaluation 5
    # (within 1e-3 of f* = 1: hit, cost 5), 1 at 10. b: feasible only at 9, ends at
    # f = 1 violating by 0.5: never hits.
    runs = _constrained_runs()
    traces = make_traces({
        "a": [(1, 9.0, 0, 0.0), (2, 0.2, 0, 0.0), (5, 1.0000001, 0, 0.0), (10, 1.0, 0, 0.0)],
        "b": [(1, 9.0, 0, 0.0), (4, 1.0, 0, 0.0)]})
    traces["violation"] = [0.0, 0.3, 0.0, 0.0, 0.0, 0.5]
    hits = cost_to_target(runs, traces, taus=(1e-3,))
    assert hits["hit"].tolist() == [True, False]
    assert hits["cost"].tolist()[0] == 5.0
    # The improvement rows keep the feasible improvements (evaluation 5), not only the
    # overall best (0.2 at evaluation 2).
    assert improvement_rows(traces)["evaluation"].tolist() == [1, 2, 5, 10, 1, 4]
    aligned = aligned_traces(runs, traces)
    assert aligned["best_f"].tolist() == [9.0, 9.0, 1.0000001, 1.0, 9.0, 9.0]


def test_one_alignment_serves_every_view():
    """A view's metrics from the aligned rows of all runs (`select_runs`) and the
    reference values of all runs equal those computed from the view's own runs and
    traces: the report aligns the traces once for all its views (issue 16)."""
    from optbench.analysis.ecdf import runtime_ecdf
    from optbench.analysis.profiles import data_profile
    from optbench.analysis.targets import ran, select_runs

    everything = ran(RUNS)
    aligned = aligned_traces(everything, TRACES)
    reference = reference_values(everything, TRACES)
    for problem in ("p", "q"):
        mine = (everything["problem"] == problem).to_numpy()
        part = RUNS[RUNS["problem"] == problem]
        part_traces = TRACES[TRACES["run_id"].isin(part["run_id"])]
        part_aligned = select_runs(aligned, mine)
        pd.testing.assert_frame_equal(part_aligned, aligned_traces(ran(part), part_traces))
        part_reference = reference.reindex([problem])
        pd.testing.assert_frame_equal(part_reference, reference_values(part, part_traces))
        for cost in COSTS:
            pd.testing.assert_frame_equal(
                cost_to_target(part, None, TARGETS, cost, part_reference, part_aligned),
                cost_to_target(part, part_traces, TARGETS, cost))
        pd.testing.assert_frame_equal(data_profile(part, None, 1e-3, [1.0, 10.0], part_aligned),
                                      data_profile(part, part_traces, 1e-3, [1.0, 10.0]))
        pd.testing.assert_frame_equal(
            runtime_ecdf(part, None, reference=part_reference, aligned=part_aligned),
            runtime_ecdf(part, part_traces))


def test_metrics_without_traces_need_what_they_replace():
    with pytest.raises(OptbenchError, match="need the traces"):
        cost_to_target(RUNS, None)
