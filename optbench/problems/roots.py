"""Equations ``f(x) = 0``: scalar equations on a bracket and square systems ``F(x) = 0``.

A `ScalarEquation` and an `EquationSystem` are problem forms (like a sum of squares,
`optbench.problems.forms`): `register_scalar_equation` and `register_equation_system`
register a factory in ``PROBLEMS`` as a `Problem` that carries the form, which the root
finders take from ``problem.form``, and whose f is the residual's size, ``|f(x)|`` or
``||F(x)||_2``, with ``f_opt = 0`` and the known roots as ``x_opt``. Every measure
optbench keeps then reads as a root finder's: ``fun`` is the residual at the end,
``f_error`` the same, ``x_error`` the distance to the nearest known root, and a target
``tau`` is reached when the residual is at most ``tau``.

A run finds a root (``success``) when the residual is at most ``SUCCESS_RTOL`` (1e-6) or
the end point lies within ``SUCCESS_RTOL * max(1, |x*|)`` of a known root: judged by
the residual, a flat function such as ``x exp(-1/x**2)`` is solved anywhere near 0;
judged by x, a steep one is solved by a point next to its root whose residual
rounding keeps above 1e-6.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from optbench.counting import Counter, Derivative, Meter, Value, VectorValue
from optbench.families import NONLINEAR_EQUATIONS, SCALAR_ROOTS, Family
from optbench.kinds import Capability, Kind
from optbench.problems.base import Problem, Vector
from optbench.problems.forms import ObjectiveForm
from optbench.problems.registry import get_form, register_form

ScalarFunction = Callable[[float], float]


@dataclass(frozen=True)
class ScalarEquation(ObjectiveForm):
    """``f(x) = 0`` for real x: f, its derivatives, a sign-changing interval and the roots.

    Parameters
    ----------
    name : str
        The registered name (set to the canonical spec by `get_scalar_equation`).
    f : callable
        ``f(t) -> float`` on floats.
    interval : (float, float)
        ``(a, b)``, ``a < b``, with ``f(a)`` and ``f(b)`` of opposite signs (or one zero);
        the bracketing methods search it. Equations without a sign change (a double
        root) have ``interval=None`` and run with the open methods only.
    roots : sequence of float
        Known roots, to double precision; ``x_error`` is the distance to the nearest.
    source : str
        Paper, problem number and parameters; where the roots come from.
    fprime, fprime2 : callable, optional
        Analytic f' and f'' (Newton and Halley).
    fixed_point : callable, optional
        A map g with ``g(x) = x`` exactly at the roots (for ``fixed_point``).
    x0 : float, optional
        The start of the open methods (Newton, secant, Halley, fixed point); the
        interval's midpoint by default.
    """

    name: str
    f: ScalarFunction
    interval: tuple[float, float] | None
    roots: Sequence[float]
    source: str
    fprime: ScalarFunction | None = None
    fprime2: ScalarFunction | None = None
    fixed_point: ScalarFunction | None = None
    x0: float | None = None

    @property
    def start(self) -> float:
        """The open methods' start: ``x0``, else the interval's midpoint."""
        if self.x0 is not None:
            return float(self.x0)
        if self.interval is None:
            raise ValueError(f"scalar equation {self.name!r} needs an x0 or an interval")
        return 0.5 * (self.interval[0] + self.interval[1])

    def residual(self, x: Vector) -> float:
        """``|f(x[0])|``, the size of the residual (the `Problem` view's f)."""
        return abs(float(self.f(float(x[0]))))

    def counted(self, meter: Meter) -> ScalarEquation:
        """The equation with counted callables: f and the fixed-point map g one ``nfev``
        each (the trace gets ``|f|`` at the point; for g an uncounted f), f' one
        ``njev``, f'' one ``nhev``."""
        f = self.f

        def derivative(function: ScalarFunction | None,
                       counter: Counter) -> ScalarFunction | None:
            if function is None:
                return None
            return Derivative(lambda t: float(function(float(t))), meter, counter)

        fixed_point = None
        if self.fixed_point is not None:
            g = self.fixed_point
            fixed_point = Value(lambda t: g(float(t)), meter, _scalar_point,
                                lambda point, _: abs(float(f(float(point[0])))))
        return dataclasses.replace(
            self, f=Value(lambda t: f(float(t)), meter, _scalar_point, _magnitude),
            fprime=derivative(self.fprime, Counter.NJEV),
            fprime2=derivative(self.fprime2, Counter.NHEV), fixed_point=fixed_point)

    def derivative_view(self, problem: Problem) -> Problem:
        """The signed f with f' as gradient and f'' as Hessian (the view's f is |f|, with
        no derivatives); the view itself where the equation has no f'.

        Examples
        --------
        >>> from optbench.problems import get_problem
        >>> problem = get_problem("aps-05")  # sin x - 1/2
        >>> view = problem.form.derivative_view(problem)
        >>> view.fun(np.array([0.0])), view.grad(np.array([0.0])).tolist()
        (-0.5, [1.0])
        """
        f, fprime, fprime2 = self.f, self.fprime, self.fprime2
        if fprime is None:
            return problem
        return dataclasses.replace(
            problem, fun=lambda x: float(f(float(x[0]))),
            grad=lambda x: np.array([fprime(float(x[0]))], dtype=float),
            hess=None if fprime2 is None else lambda x: np.array([[fprime2(float(x[0]))]]))

    def capabilities(self) -> frozenset[Capability]:
        """The interval, f', f'' and g where the equation has them."""
        has = {Capability.INTERVAL: self.interval, Capability.FPRIME: self.fprime,
               Capability.FPRIME2: self.fprime2, Capability.FIXED_POINT: self.fixed_point}
        return frozenset(capability for capability, value in has.items() if value is not None)

    def to_problem(self) -> Problem:
        """The `Problem` view: kind ``root-scalar``, f = |f(x)|, f* = 0, x_opt the roots.

        Examples
        --------
        >>> eq = ScalarEquation("cubic", lambda t: t**3 - 8.0, (0.0, 3.0), (2.0,), "test")
        >>> p = eq.to_problem()
        >>> p.kind.value, p.x0.tolist(), p.fun(np.array([1.0])), p.x_error(np.array([2.5]))
        ('root-scalar', [1.5], 7.0, 0.5)
        """
        return Problem(
            name=self.name, fun=self.residual, x0=np.array([self.start]), f_opt=0.0,
            source=self.source, x_opt=tuple(np.array([root]) for root in self.roots),
            kind=Kind.ROOT_SCALAR, form=self,
        )


def _scalar_point(t: float) -> Vector:
    return np.array([float(t)])


def _magnitude(point: Vector, value: float) -> float:
    return abs(value)


Jacobian = Callable[[Vector], NDArray[np.float64]]


@dataclass(frozen=True)
class EquationSystem(ObjectiveForm):
    """A square system ``F(x) = 0``: n equations in n unknowns, with starts and solutions.

    Parameters
    ----------
    name : str
        The registered name (set to the canonical spec by `get_equation_system`).
    equations : callable
        ``equations(x) -> F``, an array of shape (n,).
    x0 : array_like
        The standard start.
    source : str
        Paper, problem number and equations; where the solutions come from.
    jacobian : callable, optional
        ``jacobian(x) -> J``, a dense array of shape (n, n), ``J[i, j] = dF_i / dx_j``.
    solutions : sequence of array_like
        Known solutions; ``x_error`` is the distance to the nearest.
    extra_starts : sequence of array_like
        Published further starts (MINPACK's 10 x0 and 100 x0).
    solution_order : callable, optional
        `Problem.x_canonical`: where any permutation of a solution is one (Chebyquad),
        ``np.sort``, with the sorted solutions listed.
    """

    name: str
    equations: Callable[[Vector], Vector]
    x0: ArrayLike
    source: str
    jacobian: Jacobian | None = None
    solutions: Sequence[ArrayLike] = ()
    extra_starts: Sequence[ArrayLike] = field(default_factory=tuple)
    solution_order: Callable[[Vector], Vector] | None = None

    def residual(self, x: Vector) -> float:
        """``||F(x)||_2``, the size of the residual (the `Problem` view's f)."""
        return float(np.linalg.norm(self.equations(x)))

    def counted(self, meter: Meter) -> Self:
        """The system with counted callables: F one ``nfev`` (``||F||`` traced), the
        Jacobian one ``njev``."""
        jacobian = self.jacobian
        counted_jacobian = None if jacobian is None else Derivative(
            lambda x: np.asarray(jacobian(np.asarray(x, dtype=float)), dtype=float), meter,
            Counter.NJEV)
        return dataclasses.replace(
            self, equations=VectorValue(self.equations, meter, _euclidean_norm),
            jacobian=counted_jacobian)

    def jacobian_pair(self) -> tuple[Callable[[Vector], Vector], Jacobian] | None:
        """F and its analytic Jacobian, where the system has one."""
        return None if self.jacobian is None else (self.equations, self.jacobian)

    def capabilities(self) -> frozenset[Capability]:
        """The analytic Jacobian, where the system has one."""
        return frozenset({Capability.JACOBIAN} if self.jacobian is not None else ())

    def to_problem(self) -> Problem:
        """The `Problem` view: kind ``root``, f = ||F(x)||, f* = 0, x_opt the solutions.

        Examples
        --------
        >>> system = EquationSystem("circle-line", lambda x: np.array([x @ x - 1.0,
        ...                         x[0] - x[1]]), [1.0, 0.0], "test")
        >>> p = system.to_problem()
        >>> p.kind.value, p.fun(np.array([1.0, 0.0]))
        ('root', 1.0)
        """
        return Problem(
            name=self.name, fun=self.residual, x0=np.asarray(self.x0, dtype=float),
            f_opt=0.0, source=self.source,
            x_opt=tuple(np.asarray(x, dtype=float) for x in self.solutions),
            extra_starts=tuple(np.asarray(x, dtype=float) for x in self.extra_starts),
            kind=Kind.ROOT, form=self,
            x_canonical=self.solution_order,
        )


def _euclidean_norm(value: Vector) -> float:
    return float(np.linalg.norm(value))


def register_scalar_equation(
        name: str, summary: str, family: Family = SCALAR_ROOTS,
) -> Callable[[Callable[..., ScalarEquation]], Callable[..., ScalarEquation]]:
    """Register a `ScalarEquation` factory in ``PROBLEMS`` (its `Problem` view)."""
    return register_form(name, summary, family)


def register_equation_system(
        name: str, summary: str, family: Family = NONLINEAR_EQUATIONS,
) -> Callable[[Callable[..., EquationSystem]], Callable[..., EquationSystem]]:
    """Register an `EquationSystem` factory in ``PROBLEMS`` (its `Problem` view)."""
    return register_form(name, summary, family)


def get_scalar_equation(spec: str) -> ScalarEquation:
    """The scalar equation that ``spec`` names, its name set to the canonical spec."""
    return get_form(spec, ScalarEquation)


def get_equation_system(spec: str) -> EquationSystem:
    """The equation system that ``spec`` names, its name set to the canonical spec."""
    return get_form(spec, EquationSystem)
