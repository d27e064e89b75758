"""The NLopt adapters (optbench/solvers/nlopt_solvers.py): certified optima reached,
counts equal to NLopt's own, budgets, bounds, constraints, skips, seeds, NaN and
exceptions.

Certified values (each problem carries its f*): Rosenbrock (1960) and MGH problems 5
and 7 (Moré, Garbow & Hillstrom 1981: Beale, helical valley) have f* = 0; HS 35 (Hock &
Schittkowski 1981) f* = 1/9, HS 71 f* = 17.0140173; Branin (Dixon & Szegő 1978)
f* = 0.397887 at three points and no other local minimum, the six-hump camel function
f* = -1.0316285 at two points, whose other local minima lie at -0.2155 and above.
"""

import json
import math

import numpy as np
import pytest

import optbench.solvers.nlopt_solvers  # noqa: F401  (registers the solvers)
from optbench.counting import BudgetExhausted
from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems import get_problem
from optbench.problems.base import Problem
from optbench.result import Status
from optbench.runner import Task, execute
from optbench.solvers import get_solver
from optbench.solvers.base import SOLVERS, skip_reason
from optbench.solvers.nlopt_solvers import ALGORITHMS, RESULT_CODES, Callbacks

nlopt = pytest.importorskip("nlopt")

#: The 14 algorithms and their solver names (the prefix dropped, dashes for underscores).
NAMES = {
    "LD_LBFGS": "nlopt-lbfgs", "LD_SLSQP": "nlopt-slsqp", "LD_MMA": "nlopt-mma",
    "LD_CCSAQ": "nlopt-ccsaq", "LD_TNEWTON_PRECOND_RESTART": "nlopt-tnewton-precond-restart",
    "LN_BOBYQA": "nlopt-bobyqa", "LN_NEWUOA_BOUND": "nlopt-newuoa-bound",
    "LN_COBYLA": "nlopt-cobyla", "LN_SBPLX": "nlopt-sbplx", "LN_NELDERMEAD": "nlopt-neldermead",
    "GN_DIRECT_L": "nlopt-direct-l", "GN_CRS2_LM": "nlopt-crs2-lm", "GN_ISRES": "nlopt-isres",
    "G_MLSL_LDS": "nlopt-mlsl-lds",
}

#: (solver, problem, tolerance on f - f*). The local solvers stop at NLopt's
#: ftol_rel = 2.2e-9 and xtol_rel = 1e-8 (the adapter's defaults): on these smooth
#: problems that leaves |f - f*| below 1e-9 (measured: 1e-10 at most, MMA's 2.3e-13 on
#: Beale and COBYLA's 7.8e-12 on HS 35 the largest here). The constrained solutions
#: may lie below f* by up to the constraint tolerance (ctol = 1e-8) times the
#: multipliers. The global solvers run to maxeval = 1000 n: DIRECT-L and MLSL find
#: Branin's f* to rounding; ISRES, an evolution strategy, only comes near it (measured
#: f - f* = 9.0e-4 on the six-hump camel): 0.1 says it found a global basin (the next
#: local minimum is 0.8 higher).
REACHES = [
    ("nlopt-lbfgs", "rosenbrock", 1e-9),
    ("nlopt-lbfgs", "mgh-helical-valley", 1e-9),
    ("nlopt-slsqp", "hs-071", 1e-6),
    ("nlopt-slsqp", "hs-035", 1e-9),
    ("nlopt-mma", "hs-035", 1e-8),
    ("nlopt-ccsaq", "mgh-beale", 1e-9),
    ("nlopt-tnewton-precond-restart", "rosenbrock", 1e-9),
    ("nlopt-bobyqa", "mgh-beale", 1e-9),
    ("nlopt-bobyqa", "rosenbrock", 1e-9),
    ("nlopt-newuoa-bound", "mgh-beale", 1e-8),
    ("nlopt-cobyla", "hs-035", 1e-9),
    ("nlopt-sbplx", "mgh-helical-valley", 1e-9),
    ("nlopt-neldermead", "mgh-beale", 1e-9),
    ("nlopt-direct-l", "global-branin", 1e-9),
    ("nlopt-crs2-lm", "global-branin", 1e-6),
    ("nlopt-isres", "global-six-hump-camel", 0.1),
    ("nlopt-mlsl-lds", "global-branin", 1e-9),
    ("nlopt-mlsl-lds[local=lbfgs]", "global-six-hump-camel", 1e-9),
]


def _run(solver, problem, max_fev=20_000, seed=0):
    return execute(Task(problem, solver, 0, seed, max_fev))


def test_every_algorithm_is_registered_under_its_name():
    assert {row.code: row.solver_name for row in ALGORITHMS.values()} == NAMES
    assert set(NAMES.values()) <= set(SOLVERS.names())


@pytest.mark.parametrize("solver, problem, tol", REACHES)
def test_reaches_the_certified_optimum_with_nlopt_counts(solver, problem, tol):
    record = _run(solver, problem)
    assert abs(record.f_error) <= tol, (record.status, record.f_error)
    assert record.status in {"converged", "maxiter"}, record.message
    assert record.nfev == record.solver_nfev  # NLopt's get_numevals()
    if record.solver_njev is not None:
        assert record.njev == record.solver_njev == record.nfev
    assert record.nit is None and record.nit_source is None  # NLopt counts no iterations
    if record.max_violation is not None:
        assert record.max_violation <= 1e-7


@pytest.mark.parametrize("solver", ["nlopt-lbfgs", "nlopt-mma", "nlopt-ccsaq",
                                    "nlopt-tnewton-precond-restart"])
def test_these_ask_for_the_gradient_at_every_call(solver):
    record = _run(solver, "mgh-beale")
    assert record.nfev == record.njev == record.solver_nfev == record.solver_njev


def test_slsqp_evaluates_f_alone_in_its_line_search_and_reports_no_njev():
    record = _run("nlopt-slsqp", "rosenbrock")
    assert record.solver_njev is None
    assert record.nfev == record.solver_nfev == 60  # measured, NLopt 2.11.0
    assert 0 < record.njev < record.nfev


def test_global_algorithms_stop_at_their_evaluation_limit():
    record = _run("nlopt-direct-l[maxeval=300]", "global-branin")
    assert record.status == "maxiter" and record.message == "NLopt GN_DIRECT_L: MAXEVAL_REACHED"
    assert record.nfev == record.solver_nfev == 300
    default = _run("nlopt-isres", "global-hartmann-3")  # 1000 n evaluations
    assert default.nfev == default.solver_nfev == 3000


def test_mlsl_counts_its_local_searches_and_reports_no_njev_with_lbfgs():
    record = _run("nlopt-mlsl-lds[local=lbfgs]", "global-branin")
    assert record.nfev == record.solver_nfev == 2000
    assert record.solver_njev is None and 0 < record.njev < record.nfev


def test_constraints_reach_nlopt_with_its_sign():
    """optbench's c(x) >= 0 is NLopt's -c(x) <= 0: HS 35's constraint
    3 - x1 - x2 - 2 x3 >= 0 is active at the solution (4/3, 7/9, 4/9)."""
    for solver in ["nlopt-slsqp", "nlopt-mma", "nlopt-ccsaq", "nlopt-cobyla"]:
        record = _run(solver, "hs-035")
        np.testing.assert_allclose(json.loads(record.x), [4 / 3, 7 / 9, 4 / 9], atol=1e-4)
        assert record.ncev > 0 and record.solver_ncev is None  # NLopt counts none


@pytest.mark.parametrize("solver, problem, reason", [
    ("nlopt-isres", "hs-035", "hs-035 has no finite bounds"),
    ("nlopt-direct-l", "rosenbrock", "NLopt GN_DIRECT_L solves 'global' problems, not "
                                     "'minimize'"),
    ("nlopt-lbfgs", "hs-071", "NLopt LD_LBFGS cannot handle the constraints of hs-071"),
    ("nlopt-lbfgs", "global-branin", "NLopt LD_LBFGS solves 'minimize' and 'constrained' "
                                     "problems, not 'global'"),
    ("nlopt-mlsl-lds[local=lbfgs]", "global-bukin-6", "global-bukin-6 has no analytic "
                                                      "gradient"),
])
def test_the_runner_skips_what_an_algorithm_does_not_take(solver, problem, reason):
    record = _run(solver, problem)
    assert record.status == "skipped" and record.message == reason
    assert record.nfev is None


@pytest.mark.parametrize("solver, problem, reason", [
    ("nlopt-mma", "hs-071", "NLopt's LD_MMA takes inequality constraints only; hs-071 has "
                            "equality constraints"),
    ("nlopt-ccsaq", "hs-006", "NLopt's LD_CCSAQ takes inequality constraints only; hs-006 "
                              "has equality constraints"),
    ("nlopt-newuoa-bound", "quadratic", "NLopt's LN_NEWUOA_BOUND takes at least 2 variables; "
                                        "quadratic has 1"),
])
def test_the_adapter_skips_what_accepts_cannot_say(solver, problem, reason):
    """NLopt refuses these (invalid arguments); optbench's capabilities do not tell
    equality constraints or a dimension apart, so the declaration's own check
    (`Accepts.check`) skips them before anything is evaluated."""
    record = _run(solver, problem)
    assert record.status == "skipped" and record.message == reason
    assert record.nfev is None and record.solver_nfev is None


def test_a_constraint_without_jacobian_is_skipped_by_the_gradient_based_ones():
    base = get_problem("hs-035")
    problem = Problem("hs-035-nojac", base.fun, base.x0, base.f_opt, "test", grad=base.grad,
                      bounds=base.bounds, constraints=[{"type": "ineq",
                                                        "fun": base.constraints[0].fun}])
    assert skip_reason(get_solver("nlopt-slsqp").accepts, problem) == (
        "NLopt's LD_SLSQP needs constraint Jacobians; hs-035-nojac has a constraint without one")
    assert get_solver("nlopt-cobyla").solve(Instrument(problem), problem.x0,
                                            0).status is Status.CONVERGED


def test_a_start_outside_the_bounds_is_clipped_into_them():
    """NLopt refuses such a start (INVALID_ARGS, "bounds 1 fail"); HS 1 has x2 >= -1.5."""
    problem = get_problem("hs-001")
    objective = Instrument(problem)
    result = get_solver("nlopt-bobyqa").solve(objective, np.array([-2.0, -3.0]), 0)
    assert result.status is Status.CONVERGED and result.fun < 1e-9
    assert objective.trace().f[0] == problem.fun(np.array([-2.0, -1.5]))


@pytest.mark.parametrize("code", list(NAMES))
def test_the_budget_stops_every_algorithm(code):
    """BudgetExhausted raised inside NLopt reaches the runner (`Callbacks`)."""
    row = ALGORITHMS[code]
    problem = ("global-branin" if row.is_global else
               "hs-035" if row.inequality else "rosenbrock")
    record = _run(row.solver_name, problem, max_fev=8)
    assert record.status == "budget" and record.nfev == 8
    assert record.message == "evaluation budget max_fev=8 spent"


@pytest.mark.parametrize("solver", ["nlopt-crs2-lm", "nlopt-isres", "nlopt-mlsl-lds"])
def test_the_same_seed_gives_the_same_run(solver):
    first, second = _run(solver, "global-six-hump-camel"), _run(solver, "global-six-hump-camel")
    assert first.x == second.x and first.nfev == second.nfev
    np.testing.assert_array_equal(first.trace.f, second.trace.f)


@pytest.mark.parametrize("solver", ["nlopt-crs2-lm", "nlopt-isres"])
def test_another_seed_gives_another_run(solver):
    first, other = _run(solver, "global-branin", seed=0), _run(solver, "global-branin", seed=1)
    assert not np.array_equal(first.trace.f[:100], other.trace.f[:100])


def _nan_after(problem, k):
    """``problem`` whose f is NaN from its k-th evaluation on."""
    calls = {"n": 0}

    def fun(x):
        calls["n"] += 1
        return math.nan if calls["n"] >= k else problem.fun(x)

    return Problem(problem.name + "-nan", fun, problem.x0, problem.f_opt, "test",
                   bounds=problem.bounds, constraints=problem.constraints)


@pytest.mark.parametrize("solver, problem", [("nlopt-cobyla", "hs-035"),
                                             ("nlopt-newuoa-bound", "rosenbrock")])
def test_cobyla_and_newuoa_stop_at_a_nan_instead_of_hanging(solver, problem):
    """NLopt's COBYLA and NEWUOA_BOUND never return once f was NaN (measured)."""
    objective = Instrument(_nan_after(get_problem(problem), 8), max_fev=1000)
    result = get_solver(solver).solve(objective, objective.problem.x0, 0)
    assert result.status is Status.DIVERGED
    assert "stopped at f = nan at evaluation 8" in result.message
    assert result.nfev == objective.nfev == 8 and math.isfinite(result.fun)


def test_other_algorithms_get_a_nan_as_it_is():
    objective = Instrument(_nan_after(get_problem("rosenbrock"), 5), max_fev=1000)
    result = get_solver("nlopt-bobyqa").solve(objective, objective.problem.x0, 0)
    assert result.status is Status.CONVERGED  # BOBYQA's own end: XTOL_REACHED at x0
    assert result.nfev == objective.nfev == 23 and objective.nonfinite == 19
    np.testing.assert_array_equal(result.x, objective.problem.x0)


def test_no_finite_value_at_all_returns_x0():
    """LD_TNEWTON_PRECOND_RESTART returns x = [0, 0], never evaluated, when every f is
    NaN; the adapter returns x0."""
    problem = Problem("nan", lambda x: math.nan, [-1.2, 1.0], 0.0, "test",
                      grad=lambda x: 2.0 * x)
    result = get_solver("nlopt-tnewton-precond-restart").solve(Instrument(problem),
                                                                problem.x0, 0)
    assert result.status is Status.STALLED
    assert result.message == "NLopt LD_TNEWTON_PRECOND_RESTART: FAILURE"
    np.testing.assert_array_equal(result.x, [-1.2, 1.0])
    assert math.isnan(result.fun)


@pytest.mark.parametrize("solver", ["nlopt-lbfgs", "nlopt-crs2-lm", "nlopt-cobyla"])
def test_an_exception_in_the_objective_propagates(solver):
    """NLopt's own wrapper turns it into RuntimeError (LBFGS) or SystemError (CRS2)."""
    rosenbrock, calls = get_problem("rosenbrock"), []

    def fun(x):
        if len(calls) >= 10:
            raise ValueError("broken objective")
        calls.append(x)
        return rosenbrock.fun(x)

    problem = Problem("broken", fun, [-1.2, 1.0], 0.0, "test", grad=rosenbrock.grad,
                      bounds=((-5.0, 5.0),) * 2, kind="global")
    with pytest.raises(ValueError, match="broken objective"):
        get_solver(solver).solve(Instrument(problem), problem.x0, 0)


def test_calls_after_a_stop_evaluate_nothing():
    objective = Instrument(get_problem("quadratic"), max_fev=1)
    calls = Callbacks(objective, lambda: None, False)
    grad = np.ones(1)
    assert calls.objective(np.array([1.0]), np.empty(0)) == 5.0
    assert calls.objective(np.array([3.0]), grad) == 5.0  # the budget: the stand-in
    assert calls.objective(np.array([4.0]), grad) == 5.0 and grad.tolist() == [0.0]
    assert (calls.calls, calls.idle, objective.nfev) == (2, 1, 1)
    with pytest.raises(BudgetExhausted, match="max_fev=1 spent"):
        calls.reraise()


def test_declarations():
    accepts = {name: get_solver(name).accepts for name in
               ["nlopt-slsqp", "nlopt-bobyqa", "nlopt-direct-l", "nlopt-isres",
                "nlopt-mlsl-lds", "nlopt-mlsl-lds[local=lbfgs]"]}
    assert accepts["nlopt-slsqp"].needs == (Capability.GRADIENT,)
    assert accepts["nlopt-slsqp"].refuses == ()
    assert accepts["nlopt-bobyqa"].refuses == (Capability.CONSTRAINTS,)
    assert accepts["nlopt-bobyqa"].kinds == {Kind.MINIMIZE, Kind.CONSTRAINED}
    assert accepts["nlopt-direct-l"].kinds == {Kind.GLOBAL}
    assert accepts["nlopt-direct-l"].needs == (Capability.FINITE_BOUNDS,)
    assert accepts["nlopt-isres"].kinds == {Kind.GLOBAL, Kind.CONSTRAINED}
    assert accepts["nlopt-mlsl-lds"].needs == (Capability.FINITE_BOUNDS,)
    assert accepts["nlopt-mlsl-lds[local=lbfgs]"].needs == (Capability.FINITE_BOUNDS,
                                                            Capability.GRADIENT)


def test_options_are_the_algorithms_own():
    assert get_solver("nlopt-cobyla[ctol=1e-6,xtol_rel=1e-4]").name == (
        "nlopt-cobyla[ctol=1e-06,xtol_rel=0.0001]")
    with pytest.raises(OptbenchError, match="has no option 'ctol'"):
        get_solver("nlopt-bobyqa[ctol=1e-6]")
    with pytest.raises(OptbenchError, match="has no option 'xtol_rel'"):
        get_solver("nlopt-direct-l[xtol_rel=1e-6]")


def test_result_codes_are_nlopts():
    """The table's codes are the ``nlopt`` module's constants."""
    for code, (label, _) in RESULT_CODES.items():
        assert getattr(nlopt, label) == code
    assert RESULT_CODES[nlopt.ROUNDOFF_LIMITED][1] is Status.STALLED
    assert RESULT_CODES[nlopt.MAXEVAL_REACHED][1] is Status.MAXITER
