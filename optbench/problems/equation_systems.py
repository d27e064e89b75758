"""MINPACK-1's 14 test systems ``F(x) = 0``, the test set of hybrd and hybrj, as `EquationSystem`s.

Moré, Garbow & Hillstrom, *User Guide for MINPACK-1*, Argonne National Laboratory report
ANL-80-74 (1980), chapter 4: subroutine ``vecfcn`` defines the 14 systems, ``initpt``
their starts; the problems come from Moré, Garbow & Hillstrom (1981), ACM TOMS 7:17-41.
Each is registered as ``eq-<problem>``; the start ``x0`` is initpt's, the further starts
are initpt's factors 10 and 100 (``factor * x0``, or ``factor * (1, ..., 1)`` for
Watson's zero start), as MINPACK's driver runs them.

Where vecfcn's system is the residual vector of an MGH sum of squares, F and its
Jacobian are that problem's (`optbench.problems.sumsq.get_sum_of_squares`). Where the
least-squares problem is not square, vecfcn's system is not its residuals:

- Wood (4 equations from 6 residuals): F = D grad f / 2 with D = diag(1, 2, 1, 2), so
  equations 2 and 4 are the gradient's components and 1 and 3 half of them;
- Watson (n equations from 31 residuals) and variably dimensioned (n from n + 2):
  F = grad f / 2 = J(x)^T r(x).

These are built by `GradientSystem` from the MGH residuals and the curvature terms
``sum_i r_i Hess r_i``, so their Jacobians are analytic too. Rosenbrock's two
equations are MGH's residuals in the other order (vecfcn's f1 = 1 - x1).

`MINPACK_SYSTEMS` lists 21 specs, the 14 problems at every size of MINPACK's driver
whose system has a zero: the driver also runs Chebyquad at n = 8, which has no zero (its
least-squares minimum is 3.51687...e-3 > 0; hybrd stops with info = 4), so n = 8 is refused.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from optbench.limits import DenseSize
from optbench.problems.base import Vector
from optbench.problems.mgh_classic import POWELL_BADLY_SCALED_X_OPT
from optbench.problems.mgh_common import PAPER
from optbench.problems.options import require
from optbench.problems.roots import EquationSystem, register_equation_system
from optbench.problems.sumsq import Matrix, SumOfSquares, get_sum_of_squares

GUIDE = ("Moré, Garbow & Hillstrom (1980), User Guide for MINPACK-1, Argonne National "
         "Laboratory report ANL-80-74, chapter 4 (vecfcn, initpt)")
#: How the solutions written as literals below were computed.
COMPUTED = ("computed by optbench: Newton's method in 60-digit arithmetic (mpmath) on "
            "vecfcn's equations, from MINPACK's hybrd1 solution, rounded to double")

Curvature = Callable[[Vector, Vector], Matrix]


def minpack_starts(x0: ArrayLike) -> tuple[Vector, Vector]:
    """initpt's further starts: ``10 x0`` and ``100 x0``, or 10 and 100 times ones where x0 = 0.

    Examples
    --------
    >>> [s.tolist() for s in minpack_starts([0.0, 0.0])]
    [[10.0, 10.0], [100.0, 100.0]]
    """
    start = np.asarray(x0, dtype=float)
    base = start if np.any(start) else np.ones_like(start)
    return 10.0 * base, 100.0 * base


def require_size(name: str, n: int, valid: Sequence[int], why: str) -> None:
    """Refuse an ``n`` outside ``valid`` with one line naming the valid sizes and why.

    Examples
    --------
    >>> require_size("eq-watson", 7, (6, 9), "MINPACK's driver sizes")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: problem 'eq-watson': option n must be one of 6, 9 (MINPACK's driver sizes); got 7
    """  # noqa: E501
    listed = ", ".join(str(v) for v in valid)
    require(n in valid, name, f"option n must be one of {listed} ({why}); got {n}")


@dataclass(frozen=True)
class GradientSystem:
    """``F(x) = D J(x)^T r(x)``: a sum of squares' half gradient, equation i scaled by D_i.

    The Jacobian is ``D (J^T J + C(x, r))`` with the curvature term
    ``C = sum_i r_i Hess r_i``, written for each problem.

    Parameters
    ----------
    sumsq : SumOfSquares
        The residuals r and their Jacobian J.
    curvature : callable
        ``curvature(x, r) -> sum_i r_i Hess r_i``, an (n, n) array.
    scale : tuple of float
        D, one factor a variable; empty for D = I.

    Examples
    --------
    >>> s = SumOfSquares(lambda x: x**2 - 1.0, lambda x: np.diag(2.0 * x))
    >>> g = GradientSystem(s, lambda x, r: np.diag(2.0 * r))
    >>> g.equations(np.array([2.0])).tolist(), g.jacobian(np.array([2.0])).tolist()
    ([12.0], [[22.0]])
    """

    sumsq: SumOfSquares
    curvature: Curvature
    scale: tuple[float, ...] = ()

    def _factors(self) -> Vector:
        return np.asarray(self.scale) if self.scale else np.ones(1)

    def equations(self, x: Vector) -> Vector:
        """``D J(x)^T r(x)``."""
        return self._factors() * (self.sumsq.jacobian_at(x).T @ self.sumsq.residuals(x))

    def jacobian(self, x: Vector) -> Matrix:
        """``D (J^T J + sum_i r_i Hess r_i)``."""
        r, jac = self.sumsq.residuals(x), self.sumsq.jacobian_at(x)
        return self._factors()[:, None] * (jac.T @ jac + self.curvature(x, r))


def _reordered(function: Callable[[Vector], Vector], order: tuple[int, ...],
               x: Vector) -> Vector:
    return function(x)[list(order)]


def _minpack_system(name: str, number: int, mgh: int, equations: Callable[[Vector], Vector],
                    jacobian: Callable[[Vector], Matrix], x0: ArrayLike,
                    solutions: Sequence[ArrayLike], note: str) -> EquationSystem:
    """An `EquationSystem` with initpt's starts and the source: vecfcn's number, MGH's, note."""
    start = np.asarray(x0, dtype=float)
    return EquationSystem(
        name=name, equations=equations, x0=start, jacobian=jacobian,
        source=f"{GUIDE}, problem {number}; {PAPER}, problem ({mgh}); {note}",
        solutions=tuple(np.asarray(s, dtype=float) for s in solutions),
        extra_starts=minpack_starts(start))


def _from_mgh(name: str, number: int, mgh: int, spec: str,
              solutions: Sequence[ArrayLike], note: str) -> EquationSystem:
    """The system whose equations are the residuals of the MGH problem ``spec``, as given."""
    lsq = get_sum_of_squares(spec)
    return _minpack_system(name, number, mgh, lsq.sumsq.residuals, lsq.sumsq.jacobian_at, lsq.x0,
                           solutions, note)


def _from_gradient(name: str, number: int, mgh: int, spec: str, curvature: Curvature,
                   solutions: Sequence[ArrayLike], note: str,
                   scale: tuple[float, ...] = ()) -> EquationSystem:
    """The system ``D grad f / 2`` of the MGH problem ``spec``: see `GradientSystem`."""
    lsq = get_sum_of_squares(spec)
    system = GradientSystem(lsq.sumsq, curvature, scale)
    return _minpack_system(name, number, mgh, system.equations, system.jacobian, lsq.x0,
                           solutions, note)


@register_equation_system("eq-rosenbrock", "MINPACK 1: Rosenbrock, n = 2, zero (1, 1)")
def eq_rosenbrock() -> EquationSystem:
    """Rosenbrock, vecfcn problem 1 (MGH 1): ``(1 - x1, 10 (x2 - x1**2))``, x0 = (-1.2, 1).

    MGH's residuals in the other order; the only zero is (1, 1).

    Examples
    --------
    >>> eq_rosenbrock().equations(np.array([-1.2, 1.0])).round(12).tolist()
    [2.2, -4.4]
    """
    lsq = get_sum_of_squares("mgh-rosenbrock")
    order = (1, 0)
    return _minpack_system(
        "eq-rosenbrock", 1, 1, functools.partial(_reordered, lsq.sumsq.residuals, order),
        functools.partial(_reordered, lsq.sumsq.jacobian_at, order), lsq.x0, [[1.0, 1.0]],
        "f1 = 1 - x1, f2 = 10 (x2 - x1**2); zero (1, 1), the only one (closed form)")


@register_equation_system("eq-powell-singular",
                          "MINPACK 2: Powell singular, n = 4, zero at the origin (singular J)")
def eq_powell_singular() -> EquationSystem:
    """Powell singular, vecfcn problem 2 (MGH 13): MGH's residuals, x0 = (3, -1, 0, 1).

    ``(x1 + 10 x2, sqrt(5) (x3 - x4), (x2 - 2 x3)**2, sqrt(10) (x1 - x4)**2)``; the only
    zero is the origin, where the Jacobian is singular (Newton converges linearly).

    Examples
    --------
    >>> s = eq_powell_singular()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 7)  # MINPACK's driver: 1.4662878e+01
    14.6628783
    """
    return _from_mgh("eq-powell-singular", 2, 13, "mgh-powell-singular", [np.zeros(4)],
                     "zero at the origin, the only one (closed form); J is singular there")


@register_equation_system("eq-powell-badly-scaled",
                          "MINPACK 3: Powell badly scaled, n = 2, zeros (1.098e-5, 9.106), mirror")
def eq_powell_badly_scaled() -> EquationSystem:
    """Powell badly scaled, vecfcn problem 3 (MGH 3): MGH's residuals, x0 = (0, 1).

    ``(1e4 x1 x2 - 1, exp(-x1) + exp(-x2) - 1.0001)``, symmetric in x1 and x2: the zeros
    are (1.0981...e-5, 9.1061...), where hybrd1 ends, and its mirror image.

    Examples
    --------
    >>> s = eq_powell_badly_scaled()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 7)  # MINPACK's driver: 1.0654866e+00
    1.0654866
    """
    root = POWELL_BADLY_SCALED_X_OPT
    return _from_mgh("eq-powell-badly-scaled", 3, 3, "mgh-powell-badly-scaled",
                     [root, root[::-1]], "zeros (1.0981593296998175e-5, 9.106146739866524), "
                     "mgh-powell-badly-scaled's minimiser (Newton in 50-digit arithmetic), "
                     "and its mirror image (F is symmetric in x1, x2)")


def _wood_curvature(x: Vector, r: Vector) -> Matrix:
    """r1 = 10 (x2 - x1**2) and r3 = sqrt(90) (x4 - x3**2) are the curved residuals."""
    curvature = np.zeros((4, 4))
    curvature[0, 0] = -20.0 * r[0]
    curvature[2, 2] = -2.0 * np.sqrt(90.0) * r[2]
    return curvature


#: A zero of Wood's system besides (1, 1, 1, 1): a saddle point of Wood's function
#: (f = 7.876967...), where hybrd1 ends from x0, 10 x0 and 100 x0 (see `COMPUTED`).
WOOD_SADDLE = (-0.9679740249375931, 0.9471391408178418, -0.9695163103315911,
               0.9512476657923252)


@register_equation_system("eq-wood", "MINPACK 4: Wood, n = 4, zeros (1, 1, 1, 1) and a saddle")
def eq_wood() -> EquationSystem:
    """Wood, vecfcn problem 4 (MGH 14): a scaled gradient, not MGH's 6 residuals.

    ``f1 = -200 x1 (x2 - x1**2) - (1 - x1)``, ``f2 = 200 (x2 - x1**2) + 20.2 (x2 - 1)
    + 19.8 (x4 - 1)``, ``f3 = -180 x3 (x4 - x3**2) - (1 - x3)``, ``f4 = 180 (x4 - x3**2)
    + 20.2 (x4 - 1) + 19.8 (x2 - 1)``: ``diag(1/2, 1, 1/2, 1) grad f`` for Wood's f;
    x0 = (-3, -1, -3, -1). Zeros: (1, 1, 1, 1) and the saddle point `WOOD_SADDLE`, where
    hybrd1 ends from all three starts.

    Examples
    --------
    >>> s = eq_wood()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 3)  # MINPACK's driver: 8.5505574e+03
    8550.557
    """
    return _from_gradient(
        "eq-wood", 4, 14, "mgh-wood", _wood_curvature, [np.ones(4), WOOD_SADDLE],
        "F = diag(1, 2, 1, 2) J^T r, J and r MGH's six residuals (vecfcn's f2, f4 are grad f, "
        "f1, f3 grad f / 2); zeros (1, 1, 1, 1) (closed form) and the saddle point of f "
        "(-0.96797..., 0.94713..., -0.96951..., 0.95124...), f = 7.87697..., where hybrd1 "
        "ends from every start, " + COMPUTED, scale=(1.0, 2.0, 1.0, 2.0))


@register_equation_system("eq-helical-valley", "MINPACK 5: helical valley, n = 3, zero (1, 0, 0)")
def eq_helical_valley() -> EquationSystem:
    """Helical valley, vecfcn problem 5 (MGH 7): MGH's residuals, x0 = (-1, 0, 0).

    ``(10 (x3 - 10 theta(x1, x2)), 10 (sqrt(x1**2 + x2**2) - 1), x3)``; the only zero is
    (1, 0, 0).

    Examples
    --------
    >>> s = eq_helical_valley()
    >>> s.equations(s.x0).tolist()
    [-50.0, 0.0, 0.0]
    """
    return _from_mgh("eq-helical-valley", 5, 7, "mgh-helical-valley", [[1.0, 0.0, 0.0]],
                     "zero (1, 0, 0), the only one (closed form)")


_WATSON_T = np.arange(1.0, 30.0) / 29.0

#: The zero of Watson's system where hybrd1 ends from x0 (see `COMPUTED`): the minimiser
#: of Watson's sum of squares (f = 2.28767...e-3 for n = 6, 1.39976...e-6 for n = 9).
WATSON_ZEROS = {
    6: (-0.015725086401458456, 1.0124348693691099, -0.2329916259567377, 1.2604300877996084,
        -1.5137289227222797, 0.9929964324311346),
    9: (-1.5307036521394342e-05, 0.9997897039319483, 0.014763963693556958,
        0.14634232829936222, 1.0008211030047092, -2.617731140519015, 4.104403164478857,
        -3.1436122785564424, 1.0526264080101668),
}


def _watson_curvature(x: Vector, r: Vector) -> Matrix:
    """r_i = ... - (sum_j x_j t_i**(j-1))**2 (i <= 29) and r_31 = x2 - x1**2 - 1 are curved."""
    powers = _WATSON_T[:, None] ** np.arange(x.size)
    curvature = -2.0 * (powers.T * r[:29]) @ powers
    curvature[0, 0] -= 2.0 * r[30]
    return curvature


@register_equation_system("eq-watson", "MINPACK 6: Watson, n = 6 or 9, grad f / 2 = 0")
def eq_watson(n: DenseSize = 6) -> EquationSystem:
    """Watson, vecfcn problem 6 (MGH 20): ``grad f / 2 = J^T r``, not MGH's 31 residuals.

    Its zeros are the stationary points of Watson's sum of squares; x0 = 0, and initpt's
    further starts are (10, ..., 10) and (100, ..., 100). The known zero `WATSON_ZEROS` is
    the least-squares minimiser.

    Parameters
    ----------
    n : int
        6 or 9, the sizes MINPACK's driver runs.

    Examples
    --------
    >>> s = eq_watson(n=9)
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 5)  # MINPACK's driver: 8.8789552e+01
    88.78955
    """
    name = "eq-watson"
    require_size(name, n, (6, 9), "the sizes MINPACK's driver runs")
    return _from_gradient(
        name, 6, 20, f"mgh-watson[n={n}]", _watson_curvature, [WATSON_ZEROS[n]],
        "F = J^T r = grad f / 2, J and r MGH's 31 residuals; the zero is the least-squares "
        "minimiser (f = 2.28767...e-3 for n = 6, 1.39976...e-6 for n = 9), " + COMPUTED)


#: The zeros of Chebyquad's system in increasing order (see `COMPUTED`): the nodes of
#: Chebyshev's equal-weight quadrature on [0, 1].
CHEBYQUAD_ZEROS = {
    5: (0.08375125649950906, 0.31272929522320947, 0.5, 0.6872707047767905, 0.9162487435004909),
    6: (0.0668765909460897, 0.28874067311944424, 0.36668229924164764, 0.6333177007583524,
        0.7112593268805558, 0.9331234090539103),
    7: (0.05806914962097548, 0.2351716123574216, 0.3380440947400462, 0.5, 0.6619559052599538,
        0.7648283876425784, 0.9419308503790245),
    9: (0.044205346135782767, 0.19949067230988096, 0.23561910847106, 0.416046907892598, 0.5,
        0.583953092107402, 0.76438089152894, 0.8005093276901191, 0.9557946538642172),
}


@register_equation_system("eq-chebyquad", "MINPACK 7: Chebyquad, n = 5, 6, 7 or 9, quadrature")
def eq_chebyquad(n: DenseSize = 5) -> EquationSystem:
    """Chebyquad, vecfcn problem 7 (MGH 35, m = n): MGH's residuals, ``x0_j = j / (n + 1)``.

    ``f_i = (1/n) sum_j T_i(x_j) - integral_0^1 T_i``, T_i shifted Chebyshev polynomials.
    The zeros are the nodes of Chebyshev's equal-weight quadrature on [0, 1] in any of the
    n! orders (F is symmetric in the x_j; hybrd1 ends at shuffled ones from 10 x0 and
    100 x0, and for n = 6 from x0); only the increasing order, `CHEBYQUAD_ZEROS`, is
    listed, and x is sorted before its distance to it (x_error) is taken. MINPACK's
    driver runs n = 5 to 9; n = 8 is refused: that system has no zero (least-squares
    minimum 3.51687...e-3; hybrd1 stops at ||F|| = 6.44e-2, info = 4), as Chebyshev's
    quadrature has real nodes only for n <= 7 and n = 9.

    Parameters
    ----------
    n : int
        5, 6, 7 or 9.

    Examples
    --------
    >>> s = eq_chebyquad(n=7)
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 8)  # MINPACK's driver: 1.8376789e-01
    0.18376789
    """
    name = "eq-chebyquad"
    require_size(name, n, (5, 6, 7, 9), "the sizes of MINPACK's driver whose system has a "
                 "zero; n = 8 has none")
    system = _from_mgh(name, 7, 35, f"mgh-chebyquad[n={n}]", [CHEBYQUAD_ZEROS[n]],
                       "zeros: the nodes of Chebyshev's equal-weight quadrature on [0, 1] in "
                       "any of the n! orders (increasing order listed; x_error is taken "
                       "after sorting x), " + COMPUTED)
    return dataclasses.replace(system, solution_order=np.sort)


@register_equation_system("eq-brown-almost-linear",
                          "MINPACK 8: Brown almost-linear, n = 10, 30 or 40, zeros in closed form")
def eq_brown_almost_linear(n: DenseSize = 10) -> EquationSystem:
    """Brown almost-linear, vecfcn problem 8 (MGH 27): MGH's residuals, x0 = (1/2, ..., 1/2).

    ``f_i = x_i + sum_j x_j - (n + 1)`` (i < n), ``f_n = prod_j x_j - 1``. The first n - 1
    make x_1 = ... = x_{n-1} = a and x_n = n + 1 - n a; the last then reads
    ``n a**n - (n + 1) a**(n-1) + 1 = 0``: the zeros are ``(a, ..., a, a**(1-n))`` for its
    real roots, a = 1 and, for these even n, one in (0, 1) (0.97943... for n = 10).

    Parameters
    ----------
    n : int
        10, 30 or 40, the sizes MINPACK's driver runs.

    Examples
    --------
    >>> s = eq_brown_almost_linear()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 6)  # MINPACK's driver: 1.6530216e+01
    16.530216
    """
    name = "eq-brown-almost-linear"
    require_size(name, n, (10, 30, 40), "the sizes MINPACK's driver runs")
    spec = f"mgh-brown-almost-linear[n={n}]"
    return _from_mgh(name, 8, 27, spec, get_sum_of_squares(spec).x_opt,
                     "zeros (a, ..., a, a**(1-n)) for the real roots a of n a**n - (n+1) "
                     "a**(n-1) + 1 = 0 (closed form; a by numpy's polynomial roots polished "
                     "by Newton, as mgh-brown-almost-linear's minimisers)")


#: The zero of the discrete boundary value and integral equation systems at n = 10 (the
#: same: the kernel is the difference equation's Green's function), where hybrd1 ends
#: from every start (see `COMPUTED`).
BOUNDARY_VALUE_ZERO = (
    -0.04316498251876487, -0.08157715653538689, -0.11448571438052929, -0.14097357686259668,
    -0.1599086961819831, -0.16987720231277492, -0.16908998378120835, -0.15524953522183182,
    -0.125355891678935, -0.07541653368589209)


@register_equation_system("eq-discrete-boundary-value",
                          "MINPACK 9: discrete boundary value, n = 10, computed zero")
def eq_discrete_boundary_value() -> EquationSystem:
    """Discrete boundary value, vecfcn problem 9 (MGH 28), n = 10: MGH's residuals.

    ``f_i = 2 x_i - x_{i-1} - x_{i+1} + h**2 (x_i + t_i + 1)**3 / 2``, ``h = 1/11``,
    ``t_i = i h``, ``x_0 = x_11 = 0``; ``x0_j = t_j (t_j - 1)``; zero `BOUNDARY_VALUE_ZERO`.

    Examples
    --------
    >>> s = eq_discrete_boundary_value()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 9)  # MINPACK's driver: 2.8080582e-02
    0.028080582
    """
    return _from_mgh("eq-discrete-boundary-value", 9, 28, "mgh-discrete-boundary-value",
                     [BOUNDARY_VALUE_ZERO], "the zero where hybrd1 ends from every start, "
                     + COMPUTED)


#: The zeros of the discrete integral equation system (see `COMPUTED`).
INTEGRAL_EQUATION_ZEROS = {1: (-0.15281388356258005,), 10: BOUNDARY_VALUE_ZERO}


@register_equation_system("eq-discrete-integral-equation",
                          "MINPACK 10: discrete integral equation, n = 1 or 10, computed zero")
def eq_discrete_integral_equation(n: DenseSize = 10) -> EquationSystem:
    """Discrete integral equation, vecfcn problem 10 (MGH 29): MGH's residuals.

    ``f_i = x_i + h [(1 - t_i) sum_{j<=i} t_j (x_j + t_j + 1)**3 + t_i sum_{j>i} (1 - t_j)
    (x_j + t_j + 1)**3] / 2``, ``h = 1/(n+1)``, ``t_i = i h``; ``x0_j = t_j (t_j - 1)``.
    The zero is `INTEGRAL_EQUATION_ZEROS`, for n = 10 the boundary value system's.

    Parameters
    ----------
    n : int
        1 or 10, the sizes MINPACK's driver runs.

    Examples
    --------
    >>> s = eq_discrete_integral_equation(n=1)
    >>> round(float(s.equations(s.x0)[0]), 7)  # MINPACK's driver: norm 1.2792969e-01
    -0.1279297
    """
    name = "eq-discrete-integral-equation"
    require_size(name, n, (1, 10), "the sizes MINPACK's driver runs")
    return _from_mgh(name, 10, 29, f"mgh-discrete-integral-equation[n={n}]",
                     [INTEGRAL_EQUATION_ZEROS[n]], "the zero where hybrd1 ends from every "
                     "start (for n = 10 the discrete boundary value system's), " + COMPUTED)


#: A zero of the trigonometric system besides 0, where hybrd1 ends from 10 x0 (from
#: 100 x0 at the same point shifted by multiples of 2 pi; see `COMPUTED`).
TRIGONOMETRIC_ZERO = (0.0343962889257372, 0.0350323157413494, 0.035719195825958,
                      0.03646522421825092, 0.0372809117388555, 0.03817986254748341,
                      0.039180141082453365, 0.040306502644077015, 0.1797201916971708,
                      0.15624088142700163)


@register_equation_system("eq-trigonometric",
                          "MINPACK 11: trigonometric, n = 10, zeros 0 and one computed")
def eq_trigonometric() -> EquationSystem:
    """Trigonometric, vecfcn problem 11 (MGH 26), n = 10: MGH's residuals, x0 = (1/10, ...).

    ``f_i = n - sum_j cos x_j + i (1 - cos x_i) - sin x_i``. Zeros: 0, `TRIGONOMETRIC_ZERO`
    and their shifts by 2 pi in any coordinates. From x0 hybrd1 stops at ||F|| = 5.3e-3
    (info = 4), near the least-squares local minimum 2.79506e-5.

    Examples
    --------
    >>> s = eq_trigonometric()
    >>> s.equations(np.zeros(10)).tolist() == [0.0] * 10
    True
    """
    return _from_mgh("eq-trigonometric", 11, 26, "mgh-trigonometric",
                     [np.zeros(10), TRIGONOMETRIC_ZERO],
                     "zeros 0 (closed form) and (0.0343962..., ..., 0.156240...), where hybrd1 "
                     "ends from 10 x0, " + COMPUTED + "; their shifts by 2 pi are zeros too")


def _variably_dimensioned_curvature(x: Vector, r: Vector) -> Matrix:
    """r_{n+2} = s**2, s = sum_j j (x_j - 1), is the one curved residual: Hess = 2 j j^T."""
    j = np.arange(1.0, x.size + 1.0)
    return 2.0 * r[-1] * np.outer(j, j)


@register_equation_system("eq-variably-dimensioned",
                          "MINPACK 12: variably dimensioned, n = 10, zero (1, ..., 1)")
def eq_variably_dimensioned() -> EquationSystem:
    """Variably dimensioned, vecfcn problem 12 (MGH 25), n = 10: not MGH's n + 2 residuals.

    ``f_k = x_k - 1 + k s (1 + 2 s**2)``, ``s = sum_j j (x_j - 1)``, which is
    ``grad f / 2 = J^T r``; ``x0_j = 1 - j/10``. The only zero is (1, ..., 1): summing
    ``j f_j`` gives ``s (1 + (1 + 2 s**2) sum_j j**2) = 0``.

    Examples
    --------
    >>> s = eq_variably_dimensioned()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 0)  # MINPACK's driver: 2.2402135e+06
    2240213.0
    """
    return _from_gradient(
        "eq-variably-dimensioned", 12, 25, "mgh-variably-dimensioned",
        _variably_dimensioned_curvature, [np.ones(10)],
        "F = J^T r = grad f / 2, J and r MGH's n + 2 residuals; zero (1, ..., 1), the only "
        "one (closed form)")


#: The zero of Broyden's tridiagonal system (n = 10) where hybrd1 ends from every start
#: (see `COMPUTED`).
BROYDEN_TRIDIAGONAL_ZERO = (
    -0.5707221320112248, -0.681806949984275, -0.7022100760176601, -0.7055106298950804,
    -0.7049061557287437, -0.7014966070298512, -0.6918893223547983, -0.6657965144058537,
    -0.5960351090263657, -0.4164122575286934)


@register_equation_system("eq-broyden-tridiagonal",
                          "MINPACK 13: Broyden tridiagonal, n = 10, computed zero")
def eq_broyden_tridiagonal() -> EquationSystem:
    """Broyden tridiagonal, vecfcn problem 13 (MGH 30), n = 10: MGH's residuals, x0 = -1.

    ``f_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1``, ``x_0 = x_11 = 0``; zero
    `BROYDEN_TRIDIAGONAL_ZERO`.

    Examples
    --------
    >>> s = eq_broyden_tridiagonal()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 7)  # MINPACK's driver: 4.5825757e+00
    4.5825757
    """
    return _from_mgh("eq-broyden-tridiagonal", 13, 30, "mgh-broyden-tridiagonal",
                     [BROYDEN_TRIDIAGONAL_ZERO], "the zero where hybrd1 ends from every "
                     "start, " + COMPUTED)


#: The zero of Broyden's banded system (n = 10) where hybrd1 ends from every start (see
#: `COMPUTED`).
BROYDEN_BANDED_ZERO = (
    -0.4283028635872503, -0.47659642435629024, -0.5196524636468617, -0.5580993248321809,
    -0.5925061568294574, -0.624503682199468, -0.6232394714405911, -0.6213938417965735,
    -0.6204535966590874, -0.5864692707204351)


@register_equation_system("eq-broyden-banded", "MINPACK 14: Broyden banded, n = 10, computed zero")
def eq_broyden_banded() -> EquationSystem:
    """Broyden banded, vecfcn problem 14 (MGH 31), n = 10: MGH's residuals, x0 = -1.

    ``f_i = x_i (2 + 5 x_i**2) + 1 - sum_{j in J_i} x_j (1 + x_j)``,
    ``J_i = {j != i : max(1, i - 5) <= j <= min(n, i + 1)}``; zero `BROYDEN_BANDED_ZERO`.

    Examples
    --------
    >>> s = eq_broyden_banded()
    >>> round(float(np.linalg.norm(s.equations(s.x0))), 6)  # MINPACK's driver: 1.8973666e+01
    18.973666
    """
    return _from_mgh("eq-broyden-banded", 14, 31, "mgh-broyden-banded", [BROYDEN_BANDED_ZERO],
                     "the zero where hybrd1 ends from every start, " + COMPUTED)


#: The canonical specs of MINPACK's 14 systems at the sizes its driver runs with a zero:
#: 21 cases (the driver's 22 sizes less Chebyquad n = 8; it makes 55 runs with the starts).
MINPACK_SYSTEMS: tuple[str, ...] = (
    "eq-rosenbrock", "eq-powell-singular", "eq-powell-badly-scaled", "eq-wood",
    "eq-helical-valley", "eq-watson", "eq-watson[n=9]", "eq-chebyquad", "eq-chebyquad[n=6]",
    "eq-chebyquad[n=7]", "eq-chebyquad[n=9]", "eq-brown-almost-linear",
    "eq-brown-almost-linear[n=30]", "eq-brown-almost-linear[n=40]",
    "eq-discrete-boundary-value", "eq-discrete-integral-equation[n=1]",
    "eq-discrete-integral-equation", "eq-trigonometric", "eq-variably-dimensioned",
    "eq-broyden-tridiagonal", "eq-broyden-banded")
