"""The Hock-Schittkowski problems: every optimum verified, derivatives checked, the
constraint-violation metric on hand-built cases, and one run per solver family.

Reference values: Hock & Schittkowski (1981), Test Examples for Nonlinear Programming
Codes, LNEMS 187, Springer (cited as "HS n"); where optbench ships a full-precision
value, the optimality of x* is what is checked (KKT conditions below), not the digits.
"""

import numpy as np
import pytest

from optbench.problems import PROBLEMS, get_problem
from optbench.problems.base import Constraint, Problem
from optbench.runner import Task, execute
from optbench.solvers import get_solver
from optbench.solvers.base import skip_reason
from optbench.solvers.legacy import stacked_constraints
from optbench.suites import get_suite

HS = [name for name in PROBLEMS.names() if name.startswith("hs-")]
#: Active means within this of a bound or an inequality's zero (relative to the bound).
ACTIVE = 1e-7


def _active_normals(problem: Problem, x: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Gradients of the active constraints written as c(x) >= 0 or c(x) = 0, and kinds."""
    rows, kinds = [], []
    for i, (low, high) in enumerate(problem.bounds or ()):
        unit = np.eye(problem.n)[i]
        if low is not None and abs(x[i] - low) <= ACTIVE * max(1.0, abs(low)):
            rows.append(unit)
            kinds.append("ineq")
        if high is not None and abs(x[i] - high) <= ACTIVE * max(1.0, abs(high)):
            rows.append(-unit)
            kinds.append("ineq")
    for constraint in problem.constraints:
        values, jac = np.atleast_1d(constraint.fun(x)), constraint.jac(x)
        for k, value in enumerate(values):
            if constraint.kind == "eq" or abs(value) <= ACTIVE * 10:
                rows.append(jac[k])
                kinds.append(constraint.kind)
    return np.array(rows).reshape(-1, problem.n), kinds


def kkt(problem: Problem, x: np.ndarray) -> tuple[float, np.ndarray, list[str]]:
    """First-order KKT at x: least-squares multipliers for grad f = sum lambda_i grad c_i.

    Returns the residual norm relative to max(1, |grad f|), the multipliers and the kinds
    (inequality multipliers must be >= 0 at a minimiser).
    """
    g = problem.grad(x)
    normals, kinds = _active_normals(problem, x)
    if not kinds:
        return float(np.linalg.norm(g)), np.array([]), kinds
    multipliers, *_ = np.linalg.lstsq(normals.T, g, rcond=None)
    residual = np.linalg.norm(normals.T @ multipliers - g) / max(1.0, np.linalg.norm(g))
    return float(residual), multipliers, kinds


def central_jacobian(fun, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences, one column per variable, step h * max(1, |x_i|)."""
    columns = []
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h * max(1.0, abs(x[i]))
        columns.append((np.atleast_1d(fun(x + step)) - np.atleast_1d(fun(x - step)))
                       / (2.0 * step[i]))
    return np.column_stack(columns)


def test_at_least_25_problems_with_a_spread_of_constraint_kinds():
    problems = [get_problem(name) for name in HS]
    bound_only = [p for p in problems if not p.constraints]
    with_eq = [p for p in problems if any(c.kind == "eq" for c in p.constraints)]
    with_ineq = [p for p in problems if any(c.kind == "ineq" for c in p.constraints)]
    assert len(problems) >= 25
    assert min(len(bound_only), len(with_eq), len(with_ineq)) >= 8
    assert all(p.kind == "constrained" and p.family == "Hock-Schittkowski" for p in problems)
    assert not any(p.f_opt_is_global for p in problems)


@pytest.mark.parametrize("name", HS)
def test_the_optimum_is_feasible_and_gives_f_star(name):
    problem = get_problem(name)
    assert problem.x_opt
    for x in problem.x_opt:
        assert problem.fun(x) == pytest.approx(problem.f_opt, rel=1e-9, abs=1e-12)
        assert problem.max_violation(x) <= 1e-8


@pytest.mark.parametrize("name", HS)
def test_the_optimum_is_a_kkt_point(name):
    problem = get_problem(name)
    for x in problem.x_opt:
        residual, multipliers, kinds = kkt(problem, x)
        assert residual <= 1e-6, (residual, multipliers)
        inequality = [m for m, kind in zip(multipliers, kinds, strict=True) if kind == "ineq"]
        assert min(inequality, default=0.0) >= -1e-8, multipliers


@pytest.mark.parametrize("name", HS)
def test_gradients_and_constraint_jacobians_match_central_differences(name):
    problem = get_problem(name)
    for x in (problem.x0, problem.x_opt[0], 0.5 * (problem.x0 + problem.x_opt[0])):
        expected = central_jacobian(problem.fun, x)[0]
        assert problem.grad(x) == pytest.approx(expected, rel=1e-5, abs=1e-6)
        for constraint in problem.constraints:
            jac = constraint.jac(x)
            assert jac.shape == (np.atleast_1d(constraint.fun(x)).size, problem.n)
            assert jac == pytest.approx(central_jacobian(constraint.fun, x), rel=1e-5, abs=1e-6)


# f at the book's x0, by hand arithmetic from the x0 each problem ships (HS n gives x0).
F_AT_X0 = {
    "hs-001": 909.0,  # 100 (1 - 4)^2 + (1 + 2)^2
    "hs-004": 2.125**3 / 3 + 0.125,  # (x1 + 1)^3 / 3 + x2 at (1.125, 0.125)
    "hs-005": 1.0,  # sin 0 + 0 + 1
    "hs-006": 4.84,  # (1 + 1.2)^2
    "hs-010": -20.0,  # -10 - 10
    "hs-021": -98.99,  # 0.01 + 1 - 100
    "hs-028": 13.0,  # (-4 + 1)^2 + (1 + 1)^2
    "hs-035": 2.25,  # 9 - 4 - 3 - 2 + 0.5 + 0.5 + 0.25 + 0.5 + 0.5
    "hs-038": 19192.0,  # 100*100 + 16 + 90*100 + 16 + 10.1*8 + 19.8*4
    "hs-045": 2.0 - 32.0 / 120.0,
    "hs-048": 84.0,  # 2^2 + 8^2 + 4^2
    "hs-071": 16.0,  # 1*1*(1 + 5 + 5) + 5
}


@pytest.mark.parametrize("name", sorted(F_AT_X0))
def test_x0_is_the_books(name):
    assert get_problem(name).fun(get_problem(name).x0) == pytest.approx(F_AT_X0[name],
                                                                       rel=1e-12)


def test_published_starts_that_violate_bounds_are_kept():
    # HS 2, 16, 17 start at (-2, 1), outside their bounds (by 0.5, 1.5, 1.5); HS 21 at
    # (-1, -1), 3 below x1 >= 2 and 19 short of 10 x1 - x2 - 10 >= 0.
    for name, violation in [("hs-002", 0.5), ("hs-016", 1.5), ("hs-017", 1.5),
                            ("hs-021", 19.0)]:
        problem = get_problem(name)
        assert problem.max_violation(problem.x0) == pytest.approx(violation)


BOX = ((0.0, 1.0), (None, None))


def test_violation_of_a_bound_and_an_equality_is_the_largest():
    # Hand-built: x1 = 1.5 exceeds its bound by 0.5; x1 - x2 - 1.25 = 0.25 violates the
    # equality by 0.25; the metric is the larger, 0.5.
    problem = Problem("hand", lambda x: float(x @ x), [0.5, 0.0], 0.0, "test", bounds=BOX,
                      constraints=(Constraint("eq", lambda x: np.array([x[0] - x[1] - 1.25])),))
    assert problem.max_violation(np.array([1.5, 0.0])) == 0.5


def test_violation_of_an_inequality_is_its_negative_part():
    # c(x) = x1 - 3 >= 0 at x1 = 0: c = -3, violation 3; satisfied ones count 0.
    problem = Problem("hand", lambda x: float(x @ x), [0.5, 0.0], 0.0, "test", kind="constrained",
                      constraints=(Constraint("ineq", lambda x: np.array([x[0] - 3.0, 1.0])),))
    assert problem.max_violation(np.array([0.0, 0.0])) == 3.0
    assert problem.max_violation(np.array([4.0, 0.0])) == 0.0


def test_slsqp_solves_hs71_from_x0():
    record = execute(Task("hs-071", "slsqp", 0, 0, max_fev=5_000))
    assert record.success and record.status == "converged"
    assert abs(record.f_error) <= 1e-6 * 17.014 and record.max_violation < 1e-6
    assert record.nfev == record.solver_nfev and record.nit == record.solver_nit


def test_fmin_slsqp_gets_the_constraints_in_its_own_form():
    fun, jac = stacked_constraints(get_problem("hs-071").constraints, "ineq")
    assert fun(np.ones(4)).tolist() == [-24.0] and jac(np.ones(4)).tolist() == [[1.0] * 4]
    record = execute(Task("hs-071", "fmin_slsqp", 0, 0, max_fev=5_000))
    assert record.success and record.max_violation < 1e-6


def test_cobyla_solves_a_bound_only_problem():
    record = execute(Task("hs-045", "cobyla", 0, 0, max_fev=5_000))
    assert record.success and record.max_violation == 0.0
    assert record.nfev == record.solver_nfev


def test_cobyla_counts_agree_when_x0_is_outside_the_bounds():
    # HS 2's x0 violates x2 >= 1.5: the adapter clips it (as PRIMA does) so that no
    # uncounted evaluation at the unprojected x0 is made.
    record = execute(Task("hs-002", "cobyla", 0, 0, max_fev=5_000))
    assert record.nfev == record.solver_nfev and record.max_violation == 0.0


def test_fmin_cobyla_turns_equalities_into_two_inequalities():
    # HS 6 has no bounds; fmin_cobyla's catol (2e-4) bounds how feasible its end is.
    record = execute(Task("hs-006", "fmin_cobyla", 0, 0, max_fev=5_000))
    assert record.status == "converged" and record.max_violation <= 2e-4


@pytest.mark.parametrize("spec, reason", [
    ("bfgs", "BFGS solves 'minimize' problems, not 'constrained'"),
    ("l-bfgs-b", "L-BFGS-B cannot handle the constraints of hs-071"),
    ("tnc", "TNC cannot handle the constraints of hs-071"),
    ("nelder-mead", "Nelder-Mead cannot handle the constraints of hs-071"),
    ("fmin_l_bfgs_b", "L-BFGS-B cannot handle the constraints of hs-071"),
    ("fmin_cobyla", "COBYLA cannot handle the bounds of hs-071"),
])
def test_methods_without_constraints_skip_with_the_reason(spec, reason):
    assert skip_reason(get_solver(spec).accepts, get_problem("hs-071")) == reason
    record = execute(Task("hs-071", spec, 0, 0, max_fev=5_000))
    assert record.status == "skipped" and record.message == reason


def test_bound_only_problems_run_with_l_bfgs_b_and_tnc():
    for spec in ("l-bfgs-b", "tnc"):
        record = execute(Task("hs-005", spec, 0, 0, max_fev=5_000))
        assert record.success, (spec, record.message)


@pytest.mark.parametrize("name", ["hs-071", "hs-039", "hs-043"])
def test_trust_constr_counts_agree_with_the_instrument(name):
    record = execute(Task(name, "trust-constr[hess=fd]", 0, 0, max_fev=5_000))
    assert record.status == "converged" and record.max_violation < 1e-6
    assert (record.nfev, record.njev, record.nit) == (
        record.solver_nfev, record.solver_njev, record.solver_nit)


def test_the_constrained_suite_runs_every_hs_problem_from_x0():
    suite = get_suite("constrained")
    assert set(suite.problems) == set(HS) and suite.starts == 1
    assert {"slsqp", "cobyla", "cobyqa", "l-bfgs-b", "tnc"} <= set(suite.solvers)
    assert any(s.startswith("trust-constr") for s in suite.solvers)
