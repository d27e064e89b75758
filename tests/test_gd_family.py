"""optbench's GD family: hand-derived iterates on the quadratic, honest ends on Rosenbrock.

On the seed's quadratic f(x) = (x - 2)**2 + 4 (curvature h = 2) from x0 = 1.3, the error
e_k = x_k - 2 of a fixed-step method follows a linear recurrence, so its iterates have
a closed form sum_i c_i r_i**k over the roots r_i of the characteristic polynomial:

- heavy ball (Polyak 1964): e_{k+1} = (1 + beta - h step) e_k - beta e_{k-1},
  e_1 = (1 - h step) e_0 (the velocity starts at 0);
- Nesterov (look-ahead points y_k, Sutskever et al. 2013):
  e_{k+1} = (1 + beta)(1 - h step) e_k - beta (1 - h step) e_{k-1},
  e_1 = ((1 + beta)(1 - h step) - beta) e_0.
"""

from __future__ import annotations

import functools
import json
import math
import re

import numpy as np
import pytest
from scipy.optimize import rosen, rosen_der

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.problems.base import Problem
from optbench.runner import Task, execute
from optbench.solvers import SOLVERS, gd_family, get_solver
from optbench.solvers import gd as gd_module

FAMILY = ["gd", "gd-armijo", "gd-wolfe", "gd-momentum", "gd-nesterov", "adam"]
E0, H, GTOL = 1.3 - 2.0, 2.0, 1e-6


@functools.cache
def run(problem: str, spec: str, max_fev: int | None = None):
    return execute(Task(problem, spec, 0, 0, max_fev=max_fev))


def closed_form(a: float, b: float, e1: float, count: int) -> np.ndarray:
    """e_0 .. e_{count-1} of e_{k+1} = a e_k + b e_{k-1} from E0 and e1, via its roots."""
    roots = np.roots([1.0, -a, -b]).astype(complex)
    weights = np.linalg.solve(np.vander(roots, 2, increasing=True).T, [E0, e1])
    k = np.arange(count)[:, None]
    return (weights * roots**k).sum(axis=1).real


def first_within_gtol(errors: np.ndarray) -> int:
    return int(np.argmax(np.abs(H * errors) <= GTOL))


MOMENTUM_CASES = {  # spec: (a, b, e1) of its recurrence
    "gd-momentum": (1 + 0.9 - H * 1e-3, -0.9, (1 - H * 1e-3) * E0),
    "gd-momentum[beta=0.5,step=0.1]": (1 + 0.5 - H * 0.1, -0.5, (1 - H * 0.1) * E0),
    "gd-nesterov": (1.9 * (1 - H * 1e-3), -0.9 * (1 - H * 1e-3),
                    (1.9 * (1 - H * 1e-3) - 0.9) * E0),
    "gd-nesterov[beta=0.5,step=0.1]": (1.5 * (1 - H * 0.1), -0.5 * (1 - H * 0.1),
                                       (1.5 * (1 - H * 0.1) - 0.5) * E0),
}


@pytest.mark.parametrize("spec", list(MOMENTUM_CASES))
def test_momentum_iterates_follow_the_closed_form(spec):
    errors = closed_form(*MOMENTUM_CASES[spec], count=5000)
    nit = first_within_gtol(errors)
    assert abs(H * errors[nit]) < 0.999 * GTOL < abs(H * errors[nit - 1])  # not borderline
    record = run("quadratic", spec)
    assert (record.status, record.nit, record.nfev, record.njev) == ("converged", nit,
                                                                     nit + 1, nit + 1)
    assert json.loads(record.x)[0] - 2.0 == pytest.approx(errors[nit], rel=1e-7)


@pytest.mark.parametrize("spec", ["gd-momentum[beta=0.5,step=0.1]",
                                  "gd-nesterov[beta=0.5,step=0.1]"])
def test_first_momentum_iterates_by_hand(spec):
    # heavy ball: x1 = 1.3 + 0.14 = 1.44, x2 = x1 - 0.1 * 2 (x1 - 2) + 0.5 * 0.14 = 1.622;
    # Nesterov: x_1 = 1.44, y_1 = 1.44 + 0.5 * 0.14 = 1.51,
    # x_2 = 1.51 + 0.098 = 1.608, y_2 = 1.608 + 0.5 * 0.168 = 1.692.
    tx = get_solver(spec).transformation
    x = np.array([1.3])
    state = tx.init(x)
    path = []
    for _ in range(2):
        updates, state = tx.update(H * (x - 2.0), state, x)
        x = x + updates
        path.append(float(x[0]))
    expected = [1.44, 1.622] if "momentum" in spec else [1.51, 1.692]
    assert path == pytest.approx(expected, abs=1e-15)


def test_armijo_halves_once_to_the_minimiser():
    # alpha = 1 steps from 1.3 to 2.7, where f equals f(1.3) = 4.49: no sufficient decrease;
    # alpha = 0.5 lands on 2 exactly. Evaluations: f and g at 1.3, f at 2.7 and 2, g at 2.
    record = run("quadratic", "gd-armijo")
    assert (record.status, record.nit, record.nfev, record.njev) == ("converged", 1, 3, 2)
    assert json.loads(record.x) == [2.0] and record.fun == 4.0


def test_armijo_whose_first_trial_always_passes_is_gd():
    # From step 0.1, f drops by 0.36 e**2 >= 1e-4 * 0.1 * (2 e)**2 every time, so every first
    # trial passes: gd's iterates and counts (tests/test_gd.py), the accepted f reused.
    armijo, gd = run("quadratic", "gd-armijo[step=0.1]"), run("quadratic", "gd")
    assert (armijo.nit, armijo.nfev, armijo.njev, armijo.x) == (64, 65, 65, gd.x)


def test_wolfe_interpolates_to_the_minimiser():
    # scipy's line_search tries alpha = 1 (no previous f), fails sufficient decrease at 2.7,
    # and its quadratic interpolation through phi(0) = 4.49, phi'(0) = -1.96, phi(1) = 4.49
    # gives alpha = 0.5, where phi'(0.5) = 0 satisfies the strong Wolfe conditions.
    record = run("quadratic", "gd-wolfe")
    assert (record.status, record.nit, record.nfev, record.njev) == ("converged", 1, 3, 2)
    assert json.loads(record.x) == [2.0]


def test_adam_first_iterates_by_hand():
    # Kingma & Ba (2015) alg. 1 with alpha = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8.
    # t = 1: m_hat = g0, v_hat = g0**2, so x1 = x0 - 1e-3 g0 / (|g0| + 1e-8), g0 = -1.4.
    # t = 2: m = 0.9 * 0.1 g0 + 0.1 g1, v = 0.999 * 0.001 g0**2 + 0.001 g1**2,
    #        x2 = x1 - 1e-3 (m / 0.19) / (sqrt(v / 0.001999) + 1e-8).
    tx = get_solver("adam").transformation
    x0 = np.array([1.3])
    g0 = H * (x0 - 2.0)
    updates, state = tx.update(g0, tx.init(x0), x0)
    x1 = x0 + updates
    assert x1[0] == pytest.approx(1.3 + 1e-3 * 1.4 / (1.4 + 1e-8), rel=1e-15)
    g1 = H * (x1 - 2.0)
    updates, state = tx.update(g1, state, x1)
    m, v = 0.09 * g0 + 0.1 * g1, 0.000999 * g0**2 + 0.001 * g1**2
    assert (x1 + updates)[0] == pytest.approx(
        (x1 - 1e-3 * (m / 0.19) / (np.sqrt(v / 0.001999) + 1e-8))[0], rel=1e-14)
    assert state.count == 2


def _gradient_norm(record) -> float:
    return float(np.linalg.norm(rosen_der(np.array(json.loads(record.x)))))


ROSENBROCK_END = {  # what each member does from (-1.2, 1)
    "gd": "diverged",  # step 0.1 overshoots: the gradient at x0 is (-215.6, -88)
    "gd-armijo[maxiter=1000]": "maxiter",  # steepest descent zig-zags along the valley
    "gd-wolfe[maxiter=1000]": "maxiter",
    "gd-momentum": "converged",
    "gd-nesterov": "converged",
    "adam[maxiter=1000]": "maxiter",  # step 1e-3 creeps along the valley
}
#: The defaults run 10 000 iterations each (1-3 s apiece): in the slow set.
SLOW_ROSENBROCK_END = {"gd-armijo": "maxiter", "gd-wolfe": "maxiter", "adam": "maxiter"}


def _cases():
    yield from ROSENBROCK_END.items()
    for spec, status in SLOW_ROSENBROCK_END.items():
        yield pytest.param(spec, status, marks=pytest.mark.slow)


@pytest.mark.parametrize("spec, status", list(_cases()))
def test_rosenbrock_ends_are_honest(spec, status):
    record = run("rosenbrock", spec)
    assert record.status == status
    assert (record.nfev, record.njev, record.nit) == (record.solver_nfev, record.solver_njev,
                                                      record.solver_nit)
    if record.status == "converged":
        assert _gradient_norm(record) <= GTOL and 0 <= record.f_error < 1e-11
    if record.status == "maxiter":
        assert _gradient_norm(record) > GTOL and record.nit == get_solver(spec).maxiter
        assert record.fun < 24.2  # below f(x0)


@pytest.mark.parametrize("spec", FAMILY)
def test_counts_agree_on_the_quadratic(spec):
    record = run("quadratic", spec)
    assert record.status == "converged" and abs(json.loads(record.x)[0] - 2.0) < 1e-6
    assert (record.nfev, record.njev, record.nit) == (record.solver_nfev, record.solver_njev,
                                                      record.solver_nit)


def test_line_searches_count_every_trial():
    # On Rosenbrock each Armijo iteration tries several steps: every trial is an nfev,
    # every accepted point one gradient.
    record = run("rosenbrock", "gd-armijo[maxiter=1000]")
    assert record.njev == record.nit + 1 == 1001
    assert record.nfev == len(record.trace) > 5 * record.nit


UPHILL = Problem("uphill", lambda x: float(x @ x), [1.0, 1.0], 0.0, "test",
                 grad=lambda x: -2.0 * x)  # a wrong gradient: -g points uphill


@pytest.mark.filterwarnings("ignore:The line search algorithm did not converge")
@pytest.mark.parametrize("spec, nfev, message", [
    ("gd-armijo[maxls=7]", 8, "no sufficient decrease in 7 backtracking steps"),
    ("gd-wolfe", None, "the strong-Wolfe line search did not converge"),
])
def test_a_failed_line_search_stalls(spec, nfev, message):
    counted = Instrument(UPHILL)
    result = get_solver(spec).solve(counted, UPHILL.x0.copy(), 0)
    assert (result.status.value, result.nit, result.message) == ("stalled", 0, message)
    assert result.x.tolist() == [1.0, 1.0] and result.nfev == counted.nfev
    assert nfev is None or counted.nfev == nfev


@pytest.mark.parametrize("spec", FAMILY)
def test_a_budget_stop_leaves_a_clean_record(spec):
    # A step counts as an iteration once its point is evaluated: a fixed-step member has
    # taken 4 steps after 5 evaluations; a line search is still in its first iteration
    # (from (-1.2, 1), alpha = 1, 1/2, 1/4, 1/8 all overshoot along -g = (215.6, 88)).
    record = run("rosenbrock", spec, max_fev=5)
    assert record.status == "budget" and record.nfev == 5 == len(record.trace)
    assert record.fun == min(record.trace.f) and record.solver_nfev is None
    assert record.nit == (0 if spec in {"gd-armijo", "gd-wolfe"} else 4)


def test_combined_value_and_gradient_problems_run_the_line_searches():
    problem = Problem("combined", lambda x: float(rosen(x)), [-1.2, 1.0], 0.0, "test",
                      fun_and_grad=lambda x: (float(rosen(x)), rosen_der(x)))
    for spec in ("gd-wolfe[maxiter=50]", "gd-armijo[maxiter=50]"):
        counted = Instrument(problem)
        result = get_solver(spec).solve(counted, problem.x0.copy(), 0)
        assert (result.nfev, result.njev) == (counted.nfev, counted.njev)
        assert result.fun < 24.2 and result.status.value == "maxiter"


def test_updates_are_pure():
    for spec in FAMILY:
        tx = get_solver(spec).transformation
        x = np.array([1.3, -0.5])
        state = tx.init(x)
        before = [np.copy(leaf) for leaf in state]
        extras = {"value": rosen(x), "value_fn": rosen, "grad_fn": rosen_der}
        first = tx.update(rosen_der(x), state, x, **extras)[0]
        again = tx.update(rosen_der(x), state, x, **extras)[0]
        assert np.array_equal(first, again), spec
        assert all(np.array_equal(a, b) for a, b in zip(before, state, strict=True)), spec


@pytest.mark.parametrize("spec, message", [
    ("gd-armijo[shrink=1.5]", "option shrink must be > 0 and < 1; got '1.5'"),
    ("gd-wolfe[c1=0.95]", "option c1 must be below c2; got c1=0.95, c2=0.9"),
    ("gd-momentum[beta=1.0]", "option beta must be >= 0 and < 1; got '1.0'"),
    ("gd-nesterov[step=-0.1]", "option step must be > 0; got '-0.1'"),
    ("adam[b2=1.0]", "option b2 must be >= 0 and < 1; got '1.0'"),
    ("gd-armijo[maxls=0]", "option maxls must be >= 1; got '0'"),
    ("adam[eps=0]", "option eps must be > 0; got '0'"),
])
def test_hyper_parameters_out_of_range_are_refused(spec, message):
    with pytest.raises(OptbenchError, match=re.escape(f"solver '{spec.partition('[')[0]}': "
                                                      f"{message}")):
        get_solver(spec)


def test_the_family_is_registered_with_bracket_options():
    modules = {gd_module.__name__, gd_family.__name__}
    names = {e.name for e in SOLVERS if e.factory.__module__ in modules}
    assert set(FAMILY) <= names  # a member added later is run by tests/test_conformance.py
    assert get_solver("adam[step=0.01]").name == "adam[step=0.01]"
    assert math.isclose(get_solver("gd-momentum[beta=0.5]").gtol, 1e-6)
