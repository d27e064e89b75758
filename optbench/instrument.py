"""Count, trace and limit every evaluation a solver makes.

The instrument hands a solver the problem's callables wrapped by their counting shapes
(`optbench.counting`), the way scipy's ``ScalarFunction`` keeps ``nfev`` outside
``fun``: problems never count themselves, and solvers only read the counts. It composes
one `~optbench.counting.Meter` with

- the objective view every problem has: ``fun``, ``grad``, ``fun_and_grad``, ``hess``,
  ``hessp`` and the ``constraints`` (``nfev``, ``njev``, ``nhev``, ``ncev``, ``ncjev``);
- the problem's typed form with its callables counted (``form``, `form_as`): residuals,
  a scalar equation, a system, each wrapped as the form itself says
  (`optbench.problems.forms.Form.counted`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from optbench.counting import (
    BudgetExhausted,
    Counter,
    Meter,
    Value,
    ValueAndGradient,
    counted,
)
from optbench.errors import OptbenchError
from optbench.problems.base import Constraint, Problem, Vector
from optbench.result import Result, Status
from optbench.trace import Trace

__all__ = ["BudgetExhausted", "Instrument", "Trace"]

FormT = TypeVar("FormT")


class Instrument:
    """Counted, traced and budgeted versions of a problem's callables.

    Every call is counted, finite-difference calls included: ``fun`` and the value part
    of ``fun_and_grad`` add to ``nfev``, ``grad`` and the gradient part to ``njev``,
    ``hess`` and ``hessp`` to ``nhev``, a constraint's ``fun`` to ``ncev`` and its
    ``jac`` to ``ncjev``; the form's callables count as the form declares. Each function
    value is appended to the trace: the true function's, uncounted, where the solver
    sees a perturbed one (`Problem.true_fun`: a noisy or truncated problem), as
    OptiProfiler's histories record the original problem's values, so that targets,
    profiles and the best point measure progress on the true function. Asking for
    evaluation ``max_fev + 1`` raises `BudgetExhausted` before evaluating. The counts
    are read-only.

    Parameters
    ----------
    problem : Problem
        The problem whose callables are wrapped.
    max_fev : int, optional
        The evaluation budget; ``None`` for none.

    Examples
    --------
    >>> import numpy as np
    >>> from optbench.problems import get_problem
    >>> counted = Instrument(get_problem("quadratic"), max_fev=10)
    >>> counted.fun(np.array([1.0])), counted.fun(np.array([2.0])), counted.nfev
    (5.0, 4.0, 2)
    >>> counted.best_f, counted.best_x.tolist()
    (4.0, [2.0])
    """

    def __init__(self, problem: Problem, max_fev: int | None = None) -> None:
        self.problem = problem
        self.meter = Meter(problem.x0, max_fev, problem.trace_violation())
        meter = self.meter
        traced = _true_value(problem)
        self.fun: Callable[[Vector], float] = Value(problem.fun, meter, traced=traced)
        self.grad: Callable[[Vector], Vector] = counted(problem.grad, meter, Counter.NJEV,
                                                        "analytic gradient")
        self.fun_and_grad: Callable[[Vector], tuple[float, Vector]] = ValueAndGradient(
            problem.fun_and_grad or self._value_and_gradient, meter, traced)
        self.hess: Callable[[Vector], Any] = counted(problem.hess, meter, Counter.NHEV,
                                                     "analytic Hessian")
        self.hessp: Callable[[Vector, Vector], Vector] = counted(
            problem.hessp, meter, Counter.NHEV, "Hessian-vector product")
        self.constraints: tuple[Constraint, ...] = tuple(
            constraint.counted(meter) for constraint in problem.constraints)
        self.form: Any = None if problem.form is None else problem.form.counted(meter)
        self.iteration: Callable[..., None] = meter.iteration

    def _value_and_gradient(self, x: Vector) -> tuple[float, Vector]:
        """f and g by the problem's separate callables (one count each, by the wrapper)."""
        if self.problem.grad is None:
            raise TypeError("the problem has no analytic gradient")
        return self.problem.fun(x), self.problem.grad(x)

    def form_as(self, form_type: type[FormT]) -> FormT:
        """The counted form, checked to be a ``form_type``.

        Raises
        ------
        OptbenchError
            If the problem carries no form of that type.
        """
        if not isinstance(self.form, form_type):
            raise OptbenchError(f"problem {self.problem.name!r} is no {form_type.__name__}")
        return self.form

    @property
    def max_fev(self) -> int | None:
        """The evaluation budget (``None``: none)."""
        return self.meter.max_fev

    @property
    def nfev(self) -> int:
        """Function evaluations (values of f, residual vectors, F) so far."""
        return self.meter.count(Counter.NFEV)

    @property
    def njev(self) -> int:
        """Analytic gradient (Jacobian, f') evaluations so far."""
        return self.meter.count(Counter.NJEV)

    @property
    def nhev(self) -> int:
        """Analytic Hessian (Hessian-vector product, f'') evaluations so far."""
        return self.meter.count(Counter.NHEV)

    @property
    def ncev(self) -> int:
        """Constraint evaluations so far (one per call of one constraint's function)."""
        return self.meter.count(Counter.NCEV)

    @property
    def ncjev(self) -> int:
        """Constraint Jacobian evaluations so far."""
        return self.meter.count(Counter.NCJEV)

    @property
    def iterations(self) -> int:
        """Iteration callbacks so far (`iteration`)."""
        return self.meter.iterations

    @property
    def best_f(self) -> float:
        """The smallest finite value traced so far (inf before any)."""
        return self.meter.best_f

    @property
    def best_x(self) -> Vector:
        """Where `best_f` was evaluated (x0 before any finite value)."""
        return self.meter.best_x

    @property
    def nonfinite(self) -> int:
        """Traced values that were NaN or infinite."""
        return self.meter.nonfinite

    def result_at_best(self, x0: Vector, status: Status, message: str) -> Result:
        """A run stopped early (budget, exception, breakdown): its best point seen.

        The best point where some evaluation gave a finite value, else ``x0``; the
        counts are left empty (the solver reported none).

        Examples
        --------
        >>> import numpy as np
        >>> from optbench.problems import get_problem
        >>> counted = Instrument(get_problem("quadratic"))
        >>> counted.result_at_best(np.array([1.3]), Status.ERROR, "raised").x.tolist()
        [1.3]
        """
        x = self.best_x if self.nfev and math.isfinite(self.best_f) else x0
        return Result(x=x, fun=self.best_f, nit=None, nfev=None, status=status,
                      message=message)

    @property
    def elapsed(self) -> float:
        """Seconds since the instrument was made."""
        return self.meter.elapsed

    def trace(self) -> Trace:
        """The trace so far, as arrays."""
        return self.meter.trace()


def _true_value(problem: Problem) -> Callable[[Vector, float], float]:
    """What the trace records of a value ``f`` at ``x``: ``f`` itself, or the true
    function's value at ``x`` where ``problem.fun`` perturbs it."""
    true_fun = problem.true_fun
    if true_fun is None:
        return _itself

    def true_value(x: Vector, value: float) -> float:
        return float(true_fun(np.asarray(x, dtype=float)))

    return true_value


def _itself(x: Vector, value: float) -> float:
    return value
