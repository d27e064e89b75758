"""Adapters for scipy's least-squares solvers, on the residual form of a sum of squares.

They run on the instrument's counted ``residuals`` (one ``nfev`` per residual vector,
finite-difference vectors included) and ``jacobian`` (one ``njev`` each), so they accept
the problems registered in ``SUMS_OF_SQUARES`` (the MGH and NIST problems) and skip the
rest. None of them reports iterations: ``nit`` is ``None``.

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
from optbench.problems.base import Problem, Vector
from optbench.problems.sumsq import SUMS_OF_SQUARES
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS

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
    tol: float = 0.0
    name: str = ""

    def skip(self, problem: Problem) -> str | None:
        """Why this solver cannot run on ``problem`` (one with no residual form), or ``None``."""
        try:
            SUMS_OF_SQUARES.resolve(problem.name)
        except OptbenchError:
            return f"{self.routine} needs residuals; {problem.name} is no sum of squares"
        if problem.bounds is not None:
            return f"{self.name or self.routine} is run without bounds; {problem.name} has some"
        return None

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the routine on the counted residuals (and Jacobian)."""
        objective.nit = None  # type: ignore[assignment]  (no per-iteration hook)
        if self.routine == "least_squares":
            return self._least_squares(objective, x0)
        return self._minpack(objective, x0)

    def _least_squares(self, objective: Instrument, x0: Vector) -> Result:
        jac: Any = objective.jacobian if self.jac == "analytic" else "2-point"
        res = least_squares(objective.residuals, x0, jac=jac, method=self.method,
                            **_tolerances(self.tol))
        return Result(x=res.x, fun=float(2.0 * res.cost), nit=None, nfev=int(res.nfev),
                      njev=None if res.njev is None else int(res.njev),
                      status=LEAST_SQUARES_STATUS.get(int(res.status), _E),
                      message=str(res.message))

    def _minpack(self, objective: Instrument, x0: Vector) -> Result:
        analytic = self.jac == "analytic"
        tolerances = _tolerances(self.tol)
        if self.routine == "leastsq":
            x, _, info, message, ier = leastsq(
                objective.residuals, x0, Dfun=objective.jacobian if analytic else None,
                full_output=True, **tolerances)
        else:
            observations = objective.residuals(x0).size
            try:
                x, _, info, message, ier = curve_fit(
                    lambda _, *b: objective.residuals(np.array(b)), None,
                    np.zeros(observations), p0=x0, method="lm",
                    jac=(lambda _, *b: objective.jacobian(np.array(b))) if analytic else None,
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
                         tol: float = 0.0) -> ResidualSolver:
    """``scipy.optimize.least_squares``: trust-region reflective (Branch, Coleman & Li 1999),
    dogbox (Voglis & Lagaris 2004) or MINPACK's Levenberg-Marquardt (Moré 1978)."""
    if method not in ("trf", "dogbox", "lm"):
        raise OptbenchError(f"solver 'least-squares': method={method!r}; valid: trf, dogbox, lm")
    return ResidualSolver("least_squares", method=method, jac=jac, tol=tol)


@SOLVERS.register("leastsq", "MINPACK's lmder/lmdif Levenberg-Marquardt (scipy leastsq)")
def leastsq_solver(jac: JacSource = "analytic", tol: float = 0.0) -> ResidualSolver:
    """``scipy.optimize.leastsq``: MINPACK's Levenberg-Marquardt (Moré 1978)."""
    return ResidualSolver("leastsq", jac=jac, tol=tol)


@SOLVERS.register("curve-fit", "scipy curve_fit (MINPACK lm) on the residuals as the model")
def curve_fit_solver(jac: JacSource = "analytic", tol: float = 0.0) -> ResidualSolver:
    """``scipy.optimize.curve_fit`` with ``method='lm'``, the model being the residuals and
    the data zeros: the same fit as `leastsq_solver`, through curve_fit's wrapping."""
    return ResidualSolver("curve_fit", jac=jac, tol=tol)
