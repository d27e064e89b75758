"""MGH problems 6, 11, 12, 16 and 18: sums of exponentials.

Each is ``f(x) = sum r_i(x)**2`` with the residuals of Moré, Garbow & Hillstrom (1981),
ACM TOMS 7(1):17-41, section 3, written here with their analytic Jacobians.
"""

from __future__ import annotations

import functools

import numpy as np

from optbench.families import MGH
from optbench.limits import DenseSize
from optbench.problems.base import Vector
from optbench.problems.mgh_common import REFINED, mgh_problem
from optbench.problems.options import require, require_at_least
from optbench.problems.sumsq import LeastSquaresProblem, Matrix, register_sum_of_squares

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, MGH)

_JENNRICH_SAMPSON_I = np.arange(1.0, 11.0)

#: f* of Jennrich & Sampson (m = 10), the paper's 124.362... (see `REFINED`), attained at
#: x1 = x2 = JENNRICH_SAMPSON_X (the paper's 0.2578...; the root of df/da = 0 for
#: x1 = x2 = a, solved in 40-digit arithmetic; the 2-d Hessian there is positive definite).
JENNRICH_SAMPSON_F_OPT = 124.36218235561485
JENNRICH_SAMPSON_X = 0.2578252136703641


def _jennrich_sampson_residuals(x: Vector) -> Vector:
    i = _JENNRICH_SAMPSON_I
    return 2.0 + 2.0 * i - (np.exp(i * x[0]) + np.exp(i * x[1]))


def _jennrich_sampson_jacobian(x: Vector) -> Matrix:
    i = _JENNRICH_SAMPSON_I
    return np.column_stack([-i * np.exp(i * x[0]), -i * np.exp(i * x[1])])


@register("mgh-jennrich-sampson",
                         "MGH 6: Jennrich & Sampson, n = 2, m = 10, f* = 124.362...")
def mgh_jennrich_sampson() -> LeastSquaresProblem:
    """Jennrich & Sampson's function, MGH (1981) problem (6), with m = 10.

    ``r_i = 2 + 2 i - (exp(i x1) + exp(i x2))``, i = 1..10; x0 = (0.3, 0.4);
    f* = 124.362... at x1 = x2 = 0.2578... (the paper gives f* for m = 10 only).
    At the further start 100 x0 = (30, 40), exp(10 x2) overflows and f is infinite.

    Examples
    --------
    >>> p = mgh_jennrich_sampson()
    >>> round(p.sumsq.fun(p.x0), 8)
    4171.30616196
    """
    x_opt = [JENNRICH_SAMPSON_X, JENNRICH_SAMPSON_X]
    return mgh_problem("mgh-jennrich-sampson", 6, _jennrich_sampson_residuals,
                       _jennrich_sampson_jacobian, [0.3, 0.4], JENNRICH_SAMPSON_F_OPT,
                       "f* = 124.362... at x1 = x2 = 0.2578... (m = 10) as published; "
                       + REFINED, x_opt=(x_opt,))


def _gulf_parts(x: Vector, m: int) -> tuple[Vector, Vector, Vector, Vector]:
    """t_i, y_i - x2, |y_i - x2|**x3 and exp(-|y_i - x2|**x3 / x1)."""
    t = np.arange(1.0, m + 1.0) / 100.0
    gap = 25.0 + (-50.0 * np.log(t)) ** (2.0 / 3.0) - x[1]
    power = np.abs(gap) ** x[2]
    return t, gap, power, np.exp(-power / x[0])


def _gulf_residuals(x: Vector, m: int) -> Vector:
    t, _, _, e = _gulf_parts(x, m)
    return e - t


def _gulf_jacobian(x: Vector, m: int) -> Matrix:
    _, gap, power, e = _gulf_parts(x, m)
    nonzero = gap != 0.0
    safe_gap = np.where(nonzero, gap, 1.0)
    d_x2 = np.where(nonzero, e * x[2] * power / (x[0] * safe_gap), 0.0)
    d_x3 = np.where(nonzero, -e * power * np.log(np.abs(safe_gap)) / x[0], 0.0)
    return np.column_stack([e * power / x[0] ** 2, d_x2, d_x3])


@register("mgh-gulf",
                         "MGH 11: Gulf research and development, n = 3, m <= 100 (99), f* = 0")
def mgh_gulf(m: DenseSize = 99) -> LeastSquaresProblem:
    """The Gulf research and development function, MGH (1981) problem (11).

    ``r_i = exp(-|y_i - x2|**x3 / x1) - t_i`` with ``t_i = i / 100`` and
    ``y_i = 25 + (-50 ln t_i)**(2/3)``, i = 1..m, 3 <= m <= 100; x0 = (5, 2.5, 0.15);
    f* = 0 at (50, 25, 1.5) for every m. The paper prints ``y_i m i x2`` where the
    minus sign ``y_i - x2`` is meant. The default m = 99 avoids ``y_100 - x2 = 0`` at
    the solution; where ``y_i = x2`` the derivatives in x2 and x3 are taken as 0, their
    limits for x3 > 1.

    Parameters
    ----------
    m : int
        Number of residuals, 3 to 100.

    Examples
    --------
    >>> p = mgh_gulf()
    >>> round(p.sumsq.fun(p.x0), 8)
    12.11070583
    """
    name = "mgh-gulf"
    require(3 <= m <= 100, name, f"option m must be between 3 and 100; got {m}")
    return mgh_problem(name, 11, functools.partial(_gulf_residuals, m=m),
                       functools.partial(_gulf_jacobian, m=m), [5.0, 2.5, 0.15], 0.0,
                       "f* = 0 at (50, 25, 1.5)", x_opt=([50.0, 25.0, 1.5],))


def _box_3d_parts(x: Vector, m: int) -> tuple[Vector, Vector, Vector, Vector]:
    t = 0.1 * np.arange(1.0, m + 1.0)
    return t, np.exp(-t * x[0]), np.exp(-t * x[1]), np.exp(-t) - np.exp(-10.0 * t)


def _box_3d_residuals(x: Vector, m: int) -> Vector:
    _, e1, e2, c = _box_3d_parts(x, m)
    return e1 - e2 - x[2] * c


def _box_3d_jacobian(x: Vector, m: int) -> Matrix:
    t, e1, e2, c = _box_3d_parts(x, m)
    return np.column_stack([-t * e1, t * e2, -c])


@register("mgh-box-3d", "MGH 12: Box three-dimensional, n = 3, m >= 3 (10), f* = 0")
def mgh_box_3d(m: DenseSize = 10) -> LeastSquaresProblem:
    """Box's three-dimensional function, MGH (1981) problem (12).

    ``r_i = exp(-t_i x1) - exp(-t_i x2) - x3 (exp(-t_i) - exp(-10 t_i))`` with
    ``t_i = 0.1 i``, i = 1..m, m >= 3; x0 = (0, 10, 20); f* = 0 at (1, 10, 1), at
    (10, 1, -1) and on the whole line x1 = x2, x3 = 0. ``x_opt`` is left empty: with a
    line of minimisers a distance to listed points would mislead.

    Parameters
    ----------
    m : int
        Number of residuals, at least 3.

    Examples
    --------
    >>> p = mgh_box_3d()
    >>> round(p.sumsq.fun(p.x0), 8)
    1031.15381061
    """
    name = "mgh-box-3d"
    require_at_least(name, "m", m, 3)
    return mgh_problem(name, 12, functools.partial(_box_3d_residuals, m=m),
                       functools.partial(_box_3d_jacobian, m=m), [0.0, 10.0, 20.0], 0.0,
                       "f* = 0 at (1, 10, 1), (10, 1, -1) and on x1 = x2, x3 = 0")


_BROWN_DENNIS_T = np.arange(1.0, 21.0) / 5.0

#: f* of Brown & Dennis (m = 20), the paper's 85822.2... (see `REFINED`).
BROWN_DENNIS_F_OPT = 85822.20162635635


def _brown_dennis_parts(x: Vector) -> tuple[Vector, Vector]:
    t = _BROWN_DENNIS_T
    return x[0] + t * x[1] - np.exp(t), x[2] + x[3] * np.sin(t) - np.cos(t)


def _brown_dennis_residuals(x: Vector) -> Vector:
    a, b = _brown_dennis_parts(x)
    return a**2 + b**2


def _brown_dennis_jacobian(x: Vector) -> Matrix:
    a, b = _brown_dennis_parts(x)
    t = _BROWN_DENNIS_T
    return np.column_stack([2.0 * a, 2.0 * a * t, 2.0 * b, 2.0 * b * np.sin(t)])


@register("mgh-brown-dennis",
                         "MGH 16: Brown & Dennis, n = 4, m = 20, f* = 85822.2...")
def mgh_brown_dennis() -> LeastSquaresProblem:
    """Brown & Dennis's function, MGH (1981) problem (16), with m = 20.

    ``r_i = (x1 + t_i x2 - exp(t_i))**2 + (x3 + x4 sin t_i - cos t_i)**2`` with
    ``t_i = i / 5``, i = 1..20; x0 = (25, 5, -5, -1); f* = 85822.2... (m = 20).

    Pitfall: some transcriptions (e.g. the R package funconstrain) start from
    (25, 5, -5, +1); the paper, MINPACK and scipy's benchmarks use x4 = -1.

    Examples
    --------
    >>> p = mgh_brown_dennis()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '7.9266933370e+06'
    """
    return mgh_problem("mgh-brown-dennis", 16, _brown_dennis_residuals, _brown_dennis_jacobian,
                       [25.0, 5.0, -5.0, -1.0], BROWN_DENNIS_F_OPT,
                       "f* = 85822.2... (m = 20) as published; " + REFINED)


_BIGGS_T = 0.1 * np.arange(1.0, 14.0)
_BIGGS_Y = np.exp(-_BIGGS_T) - 5.0 * np.exp(-10.0 * _BIGGS_T) + 3.0 * np.exp(-4.0 * _BIGGS_T)


def _biggs_exponentials(x: Vector) -> tuple[Vector, Vector, Vector]:
    t = _BIGGS_T
    return np.exp(-t * x[0]), np.exp(-t * x[1]), np.exp(-t * x[4])


def _biggs_residuals(x: Vector) -> Vector:
    e1, e2, e5 = _biggs_exponentials(x)
    return x[2] * e1 - x[3] * e2 + x[5] * e5 - _BIGGS_Y


def _biggs_jacobian(x: Vector) -> Matrix:
    e1, e2, e5 = _biggs_exponentials(x)
    t = _BIGGS_T
    return np.column_stack([-t * x[2] * e1, t * x[3] * e2, e1, -e2, -t * x[5] * e5, e5])


@register("mgh-biggs-exp6",
                         "MGH 18: Biggs EXP6, n = 6, m = 13, f* = 0 (local min 5.65565...e-3)")
def mgh_biggs_exp6() -> LeastSquaresProblem:
    """Biggs's EXP6 function, MGH (1981) problem (18), with m = 13.

    ``r_i = x3 exp(-t_i x1) - x4 exp(-t_i x2) + x6 exp(-t_i x5) - y_i`` with
    ``t_i = 0.1 i`` and ``y_i = exp(-t_i) - 5 exp(-10 t_i) + 3 exp(-4 t_i)``, i = 1..13;
    x0 = (1, 2, 1, 1, 1, 1).

    f* = 0, at (1, 10, 1, 5, 4, 3) and at its mirror (4, 10, 3, 5, 1, 1) (the two
    decaying terms swapped). The paper's f = 5.65565...e-3 (m = 13) is a local
    minimum: solvers may stop there or find the global 0.

    Examples
    --------
    >>> p = mgh_biggs_exp6()
    >>> round(p.sumsq.fun(p.x0), 10)
    0.7790700757
    """
    return mgh_problem("mgh-biggs-exp6", 18, _biggs_residuals, _biggs_jacobian,
                       [1.0, 2.0, 1.0, 1.0, 1.0, 1.0], 0.0,
                       "f* = 0 at (1, 10, 1, 5, 4, 3); the published 5.65565...e-3 (m = 13) is "
                       "a local minimum",
                       x_opt=([1.0, 10.0, 1.0, 5.0, 4.0, 3.0], [4.0, 10.0, 3.0, 5.0, 1.0, 1.0]))
