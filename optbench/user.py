"""Registering user code: problems, solvers and suites from a script, a notebook or a
plug-in, under the same contract as optbench's own.

`register` takes `Problem` values, solvers (made by `solver`, or any frozen
dataclass with ``name``, ``accepts`` and ``solve``) and suites; `optbench.run` also
takes the objects themselves and registers them for you. Each user entry carries a
fingerprint of its code (`optbench.fingerprint`) and its declared version, which every
run id of it includes: an edit is a new run, never a stored result of the old code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from optbench.errors import OptbenchError
from optbench.families import get_family
from optbench.fingerprint import describe, fingerprint
from optbench.kinds import Capability, Kind
from optbench.problems import PROBLEMS, Problem
from optbench.problems.registry import problem_entry
from optbench.registry import Entry
from optbench.solvers import SOLVERS, Solver
from optbench.solvers.base import Accepts
from optbench.solvers.functions import FunctionSolver, Style, make_solver, option_factory
from optbench.spec import parse_spec
from optbench.suites import Suite, register_suite

Registrable = Problem | Solver | Suite


def solver(name: str, *, kinds: Sequence[str | Kind] | None = None,
           needs: Sequence[str | Capability] = (), summary: str = "", version: str = "",
           style: Style = "optbench") -> Callable[[Callable[..., Any]], FunctionSolver]:
    """Register a function as a solver; the decorated name becomes the solver.

    Parameters
    ----------
    name : str
        The solver's name in tables and on the command line.
    kinds : sequence of str, optional
        Problem kinds it solves (`optbench.kinds.Kind`); default ``minimize``, and
        ``constrained`` too where the function takes ``constraints``.
    needs : sequence of str
        Capabilities a problem must offer besides those the signature requires
        (``"gradient"``, ``"finite-bounds"``; `optbench.kinds.Capability`).
    summary : str
        One line for ``optbench list``; default the docstring's first line.
    version : str
        The version of the code, part of its run ids (beside its fingerprint).
    style : {"optbench", "minimize"}
        ``"optbench"``: ``function(fun, x0, *, grad=..., bounds=..., budget=..., seed=...,
        callback=..., **options)``, given the keywords it names
        (`optbench.solvers.functions.KEYWORDS`). ``"minimize"``: a custom
        ``scipy.optimize.minimize`` method, run as ``minimize(fun, x0, method=function)``.

    Examples
    --------
    >>> import numpy as np
    >>> @solver("halve-gradient-steps", version="1")
    ... def halve(fun, x0, *, grad, budget, step: float = 0.1):
    ...     x = x0
    ...     for _ in range(50):
    ...         x = x - step * grad(x)
    ...     return x
    >>> halve.name, halve.accepts.needs
    ('halve-gradient-steps', (<Capability.GRADIENT: 'analytic gradient'>,))
    >>> SOLVERS.unregister("halve-gradient-steps")
    """

    def decorate(function: Callable[..., Any]) -> FunctionSolver:
        made = make_solver(function, name, kinds=kinds, needs=needs, style=style,
                           version=version)
        _register_solver(made, summary or _first_line(function.__doc__) or "a user solver")
        return made

    return decorate


def register(*objects: Registrable) -> None:
    """Register problems, solvers and suites (each at most once under its name).

    Raises
    ------
    OptbenchError
        If an object is none of these, a name is malformed, a problem's family is not
        declared, or a name clashes with one registered from other code (the message
        names both sources).

    Examples
    --------
    >>> import numpy as np
    >>> from optbench.problems import PROBLEMS, Problem
    >>> square = Problem(name="my-square", fun=lambda x: float(x @ x), x0=np.ones(3),
    ...                  f_opt=0.0)
    >>> register(square)
    >>> "my-square" in PROBLEMS.names()
    True
    >>> PROBLEMS.unregister("my-square")
    """
    for obj in objects:
        if isinstance(obj, Problem):
            _register_problem(obj)
        elif isinstance(obj, Suite):
            register_suite(obj)
        elif isinstance(obj, FunctionSolver):
            _register_solver(obj, _first_line(obj.function.__doc__) or "a user solver")
        else:
            _register_solver(_checked_solver(obj), _first_line(type(obj).__doc__)
                             or "a user solver")


def suite(name: str, problems: Sequence[str | Problem], solvers: Sequence[str | Solver],
          description: str = "", starts: int = 1) -> Suite:
    """Register and return a suite: every solver on every problem from ``starts`` starts
    (objects are registered and named).

    Examples
    --------
    >>> mine = suite("two-quasi-newton", ["rosenbrock"], ["bfgs", "l-bfgs-b"], "BFGS pair")
    >>> len(mine.tasks(starts=1, seed=0, max_fev=100))
    2
    >>> from optbench.suites import unregister_suite; unregister_suite("two-quasi-newton")
    """
    made = Suite(name, tuple(map(problem_name, problems)), tuple(map(solver_name, solvers)),
                 description or f"{len(problems)} problems x {len(solvers)} solvers")
    register_suite(made, starts=starts)
    return made


def problem_name(item: str | Problem) -> str:
    """The name of a problem given by name or as a `Problem` (registered on the way)."""
    if isinstance(item, str):
        return item
    if not isinstance(item, Problem):
        raise OptbenchError(f"problems are names or optbench.Problem values; got "
                            f"{type(item).__name__}")
    _register_problem(item)
    return item.name


def solver_name(item: str | Solver) -> str:
    """The spec of a solver given by name or as an object (registered on the way)."""
    if isinstance(item, str):
        return item
    register(item)
    return item.spec if isinstance(item, FunctionSolver) else item.name


def user_entries(names: Sequence[tuple[str, str]]) -> list[tuple[str, Entry[Any]]]:
    """The user-code entries behind ``(problem, solver)`` canonical specs, tagged
    ``"problem"`` or ``"solver"``: what a worker process that did not fork from this
    one registers before running them (`install`)."""
    found: dict[tuple[str, str], Entry[Any]] = {}
    for problem, solver_spec in names:
        for tag, entry in (("problem", problem_entry(problem)),
                           ("solver", SOLVERS.entry(parse_spec(solver_spec)[0]))):
            if entry.is_user_code:
                found[(tag, entry.name)] = entry
    return [(tag, entry) for (tag, _), entry in found.items()]


def install(entries: Sequence[tuple[str, Entry[Any]]]) -> None:
    """Register entries from `user_entries` in this process (a Dask worker)."""
    for tag, entry in entries:
        (PROBLEMS if tag == "problem" else SOLVERS).add(entry)


def _register_problem(problem: Problem) -> None:
    name, options = parse_spec(problem.name)
    if options or name != problem.name:
        raise OptbenchError(f"problem name {problem.name!r} must be a plain name "
                            "(letters, digits, '.', '_', '+', '-'), without options")
    family = get_family(problem.family)
    code = fingerprint(problem.fun, problem)
    summary = problem.description or problem.source or "a user problem"
    PROBLEMS.register(name, summary, family, source=describe(problem.fun),
                      fingerprint=code)(lambda: problem)


def _register_solver(made: Solver, summary: str) -> None:
    factory: Callable[..., Solver]
    if isinstance(made, FunctionSolver):
        function = made.function
        name, factory = made.base_name, option_factory(made)
        code = fingerprint(function, made.version)
    else:
        function = type(made).solve
        name, factory = made.name, (lambda: made)
        code = fingerprint(function, made)
    SOLVERS.register(name, summary, source=describe(function), fingerprint=code)(factory)


def _checked_solver(obj: Any) -> Solver:
    """A solver object: ``name``, ``accepts`` (an `Accepts`) and ``solve``."""
    kind = type(obj).__name__
    if not (isinstance(getattr(obj, "name", None), str)
            and isinstance(getattr(obj, "accepts", None), Accepts)
            and callable(getattr(obj, "solve", None))):
        raise OptbenchError(
            f"a {kind} is not a solver: a solver has name, accepts (an "
            "optbench.Accepts) and solve(objective, x0, seed); or decorate a function "
            "with @optbench.solver")
    name = obj.name
    params = vars(type(obj)).get("__dataclass_params__")
    if params is not None and not params.frozen:
        raise OptbenchError(f"solver {name!r}: a {kind} must be a frozen dataclass "
                            "(@dataclass(frozen=True)), so that runs cannot change it")
    if parse_spec(name) != (name, {}):
        raise OptbenchError(f"solver name {name!r} must be a plain name, without options")
    solver: Solver = obj
    return solver


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0]
