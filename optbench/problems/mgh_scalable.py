"""MGH problems 20, 23-27 and 35: Watson, penalties, trigonometric, Chebyquad and kin.

Each is ``f(x) = sum r_i(x)**2`` with the residuals of Moré, Garbow & Hillstrom (1981),
ACM TOMS 7(1):17-41, section 3, and takes the number of variables ``n`` as an option.
Where f* depends on n, only the n the paper gives f* for are accepted.
"""

from __future__ import annotations

import functools
import math
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from optbench.families import MGH
from optbench.limits import DenseSize
from optbench.problems.base import Vector
from optbench.problems.mgh_common import REFINED, mgh_problem
from optbench.problems.options import published_choice, require_at_least
from optbench.problems.sumsq import LeastSquaresProblem, Matrix, register_sum_of_squares

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, MGH)

_WATSON_T = np.arange(1.0, 30.0) / 29.0

#: f* of Watson's function, the paper's 2.28767...e-3 (n = 6), 1.39976...e-6 (n = 9) and
#: 4.72238...e-10 (n = 12) (see `REFINED`).
WATSON_F_OPT = {6: 2.2876700535524362e-03, 9: 1.3997601380990199e-06,
                12: 4.7223811058917574e-10}


def _watson_residuals(x: Vector) -> Vector:
    n = x.size
    powers = _WATSON_T[:, None] ** np.arange(n)
    slope = powers[:, : n - 1] @ (np.arange(1.0, n) * x[1:])
    value = powers @ x
    return np.concatenate([slope - value**2 - 1.0, [x[0], x[1] - x[0] ** 2 - 1.0]])


def _watson_jacobian(x: Vector) -> Matrix:
    n = x.size
    powers = _WATSON_T[:, None] ** np.arange(n)
    value = powers @ x
    jac = np.zeros((31, n))
    jac[:29, 1:] = np.arange(1.0, n) * powers[:, : n - 1]
    jac[:29] -= 2.0 * value[:, None] * powers
    jac[29, 0] = 1.0
    jac[30, :2] = [-2.0 * x[0], 1.0]
    return jac


@register("mgh-watson", "MGH 20: Watson, n = 6, 9 or 12, m = 31, f* published")
def mgh_watson(n: DenseSize = 6) -> LeastSquaresProblem:
    """Watson's function, MGH (1981) problem (20).

    With ``t_i = i / 29``, ``r_i = sum_{j=2..n} (j - 1) x_j t_i**(j-2)
    - (sum_{j=1..n} x_j t_i**(j-1))**2 - 1`` for i = 1..29, ``r_30 = x1``,
    ``r_31 = x2 - x1**2 - 1``; x0 = (0, ..., 0). f* = 2.28767...e-3 (n = 6),
    1.39976...e-6 (n = 9), 4.72238...e-10 (n = 12); the paper allows 2 <= n <= 31 but
    gives f* for these three only, so other n are refused. At n = 12 the monomial
    basis makes the Jacobian ill-conditioned (condition number near 1e8).

    Parameters
    ----------
    n : int
        Number of variables: 6, 9 or 12.

    Examples
    --------
    >>> p = mgh_watson()
    >>> p.sumsq.fun(p.x0)
    30.0
    """
    name = "mgh-watson"
    f_opt = published_choice(name, "n", n, WATSON_F_OPT)
    return mgh_problem(name, 20, _watson_residuals, _watson_jacobian, np.zeros(n), f_opt,
                       "f* = 2.28767...e-3 (n = 6), 1.39976...e-6 (n = 9), 4.72238...e-10 "
                       "(n = 12) as published; " + REFINED)


_PENALTY_A = 1e-5
_SQRT_A = math.sqrt(_PENALTY_A)

#: f* of penalty function I, the paper's 2.24997...e-5 (n = 4) and 7.08765...e-5 (n = 10)
#: (see `REFINED`).
PENALTY_1_F_OPT = {4: 2.249977500899937e-05, 10: 7.0876514670903694e-05}


def _penalty_1_residuals(x: Vector) -> Vector:
    return np.append(_SQRT_A * (x - 1.0), x @ x - 0.25)


def _penalty_1_jacobian(x: Vector) -> Matrix:
    return np.vstack([_SQRT_A * np.eye(x.size), 2.0 * x])


@register("mgh-penalty-1",
                         "MGH 23: penalty I, n = 4 or 10, m = n + 1, f* as published")
def mgh_penalty_1(n: DenseSize = 10) -> LeastSquaresProblem:
    """Penalty function I, MGH (1981) problem (23).

    ``r_i = sqrt(a) (x_i - 1)`` for i = 1..n and ``r_{n+1} = sum x_j**2 - 1/4``, with
    ``a = 1e-5``; x0 = (1, 2, ..., n). f* = 2.24997...e-5 (n = 4), 7.08765...e-5
    (n = 10); other n are refused (the paper gives no f* for them).

    Parameters
    ----------
    n : int
        Number of variables: 4 or 10.

    Examples
    --------
    >>> p = mgh_penalty_1(n=4)
    >>> round(p.sumsq.fun(p.x0), 8)
    885.06264
    """
    name = "mgh-penalty-1"
    f_opt = published_choice(name, "n", n, PENALTY_1_F_OPT)
    return mgh_problem(name, 23, _penalty_1_residuals, _penalty_1_jacobian,
                       np.arange(1.0, n + 1.0), f_opt,
                       "f* = 2.24997...e-5 (n = 4), 7.08765...e-5 (n = 10) as published; "
                       + REFINED)


#: f* of penalty function II, the paper's 9.37629...e-6 (n = 4) and 2.93660...e-4 (n = 10)
#: (see `REFINED`).
PENALTY_2_F_OPT = {4: 9.3762930073554415e-06, 10: 2.9366053745674594e-04}


def _penalty_2_residuals(x: Vector) -> Vector:
    n = x.size
    i = np.arange(2.0, n + 1.0)
    y = np.exp(i / 10.0) + np.exp((i - 1.0) / 10.0)
    e = np.exp(x / 10.0)
    weights = np.arange(n, 0.0, -1.0)
    return np.concatenate([[x[0] - 0.2], _SQRT_A * (e[1:] + e[:-1] - y),
                           _SQRT_A * (e[1:] - math.exp(-0.1)), [weights @ x**2 - 1.0]])


def _penalty_2_jacobian(x: Vector) -> Matrix:
    n = x.size
    d = _SQRT_A * np.exp(x / 10.0) / 10.0
    k = np.arange(1, n)
    jac = np.zeros((2 * n, n))
    jac[0, 0] = 1.0
    jac[k, k] = d[1:]
    jac[k, k - 1] = d[:-1]
    jac[n - 1 + k, k] = d[1:]
    jac[-1] = 2.0 * np.arange(n, 0.0, -1.0) * x
    return jac


@register("mgh-penalty-2", "MGH 24: penalty II, n = 4 or 10, m = 2n, f* published")
def mgh_penalty_2(n: DenseSize = 10) -> LeastSquaresProblem:
    """Penalty function II, MGH (1981) problem (24).

    With ``a = 1e-5`` and ``y_i = exp(i / 10) + exp((i - 1) / 10)``: ``r_1 = x1 - 0.2``;
    ``r_i = sqrt(a) (exp(x_i / 10) + exp(x_{i-1} / 10) - y_i)`` for i = 2..n;
    ``r_i = sqrt(a) (exp(x_{i-n+1} / 10) - exp(-1/10))`` for i = n+1..2n-1;
    ``r_{2n} = sum_j (n - j + 1) x_j**2 - 1``. x0 = (1/2, ..., 1/2).
    f* = 9.37629...e-6 (n = 4), 2.93660...e-4 (n = 10); other n are refused.

    Parameters
    ----------
    n : int
        Number of variables: 4 or 10.

    Examples
    --------
    >>> p = mgh_penalty_2(n=4)
    >>> round(p.sumsq.fun(p.x0), 8)
    2.34000881
    """
    name = "mgh-penalty-2"
    f_opt = published_choice(name, "n", n, PENALTY_2_F_OPT)
    return mgh_problem(name, 24, _penalty_2_residuals, _penalty_2_jacobian, np.full(n, 0.5),
                       f_opt, "f* = 9.37629...e-6 (n = 4), 2.93660...e-4 (n = 10) as "
                       "published; " + REFINED)


def _variably_dimensioned_residuals(x: Vector) -> Vector:
    s = np.arange(1.0, x.size + 1.0) @ (x - 1.0)
    return np.concatenate([x - 1.0, [s, s * s]])


def _variably_dimensioned_jacobian(x: Vector) -> Matrix:
    j = np.arange(1.0, x.size + 1.0)
    s = j @ (x - 1.0)
    return np.vstack([np.eye(x.size), j, 2.0 * s * j])


@register("mgh-variably-dimensioned",
                         "MGH 25: variably dimensioned, n (10), m = n + 2, f* = 0 at (1, ..., 1)")
def mgh_variably_dimensioned(n: DenseSize = 10) -> LeastSquaresProblem:
    """The variably dimensioned function, MGH (1981) problem (25).

    ``r_i = x_i - 1`` for i = 1..n, ``r_{n+1} = sum_j j (x_j - 1)``,
    ``r_{n+2} = (sum_j j (x_j - 1))**2``; x0 with ``x_j = 1 - j / n``; f* = 0 at
    (1, ..., 1) for every n.

    Parameters
    ----------
    n : int
        Number of variables, at least 1.

    Examples
    --------
    >>> p = mgh_variably_dimensioned(n=2)
    >>> round(p.sumsq.fun(p.x0), 12)
    46.5625
    """
    name = "mgh-variably-dimensioned"
    return mgh_problem(name, 25, _variably_dimensioned_residuals,
                       _variably_dimensioned_jacobian, 1.0 - np.arange(1.0, n + 1.0) / n, 0.0,
                       "f* = 0 at (1, ..., 1)", x_opt=(np.ones(n),))


def _trigonometric_residuals(x: Vector) -> Vector:
    i = np.arange(1.0, x.size + 1.0)
    return x.size - np.cos(x).sum() + i * (1.0 - np.cos(x)) - np.sin(x)


def _trigonometric_jacobian(x: Vector) -> Matrix:
    i = np.arange(1.0, x.size + 1.0)
    jac = np.tile(np.sin(x), (x.size, 1))
    jac[np.diag_indices(x.size)] += i * np.sin(x) - np.cos(x)
    return jac


@register("mgh-trigonometric",
                         "MGH 26: trigonometric, n = m (10), f* = 0 (local minima exist)")
def mgh_trigonometric(n: DenseSize = 10) -> LeastSquaresProblem:
    """The trigonometric function, MGH (1981) problem (26).

    ``r_i = n - sum_j cos x_j + i (1 - cos x_i) - sin x_i``, i = 1..n;
    x0 = (1/n, ..., 1/n); f* = 0 as published.

    Pitfall: local minima. From x0 with n = 10, Levenberg-Marquardt stops at the local
    minimum f = 2.79506...e-5 rather than at 0.

    Parameters
    ----------
    n : int
        Number of variables, at least 1.

    Examples
    --------
    >>> p = mgh_trigonometric(n=2)
    >>> round(p.sumsq.fun(p.x0), 12)
    0.012687776161
    """
    name = "mgh-trigonometric"
    return mgh_problem(name, 26, _trigonometric_residuals, _trigonometric_jacobian,
                       np.full(n, 1.0 / n), 0.0, "f* = 0 as published; local minima exist "
                       "(2.79506...e-5 for n = 10, reached by Levenberg-Marquardt from x0)")


def _brown_almost_linear_residuals(x: Vector) -> Vector:
    r = x + x.sum() - (x.size + 1.0)
    r[-1] = np.prod(x) - 1.0
    return r


def _brown_almost_linear_jacobian(x: Vector) -> Matrix:
    n = x.size
    jac = np.ones((n, n)) + np.eye(n)
    before = np.concatenate([[1.0], np.cumprod(x[:-1])])
    after = np.concatenate([np.cumprod(x[::-1][:-1])[::-1], [1.0]])
    jac[-1] = before * after
    return jac


def _brown_almost_linear_minimisers(n: int) -> list[Vector]:
    """(a, ..., a, a**(1 - n)) for each real root a != 0 of n a**n - (n + 1) a**(n-1) + 1."""
    coefficients = np.zeros(n + 1)
    coefficients[[0, 1, n]] = [n, -(n + 1.0), 1.0]
    polynomial = np.polynomial.Polynomial(coefficients[::-1])
    roots = np.array([1.0])
    # float coefficients: the roots are float or complex, never object (numpy's stubs allow it)
    for root in cast(NDArray[np.inexact[Any]], polynomial.roots()):
        if abs(root.imag) < 1e-9 and abs(root.real - 1.0) > 1e-6:
            roots = np.append(roots, root.real)
    derivative = polynomial.deriv()
    for _ in range(3):
        roots = roots - polynomial(roots) / derivative(roots)
    return [np.append(np.full(n - 1, a), a ** (1.0 - n)) for a in roots]


@register("mgh-brown-almost-linear",
                         "MGH 27: Brown almost-linear, n = m (10), f* = 0 at (1, ..., 1)")
def mgh_brown_almost_linear(n: DenseSize = 10) -> LeastSquaresProblem:
    """Brown's almost-linear function, MGH (1981) problem (27).

    ``r_i = x_i + sum_j x_j - (n + 1)`` for i = 1..n-1, ``r_n = prod_j x_j - 1``;
    x0 = (1/2, ..., 1/2). f* = 0 at ``(a, ..., a, a**(1-n))`` for every real root a of
    ``n a**n - (n + 1) a**(n-1) + 1 = 0`` (a = 1 always; for even n also a negative
    root); all are listed in ``x_opt``. f = 1 at the stationary point (0, ..., 0, n + 1).

    Parameters
    ----------
    n : int
        Number of variables, at least 2.

    Examples
    --------
    >>> p = mgh_brown_almost_linear(n=2)
    >>> round(p.sumsq.fun(p.x0), 12)
    2.8125
    """
    name = "mgh-brown-almost-linear"
    require_at_least(name, "n", n, 2)
    return mgh_problem(name, 27, _brown_almost_linear_residuals, _brown_almost_linear_jacobian,
                       np.full(n, 0.5), 0.0,
                       "f* = 0 at (a, ..., a, a**(1-n)), n a**n - (n+1) a**(n-1) + 1 = 0",
                       x_opt=_brown_almost_linear_minimisers(n))


def _chebyshev(x: Vector, m: int) -> tuple[Matrix, Matrix]:
    """Shifted Chebyshev polynomials T_1..T_m on [0, 1] at x, and their derivatives."""
    z = 2.0 * x - 1.0
    values = np.zeros((m + 1, x.size))
    slopes = np.zeros((m + 1, x.size))
    values[0] = 1.0
    values[1], slopes[1] = z, 2.0
    for k in range(1, m):
        values[k + 1] = 2.0 * z * values[k] - values[k - 1]
        slopes[k + 1] = 4.0 * values[k] + 2.0 * z * slopes[k] - slopes[k - 1]
    return values[1:], slopes[1:]


def _chebyquad_integrals(m: int) -> Vector:
    integrals = np.zeros(m)
    even = np.arange(2.0, m + 1.0, 2.0)
    integrals[1::2] = -1.0 / (even * even - 1.0)
    return integrals


def _chebyquad_residuals(x: Vector, m: int) -> Vector:
    values, _ = _chebyshev(x, m)
    return values.mean(axis=1) - _chebyquad_integrals(m)


def _chebyquad_jacobian(x: Vector, m: int) -> Matrix:
    _, slopes = _chebyshev(x, m)
    return slopes / x.size


#: f* of Chebyquad with m = n: 0 for n <= 7 and n = 9; the paper's 3.51687...e-3 (n = 8)
#: and 6.50395...e-3 (n = 10) (see `REFINED`).
CHEBYQUAD_F_OPT = {**dict.fromkeys([1, 2, 3, 4, 5, 6, 7, 9], 0.0),
                   8: 3.5168737256779318e-03, 10: 6.5039548008823061e-03}


@register("mgh-chebyquad", "MGH 35: Chebyquad, m = n <= 10 (10), f* published")
def mgh_chebyquad(n: DenseSize = 10) -> LeastSquaresProblem:
    """Fletcher's Chebyquad function, MGH (1981) problem (35), with m = n.

    ``r_i = (1/n) sum_j T_i(x_j) - integral_0^1 T_i``, i = 1..n, where ``T_i`` is the
    Chebyshev polynomial shifted to [0, 1] and the integral is ``-1 / (i**2 - 1)`` for
    even i, 0 for odd i; x0 with ``x_j = j / (n + 1)``. f* = 0 for n <= 7 and n = 9;
    3.51687...e-3 (n = 8), 6.50395...e-3 (n = 10); other n are refused (the paper gives
    no f* for them; it allows m > n, not offered here for the same reason).

    Parameters
    ----------
    n : int
        Number of variables (and residuals), 1 to 10.

    Examples
    --------
    >>> p = mgh_chebyquad(n=8)
    >>> round(p.sumsq.fun(p.x0), 12)
    0.038617698286
    """
    name = "mgh-chebyquad"
    f_opt = published_choice(name, "n", n, CHEBYQUAD_F_OPT)
    return mgh_problem(name, 35, functools.partial(_chebyquad_residuals, m=n),
                       functools.partial(_chebyquad_jacobian, m=n),
                       np.arange(1.0, n + 1.0) / (n + 1.0), f_opt,
                       "f* = 0 (n <= 7 and n = 9), 3.51687...e-3 (n = 8), 6.50395...e-3 "
                       "(n = 10) as published; " + REFINED)
