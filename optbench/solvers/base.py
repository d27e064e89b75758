"""The solver contract, the declaration every solver makes, and the solver registry."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind, kinds_text
from optbench.problems.base import Problem, Vector
from optbench.registry import Registry
from optbench.result import Result


class Iterations(StrEnum):
    """Where a run's ``nit`` comes from, as a solver declares it. The ``nit_source``
    column says which was taken: ``"instrument"`` or ``"solver"``.

    ``INSTRUMENT``: the solver calls back once per iteration and the instrument counts
    the callbacks (plus `Accepts.initial_iterations`). ``SOLVER``: no per-iteration
    callback; ``nit`` is the solver's own report (``None`` where it reports none).
    ``SOLVER_ELSE_INSTRUMENT``: the solver's report where the run returned one (its
    callbacks undercount), the callbacks counted where the budget stopped it.
    """

    INSTRUMENT = "instrument"
    SOLVER = "solver"
    SOLVER_ELSE_INSTRUMENT = "solver-else-instrument"


@dataclass(frozen=True)
class Accepts:
    """What a solver takes, as data: the runner pairs it with each problem's kind and
    capabilities and writes the reason of a skip (`skip_reason`).

    Parameters
    ----------
    label : str
        The solver as skip reasons name it (``"BFGS"``, ``"gradient descent"``).
    kinds : frozenset of Kind
        The problem kinds it solves.
    needs : tuple of Capability
        What a problem must offer (an analytic gradient, residuals, finite bounds, ...),
        checked in order.
    refuses : tuple of Capability
        What it cannot handle (constraints, bounds), checked in order.
    remedies : mapping of Capability to str
        For a missing capability, what to use instead (``"use bfgs[grad=fd]"``).
    iterations : Iterations
        Where its ``nit`` comes from.
    initial_iterations : int
        Iterations the solver counts before its first callback (Nelder-Mead counts
        building the simplex as iteration 1), added to the callbacks.
    check : callable, optional
        ``check(problem) -> reason or None``: what capabilities cannot say (NEWUOA
        needs n >= 2, MMA takes inequality constraints only), checked last.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> accepts = Accepts("fsolve", frozenset({Kind.ROOT}))
    >>> skip_reason(accepts, get_problem("quadratic"))
    "fsolve solves 'root' problems, not 'minimize'"
    """

    label: str
    kinds: frozenset[Kind]
    needs: tuple[Capability, ...] = ()
    refuses: tuple[Capability, ...] = ()
    remedies: Mapping[Capability, str] = field(default_factory=dict)
    iterations: Iterations = Iterations.INSTRUMENT
    initial_iterations: int = 0
    check: Callable[[Problem], str | None] | None = None


def skip_reason(accepts: Accepts, problem: Problem) -> str | None:
    """Why a solver that `accepts` this cannot run on ``problem``, or ``None``.

    The kind first, then what the solver refuses, then what it needs, then its own
    `Accepts.check`.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> accepts = Accepts("gradient descent", frozenset({Kind.MINIMIZE}),
    ...                   needs=(Capability.GRADIENT,), refuses=(Capability.BOUNDS,))
    >>> skip_reason(accepts, get_problem("global-branin"))
    "gradient descent solves 'minimize' problems, not 'global'"
    >>> skip_reason(accepts, get_problem("lls-lsqnonneg"))
    'gradient descent cannot handle the bounds of lls-lsqnonneg'
    >>> print(skip_reason(accepts, get_problem("rosenbrock")))
    None
    """
    if problem.kind not in accepts.kinds:
        return (f"{accepts.label} solves {kinds_text(accepts.kinds)} problems, "
                f"not {problem.kind.value!r}")
    offered = problem.capabilities()
    for capability in accepts.refuses:
        if capability in offered:
            return f"{accepts.label} cannot handle the {capability.value} of {problem.name}"
    for capability in accepts.needs:
        if capability not in offered:
            remedy = accepts.remedies.get(capability)
            suffix = f" ({remedy})" if remedy else ""
            return f"{problem.name} has no {capability.value}{suffix}"
    return None if accepts.check is None else accepts.check(problem)


class Solver(Protocol):
    """What every solver adapter provides.

    ``accepts`` declares, as data, the kinds and capabilities the solver takes; the
    runner pairs it with problems and never calls ``solve`` on one it cannot take.
    ``solve`` runs it from ``x0`` on the instrument's counted callables, never on the
    problem's own, and returns the solver's own account of the run; it reads the
    instrument's counts and never sets them. A stochastic solver seeds all its
    randomness from ``seed``, which the runner derives from (suite seed, problem,
    solver, start); deterministic solvers ignore it.
    """

    @property
    def name(self) -> str: ...

    @property
    def accepts(self) -> Accepts: ...

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result: ...


SOLVERS: Registry[Solver] = Registry("solver")


def get_solver(spec: str) -> Solver:
    """Build the solver that ``spec`` names (``bfgs``, ``gd[step=0.05]``, ...).

    Its ``name`` is the canonical spec, options sorted and defaults left out: a
    dataclass solver gets it set; any other object must already carry it.

    Raises
    ------
    OptbenchError
        For unknown names and bad options, and where a solver that is no dataclass
        does not carry its canonical name.

    Examples
    --------
    >>> get_solver("gd[step=0.1]").name
    'gd'
    """
    canonical, solver = SOLVERS.create(spec)
    if dataclasses.is_dataclass(solver) and not isinstance(solver, type):
        return dataclasses.replace(solver, name=canonical)
    if getattr(solver, "name", None) != canonical:
        raise OptbenchError(f"solver {canonical!r}: its factory returned an object named "
                            f"{getattr(solver, 'name', None)!r}, which is not a dataclass "
                            "whose name optbench can set; give it name = the registered name")
    return solver
