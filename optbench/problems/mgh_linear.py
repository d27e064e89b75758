"""MGH problems 32-34: linear least squares, with f* in closed form for every n and m.

Each is ``f(x) = ||A x - 1||**2``-like, from Moré, Garbow & Hillstrom (1981), ACM TOMS
7(1):17-41, section 3. The paper allows any m >= n; the defaults n = 10, m = 20 are
those of MINPACK's tests.
"""

from __future__ import annotations

import functools

import numpy as np

from optbench.families import MGH
from optbench.limits import DenseSize
from optbench.problems.base import Vector
from optbench.problems.mgh_common import mgh_problem
from optbench.problems.options import require, require_at_least
from optbench.problems.sumsq import LeastSquaresProblem, Matrix, register_sum_of_squares

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, MGH)


def _full_rank_matrix(n: int, m: int) -> Matrix:
    return np.eye(m, n) - 2.0 / m


def _rank_1_matrix(n: int, m: int) -> Matrix:
    return np.outer(np.arange(1.0, m + 1.0), np.arange(1.0, n + 1.0))


def _rank_1_zero_matrix(n: int, m: int) -> Matrix:
    matrix = np.zeros((m, n))
    matrix[1:-1, 1:-1] = np.outer(np.arange(1.0, m - 1.0), np.arange(2.0, n))
    return matrix


def _linear_residuals(x: Vector, matrix: Matrix) -> Vector:
    return matrix @ x - 1.0


def _linear_jacobian(x: Vector, matrix: Matrix) -> Matrix:
    return matrix


def _linear_problem(name: str, number: int, matrix: Matrix, f_opt: float, note: str,
                    x_opt: tuple[Vector, ...] = ()) -> LeastSquaresProblem:
    matrix.setflags(write=False)
    return mgh_problem(name, number, functools.partial(_linear_residuals, matrix=matrix),
                       functools.partial(_linear_jacobian, matrix=matrix),
                       np.ones(matrix.shape[1]), f_opt, note, x_opt=x_opt)


def _check_sizes(name: str, n: int, m: int, n_min: int) -> None:
    require_at_least(name, "n", n, n_min)
    require(m >= n, name, f"option m must be at least n = {n}; got {m}")


@register("mgh-linear-full-rank",
                         "MGH 32: linear function, full rank, n (10), m >= n (20), f* = m - n")
def mgh_linear_full_rank(n: DenseSize = 10, m: DenseSize = 20) -> LeastSquaresProblem:
    """The linear function of full rank, MGH (1981) problem (32).

    ``r_i = x_i - (2/m) sum_j x_j - 1`` for i = 1..n and ``r_i = -(2/m) sum_j x_j - 1``
    for i = n+1..m; x0 = (1, ..., 1); f* = m - n at (-1, ..., -1).

    Parameters
    ----------
    n : int
        Number of variables, at least 1.
    m : int
        Number of residuals, at least n.

    Examples
    --------
    >>> p = mgh_linear_full_rank()
    >>> round(p.sumsq.fun(p.x0), 12), p.f_opt
    (50.0, 10.0)
    """
    name = "mgh-linear-full-rank"
    _check_sizes(name, n, m, 1)
    return _linear_problem(name, 32, _full_rank_matrix(n, m), float(m - n),
                           "f* = m - n at (-1, ..., -1)", x_opt=(-np.ones(n),))


@register("mgh-linear-rank-1",
                         "MGH 33: linear function, rank 1, n (10), m >= n (20), f* closed form")
def mgh_linear_rank_1(n: DenseSize = 10, m: DenseSize = 20) -> LeastSquaresProblem:
    """The linear function of rank 1, MGH (1981) problem (33).

    ``r_i = i (sum_j j x_j) - 1``, i = 1..m; x0 = (1, ..., 1);
    f* = m (m - 1) / (2 (2m + 1)) on the hyperplane ``sum_j j x_j = 3 / (2m + 1)``
    (``x_opt`` is empty: the minimisers are not isolated).

    Parameters
    ----------
    n : int
        Number of variables, at least 1.
    m : int
        Number of residuals, at least n.

    Examples
    --------
    >>> p = mgh_linear_rank_1()
    >>> round(p.sumsq.fun(p.x0), 6), round(p.f_opt, 10)
    (8658670.0, 4.6341463415)
    """
    name = "mgh-linear-rank-1"
    _check_sizes(name, n, m, 1)
    return _linear_problem(name, 33, _rank_1_matrix(n, m), m * (m - 1.0) / (2.0 * (2.0 * m + 1.0)),
                           "f* = m (m - 1) / (2 (2m + 1)) on sum_j j x_j = 3 / (2m + 1)")


@register("mgh-linear-rank-1-zero",
                         "MGH 34: linear function, rank 1, zero columns and rows, f* closed form")
def mgh_linear_rank_1_zero(n: DenseSize = 10, m: DenseSize = 20) -> LeastSquaresProblem:
    """The linear function of rank 1 with zero columns and rows, MGH (1981) problem (34).

    ``r_1 = r_m = -1`` and ``r_i = (i - 1) (sum_{j=2..n-1} j x_j) - 1`` for i = 2..m-1;
    x0 = (1, ..., 1); f* = (m**2 + 3m - 6) / (2 (2m - 3)) on the hyperplane
    ``sum_{j=2..n-1} j x_j = 3 / (2m - 3)`` (``x_opt`` is empty: not isolated).

    Parameters
    ----------
    n : int
        Number of variables, at least 3 (x_1 and x_n never enter).
    m : int
        Number of residuals, at least n.

    Examples
    --------
    >>> p = mgh_linear_rank_1_zero()
    >>> round(p.sumsq.fun(p.x0), 6), round(p.f_opt, 10)
    (4067996.0, 6.1351351351)
    """
    name = "mgh-linear-rank-1-zero"
    _check_sizes(name, n, m, 3)
    return _linear_problem(name, 34, _rank_1_zero_matrix(n, m),
                           (m * m + 3.0 * m - 6.0) / (2.0 * (2.0 * m - 3.0)),
                           "f* = (m**2 + 3m - 6) / (2 (2m - 3)) on sum_{j=2..n-1} j x_j = "
                           "3 / (2m - 3)")
