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
from optbench.solvers.base import skip_reason

TWINS = {
    "fmin": "nelder-mead",
    "fmin_powell": "powell",
    "fmin_bfgs": "bfgs",
    "fmin_bfgs[grad=fd]": "bfgs[grad=fd]",
    "fmin_cg": "cg",
    "fmin_cg[grad=fd]": "cg[grad=fd]",
    "fmin_ncg": "newton-cg",
    "fmin_ncg[hess=hessp]": "newton-cg[hess=hessp]",
    "fmin_ncg[hess=fd]": "newton-cg[hess=fd]",
    "fmin_l_bfgs_b": "l-bfgs-b",
    "fmin_l_bfgs_b[grad=fd]": "l-bfgs-b[grad=fd]",
    "fmin_tnc": "tnc",
    "fmin_tnc[grad=fd]": "tnc[grad=fd]",
    "fmin_cobyla": "cobyla",
    "fmin_slsqp": "slsqp",
    "fmin_slsqp[grad=fd]": "slsqp[grad=fd]",
}
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
    assert names == {spec for spec in TWINS if "[" not in spec}
    assert len(names) == 9


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
