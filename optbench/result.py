"""What a solver returns, named as scipy's ``OptimizeResult`` names it, and run statuses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


class Status(StrEnum):
    """How a run ended.

    ``converged``: the solver met its own convergence test. ``maxiter``: the solver
    stopped at its own iteration or evaluation limit. ``stalled``: the solver stopped
    without converging, e.g. a line search that lost precision. ``budget``: optbench's
    evaluation budget (``max_fev``) stopped it. ``timeout``: the wall-clock limit stopped
    it. ``diverged``: it produced a non-finite value. ``error``: it raised, its worker
    died, or the method refused its input (e.g. infeasible bounds).
    ``skipped``: the solver cannot run on this problem (the message says why).

    Examples
    --------
    >>> Status("budget") is Status.BUDGET, str(Status.CONVERGED)
    (True, 'converged')
    >>> sorted(FAILED)  # the statuses that make a command exit with 1
    [<Status.ERROR: 'error'>, <Status.TIMEOUT: 'timeout'>]
    """

    CONVERGED = "converged"
    MAXITER = "maxiter"
    STALLED = "stalled"
    BUDGET = "budget"
    TIMEOUT = "timeout"
    DIVERGED = "diverged"
    ERROR = "error"
    SKIPPED = "skipped"


#: Statuses of runs that broke rather than ended: the suite reports them in its exit code.
FAILED = frozenset({Status.ERROR, Status.TIMEOUT})


@dataclass(frozen=True)
class Result:
    """A solver's own account of a run.

    Counts are what the solver reported (``None`` where it reports nothing); the
    instrument's counts are kept separately so the two can be compared.

    Examples
    --------
    >>> r = Result(x=np.array([2.0]), fun=4.0, nit=3, nfev=5, status=Status.CONVERGED)
    >>> r.status.value
    'converged'
    """

    x: NDArray[np.float64]
    fun: float
    nit: int | None
    nfev: int | None
    status: Status
    njev: int | None = None
    nhev: int | None = None
    message: str = ""
    ncev: int | None = None
    ncjev: int | None = None
