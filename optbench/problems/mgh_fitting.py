"""MGH problems 8, 9, 10, 15, 17 and 19: fits of models to the paper's data tables.

Each is ``f(x) = sum r_i(x)**2`` with the residuals of Moré, Garbow & Hillstrom (1981),
ACM TOMS 7(1):17-41, section 3; the data are in `optbench.problems.mgh_data`.
"""

from __future__ import annotations

import functools

import numpy as np

from optbench.families import MGH
from optbench.problems import mgh_data
from optbench.problems.base import Vector
from optbench.problems.mgh_common import REFINED, mgh_problem
from optbench.problems.sumsq import LeastSquaresProblem, Matrix, register_sum_of_squares

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, MGH)

_BARD_U = np.arange(1.0, 16.0)
_BARD_V = 16.0 - _BARD_U
_BARD_W = np.minimum(_BARD_U, _BARD_V)
_BARD_Y = np.array(mgh_data.BARD_Y)


def _bard_residuals(x: Vector) -> Vector:
    return _BARD_Y - (x[0] + _BARD_U / (_BARD_V * x[1] + _BARD_W * x[2]))


def _bard_jacobian(x: Vector) -> Matrix:
    scale = _BARD_U / (_BARD_V * x[1] + _BARD_W * x[2]) ** 2
    return np.column_stack([-np.ones_like(_BARD_U), scale * _BARD_V, scale * _BARD_W])


#: f* of Bard's problem, the paper's 8.21487...e-3 (see `REFINED`).
BARD_F_OPT = 8.2148773065789798e-03


@register("mgh-bard", "MGH 8: Bard, n = 3, m = 15, f* = 8.21487...e-3")
def mgh_bard() -> LeastSquaresProblem:
    """Bard's function, MGH (1981) problem (8).

    ``r_i = y_i - (x1 + u_i / (v_i x2 + w_i x3))`` with ``u_i = i``, ``v_i = 16 - i``,
    ``w_i = min(u_i, v_i)``, i = 1..15; x0 = (1, 1, 1); f* = 8.21487...e-3.

    Pitfall: f tends to 17.4286... at (0.8406..., -inf, -inf), a value "at infinity"
    that a solver may drift towards with x2, x3 growing without bound.

    Examples
    --------
    >>> p = mgh_bard()
    >>> round(p.sumsq.fun(p.x0), 10)
    41.6816958617


    """
    return mgh_problem("mgh-bard", 8, _bard_residuals, _bard_jacobian, [1.0, 1.0, 1.0],
                       BARD_F_OPT, "f* = 8.21487...e-3 as published; " + REFINED
                       + "; f tends to 17.4286... at (0.8406..., -inf, -inf)")


_GAUSSIAN_T = (8.0 - np.arange(1.0, 16.0)) / 2.0
_GAUSSIAN_Y = np.array(mgh_data.GAUSSIAN_Y)

#: f* of the Gaussian problem, the paper's 1.12793...e-8 (see `REFINED`).
GAUSSIAN_F_OPT = 1.1279327696190113e-08


def _gaussian_residuals(x: Vector) -> Vector:
    return x[0] * np.exp(-0.5 * x[1] * (_GAUSSIAN_T - x[2]) ** 2) - _GAUSSIAN_Y


def _gaussian_jacobian(x: Vector) -> Matrix:
    d = _GAUSSIAN_T - x[2]
    e = np.exp(-0.5 * x[1] * d**2)
    return np.column_stack([e, -0.5 * x[0] * e * d**2, x[0] * x[1] * e * d])


@register("mgh-gaussian", "MGH 9: Gaussian, n = 3, m = 15, f* = 1.12793...e-8")
def mgh_gaussian() -> LeastSquaresProblem:
    """The Gaussian function, MGH (1981) problem (9).

    ``r_i = x1 exp(-x2 (t_i - x3)**2 / 2) - y_i`` with ``t_i = (8 - i) / 2``,
    i = 1..15; x0 = (0.4, 1, 0); f* = 1.12793...e-8.

    Examples
    --------
    >>> p = mgh_gaussian()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '3.8881069912e-06'
    """
    return mgh_problem("mgh-gaussian", 9, _gaussian_residuals, _gaussian_jacobian,
                       [0.4, 1.0, 0.0], GAUSSIAN_F_OPT,
                       "f* = 1.12793...e-8 as published; " + REFINED)


_MEYER_T = 45.0 + 5.0 * np.arange(1.0, 17.0)
_MEYER_Y = np.array(mgh_data.MEYER_Y)


def _meyer_residuals(x: Vector) -> Vector:
    return x[0] * np.exp(x[1] / (_MEYER_T + x[2])) - _MEYER_Y


def _meyer_jacobian(x: Vector) -> Matrix:
    denominator = _MEYER_T + x[2]
    e = np.exp(x[1] / denominator)
    return np.column_stack([e, x[0] * e / denominator, -x[0] * x[1] * e / denominator**2])


@register("mgh-meyer", "MGH 10: Meyer, n = 3, m = 16, f* = 87.9458...")
def mgh_meyer() -> LeastSquaresProblem:
    """Meyer's function, MGH (1981) problem (10); NIST StRD's MGH10.

    ``r_i = x1 exp(x2 / (t_i + x3)) - y_i`` with ``t_i = 45 + 5 i``, i = 1..16;
    x0 = (0.02, 4000, 250); f* = 87.9458... (NIST certifies 8.7945855171e+01 at
    (5.6096364710e-03, 6.1813463463e+03, 3.4522363462e+02)).

    Pitfall: the scaling. The solution's coordinates span six orders of magnitude and
    the residuals reach 3e4, so unscaled methods crawl or stop early; NIST rates it of
    higher difficulty.

    Examples
    --------
    >>> p = mgh_meyer()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '1.6936078094e+09'
    """
    return mgh_problem("mgh-meyer", 10, _meyer_residuals, _meyer_jacobian,
                       [0.02, 4000.0, 250.0], 87.94585517085113,
                       "f* = 87.9458... as published; " + REFINED + "; NIST StRD (MGH10) "
                       "certifies 8.7945855171e+01 and x*",
                       x_opt=([5.6096364710e-03, 6.1813463463e03, 3.4522363462e02],))


_KOWALIK_OSBORNE_U = np.array(mgh_data.KOWALIK_OSBORNE_U)
_KOWALIK_OSBORNE_Y = np.array(mgh_data.KOWALIK_OSBORNE_Y)


def _kowalik_osborne_parts(x: Vector) -> tuple[Vector, Vector]:
    u = _KOWALIK_OSBORNE_U
    return u * (u + x[1]), u * (u + x[2]) + x[3]


def _kowalik_osborne_residuals(x: Vector) -> Vector:
    numerator, denominator = _kowalik_osborne_parts(x)
    return _KOWALIK_OSBORNE_Y - x[0] * numerator / denominator


def _kowalik_osborne_jacobian(x: Vector) -> Matrix:
    numerator, denominator = _kowalik_osborne_parts(x)
    u = _KOWALIK_OSBORNE_U
    ratio = numerator / denominator
    return np.column_stack([-ratio, -x[0] * u / denominator, x[0] * ratio * u / denominator,
                            x[0] * ratio / denominator])


@register("mgh-kowalik-osborne",
                         "MGH 15: Kowalik & Osborne, n = 4, m = 11, f* = 3.07505...e-4")
def mgh_kowalik_osborne() -> LeastSquaresProblem:
    """Kowalik & Osborne's function, MGH (1981) problem (15); NIST StRD's MGH09.

    ``r_i = y_i - x1 (u_i**2 + u_i x2) / (u_i**2 + u_i x3 + x4)``, i = 1..11;
    x0 = (0.25, 0.39, 0.415, 0.39); f* = 3.07505...e-4 (NIST certifies 3.0750560385e-04
    at (1.9280693458e-01, 1.9128232873e-01, 1.2305650693e-01, 1.3606233068e-01)).

    Pitfall: f tends to 1.02734...e-3 at (+inf, -14.07..., -inf, -inf), a value "at
    infinity" that solvers may drift towards.

    Examples
    --------
    >>> p = mgh_kowalik_osborne()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '5.3131722721e-03'
    """
    return mgh_problem("mgh-kowalik-osborne", 15, _kowalik_osborne_residuals,
                       _kowalik_osborne_jacobian, [0.25, 0.39, 0.415, 0.39],
                       3.0750560384923778e-04,
                       "f* = 3.07505...e-4 as published; " + REFINED + "; NIST StRD (MGH09) "
                       "certifies 3.0750560385e-04 and x*; f tends to 1.02734...e-3 at "
                       "(+inf, -14.07..., -inf, -inf)",
                       x_opt=([1.9280693458e-01, 1.9128232873e-01, 1.2305650693e-01,
                               1.3606233068e-01],))


_OSBORNE1_T = 10.0 * np.arange(33.0)
_OSBORNE1_Y = np.array(mgh_data.OSBORNE1_Y)


def _osborne1_residuals(x: Vector) -> Vector:
    t = _OSBORNE1_T
    return _OSBORNE1_Y - (x[0] + x[1] * np.exp(-t * x[3]) + x[2] * np.exp(-t * x[4]))


def _osborne1_jacobian(x: Vector) -> Matrix:
    t = _OSBORNE1_T
    e4, e5 = np.exp(-t * x[3]), np.exp(-t * x[4])
    return np.column_stack([-np.ones_like(t), -e4, -e5, x[1] * t * e4, x[2] * t * e5])


@register("mgh-osborne-1", "MGH 17: Osborne 1, n = 5, m = 33, f* = 5.46489...e-5")
def mgh_osborne_1() -> LeastSquaresProblem:
    """Osborne's first function, MGH (1981) problem (17); NIST StRD's MGH17.

    ``r_i = y_i - (x1 + x2 exp(-t_i x4) + x3 exp(-t_i x5))`` with ``t_i = 10 (i - 1)``,
    i = 1..33; x0 = (0.5, 1.5, -1, 0.01, 0.02); f* = 5.46489...e-5 (NIST certifies
    5.4648946975e-05 at (3.7541005211e-01, 1.9358469127, -1.4646871366,
    1.2867534640e-02, 2.2122699662e-02)).

    Examples
    --------
    >>> p = mgh_osborne_1()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '8.7902629354e-01'
    """
    return mgh_problem("mgh-osborne-1", 17, _osborne1_residuals, _osborne1_jacobian,
                       [0.5, 1.5, -1.0, 0.01, 0.02], 5.4648946974829118e-05,
                       "f* = 5.46489...e-5 as published; " + REFINED + "; NIST StRD (MGH17) "
                       "certifies 5.4648946975e-05 and x*",
                       x_opt=([3.7541005211e-01, 1.9358469127e00, -1.4646871366e00,
                               1.2867534640e-02, 2.2122699662e-02],))


_OSBORNE2_T = np.arange(65.0) / 10.0
_OSBORNE2_Y = np.array(mgh_data.OSBORNE2_Y)

#: f* of Osborne 2, the paper's 4.01377...e-2 (see `REFINED`).
OSBORNE2_F_OPT = 4.0137736293547744e-02


def _osborne2_terms(x: Vector) -> tuple[Vector, Matrix, Matrix]:
    """exp(-t x5); for k = 1..3 the offsets t - x_{8+k} and exp(-(t - x_{8+k})**2 x_{5+k})."""
    t = _OSBORNE2_T[:, None]
    offsets = t - x[8:11]
    return np.exp(-_OSBORNE2_T * x[4]), offsets, np.exp(-(offsets**2) * x[5:8])


def _osborne2_residuals(x: Vector) -> Vector:
    decay, _, bumps = _osborne2_terms(x)
    return _OSBORNE2_Y - (x[0] * decay + bumps @ x[1:4])


def _osborne2_jacobian(x: Vector) -> Matrix:
    decay, offsets, bumps = _osborne2_terms(x)
    jac = np.empty((_OSBORNE2_T.size, 11))
    jac[:, 0] = -decay
    jac[:, 4] = x[0] * _OSBORNE2_T * decay
    jac[:, 1:4] = -bumps
    jac[:, 5:8] = x[1:4] * offsets**2 * bumps
    jac[:, 8:11] = -2.0 * x[1:4] * x[5:8] * offsets * bumps
    return jac


@register("mgh-osborne-2", "MGH 19: Osborne 2, n = 11, m = 65, f* = 4.01377...e-2")
def mgh_osborne_2() -> LeastSquaresProblem:
    """Osborne's second function, MGH (1981) problem (19).

    ``r_i = y_i - (x1 exp(-t_i x5) + x2 exp(-(t_i - x9)**2 x6)
    + x3 exp(-(t_i - x10)**2 x7) + x4 exp(-(t_i - x11)**2 x8))`` with
    ``t_i = (i - 1) / 10``, i = 1..65; x0 = (1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5,
    5.5); f* = 4.01377...e-2.

    Examples
    --------
    >>> p = mgh_osborne_2()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '2.0934195142e+00'
    """
    return mgh_problem("mgh-osborne-2", 19, _osborne2_residuals, _osborne2_jacobian,
                       [1.3, 0.65, 0.65, 0.7, 0.6, 3.0, 5.0, 7.0, 2.0, 4.5, 5.5], OSBORNE2_F_OPT,
                       "f* = 4.01377...e-2 as published; " + REFINED)
