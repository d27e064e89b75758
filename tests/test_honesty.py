"""Solver honesty: the solver's own verdict against the truth (optbench.analysis.honesty),
checked on frames worked out by hand and on properties of random ones."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optbench.analysis.honesty import (
    HONESTY_COLUMNS,
    claims,
    comparability_note,
    honesty_at,
    honesty_table,
)
from tests.analysis_frames import make_runs

CELLS = ["success_within", "success_outside", "failure_within", "failure_outside"]


def _frame():
    """Two solvers on two problems of two families, f* = 0 (p, MGH) and f* = 100 (q, global).

    a: p converged at 1e-9 (true success), p maxiter at 1e-12 (false alarm),
       q converged at 100.5 (|f - f*| / max(1, |f*|) = 0.005: within 1e-1, a false
       success at 1e-3), q budget (no verdict).
    b: p stalled at 2.0 (true failure), p diverged at inf (true failure), q converged at
       100 (true success), q error (no verdict), q skipped (dropped: not counted at all).
    """
    return make_runs(
        {"run_id": "a1", "problem": "p", "solver": "a", "fun": 1e-9, "start": 0},
        {"run_id": "a2", "problem": "p", "solver": "a", "fun": 1e-12, "status": "maxiter",
         "start": 1},
        {"run_id": "a3", "problem": "q", "solver": "a", "fun": 100.5, "f_opt": 100.0,
         "family": "global"},
        {"run_id": "a4", "problem": "q", "solver": "a", "fun": 150.0, "f_opt": 100.0,
         "status": "budget", "family": "global", "start": 1},
        {"run_id": "b1", "problem": "p", "solver": "b", "fun": 2.0, "status": "stalled"},
        {"run_id": "b2", "problem": "p", "solver": "b", "fun": np.inf, "status": "diverged",
         "start": 1},
        {"run_id": "b3", "problem": "q", "solver": "b", "fun": 100.0, "f_opt": 100.0,
         "family": "global"},
        {"run_id": "b4", "problem": "q", "solver": "b", "fun": np.nan, "f_opt": 100.0,
         "status": "error", "family": "global", "start": 1},
        {"run_id": "b5", "problem": "q", "solver": "b", "fun": np.nan, "f_opt": 100.0,
         "status": "skipped", "family": "global", "start": 2},
    ).assign(message="")


def test_the_confusion_by_solver_is_the_hand_count():
    table = honesty_table(_frame(), taus=(1e-1, 1e-3))
    assert table.columns.tolist() == ["solver", *HONESTY_COLUMNS]
    a = table[table["solver"] == "a"].set_index("tau")
    # tau 1e-1: a1 and a3 are successes within, a2 a false alarm, a4 no verdict.
    assert a.loc[1e-1, CELLS].tolist() == [2, 0, 1, 0]
    assert (a.loc[1e-1, "runs"], a.loc[1e-1, "no_verdict"]) == (4, 1)
    assert a.loc[1e-1, "false_success"] == 0.0 and a.loc[1e-1, "false_alarm"] == 1.0
    # tau 1e-3: a3 (0.005 off) is now a false success: 1 of a's 2 successes.
    assert a.loc[1e-3, CELLS].tolist() == [1, 1, 1, 0]
    assert a.loc[1e-3, "false_success"] == 0.5
    b = table[table["solver"] == "b"].set_index("tau")
    # b: skipped b5 is dropped, so 4 runs; b3 a true success; b1, b2 true failures.
    assert b.loc[1e-3, CELLS].tolist() == [1, 0, 0, 2]
    assert (b.loc[1e-3, "runs"], b.loc[1e-3, "no_verdict"]) == (4, 1)
    assert b.loc[1e-3, "false_success"] == 0.0 and b.loc[1e-3, "false_alarm"] == 0.0


def test_by_solver_and_family_splits_the_counts():
    table = honesty_at(honesty_table(_frame(), taus=(1e-3,), by=("solver", "family")), 1e-3)
    rows = {(r.solver, r.family): [getattr(r, c) for c in CELLS]
            for r in table.itertuples()}
    assert rows == {("a", "MGH"): [1, 0, 1, 0], ("a", "global"): [0, 1, 0, 0],
                    ("b", "MGH"): [0, 0, 0, 2], ("b", "global"): [1, 0, 0, 0]}
    # a on global made one success claim, not within: false success 1; no failure
    # claim there, so no false-alarm rate (NaN), not 0.
    row = table[(table["solver"] == "a") & (table["family"] == "global")].iloc[0]
    assert row["false_success"] == 1.0 and np.isnan(row["false_alarm"])


def test_the_examples_of_the_issue_are_a_false_success_and_a_false_alarm():
    # fsolve 'converged' at ||F|| = 1e21 on an equation (f* = 0): a false success at every
    # target; brentq at maxiter with residual 1e-35: a false alarm at every target.
    runs = make_runs(
        {"run_id": "f", "problem": "brown", "solver": "fsolve", "fun": 1e21},
        {"run_id": "r", "problem": "aps6", "solver": "brentq", "fun": 1e-35,
         "status": "maxiter"})
    table = honesty_table(runs)
    assert (table.loc[table["solver"] == "fsolve", "false_success"] == 1.0).all()
    assert (table.loc[table["solver"] == "brentq", "false_alarm"] == 1.0).all()


def test_verdicts_that_are_not_comparable_get_a_note():
    always = pd.DataFrame({"status": ["converged"] * 6, "message": ""})
    inferred = pd.DataFrame({"status": ["converged", "maxiter"],
                             "message": ["fmin_cobyla returns x only; status inferred: "
                                         "fewer than maxfun evaluations, so converged", ""]})
    assert comparability_note(always) == "success on every run"
    assert comparability_note(inferred) == "status inferred by optbench"
    assert comparability_note(pd.DataFrame({"status": ["budget", "error"],
                                            "message": ""})) == "no verdict"
    assert comparability_note(always.head(4)) == ""  # too few claims to say
    never = pd.DataFrame({"status": ["maxiter"] * 3 + ["diverged", "stalled"], "message": ""})
    assert comparability_note(never) == "failure on every run"
    assert claims(pd.DataFrame({"status": ["timeout", "stalled"]})).tolist() == [
        "none", "failure"]


STATUSES = ["converged", "maxiter", "stalled", "diverged", "budget", "timeout", "error",
            "skipped"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STATUSES), st.floats(-12, 2),
                          st.sampled_from(["s", "t"])), min_size=1, max_size=30))
def test_cells_add_up_and_hits_grow_with_the_target(rows):
    runs = make_runs(*({"run_id": str(i), "problem": f"p{i % 3}", "solver": solver,
                        "fun": 10.0 ** exponent, "status": status, "start": i}
                       for i, (status, exponent, solver) in enumerate(rows)))
    taus = (1e-1, 1e-4, 1e-8)
    table = honesty_table(runs, taus=taus)
    ran = runs[runs["status"] != "skipped"]
    assert table["runs"].sum() == len(ran) * len(taus)
    assert (table[CELLS].sum(axis=1) + table["no_verdict"] == table["runs"]).all()
    for column in ("false_success", "false_alarm"):
        rates = table[column].dropna()
        assert ((rates >= 0) & (rates <= 1)).all()
    for _, group in table.groupby("solver"):
        within = group.sort_values("tau")[["success_within", "failure_within"]].to_numpy()
        assert (np.diff(within, axis=0) >= 0).all()  # looser target, more within
        claimed = group["success_within"] + group["success_outside"]
        assert claimed.nunique() == 1  # the claims do not depend on the target


def test_no_runs_give_an_empty_table():
    runs = make_runs({"run_id": "x", "problem": "p", "solver": "s", "status": "skipped"})
    assert honesty_table(runs).empty


@pytest.mark.parametrize("tau", [1e-5])
def test_honesty_at_picks_one_target(tau):
    table = honesty_table(_frame(), taus=(1e-1, tau))
    assert set(honesty_at(table, tau)["tau"]) == {tau}
