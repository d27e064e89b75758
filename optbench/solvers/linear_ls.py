"""``scipy.optimize.nnls`` and ``lsq_linear`` on bound-constrained linear least squares.

Both take the matrix ``A`` and the vector ``b`` of a problem's matrix form
(`optbench.problems.linear_ls.LinearLeastSquares`, ``problem.form``), not callables, and
ignore the
start: ``nnls`` is Lawson & Hanson's active-set method from x = 0, ``lsq_linear`` starts
from its own point (trf: the unconstrained solution pulled inside the bounds; bvls:
Stark & Parker's active set from the unconstrained solution). They skip every other
problem, and ``nnls`` skips problems with bounds other than ``x >= 0``.

Counts, decided and documented here: the instrument cannot see the solvers' matrix
products, so the adapter evaluates f once, through the instrument, at the returned
point; every run of these solvers therefore has ``nfev = 1`` and a one-row trace, and
the solver's own ``nfev`` and ``njev`` are ``None`` (it reports none). ``nit`` is the
solver's own (no per-iteration hook): ``lsq_linear``'s ``nit`` (``nit_source``
"solver"); none for ``nnls``, which reports no iteration count. Compare these
solvers with the others by ``time_s``, not by ``nfev``.

Status tables (read from scipy 1.17.1's sources, ``scipy/optimize/``):

==========  =========================================================  ===============
solver      code: meaning                                              status
==========  =========================================================  ===============
lsq_linear  -1 no progress on the last iteration (``_lsq/lsq_linear     s, m, c, c, c
            .py``, ``TERMINATION_MESSAGES``); 0 max_iter; 1 first-order
            optimality below tol; 2 relative change of cost below tol;
            3 the unconstrained solution is optimal
nnls        returns (x, rnorm); raises ``RuntimeError`` at ``maxiter``  c; m
            (``_nnls.py``): recorded as ``maxiter`` at the start
==========  =========================================================  ===============

(c converged, m maxiter, s stalled.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import lsq_linear, nnls

from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Vector
from optbench.problems.linear_ls import LinearLeastSquares
from optbench.registry import NonNegative
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations

LSQ_LINEAR_STATUS: Mapping[int, Status] = {-1: Status.STALLED, 0: Status.MAXITER,
                                           1: Status.CONVERGED, 2: Status.CONVERGED,
                                           3: Status.CONVERGED}


@dataclass(frozen=True)
class LinearLeastSquaresSolver:
    """``nnls`` or ``lsq_linear`` on the matrix form of a linear least-squares problem.

    Parameters
    ----------
    routine : {"nnls", "lsq_linear"}
        The scipy function.
    method : {"trf", "bvls"}
        ``lsq_linear``'s method (unused by ``nnls``).
    tol : float
        ``lsq_linear``'s ``tol`` (scipy's default 1e-10).
    name : str
        The canonical solver spec, set by the registry.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> from optbench.solvers.base import skip_reason
    >>> solver = LinearLeastSquaresSolver("nnls")
    >>> skip_reason(solver.accepts, get_problem("quadratic"))
    'quadratic has no matrix form (A, b, bounds)'
    >>> print(skip_reason(solver.accepts, get_problem("lls-lsqnonneg")))
    None
    """

    routine: Literal["nnls", "lsq_linear"]
    method: Literal["trf", "bvls"] = "trf"
    tol: NonNegative = 1e-10
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """Problems with a matrix form; ``nnls`` also needs the bounds to be ``x >= 0``."""
        needs = (Capability.MATRIX, *((Capability.NONNEGATIVE,) if self.routine == "nnls"
                                      else ()))
        return Accepts(self.routine, frozenset({Kind.MINIMIZE}), needs=needs,
                       iterations=Iterations.SOLVER)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the routine on ``A`` and ``b`` (x0 is not used), then evaluate f once at x."""
        form = objective.form_as(LinearLeastSquares)
        if self.routine == "nnls":
            try:
                x, _ = nnls(form.matrix, form.rhs)
            except RuntimeError as error:  # scipy raises at maxiter = 3 n
                return Result(x=x0, fun=objective.fun(x0), nit=None, nfev=None,
                              status=Status.MAXITER, message=str(error))
            return Result(x=x, fun=objective.fun(x), nit=None, nfev=None,
                          status=Status.CONVERGED, message="nnls returned a solution")
        res = lsq_linear(form.matrix, form.rhs, bounds=(form.lower, form.upper),
                         method=self.method, tol=self.tol)
        x = np.asarray(res.x, dtype=float)
        return Result(x=x, fun=objective.fun(x), nit=int(res.nit), nfev=None,
                      status=LSQ_LINEAR_STATUS.get(int(res.status), Status.ERROR),
                      message=str(res.message))


@SOLVERS.register("nnls", "scipy nnls: Lawson & Hanson's active-set NNLS on (A, b), x >= 0")
def nnls_solver() -> LinearLeastSquaresSolver:
    """``scipy.optimize.nnls``: Lawson & Hanson (1974), Solving Least Squares Problems,
    chapter 23, on problems ``min ||A x - b||``, ``x >= 0``."""
    return LinearLeastSquaresSolver("nnls")


@SOLVERS.register("lsq-linear", "scipy lsq_linear: trf or bvls on (A, b) with bounds")
def lsq_linear_solver(method: Literal["trf", "bvls"] = "trf",
                      tol: NonNegative = 1e-10) -> LinearLeastSquaresSolver:
    """``scipy.optimize.lsq_linear``: trust-region reflective (Branch, Coleman & Li 1999)
    or bounded-variable least squares (Stark & Parker 1995)."""
    return LinearLeastSquaresSolver("lsq_linear", method=method, tol=tol)
