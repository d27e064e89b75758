"""Sums of squares ``f(x) = sum r_i(x)**2``: residuals, Jacobians and their registry.

A `LeastSquaresProblem` keeps the residual vector and its Jacobian reachable, so that
least-squares solvers can use them; `register_sum_of_squares` registers one factory
twice, under the same name: in `SUMS_OF_SQUARES` (the residual form) and in
``PROBLEMS`` (the ``minimize`` view, ``f = ||r||**2`` and ``grad = 2 J.T r``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from optbench.problems.base import Problem, Vector
from optbench.problems.registry import register_form
from optbench.registry import Registry

Matrix = NDArray[np.float64]
Residuals = Callable[[Vector], Vector]
Jacobian = Callable[[Vector], Matrix]


@dataclass(frozen=True)
class SumOfSquares:
    """``f(x) = ||r(x)||**2`` from the residuals ``r`` and their Jacobian ``J``.

    The gradient is ``2 J(x).T r(x)``; `fun_and_grad` evaluates ``r`` and ``J`` once.

    Parameters
    ----------
    residuals : callable
        ``residuals(x) -> r``, an array of shape (m,).
    jacobian : callable
        ``jacobian(x) -> J``, an array of shape (m, n), ``J[i, j] = d r_i / d x_j``.

    Examples
    --------
    >>> s = SumOfSquares(lambda x: x - 1.0, lambda x: np.eye(x.size))
    >>> s.fun(np.array([3.0, 1.0])), s.grad(np.array([3.0, 1.0])).tolist()
    (4.0, [4.0, 0.0])
    """

    residuals: Residuals
    jacobian: Jacobian

    def fun(self, x: Vector) -> float:
        """``sum r_i(x)**2``."""
        r = self.residuals(x)
        return float(r @ r)

    def grad(self, x: Vector) -> Vector:
        """``2 J(x).T r(x)``."""
        return 2.0 * (self.jacobian(x).T @ self.residuals(x))

    def fun_and_grad(self, x: Vector) -> tuple[float, Vector]:
        """The value and the gradient from one evaluation of ``r`` and one of ``J``."""
        r = self.residuals(x)
        return float(r @ r), 2.0 * (self.jacobian(x).T @ r)


@dataclass(frozen=True)
class LeastSquaresProblem:
    """A sum of squares with its start, certified f* and source: the residual form.

    Parameters
    ----------
    name : str
        The registered name.
    sumsq : SumOfSquares
        The residuals and their Jacobian.
    x0 : array_like
        The standard start.
    f_opt : float
        The certified optimal value of ``sum r_i**2``.
    source : str
        Paper, problem number and equation; where f* comes from.
    x_opt : sequence of array_like
        Known minimisers (empty where the paper gives none, or a continuum).
    extra_starts : sequence of array_like
        Published further starts.
    family : str
        The problem set (``"MGH"``, ``"NIST StRD"``), as `Problem.family`.
    """

    name: str
    sumsq: SumOfSquares
    x0: ArrayLike
    f_opt: float
    source: str
    x_opt: Sequence[ArrayLike] = ()
    extra_starts: Sequence[ArrayLike] = ()
    family: str = "other"

    def to_problem(self) -> Problem:
        """The ``minimize`` view: ``f = ||r||**2`` with its analytic gradient."""
        return Problem(
            name=self.name,
            fun=self.sumsq.fun,
            grad=self.sumsq.grad,
            fun_and_grad=self.sumsq.fun_and_grad,
            x0=np.asarray(self.x0, dtype=float),
            f_opt=self.f_opt,
            x_opt=tuple(self.x_opt),
            extra_starts=tuple(self.extra_starts),
            source=self.source,
            family=self.family,
        )


SUMS_OF_SQUARES: Registry[LeastSquaresProblem] = Registry("least-squares problem")

Factory = Callable[..., LeastSquaresProblem]


def register_sum_of_squares(name: str, summary: str) -> Callable[[Factory], Factory]:
    """Register a `LeastSquaresProblem` factory in `SUMS_OF_SQUARES` and in ``PROBLEMS``."""
    return register_form(SUMS_OF_SQUARES, name, summary)


def get_sum_of_squares(spec: str) -> LeastSquaresProblem:
    """The residual form of the problem that ``spec`` names, its name set to the canonical spec.

    Examples
    --------
    >>> s = get_sum_of_squares("mgh-watson[n=9]")
    >>> s.name, s.sumsq.residuals(np.asarray(s.x0)).shape
    ('mgh-watson[n=9]', (31,))
    """
    canonical, problem = SUMS_OF_SQUARES.create(spec)
    return dataclasses.replace(problem, name=canonical)
