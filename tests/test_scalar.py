"""Scalar problems (optbench/problems/scalar.py) and scalar solvers (optbench/solvers/scalar.py).

Printed optima: Hansen, Jaumard & Lu (1992), Math. Programming 55:273-292, as numbered in
Gavana's univariate benchmarks (Problem02 ... Problem22); the classics by hand (see each
case's ``source``). Counts are compared with what each scipy 1.17 function reports when
called here on a plain callable that counts its own calls.
"""

import numpy as np
import pytest
from scipy import optimize

from optbench.problems import PROBLEMS, get_problem
from optbench.runner import Task, execute
from optbench.solvers import get_solver
from optbench.solvers.base import skip_reason

SCALAR = [e.name for e in PROBLEMS if e.name.startswith("scalar-")]
SOLVERS = ["fminbound", "brent", "golden", "minimize-scalar", "minimize-scalar[method=bounded]",
           "minimize-scalar[method=golden]", "bracket", "bracket-brent"]
#: (problem, printed x*, printed f*, digits printed after the point): each source's table.
PRINTED = [
    ("scalar-hjl-02", [5.145735], -1.899599, 6), ("scalar-hjl-03", [-6.7745761, -0.491391],
                                                  -12.03124, 5),
    ("scalar-hjl-04", [2.868034], -3.85045, 5), ("scalar-hjl-05", [0.96609], -1.48907, 5),
    ("scalar-hjl-06", [0.67956], -0.824239, 6), ("scalar-hjl-07", [5.19978], -1.6013, 4),
    ("scalar-hjl-08", [-7.083506, -0.800321, 5.482864], -14.508, 3),
    ("scalar-hjl-09", [17.039], -1.90596, 5), ("scalar-hjl-10", [7.9787], -7.916727, 6),
    ("scalar-hjl-11", [2.09439, 4.18879], -1.5, 1), ("scalar-hjl-12", [3.141593, 4.712389],
                                                     -1.0, 1),
    ("scalar-hjl-13", [0.7071], -1.5874, 4), ("scalar-hjl-14", [0.224885], -0.788685, 6),
    ("scalar-hjl-15", [2.41422], -0.03553, 5), ("scalar-hjl-18", [2.0], 0.0, 6),
    ("scalar-hjl-20", [1.195137], -0.0634905, 7), ("scalar-hjl-21", [4.79507], -9.50835, 5),
    ("scalar-hjl-22", [14.137167], -1.0, 6), ("scalar-quadratic", [2.0], 4.0, 15),
    ("scalar-quartic", [2.25], -1675 / 256, 15), ("scalar-abs-kink", [np.sqrt(2.0)], 0.0, 15),
]


def _f(problem):
    return lambda t: problem.fun(np.array([float(t)]))


def test_at_least_15_problems_all_printed():
    assert len(SCALAR) >= 15
    assert sorted(name for name, *_ in PRINTED) == sorted(SCALAR)


@pytest.mark.parametrize("name, x_printed, f_printed, digits", PRINTED)
def test_printed_optimum_is_attained(name, x_printed, f_printed, digits):
    problem = get_problem(name)
    f = _f(problem)
    assert problem.f_opt == pytest.approx(f_printed, abs=10.0**-digits)  # truncated or rounded
    for x in x_printed:  # the printed x* gives the printed f* to the printed digits
        assert f(x) == pytest.approx(f_printed, abs=10.0**-digits + 1e-5)
    for x_opt in problem.x_opt:  # the shipped full-digit x* gives the shipped f*
        assert problem.fun(x_opt) == pytest.approx(problem.f_opt, abs=1e-14)
        low, high = problem.bounds[0]
        assert low <= x_opt[0] <= high


def _grids():
    for name in SCALAR:
        yield pytest.param(name, 10**5, id=f"{name}-1e5")
        yield pytest.param(name, 10**6, id=f"{name}-1e6", marks=pytest.mark.slow)


@pytest.mark.parametrize("name, points", list(_grids()))
def test_nothing_lower_on_the_interval(name, points):
    # A grid of points + 1 values, then bounded solves on the grid's best cell and on the
    # whole interval: none goes below f* (beyond rounding).
    problem = get_problem(name)
    f = _f(problem)
    (low, high), = problem.bounds
    grid = np.linspace(low, high, points + 1)
    values = np.array([f(t) for t in grid])
    best = int(np.argmin(values))
    assert values[best] >= problem.f_opt - 1e-12
    cell = (grid[max(best - 1, 0)], grid[min(best + 1, points)])
    for interval in (cell, (low, high)):
        solved = optimize.minimize_scalar(f, bounds=interval, method="bounded",
                                          options={"xatol": 1e-12})
        assert solved.fun >= problem.f_opt - 1e-12
    assert problem.fun(np.array([grid[best]])) - problem.f_opt < 1e-6 * (high - low) ** 2 + 1e-4


@pytest.mark.parametrize("name", SCALAR)
def test_bracket_is_valid_and_x0_its_middle(name):
    problem = get_problem(name)
    a, b, c = problem.bracket
    f = _f(problem)
    assert (a, c) == problem.bounds[0] and b == problem.x0[0]
    assert a < b < c and f(b) < f(a) and f(b) < f(c)


class Counted:
    """f of one float, counting its own calls."""

    def __init__(self, problem):
        self.problem, self.nfev = problem, 0

    def __call__(self, t):
        self.nfev += 1
        return self.problem.fun(np.array([float(t)]))


def scipy_nfev(solver, problem):
    """Call the scipy function directly; return (its own nfev, the calls counted)."""
    f, (low, high), brack = Counted(problem), problem.bounds[0], problem.bracket
    if solver == "fminbound":
        nfev = optimize.fminbound(f, low, high, full_output=True)[3]
    elif solver == "brent":
        nfev = optimize.brent(f, brack=brack, full_output=True)[3]
    elif solver == "golden":
        nfev = optimize.golden(f, brack=brack, full_output=True)[2]
    elif solver.startswith("minimize-scalar"):
        method = solver.partition("=")[2].rstrip("]") or "brent"
        where = {"bounds": (low, high)} if method == "bounded" else {"bracket": brack}
        nfev = optimize.minimize_scalar(f, method=method, **where).nfev
    else:
        x0 = problem.x0[0]
        *triple, _, _, _, nfev = optimize.bracket(f, x0, x0 + 1.0)
        if solver == "bracket-brent":  # by design the sum: brent re-evaluates the triple
            nfev += optimize.brent(f, brack=tuple(triple), full_output=True)[3]
    return nfev, f.nfev


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("name", ["scalar-hjl-02", "scalar-hjl-13", "scalar-abs-kink"])
def test_counts_equal_scipy(solver, name):
    problem = get_problem(name)
    record = execute(Task(name, solver, 0, 0, None))
    reported, called = scipy_nfev(solver, problem)
    assert reported == called  # scipy's own count is the calls it makes
    assert record.nfev == record.solver_nfev == reported
    assert record.nit == record.solver_nit


def test_bracket_brent_counts_the_step_and_brent():
    problem = get_problem("scalar-hjl-02")
    step = execute(Task("scalar-hjl-02", "bracket", 0, 0, None))
    both = execute(Task("scalar-hjl-02", "bracket-brent", 0, 0, None))
    f = Counted(problem)
    triple = optimize.bracket(f, problem.x0[0], problem.x0[0] + 1.0)[:3]
    assert both.nfev == step.nfev + optimize.brent(f, brack=triple, full_output=True)[3]
    assert "bracketing step" in step.message


@pytest.mark.parametrize("solver", SOLVERS)
def test_skips_every_other_kind(solver):
    for name in ["quadratic", "rosenbrock", "hs-006", "global-ackley"]:
        reason = skip_reason(get_solver(solver).accepts, get_problem(name))
        assert reason and "solves 'scalar' problems" in reason


@pytest.mark.parametrize("solver", ["bfgs", "nelder-mead", "l-bfgs-b", "slsqp", "gd",
                                    "differential-evolution", "least-squares", "nnls",
                                    "fmin_slsqp"])
def test_other_solvers_skip_scalar_problems(solver):
    assert skip_reason(get_solver(solver).accepts, get_problem("scalar-hjl-02"))


@pytest.mark.parametrize("solver", SOLVERS)
def test_representative_solve(solver):
    # Problem04 is unimodal on its interval and the start brackets it: all reach x*,
    # but the bracket step alone, which stops at its bracket's middle point.
    record = execute(Task("scalar-hjl-04", solver, 0, 0, None))
    x_error = get_problem("scalar-hjl-04").x_error(np.array(eval(record.x)))  # noqa: S307
    if solver == "bracket":
        assert record.status == "converged" and x_error > 1e-3 and not record.success
    else:
        assert record.success and x_error < 1e-4


def test_local_minimum_is_a_failure_not_an_error():
    record = execute(Task("scalar-hjl-03", "brent", 0, 0, None))  # Problem03 has 20 local minima
    assert record.status == "converged" and not record.success
