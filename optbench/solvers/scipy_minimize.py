"""Adapters for ``scipy.optimize.minimize`` methods.

They call ``minimize``; the legacy functions of the seed (``fmin``, ``fmin_powell``,
``fmin_bfgs``, ``fmin_cg``) run the same code and give the same counts, which
``tests/test_scipy_counts.py`` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from scipy.optimize import minimize

from optbench.instrument import Instrument
from optbench.problems.base import Problem, Vector
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS

GradSource = Literal["analytic", "fd"]

#: scipy's ``warnflag`` codes for Nelder-Mead: 1 maxfev, 2 maxiter (scipy/optimize/_optimize.py).
_SIMPLEX_STATUS = {0: Status.CONVERGED, 1: Status.MAXITER, 2: Status.MAXITER}
#: Powell: 1 maxfev, 2 maxiter, 3 NaN, 4 result out of bounds.
_POWELL_STATUS = {
    0: Status.CONVERGED, 1: Status.MAXITER, 2: Status.MAXITER, 3: Status.DIVERGED,
    4: Status.ERROR,
}
#: BFGS and CG: 1 maxiter, 2 precision loss in the line search, 3 NaN.
_GRADIENT_STATUS = {0: Status.CONVERGED, 1: Status.MAXITER, 2: Status.STALLED, 3: Status.DIVERGED}


@dataclass(frozen=True)
class MinimizeSolver:
    """One ``scipy.optimize.minimize`` method on the instrument's callables.

    Parameters
    ----------
    method : str
        The ``minimize`` method name.
    status_codes : mapping of int to Status
        The method's ``OptimizeResult.status`` codes.
    uses_grad : bool
        Whether the method uses a gradient.
    grad : {"analytic", "fd"}
        Gradient source: the problem's analytic gradient, or scipy's finite differences
        (whose function calls the instrument counts in ``nfev``, as scipy does).
    options : mapping
        Extra ``options`` for ``minimize``.
    initial_iterations : int
        Iterations scipy counts before its first callback (Nelder-Mead counts building
        the initial simplex as iteration 1), so that the instrument's iteration count
        equals scipy's ``nit`` also for runs the budget stops.
    name : str
        The canonical solver spec, set by the registry.
    """

    method: str
    status_codes: Mapping[int, Status]
    uses_grad: bool = False
    grad: GradSource = "analytic"
    options: Mapping[str, Any] = field(default_factory=dict)
    initial_iterations: int = 0
    name: str = ""

    def skip(self, problem: Problem) -> str | None:
        """Why this method cannot run on ``problem``, or ``None``."""
        if problem.kind != "minimize":
            return f"{self.method} solves 'minimize' problems, not {problem.kind!r}"
        if self.uses_grad and self.grad == "analytic" and problem.grad is None:
            return f"{problem.name} has no analytic gradient (use {self.name}[grad=fd])"
        return None

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run ``minimize`` on the counted callables."""
        jac = objective.grad if self.uses_grad and self.grad == "analytic" else None
        objective.nit += self.initial_iterations
        res = minimize(
            objective.fun,
            x0,
            method=self.method,
            jac=jac,
            callback=objective.iteration,
            options=dict(self.options),
        )
        return Result(
            x=res.x,
            fun=float(res.fun),
            nit=int(res.nit),
            nfev=int(res.nfev),
            njev=int(res.njev) if "njev" in res else None,
            status=self.status_codes.get(int(res.status), Status.ERROR),
            message=str(res.message),
        )


def _options(maxiter: int) -> dict[str, int]:
    return {"maxiter": maxiter} if maxiter > 0 else {}


@SOLVERS.register("nelder-mead", "Nelder-Mead simplex (minimize method, legacy fmin)")
def nelder_mead(maxiter: int = 0) -> MinimizeSolver:
    """Nelder & Mead (1965) simplex search; ``maxiter=0`` keeps scipy's default (200 n)."""
    return MinimizeSolver(
        "Nelder-Mead", _SIMPLEX_STATUS, options=_options(maxiter), initial_iterations=1
    )


@SOLVERS.register("powell", "Powell's conjugate directions (minimize method, legacy fmin_powell)")
def powell(maxiter: int = 0) -> MinimizeSolver:
    """Powell (1964) conjugate-direction search; ``maxiter=0`` keeps scipy's default."""
    return MinimizeSolver("Powell", _POWELL_STATUS, options=_options(maxiter))


@SOLVERS.register("bfgs", "BFGS quasi-Newton (minimize method, legacy fmin_bfgs)")
def bfgs(grad: GradSource = "analytic", maxiter: int = 0) -> MinimizeSolver:
    """Broyden-Fletcher-Goldfarb-Shanno quasi-Newton with a Wolfe line search."""
    return MinimizeSolver(
        "BFGS", _GRADIENT_STATUS, uses_grad=True, grad=grad, options=_options(maxiter)
    )


@SOLVERS.register("cg", "Polak-Ribiere nonlinear conjugate gradient (legacy fmin_cg)")
def cg(grad: GradSource = "analytic", maxiter: int = 0) -> MinimizeSolver:
    """Nonlinear conjugate gradient (Polak-Ribiere) with a Wolfe line search."""
    return MinimizeSolver(
        "CG", _GRADIENT_STATUS, uses_grad=True, grad=grad, options=_options(maxiter)
    )
