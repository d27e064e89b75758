"""The seed's legacy functions as solvers: they match their ``minimize`` twins.

Each legacy solver is run through optbench and compared with its twin (that the legacy
scipy function, called directly on self-counting callables, makes the same calls is
checked in ``tests/test_scipy_counts.py``). In scipy 1.17.1 every legacy function with
its default options runs the same code as its ``minimize`` twin with that method's
defaults (``fmin_tnc`` passes ``_minimize_tnc``'s own defaults;
``fmin_cobyla``'s ``rhoend=1e-4`` and ``maxfun=1000`` are ``minimize``'s ``tol`` and
``maxiter``), so no option needs matching: counts and x agree to the last bit.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from optbench.instrument import Instrument
from optbench.problems import get_problem
from optbench.problems.base import Problem
from optbench.runner import Task, execute
from optbench.solvers import SOLVERS, get_solver
from optbench.solvers import legacy as legacy_module
from optbench.solvers import scipy_minimize as sm
from optbench.solvers.base import skip_reason
from optbench.spec import format_spec, parse_spec
from optbench.testing import variants


def _twins():
    """Every registered legacy solver and its variants (optbench.testing.variants), each
    with the minimize method it wraps, the same options given: built from the registry,
    so a legacy function registered later is tested without editing this file."""
    by_method = {get_solver(e.name).method: e.name for e in SOLVERS
                 if e.factory.__module__ == sm.__name__}
    twins = {}
    for entry in SOLVERS:
        if entry.factory.__module__ == legacy_module.__name__:
            for spec in variants(entry.name):
                twins[spec] = format_spec(by_method[get_solver(spec).twin.method],
                                          parse_spec(spec)[1])
    return twins


TWINS = _twins()
#: The seed's legacy names (the seed calls fmin, fmin_powell, fmin_bfgs, fmin_cg; scipy's
#: legacy API has these nine).
SEED_LEGACY = {"fmin", "fmin_powell", "fmin_bfgs", "fmin_cg", "fmin_ncg", "fmin_l_bfgs_b",
               "fmin_tnc", "fmin_cobyla", "fmin_slsqp"}
SLOW = {("fmin_cobyla", "rosenbrock")}  # 1000 evaluations of PRIMA's Python COBYLA, twice


@functools.cache
def run(problem: str, spec: str, max_fev: int | None = None):
    return execute(Task(problem, spec, 0, 0, max_fev=max_fev))


def _cases(specs):
    for problem in ("quadratic", "rosenbrock"):
        for spec in specs:
            slow = (spec, problem) in SLOW
            yield pytest.param(spec, problem, marks=[pytest.mark.slow] if slow else [])


@pytest.mark.parametrize("spec, problem", list(_cases(TWINS)))
def test_legacy_solvers_match_their_minimize_twins(spec, problem):
    mine, twin = run(problem, spec), run(problem, TWINS[spec])
    fields = ("status", "nit", "nfev", "njev", "nhev", "x")
    assert [getattr(mine, f) for f in fields] == [getattr(twin, f) for f in fields]
    # What the legacy function reports, it reports as the twin and the instrument count it.
    for count in ("nit", "nfev", "njev", "nhev"):
        reported = getattr(mine, f"solver_{count}")
        assert reported is None or reported == getattr(twin, f"solver_{count}")
        if reported is not None and "[grad=fd]" not in spec:
            assert reported == getattr(mine, count)


def test_every_legacy_name_of_the_seed_is_registered_with_a_twin():
    names = {e.name for e in SOLVERS if e.factory.__module__ == legacy_module.__name__}
    assert SEED_LEGACY <= names == {spec for spec in TWINS if "[" not in spec}
    assert TWINS["fmin_ncg[hess=hessp]"] == "newton-cg[hess=hessp]"
    assert TWINS["fmin"] == "nelder-mead" and len(TWINS) == 16


@pytest.mark.parametrize("spec", sorted(TWINS))
def test_a_budget_stop_leaves_a_clean_record(spec):
    record = run("rosenbrock", spec, max_fev=5)
    assert record.status == "budget" and record.nfev == 5 == len(record.trace)
    assert record.fun == min(record.trace.f)
    # The legacy function's callback saw as many iterations as its twin's did.
    assert record.nit == run("rosenbrock", TWINS[spec], max_fev=5).nit is not None


def test_fmin_cobyla_status_is_inferred_from_the_evaluations(monkeypatch):
    # COBYLA needs 1000 evaluations and more on Rosenbrock from (-1.2, 1) (PRIMA info 3,
    # the twin's status); with maxfun lowered to 30 the legacy run ends there too.
    monkeypatch.setattr(legacy_module, "COBYLA_MAXFUN", 30)
    counted = Instrument(get_problem("rosenbrock"))
    result = get_solver("fmin_cobyla").solve(counted, np.array([-1.2, 1.0]), 0)
    assert (result.status.value, counted.nfev) == ("maxiter", 30)
    assert result.message == "fmin_cobyla returns x only; status inferred: maxfun reached"


BOUNDED = Problem("bounded", lambda x: float((x[0] - 2.0) ** 2 + 4.0), [1.3], 4.0, "test",
                  grad=lambda x: np.array([2.0 * x[0] - 4.0]), bounds=((0.0, 1.5),))


@pytest.mark.parametrize("spec", ["fmin_l_bfgs_b", "fmin_tnc", "fmin_slsqp",
                                  "fmin_l_bfgs_b[grad=fd]", "fmin_slsqp[grad=fd]"])
def test_legacy_bounds_are_passed(spec):
    solver = get_solver(spec)
    assert skip_reason(solver.accepts, BOUNDED) is None
    assert solver.solve(Instrument(BOUNDED), BOUNDED.x0.copy(), 0).x[0] == pytest.approx(1.5)


@pytest.mark.parametrize("spec", ["fmin", "fmin_powell", "fmin_bfgs", "fmin_cg", "fmin_cobyla"])
def test_legacy_functions_without_bounds_skip_bounded_problems(spec):
    assert skip_reason(get_solver(spec).accepts, BOUNDED) == (
        f"{get_solver(spec).twin.method} cannot handle the bounds of bounded")


def test_legacy_skip_reasons_name_the_legacy_spec():
    bare = Problem("bare", lambda x: float(x @ x), [1.0], 0.0, "test")
    assert skip_reason(get_solver("fmin_bfgs").accepts, bare) == (
        "bare has no analytic gradient (use fmin_bfgs[grad=fd])")
