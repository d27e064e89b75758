"""The grid of runs (problems x solvers x starts): planning, stable ids, execution.

`execute` turns one `Task` into one `Record` and never raises for what a solver
does: errors, budgets and non-finite values become statuses.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from optbench import __version__
from optbench.counting import Counter
from optbench.errors import OptbenchError, error_line
from optbench.grades import below_published
from optbench.instrument import BudgetExhausted, Instrument
from optbench.limits import check_plan, check_runs
from optbench.problems import Problem, get_problem
from optbench.problems.base import Vector
from optbench.problems.registry import expand_selections, problem_entry
from optbench.progress import EVERY_S, Progress
from optbench.record import SUCCESS_RTOL, VIOLATION_TOL, ProblemRow, Record, is_success
from optbench.registry import Entry, Registry
from optbench.result import Result, Status
from optbench.solvers import SOLVERS, Solver, get_solver
from optbench.solvers.base import Accepts, Iterations, skip_reason
from optbench.spec import parse_spec
from optbench.store import Store

T = TypeVar("T")

#: Default evaluation budget per run: room for the seed's 10 000 GD steps and for
#: finite-difference gradients in small dimensions, while keeping derivative-free
#: methods in 785 dimensions to a minute or two.
DEFAULT_MAX_FEV = 20_000

#: A run whose final f exceeds its first by this many times max(1, |f_start|) diverged.
DIVERGENCE_FACTOR = 1e6


@dataclass(frozen=True)
class Task:
    """One run to make: a problem and a solver (canonical specs), a start and a seed.

    ``code`` is the fingerprint of the user code the run executes (the problem's, the
    solver's, or both; `code_fingerprint`), empty for optbench's own.
    """

    problem: str
    solver: str
    start: int
    seed: int
    max_fev: int | None
    code: str = ""

    @property
    def run_id(self) -> str:
        """A stable id from everything that determines the run: optbench's version, and
        the fingerprint of user code where the run has any.

        Examples
        --------
        >>> Task("quadratic", "bfgs", 0, 0, None).run_id == Task("quadratic", "bfgs", 0, 0,
        ...                                                       None, code="ab12").run_id
        False
        """
        parts = [self.problem, self.solver, self.start, self.seed, self.max_fev, __version__]
        key = json.dumps(parts + [self.code] if self.code else parts)
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def solver_seed(self) -> int:
        """The seed of a stochastic solver's randomness, from (seed, problem, solver, start).

        Examples
        --------
        >>> Task("quadratic", "bfgs", 0, 0, None).solver_seed
        2708329960
        """
        key = json.dumps([self.seed, self.problem, self.solver, self.start]).encode()
        return int.from_bytes(hashlib.sha256(key).digest()[:4], "little")

    @property
    def feature_seed(self) -> int:
        """The seed of a problem's robustness features (``base@noisy``), from (seed,
        problem, start): the solver is left out, so every solver of a start meets the
        same instance (the same rotation, the same noise at the same point), and each
        start (repeat) another (`optbench.problems.features`).

        Examples
        --------
        >>> Task("p@noisy", "bfgs", 0, 0, None).feature_seed == Task("p@noisy", "cg", 0, 0,
        ...                                                          None).feature_seed
        True
        """
        key = json.dumps([self.seed, self.problem, self.start]).encode()
        return int.from_bytes(hashlib.sha256(key).digest()[:8], "little")


def plan(
    problems: Sequence[str],
    solvers: Sequence[str],
    starts: int = 1,
    seed: int = 0,
    max_fev: int | None = DEFAULT_MAX_FEV,
) -> list[Task]:
    """The grid of tasks, names checked and made canonical (duplicates dropped);
    selections ``key:filters`` (``cutest:type=u,n<=50``) name their problems.

    Raises
    ------
    OptbenchError
        For unknown names, malformed options, no problems or no solvers, and settings
        outside their bounds (`optbench.limits`).

    Examples
    --------
    >>> [t.solver for t in plan(["quadratic"], ["gd[step=0.1]", "bfgs"])]
    ['gd', 'bfgs']
    """
    check_plan(starts, seed, max_fev)
    problems = expand_selections(problems)
    for what, names in (("problems", problems), ("solvers", solvers)):
        if not any(name.strip() for name in names):
            raise OptbenchError(f"no {what} given: name at least one")
    problem_specs = _canonical(problems, lambda spec: _checked_problem(spec).name)
    solver_specs = _canonical(solvers, lambda spec: _solver(spec).name)
    check_runs(len(problem_specs) * len(solver_specs) * starts)
    return [
        Task(problem, solver, start, seed, max_fev, code)
        for problem in problem_specs
        for solver in solver_specs
        for code in [code_fingerprint(problem, solver)]
        for start in range(starts)
    ]


def code_fingerprint(problem: str, solver: str) -> str:
    """The fingerprints of the user code behind two canonical specs, joined by ``+``
    (empty where both are optbench's own).

    Examples
    --------
    >>> code_fingerprint("quadratic", "bfgs[grad=fd]")
    ''
    """
    entries = (problem_entry(problem), _entry(SOLVERS, solver))
    return "+".join(entry.fingerprint for entry in entries if entry.fingerprint)


def _canonical(specs: Iterable[str], canonicalise: Callable[[str], str]) -> list[str]:
    return list(dict.fromkeys(canonicalise(spec) for spec in specs))


def _entry(registry: Registry[Any], spec: str) -> Entry[Any]:
    return registry.entry(parse_spec(spec)[0])


def _problem(spec: str) -> Problem:
    """Problems are immutable, so each process builds each one once (per registration:
    user code registered anew under its name is built anew)."""
    return _built_problem(spec, problem_entry(spec))


@functools.lru_cache(maxsize=64)
def _built_problem(spec: str, entry: Entry[Problem]) -> Problem:
    return _one_line(f"problem {spec!r} could not be built: ", get_problem, spec)


def _one_line(what: str, call: Callable[..., T], *args: Any) -> T:
    """``call(*args)``; whatever it raises besides `OptbenchError` becomes one: ``what``
    followed by the error's first line (user code broken in the driver is bad input)."""
    try:
        return call(*args)
    except OptbenchError:
        raise
    except Exception as error:  # noqa: BLE001  (any failure of user code: one line)
        raise OptbenchError(f"{what}{error_line(error)}") from error


def _solver(spec: str) -> Solver:
    """Solvers are frozen values too; resolving a spec once per process (per
    registration) saves each run's option parsing."""
    return _built_solver(spec, _entry(SOLVERS, spec))


@functools.lru_cache(maxsize=256)
def _built_solver(spec: str, entry: Entry[Solver]) -> Solver:
    return _one_line(f"solver {spec!r} could not be built: ", get_solver, spec)


def _stored_row(spec: str) -> ProblemRow:
    """What the store keeps of a problem is the same for each of its runs: built once
    per process (its x* as JSON runs to 5 000 numbers for the large systems)."""
    return _row_of(_problem(spec))


@functools.lru_cache(maxsize=64)
def _row_of(problem: Problem) -> ProblemRow:
    return problem_row(problem)


def _checked_problem(spec: str) -> Problem:
    """The problem, its output shapes checked once (`Problem.validate`)."""
    return _validated(_problem(spec))


@functools.lru_cache(maxsize=64)
def _validated(problem: Problem) -> Problem:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        _one_line(f"problem {problem.name!r}: evaluating it at x0 raised ",
                  problem.validate)
    return problem


def run_instance(problem: Problem, task: Task) -> tuple[Problem, Vector]:
    """The problem and start a task runs: ``problem`` and its start ``task.start``, or,
    for a problem under robustness features, the instance that the task's
    `Task.feature_seed` draws (`optbench.problems.features.FeatureChain.instance`)."""
    if problem.features is None:
        return problem, problem.starts(task.start + 1, task.seed)[task.start]
    return problem.features.instance(task.start, task.seed, task.feature_seed)


def execute(task: Task, report: Callable[[Progress], None] | None = None) -> Record:
    """Make one run and return its record; whatever the solver does, nothing is raised.

    The final value is re-evaluated, uncounted, at the returned point so that ``fun``,
    ``f_error`` and ``accuracy`` describe the point itself, not the solver's claim; on
    the true function where the solver saw a perturbed one (`Problem.true_value`).
    ``report(progress)`` is called every `optbench.progress.EVERY_S` seconds of
    evaluations with what the run has done since the previous call (`Progress`).
    """
    problem = _problem(task.problem)
    solver = _solver(task.solver)
    accepts = solver.accepts
    reason = skip_reason(accepts, problem)
    if reason is not None:
        return unrun(task, Status.SKIPPED, reason)
    problem, x0 = run_instance(problem, task)
    objective = Instrument(problem, max_fev=task.max_fev)
    if report is not None:
        objective.meter.watch(report, EVERY_S)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        result = _solve(solver, objective, x0, task.solver_seed)
        elapsed = objective.elapsed
        try:
            fun, accuracy, x_error, violation, root_scale = _measured(problem, result.x)
        except Exception as error:  # noqa: BLE001  (the problem's own code broke)
            fun, accuracy, x_error, violation, root_scale = math.nan, None, math.nan, None, None
            result = dataclasses.replace(
                result, status=Status.ERROR,
                message=f"the problem's functions raised at the returned x: "
                        f"{error_line(error)}")
    trace = objective.trace()
    nit, nit_source = iterations(accepts, objective.iterations, result.nit)
    status, message = result.status, result.message
    if status is not Status.ERROR and diverged(fun, trace.f[0] if len(trace) else math.nan):
        status = Status.DIVERGED
    f_error = problem.f_error(fun)
    if below_certified_optimum(problem, fun, violation):
        status = Status.ERROR
        message = (f"f = {fun!r} at a feasible point is below the certified global optimum "
                   f"f* = {problem.f_opt!r}: the problem's definition is wrong")
    elif flag := below_published(problem.f_opt, problem.reference, fun,
                                 violation is None or violation <= VIOLATION_TOL):
        message = f"{flag}; {message}" if message else flag
    return Record(
        run_id=task.run_id,
        problem=task.problem,
        family=problem.family,
        kind=problem.kind.value,
        solver=task.solver,
        start=task.start,
        seed=task.seed,
        max_fev=task.max_fev,
        n=problem.n,
        nit=nit,
        nit_source=nit_source,
        nfev=objective.nfev,
        njev=objective.njev,
        nhev=objective.nhev,
        ncev=objective.ncev,
        ncjev=objective.ncjev,
        solver_nit=result.nit,
        solver_nfev=result.nfev,
        solver_njev=result.njev,
        solver_nhev=result.nhev,
        solver_ncev=result.ncev,
        solver_ncjev=result.ncjev,
        fun=fun,
        f_opt=problem.f_opt,
        f_error=f_error,
        x_error=x_error,
        max_violation=violation,
        accuracy=accuracy,
        success=is_success(f_error, problem.f_opt, status, violation,
                           None if root_scale is None else x_error,
                           1.0 if root_scale is None else root_scale),
        status=status.value,
        message=message,
        time_s=elapsed,
        optbench_version=__version__,
        x=json.dumps(np.asarray(result.x, dtype=float).tolist()),
        trace=trace,
        problem_row=_stored_row(task.problem),
    )


def _measured(problem: Problem, x: Vector,
              ) -> tuple[float, float | None, float, float | None, float | None]:
    """What the record says of the returned point, evaluated uncounted: f, accuracy,
    distance to x*, violation and the size of the nearest root."""
    fun = problem.true_value(x) if x is not None else math.nan
    accuracy = problem.accuracy(x) if problem.accuracy is not None and x is not None else None
    violation = problem.max_violation(x) if x is not None else None
    return fun, accuracy, problem.x_error(x), violation, problem.root_scale(x)


def iterations(accepts: Accepts, callbacks: int,
               reported: int | None) -> tuple[int | None, str | None]:
    """A run's ``nit`` and ``nit_source``, as the solver's declaration says to take them.

    The ``callbacks`` the instrument counted (plus the solver's declared initial
    iterations) are ``"instrument"``; the solver's own count (``reported``) is
    ``"solver"``; ``(None, None)`` where a solver without callbacks reported none (or
    was stopped before it could).

    Examples
    --------
    >>> from optbench.kinds import Kind
    >>> iterations(Accepts("m", frozenset({Kind.MINIMIZE})), 2, 7)
    (2, 'instrument')
    >>> own = Accepts("m", frozenset({Kind.MINIMIZE}), iterations=Iterations.SOLVER)
    >>> iterations(own, 2, 7), iterations(own, 2, None)
    ((7, 'solver'), (None, None))
    """
    counted = callbacks + accepts.initial_iterations
    if accepts.iterations is Iterations.INSTRUMENT:
        return counted, Iterations.INSTRUMENT.value
    if reported is not None:
        return int(reported), Iterations.SOLVER.value
    if accepts.iterations is Iterations.SOLVER_ELSE_INSTRUMENT:
        return counted, Iterations.INSTRUMENT.value
    return None, None


def problem_row(problem: Problem) -> ProblemRow:
    """What the store keeps of ``problem`` beside its runs (`ProblemRow`).

    Examples
    --------
    >>> row = problem_row(get_problem("quadratic"))
    >>> row.kind, row.f_opt, row.x_opt, row.has_bounds_or_constraints
    ('minimize', 4.0, '[[2.0]]', False)
    """
    return ProblemRow(
        problem=problem.name, family=problem.family, kind=problem.kind.value, n=problem.n,
        f_opt=problem.f_opt, x_opt=json.dumps([x.tolist() for x in problem.x_opt]),
        has_bounds_or_constraints=problem.bounds is not None or bool(problem.constraints),
        source=problem.source, reference=json.dumps(dict(problem.reference), sort_keys=True))


def below_certified_optimum(problem: Problem, fun: float, violation: float | None) -> bool:
    """Whether a feasible final value lies below a certified global optimum.

    Only for problems whose f* is certified global (`Problem.f_opt_is_global`); "below"
    means by more than ``SUCCESS_RTOL * max(1, |f*|)``, and "feasible" within
    ``VIOLATION_TOL``.

    Examples
    --------
    >>> from optbench.problems.base import Problem
    >>> p = Problem("p", lambda x: float(x @ x), [1.0], 1.0, "test", f_opt_is_global=True)
    >>> below_certified_optimum(p, 0.5, None), below_certified_optimum(p, 1.0, None)
    (True, False)
    """
    if not problem.f_opt_is_global or not math.isfinite(fun):
        return False
    feasible = violation is None or violation <= VIOLATION_TOL
    return feasible and fun < problem.f_opt - SUCCESS_RTOL * max(1.0, abs(problem.f_opt))


def diverged(fun: float, f_start: float) -> bool:
    """Whether a run diverged: its final value is not finite, or has grown far past its start.

    "Far" is more than ``DIVERGENCE_FACTOR * max(1, |f_start|)`` above ``f_start``.

    Examples
    --------
    >>> diverged(float("nan"), 1.0), diverged(5e6, 1.0), diverged(0.5, 1.0)
    (True, True, False)
    """
    if not math.isfinite(fun):
        return True
    return math.isfinite(f_start) and fun - f_start > DIVERGENCE_FACTOR * max(1.0, abs(f_start))


def _solve(solver: Solver, objective: Instrument, x0: np.ndarray, seed: int) -> Result:
    """Run the solver; a spent budget, an exception or a returned x of the wrong shape
    ends the run at the best point seen."""
    try:
        result = solver.solve(objective, x0, seed)
        shape = np.shape(result.x)
        if shape != x0.shape:
            return objective.result_at_best(
                x0, Status.ERROR, f"the solver returned x of shape {shape}; expected "
                f"{x0.shape}")
        return result
    except BudgetExhausted as stop:
        return objective.result_at_best(x0, Status.BUDGET, str(stop))
    except Exception as error:  # noqa: BLE001  (any solver failure becomes a status)
        return objective.result_at_best(x0, Status.ERROR, error_line(error))


def unrun(task: Task, status: Status, message: str, time_s: float | None = None,
          progress: Progress | None = None) -> Record:
    """The record of a run that produced no result: skipped, killed, or lost with its worker.

    With its worker's last `Progress` report, the record keeps the counts, iterations
    and trace that report gives, and the best point seen as its ``x`` and ``fun``; what
    was not reported (the solver's own counts, the accuracy, the violation) is empty
    (unknown), never zero. ``success`` is false.
    """
    problem = _problem(task.problem)
    if problem.features is not None and progress is not None:
        # x_error maps back through its features; the trace's best f is the true one.
        problem = run_instance(problem, task)[0]
    fun = x_error = nit = nit_source = None
    x: str | None = None
    counts: dict[str, int | None] = {counter.value: None for counter in Counter}
    if progress is not None:
        counts.update(progress.counts)
        nit, nit_source = iterations(_solver(task.solver).accepts, progress.iterations, None)
        if math.isfinite(progress.best_f):
            fun, x_error = progress.best_f, problem.x_error(progress.best_x)
            x = json.dumps(progress.best_x.tolist())
    return Record(
        run_id=task.run_id, problem=task.problem, family=problem.family,
        kind=problem.kind.value, solver=task.solver, start=task.start, seed=task.seed,
        max_fev=task.max_fev, n=problem.n, nit=nit, nit_source=nit_source,
        nfev=counts["nfev"], njev=counts["njev"], nhev=counts["nhev"],
        ncev=counts["ncev"], ncjev=counts["ncjev"], solver_nit=None, solver_nfev=None,
        solver_njev=None, solver_nhev=None, solver_ncev=None, solver_ncjev=None,
        fun=fun, f_opt=problem.f_opt, f_error=None if fun is None else problem.f_error(fun),
        x_error=x_error, max_violation=None, accuracy=None, success=False,
        status=status.value, message=message, time_s=time_s, optbench_version=__version__,
        x=x, trace=None if progress is None else progress.trace,
        problem_row=_stored_row(task.problem),
    )


def superseded(tasks: Sequence[Task], store: Store) -> str | None:
    """One line where ``store`` holds runs of the tasks' user code made by other code
    (the same problem, solver, start, seed and budget under this version of optbench,
    but another fingerprint) and not yet the runs of the code as it is, else ``None``.
    Those runs are kept; the tasks run anew.
    """
    keys = store.run_keys()
    stored = set(keys["run_id"])
    wanted = {(t.problem, t.solver, t.start, t.seed, t.max_fev): t.run_id
              for t in tasks if t.code and t.run_id not in stored}
    if not wanted:
        return None
    keys = keys[keys["optbench_version"] == __version__]
    names: dict[str, None] = {}
    count = 0
    for row in keys.itertuples(index=False):
        max_fev = None if row.max_fev is None or row.max_fev != row.max_fev else int(row.max_fev)
        run_id = wanted.get((row.problem, row.solver, int(row.start), int(row.seed), max_fev))
        if run_id is not None and run_id != row.run_id:
            count += 1
            names[f"{row.solver} on {row.problem}"] = None
    if not count:
        return None
    listed = ", ".join(list(names)[:3]) + (", ..." if len(names) > 3 else "")
    return (f"{store.path or 'the store'} holds {count} runs of an earlier version of your "
            f"code ({listed}): its fingerprint or version changed, so these runs are made "
            "anew (the old ones are kept)")


def variables(task: Task) -> int:
    """The number of variables of a task's problem.

    Examples
    --------
    >>> variables(Task("rosenbrock[n=10]", "bfgs", 0, 0, None))
    10
    """
    return _problem(task.problem).n


def missing(tasks: Sequence[Task], store: Store, force: bool = False) -> list[Task]:
    """The tasks whose runs are not stored yet (all of them with ``force``), in order."""
    stored = set() if force else store.run_ids()
    return [task for task in tasks if task.run_id not in stored]


def run_missing(
    tasks: Sequence[Task],
    store: Store,
    executor: Callable[[Sequence[Task]], Iterator[Record]] | None = None,
    force: bool = False,
    on_record: Callable[[Record], None] | None = None,
) -> list[Record]:
    """Run the tasks not in the store yet (all of them with ``force``), storing each.

    Each record is stored, in its own transaction, as soon as its run ends, so an
    interruption loses at most the runs in flight; running the same tasks again runs
    only what is missing. Runs start largest problem first; the records do not depend
    on the order. ``executor`` runs the tasks (in this process by default, see
    `optbench.executors`); ``on_record(record)`` is called after each one is stored.
    """
    todo = missing(tasks, store, force)
    # Largest problems first, so that parallel workers do not end on one long run.
    todo.sort(key=lambda task: -variables(task))
    records: list[Record] = []
    if todo:
        store.write_meta()  # a store that cannot be written fails before anything runs
    run = executor or (lambda todo_: (execute(task) for task in todo_))
    for record in run(todo):
        store.add(record)
        records.append(record)
        if on_record is not None:
            on_record(record)
    return records
