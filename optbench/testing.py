"""Conformance checks over the registries: every problem runs with a solver that takes
it, every solver runs on a problem of each kind it declares.

The project's tests generate one test per registered problem and per registered solver
from these functions (``tests/test_conformance.py``), so a problem or solver is tested
the moment it is registered, and a broken registration (a kind that names no kind, a
factory that raises, a declaration no problem satisfies) fails. Each check raises
`ConformanceError` naming what is wrong.

Examples
--------
>>> record = check_problem_runs("quadratic")
>>> record.solver, record.status
('gd', 'converged')
"""

from __future__ import annotations

import functools
import math
import typing
from typing import Literal

from optbench.errors import OptbenchError
from optbench.kinds import Kind
from optbench.problems import PROBLEMS, Problem, get_problem
from optbench.record import Record
from optbench.result import Status
from optbench.runner import Task, execute
from optbench.solvers import SOLVERS, Solver, get_solver
from optbench.solvers.base import skip_reason
from optbench.spec import format_spec

#: The evaluation budget of a conformance run: enough for the cheap problems to
#: converge, small enough that a 5000-variable system ends in seconds.
MAX_FEV = 500
#: Modules of optional extras whose absence may skip a problem (``optbench[real]``).
OPTIONAL_MODULES = frozenset({"sklearn"})
_STATUSES = frozenset(status.value for status in Status)


class ConformanceError(AssertionError):
    """A registered problem or solver that breaks the contract."""


@functools.cache
def built(name: str) -> Problem:
    """The registered problem ``name`` at its default options.

    Raises
    ------
    ConformanceError
        If its factory raises (a wrong kind included) or its callables' shapes are
        wrong; an `ImportError` of an optional extra's module is re-raised as it is.
    """
    try:
        problem = get_problem(name)
        problem.validate()
    except ImportError as error:
        if error.name in OPTIONAL_MODULES:
            raise
        raise ConformanceError(f"problem {name!r}: its factory failed: {error}") from error
    except Exception as error:  # noqa: BLE001  (any failure of a factory is the finding)
        raise ConformanceError(f"problem {name!r}: its factory failed: {error}") from error
    return problem


def _checked(record: Record, what: str) -> Record:
    """``record`` if it is a well-formed run of a capable pair, else `ConformanceError`."""
    if record.status not in _STATUSES:
        raise ConformanceError(f"{what}: unknown status {record.status!r}")
    if record.status in {Status.SKIPPED.value, Status.ERROR.value, Status.TIMEOUT.value}:
        raise ConformanceError(f"{what} ended {record.status}: {record.message}")
    if record.nfev is None or not 0 < record.nfev <= MAX_FEV:
        raise ConformanceError(f"{what}: nfev {record.nfev} outside 1..{MAX_FEV}")
    if record.fun is None or math.isnan(record.fun) and record.status != "diverged":
        raise ConformanceError(f"{what}: no final value ({record.status})")
    if record.nit_source is not None and record.nit is None:
        raise ConformanceError(f"{what}: nit_source {record.nit_source!r} without nit")
    return record


def check_problem_runs(name: str) -> Record:
    """Run the registered problem ``name`` once with the first registered solver that
    takes it; return the record.

    Raises
    ------
    ConformanceError
        If the problem cannot be built, no solver takes it, or the run errs.
    """
    problem = built(name)
    for entry in SOLVERS:
        solver = get_solver(entry.name)
        if skip_reason(solver.accepts, problem) is None:
            record = execute(Task(problem.name, solver.name, 0, 0, MAX_FEV))
            return _checked(record, f"problem {name!r} with solver {solver.name!r}")
    raise ConformanceError(f"problem {name!r} ({problem.kind.value}): no registered solver "
                           "takes it")


def variants(name: str) -> list[str]:
    """The registered solver ``name`` and its variants with one choice option changed
    (``trust-constr[hess=fd]``, ``bfgs[grad=fd]``, ...), in signature order.

    Examples
    --------
    >>> variants("bfgs")
    ['bfgs', 'bfgs[grad=fd]']
    """
    entry = SOLVERS.entry(name)
    hints = typing.get_type_hints(entry.factory)
    specs = [name]
    for key, parameter in entry.parameters.items():
        if typing.get_origin(hints.get(key)) is Literal:
            specs += [format_spec(name, {key: choice}) for choice in typing.get_args(hints[key])
                      if choice != parameter.default]
    return specs


def _solver(spec: str) -> Solver:
    try:
        return get_solver(spec)
    except Exception as error:  # noqa: BLE001  (any failure of a factory is the finding)
        raise ConformanceError(f"solver {spec!r}: its factory failed: {error}") from error


def check_solver_runs(name: str, kind: Kind, problems: list[str]) -> Record:
    """Run the registered solver ``name`` on the first of ``problems`` of ``kind`` that
    it takes; return the record.

    A kind may need an option: the default ``trust-constr`` takes Hessians, which no
    constrained problem has, and ``trust-constr[hess=fd]`` takes them all. So where
    the default takes none of the problems, its `variants` are tried in turn.

    Raises
    ------
    ConformanceError
        If the solver's factory raises, neither it nor a variant takes any of the
        problems of that kind (a declaration nothing satisfies), or the run errs.
    """
    default = _solver(name)
    if kind not in default.accepts.kinds:
        raise ConformanceError(f"solver {name!r} does not declare kind {kind.value!r}")
    of_kind = [problem for problem in map(built, problems) if problem.kind is kind]
    for spec in variants(name):
        try:
            solver = default if spec == name else get_solver(spec)
        except OptbenchError:  # a combination the factory refuses (trust-constr's fd + fd)
            continue
        for problem in of_kind:
            if skip_reason(solver.accepts, problem) is None:
                record = execute(Task(problem.name, solver.name, 0, 0, MAX_FEV))
                return _checked(record, f"solver {solver.name!r} on problem {problem.name!r}")
    raise ConformanceError(f"solver {name!r} declares kind {kind.value!r}, but it takes no "
                           "registered problem of that kind")


def registered_problems() -> list[str]:
    """The names of every registered problem, in registration order."""
    return PROBLEMS.names()
