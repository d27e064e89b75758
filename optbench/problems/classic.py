"""The seed's quadratic and Rosenbrock's function."""

from __future__ import annotations

from typing import Annotated

import numpy as np
from scipy.optimize import rosen, rosen_der, rosen_hess, rosen_hess_prod

from optbench.families import SEED
from optbench.limits import MAX_DENSE_SIZE
from optbench.problems.base import Problem, Vector
from optbench.problems.options import require_at_least
from optbench.problems.registry import PROBLEMS
from optbench.registry import Range

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(SEED)


def _quadratic(x: Vector) -> float:
    return float(x[0] ** 2 - 4.0 * x[0] + 8.0)


def _quadratic_grad(x: Vector) -> Vector:
    return np.array([2.0 * x[0] - 4.0])


def _quadratic_hess(x: Vector) -> Vector:
    return np.array([[2.0]])


def _quadratic_hessp(x: Vector, p: Vector) -> Vector:
    return 2.0 * np.asarray(p, dtype=float)


@register("quadratic", "the seed's f(x) = x**2 - 4x + 8, x0 = 1.3, f* = 4 at x = 2")
def quadratic() -> Problem:
    """The seed's one-dimensional quadratic ``f(x) = x**2 - 4*x + 8``.

    Completing the square, ``f(x) = (x - 2)**2 + 4``: the minimum is 4 at x = 2. The
    seed starts every solver from ``x0 = [1.3]``.

    Examples
    --------
    >>> quadratic().fun(np.array([2.0]))
    4.0
    """
    return Problem(
        name="quadratic",
        fun=_quadratic,
        grad=_quadratic_grad,
        hess=_quadratic_hess,
        hessp=_quadratic_hessp,
        x0=np.array([1.3]),
        f_opt=4.0,
        x_opt=(np.array([2.0]),),
        source="seed tutorial (scipy.optimize tour): f(x) = x**2 - 4x + 8 = (x - 2)**2 + 4",
    )


@register("rosenbrock", "Rosenbrock's valley (chained for n > 2), f* = 0 at (1, ..., 1)")
def rosenbrock(n: Annotated[int, Range(2, MAX_DENSE_SIZE)] = 2) -> Problem:
    """Rosenbrock's function, ``sum 100 (x[i+1] - x[i]**2)**2 + (1 - x[i])**2``.

    For n = 2 this is Rosenbrock (1960) and problem 1 of Moré, Garbow & Hillstrom
    (1981), started from (-1.2, 1). For n > 2 it is the chained form of
    ``scipy.optimize.rosen``, started from (-1.2, 1, -1.2, 1, ...). f* = 0 at (1, ..., 1).

    Parameters
    ----------
    n : int
        Number of variables, at least 2 and at most `optbench.limits.MAX_DENSE_SIZE`:
        its Hessian (``scipy.optimize.rosen_hess``) is a dense n x n matrix.

    Examples
    --------
    >>> rosenbrock().fun(np.array([-1.2, 1.0]))  # MGH (1981) f(x0) = 24.2
    24.199999999999996
    """
    require_at_least("rosenbrock", "n", n, 2)
    x0 = np.where(np.arange(n) % 2 == 0, -1.2, 1.0)
    return Problem(
        name="rosenbrock",
        fun=lambda x: float(rosen(x)),
        grad=rosen_der,
        hess=rosen_hess,
        hessp=rosen_hess_prod,
        x0=x0,
        f_opt=0.0,
        x_opt=(np.ones(n),),
        source="Rosenbrock (1960), Comput. J. 3:175; Moré, Garbow & Hillstrom (1981) problem 1",
    )
