"""Derivative checks: analytic gradients and Hessians against central differences.

``python -m optbench check`` runs `check_problem` on every problem and exits non-zero
on any mismatch: the seed's lesson that hand-written derivatives must be checked. For a
scalar equation the checked derivatives are f' and f'' (as gradient and Hessian of the
signed f); for a system, its Jacobian (in the gradient column; ``check_grad`` does not
apply).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import check_grad

from optbench.problems.base import Problem, Vector

#: A derivative passes when its error relative to its scale is at most this: a wrong
#: derivative (a lost factor, a sign) is off by O(1); differencing errors stay below 1e-5.
TOLERANCE = 1e-4


@dataclass(frozen=True)
class CheckResult:
    """The worst relative errors of a problem's derivatives over the checked points."""

    problem: str
    n: int
    points: int
    grad_error: float
    forward_grad_error: float
    hess_error: float | None

    @property
    def ok(self) -> bool:
        """Whether every checked derivative is within `TOLERANCE`."""
        errors = [self.grad_error] + ([self.hess_error] if self.hess_error is not None else [])
        return all(error <= TOLERANCE for error in errors)


def check_points(problem: Problem, seed: int, count: int = 3) -> list[Vector]:
    """x0 and ``count - 1`` seeded points near it (relative perturbations of 10 %)."""
    rng = np.random.default_rng([seed, zlib.crc32(problem.name.encode())])
    scale = 0.1 * np.maximum(1.0, np.abs(problem.x0))
    return [problem.x0.copy()] + [problem.x0 + scale * rng.standard_normal(problem.n)
                                  for _ in range(count - 1)]


def _central(function, x: Vector, direction: Vector) -> Vector:
    """Central difference of ``function`` along ``direction`` (a unit vector) at ``x``.

    The step is eps**(1/3) times the size of x along the direction, so that parameters
    of scale 1e-4 (NIST's Misra1b) get steps of their own scale; 1 where that size is 0.
    """
    size = float(np.linalg.norm(np.abs(x) * np.abs(direction)))
    step = np.cbrt(np.finfo(float).eps) * (size if size > 0.0 else 1.0)
    return (np.asarray(function(x + step * direction)) -
            np.asarray(function(x - step * direction))) / (2.0 * step)


def relative_error(analytic: Vector, numeric: Vector, floor: float) -> float:
    """``|analytic - numeric| / max(|numeric|, floor)``, Euclidean norms.

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), 1e-8)
    4.47...e-10
    """
    return float(np.linalg.norm(analytic - numeric) / max(float(np.linalg.norm(numeric)), floor))


def gradient_error(problem: Problem, x: Vector) -> float:
    """Relative error of the analytic gradient against central differences at ``x``."""
    assert problem.grad is not None
    identity = np.eye(problem.n)
    numeric = np.array([_central(problem.fun, x, e) for e in identity])
    floor = np.sqrt(np.finfo(float).eps) * max(1.0, abs(problem.fun(x)))
    return relative_error(np.asarray(problem.grad(x), dtype=float), numeric, floor)


def hessian_error(problem: Problem, x: Vector, direction: Vector) -> float:
    """Relative error of hess(x) @ v and hessp(x, v) against differences of the gradient."""
    assert problem.grad is not None
    numeric = _central(problem.grad, x, direction)
    floor = np.sqrt(np.finfo(float).eps) * max(1.0, float(np.linalg.norm(problem.grad(x))))
    products = []
    if problem.hess is not None:
        products.append(np.asarray(problem.hess(x)) @ direction)
    if problem.hessp is not None:
        products.append(np.asarray(problem.hessp(x, direction)))
    return max(relative_error(product, numeric, floor) for product in products)


def jacobian_error(equations: Callable[[Vector], Any], jacobian: Callable[[Vector], Any],
                   x: Vector) -> float:
    """Relative error (Frobenius norms) of an analytic Jacobian against central differences."""
    numeric = np.column_stack([_central(equations, x, e) for e in np.eye(x.size)])
    floor = np.sqrt(np.finfo(float).eps) * max(1.0, float(np.linalg.norm(equations(x))))
    return relative_error(np.asarray(jacobian(x), dtype=float), numeric, floor)


def derivative_view(problem: Problem) -> Problem:
    """The problem whose ``grad`` and ``hess`` `check_problem` compares with differences:
    its form's choice (`optbench.problems.forms.Form.derivative_view`), else itself.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> view = derivative_view(get_problem("aps-05"))  # sin x - 1/2: the signed f and f'
    >>> view.fun(np.array([0.0])), view.grad(np.array([0.0])).tolist()
    (-0.5, [1.0])
    """
    return problem if problem.form is None else problem.form.derivative_view(problem)


def _check_jacobian(problem: Problem, equations: Callable[[Vector], Any],
                    jacobian: Callable[[Vector], Any], seed: int) -> CheckResult:
    """A form's vector function and its Jacobian at `check_points`."""
    points = check_points(problem, seed)
    with np.errstate(all="ignore"):
        worst = max(jacobian_error(equations, jacobian, x) for x in points)
    return CheckResult(problem.name, problem.n, len(points), worst, math.nan, None)


def check_problem(problem: Problem, seed: int = 0) -> CheckResult | None:
    """Check a problem's derivatives at `check_points`; ``None`` if it has none.

    ``forward_grad_error`` is scipy's ``check_grad`` (forward differences), reported
    for reference (NaN for systems); the pass mark uses the central differences,
    accurate to about eps**(2/3) rather than sqrt(eps).
    """
    pair = None if problem.form is None else problem.form.jacobian_pair()
    if pair is not None:
        return _check_jacobian(problem, *pair, seed)
    problem = derivative_view(problem)
    if problem.grad is None:
        return None
    rng = np.random.default_rng([seed, 1 + zlib.crc32(problem.name.encode())])
    grad_errors, forward_errors, hess_errors = [], [], []
    points = check_points(problem, seed)
    with np.errstate(all="ignore"):
        for x in points:
            grad_errors.append(gradient_error(problem, x))
            scale = max(1.0, float(np.linalg.norm(problem.grad(x))))
            forward_errors.append(check_grad(problem.fun, problem.grad, x) / scale)
            if problem.hess is not None or problem.hessp is not None:
                direction = rng.standard_normal(problem.n)
                direction /= np.linalg.norm(direction)
                hess_errors.append(hessian_error(problem, x, direction))
    return CheckResult(problem.name, problem.n, len(points), max(grad_errors),
                       max(forward_errors), max(hess_errors) if hess_errors else None)
