"""One run's row: identity, counts, accuracy, status and time, plus its trace."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from optbench.trace import Trace

#: Relative tolerance for ``success``: ``f_error <= SUCCESS_RTOL * max(1, |f_opt|)``.
SUCCESS_RTOL = 1e-6

#: Largest bound or constraint violation a successful run may leave (absolute).
VIOLATION_TOL = 1e-6


@dataclass(frozen=True)
class Record:
    """A run as stored: the columns of the ``runs`` table, and its trace.

    Counts without a prefix are the instrument's; ``solver_*`` are what the solver
    reported (``None`` where it reports nothing, or was stopped before it could).
    ``nit`` is the one exception, and ``nit_source`` says what it is: the iteration
    callbacks the instrument counted (``"instrument"``) or, for a solver without such a
    callback, its own count (``"solver"``); ``None`` where neither is known.
    ``ncev`` and ``ncjev`` count constraint and constraint-Jacobian evaluations.
    """

    run_id: str
    problem: str
    family: str
    kind: str
    solver: str
    start: int
    seed: int
    max_fev: int | None
    n: int
    nit: int | None
    nit_source: str | None
    nfev: int | None
    njev: int | None
    nhev: int | None
    ncev: int | None
    ncjev: int | None
    solver_nit: int | None
    solver_nfev: int | None
    solver_njev: int | None
    solver_nhev: int | None
    solver_ncev: int | None
    solver_ncjev: int | None
    fun: float | None
    f_opt: float
    f_error: float | None
    x_error: float | None
    max_violation: float | None
    accuracy: float | None
    success: bool
    status: str
    message: str
    time_s: float | None
    optbench_version: str
    x: str | None
    trace: Trace | None = None
    problem_row: ProblemRow | None = None

    def row(self) -> dict[str, object]:
        """The stored columns (everything but the trace and the problem's row)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in _NOT_COLUMNS}


_NOT_COLUMNS = frozenset({"trace", "problem_row"})
#: The columns of the ``runs`` table, in order.
RUN_COLUMNS = tuple(f.name for f in fields(Record) if f.name not in _NOT_COLUMNS)


@dataclass(frozen=True)
class ProblemRow:
    """A problem as the store keeps it beside its runs: what a report needs of it.

    The certified answer and the facts a family's report section reads are stored with
    the runs, so a report of an old store does not depend on today's problem code.

    Parameters
    ----------
    problem : str
        The canonical spec (the runs' ``problem``).
    family, kind : str
        Its family's name and its kind.
    n : int
        Its number of variables.
    f_opt : float
        The certified optimal value.
    x_opt : str
        The known minimisers (or roots) as a JSON list of lists.
    has_bounds_or_constraints : bool
        Whether it has bounds or constraints.
    source : str
        Where it and its answer come from.
    reference : str
        `optbench.problems.base.Problem.reference` as a JSON object.
    """

    problem: str
    family: str
    kind: str
    n: int
    f_opt: float
    x_opt: str
    has_bounds_or_constraints: bool
    source: str
    reference: str


#: The columns of the ``problems`` table, in order.
PROBLEM_COLUMNS = tuple(f.name for f in fields(ProblemRow))


def is_success(f_error: float | None, f_opt: float, status: str,
               max_violation: float | None = None, root_x_error: float | None = None,
               root_scale: float = 1.0) -> bool:
    """Whether a run reached the certified optimum, feasibly.

    A run succeeds if it ran (status neither ``error`` nor ``skipped``), its final value
    is finite, ``f_error <= SUCCESS_RTOL * max(1, |f_opt|)``, and where the problem has
    bounds or constraints, their largest violation is at most ``VIOLATION_TOL``. A root
    finder's run (``root_x_error`` given: its distance to the nearest known root, whose
    size is ``root_scale``) also succeeds when that distance is at most
    ``SUCCESS_RTOL * max(1, root_scale)``: a point next to a steep function's root whose
    residual rounding keeps above the tolerance has found the root.

    Examples
    --------
    >>> is_success(3.8e-10, 4.0, "converged"), is_success(1e-3, 4.0, "converged")
    (True, False)
    >>> is_success(-0.5, 1.0, "converged", max_violation=0.1)  # below f* by infeasibility
    False
    >>> is_success(4e-6, 0.0, "converged", root_x_error=1e-12, root_scale=3.0)  # steep f
    True
    """
    if status in {"error", "skipped"} or f_error is None or not math.isfinite(f_error):
        return False
    if max_violation is not None and not max_violation <= VIOLATION_TOL:
        return False
    near_root = (root_x_error is not None and math.isfinite(root_x_error)
                 and root_x_error <= SUCCESS_RTOL * max(1.0, root_scale))
    return near_root or f_error <= SUCCESS_RTOL * max(1.0, abs(f_opt))
