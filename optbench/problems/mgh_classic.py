"""MGH problems 1-5, 7, 13, 14, 21 and 22: the small classics and their extended forms.

Each is ``f(x) = sum r_i(x)**2`` with the residuals of Moré, Garbow & Hillstrom (1981),
ACM TOMS 7(1):17-41, section 3, written here with their analytic Jacobians.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from optbench.families import MGH
from optbench.limits import DenseSize
from optbench.problems.base import Vector
from optbench.problems.mgh_common import mgh_problem
from optbench.problems.options import require
from optbench.problems.sumsq import LeastSquaresProblem, Matrix, register_sum_of_squares

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, MGH)

_SQRT5, _SQRT10, _SQRT90 = math.sqrt(5.0), math.sqrt(10.0), math.sqrt(90.0)


def _rosenbrock_residuals(x: Vector) -> Vector:
    r = np.empty_like(x, dtype=float)
    r[0::2] = 10.0 * (x[1::2] - x[0::2] ** 2)
    r[1::2] = 1.0 - x[0::2]
    return r


def _rosenbrock_jacobian(x: Vector) -> Matrix:
    n = x.size
    odd = np.arange(0, n, 2)
    jac = np.zeros((n, n))
    jac[odd, odd] = -20.0 * x[odd]
    jac[odd, odd + 1] = 10.0
    jac[odd + 1, odd] = -1.0
    return jac


@register("mgh-rosenbrock", "MGH 1: Rosenbrock, n = m = 2, f* = 0 at (1, 1)")
def mgh_rosenbrock() -> LeastSquaresProblem:
    """Rosenbrock's function, MGH (1981) problem (1).

    ``r1 = 10 (x2 - x1**2)``, ``r2 = 1 - x1``; x0 = (-1.2, 1); f* = 0 at (1, 1).

    Examples
    --------
    >>> p = mgh_rosenbrock()
    >>> round(p.sumsq.fun(p.x0), 12)
    24.2
    """
    return mgh_problem("mgh-rosenbrock", 1, _rosenbrock_residuals, _rosenbrock_jacobian,
                       [-1.2, 1.0], 0.0, "f* = 0 at (1, 1)", x_opt=([1.0, 1.0],))


@register("mgh-extended-rosenbrock",
                         "MGH 21: extended Rosenbrock, n even (10), f* = 0 at (1, ..., 1)")
def mgh_extended_rosenbrock(n: DenseSize = 10) -> LeastSquaresProblem:
    """The extended Rosenbrock function, MGH (1981) problem (21).

    ``r_{2i-1} = 10 (x_{2i} - x_{2i-1}**2)``, ``r_{2i} = 1 - x_{2i-1}``: n/2 uncoupled
    copies of problem (1) (unlike the chained ``rosenbrock[n=...]``); x0 = (-1.2, 1,
    -1.2, 1, ...); f* = 0 at (1, ..., 1) for every even n.

    Parameters
    ----------
    n : int
        Number of variables, even and at least 2.

    Examples
    --------
    >>> p = mgh_extended_rosenbrock(n=4)
    >>> round(p.sumsq.fun(p.x0), 12)  # twice problem (1)'s 24.2
    48.4
    """
    name = "mgh-extended-rosenbrock"
    require(n >= 2 and n % 2 == 0, name, f"option n must be even and at least 2; got {n}")
    x0 = np.where(np.arange(n) % 2 == 0, -1.2, 1.0)
    return mgh_problem(name, 21, _rosenbrock_residuals, _rosenbrock_jacobian, x0, 0.0,
                       "f* = 0 at (1, ..., 1)", x_opt=(np.ones(n),))


def _freudenstein_roth_residuals(x: Vector) -> Vector:
    x1, x2 = x
    return np.array([-13.0 + x1 + ((5.0 - x2) * x2 - 2.0) * x2,
                     -29.0 + x1 + ((x2 + 1.0) * x2 - 14.0) * x2])


def _freudenstein_roth_jacobian(x: Vector) -> Matrix:
    x2 = x[1]
    return np.array([[1.0, (10.0 - 3.0 * x2) * x2 - 2.0],
                     [1.0, (3.0 * x2 + 2.0) * x2 - 14.0]])


@register("mgh-freudenstein-roth",
                         "MGH 2: Freudenstein & Roth, f* = 0 at (5, 4); local min 48.98...")
def mgh_freudenstein_roth() -> LeastSquaresProblem:
    """Freudenstein & Roth's function, MGH (1981) problem (2).

    ``r1 = -13 + x1 + ((5 - x2) x2 - 2) x2``, ``r2 = -29 + x1 + ((x2 + 1) x2 - 14) x2``;
    x0 = (0.5, -2); f* = 0 at (5, 4).

    Pitfall: a local minimum f = 48.9842... at (11.41..., -0.8968...), which
    Gauss-Newton and Levenberg-Marquardt methods reach from x0.

    Examples
    --------
    >>> p = mgh_freudenstein_roth()
    >>> round(p.sumsq.fun(p.x0), 12)
    400.5
    """
    return mgh_problem("mgh-freudenstein-roth", 2, _freudenstein_roth_residuals,
                       _freudenstein_roth_jacobian, [0.5, -2.0], 0.0,
                       "f* = 0 at (5, 4); local minimum 48.9842... at (11.41..., -0.8968...)",
                       x_opt=([5.0, 4.0],))


def _powell_badly_scaled_residuals(x: Vector) -> Vector:
    x1, x2 = x
    return np.array([1e4 * x1 * x2 - 1.0, np.exp(-x1) + np.exp(-x2) - 1.0001])


def _powell_badly_scaled_jacobian(x: Vector) -> Matrix:
    x1, x2 = x
    return np.array([[1e4 * x2, 1e4 * x1], [-np.exp(-x1), -np.exp(-x2)]])


#: The root of r1 = r2 = 0 with x1 < x2 (the paper prints (1.098...e-5, 9.106...)),
#: solved here by Newton's method in 50-digit arithmetic (mpmath) and rounded.
POWELL_BADLY_SCALED_X_OPT = (1.0981593296998175e-05, 9.106146739866524)


@register("mgh-powell-badly-scaled",
                         "MGH 3: Powell badly scaled, f* = 0 at (1.098...e-5, 9.106...)")
def mgh_powell_badly_scaled() -> LeastSquaresProblem:
    """Powell's badly scaled function, MGH (1981) problem (3).

    ``r1 = 1e4 x1 x2 - 1``, ``r2 = exp(-x1) + exp(-x2) - 1.0001``; x0 = (0, 1); f* = 0 at
    (1.098...e-5, 9.106...) (the paper's digits; `POWELL_BADLY_SCALED_X_OPT` has all).

    Examples
    --------
    >>> p = mgh_powell_badly_scaled()
    >>> round(p.sumsq.fun(p.x0), 10)
    1.1352617173
    """
    return mgh_problem("mgh-powell-badly-scaled", 3, _powell_badly_scaled_residuals,
                       _powell_badly_scaled_jacobian, [0.0, 1.0], 0.0,
                       "f* = 0 at (1.098...e-5, 9.106...)",
                       x_opt=(POWELL_BADLY_SCALED_X_OPT,))


def _brown_badly_scaled_residuals(x: Vector) -> Vector:
    x1, x2 = x
    return np.array([x1 - 1e6, x2 - 2e-6, x1 * x2 - 2.0])


def _brown_badly_scaled_jacobian(x: Vector) -> Matrix:
    x1, x2 = x
    return np.array([[1.0, 0.0], [0.0, 1.0], [x2, x1]])


@register("mgh-brown-badly-scaled",
                         "MGH 4: Brown badly scaled, m = 3, f* = 0 at (1e6, 2e-6)")
def mgh_brown_badly_scaled() -> LeastSquaresProblem:
    """Brown's badly scaled function, MGH (1981) problem (4).

    ``r1 = x1 - 1e6``, ``r2 = x2 - 2e-6``, ``r3 = x1 x2 - 2``; x0 = (1, 1); f* = 0 at
    (1e6, 2e-6).

    Examples
    --------
    >>> p = mgh_brown_badly_scaled()
    >>> p.sumsq.fun(p.x0)
    999998000003.0
    """
    return mgh_problem("mgh-brown-badly-scaled", 4, _brown_badly_scaled_residuals,
                       _brown_badly_scaled_jacobian, [1.0, 1.0], 0.0, "f* = 0 at (1e6, 2e-6)",
                       x_opt=([1e6, 2e-6],))


_BEALE_Y = np.array([1.5, 2.25, 2.625])
_BEALE_I = np.arange(1.0, 4.0)


def _beale_residuals(x: Vector) -> Vector:
    return _BEALE_Y - x[0] * (1.0 - x[1] ** _BEALE_I)


def _beale_jacobian(x: Vector) -> Matrix:
    return np.column_stack([x[1] ** _BEALE_I - 1.0,
                            x[0] * _BEALE_I * x[1] ** (_BEALE_I - 1.0)])


@register("mgh-beale", "MGH 5: Beale, m = 3, f* = 0 at (3, 0.5)")
def mgh_beale() -> LeastSquaresProblem:
    """Beale's function, MGH (1981) problem (5).

    ``r_i = y_i - x1 (1 - x2**i)``, i = 1, 2, 3, with y = (1.5, 2.25, 2.625); x0 = (1, 1);
    f* = 0 at (3, 0.5).

    Examples
    --------
    >>> p = mgh_beale()
    >>> round(p.sumsq.fun(p.x0), 12)
    14.203125
    """
    return mgh_problem("mgh-beale", 5, _beale_residuals, _beale_jacobian, [1.0, 1.0], 0.0,
                       "f* = 0 at (3, 0.5)", x_opt=([3.0, 0.5],))


def _helical_theta(x1: float, x2: float) -> float:
    """MGH's angle: arctan(x2 / x1) / (2 pi), plus 1/2 where x1 < 0 (0.25 sign(x2) at x1 = 0)."""
    if x1 == 0.0:
        return 0.25 * math.copysign(1.0, x2)
    return math.atan(x2 / x1) / (2.0 * math.pi) + (0.5 if x1 < 0.0 else 0.0)


def _helical_valley_residuals(x: Vector) -> Vector:
    x1, x2, x3 = x
    return np.array([10.0 * (x3 - 10.0 * _helical_theta(x1, x2)),
                     10.0 * (math.hypot(x1, x2) - 1.0), x3])


def _helical_valley_jacobian(x: Vector) -> Matrix:
    x1, x2, _ = x
    squared = x1 * x1 + x2 * x2
    radius = math.sqrt(squared)
    angle_scale = 100.0 / (2.0 * math.pi * squared)
    return np.array([[angle_scale * x2, -angle_scale * x1, 10.0],
                     [10.0 * x1 / radius, 10.0 * x2 / radius, 0.0],
                     [0.0, 0.0, 1.0]])


@register("mgh-helical-valley", "MGH 7: helical valley, n = 3, f* = 0 at (1, 0, 0)")
def mgh_helical_valley() -> LeastSquaresProblem:
    """Fletcher & Powell's helical valley, MGH (1981) problem (7).

    ``r1 = 10 (x3 - 10 theta(x1, x2))``, ``r2 = 10 (sqrt(x1**2 + x2**2) - 1)``,
    ``r3 = x3``, with ``2 pi theta = arctan(x2 / x1)`` for x1 > 0 and
    ``arctan(x2 / x1) + pi`` for x1 < 0 (MINPACK takes theta = 0.25 sign(x2) at x1 = 0).
    x0 = (-1, 0, 0); f* = 0 at (1, 0, 0). theta jumps by 1 across x1 = 0 for x2 < 0.

    Examples
    --------
    >>> p = mgh_helical_valley()
    >>> round(p.sumsq.fun(p.x0), 12)
    2500.0
    """
    return mgh_problem("mgh-helical-valley", 7, _helical_valley_residuals,
                       _helical_valley_jacobian, [-1.0, 0.0, 0.0], 0.0, "f* = 0 at (1, 0, 0)",
                       x_opt=([1.0, 0.0, 0.0],))


def _powell_singular_residuals(x: Vector) -> Vector:
    a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
    r = np.empty_like(x, dtype=float)
    r[0::4] = a + 10.0 * b
    r[1::4] = _SQRT5 * (c - d)
    r[2::4] = (b - 2.0 * c) ** 2
    r[3::4] = _SQRT10 * (a - d) ** 2
    return r


def _powell_singular_jacobian(x: Vector) -> Matrix:
    n = x.size
    k = np.arange(0, n, 4)
    jac = np.zeros((n, n))
    jac[k, k] = 1.0
    jac[k, k + 1] = 10.0
    jac[k + 1, k + 2] = _SQRT5
    jac[k + 1, k + 3] = -_SQRT5
    bc = 2.0 * (x[k + 1] - 2.0 * x[k + 2])
    jac[k + 2, k + 1] = bc
    jac[k + 2, k + 2] = -2.0 * bc
    ad = 2.0 * _SQRT10 * (x[k] - x[k + 3])
    jac[k + 3, k] = ad
    jac[k + 3, k + 3] = -ad
    return jac


@register("mgh-powell-singular",
                         "MGH 13: Powell singular, n = m = 4, f* = 0 at the origin")
def mgh_powell_singular() -> LeastSquaresProblem:
    """Powell's singular function, MGH (1981) problem (13).

    ``r1 = x1 + 10 x2``, ``r2 = sqrt(5) (x3 - x4)``, ``r3 = (x2 - 2 x3)**2``,
    ``r4 = sqrt(10) (x1 - x4)**2``; x0 = (3, -1, 0, 1); f* = 0 at the origin, where the
    Hessian is singular (convergence is linear, not quadratic).

    Examples
    --------
    >>> p = mgh_powell_singular()
    >>> round(p.sumsq.fun(p.x0), 12)
    215.0
    """
    return mgh_problem("mgh-powell-singular", 13, _powell_singular_residuals,
                       _powell_singular_jacobian, [3.0, -1.0, 0.0, 1.0], 0.0,
                       "f* = 0 at the origin", x_opt=(np.zeros(4),))


@register("mgh-extended-powell-singular",
                         "MGH 22: extended Powell singular, n = 4k (12), f* = 0 at the origin")
def mgh_extended_powell_singular(n: DenseSize = 12) -> LeastSquaresProblem:
    """The extended Powell singular function, MGH (1981) problem (22).

    n/4 uncoupled copies of problem (13); x0 = (3, -1, 0, 1, 3, -1, 0, 1, ...); f* = 0 at
    the origin for every n. The default n = 12 (the paper's n = 10 is not a multiple of 4).

    Parameters
    ----------
    n : int
        Number of variables, a positive multiple of 4.

    Examples
    --------
    >>> p = mgh_extended_powell_singular()
    >>> round(p.sumsq.fun(p.x0), 12)  # three times problem (13)'s 215
    645.0
    """
    name = "mgh-extended-powell-singular"
    require(n >= 4 and n % 4 == 0, name, f"option n must be a positive multiple of 4; got {n}")
    x0 = np.tile([3.0, -1.0, 0.0, 1.0], n // 4)
    return mgh_problem(name, 22, _powell_singular_residuals, _powell_singular_jacobian, x0,
                       0.0, "f* = 0 at the origin", x_opt=(np.zeros(n),))


def _wood_residuals(x: Vector) -> Vector:
    x1, x2, x3, x4 = x
    return np.array([10.0 * (x2 - x1**2), 1.0 - x1, _SQRT90 * (x4 - x3**2), 1.0 - x3,
                     _SQRT10 * (x2 + x4 - 2.0), (x2 - x4) / _SQRT10])


def _wood_jacobian(x: Vector) -> Matrix:
    x1, _, x3, _ = x
    return np.array([[-20.0 * x1, 10.0, 0.0, 0.0],
                     [-1.0, 0.0, 0.0, 0.0],
                     [0.0, 0.0, -2.0 * _SQRT90 * x3, _SQRT90],
                     [0.0, 0.0, -1.0, 0.0],
                     [0.0, _SQRT10, 0.0, _SQRT10],
                     [0.0, 1.0 / _SQRT10, 0.0, -1.0 / _SQRT10]])


@register("mgh-wood", "MGH 14: Wood, n = 4, m = 6, f* = 0 at (1, 1, 1, 1)")
def mgh_wood() -> LeastSquaresProblem:
    """Wood's function, MGH (1981) problem (14).

    ``r1 = 10 (x2 - x1**2)``, ``r2 = 1 - x1``, ``r3 = sqrt(90) (x4 - x3**2)``,
    ``r4 = 1 - x3``, ``r5 = sqrt(10) (x2 + x4 - 2)``, ``r6 = (x2 - x4) / sqrt(10)``;
    x0 = (-3, -1, -3, -1); f* = 0 at (1, 1, 1, 1).

    Examples
    --------
    >>> p = mgh_wood()
    >>> round(p.sumsq.fun(p.x0), 12)
    19192.0
    """
    return mgh_problem("mgh-wood", 14, _wood_residuals, _wood_jacobian,
                       [-3.0, -1.0, -3.0, -1.0], 0.0, "f* = 0 at (1, 1, 1, 1)",
                       x_opt=(np.ones(4),))
