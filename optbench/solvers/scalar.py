"""Scalar minimisers: ``fminbound``, ``brent``, ``golden``, ``minimize_scalar`` and ``bracket``.

They run on problems of kind ``scalar`` only (an interval ``bounds`` and a ``bracket``
triple) and call f as ``objective.fun(np.array([t]))``, so the instrument counts every
evaluation. ``fminbound`` and ``minimize-scalar[method=bounded]`` search the interval;
``brent``, ``golden`` and ``minimize-scalar[method=brent|golden]`` start from the
problem's bracket ``(a, x0, b)`` and are not confined to it (their iterates stay inside a
valid bracket, but a result outside the interval would count as infeasible).

``bracket`` is the bracketing step by itself: ``scipy.optimize.bracket`` from
``(x0, x0 + 1)``, reporting the middle point of the bracket it finds (its lowest value),
which is not a minimiser: it "solves" only by chance. ``bracket-brent`` is that step
followed by ``brent`` on the bracket found; its nfev is the two calls' sum (brent evaluates
the three bracket points again, as scipy does, so the step's 3 are counted twice over).
A search that finds no bracket (f decreasing without bound, scipy's ``BracketError``) is
``stalled``, ended at the best point seen.

Status mapping (scipy 1.17.1, ``_optimize.py``): ``fminbound``'s ``ierr`` and
``minimize_scalar(method='bounded')``'s ``status``: 0 converged, 1 maxfun (maxiter),
2 NaN (diverged). ``brent`` and ``golden`` and their ``minimize_scalar`` methods report no
code: ``success`` is ``nit < maxiter`` and finite x, f, so a false ``success`` with
``nit >= maxiter`` is ``maxiter`` and otherwise ``diverged``; the legacy ``brent`` returns
its ``iter`` (compared with the same limit, 500) and ``golden`` nothing (always
``converged``; a NaN end the runner turns into ``diverged``).

Counts: each function's own nfev equals the instrument's (``funcalls``, ``numfunc``,
``nfev``); ``nit`` is the method's own where it reports one (``fminbound``'s and
``bounded``'s nit is their nfev, as scipy sets it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import optimize

from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Vector
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations

Routine = Literal["fminbound", "brent", "golden", "minimize-scalar", "bracket",
                  "bracket-brent"]
Method = Literal["brent", "bounded", "golden"]
_BOUNDED_STATUS = {0: Status.CONVERGED, 1: Status.MAXITER, 2: Status.DIVERGED}
#: scipy's default iteration limit of ``brent`` (Brent's ``maxiter``).
BRENT_MAXITER = 500


def _scalar(objective: Instrument):
    """f of one float, on the counted callable."""
    return lambda t: objective.fun(np.array([float(t)]))


def _unflagged(success: bool, nit: int, maxiter: int) -> Status:
    """The status of a method that reports only ``success``."""
    if success:
        return Status.CONVERGED
    return Status.MAXITER if nit >= maxiter else Status.DIVERGED


def _result(x: float, fun: float, nit: int | None, nfev: int, status: Status,
            message: str = "") -> Result:
    return Result(x=np.array([float(x)]), fun=float(fun), nit=nit, nfev=int(nfev),
                  status=status, message=message)


@dataclass(frozen=True)
class ScalarSolver:
    """One scipy scalar minimiser on a ``scalar`` problem.

    Parameters
    ----------
    routine : str
        ``fminbound``, ``brent``, ``golden``, ``minimize-scalar``, ``bracket`` or
        ``bracket-brent``.
    method : {"brent", "bounded", "golden"}
        The ``minimize_scalar`` method (``minimize-scalar`` only).
    name : str
        The canonical solver spec, set by the registry.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> solver = ScalarSolver("fminbound")
    >>> solver.accepts.needs
    (<Capability.BRACKET: 'interval and bracket'>,)
    >>> result = solver.solve(Instrument(get_problem("scalar-quadratic")), None, 0)
    >>> round(float(result.x[0]), 6), result.status.value
    (2.0, 'converged')
    """

    routine: Routine
    method: Method = "brent"
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """Scalar problems with an interval and a bracket; ``nit`` is the routine's own
        (no per-iteration callback)."""
        return Accepts(self.name or self.routine, frozenset({Kind.SCALAR}),
                       needs=(Capability.BRACKET,), iterations=Iterations.SOLVER)

    def solve(self, objective: Instrument, x0: Vector | None, seed: int) -> Result:
        """Run the routine on the counted f; ``x0`` is used by the bracket search only."""
        problem = objective.problem
        f = _scalar(objective)
        (low, high), = problem.bounds  # type: ignore[misc]
        if self.routine == "fminbound":
            x, fun, ierr, nfev = optimize.fminbound(f, low, high, full_output=True, disp=0)
            return _result(x, fun, nfev, nfev, _BOUNDED_STATUS.get(int(ierr), Status.ERROR))
        if self.routine == "brent":
            return _brent(f, problem.bracket, 0)
        if self.routine == "golden":
            x, fun, nfev = optimize.golden(f, brack=problem.bracket, full_output=True)
            return _result(x, fun, None, nfev, Status.CONVERGED)
        if self.routine == "minimize-scalar":
            where = ({"bounds": (low, high)} if self.method == "bounded"
                     else {"bracket": problem.bracket})
            res = optimize.minimize_scalar(f, method=self.method, **where)
            status = (_BOUNDED_STATUS.get(int(res.status), Status.ERROR)
                      if self.method == "bounded"
                      else _unflagged(bool(res.success), int(res.nit), _maxiter(self.method)))
            return _result(res.x, res.fun, int(res.nit), res.nfev, status, str(res.message))
        start = float(problem.x0[0] if x0 is None else x0[0])
        try:
            xa, xb, xc, _, fb, _, calls = optimize.bracket(f, start, start + 1.0)
        except RuntimeError as error:  # BracketError: no bracket found
            x = objective.best_x[0]
            return _result(x, objective.best_f, None, objective.nfev, Status.STALLED,
                           f"bracket: {error}")
        step = f"bracket: ({xa!r}, {xb!r}, {xc!r}) in {calls} evaluations"
        if self.routine == "bracket":
            return _result(xb, fb, None, calls, Status.CONVERGED,
                           step + " (a bracketing step, not a minimiser)")
        return _brent(f, (xa, xb, xc), calls, step + "; then brent")


def _maxiter(method: str) -> int:
    """scipy's default ``maxiter`` of ``minimize_scalar``'s brent (500) and golden (5000)."""
    return BRENT_MAXITER if method == "brent" else 5000


def _brent(f, brack, earlier: int, message: str = "") -> Result:
    """``scipy.optimize.brent`` on ``brack``; ``earlier`` evaluations made before it."""
    x, fun, nit, nfev = optimize.brent(f, brack=tuple(brack), full_output=True)
    status = _unflagged(bool(np.isfinite(x) and np.isfinite(fun) and nit < BRENT_MAXITER),
                        nit, BRENT_MAXITER)
    return _result(x, fun, nit, earlier + nfev, status, message)


@SOLVERS.register("fminbound", "bounded Brent minimisation on the interval (scalar problems)")
def fminbound() -> ScalarSolver:
    """``scipy.optimize.fminbound``: golden section and parabolic steps within the bounds."""
    return ScalarSolver("fminbound")


@SOLVERS.register("brent", "Brent's method from the problem's bracket (scalar problems)")
def brent() -> ScalarSolver:
    """``scipy.optimize.brent`` (Brent 1973, ch. 5) from the bracket ``(a, x0, b)``."""
    return ScalarSolver("brent")


@SOLVERS.register("golden", "golden-section search from the problem's bracket (scalar)")
def golden() -> ScalarSolver:
    """``scipy.optimize.golden``: golden-section search from the bracket ``(a, x0, b)``."""
    return ScalarSolver("golden")


@SOLVERS.register("minimize-scalar", "scipy.optimize.minimize_scalar (brent, bounded, golden)")
def minimize_scalar(method: Method = "brent") -> ScalarSolver:
    """``minimize_scalar``: ``bounded`` on the interval, ``brent``/``golden`` from the bracket."""
    return ScalarSolver("minimize-scalar", method=method)


@SOLVERS.register("bracket", "scipy.optimize.bracket alone: a bracketing step, not a minimiser")
def bracket() -> ScalarSolver:
    """``scipy.optimize.bracket`` from ``(x0, x0 + 1)``; reports the bracket's middle point."""
    return ScalarSolver("bracket")


@SOLVERS.register("bracket-brent", "bracket from x0, then brent on the bracket found")
def bracket_brent() -> ScalarSolver:
    """``scipy.optimize.bracket`` from ``(x0, x0 + 1)``, then ``brent`` on its triple."""
    return ScalarSolver("bracket-brent")
