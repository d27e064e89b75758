"""The solver contract and the solver registry."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from optbench.instrument import Instrument
from optbench.problems.base import Problem, Vector
from optbench.registry import Registry
from optbench.result import Result


class Solver(Protocol):
    """What every solver adapter provides.

    ``skip`` says why the solver cannot run on a problem (``None`` if it can);
    ``solve`` runs it from ``x0`` on the instrument's counted callables, never on the
    problem's own, and returns the solver's own account of the run. A stochastic solver
    seeds all its randomness from ``seed``, which the runner derives from (suite seed,
    problem, solver, start); deterministic solvers ignore it.
    """

    name: str

    def skip(self, problem: Problem) -> str | None: ...

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result: ...


SOLVERS: Registry[Solver] = Registry("solver")


def get_solver(spec: str) -> Solver:
    """Build the solver that ``spec`` names (``bfgs``, ``gd[step=0.05]``, ...).

    Its ``name`` is the canonical spec, options sorted and defaults left out.

    Examples
    --------
    >>> get_solver("gd[step=0.1]").name
    'gd'
    """
    canonical, solver = SOLVERS.create(spec)
    return dataclasses.replace(solver, name=canonical)  # type: ignore[type-var]
