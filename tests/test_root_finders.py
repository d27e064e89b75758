"""Scalar and multivariate root finders: counts against scipy's own, statuses, success.

Every expected number is what scipy 1.17.1 itself reports when called directly on the same
function (its ``RootResults``, ``fsolve``'s ``infodict``, ``root``'s ``OptimizeResult``),
so a wrong count in the instrument or a wrong argument in an adapter shows as a mismatch.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import optimize

from optbench.problems.roots import get_equation_system, get_scalar_equation
from optbench.record import is_success
from optbench.runner import Task, execute
from optbench.solvers.roots import LEGACY
from optbench.solvers.scalar_roots import BRACKETING

#: APS #1 (sin x - x/2 on [pi/2, pi]), #4 (x**4 - 0.2 on [0, 5]) and #13 (x exp(-1/x**2)).
SCALAR_CASES = ("aps-01", "aps-04[a=0.2,n=4]", "aps-13")
BRACKET_SOLVERS = sorted(BRACKETING)


def _run(problem: str, solver: str, start: int = 0, max_fev: int = 20_000):
    return execute(Task(problem, solver, start, 0, max_fev=max_fev))


@pytest.mark.parametrize("problem", SCALAR_CASES)
@pytest.mark.parametrize("routine", BRACKET_SOLVERS)
def test_bracketing_counts_and_root_equal_scipys(problem, routine):
    """nfev and nit equal scipy's ``function_calls`` and ``iterations``; x is scipy's x."""
    equation = get_scalar_equation(problem)
    x, expected = getattr(optimize, routine)(equation.f, *equation.interval, full_output=True,
                                             disp=False)
    for solver in (routine, f"root-scalar[method={routine}]"):
        record = _run(problem, solver)
        assert record.status == "converged", record.message
        assert (record.nfev, record.nit) == (expected.function_calls, expected.iterations)
        assert record.solver_nfev == expected.function_calls
        assert json.loads(record.x) == [x]


@pytest.mark.parametrize("via", ["newton", "root-scalar"])
@pytest.mark.parametrize("variant", ["newton", "secant", "halley"])
def test_newton_variants_count_what_scipy_counts(variant, via):
    """scipy's newton adds f, f' and f'' calls into one ``function_calls``; root_scalar
    calls the same newton (its secant with our x1, which is newton's own default)."""
    equation = get_scalar_equation("aps-01")
    derivatives = {"newton": {"fprime": equation.fprime},
                   "halley": {"fprime": equation.fprime, "fprime2": equation.fprime2},
                   "secant": {}}[variant]
    x, expected = optimize.newton(equation.f, equation.start, full_output=True, disp=False,
                                  **derivatives)
    solver = f"root-scalar[method={variant}]" if via == "root-scalar" else (
        "newton" if variant == "newton" else f"newton[method={variant}]")
    record = _run("aps-01", solver)
    assert record.solver_nfev == expected.function_calls
    assert record.nfev + record.njev + record.nhev == expected.function_calls
    assert record.njev == (0 if variant == "secant" else record.nit)
    assert record.nhev == (record.nit if variant == "halley" else 0)
    assert record.success and abs(record.x_error) < 1e-12


def test_fixed_point_counts_every_map_evaluation():
    """scipy's fixed_point reports no counts; the instrument counts each call of g."""
    equation = get_scalar_equation("aps-01")
    calls = []
    optimize.fixed_point(lambda t: calls.append(t) or equation.fixed_point(t), equation.start)
    record = _run("aps-01", "fixed-point")
    assert record.nfev == len(calls) and record.solver_nfev is None
    assert record.success


def test_bracketing_methods_skip_an_equation_without_a_sign_change():
    skipped = [_run(name, "brentq") for name in _classics_without_bracket()]
    assert skipped, "the classics include a double root without a bracket"
    for record in skipped:
        assert record.status == "skipped" and "interval" in record.message


def _classics_without_bracket() -> list[str]:
    from optbench.problems.aps import ROOT_CLASSICS

    return [name for name in ROOT_CLASSICS if get_scalar_equation(name).interval is None]


def test_flat_function_is_judged_by_the_residual():
    """APS #13, x exp(-1/x**2): at x = 0.1 the residual is 0.1 e**-100 = 3.7e-45."""
    residual = 0.1 * math.exp(-100.0)
    assert is_success(residual, 0.0, "converged", root_x_error=0.1, root_scale=0.0)
    assert not is_success(1e-3, 0.0, "converged", root_x_error=0.1, root_scale=0.0)


MINPACK_CASE = "eq-rosenbrock"


@pytest.mark.parametrize("start", [0, 1, 2])
@pytest.mark.parametrize("jac", ["analytic", "fd"])
def test_fsolve_counts_equal_minpacks(start, jac):
    """fsolve's nfev counts its shape check at x0; with fprime, its njev leaves that out."""
    system = get_equation_system(MINPACK_CASE)
    x0 = np.asarray([system.x0, *system.extra_starts][start], dtype=float)
    fprime = system.jacobian if jac == "analytic" else None
    x, info, ier, _ = optimize.fsolve(system.equations, x0, fprime=fprime, full_output=True)
    record = _run(MINPACK_CASE, "fsolve" if jac == "analytic" else "fsolve[jac=fd]", start)
    assert record.nfev == record.solver_nfev == info["nfev"]
    if jac == "analytic":
        assert record.njev == info["njev"] + 1 == record.solver_njev + 1
    assert (record.status == "converged") == (ier == 1)
    assert np.array_equal(json.loads(record.x), x)


@pytest.mark.parametrize("method", ["hybr", "lm", "broyden1", "broyden2", "anderson",
                                    "diagbroyden", "krylov", "df-sane"])
def test_root_counts_equal_scipys(method):
    """root's nfev counts every call of F (its ``_wrapped_fun``): equal to the instrument."""
    system = get_equation_system(MINPACK_CASE)
    jac = system.jacobian if method in {"hybr", "lm"} else None
    expected = optimize.root(system.equations, system.x0, method=method, jac=jac)
    record = _run(MINPACK_CASE, f"root[method={method}]")
    assert record.nfev == record.solver_nfev == expected.nfev
    if "nit" in expected:
        assert record.nit == record.solver_nit == expected.nit
    near = np.linalg.norm(expected.x - 1.0) <= 1e-6 * math.sqrt(2.0)  # the zero (1, 1)
    assert record.success == (np.linalg.norm(expected.fun) <= 1e-6 or near)


@pytest.mark.parametrize("method", ["linearmixing", "excitingmixing"])
def test_mixing_counts_equal_scipys_where_they_run_to_their_limit(method):
    """On the discrete integral equation with n = 1 (MINPACK 10) both mixing methods reach
    maxiter = 100 (n + 1) = 200 without overflowing (scipy 1.17.1): nit 200 and scipy's
    nfev (407 and 418), equal to the instrument's; the residual has grown past its
    start, so the runner records them as diverged."""
    problem = "eq-discrete-integral-equation[n=1]"
    system = get_equation_system(problem)
    with np.errstate(all="ignore"):
        expected = optimize.root(system.equations, system.x0, method=method)
    record = _run(problem, f"root[method={method}]")
    assert expected.status == 2 and expected.nit == 200
    assert (record.nfev, record.nit) == (expected.nfev, 200) == (record.solver_nfev, 200)
    assert record.status == "diverged" and not record.success


def test_a_method_that_overflows_is_recorded_as_diverged():
    """linearmixing from Rosenbrock's x0 overflows in its line search (scipy 1.17.1)."""
    with pytest.raises(OverflowError):
        system = get_equation_system(MINPACK_CASE)
        optimize.root(system.equations, system.x0, method="linearmixing")
    record = _run(MINPACK_CASE, "root[method=linearmixing]")
    assert record.status == "diverged" and "OverflowError" in record.message
    assert not record.success


@pytest.mark.parametrize("problem", [MINPACK_CASE, "eq-broyden-banded", "eq-powell-singular"])
@pytest.mark.parametrize("name", sorted(LEGACY))
def test_legacy_functions_match_root(name, problem):
    """The legacy functions are root's nonlin methods: the same iterates, status, nfev and
    x (scipy 1.17.1 converges, diverges or stops at maxiter alike on these three); root's
    nit counts the final convergence check too, so it is one higher when converged."""
    method = LEGACY[name]
    legacy, via_root = _run(problem, name), _run(problem, f"root[method={method}]")
    assert legacy.solver_nfev is None
    assert (legacy.status, legacy.nfev, legacy.x) == (via_root.status, via_root.nfev,
                                                      via_root.x)
    assert legacy.nit == via_root.nit - (via_root.status == "converged")


@pytest.mark.parametrize("solver", ["brentq", "newton", "fixed-point", "root-scalar"])
def test_scalar_finders_skip_systems_and_minimisation(solver):
    for problem in (MINPACK_CASE, "rosenbrock", "scalar-quadratic"):
        record = _run(problem, solver)
        assert record.status == "skipped" and "root-scalar" in record.message


@pytest.mark.parametrize("solver", ["fsolve", "root", "newton-krylov"])
def test_system_finders_skip_scalar_equations_and_minimisation(solver):
    for problem in ("aps-01", "rosenbrock"):
        record = _run(problem, solver)
        assert record.status == "skipped" and "'root'" in record.message


def test_newton_on_a_flat_piece_stalls():
    """APS #14 is -n/20 for x < 0: from the bracket's midpoint (-4999.2) f' = 0, and
    scipy's newton stops with "Derivative was zero" (a convergence error)."""
    equation = get_scalar_equation("aps-14")
    assert equation.start < 0 and equation.fprime(equation.start) == 0.0
    record = _run("aps-14", "newton")
    assert record.status == "stalled" and record.nfev == 1 and not record.success


def test_fixed_point_that_fails_to_converge_is_maxiter(monkeypatch):
    """scipy's fixed_point raises RuntimeError after maxiter (500) iterations."""
    def never_converges(func, x0, **_):
        func(x0)
        raise RuntimeError("Failed to converge after 500 iterations, value is 1.0")

    monkeypatch.setattr(optimize, "fixed_point", never_converges)
    record = _run("aps-01", "fixed-point")
    assert record.status == "maxiter" and "500 iterations" in record.message
    assert record.nfev == 1


def test_an_iterate_that_overflows_into_nan_is_diverged():
    """diagbroyden on Brown almost-linear (n = 30) from x0: scipy.linalg refuses the NaN
    iterate ("array must not contain infs or NaNs"); the run ends at its best point."""
    system = get_equation_system("eq-brown-almost-linear[n=30]")
    with pytest.raises(ValueError, match="infs or NaNs"), np.errstate(all="ignore"):
        optimize.root(system.equations, system.x0, method="diagbroyden")
    record = _run("eq-brown-almost-linear[n=30]", "root[method=diagbroyden]")
    assert record.status == "diverged" and "infs or NaNs" in record.message
    assert np.isfinite(record.fun)


def test_root_suites_hold_every_case_and_method():
    """scalar-roots: 154 APS cases + 8 classics x 18 finders; equations: 21 MINPACK cases x
    3 starts x 29 solvers (1 827 runs); equations-large leaves out, with reasons, the
    difference Jacobians and broyden2 at n = 5000."""
    from optbench.problems.aps import APS_CASES, ROOT_CLASSICS
    from optbench.suites import get_suite

    scalar = get_suite("scalar-roots")
    assert scalar.problems == (*APS_CASES, *ROOT_CLASSICS) and len(scalar.problems) == 162
    assert len(scalar.tasks(starts=1, seed=0, max_fev=None)) == 162 * 18
    assert len(get_suite("equations").tasks(starts=3, seed=0, max_fev=None)) == 21 * 3 * 29
    large = get_suite("equations-large")
    assert len(large.tasks(starts=1, seed=0, max_fev=None)) == 4 * 29 - 6
    assert all("n = 5000" in reason for reason in large.excluded.values())
