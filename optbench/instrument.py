"""Count, trace and limit every evaluation a solver makes.

The instrument wraps a problem's callables, the way scipy's ``ScalarFunction`` keeps
``nfev`` outside ``fun``: problems never count themselves.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from optbench.problems.base import Problem, Vector
from optbench.problems.roots import (
    EquationSystem,
    ScalarEquation,
    get_equation_system,
    get_scalar_equation,
)
from optbench.problems.sumsq import SumOfSquares, get_sum_of_squares
from optbench.result import Result, Status


class BudgetExhausted(Exception):
    """Raised by the instrument when a solver asks for more than ``max_fev`` evaluations."""


@dataclass(frozen=True)
class Trace:
    """One row per function evaluation: index (1-based), value, best so far, seconds, njev.

    ``njev`` is the number of analytic gradient evaluations made so far, this
    evaluation's own included, so that costs counting gradients can be read off a trace.

    Examples
    --------
    >>> t = Trace(np.array([1, 2]), np.array([3.0, 5.0]), np.array([3.0, 3.0]),
    ...           np.array([0.1, 0.2]), np.array([1, 2]))
    >>> len(t)
    2
    """

    evaluation: NDArray[np.int64]
    f: NDArray[np.float64]
    best_f: NDArray[np.float64]
    time_s: NDArray[np.float64]
    njev: NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.evaluation.size)


class Instrument:
    """Counted, traced and budgeted versions of a problem's callables.

    Every call is counted, finite-difference calls included: ``fun`` and the value part
    of ``fun_and_grad`` add to ``nfev``, ``grad`` and the gradient part to ``njev``,
    ``hess`` and ``hessp`` to ``nhev``. Each function value is appended to the trace.
    Asking for evaluation ``max_fev + 1`` raises `BudgetExhausted` before evaluating.

    Parameters
    ----------
    problem : Problem
        The problem whose callables are wrapped.
    max_fev : int, optional
        The evaluation budget; ``None`` for none.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> counted = Instrument(get_problem("quadratic"), max_fev=10)
    >>> counted.fun(np.array([1.0])), counted.fun(np.array([2.0])), counted.nfev
    (5.0, 4.0, 2)
    >>> counted.best_f, counted.best_x.tolist()
    (4.0, [2.0])
    """

    def __init__(self, problem: Problem, max_fev: int | None = None) -> None:
        self.problem = problem
        self.max_fev = max_fev
        self.nfev = 0
        self.njev = 0
        self.nhev = 0
        self.nit = 0
        self.nonfinite = 0
        self.best_f = math.inf
        self.best_x: Vector = problem.x0.copy()
        self._values: list[float] = []
        self._best: list[float] = []
        self._times: list[float] = []
        self._gradients: list[int] = []
        self._start = time.perf_counter()

    def _record(self, x: Vector, value: float) -> None:
        self._times.append(time.perf_counter() - self._start)
        self._values.append(value)
        self._gradients.append(self.njev)
        if not math.isfinite(value):
            self.nonfinite += 1
        elif value < self.best_f:
            self.best_f = value
            self.best_x = np.array(x, dtype=float, copy=True)
        self._best.append(self.best_f)

    def _spend(self) -> None:
        if self.max_fev is not None and self.nfev >= self.max_fev:
            raise BudgetExhausted(f"evaluation budget max_fev={self.max_fev} spent")
        self.nfev += 1

    def fun(self, x: Vector) -> float:
        """The counted objective."""
        self._spend()
        value = float(self.problem.fun(x))
        self._record(x, value)
        return value

    def grad(self, x: Vector) -> Vector:
        """The counted analytic gradient."""
        assert self.problem.grad is not None
        self.njev += 1
        return self.problem.grad(x)

    def fun_and_grad(self, x: Vector) -> tuple[float, Vector]:
        """Value and gradient together: one ``nfev`` and one ``njev``.

        Uses the problem's combined callable where it has one, so shared work is done once.
        """
        self._spend()
        if self.problem.fun_and_grad is not None:
            value, gradient = self.problem.fun_and_grad(x)
        else:
            assert self.problem.grad is not None
            value, gradient = self.problem.fun(x), self.problem.grad(x)
        self.njev += 1
        value = float(value)
        self._record(x, value)  # after counting the gradient: this row's njev includes it
        return value, gradient

    @functools.cached_property
    def _sumsq(self) -> SumOfSquares:
        """The residual form of the problem, looked up by its (canonical) name."""
        return get_sum_of_squares(self.problem.name).sumsq

    def residuals(self, x: Vector) -> Vector:
        """The counted residual vector of a sum-of-squares problem: one ``nfev``.

        Its value ``f = r @ r`` goes to the trace, so residual and ``minimize`` solvers
        share one trace format.
        """
        self._spend()
        r = np.asarray(self._sumsq.residuals(x), dtype=float)
        self._record(x, float(r @ r))
        return r

    def jacobian(self, x: Vector) -> NDArray[np.float64]:
        """The counted Jacobian of the residuals: one ``njev``."""
        self.njev += 1
        return self._sumsq.jacobian(x)

    @functools.cached_property
    def scalar_equation(self) -> ScalarEquation:
        """The scalar-equation form of the problem, looked up once by its (canonical) name."""
        return get_scalar_equation(self.problem.name)

    def equation(self, t: float) -> float:
        """The counted f of a scalar equation at the float ``t``: one ``nfev``.

        ``|f(t)|`` goes to the trace (the `Problem` view's f).
        """
        self._spend()
        value = float(self.scalar_equation.f(float(t)))
        self._record(np.array([float(t)]), abs(value))
        return value

    def equation_derivative(self, t: float) -> float:
        """The counted analytic f' of a scalar equation: one ``njev``."""
        fprime = self.scalar_equation.fprime
        assert fprime is not None
        self.njev += 1
        return float(fprime(float(t)))

    def equation_second_derivative(self, t: float) -> float:
        """The counted analytic f'' of a scalar equation: one ``nhev``."""
        fprime2 = self.scalar_equation.fprime2
        assert fprime2 is not None
        self.nhev += 1
        return float(fprime2(float(t)))

    def fixed_point_map(self, t: float) -> float:
        """The counted fixed-point map g of a scalar equation at ``t``: one ``nfev``.

        The trace gets ``|f(t)|``, the equation's residual at the point g was evaluated
        at (an uncounted evaluation of f), so that it reads as every other root trace.
        """
        self._spend()
        equation = self.scalar_equation
        assert equation.fixed_point is not None
        value = float(equation.fixed_point(float(t)))
        self._record(np.array([float(t)]), abs(float(equation.f(float(t)))))
        return value

    @functools.cached_property
    def equation_system(self) -> EquationSystem:
        """The equation-system form of the problem, looked up once by its (canonical) name."""
        return get_equation_system(self.problem.name)

    def equations(self, x: Vector) -> Vector:
        """The counted F of an equation system: one ``nfev``; ``||F(x)||`` to the trace."""
        self._spend()
        value = np.asarray(self.equation_system.equations(np.asarray(x, dtype=float)), dtype=float)
        self._record(x, float(np.linalg.norm(value)))
        return value

    def equations_jacobian(self, x: Vector) -> NDArray[np.float64]:
        """The counted analytic Jacobian of an equation system: one ``njev``."""
        jacobian = self.equation_system.jacobian
        assert jacobian is not None
        self.njev += 1
        return np.asarray(jacobian(np.asarray(x, dtype=float)), dtype=float)

    def hess(self, x: Vector) -> NDArray[np.float64]:
        """The counted analytic Hessian."""
        assert self.problem.hess is not None
        self.nhev += 1
        return self.problem.hess(x)

    def hessp(self, x: Vector, p: Vector) -> Vector:
        """The counted Hessian-vector product."""
        assert self.problem.hessp is not None
        self.nhev += 1
        return self.problem.hessp(x, p)

    def result_at_best(self, x0: Vector, status: Status, message: str) -> Result:
        """A run stopped early (budget, exception, breakdown): its best point seen.

        The best point where some evaluation gave a finite value, else ``x0``; the
        counts are left empty (the solver reported none).

        Examples
        --------
        >>> from optbench.problems import get_problem
        >>> counted = Instrument(get_problem("quadratic"))
        >>> counted.result_at_best(np.array([1.3]), Status.ERROR, "raised").x.tolist()
        [1.3]
        """
        x = self.best_x if self.nfev and math.isfinite(self.best_f) else x0
        return Result(x=x, fun=self.best_f, nit=None, nfev=None, status=status,
                      message=message)

    def iteration(self, *args: object) -> None:
        """A solver callback: counts one iteration."""
        self.nit += 1

    @property
    def elapsed(self) -> float:
        """Seconds since the instrument was made."""
        return time.perf_counter() - self._start

    def trace(self) -> Trace:
        """The trace so far, as arrays."""
        return Trace(
            evaluation=np.arange(1, len(self._values) + 1, dtype=np.int64),
            f=np.array(self._values, dtype=float),
            best_f=np.array(self._best, dtype=float),
            time_s=np.array(self._times, dtype=float),
            njev=np.array(self._gradients, dtype=np.int64),
        )
