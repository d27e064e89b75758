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

import dataclasses
import functools
import math
import typing
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from optbench.checks import check_problem as check_derivatives
from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Kind
from optbench.problems import PROBLEMS, Problem, get_problem
from optbench.problems.base import Constraint, Vector
from optbench.record import Record
from optbench.result import Result, Status
from optbench.runner import Task, _solve, execute
from optbench.solvers import SOLVERS, Solver, get_solver
from optbench.solvers.base import skip_reason
from optbench.solvers.optional import MissingExtra
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
    solver = _first_taker(problem)
    record = execute(Task(problem.name, solver.name, 0, 0, MAX_FEV))
    return _checked(record, f"problem {name!r} with solver {solver.name!r}")


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
    except MissingExtra:
        raise
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


# The conformance kit for third parties: `check_problem` and `check_solver`, which a
# plug-in's own tests call (as scikit-learn's ``check_estimator``).

#: Built-in problems `check_solver` runs a solver on, by kind: the first three of each
#: kind that the solver takes.
KIT_PROBLEMS: dict[Kind, tuple[str, ...]] = {
    Kind.MINIMIZE: ("quadratic", "rosenbrock", "mgh-beale", "mgh-helical-valley",
                    "mgh-freudenstein-roth", "lls-lsqnonneg"),
    Kind.CONSTRAINED: ("hs-035", "hs-071", "hs-006", "hs-038"),
    Kind.GLOBAL: ("global-branin", "global-six-hump-camel", "global-rastrigin"),
    Kind.SCALAR: ("scalar-hansen-01", "scalar-hansen-02"),
    Kind.ROOT_SCALAR: ("aps-01", "aps-02"),
    Kind.ROOT: ("eq-rosenbrock", "eq-wood", "eq-powell-singular"),
}
#: The budget of the kit's bad-value and budget checks.
KIT_BUDGET = 50


class _Tally:
    """Counting closures around a problem's callables: how often each was really called."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def wrap(self, key: str, function: Any) -> Any:
        if function is None:
            return None

        def counted(*args: Any) -> Any:
            self.calls[key] = self.calls.get(key, 0) + 1
            return function(*args)

        return counted

    def problem(self, problem: Problem) -> Problem:
        """``problem`` with counted objective callables and constraints (its form kept:
        the kit compares the counts of the objective view)."""
        constraints = tuple(Constraint(c.kind, self.wrap("constraint", c.fun),
                                       self.wrap("constraint_jac", c.jac))
                            for c in problem.constraints)
        return dataclasses.replace(
            problem, fun=self.wrap("fun", problem.fun), grad=self.wrap("grad", problem.grad),
            hess=self.wrap("hess", problem.hess), hessp=self.wrap("hessp", problem.hessp),
            fun_and_grad=self.wrap("fun_and_grad", problem.fun_and_grad),
            constraints=constraints)

    def expected(self) -> dict[str, int]:
        """What the instrument must have counted, from the calls made."""
        calls = self.calls.get
        both = calls("fun_and_grad", 0)
        return {"nfev": calls("fun", 0) + both, "njev": calls("grad", 0) + both,
                "nhev": calls("hess", 0) + calls("hessp", 0), "ncev": calls("constraint", 0),
                "ncjev": calls("constraint_jac", 0)}


def _counted_run(solver: Solver, problem: Problem, seed: int,
                 max_fev: int | None = MAX_FEV) -> tuple[Result, Instrument, _Tally]:
    """A run of ``solver`` on ``problem`` through an instrument over counting closures."""
    tally = _Tally()
    objective = Instrument(tally.problem(problem), max_fev=max_fev)
    x0 = problem.x0.copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        result = _solve(solver, objective, x0, seed)
    return result, objective, tally


def _counts_match(what: str, objective: Instrument, tally: _Tally, result: Result) -> None:
    counted = {"nfev": objective.nfev, "njev": objective.njev, "nhev": objective.nhev,
               "ncev": objective.ncev, "ncjev": objective.ncjev}
    if objective.problem.form is None and counted != tally.expected():
        raise ConformanceError(f"{what}: the instrument counted {counted}, but the "
                               f"callables were called {tally.expected()}")
    for key in ("nfev", "njev", "nhev"):
        own = getattr(result, key)
        if own is not None and own != counted[key]:
            raise ConformanceError(f"{what}: the solver reports {key}={own}, but it made "
                                   f"{counted[key]} such evaluations")


def check_problem(problem: Problem | str, solver: Solver | str | None = None,
                  seed: int = 0) -> Record:
    """Check a problem of your own as optbench checks its own; return a run's record.

    Checks that its callables return the right shapes at x0, that its gradient (and
    Hessian) agree with central differences (`optbench.checks`), that a solver taking
    it (``solver``, else the first registered one) runs on it to a status other than
    ``error``, and that the instrument counted every call of its callables.

    Raises
    ------
    ConformanceError
        Naming what is wrong.

    Examples
    --------
    >>> import numpy as np
    >>> mine = Problem("kit-sphere", lambda x: float(x @ x), np.ones(3), f_opt=0.0,
    ...                grad=lambda x: 2.0 * x)
    >>> check_problem(mine).status
    'converged'
    >>> PROBLEMS.unregister("kit-sphere")
    """
    from optbench.user import problem_name, solver_name

    name = problem_name(problem)
    built_problem = built(name) if isinstance(problem, str) else _validated(problem)
    derivatives = check_derivatives(built_problem, seed=seed)
    if derivatives is not None and not derivatives.ok:
        raise ConformanceError(
            f"problem {name!r}: a derivative disagrees with central differences (relative "
            f"error: gradient {derivatives.grad_error:.1e}, Hessian "
            f"{derivatives.hess_error}); check it with `optbench check --problems {name}`")
    chosen = _solver(solver_name(solver)) if solver is not None else _first_taker(built_problem)
    reason = skip_reason(chosen.accepts, built_problem)
    if reason is not None:
        raise ConformanceError(f"problem {name!r}: solver {chosen.name!r} does not take it: "
                               f"{reason}")
    result, objective, tally = _counted_run(chosen, built_problem, seed)
    _counts_match(f"problem {name!r} with solver {chosen.name!r}", objective, tally, result)
    record = execute(Task(name, chosen.name, 0, seed, MAX_FEV))
    return _checked(record, f"problem {name!r} with solver {chosen.name!r}")


def check_solver(solver: Solver | str, problems: Sequence[str] | None = None,
                 seed: int = 0) -> list[Record]:
    """Check a solver of your own as optbench checks its own; return its runs' records.

    On up to three problems of each kind it declares (``problems``, else
    `KIT_PROBLEMS`), it checks that it runs to a status other than ``error``, that the
    instrument counted every evaluation (and that the counts the solver reports equal
    them), that the same seed gives the same run, that it stops at the evaluation
    budget (optbench's `BudgetExhausted` propagates out of it), and that a problem whose
    values turn NaN ends with a status.

    Raises
    ------
    ConformanceError
        Naming the solver, the problem and what is wrong.

    Examples
    --------
    >>> records = check_solver("bfgs")
    >>> [(r.problem, r.status) for r in records]
    [('quadratic', 'converged'), ('rosenbrock', 'converged'), ('mgh-beale', 'converged')]
    """
    from optbench.user import solver_name

    spec = solver_name(solver)
    made = _solver(spec)
    if not made.accepts.kinds:
        raise ConformanceError(f"solver {spec!r} declares no kind of problem")
    records = []
    for kind in (kind for kind in Kind if kind in made.accepts.kinds):
        names = [n for n in (problems or KIT_PROBLEMS[kind]) if n in PROBLEMS]
        taken = [p for p in map(built, names)
                 if p.kind is kind and skip_reason(made.accepts, p) is None][:3]
        if not taken:
            raise ConformanceError(f"solver {spec!r} declares kind {kind.value!r} but takes "
                                   f"none of {', '.join(names)}")
        for problem in taken:
            records.append(_check_solver_on(made, problem, seed))
    return records


def _check_solver_on(solver: Solver, problem: Problem, seed: int) -> Record:
    what = f"solver {solver.name!r} on problem {problem.name!r}"
    first, objective, tally = _counted_run(solver, problem, seed)
    _counts_match(what, objective, tally, first)
    again, second, _ = _counted_run(solver, problem, seed)
    if not (np.array_equal(first.x, again.x, equal_nan=True) and objective.nfev == second.nfev):
        raise ConformanceError(f"{what}: two runs with seed {seed} differ (nfev "
                               f"{objective.nfev} and {second.nfev}); seed all randomness "
                               "from the seed argument")
    stopped, capped, _ = _counted_run(solver, problem, seed, max_fev=KIT_BUDGET)
    if capped.meter.refused > 1 or capped.meter.refused and stopped.status is not Status.BUDGET:
        raise ConformanceError(f"{what}: it asked for {capped.meter.refused} evaluations past a "
                               f"budget of {KIT_BUDGET}; let optbench's BudgetExhausted "
                               "propagate")
    poisoned = dataclasses.replace(problem, fun=_nan_after_first(problem.fun),
                                   fun_and_grad=None)
    bad, _, _ = _counted_run(solver, poisoned, seed, max_fev=KIT_BUDGET)
    if bad.status not in Status:
        raise ConformanceError(f"{what}: values turned NaN gave no status")
    record = execute(Task(problem.name, solver.name, 0, seed, MAX_FEV))
    return _checked(record, what)


def _nan_after_first(fun: Callable[[Vector], float]) -> Callable[[Vector], float]:
    calls = [0]

    def poisoned(x: Vector) -> float:
        calls[0] += 1
        return fun(x) if calls[0] == 1 else math.nan

    return poisoned


def _validated(problem: Problem) -> Problem:
    try:
        with np.errstate(all="ignore"):
            problem.validate()
    except OptbenchError as error:
        raise ConformanceError(str(error)) from None
    return problem


def _first_taker(problem: Problem) -> Solver:
    for entry in SOLVERS:
        try:
            solver = get_solver(entry.name)
        except MissingExtra:
            continue
        if skip_reason(solver.accepts, problem) is None:
            return solver
    raise ConformanceError(f"problem {problem.name!r} ({problem.kind.value}): no registered "
                           "solver takes it")
