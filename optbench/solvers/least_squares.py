"""Adapters for scipy's least-squares solvers, on the residual form of a sum of squares.

They run on the counted residual form (`optbench.problems.sumsq.LeastSquaresProblem`,
``objective.form``: one ``nfev`` per residual vector, finite-difference vectors included,
one ``njev`` per Jacobian), so they need problems that offer residuals (the MGH and NIST
problems) and skip the rest. None of them reports iterations: ``nit`` is ``None``.

Status tables (read from scipy 1.17.1's sources, ``scipy/optimize/``):

==================  ==========================================================  =========
solver              code: meaning                                               status
==================  ==========================================================  =========
least_squares       -1 improper input (MINPACK); 0 max_nfev; 1 gtol; 2 ftol;    e, m, c,
(trf, dogbox, lm)   3 xtol; 4 ftol and xtol (``_lsq/least_squares.py``,         c, c, c
                    ``TERMINATION_MESSAGES``)
leastsq             0 improper input; 1-4 converged (ftol, xtol, both, gtol);   e, c, m,
                    5 maxfev; 6, 7, 8 ftol, xtol, gtol too small for further    s
                    progress (``_minpack_py.py``, ``leastsq``)
curve_fit           leastsq's codes; it raises ``RuntimeError`` for any code
                    but 1-4, recorded as ``stalled`` with scipy's message and
                    the best point the instrument saw
==================  ==========================================================  =========

(c converged, m maxiter, s stalled, e error.) Counts: with the analytic Jacobian the
instrument's counts equal scipy's, but ``leastsq`` and ``curve_fit`` evaluate the
residuals once more at x0 to check their shape (``_check_func``), which MINPACK's
``nfev`` leaves out. With ``jac=fd``, ``trf`` and ``dogbox`` leave the finite-difference
vectors out of their ``nfev`` (scipy's documentation says so) while the instrument
counts them; ``lm`` and ``leastsq`` count them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy.optimize import curve_fit, least_squares, leastsq

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Vector
from optbench.problems.sumsq import LeastSquaresProblem, SumOfSquares
from optbench.registry import NonNegative
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations

JacSource = Literal["analytic", "fd"]
Method = Literal["trf", "dogbox", "lm"]

_C, _M, _S, _E = Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.ERROR
LEAST_SQUARES_STATUS: Mapping[int, Status] = {-1: _E, 0: _M, 1: _C, 2: _C, 3: _C, 4: _C}
LEASTSQ_STATUS: Mapping[int, Status] = {0: _E, 1: _C, 2: _C, 3: _C, 4: _C, 5: _M, 6: _S,
                                        7: _S, 8: _S}


def _tolerances(tol: float) -> dict[str, float]:
    """``ftol``, ``xtol`` and ``gtol`` all set to ``tol``; none (scipy's defaults) for 0."""
    return {} if tol == 0.0 else {"ftol": tol, "xtol": tol, "gtol": tol}


@dataclass(frozen=True)
class ResidualSolver:
    """One of scipy's least-squares solvers on the instrument's residuals.

    Parameters
    ----------
    routine : {"least_squares", "leastsq", "curve_fit"}
        The scipy function.
    method : {"trf", "dogbox", "lm"}
        ``least_squares``'s method (``leastsq`` and ``curve_fit`` use MINPACK's lm).
    jac : {"analytic", "fd"}
        The problem's analytic Jacobian, or the routine's own finite differences.
    tol : float
        ``ftol``, ``xtol`` and ``gtol`` together (0: scipy's defaults).
    name : str
        The canonical solver spec, set by the registry.
    """

    routine: Literal["least_squares", "leastsq", "curve_fit"]
    method: Method = "lm"
    jac: JacSource = "analytic"
    tol: NonNegative = 0.0
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """Unbounded ``minimize`` problems with residuals (and, with ``jac=analytic``,
        their Jacobian); no iteration count."""
        label = self.name or self.routine
        jacobian = (Capability.JACOBIAN,) if self.jac == "analytic" else ()
        return Accepts(label, frozenset({Kind.MINIMIZE}),
                       needs=(Capability.RESIDUALS, *jacobian), refuses=(Capability.BOUNDS,),
                       remedies={Capability.JACOBIAN: f"use {label}[jac=fd]"},
                       iterations=Iterations.SOLVER)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the routine on the counted residuals (and Jacobian)."""
        sumsq = objective.form_as(LeastSquaresProblem).sumsq
        if self.routine == "least_squares":
            return self._least_squares(sumsq, x0)
        return self._minpack(objective, sumsq, x0)

    def _least_squares(self, sumsq: SumOfSquares, x0: Vector) -> Result:
        jac: Any = sumsq.jacobian if self.jac == "analytic" else "2-point"
        res = least_squares(sumsq.residuals, x0, jac=jac, method=self.method,
                            **_tolerances(self.tol))
        return Result(x=res.x, fun=float(2.0 * res.cost), nit=None, nfev=int(res.nfev),
                      njev=None if res.njev is None else int(res.njev),
                      status=LEAST_SQUARES_STATUS.get(int(res.status), _E),
                      message=str(res.message))

    def _minpack(self, objective: Instrument, sumsq: SumOfSquares, x0: Vector) -> Result:
        analytic = self.jac == "analytic"
        tolerances = _tolerances(self.tol)
        if self.routine == "leastsq":
            x, _, info, message, ier = leastsq(
                sumsq.residuals, x0, Dfun=sumsq.jacobian if analytic else None,
                full_output=True, **tolerances)
        else:
            observations = sumsq.residuals(x0).size
            try:
                x, _, info, message, ier = curve_fit(
                    lambda _, *b: sumsq.residuals(np.array(b)), None,
                    np.zeros(observations), p0=x0, method="lm",
                    jac=(lambda _, *b: sumsq.jacobian_at(np.array(b))) if analytic else None,
                    full_output=True, **tolerances)
            except RuntimeError as error:
                return Result(x=objective.best_x, fun=objective.best_f, nit=None, nfev=None,
                              status=_S, message=str(error))
        return Result(x=np.asarray(x, dtype=float), fun=float(info["fvec"] @ info["fvec"]),
                      nit=None, nfev=int(info["nfev"]),
                      njev=int(info["njev"]) if "njev" in info else None,
                      status=LEASTSQ_STATUS.get(int(ier), _E), message=str(message))


@SOLVERS.register("least-squares", "scipy least_squares: trf, dogbox or lm on the residuals")
def least_squares_solver(method: Method = "trf", jac: JacSource = "analytic",
                         tol: NonNegative = 0.0) -> ResidualSolver:
    """``scipy.optimize.least_squares``: trust-region reflective (Branch, Coleman & Li 1999),
    dogbox (Voglis & Lagaris 2004) or MINPACK's Levenberg-Marquardt (Moré 1978)."""
    if method not in ("trf", "dogbox", "lm"):
        raise OptbenchError(f"solver 'least-squares': method={method!r}; valid: trf, dogbox, lm")
    return ResidualSolver("least_squares", method=method, jac=jac, tol=tol)


@SOLVERS.register("leastsq", "MINPACK's lmder/lmdif Levenberg-Marquardt (scipy leastsq)")
def leastsq_solver(jac: JacSource = "analytic", tol: NonNegative = 0.0) -> ResidualSolver:
    """``scipy.optimize.leastsq``: MINPACK's Levenberg-Marquardt (Moré 1978)."""
    return ResidualSolver("leastsq", jac=jac, tol=tol)


@SOLVERS.register("curve-fit", "scipy curve_fit (MINPACK lm) on the residuals as the model")
def curve_fit_solver(jac: JacSource = "analytic", tol: NonNegative = 0.0) -> ResidualSolver:
    """``scipy.optimize.curve_fit`` with ``method='lm'``, the model being the residuals and
    the data zeros: the same fit as `leastsq_solver`, through curve_fit's wrapping."""
    return ResidualSolver("curve_fit", jac=jac, tol=tol)
