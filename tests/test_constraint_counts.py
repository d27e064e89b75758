"""Constraint evaluations are counted (``ncev``, ``ncjev``) and equal what scipy does.

trust-constr reports ``constr_nfev`` and ``constr_njev`` per constraint (scipy 1.17.1,
``_minimize_trustregion_constr``); their sums are ``solver_ncev`` and ``solver_ncjev``
and must equal the instrument's counts. SLSQP, COBYLA and COBYQA report none, so their
counts are compared with scipy called directly on the same problem through counting
closures (every call of every constraint function and Jacobian counted by hand).
"""

import numpy as np
import pytest
from scipy.optimize import minimize

from optbench.problems import get_problem
from optbench.runner import Task, execute

#: Hock-Schittkowski problems with nonlinear equality (71, 6) and inequality (10, 71)
#: constraints, and a linear inequality with bounds (35).
PROBLEMS = ["hs-006", "hs-010", "hs-035", "hs-071"]


class CountingConstraints:
    """The problem's constraint dicts for ``minimize``, counting every call by hand."""

    def __init__(self, problem, with_jacobians):
        self.ncev = self.ncjev = 0
        self.dicts = []
        for constraint in problem.constraints:
            entry = {"type": constraint.kind, "fun": self._fun(constraint.fun)}
            if with_jacobians and constraint.jac is not None:
                entry["jac"] = self._jac(constraint.jac)
            self.dicts.append(entry)

    def _fun(self, function):
        def counted(x):
            self.ncev += 1
            return function(x)
        return counted

    def _jac(self, function):
        def counted(x):
            self.ncjev += 1
            return function(x)
        return counted


def _direct(problem_name, method, with_jacobians, clip=False):
    problem = get_problem(problem_name)
    constraints = CountingConstraints(problem, with_jacobians)
    x0 = problem.x0.copy()
    if clip and problem.bounds is not None:  # as the cobyla adapter does (PRIMA projects)
        low, high = np.array(problem.bounds, dtype=float).T
        x0 = np.clip(x0, np.nan_to_num(low, nan=-np.inf), np.nan_to_num(high, nan=np.inf))
    res = minimize(problem.fun, x0, method=method,
                   jac=problem.grad if with_jacobians else None, bounds=problem.bounds,
                   constraints=constraints.dicts)
    return res, constraints


@pytest.mark.parametrize("problem", PROBLEMS)
def test_trust_constr_counts_equal_scipys_report(problem):
    record = execute(Task(problem, "trust-constr[hess=fd]", 0, 0, max_fev=5_000))
    assert record.status == "converged"
    assert record.ncev > 0 and record.ncjev > 0
    assert (record.ncev, record.ncjev) == (record.solver_ncev, record.solver_ncjev)
    # And scipy's report called directly: the same sums (hs-071: 36 and 36).
    p = get_problem(problem)
    res = minimize(p.fun, p.x0, method="trust-constr", jac=p.grad, hess="2-point",
                   bounds=p.bounds,
                   constraints=[{"type": c.kind, "fun": c.fun, "jac": c.jac}
                                for c in p.constraints])
    assert record.ncev == sum(res.constr_nfev) and record.ncjev == sum(res.constr_njev)


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("spec, with_jacobians", [("slsqp", True), ("slsqp[grad=fd]", False)])
def test_slsqp_counts_equal_a_counting_closure(problem, spec, with_jacobians):
    record = execute(Task(problem, spec, 0, 0, max_fev=5_000))
    res, counted = _direct(problem, "SLSQP", with_jacobians)
    assert record.status == "converged" and record.nfev == res.nfev
    assert (record.ncev, record.ncjev) == (counted.ncev, counted.ncjev)
    assert record.solver_ncev is None  # SLSQP reports none


@pytest.mark.parametrize("problem", PROBLEMS)
def test_cobyla_counts_equal_a_counting_closure(problem):
    record = execute(Task(problem, "cobyla", 0, 0, max_fev=5_000))
    res, counted = _direct(problem, "COBYLA", with_jacobians=False, clip=True)
    assert record.nfev == res.nfev
    assert (record.ncev, record.ncjev) == (counted.ncev, 0)
    # PRIMA evaluates every constraint with every function value.
    assert record.ncev == record.nfev * len(get_problem(problem).constraints)


def test_cobyqa_evaluates_constraints_apart_from_f():
    # Measured with scipy 1.17.1: COBYQA evaluates HS 71's two constraints 1 186 times
    # for 50 values of f; a counting closure agrees with the instrument.
    record = execute(Task("hs-071", "cobyqa", 0, 0, max_fev=5_000))
    res, counted = _direct("hs-071", "COBYQA", with_jacobians=False)
    assert record.nfev == res.nfev and record.ncev == counted.ncev
    assert record.ncev > 2 * record.nfev


def test_unconstrained_runs_count_no_constraint_evaluations():
    record = execute(Task("rosenbrock", "bfgs", 0, 0, max_fev=5_000))
    assert (record.ncev, record.ncjev, record.solver_ncev) == (0, 0, None)


def test_constrained_traces_record_the_violation():
    # HS 71 from its x0 (1, 5, 5, 1): x1 x2 x3 x4 = 25 >= 25 and sum of squares 52 != 40,
    # so the first point violates the equality by 12; the last point is feasible.
    record = execute(Task("hs-071", "slsqp", 0, 0, max_fev=5_000))
    violation = record.trace.violation
    assert violation[0] == pytest.approx(12.0)
    assert violation[-1] <= 1e-6 and np.all(np.isfinite(violation))
    unconstrained = execute(Task("rosenbrock", "bfgs", 0, 0, max_fev=5_000))
    assert np.all(np.isnan(unconstrained.trace.violation))
