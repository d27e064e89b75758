"""Runtime ECDFs, ERT with its bootstrap interval, success rates and the leaderboard."""

import numpy as np
import pandas as pd
import pytest
from analysis_frames import make_runs, make_traces

from optbench.analysis.ecdf import ECDF_TARGETS, runtime_ecdf
from optbench.analysis.ert import ert, ert_interval, ert_table, success_rate
from optbench.analysis.leaderboard import LEADERBOARD_COLUMNS, leaderboard
from optbench.analysis.targets import cost_to_target


def test_ecdf_targets_are_cocos_51():
    assert len(ECDF_TARGETS) == 51
    assert ECDF_TARGETS[0] == 100.0 and ECDF_TARGETS[-1] == pytest.approx(1e-8)
    assert ECDF_TARGETS[1] == pytest.approx(10 ** 1.8) and ECDF_TARGETS[25] == 1e-3


# f* = 0 everywhere; targets 1, 0.1, 0.01 (absolute).
ECDF_RUNS = make_runs(
    {"run_id": "pa", "problem": "p", "solver": "a", "n": 2, "nfev": 4, "fun": 0.05},
    {"run_id": "qa", "problem": "q", "solver": "a", "n": 1, "nfev": 2, "fun": 0.005},
    {"run_id": "pb", "problem": "p", "solver": "b", "n": 2, "nfev": 1, "fun": 0.5},
    {"run_id": "qb", "problem": "q", "solver": "b", "n": 1, "nfev": 1, "fun": 0.0,
     "status": "error"},
    {"run_id": "rb", "problem": "r", "solver": "b", "status": "skipped"},
)
ECDF_TRACES = make_traces({
    "pa": [(1, 5.0, 0, 0.0), (2, 0.5, 0, 0.0), (3, 0.05, 0, 0.0), (4, 0.05, 0, 0.0)],
    "qa": [(1, 2.0, 0, 0.0), (2, 0.005, 0, 0.0)],
    "pb": [(1, 0.5, 0, 0.0)],
    "qb": [(1, 0.0, 0, 0.0)],
})


def test_runtime_ecdf_fractions():
    grid = [-1.0, -0.3, 0.0, 0.2, 0.35, 10.0]
    ecdf = runtime_ecdf(ECDF_RUNS, ECDF_TRACES, grid, targets=(1.0, 0.1, 0.01))
    assert ecdf.index.name == "x" and list(ecdf.columns) == ["a", "b"]
    # a, 6 pairs. pa (n 2): 1 at evaluation 2 -> x = log10(2/2) = 0; 0.1 at 3 ->
    # log10(1.5) = 0.176; 0.01 never. qa (n 1): all three at 2 -> log10(2) = 0.301.
    # -1: 0; -0.3: 0; 0: 1/6; 0.2: 2/6; 0.35: 5/6; 10: 5/6 (the unsolved pair stays)
    assert ecdf["a"].tolist() == pytest.approx([0, 0, 1 / 6, 2 / 6, 5 / 6, 5 / 6])
    # b, 6 pairs (rb skipped: no pairs). pb: 1 at evaluation 1 -> log10(1/2) = -0.301;
    # qb is an error run: no pair reached, though its value is exact.
    assert ecdf["b"].tolist() == pytest.approx([0, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6])


def test_runtime_ecdf_default_grid_is_the_exact_step_function():
    ecdf = runtime_ecdf(ECDF_RUNS, ECDF_TRACES, targets=(1.0, 0.1, 0.01))
    # every distinct runtime: -0.301 (pb), 0, 0.176 (pa), 0.301 (qa)
    assert ecdf.index.to_numpy() == pytest.approx(np.log10([0.5, 1.0, 1.5, 2.0]))
    assert ecdf["a"].tolist() == pytest.approx([0, 1 / 6, 2 / 6, 5 / 6])
    assert ecdf["b"].tolist() == pytest.approx([1 / 6] * 4)


# One problem, one solver, four runs that ran (starts 0-3) and a skipped one.
ERT_RUNS = make_runs(
    {"run_id": "A", "problem": "p", "solver": "s", "start": 0, "nfev": 10, "fun": 0.0},
    {"run_id": "B", "problem": "p", "solver": "s", "start": 1, "nfev": 30, "fun": 1.0,
     "status": "maxiter"},
    {"run_id": "C", "problem": "p", "solver": "s", "start": 2, "nfev": 20, "fun": 0.0},
    {"run_id": "D", "problem": "p", "solver": "s", "start": 3, "nfev": 12, "fun": 0.0,
     "status": "error"},
    {"run_id": "E", "problem": "p", "solver": "s", "start": 4, "status": "skipped"},
    {"run_id": "F", "problem": "p", "solver": "t", "nfev": 8, "fun": 0.0},
    {"run_id": "G", "problem": "p", "solver": "t", "start": 1, "nfev": 9, "fun": 0.0},
    {"run_id": "H", "problem": "p", "solver": "u", "nfev": 9, "fun": 3.0,
     "status": "stalled"},
)
ERT_TRACES = make_traces({
    "A": [(1, 5.0, 0, 0.0), (10, 0.0, 0, 0.0)],              # hit at 10
    "B": [(1, 5.0, 0, 0.0), (30, 1.0, 0, 0.0)],              # never, spent 30
    "C": [(1, 5.0, 0, 0.0), (5, 0.0, 0, 0.0), (20, 0.0, 0, 0.0)],  # hit at 5
    "D": [(1, 5.0, 0, 0.0), (12, 0.0, 0, 0.0)],              # error: never, spent 12
    "F": [(4, 0.0, 0, 0.0), (8, 0.0, 0, 0.0)],               # hit at 4
    "G": [(6, 0.0, 0, 0.0), (9, 0.0, 0, 0.0)],               # hit at 6
    "H": [(9, 3.0, 0, 0.0)],                                 # never
})


def test_ert_by_hand():
    # runs costing 10 (hit at 10), 30 (never), 20 (hit at 5): (10 + 30 + 5) / 2
    assert ert([10.0, 30.0, 5.0], [True, False, True]) == 22.5
    assert ert([4.0, 6.0], [True, True]) == 5.0
    assert ert([30.0, 12.0], [False, False]) == np.inf


def test_ert_table_with_and_without_failures():
    table = ert_table(cost_to_target(ERT_RUNS, ERT_TRACES, taus=(1e-3,)))
    rows = table.set_index("solver")
    # s: A, B, C and D (the error run counts as a failure; E skipped is left out):
    # (10 + 30 + 5 + 12) / 2 = 28.5; success rate 2/4
    assert rows.loc["s", ["runs", "successes"]].tolist() == [4, 2]
    assert rows.loc["s", "ert"] == 28.5 and rows.loc["s", "success_rate"] == 0.5
    # t: no failures: (4 + 6) / 2 = 5
    assert rows.loc["t", "ert"] == 5.0 and rows.loc["t", "success_rate"] == 1.0
    # u: never: inf
    assert rows.loc["u", "ert"] == np.inf and rows.loc["u", "success_rate"] == 0.0
    assert list(table.columns) == ["problem", "solver", "tau", "runs", "successes",
                                   "success_rate", "ert"]


def test_success_rate_per_problem_solver_and_tau():
    rates = success_rate(cost_to_target(ERT_RUNS, ERT_TRACES, taus=(1e-3,)))
    assert rates.to_dict() == {("p", "s", 1e-3): 0.5, ("p", "t", 1e-3): 1.0,
                               ("p", "u", 1e-3): 0.0}


UNTIL = [10.0, 30.0, 5.0, 12.0, 7.0, 25.0]
HIT = [True, False, True, False, True, True]


def test_bootstrap_interval_is_deterministic_for_a_seed_and_contains_the_estimate():
    # ERT = (10 + 30 + 5 + 12 + 7 + 25) / 4 = 89 / 4 = 22.25
    assert ert(UNTIL, HIT) == 22.25
    low, high = ert_interval(UNTIL, HIT, n_boot=500, seed=7)
    assert (low, high) == ert_interval(UNTIL, HIT, n_boot=500, seed=7)
    assert low < 22.25 < high
    assert ert_interval(UNTIL, HIT, n_boot=500, seed=8) != (low, high)


def test_bootstrap_of_runs_that_all_failed_is_infinite():
    assert ert_interval([30.0, 12.0], [False, False], n_boot=50) == (np.inf, np.inf)


def test_ert_table_bootstrap_columns_match_ert_interval():
    table = ert_table(cost_to_target(ERT_RUNS, ERT_TRACES, taus=(1e-3,)), n_boot=200, seed=3)
    row = table.set_index("solver").loc["s"]
    # s's runs until: A 10, B 30, C 5, D 12
    expected = ert_interval([10.0, 30.0, 5.0, 12.0], [True, False, True, False], 200, 3)
    assert (row["ert_low"], row["ert_high"]) == expected


# Leaderboard: f* = 0, tau 1e-5, cost in evaluations.
LB_RUNS = make_runs(
    {"run_id": "pa", "problem": "p", "solver": "a", "nfev": 10, "fun": 0.0, "time_s": 1.0},
    {"run_id": "qa", "problem": "q", "solver": "a", "nfev": 20, "fun": 0.0, "time_s": 3.0},
    {"run_id": "pb", "problem": "p", "solver": "b", "nfev": 4, "fun": 0.0, "time_s": 0.5},
    {"run_id": "qb", "problem": "q", "solver": "b", "nfev": 50, "fun": 1.0, "time_s": 5.0,
     "status": "maxiter"},
    {"run_id": "pc", "problem": "p", "solver": "c", "nfev": 3, "fun": 0.0, "time_s": 0.1,
     "status": "error"},
    {"run_id": "qc", "problem": "q", "solver": "c", "status": "skipped"},
    {"run_id": "pd", "problem": "p", "solver": "d", "nfev": 8, "fun": 0.0, "time_s": 2.0},
    {"run_id": "qd", "problem": "q", "solver": "d", "nfev": 8, "fun": 0.0, "time_s": 4.0},
)
LB_TRACES = make_traces({
    "pa": [(1, 5.0, 0, 0.0), (6, 0.0, 0, 0.6), (10, 0.0, 0, 1.0)],
    "qa": [(1, 5.0, 0, 0.0), (20, 0.0, 0, 3.0)],
    "pb": [(1, 5.0, 0, 0.0), (4, 0.0, 0, 0.5)],
    "qb": [(1, 5.0, 0, 0.0), (50, 1.0, 0, 5.0)],
    "pc": [(1, 5.0, 0, 0.0), (3, 0.0, 0, 0.1)],
    "pd": [(1, 5.0, 0, 0.0), (8, 0.0, 0, 2.0)],
    "qd": [(1, 5.0, 0, 0.0), (8, 0.0, 0, 4.0)],
})


def test_leaderboard_by_hand():
    board = leaderboard(LB_RUNS, LB_TRACES, tau=1e-5)
    assert tuple(board.columns) == LEADERBOARD_COLUMNS
    # d: 2/2 solved, median nfev (8, 8) = 8, ERT p 8, q 8 -> 8, median time (2, 4) = 3
    # a: 2/2 solved, median nfev (10, 20) = 15, ERT p 6 (first hit), q 20 -> 13; time 2
    # b: 1/2 solved, nfev 4, ERT p 4, q inf (50 spent, never) -> median inf; time 0.5
    # c: 0/2 (error run on p, skipped q: both count against it), no solved run: NaN;
    #    ERT inf
    expected = pd.DataFrame({
        "solver": ["d", "a", "b", "c"], "runs": [2, 2, 2, 1], "solved": [1.0, 1.0, 0.5, 0.0],
        "median_evaluations": [8.0, 15.0, 4.0, np.nan], "ert": [8.0, 13.0, np.inf, np.inf],
        "median_time_s": [3.0, 2.0, 0.5, np.nan]})
    pd.testing.assert_frame_equal(board, expected, check_dtype=False)


def test_leaderboard_ert_in_another_cost():
    board = leaderboard(LB_RUNS, LB_TRACES, tau=1e-5, cost="seconds").set_index("solver")
    # a: ERT p 0.6 s (first hit at evaluation 6), q 3.0 s -> median 1.8
    assert board.loc["a", "ert"] == pytest.approx(1.8)


def test_a_solver_that_skips_half_the_instances_solves_at_most_half():
    # e runs only on p and solves it at evaluation 2: solved 1 of the 2 instances (p, q)
    # any solver ran = 0.5; ERT p 2, q inf (skipped) -> median over (2, inf) = inf.
    runs = pd.concat([LB_RUNS, make_runs(
        {"run_id": "pe", "problem": "p", "solver": "e", "nfev": 2, "fun": 0.0, "time_s": 0.2},
        {"run_id": "qe", "problem": "q", "solver": "e", "status": "skipped"})],
        ignore_index=True)
    traces = pd.concat([LB_TRACES, make_traces({"pe": [(1, 5.0, 0, 0.0), (2, 0.0, 0, 0.2)]})],
                       ignore_index=True)
    board = leaderboard(runs, traces, tau=1e-5).set_index("solver")
    assert board.loc["e", "runs"] == 1 and board.loc["e", "solved"] == 0.5
    assert board.loc["e", "ert"] == np.inf
    # the others are unchanged by e's runs (d still first)
    assert board.index.tolist()[:2] == ["d", "a"]


def test_leaderboard_from_shared_hits_is_the_same():
    # The report computes the cost to every target once per view and hands it over.
    from optbench.analysis.targets import TARGETS, cost_to_target, reference_values

    reference = reference_values(LB_RUNS, LB_TRACES)
    hits = cost_to_target(LB_RUNS, LB_TRACES, TARGETS, "fev", reference)
    shared = leaderboard(LB_RUNS, LB_TRACES, 1e-5, "fev", reference, hits)
    pd.testing.assert_frame_equal(shared, leaderboard(LB_RUNS, LB_TRACES, tau=1e-5))


def test_the_leaderboard_caption_says_what_solved_divides_by():
    # The caption said "the fraction of its runs", but c above made 1 run and its solved
    # divides by the view's 2 instances (issue 16): the caption names the denominator.
    from optbench.report.tables import LEADERBOARD_HELP

    board = leaderboard(LB_RUNS, LB_TRACES, tau=1e-5).set_index("solver")
    assert board.loc["c", "runs"] == 1 and board.loc["b", "solved"] == 1 / 2
    assert "solved is the fraction of the view's instances" in LEADERBOARD_HELP
    assert "fraction of its runs" not in LEADERBOARD_HELP
