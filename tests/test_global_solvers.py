"""The global solvers: skips, seeded reproducibility, counts against scipy's own, statuses,
brute's grid, and a wrong certified f* reported as an error.

Counts: scipy 1.17.1's global routines are called here directly on a callable that
counts its own calls, independently of optbench's instrument, with the seed optbench
passes; the adapter's run must make the same number of calls.
"""

import math

import numpy as np
import pytest
from counting import Counted
from scipy import optimize

from optbench.families import OTHER
from optbench.instrument import Instrument
from optbench.problems import PROBLEMS, Problem, get_problem
from optbench.problems import global_formulas as gf
from optbench.runner import Task, execute
from optbench.solvers import get_solver
from optbench.solvers.base import skip_reason
from optbench.solvers.global_solvers import (
    DIRECT_STATUS,
    brute_points,
    local_kwargs,
)

GLOBAL_SOLVERS = ["dual-annealing", "basinhopping", "differential-evolution", "shgo", "direct",
                  "brute", "multistart-l-bfgs-b"]
STOCHASTIC = ["dual-annealing", "basinhopping", "differential-evolution", "multistart-l-bfgs-b"]
#: Small and quick: a smooth one with a gradient, one without.
PROBLEM_SPECS = ["global-six-hump-camel", "global-cross-in-tray"]

PROBLEMS.register("test-global-wrong-optimum",
                  "test-only global problem whose certified f* is above the true minimum",
                  OTHER)(
    lambda: Problem("test-global-wrong-optimum", gf.branin, [2.5, 7.5], 1.0,
                    "test: Branin's true minimum is 5 / (4 pi) = 0.398 (D&S)", grad=gf.branin_grad,
                    bounds=((-5.0, 10.0), (0.0, 15.0)), kind="global", f_opt_is_global=True)
)
PROBLEMS.register("test-global-unbounded", "test-only global problem with an infinite side",
                  OTHER)(
    lambda: Problem("test-global-unbounded", lambda x: float(x @ x), [1.0, 1.0], 0.0, "test",
                    bounds=((-1.0, 1.0), (-math.inf, 1.0)), kind="global")
)


def _run(solver: str, spec: str, seed: int, max_fev: int | None = 20_000):
    problem = get_problem(spec)
    objective = Instrument(problem, max_fev=max_fev)
    result = get_solver(solver).solve(objective, problem.x0.copy(), seed)
    return objective, result


@pytest.mark.parametrize("solver", GLOBAL_SOLVERS)
def test_skips_other_kinds_and_infinite_boxes(solver):
    reason = skip_reason(get_solver(solver).accepts, get_problem("rosenbrock"))
    assert "'global' problems, not 'minimize'" in reason
    unbounded = get_problem("test-global-unbounded")
    assert skip_reason(get_solver(solver).accepts, unbounded) == (
        "test-global-unbounded has no finite bounds")
    assert skip_reason(get_solver(solver).accepts, get_problem("global-branin")) is None


@pytest.mark.parametrize("spec", PROBLEM_SPECS)
@pytest.mark.parametrize("solver", STOCHASTIC)
def test_same_seed_same_run_other_seed_other_run(solver, spec):
    (_, first), (_, again) = _run(solver, spec, 123), _run(solver, spec, 123)
    np.testing.assert_array_equal(first.x, again.x)
    assert first.nfev == again.nfev and first.fun == again.fun
    others = [_run(solver, spec, seed)[1] for seed in (7, 8, 9)]
    assert any(r.nfev != first.nfev or not np.array_equal(r.x, first.x) for r in others)


@pytest.mark.parametrize("spec", PROBLEM_SPECS)
@pytest.mark.parametrize("solver", [s for s in GLOBAL_SOLVERS if s != "brute"])
def test_instrument_counts_what_the_solver_reports(solver, spec):
    objective, result = _run(solver, spec, 5)
    assert objective.nfev == result.nfev
    if result.njev is not None:
        assert objective.njev == result.njev


def _scipy(solver: str, problem, seed: int):
    """The scipy call the adapter makes (defaults as registered), on counting callables."""
    calls = Counted(problem)
    bounds = [tuple(b) for b in problem.bounds]
    local = {"method": "L-BFGS-B", "bounds": bounds,
             "jac": calls.grad if problem.grad is not None else None}
    if solver == "dual-annealing":
        res = optimize.dual_annealing(calls.fun, bounds, rng=seed, minimizer_kwargs={
            **local, "options": {"maxiter": 100}})
    elif solver == "differential-evolution":
        res = optimize.differential_evolution(calls.fun, bounds, rng=seed)
    elif solver == "direct":
        res = optimize.direct(calls.fun, bounds, maxfun=1000 * len(bounds))
    else:  # shgo
        jac = local.pop("jac")
        res = optimize.shgo(calls.fun, local.pop("bounds"), minimizer_kwargs=local,
                            options={"jac": jac} if jac is not None else {})
    assert res.nfev == calls.nfev  # scipy's own count is every call it made
    return res


@pytest.mark.parametrize("spec", PROBLEM_SPECS)
@pytest.mark.parametrize("solver", ["dual-annealing", "differential-evolution", "direct", "shgo"])
def test_counts_equal_scipy_called_directly(solver, spec):
    objective, result = _run(solver, spec, 5)
    res = _scipy(solver, get_problem(spec), 5)
    assert objective.nfev == res.nfev
    np.testing.assert_array_equal(result.x, res.x)


def test_direct_may_overshoot_maxfun_and_says_maxiter():
    # DIRECT checks maxfun between divisions (scipy's direct.c): 2009 calls for 2000 on
    # Branin (scipy 1.17.1), status 1 -> maxiter.
    objective, result = _run("direct", "global-branin", 0)
    assert result.status.value == "maxiter" and DIRECT_STATUS[1].value == "maxiter"
    assert objective.nfev == result.nfev == 2009


def test_basinhopping_counts_every_local_search():
    # basinhopping's nfev sums its minimiser's nfev over the initial search and every hop
    # (niter + 1 L-BFGS-B runs); the instrument counts the same calls.
    objective, result = _run("basinhopping[niter=5]", "global-branin", 1)
    assert result.nit == 5 and objective.nfev == result.nfev


def test_multistart_is_the_sum_of_its_l_bfgs_b_runs():
    # k = 3 uniform starts drawn from default_rng(seed), L-BFGS-B from each, best kept.
    problem = get_problem("global-himmelblau")
    objective, result = _run("multistart-l-bfgs-b[k=3]", "global-himmelblau", 42)
    rng = np.random.default_rng(42)
    low, high = np.array(problem.bounds).T
    runs = [optimize.minimize(problem.fun, rng.uniform(low, high),
                              **local_kwargs(Instrument(problem))) for _ in range(3)]
    assert objective.nfev == result.nfev == sum(r.nfev for r in runs)
    assert objective.iterations == result.nit == sum(r.nit for r in runs)
    assert result.fun == min(r.fun for r in runs)


@pytest.mark.parametrize("max_fev", [100, 20_000, None])
@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_brute_grid_fits_the_budget(n, max_fev):
    budget = 10_000 if max_fev is None else max_fev
    points = brute_points(n, max_fev)
    assert points >= 2
    if 2**n <= 0.9 * budget:
        assert points**n <= 0.9 * budget < (points + 1) ** n


@pytest.mark.parametrize("spec", ["global-branin", "global-cross-in-tray", "global-hartmann-3"])
def test_brute_spends_its_grid_and_its_finish(spec):
    # Documented relation: brute reports no count; it calls f on Ns**n grid points, then
    # the L-BFGS-B finish from the best grid point makes its own (counted) calls.
    problem = get_problem(spec)
    objective, result = _run("brute", spec, 0, max_fev=5_000)
    points = brute_points(problem.n, 5_000)
    # brute's own grid: np.mgrid over slices with a complex step (scipy's _optimize.py)
    grid = np.mgrid[tuple(slice(lo, hi, complex(points)) for lo, hi in problem.bounds)]
    grid = grid.reshape(problem.n, -1).T
    best = grid[np.argmin([problem.fun(x) for x in grid])]
    finish = optimize.minimize(problem.fun, best, **local_kwargs(Instrument(problem)))
    assert result.nfev is None
    assert objective.nfev == points**problem.n + finish.nfev
    np.testing.assert_allclose(result.x, finish.x)


def test_brute_without_finish_is_the_grid():
    objective, result = _run("brute[ns=5,finish=false]", "global-branin", 0)
    assert objective.nfev == 25 and result.status.value == "converged"


def test_dual_annealing_without_failures_ends_at_maxiter():
    # dual_annealing has no convergence test: it stops after maxiter temperature steps.
    objective, result = _run("dual-annealing[maxiter=50]", "global-branin", 3)
    assert result.status.value == "maxiter" and result.nit == 50


def test_a_wrong_certified_optimum_is_an_error_saying_so():
    # f* = 1.0 is above Branin's true minimum 5 / (4 pi) = 0.398 (D&S): any solver that
    # finds the minimum fails the problem's definition, loudly.
    record = execute(Task("test-global-wrong-optimum", "multistart-l-bfgs-b", 0, 0, 5_000))
    assert record.status == "error" and not record.success
    assert "below the certified global optimum" in record.message
    assert "the problem's definition is wrong" in record.message


@pytest.mark.slow
@pytest.mark.parametrize("solver", GLOBAL_SOLVERS)
def test_runner_records_agree_on_every_global_problem(solver):
    # Through the runner (budget 5 000): counts agree where the solver reports them, no
    # run errors, and no value falls below a certified f*.
    for spec in (e.name for e in PROBLEMS if e.name.startswith("global-")):
        record = execute(Task(spec, solver, 0, 0, 5_000))
        assert record.status != "error", (spec, record.message)
        if record.solver_nfev is not None:
            assert record.nfev == record.solver_nfev, spec
