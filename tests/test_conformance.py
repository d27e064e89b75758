"""Every registered (problem, solver) pair runs or is skipped with a reason, and its
counts agree with what the solver reports (benchopt's registry-parametrised model).

The default run takes a representative subset of problems with every solver; ``--runslow``
takes every problem.
"""

import pytest

from optbench.problems import PROBLEMS
from optbench.result import Status
from optbench.runner import Task, execute
from optbench.solvers import SOLVERS


def _own(registry):
    return [e.name for e in registry if e.factory.__module__.startswith("optbench.")]


REPRESENTATIVE = {"quadratic", "rosenbrock", "mgh-beale", "mgh-helical-valley", "mgh-box-3d",
                  "mgh-brown-badly-scaled", "aps-01", "root-double", "eq-rosenbrock", "eq-wood"}
#: Large problems whose runs take minutes with derivative-free methods.
TOO_LARGE = {"logreg-seed", "backprop-net"}
#: Solvers whose nit differs from scipy's by design (documented in the README): Nelder-
#: Mead's callback after an iteration that maxfev interrupted.
NIT_DIFFERS_AT_MAXITER = {"nelder-mead", "fmin"}
STATUSES = {status.value for status in Status}
#: Solvers whose own nfev leaves out calls they make (leastsq: two at x0; curve_fit: the
#: adapter's one that sizes the data); tests/test_nist.py checks the exact offsets.
NFEV_DIFFERS = {"leastsq": 2, "curve-fit": 1}
#: Solvers whose own count adds f, f' and f'' calls together (scipy's ``newton``,
#: ``_zeros_py.py``: one ``funcalls`` for each).
COUNTS_DERIVATIVES = {"newton", "newton[method=halley]", "root-scalar[method=newton]",
                      "root-scalar[method=halley]"}


def _pairs():
    for problem in _own(PROBLEMS):
        if problem in TOO_LARGE:
            continue
        for solver in _own(SOLVERS):
            marks = [] if problem in REPRESENTATIVE else [pytest.mark.slow]
            yield pytest.param(problem, solver, marks=marks, id=f"{problem}-{solver}")


@pytest.mark.parametrize("problem, solver", list(_pairs()))
def test_pair_runs_or_is_skipped_with_a_reason(problem, solver):
    try:
        record = execute(Task(problem, solver, 0, 0, max_fev=5_000))
    except Exception as error:  # only an optional dependency may be missing
        pytest.skip(f"problem unavailable: {error}")
    assert record.status in STATUSES
    if record.status == "skipped":
        assert record.message
        return
    assert record.status != "error", record.message  # no registered pair breaks
    assert record.nfev is not None and record.nfev <= 5_000
    if record.solver_nfev is not None and solver in COUNTS_DERIVATIVES:
        assert record.nfev + record.njev + record.nhev == record.solver_nfev
    elif record.solver_nfev is not None:
        assert record.nfev == record.solver_nfev + NFEV_DIFFERS.get(solver, 0)
    if record.solver_nit is not None and record.nit is not None:
        if not (solver in NIT_DIFFERS_AT_MAXITER and record.status == "maxiter"):
            assert record.nit == record.solver_nit
