"""The grid, stable run ids, statuses for misbehaving solvers, and the Python API."""

import json

import numpy as np
import pytest

import optbench
from optbench.analysis import SUMMARY_COLUMNS
from optbench.errors import OptbenchError
from optbench.runner import Task, execute, plan


def test_plan_is_the_grid_in_order():
    tasks = plan(["quadratic", "rosenbrock"], ["bfgs", "cg"], starts=2)
    assert [(t.problem, t.solver, t.start) for t in tasks] == [
        (p, s, k) for p in ("quadratic", "rosenbrock") for s in ("bfgs", "cg") for k in (0, 1)
    ]


def test_plan_drops_duplicate_spellings():
    tasks = plan(["quadratic"], ["gd", "gd[step=0.1]", "gd[step=0.2]"])
    assert [t.solver for t in tasks] == ["gd", "gd[step=0.2]"]


def test_run_ids_are_stable_and_distinguish_what_matters():
    base = Task("quadratic", "bfgs", 0, 0, 100)
    assert base.run_id == Task("quadratic", "bfgs", 0, 0, 100).run_id
    assert len(base.run_id) == 16
    others = [Task("quadratic", "bfgs[grad=fd]", 0, 0, 100), Task("quadratic", "bfgs", 1, 0, 100),
              Task("quadratic", "bfgs", 0, 1, 100), Task("quadratic", "bfgs", 0, 0, 101),
              Task("rosenbrock", "bfgs", 0, 0, 100)]
    assert len({t.run_id for t in others} | {base.run_id}) == 6


@pytest.mark.parametrize("problems, solvers, starts, message", [
    (["nope"], ["bfgs"], 1, "unknown problem 'nope'; valid: quadratic, rosenbrock, logreg-seed"),
    (["quadratic"], ["nope"], 1, "unknown solver 'nope'"),
    (["quadratic"], ["gd[step=abc]"], 1, "option step expects float"),
    (["quadratic"], ["bfgs"], 0, "starts must be between 1 and 10000"),
])
def test_plan_rejects_bad_input(problems, solvers, starts, message):
    with pytest.raises(OptbenchError) as info:
        plan(problems, solvers, starts=starts)
    assert message in str(info.value)


def test_a_raising_solver_is_an_error_status_with_its_first_line():
    record = execute(Task("quadratic", "test-raise", 0, 0, 100))
    assert record.status == "error"
    assert record.message == "RuntimeError: injected failure"
    assert record.nfev == 2 and not record.success
    # The best point seen before the failure is kept: f(1.8) = 4.04 < f(1.3) = 4.49.
    assert json.loads(record.x) == [1.8]


def test_a_nan_result_is_diverged():
    record = execute(Task("quadratic", "test-nan", 0, 0, 100))
    assert record.status == "diverged" and not record.success


def test_the_budget_stops_a_run_at_the_best_point():
    record = execute(Task("quadratic", "test-spend", 0, 0, 50))
    assert record.status == "budget"
    assert record.nfev == 50 and len(record.trace) == 50
    assert "max_fev=50" in record.message
    assert json.loads(record.x) == [1.8]


def test_budget_on_a_scipy_solver():
    record = execute(Task("rosenbrock", "nelder-mead", 0, 0, 40))
    assert (record.status, record.nfev, record.solver_nfev) == ("budget", 40, None)
    assert record.fun == pytest.approx(float(np.min(record.trace.f)))
    assert record.nit is not None and 0 < record.nit < 40


def test_skipped_runs_say_why():
    from optbench.families import OTHER
    from optbench.problems import PROBLEMS
    from optbench.problems.base import Problem

    if "no-gradient" not in PROBLEMS:
        PROBLEMS.register("no-gradient", "test-only problem without a gradient", OTHER)(
            lambda: Problem("no-gradient", lambda x: float(x @ x), [1.0], 0.0, "test"))
    record = execute(Task("no-gradient", "bfgs", 0, 0, 100))
    assert record.status == "skipped"
    assert record.message == "no-gradient has no analytic gradient (use bfgs[grad=fd])"
    assert execute(Task("no-gradient", "bfgs[grad=fd]", 0, 0, 100)).status == "converged"


def test_extra_starts_are_used():
    records = [execute(task) for task in plan(["rosenbrock"], ["bfgs"], starts=3, seed=1)]
    first_values = {float(r.trace.f[0]) for r in records}
    assert len(first_values) == 3 and 24.2 in {round(v, 10) for v in first_values}


def test_api_returns_the_summary_columns():
    table = optbench.run(["quadratic"], ["bfgs", "nelder-mead"])
    assert tuple(table.columns) == SUMMARY_COLUMNS
    assert table["solver"].tolist() == ["bfgs", "nelder-mead"]
    assert table["nfev"].tolist() == [3, 32]
    assert table["success"].tolist() == [True, True]


def test_api_reuses_stored_runs(tmp_path):
    path = tmp_path / "store.sqlite"
    first = optbench.run(["quadratic"], ["powell"], results=path)
    again = optbench.run(["quadratic"], ["powell"], results=path)
    assert first.drop(columns="time_s").equals(again.drop(columns="time_s"))
    assert first["time_s"].tolist() == again["time_s"].tolist()  # read back, not rerun


def test_same_command_same_table():
    columns = [c for c in SUMMARY_COLUMNS if c != "time_s"]
    one = optbench.run(["quadratic", "rosenbrock"], ["bfgs", "powell"], starts=2, seed=3)
    two = optbench.run(["quadratic", "rosenbrock"], ["bfgs", "powell"], starts=2, seed=3)
    assert one[columns].equals(two[columns])


def test_suites_leave_out_their_excluded_pairs():
    from optbench.suites import get_suite

    default = get_suite("default")
    pairs = {(t.problem, t.solver) for t in default.tasks(starts=1, seed=0, max_fev=10)}
    assert len(pairs) == 3 * 7 - 1
    assert ("logreg-seed", "nelder-mead") not in pairs
    assert ("rosenbrock", "nelder-mead") in pairs
    seed = get_suite("seed").tasks(starts=1, seed=0, max_fev=10)
    assert {(t.problem, t.solver) for t in seed if t.problem == "logreg-seed"} == {
        ("logreg-seed", "gd[gtol=0.0]")}
    assert len(seed) == 6


def test_a_value_below_a_certified_global_optimum_fails_loudly():
    # test-wrong-optimum claims f* = 5 (global) for (x - 2)**2 + 4, whose minimum is 4:
    # BFGS finds 4, which shows the definition is wrong, and the run says so.
    record = execute(Task("test-wrong-optimum", "bfgs", 0, 0, 100))
    assert record.status == "error" and not record.success
    assert record.fun == pytest.approx(4.0, abs=1e-10)
    assert record.message == (f"f = {record.fun!r} at a feasible point is below the certified "
                              "global optimum f* = 5.0: the problem's definition is wrong")


def test_violation_is_recorded_for_bounded_problems_and_empty_otherwise():
    # lls-box has bounds 0 <= x <= u; every solver that accepts bounds ends inside them.
    boxed = execute(Task("lls-box", "l-bfgs-b", 0, 0, 20000))
    assert boxed.max_violation == 0.0
    assert execute(Task("quadratic", "bfgs", 0, 0, 100)).max_violation is None
