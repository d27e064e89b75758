"""Sums of squares ``f(x) = sum r_i(x)**2``: residuals, Jacobians and their registry.

A `LeastSquaresProblem` is the residual form (`optbench.problems.forms`): its
`Problem` view is the ``minimize`` problem ``f = ||r||**2``, ``grad = 2 J.T r``, and
carries the form, so least-squares solvers take the residuals and their Jacobian from
``problem.form``. `register_sum_of_squares` registers a factory of the form in
``PROBLEMS``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from optbench.counting import Counter, Derivative, Meter, VectorValue
from optbench.families import Family
from optbench.kinds import Capability
from optbench.problems.base import Problem, Vector
from optbench.problems.forms import ObjectiveForm
from optbench.problems.registry import get_form, register_form

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
    jacobian : callable, optional
        ``jacobian(x) -> J``, an array of shape (m, n), ``J[i, j] = d r_i / d x_j``;
        without it the sum has no analytic gradient.

    Examples
    --------
    >>> s = SumOfSquares(lambda x: x - 1.0, lambda x: np.eye(x.size))
    >>> s.fun(np.array([3.0, 1.0])), s.grad(np.array([3.0, 1.0])).tolist()
    (4.0, [4.0, 0.0])
    """

    residuals: Residuals
    jacobian: Jacobian | None = None

    def fun(self, x: Vector) -> float:
        """``sum r_i(x)**2``."""
        r = self.residuals(x)
        return float(r @ r)

    def grad(self, x: Vector) -> Vector:
        """``2 J(x).T r(x)``."""
        return 2.0 * (self.jacobian_at(x).T @ self.residuals(x))

    def fun_and_grad(self, x: Vector) -> tuple[float, Vector]:
        """The value and the gradient from one evaluation of ``r`` and one of ``J``."""
        r = self.residuals(x)
        return float(r @ r), 2.0 * (self.jacobian_at(x).T @ r)

    def jacobian_at(self, x: Vector) -> Matrix:
        """``J(x)``; a `TypeError` where the residuals have no analytic Jacobian."""
        if self.jacobian is None:
            raise TypeError("these residuals have no analytic Jacobian")
        return self.jacobian(x)


@dataclass(frozen=True)
class LeastSquaresProblem(ObjectiveForm):
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
    reference : mapping
        Certified facts for the report (`Problem.reference`).
    """

    name: str
    sumsq: SumOfSquares
    x0: ArrayLike
    f_opt: float
    source: str
    x_opt: Sequence[ArrayLike] = ()
    extra_starts: Sequence[ArrayLike] = ()
    reference: dict[str, object] = dataclasses.field(default_factory=dict)

    def counted(self, meter: Meter) -> LeastSquaresProblem:
        """The form with counted residuals (one ``nfev`` each, ``||r||**2`` traced) and
        Jacobian (one ``njev`` each)."""
        jacobian = self.sumsq.jacobian
        sumsq = SumOfSquares(VectorValue(self.sumsq.residuals, meter, _squared_norm),
                             None if jacobian is None else Derivative(jacobian, meter,
                                                                      Counter.NJEV))
        return dataclasses.replace(self, sumsq=sumsq)

    def capabilities(self) -> frozenset[Capability]:
        """Residuals, and their Jacobian where it is analytic."""
        with_jacobian = {Capability.JACOBIAN} if self.sumsq.jacobian is not None else set()
        return frozenset({Capability.RESIDUALS, *with_jacobian})

    def to_problem(self) -> Problem:
        """The ``minimize`` view: ``f = ||r||**2`` with its analytic gradient."""
        return Problem(
            name=self.name,
            fun=self.sumsq.fun,
            grad=None if self.sumsq.jacobian is None else self.sumsq.grad,
            fun_and_grad=None if self.sumsq.jacobian is None else self.sumsq.fun_and_grad,
            x0=np.asarray(self.x0, dtype=float),
            f_opt=self.f_opt,
            x_opt=tuple(np.asarray(x, dtype=float) for x in self.x_opt),
            extra_starts=tuple(np.asarray(x, dtype=float) for x in self.extra_starts),
            source=self.source,
            form=self,
            reference=self.reference,
        )


def _squared_norm(r: Vector) -> float:
    return float(r @ r)


Factory = Callable[..., LeastSquaresProblem]


def register_sum_of_squares(family: Family, name: str,
                            summary: str) -> Callable[[Factory], Factory]:
    """Register a `LeastSquaresProblem` factory of ``family`` in ``PROBLEMS`` (its
    `Problem` view)."""
    return register_form(name, summary, family)


def get_sum_of_squares(spec: str) -> LeastSquaresProblem:
    """The residual form of the problem that ``spec`` names, its name set to the canonical spec.

    Examples
    --------
    >>> s = get_sum_of_squares("mgh-watson[n=9]")
    >>> s.name, s.sumsq.residuals(np.asarray(s.x0)).shape
    ('mgh-watson[n=9]', (31,))
    """
    return get_form(spec, LeastSquaresProblem)
