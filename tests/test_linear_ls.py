"""Linear least squares: the published lsqnonneg example, the seeded constructions, and
the nnls / lsq_linear adapters.

Reference values: MathWorks, Optimization Toolbox documentation, ``lsqnonneg``, example
"Nonnegative Linear Least Squares" (https://www.mathworks.com/help/optim/ug/lsqnonneg.html):
x = (0, 0.6929), ``norm(C*x - d) = 0.9118``; the unconstrained ``C\\d`` = (-2.5627, 3.1108)
with norm 0.6674. Solver counts: what scipy 1.17.1's ``lsq_linear`` reports when called
directly on the same matrix.
"""

import json
import math

import numpy as np
import pytest
from scipy.optimize import approx_fprime, lsq_linear

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.problems import get_problem
from optbench.problems.linear_ls import (
    LSQNONNEG_C,
    LSQNONNEG_D,
    get_linear_least_squares,
)
from optbench.runner import Task, execute
from optbench.solvers import get_solver
from optbench.suites import get_suite

CONSTRUCTED = ["lls-nonnegative", "lls-nonnegative[m=10,n=5,seed=4]",
               "lls-nonnegative[m=200,n=100,cond=1e4]", "lls-nonnegative[cond=1e6]",
               "lls-box", "lls-box[m=30,n=12,seed=7]"]


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v, strict=True))


def test_lsqnonneg_example_is_certified_by_kkt_in_plain_arithmetic():
    # Independent of optbench and numpy: with x1 = 0 active, x2 is the 1-d fit on
    # column 2, and the multiplier of x1 must be >= 0.
    c1 = [row[0] for row in LSQNONNEG_C]
    c2 = [row[1] for row in LSQNONNEG_C]
    d = list(LSQNONNEG_D)
    x2 = _dot(c2, d) / _dot(c2, c2)  # 0.93753... / 1.35300... (by hand)
    residual = [x2 * b - e for b, e in zip(c2, d, strict=True)]
    g1 = _dot(c1, residual)
    assert round(x2, 4) == 0.6929  # the published solution's second entry
    assert g1 > 0.15  # 0.1506...: x1 = 0 is optimal with a strictly positive multiplier
    assert round(math.sqrt(_dot(residual, residual)), 4) == 0.9118  # published norm
    problem = get_linear_least_squares("lls-lsqnonneg")
    assert problem.x_opt.tolist() == [0.0, x2]
    assert problem.f_opt == pytest.approx(_dot(residual, residual), rel=1e-15)
    assert problem.kkt_violation(problem.x_opt) < 1e-15


def test_lsqnonneg_unconstrained_solution_is_the_published_infeasible_one():
    x_unc, *_ = np.linalg.lstsq(np.array(LSQNONNEG_C), np.array(LSQNONNEG_D), rcond=None)
    assert np.round(x_unc, 4).tolist() == [-2.5627, 3.1108]
    norm = np.linalg.norm(np.array(LSQNONNEG_C) @ x_unc - np.array(LSQNONNEG_D))
    assert round(float(norm), 4) == 0.6674


@pytest.mark.parametrize("spec", CONSTRUCTED)
def test_constructed_problems_are_certified_by_kkt(spec):
    p = get_linear_least_squares(spec)
    x = p.x_opt
    g = p.matrix.T @ (p.matrix @ x - p.rhs)
    at_lower, at_upper = x == p.lower, x == p.upper
    free = ~(at_lower | at_upper)
    scale = 1.0 + np.abs(p.matrix.T @ p.rhs).max()
    # Feasible; zero gradient on free entries; strictly signed multipliers on active ones.
    assert np.all(p.lower <= x) and np.all(x <= p.upper)
    assert np.abs(g[free]).max() <= 1e-12 * scale
    assert np.all(g[at_lower] > 0.0) and np.all(g[at_upper] < 0.0)
    assert at_lower.sum() >= 1 and free.sum() >= 1
    assert p.kkt_violation(x) <= 1e-12 * scale
    # f* recomputed independently of the construction.
    assert p.f_opt == pytest.approx(float(np.sum((p.matrix @ x - p.rhs) ** 2)), rel=1e-14)
    assert p.f_opt > 0.0
    assert np.linalg.matrix_rank(p.matrix) == p.matrix.shape[1]  # unique minimiser
    if spec.startswith("lls-box"):
        assert at_upper.sum() >= 1 and not p.nonnegative
    else:
        assert p.nonnegative


def test_construction_is_seeded_and_conditioned():
    a = get_linear_least_squares("lls-nonnegative[seed=3]")
    b = get_linear_least_squares("lls-nonnegative[seed=3]")
    c = get_linear_least_squares("lls-nonnegative[seed=4]")
    np.testing.assert_array_equal(a.matrix, b.matrix)
    assert not np.array_equal(a.matrix, c.matrix)
    assert np.linalg.cond(get_linear_least_squares(
        "lls-nonnegative[cond=1e6]").matrix) == pytest.approx(1e6, rel=1e-6)


def test_minimize_view_has_the_bounds_and_exact_derivatives():
    problem = get_problem("lls-box[m=12,n=5]")
    form = get_linear_least_squares("lls-box[m=12,n=5]")
    assert problem.family == "linear least squares"
    assert problem.bounds == tuple(zip(form.lower.tolist(), form.upper.tolist(), strict=True))
    assert np.all(np.asarray(problem.bounds)[:, 0] <= problem.x0)
    assert problem.fun(problem.x_opt[0]) == pytest.approx(problem.f_opt, rel=1e-14)
    x = problem.x0 + 0.3
    np.testing.assert_allclose(problem.grad(x), approx_fprime(x, problem.fun, 1e-7),
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(problem.hessp(x, x), problem.hess(x) @ x, rtol=1e-12)


def test_bad_options_are_refused():
    with pytest.raises(OptbenchError, match="greater than n"):
        get_problem("lls-nonnegative[m=5,n=5]")
    with pytest.raises(OptbenchError, match="option cond must be >= 1"):
        get_problem("lls-box[cond=0.5]")


@pytest.mark.parametrize("problem, solver, reason", [
    ("quadratic", "nnls", "quadratic has no matrix form (A, b, bounds)"),
    ("mgh-rosenbrock", "lsq-linear[method=bvls]",
     "mgh-rosenbrock has no matrix form (A, b, bounds)"),
    ("lls-box", "nnls", "lls-box has no bounds of exactly x >= 0"),
    ("lls-nonnegative", "least-squares",
     "least-squares cannot handle the bounds of lls-nonnegative"),
    ("lls-nonnegative", "bfgs", "BFGS cannot handle the bounds of lls-nonnegative"),
])
def test_skips_with_a_reason(problem, solver, reason):
    record = execute(Task(problem, solver, 0, 0, max_fev=None))
    assert record.status == "skipped" and record.message == reason


@pytest.mark.parametrize("problem", get_suite("nnls").problems)
@pytest.mark.parametrize("solver", ["nnls", "lsq-linear[method=bvls]"])
def test_active_set_solvers_reach_the_certified_solution(problem, solver):
    record = execute(Task(problem, solver, 0, 0, max_fev=None))
    if record.status == "skipped":
        assert solver == "nnls" and problem.startswith("lls-box")
        return
    form = get_linear_least_squares(problem)
    x = np.array(json.loads(record.x))
    assert record.status == "converged"
    assert record.f_error <= 1e-12 * max(1.0, form.f_opt)
    assert np.abs(x - form.x_opt).max() <= 1e-8 * max(1.0, np.abs(form.x_opt).max())


def test_trf_stops_at_max_iter_on_the_ill_conditioned_problem():
    # Measured with scipy 1.17.1: lsq_linear's trf spends its default max_iter (100)
    # on the 200 x 100 problem with cond(A) = 1e4 short of f* (f - f* = 40.5 with one
    # BLAS, 0.0697 with numpy 2.4's: the ill-conditioned iterates depend on rounding);
    # bvls and nnls solve it.
    record = execute(Task("lls-nonnegative[m=200,n=100,cond=1e4]", "lsq-linear", 0, 0, None))
    assert (record.status, record.solver_nit) == ("maxiter", 100)
    assert record.f_error > 1e-2 and not record.success


@pytest.mark.parametrize("spec, method", [("lsq-linear", "trf"),
                                          ("lsq-linear[method=bvls]", "bvls")])
@pytest.mark.parametrize("problem", ["lls-lsqnonneg", "lls-box", "lls-nonnegative"])
def test_counts_are_one_evaluation_and_scipys_own_nit(spec, method, problem):
    # The adapter evaluates f once, through the instrument, at the returned point; nit is
    # what lsq_linear reports, called here directly on the same matrix and bounds.
    record = execute(Task(problem, spec, 0, 0, max_fev=None))
    form = get_linear_least_squares(problem)
    direct = lsq_linear(form.matrix, form.rhs, bounds=(form.lower, form.upper), method=method)
    assert (record.nfev, record.njev, record.nit, record.nit_source) == (
        1, 0, direct.nit, "solver")
    assert record.solver_nfev is None and record.solver_njev is None
    assert record.solver_nit == direct.nit
    assert len(record.trace) == 1 and record.trace.f[0] == record.fun
    np.testing.assert_array_equal(json.loads(record.x), direct.x)


def test_nnls_counts_one_evaluation_and_no_iterations():
    record = execute(Task("lls-lsqnonneg", "nnls", 0, 0, max_fev=None))
    assert (record.nfev, record.nit, record.solver_nit, record.solver_nfev) == (1, None, None,
                                                                                 None)
    assert record.trace.f.tolist() == [record.fun]


def test_solvers_ignore_the_start():
    solver = get_solver("nnls")
    problem = get_problem("lls-nonnegative[m=10,n=5]")
    runs = [solver.solve(Instrument(problem), x0, 0).x for x0 in problem.starts(2, seed=1)]
    np.testing.assert_array_equal(runs[0], runs[1])


def test_nnls_suite_lists_every_linear_problem_kind():
    suite = get_suite("nnls")
    assert {"nnls", "lsq-linear", "lsq-linear[method=bvls]"} <= set(suite.solvers)
    assert "lls-lsqnonneg" in suite.problems
    assert any(p.startswith("lls-box") for p in suite.problems)
