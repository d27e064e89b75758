"""optbench's own full-batch gradient descent, written in optax's init/update style.

A `GradientTransformation` is a pure pair: ``init(params) -> state`` and
``update(grads, state, params) -> (updates, state)``; `descend` applies the updates,
``x <- x + updates``, until the gradient norm falls to ``gtol`` or ``maxiter`` steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from optbench.instrument import Instrument
from optbench.problems.base import Problem, Vector
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS


class GradientTransformation(NamedTuple):
    """A pure ``init``/``update`` pair (optax's ``GradientTransformation``)."""

    init: Callable[[Vector], Any]
    update: Callable[[Vector, Any, Vector], tuple[Vector, Any]]


class FixedStepState(NamedTuple):
    """Fixed-step descent keeps only its step count."""

    count: int


def fixed_step(step: float) -> GradientTransformation:
    """Plain gradient descent: ``updates = -step * grad``.

    Examples
    --------
    >>> tx = fixed_step(0.1)
    >>> state = tx.init(np.zeros(1))
    >>> updates, state = tx.update(np.array([2.0]), state, np.zeros(1))
    >>> updates.tolist(), state.count
    ([-0.2], 1)
    """

    def init(params: Vector) -> FixedStepState:
        return FixedStepState(count=0)

    def update(grads: Vector, state: FixedStepState, params: Vector) -> tuple[Vector, Any]:
        return -step * grads, FixedStepState(count=state.count + 1)

    return GradientTransformation(init, update)


def descend(
    transformation: GradientTransformation,
    objective: Instrument,
    x0: Vector,
    gtol: float,
    maxiter: int,
) -> Result:
    """Run a gradient transformation from ``x0`` on the counted value-and-gradient.

    Each iteration evaluates f and its gradient together once (one ``nfev`` and one
    ``njev``), stops if the gradient norm is at most ``gtol``, else takes one step. After
    ``maxiter`` steps the final point is evaluated too, so ``nfev = nit + 1``.
    """
    x = np.array(x0, dtype=float)
    state = transformation.init(x)
    value, gradient = objective.fun_and_grad(x)
    for nit in range(maxiter + 1):
        if not math.isfinite(value):
            return Result(x, value, nit, nit + 1, Status.DIVERGED, njev=nit + 1,
                          message="non-finite function value")
        if float(np.linalg.norm(gradient)) <= gtol:
            return Result(x, value, nit, nit + 1, Status.CONVERGED, njev=nit + 1,
                          message=f"gradient norm <= gtol={gtol:g}")
        if nit == maxiter:
            break
        updates, state = transformation.update(gradient, state, x)
        x = x + updates
        objective.iteration()
        value, gradient = objective.fun_and_grad(x)
    return Result(x, value, maxiter, maxiter + 1, Status.MAXITER, njev=maxiter + 1,
                  message=f"reached maxiter={maxiter} steps")


@dataclass(frozen=True)
class GradientDescent:
    """A `GradientTransformation` driven by `descend` on the problem's analytic gradient."""

    transformation: GradientTransformation
    gtol: float
    maxiter: int
    name: str = ""

    def skip(self, problem: Problem) -> str | None:
        """Gradient descent needs a 'minimize' problem with an analytic gradient."""
        if problem.kind != "minimize":
            return f"gradient descent solves 'minimize' problems, not {problem.kind!r}"
        if problem.grad is None and problem.fun_and_grad is None:
            return f"{problem.name} has no analytic gradient"
        return None

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Descend from ``x0``."""
        return descend(self.transformation, objective, x0, self.gtol, self.maxiter)


@SOLVERS.register("gd", "optbench's fixed-step gradient descent (the seed's: step 0.1)")
def gd(step: float = 0.1, gtol: float = 1e-6, maxiter: int = 10_000) -> GradientDescent:
    """Full-batch gradient descent with a fixed step, as the seed trains its classifier.

    Parameters
    ----------
    step : float
        The step length (the seed's learning rate, 0.1).
    gtol : float
        Stop when the gradient's Euclidean norm is at most this.
    maxiter : int
        The most steps (the seed's 10 000).
    """
    return GradientDescent(fixed_step(step), gtol=gtol, maxiter=maxiter)
