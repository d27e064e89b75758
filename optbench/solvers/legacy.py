"""The seed's legacy ``scipy.optimize`` functions (``fmin``, ``fmin_bfgs``, ...) as solvers.

Each really calls the legacy function, with ``full_output`` where it has one, on the
instrument's callables, and maps what it returns into a `Result`. Each has a ``minimize``
twin (`optbench.solvers.scipy_minimize`) whose status table, derivative sources and
skip reasons it shares. With default options every legacy function runs the same code
as its twin and spends the same counts (``tests/test_solvers_legacy.py``): scipy 1.17.1's
legacy defaults equal ``minimize``'s (``fmin_tnc``: the same ``_minimize_tnc`` defaults;
``fmin_cobyla``: ``rhoend=1e-4`` and ``maxfun=1000`` are ``minimize``'s ``tol`` and
``maxiter``; its ``catol`` only matters with constraints).

What the legacy functions do not report is left ``None``: ``fmin_bfgs``, ``fmin_cg`` and
``fmin_ncg`` report no iteration count, so it is the length of their ``retall`` path
less one; ``fmin_tnc`` reports neither nit nor f (``fun`` is NaN; the runner re-evaluates
f at x); ``fmin_l_bfgs_b`` and ``fmin_slsqp`` report no gradient count; ``fmin_cobyla``
returns x alone, so its status is inferred from the instrument's evaluation count.

Constraints: ``fmin_slsqp`` takes the problem's equality and inequality constraints as
its ``f_eqcons`` and ``f_ieqcons`` (each kind stacked into one vector function, with its
stacked Jacobian as ``fprime_eqcons``/``fprime_ieqcons``; none with ``grad=fd``);
``fmin_cobyla`` takes inequalities only, so an equality ``c(x) = 0`` goes as the pair
``c(x) >= 0`` and ``-c(x) >= 0``. ``fmin_cobyla`` has no bounds argument and skips
bounded problems (its ``minimize`` twin takes bounds).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize

from optbench.instrument import Instrument
from optbench.problems.base import Constraint, Vector
from optbench.result import Result, Status
from optbench.solvers import scipy_minimize as twins
from optbench.solvers.base import SOLVERS, Accepts

#: ``fmin_cobyla``'s default evaluation limit.
COBYLA_MAXFUN = 1000

Call = Callable[["LegacySolver", Instrument, Vector], Result]


@dataclass(frozen=True)
class LegacySolver:
    """A legacy scipy function run through its adapter ``call``.

    Parameters
    ----------
    twin : MinimizeSolver
        The ``minimize`` method the function wraps: its status codes, derivative
        sources (``jac``, ``hess``, ``hessp``) and skip reasons.
    call : callable
        ``call(solver, objective, x0) -> Result``: calls the legacy function.
    accepts_bounds : bool
        Whether the legacy function takes bounds (``fmin`` and ``fmin_powell`` do not,
        though their ``minimize`` twins do).
    name : str
        The canonical solver spec, set by the registry.
    """

    twin: twins.MinimizeSolver
    call: Call
    accepts_bounds: bool = False
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """The twin's declaration, with this solver's name and its own bounds support."""
        own = dataclasses.replace(self.twin, name=self.name, accepts_bounds=self.accepts_bounds)
        return own.accepts

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Call the legacy function on the counted callables."""
        return self.call(self, objective, x0)

    def bounds(self, objective: Instrument) -> dict[str, Any]:
        """``bounds=`` for legacy functions that take them, when the problem has some."""
        bounds = objective.problem.bounds
        return {"bounds": list(bounds)} if self.accepts_bounds and bounds is not None else {}

    def result(self, x: Vector, fun: float, code: int, nit: int | None, nfev: int | None,
               njev: int | None = None, nhev: int | None = None) -> Result:
        """A `Result` with the twin's status for the legacy function's exit ``code``."""
        function = self.name.partition("[")[0]
        return Result(x=np.asarray(x, dtype=float), fun=float(fun), nit=nit, nfev=nfev,
                      njev=njev, nhev=nhev,
                      status=self.twin.status_codes.get(int(code), Status.ERROR),
                      message=f"{function} exit code {int(code)}")


ConstraintPair = tuple[Callable[[Vector], Vector], Callable[[Vector], Vector] | None]


def stacked_constraints(constraints: Sequence[Constraint], kind: str) -> ConstraintPair | None:
    """The constraints of one ``kind`` as one vector function and its Jacobian.

    ``None`` where it has none of that kind; where a constraint lacks a Jacobian, the
    stacked Jacobian is ``None`` (the caller then lets scipy difference it).

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> fun, jac = stacked_constraints(get_problem("hs-071").constraints, "eq")
    >>> fun(np.ones(4)).tolist(), jac(np.ones(4)).shape
    ([-36.0], (1, 4))
    >>> stacked_constraints(get_problem("hs-001").constraints, "eq") is None
    True
    """
    parts = [c for c in constraints if c.kind == kind]
    if not parts:
        return None

    def fun(x: Vector) -> Vector:
        return np.concatenate([np.atleast_1d(c.fun(x)) for c in parts])

    jacobians = [c.jac for c in parts]
    if any(jacobian is None for jacobian in jacobians):
        return fun, None

    def jac(x: Vector) -> Vector:
        return np.vstack([np.atleast_2d(jacobian(x)) for jacobian in jacobians
                          if jacobian is not None])

    return fun, jac


def _cobyla_constraints(
        constraints: Sequence[Constraint]) -> Sequence[Callable[[Vector], Vector]]:
    """``fmin_cobyla``'s ``cons``: the inequalities, and each equality as two of them."""
    ineq, eq = (stacked_constraints(constraints, "ineq"),
                stacked_constraints(constraints, "eq"))
    cons = [] if ineq is None else [ineq[0]]
    if eq is not None:
        eq_fun = eq[0]
        cons += [eq_fun, lambda x: -eq_fun(x)]
    return cons


def _fmin(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    x, fun, nit, nfev, flag = optimize.fmin(objective.fun, x0, full_output=True, disp=False,
                                            callback=objective.iteration)
    return solver.result(x, fun, flag, nit, nfev)


def _fmin_powell(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    x, fun, _, nit, nfev, flag = optimize.fmin_powell(
        objective.fun, x0, full_output=True, disp=False, callback=objective.iteration)
    return solver.result(x, fun, flag, nit, nfev)


def _fmin_bfgs(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    x, fun, _, _, nfev, njev, flag, path = optimize.fmin_bfgs(
        objective.fun, x0, fprime=solver.twin.derivatives(objective)["jac"], full_output=True,
        disp=False, retall=True, callback=objective.iteration)
    return solver.result(x, fun, flag, len(path) - 1, nfev, njev)


def _fmin_cg(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    x, fun, nfev, njev, flag, path = optimize.fmin_cg(
        objective.fun, x0, fprime=solver.twin.derivatives(objective)["jac"], full_output=True,
        disp=False, retall=True, callback=objective.iteration)
    return solver.result(x, fun, flag, len(path) - 1, nfev, njev)


def _fmin_ncg(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    derivatives = solver.twin.derivatives(objective)
    x, fun, nfev, njev, nhev, flag, path = optimize.fmin_ncg(
        objective.fun, x0, derivatives["jac"], fhess_p=derivatives.get("hessp"),
        fhess=derivatives.get("hess"), full_output=True, disp=False, retall=True,
        callback=objective.iteration)
    return solver.result(x, fun, flag, len(path) - 1, nfev, njev, nhev)


def _fmin_l_bfgs_b(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    fprime = solver.twin.derivatives(objective)["jac"]
    x, fun, info = optimize.fmin_l_bfgs_b(
        objective.fun, x0, fprime=fprime, approx_grad=fprime is None,
        callback=objective.iteration, **solver.bounds(objective))
    return solver.result(x, fun, info["warnflag"], info["nit"], info["funcalls"])


def _fmin_tnc(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    fprime = solver.twin.derivatives(objective)["jac"]
    x, nfev, code = optimize.fmin_tnc(
        objective.fun, x0, fprime=fprime, approx_grad=fprime is None, messages=0,
        callback=objective.iteration, **solver.bounds(objective))
    return solver.result(x, math.nan, code, None, nfev)


def _fmin_cobyla(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    x = optimize.fmin_cobyla(objective.fun, x0, _cobyla_constraints(objective.constraints),
                             maxfun=COBYLA_MAXFUN, disp=0, callback=objective.iteration)
    spent = objective.nfev >= COBYLA_MAXFUN
    status = Status.MAXITER if spent else Status.CONVERGED
    inferred = "maxfun reached" if spent else "fewer than maxfun evaluations, so converged"
    return Result(x=np.asarray(x, dtype=float), fun=math.nan, nit=None, nfev=None,
                  status=status, message=f"fmin_cobyla returns x only; status inferred: "
                                         f"{inferred}")


def _fmin_slsqp(solver: LegacySolver, objective: Instrument, x0: Vector) -> Result:
    fprime = solver.twin.derivatives(objective)["jac"]
    constraints: dict[str, Any] = {}
    for kind, name in (("eq", "eqcons"), ("ineq", "ieqcons")):
        pair = stacked_constraints(objective.constraints, kind)
        if pair is not None:
            constraints[f"f_{name}"] = pair[0]
            constraints[f"fprime_{name}"] = pair[1] if fprime is not None else None
    x, fun, nit, code, _ = optimize.fmin_slsqp(
        objective.fun, x0, fprime=fprime, full_output=True, iprint=0,
        callback=objective.iteration, **solver.bounds(objective), **constraints)
    return solver.result(x, fun, code, nit, None)


@SOLVERS.register("fmin", "legacy fmin: Nelder-Mead simplex (the seed's)")
def fmin() -> LegacySolver:
    """``scipy.optimize.fmin``, twin of ``nelder-mead``."""
    return LegacySolver(twins.nelder_mead(), _fmin)


@SOLVERS.register("fmin_powell", "legacy fmin_powell: Powell's method (the seed's)")
def fmin_powell() -> LegacySolver:
    """``scipy.optimize.fmin_powell``, twin of ``powell``."""
    return LegacySolver(twins.powell(), _fmin_powell)


@SOLVERS.register("fmin_bfgs", "legacy fmin_bfgs: BFGS (the seed's)")
def fmin_bfgs(grad: twins.GradSource = "analytic") -> LegacySolver:
    """``scipy.optimize.fmin_bfgs``, twin of ``bfgs``."""
    return LegacySolver(twins.bfgs(grad=grad), _fmin_bfgs)


@SOLVERS.register("fmin_cg", "legacy fmin_cg: nonlinear conjugate gradient (the seed's)")
def fmin_cg(grad: twins.GradSource = "analytic") -> LegacySolver:
    """``scipy.optimize.fmin_cg``, twin of ``cg``."""
    return LegacySolver(twins.cg(grad=grad), _fmin_cg)


@SOLVERS.register("fmin_ncg", "legacy fmin_ncg: Newton-CG (the seed's)")
def fmin_ncg(hess: twins.HesspSource = "analytic") -> LegacySolver:
    """``scipy.optimize.fmin_ncg``, twin of ``newton-cg`` (``fhess``/``fhess_p``)."""
    return LegacySolver(twins.newton_cg(hess=hess), _fmin_ncg)


@SOLVERS.register("fmin_l_bfgs_b", "legacy fmin_l_bfgs_b: L-BFGS-B")
def fmin_l_bfgs_b(grad: twins.GradSource = "analytic") -> LegacySolver:
    """``scipy.optimize.fmin_l_bfgs_b``, twin of ``l-bfgs-b`` (fd: ``approx_grad``)."""
    return LegacySolver(twins.l_bfgs_b(grad=grad), _fmin_l_bfgs_b, accepts_bounds=True)


@SOLVERS.register("fmin_tnc", "legacy fmin_tnc: truncated Newton (TNC)")
def fmin_tnc(grad: twins.GradSource = "analytic") -> LegacySolver:
    """``scipy.optimize.fmin_tnc``, twin of ``tnc`` (fd: ``approx_grad``)."""
    return LegacySolver(twins.tnc(grad=grad), _fmin_tnc, accepts_bounds=True)


@SOLVERS.register("fmin_cobyla", "legacy fmin_cobyla: COBYLA")
def fmin_cobyla() -> LegacySolver:
    """``scipy.optimize.fmin_cobyla``, twin of ``cobyla``; equalities as two inequalities."""
    return LegacySolver(twins.cobyla(), _fmin_cobyla)


@SOLVERS.register("fmin_slsqp", "legacy fmin_slsqp: SLSQP")
def fmin_slsqp(grad: twins.GradSource = "analytic") -> LegacySolver:
    """``scipy.optimize.fmin_slsqp``, twin of ``slsqp``."""
    return LegacySolver(twins.slsqp(grad=grad), _fmin_slsqp, accepts_bounds=True)
