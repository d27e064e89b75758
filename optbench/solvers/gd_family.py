"""The rest of optbench's GD family: each an optax-style pure init/update pair.

``gd-armijo`` (backtracking), ``gd-wolfe`` (strong Wolfe through
``scipy.optimize.line_search``, the seed's utility), ``gd-momentum`` (heavy ball),
``gd-nesterov`` and ``adam``, driven by `optbench.solvers.gd.descend`, with their
hyper-parameters as bracket options (``gd-momentum[beta=0.5]``). The line searches take
f through the ``value_fn`` and ``grad_fn`` extras, so the instrument counts every trial.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from scipy.optimize import line_search

from optbench.errors import OptbenchError
from optbench.problems.base import Vector
from optbench.registry import Count, Decay, Fraction, NonNegative, Positive, PositiveCount
from optbench.solvers.base import SOLVERS
from optbench.solvers.gd import GradientDescent, GradientTransformation, LineSearchError


class ArmijoState(NamedTuple):
    """Backtracking keeps its step count and the last step length it accepted."""

    count: int  # type: ignore[assignment]  # shadows tuple.count; the API (and tests) read .count
    step: float


def armijo(step: float, shrink: float, c1: float, maxls: int) -> GradientTransformation:
    """Steepest descent with backtracking (Nocedal & Wright 2006, algorithm 3.1).

    From ``alpha = step``, shrink ``alpha <- shrink * alpha`` until the sufficient-decrease
    (Armijo) condition ``f(x - alpha g) <= f(x) - c1 alpha |g|^2`` holds; a NaN value
    fails it. After ``maxls`` failed trials it raises `LineSearchError`.

    Examples
    --------
    >>> tx = armijo(step=1.0, shrink=0.5, c1=1e-4, maxls=30)
    >>> f = lambda x: float((x[0] - 2.0) ** 2)  # from 1, alpha = 1 overshoots to 3
    >>> updates, state = tx.update(np.array([-2.0]), tx.init(np.ones(1)), np.ones(1),
    ...                            value=1.0, value_fn=f)
    >>> updates.tolist(), state.step
    ([1.0], 0.5)
    """

    def init(params: Vector) -> ArmijoState:
        return ArmijoState(count=0, step=step)

    def update(grads: Vector, state: ArmijoState, params: Vector, *, value: float,
               value_fn: Callable[[Vector], float], **extra: Any) -> tuple[Vector, ArmijoState]:
        direction = -grads
        slope = float(grads @ direction)
        alpha = step
        for _ in range(maxls):
            if value_fn(params + alpha * direction) <= value + c1 * alpha * slope:
                return alpha * direction, ArmijoState(count=state.count + 1, step=alpha)
            alpha *= shrink
        raise LineSearchError(f"no sufficient decrease in {maxls} backtracking steps")

    return GradientTransformation(init, update)


class WolfeState(NamedTuple):
    """The Wolfe search keeps its step count and the previous f, for its first trial step."""

    count: int  # type: ignore[assignment]  # shadows tuple.count; the API (and tests) read .count
    previous_value: float | None


def wolfe(c1: float, c2: float, maxls: int) -> GradientTransformation:
    """Steepest descent with a strong-Wolfe line search, ``scipy.optimize.line_search``.

    The search direction is ``-grad``; the first trial step is scipy's, from the previous
    decrease in f (Nocedal & Wright 2006, eq. 3.60). A failed search (``alpha is None``)
    raises `LineSearchError`.

    Examples
    --------
    >>> tx = wolfe(c1=1e-4, c2=0.9, maxls=10)
    >>> f = lambda x: float(x @ x)
    >>> updates, state = tx.update(np.array([2.0]), tx.init(np.ones(1)), np.ones(1),
    ...                            value=1.0, value_fn=f, grad_fn=lambda x: 2.0 * x)
    >>> updates.tolist(), state.previous_value
    ([-1.0], 1.0)
    """

    def init(params: Vector) -> WolfeState:
        return WolfeState(count=0, previous_value=None)

    def update(grads: Vector, state: WolfeState, params: Vector, *, value: float,
               value_fn: Callable[[Vector], float], grad_fn: Callable[[Vector], Vector],
               **extra: Any) -> tuple[Vector, WolfeState]:
        direction = -grads
        alpha, *_ = line_search(value_fn, grad_fn, params, direction, grads, value,
                                state.previous_value, c1=c1, c2=c2, maxiter=maxls)
        if alpha is None:
            raise LineSearchError("the strong-Wolfe line search did not converge")
        return alpha * direction, WolfeState(count=state.count + 1, previous_value=value)

    return GradientTransformation(init, update)


class MomentumState(NamedTuple):
    """Heavy ball keeps its velocity, the last step taken."""

    velocity: Vector


def heavy_ball(step: float, beta: float) -> GradientTransformation:
    """Polyak's (1964) heavy-ball momentum: ``v <- beta v - step g``, ``updates = v``.

    Equivalently ``x_{k+1} = x_k - step g_k + beta (x_k - x_{k-1})``.

    Examples
    --------
    >>> tx = heavy_ball(step=0.1, beta=0.5)
    >>> updates, state = tx.update(np.array([2.0]), tx.init(np.zeros(1)), np.zeros(1))
    >>> updates, state = tx.update(np.array([2.0]), state, np.zeros(1))
    >>> updates.tolist()  # 0.5 * (-0.2) - 0.1 * 2
    [-0.30000000000000004]
    """

    def init(params: Vector) -> MomentumState:
        return MomentumState(velocity=np.zeros_like(params))

    def update(grads: Vector, state: MomentumState, params: Vector,
               **extra: Any) -> tuple[Vector, MomentumState]:
        velocity = beta * state.velocity - step * grads
        return velocity, MomentumState(velocity=velocity)

    return GradientTransformation(init, update)


class NesterovState(NamedTuple):
    """Nesterov keeps the previous gradient-step point ``x_{k-1}``."""

    previous: Vector


def nesterov(step: float, beta: float) -> GradientTransformation:
    """Nesterov's (1983) accelerated gradient with constant momentum ``beta``.

    The parameters are the look-ahead points ``y_k`` where gradients are taken
    (Sutskever et al. 2013, eq. 3-4)::

        x_{k+1} = y_k - step * grad f(y_k)
        y_{k+1} = x_{k+1} + beta * (x_{k+1} - x_k),      x_0 = y_0

    Examples
    --------
    >>> tx = nesterov(step=0.1, beta=0.5)
    >>> updates, state = tx.update(np.array([2.0]), tx.init(np.zeros(1)), np.zeros(1))
    >>> updates.tolist(), state.previous.tolist()  # x_1 = -0.2, y_1 = -0.2 - 0.1
    ([-0.30000000000000004], [-0.2])
    """

    def init(params: Vector) -> NesterovState:
        return NesterovState(previous=np.array(params, dtype=float))

    def update(grads: Vector, state: NesterovState, params: Vector,
               **extra: Any) -> tuple[Vector, NesterovState]:
        x_next = params - step * grads
        y_next = x_next + beta * (x_next - state.previous)
        return y_next - params, NesterovState(previous=x_next)

    return GradientTransformation(init, update)


class AdamState(NamedTuple):
    """Adam keeps its step count and the first and second moment estimates."""

    count: int  # type: ignore[assignment]  # shadows tuple.count; the API (and tests) read .count
    mu: Vector
    nu: Vector


def adam(step: float, b1: float, b2: float, eps: float) -> GradientTransformation:
    """Adam (Kingma & Ba 2015, algorithm 1), bias-corrected moments::

        m <- b1 m + (1 - b1) g,     v <- b2 v + (1 - b2) g^2
        updates = -step * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)

    Examples
    --------
    >>> tx = adam(step=0.5, b1=0.5, b2=0.75, eps=0.0)
    >>> updates, state = tx.update(np.array([-3.0]), tx.init(np.zeros(1)), np.zeros(1))
    >>> updates.tolist(), state.count  # the first step is step * -sign(g)
    ([0.5], 1)
    """

    def init(params: Vector) -> AdamState:
        return AdamState(count=0, mu=np.zeros_like(params), nu=np.zeros_like(params))

    def update(grads: Vector, state: AdamState, params: Vector,
               **extra: Any) -> tuple[Vector, AdamState]:
        count = state.count + 1
        mu = b1 * state.mu + (1.0 - b1) * grads
        nu = b2 * state.nu + (1.0 - b2) * grads**2
        mu_hat, nu_hat = mu / (1.0 - b1**count), nu / (1.0 - b2**count)
        return -step * mu_hat / (np.sqrt(nu_hat) + eps), AdamState(count, mu, nu)

    return GradientTransformation(init, update)




@SOLVERS.register("gd-armijo", "steepest descent, backtracking (Armijo) line search")
def gd_armijo(step: Positive = 1.0, shrink: Fraction = 0.5, c1: Fraction = 1e-4,
              maxls: PositiveCount = 50, gtol: NonNegative = 1e-6,
              maxiter: Count = 10_000) -> GradientDescent:
    """Steepest descent with backtracking from ``step``, shrinking by ``shrink``.

    Parameters
    ----------
    step : float
        The first trial step of every iteration.
    shrink : float
        The factor, in (0, 1), that each failed trial multiplies the step by.
    c1 : float
        The sufficient-decrease constant, in (0, 1).
    maxls : int
        The most trials per iteration before the run ends as ``stalled``.
    gtol, maxiter
        As for ``gd``.
    """
    return GradientDescent(armijo(step, shrink, c1, maxls), gtol=gtol, maxiter=maxiter)


@SOLVERS.register("gd-wolfe", "steepest descent, strong-Wolfe line search (scipy line_search)")
def gd_wolfe(c1: Fraction = 1e-4, c2: Fraction = 0.9, maxls: PositiveCount = 10,
             gtol: NonNegative = 1e-6, maxiter: Count = 10_000) -> GradientDescent:
    """Steepest descent with ``scipy.optimize.line_search`` (the seed's utility).

    Parameters
    ----------
    c1, c2 : float
        The Wolfe constants, ``0 < c1 < c2 < 1`` (scipy's defaults).
    maxls : int
        scipy's ``maxiter`` for the line search.
    gtol, maxiter
        As for ``gd``.
    """
    if not c1 < c2:  # each in (0, 1) by its declared range
        raise OptbenchError(f"solver 'gd-wolfe': option c1 must be below c2; got c1={c1}, "
                            f"c2={c2}")
    return GradientDescent(wolfe(c1, c2, maxls), gtol=gtol, maxiter=maxiter)


@SOLVERS.register("gd-momentum", "heavy-ball momentum gradient descent (Polyak 1964)")
def gd_momentum(step: Positive = 1e-3, beta: Decay = 0.9, gtol: NonNegative = 1e-6,
                maxiter: Count = 10_000) -> GradientDescent:
    """Heavy-ball gradient descent.

    Parameters
    ----------
    step : float
        The gradient step (1e-3: a fixed step must stay below about 2 (1 + beta) / L,
        and Rosenbrock's curvature L reaches about 2500 near its valley).
    beta : float
        The momentum, in [0, 1).
    gtol, maxiter
        As for ``gd``.
    """
    return GradientDescent(heavy_ball(step, beta), gtol=gtol, maxiter=maxiter)


@SOLVERS.register("gd-nesterov", "Nesterov's accelerated gradient, constant momentum")
def gd_nesterov(step: Positive = 1e-3, beta: Decay = 0.9, gtol: NonNegative = 1e-6,
                maxiter: Count = 10_000) -> GradientDescent:
    """Nesterov's accelerated gradient; options as for ``gd-momentum``."""
    return GradientDescent(nesterov(step, beta), gtol=gtol, maxiter=maxiter)


@SOLVERS.register("adam", "Adam, bias-corrected moment estimates (Kingma & Ba 2015)")
def adam_solver(step: Positive = 1e-3, b1: Decay = 0.9, b2: Decay = 0.999, eps: Positive = 1e-8,
                gtol: NonNegative = 1e-6, maxiter: Count = 10_000) -> GradientDescent:
    """Full-batch Adam with the paper's defaults.

    Parameters
    ----------
    step : float
        The step size (the paper's alpha, 1e-3).
    b1, b2 : float
        Moment decay rates, in [0, 1).
    eps : float
        Added to the root of the second moment, at least 0.
    gtol, maxiter
        As for ``gd``.
    """
    return GradientDescent(adam(step, b1, b2, eps), gtol=gtol, maxiter=maxiter)
