"""Equations ``f(x) = 0``: scalar equations on a bracket and square systems ``F(x) = 0``.

A `ScalarEquation` and an `EquationSystem` are problem forms (like a sum of squares):
`register_scalar_equation` and `register_equation_system` register a factory in their
own registry, which the root finders look up, and in ``PROBLEMS`` as a `Problem` whose
f is the residual's size, ``|f(x)|`` or ``||F(x)||_2``, with ``f_opt = 0`` and the known
roots as ``x_opt``. Every measure optbench keeps then reads as a root finder's: ``fun``
is the residual at the end, ``f_error`` the same, ``x_error`` the distance to the
nearest known root, and a target ``tau`` is reached when the residual is at most ``tau``.

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
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from optbench.problems.base import Problem, Vector
from optbench.problems.registry import register_form
from optbench.registry import Registry

#: The problem kind of scalar equations (bracketing and open scalar root finders).
SCALAR_ROOT = "root-scalar"
#: The problem kind of square systems (``fsolve``, ``root``, ``newton_krylov``).
SYSTEM_ROOT = "root"
ROOT_KINDS = frozenset({SCALAR_ROOT, SYSTEM_ROOT})
#: The families of the two forms (their default `Problem.family`).
SCALAR_ROOTS_FAMILY = "scalar roots"
SYSTEMS_FAMILY = "nonlinear equations"
ROOT_FAMILIES = frozenset({SCALAR_ROOTS_FAMILY, SYSTEMS_FAMILY})

ScalarFunction = Callable[[float], float]


@dataclass(frozen=True)
class ScalarEquation:
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
    family : str
        The problem set, as `Problem.family`.
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
    family: str = SCALAR_ROOTS_FAMILY

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

    def to_problem(self) -> Problem:
        """The `Problem` view: kind ``root-scalar``, f = |f(x)|, f* = 0, x_opt the roots.

        Examples
        --------
        >>> eq = ScalarEquation("cubic", lambda t: t**3 - 8.0, (0.0, 3.0), (2.0,), "test")
        >>> p = eq.to_problem()
        >>> p.kind, p.x0.tolist(), p.fun(np.array([1.0])), p.x_error(np.array([2.5]))
        ('root-scalar', [1.5], 7.0, 0.5)
        """
        return Problem(
            name=self.name, fun=self.residual, x0=[self.start], f_opt=0.0, source=self.source,
            x_opt=tuple([root] for root in self.roots), kind=SCALAR_ROOT, family=self.family,
        )


Jacobian = Callable[[Vector], NDArray[np.float64]]


@dataclass(frozen=True)
class EquationSystem:
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
    family : str
        The problem set, as `Problem.family`.
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
    family: str = SYSTEMS_FAMILY
    solution_order: Callable[[Vector], Vector] | None = None

    def residual(self, x: Vector) -> float:
        """``||F(x)||_2``, the size of the residual (the `Problem` view's f)."""
        return float(np.linalg.norm(self.equations(x)))

    def to_problem(self) -> Problem:
        """The `Problem` view: kind ``root``, f = ||F(x)||, f* = 0, x_opt the solutions.

        Examples
        --------
        >>> system = EquationSystem("circle-line", lambda x: np.array([x @ x - 1.0,
        ...                         x[0] - x[1]]), [1.0, 0.0], "test")
        >>> p = system.to_problem()
        >>> p.kind, p.fun(np.array([1.0, 0.0]))
        ('root', 1.0)
        """
        return Problem(
            name=self.name, fun=self.residual, x0=np.asarray(self.x0, dtype=float),
            f_opt=0.0, source=self.source, x_opt=tuple(self.solutions),
            extra_starts=tuple(self.extra_starts), kind=SYSTEM_ROOT, family=self.family,
            x_canonical=self.solution_order,
        )


FormT = TypeVar("FormT", ScalarEquation, EquationSystem)
SCALAR_EQUATIONS: Registry[ScalarEquation] = Registry("scalar equation")
EQUATION_SYSTEMS: Registry[EquationSystem] = Registry("equation system")


def register_scalar_equation(
        name: str, summary: str) -> Callable[[Callable[..., ScalarEquation]],
                                             Callable[..., ScalarEquation]]:
    """Register a `ScalarEquation` factory in `SCALAR_EQUATIONS` and in ``PROBLEMS``."""
    return register_form(SCALAR_EQUATIONS, name, summary)


def register_equation_system(
        name: str, summary: str) -> Callable[[Callable[..., EquationSystem]],
                                             Callable[..., EquationSystem]]:
    """Register an `EquationSystem` factory in `EQUATION_SYSTEMS` and in ``PROBLEMS``."""
    return register_form(EQUATION_SYSTEMS, name, summary)


def get_scalar_equation(spec: str) -> ScalarEquation:
    """The scalar equation that ``spec`` names, its name set to the canonical spec."""
    canonical, equation = SCALAR_EQUATIONS.create(spec)
    return _renamed(equation, canonical)


def get_equation_system(spec: str) -> EquationSystem:
    """The equation system that ``spec`` names, its name set to the canonical spec."""
    canonical, system = EQUATION_SYSTEMS.create(spec)
    return _renamed(system, canonical)


def _renamed(form: FormT, name: str) -> FormT:
    return dataclasses.replace(form, name=name)
