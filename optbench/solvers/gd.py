"""optbench's own full-batch gradient descent, written in optax's init/update style.

A `GradientTransformation` is a pure pair: ``init(params) -> state`` and
``update(grads, state, params, **extra) -> (updates, state)``; `descend` applies the
updates, ``x <- x + updates``, until the gradient norm falls to ``gtol`` or ``maxiter``
steps. As optax's ``GradientTransformationExtraArgs`` (``optax/_src/base.py``) does,
`descend` passes keyword extras that an update may use and the others ignore:

``value``
    f at ``params``.
``value_fn``, ``grad_fn``
    The counted f and gradient, for updates that search along a line.

Every evaluation goes through the instrument. What an update evaluated at the point it
steps to is reused by `descend` instead of evaluated again (as scipy's
``ScalarFunction`` memoises its last point), so a line search costs what it evaluates and
nothing more.

This module holds the driver and the seed's fixed-step ``gd``; the rest of the family
(line searches, momentum, Adam) is in `optbench.solvers.gd_family`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Vector
from optbench.registry import Count, NonNegative, Positive
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts


class GradientTransformation(NamedTuple):
    """A pure ``init``/``update`` pair (optax's ``GradientTransformationExtraArgs``)."""

    init: Callable[[Vector], Any]
    update: Callable[..., tuple[Vector, Any]]


class LineSearchError(RuntimeError):
    """An update found no acceptable step; `descend` ends the run as ``stalled``."""


class Evaluations:
    """The instrument's f and gradient, remembering what was evaluated since `forget`.

    The solver's own tallies ``nfev`` and ``njev`` count the calls made to the
    instrument, so a run's reported counts can be compared with the instrument's.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> evaluate = Evaluations(Instrument(get_problem("quadratic")))
    >>> evaluate.value(np.array([3.0])), evaluate.value_and_grad(np.array([3.0]))
    (5.0, (5.0, array([2.])))
    >>> evaluate.nfev, evaluate.njev
    (1, 1)
    """

    def __init__(self, objective: Instrument) -> None:
        self.objective = objective
        self.nfev = 0
        self.njev = 0
        self.forget()

    def forget(self) -> None:
        """Drop the remembered values (`descend` does so before each update)."""
        self._value: tuple[Vector, float] | None = None
        self._grad: tuple[Vector, Vector] | None = None

    @staticmethod
    def _at(memo: tuple[Vector, Any] | None, x: Vector) -> Any:
        return memo[1] if memo is not None and np.array_equal(memo[0], x) else None

    def value(self, x: Vector) -> float:
        """f at ``x``: one counted evaluation unless remembered."""
        value = self._at(self._value, x)
        if value is None:
            value = self.objective.fun(x)
            self.nfev += 1
            self._value = (np.copy(x), value)
        return value

    def grad(self, x: Vector) -> Vector:
        """The gradient at ``x``: one counted evaluation unless remembered."""
        gradient = self._at(self._grad, x)
        if gradient is None and self.objective.problem.grad is None:
            return self.value_and_grad(x)[1]
        if gradient is None:
            gradient = self.objective.grad(x)
            self.njev += 1
            self._grad = (np.copy(x), gradient)
        return gradient

    def value_and_grad(self, x: Vector) -> tuple[float, Vector]:
        """f and its gradient at ``x``, evaluated together where neither is remembered."""
        value, gradient = self._at(self._value, x), self._at(self._grad, x)
        if value is not None and gradient is not None:
            return value, gradient
        if value is not None and self.objective.problem.grad is not None:
            return value, self.grad(x)
        value, gradient = self.objective.fun_and_grad(x)
        self.nfev += 1
        self.njev += 1
        point = np.copy(x)
        self._value, self._grad = (point, value), (point, gradient)
        return value, gradient


class FixedStepState(NamedTuple):
    """Fixed-step descent keeps only its step count."""

    count: int  # type: ignore[assignment]  # shadows tuple.count; the API (and tests) read .count


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

    def update(grads: Vector, state: FixedStepState, params: Vector,
               **extra: Any) -> tuple[Vector, FixedStepState]:
        return -step * grads, FixedStepState(count=state.count + 1)

    return GradientTransformation(init, update)


def descend(
    transformation: GradientTransformation,
    objective: Instrument,
    x0: Vector,
    gtol: float,
    maxiter: int,
) -> Result:
    """Run a gradient transformation from ``x0`` on the counted objective.

    Each iteration has f and its gradient at the current point, stops if the gradient
    norm is at most ``gtol``, else takes one step. A fixed-step update evaluates nothing
    itself, so each point costs one combined value-and-gradient call (one ``nfev`` and
    one ``njev``) and, after ``maxiter`` steps, ``nfev = nit + 1``. A line search's
    evaluations are counted where they happen, and what it evaluated at the accepted
    point is not evaluated again. A failed line search ends the run as ``stalled``.
    """
    evaluate = Evaluations(objective)
    x = np.array(x0, dtype=float)
    state = transformation.init(x)
    value, gradient = evaluate.value_and_grad(x)

    def result(nit: int, status: Status, message: str) -> Result:
        return Result(x, value, nit, evaluate.nfev, status, njev=evaluate.njev,
                      message=message)

    for nit in range(maxiter + 1):
        if not math.isfinite(value):
            return result(nit, Status.DIVERGED, "non-finite function value")
        if math.sqrt(gradient @ gradient) <= gtol:  # the 2-norm, without norm's overhead
            return result(nit, Status.CONVERGED, f"gradient norm <= gtol={gtol:g}")
        if nit == maxiter:
            break
        evaluate.forget()
        try:
            updates, state = transformation.update(
                gradient, state, x, value=value, value_fn=evaluate.value,
                grad_fn=evaluate.grad)
        except LineSearchError as failure:
            return result(nit, Status.STALLED, str(failure))
        x = x + updates
        value, gradient = evaluate.value_and_grad(x)
        objective.iteration()
    return result(maxiter, Status.MAXITER, f"reached maxiter={maxiter} steps")


#: What every member of the GD family takes.
ACCEPTS = Accepts("gradient descent", frozenset({Kind.MINIMIZE}), needs=(Capability.GRADIENT,),
                  refuses=(Capability.BOUNDS,))


@dataclass(frozen=True)
class GradientDescent:
    """A `GradientTransformation` driven by `descend` on the problem's analytic gradient."""

    transformation: GradientTransformation
    gtol: float
    maxiter: int
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """Gradient descent needs an unbounded 'minimize' problem with an analytic
        gradient; it calls back once per step."""
        return ACCEPTS

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Descend from ``x0``."""
        return descend(self.transformation, objective, x0, self.gtol, self.maxiter)


@SOLVERS.register("gd", "optbench's fixed-step gradient descent (the seed's: step 0.1)")
def gd(step: Positive = 0.1, gtol: NonNegative = 1e-6,
       maxiter: Count = 10_000) -> GradientDescent:
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
