"""MGH problems 28-31: square nonlinear systems (boundary value, integral equation, Broyden).

Each is ``f(x) = sum r_i(x)**2`` over n residuals in n variables, from Moré, Garbow &
Hillstrom (1981), ACM TOMS 7(1):17-41, section 3; f* = 0 (a root of the system) for
every n. The paper does not give the roots, so ``x_opt`` is empty.
"""

from __future__ import annotations

import functools

import numpy as np

from optbench.families import MGH
from optbench.limits import DenseSize
from optbench.problems.base import Vector
from optbench.problems.mgh_common import mgh_problem
from optbench.problems.sumsq import LeastSquaresProblem, Matrix, register_sum_of_squares

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, MGH)


def _grid(n: int) -> tuple[float, Vector]:
    h = 1.0 / (n + 1.0)
    return h, h * np.arange(1.0, n + 1.0)


def _boundary_start(n: int) -> Vector:
    _, t = _grid(n)
    return t * (t - 1.0)


def _boundary_value_residuals(x: Vector) -> Vector:
    h, t = _grid(x.size)
    padded = np.concatenate([[0.0], x, [0.0]])
    return 2.0 * x - padded[:-2] - padded[2:] + 0.5 * h * h * (x + t + 1.0) ** 3


def _boundary_value_jacobian(x: Vector) -> Matrix:
    h, t = _grid(x.size)
    jac = np.diag(2.0 + 1.5 * h * h * (x + t + 1.0) ** 2)
    off = np.arange(x.size - 1)
    jac[off, off + 1] = -1.0
    jac[off + 1, off] = -1.0
    return jac


@register("mgh-discrete-boundary-value",
                         "MGH 28: discrete boundary value, n = m (10), f* = 0")
def mgh_discrete_boundary_value(n: DenseSize = 10) -> LeastSquaresProblem:
    """The discrete boundary value function, MGH (1981) problem (28).

    With ``h = 1 / (n + 1)``, ``t_i = i h`` and ``x_0 = x_{n+1} = 0``:
    ``r_i = 2 x_i - x_{i-1} - x_{i+1} + h**2 (x_i + t_i + 1)**3 / 2``, i = 1..n;
    x0 with ``x_j = t_j (t_j - 1)``; f* = 0.

    Parameters
    ----------
    n : int
        Number of variables, at least 1.

    Examples
    --------
    >>> p = mgh_discrete_boundary_value()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '7.8851910126e-04'
    """
    name = "mgh-discrete-boundary-value"
    return mgh_problem(name, 28, _boundary_value_residuals, _boundary_value_jacobian,
                       _boundary_start(n), 0.0, "f* = 0")


def _integral_kernel(n: int) -> tuple[float, Vector, Matrix]:
    """h, t and K with K[i, j] = (1 - t_i) t_j for j <= i and t_i (1 - t_j) for j > i."""
    h, t = _grid(n)
    lower = np.tril(np.ones((n, n), dtype=bool))
    kernel = np.where(lower, np.outer(1.0 - t, t), np.outer(t, 1.0 - t))
    return h, t, kernel


def _integral_equation_residuals(x: Vector) -> Vector:
    h, t, kernel = _integral_kernel(x.size)
    return x + 0.5 * h * (kernel @ (x + t + 1.0) ** 3)


def _integral_equation_jacobian(x: Vector) -> Matrix:
    h, t, kernel = _integral_kernel(x.size)
    return np.eye(x.size) + 1.5 * h * kernel * (x + t + 1.0) ** 2


@register("mgh-discrete-integral-equation",
                         "MGH 29: discrete integral equation, n = m (10), f* = 0")
def mgh_discrete_integral_equation(n: DenseSize = 10) -> LeastSquaresProblem:
    """The discrete integral equation function, MGH (1981) problem (29).

    With ``h = 1 / (n + 1)``, ``t_i = i h``: ``r_i = x_i + h [(1 - t_i) sum_{j<=i}
    t_j (x_j + t_j + 1)**3 + t_i sum_{j>i} (1 - t_j) (x_j + t_j + 1)**3] / 2``,
    i = 1..n; x0 with ``x_j = t_j (t_j - 1)``; f* = 0.

    Parameters
    ----------
    n : int
        Number of variables, at least 1.

    Examples
    --------
    >>> p = mgh_discrete_integral_equation()
    >>> f"{p.sumsq.fun(p.x0):.10e}"
    '6.3416841579e-02'
    """
    name = "mgh-discrete-integral-equation"
    return mgh_problem(name, 29, _integral_equation_residuals, _integral_equation_jacobian,
                       _boundary_start(n), 0.0, "f* = 0")


def _broyden_tridiagonal_residuals(x: Vector) -> Vector:
    padded = np.concatenate([[0.0], x, [0.0]])
    return (3.0 - 2.0 * x) * x - padded[:-2] - 2.0 * padded[2:] + 1.0


def _broyden_tridiagonal_jacobian(x: Vector) -> Matrix:
    jac = np.diag(3.0 - 4.0 * x)
    off = np.arange(x.size - 1)
    jac[off + 1, off] = -1.0
    jac[off, off + 1] = -2.0
    return jac


@register("mgh-broyden-tridiagonal",
                         "MGH 30: Broyden tridiagonal, n = m (10), f* = 0")
def mgh_broyden_tridiagonal(n: DenseSize = 10) -> LeastSquaresProblem:
    """Broyden's tridiagonal function, MGH (1981) problem (30).

    ``r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1``, i = 1..n, with
    ``x_0 = x_{n+1} = 0``; x0 = (-1, ..., -1); f* = 0.

    Parameters
    ----------
    n : int
        Number of variables, at least 1.

    Examples
    --------
    >>> p = mgh_broyden_tridiagonal()
    >>> round(p.sumsq.fun(p.x0), 12)
    21.0
    """
    name = "mgh-broyden-tridiagonal"
    return mgh_problem(name, 30, _broyden_tridiagonal_residuals, _broyden_tridiagonal_jacobian,
                       -np.ones(n), 0.0, "f* = 0")


def _broyden_band(n: int) -> Matrix:
    """The band J_i = {j != i : i - 5 <= j <= i + 1}, as a boolean matrix."""
    i, j = np.indices((n, n))
    return (j != i) & (j >= i - 5) & (j <= i + 1)


def _broyden_banded_residuals(x: Vector) -> Vector:
    return x * (2.0 + 5.0 * x * x) + 1.0 - _broyden_band(x.size) @ (x * (1.0 + x))


def _broyden_banded_jacobian(x: Vector) -> Matrix:
    jac = _broyden_band(x.size) * -(1.0 + 2.0 * x)
    jac[np.diag_indices(x.size)] = 2.0 + 15.0 * x * x
    return jac


@register("mgh-broyden-banded", "MGH 31: Broyden banded, n = m (10), f* = 0")
def mgh_broyden_banded(n: DenseSize = 10) -> LeastSquaresProblem:
    """Broyden's banded function, MGH (1981) problem (31).

    ``r_i = x_i (2 + 5 x_i**2) + 1 - sum_{j in J_i} x_j (1 + x_j)`` with
    ``J_i = {j != i : max(1, i - 5) <= j <= min(n, i + 1)}`` (m_l = 5, m_u = 1),
    i = 1..n; x0 = (-1, ..., -1); f* = 0.

    Parameters
    ----------
    n : int
        Number of variables, at least 1.

    Examples
    --------
    >>> p = mgh_broyden_banded()
    >>> round(p.sumsq.fun(p.x0), 12)
    360.0
    """
    name = "mgh-broyden-banded"
    return mgh_problem(name, 31, _broyden_banded_residuals, _broyden_banded_jacobian,
                       -np.ones(n), 0.0, "f* = 0")
