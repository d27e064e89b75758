"""asv benchmarks of optbench's ``default`` suite: time, counts and accuracy per run.

Modelled on scipy's ``benchmarks/benchmarks/optimize.py``, but every run is seeded and
goes through optbench's own runner: each (problem, solver) pair of
``optbench.suites.get_suite("default")`` becomes one `optbench.runner.Task` with
``start=0`` and ``seed=0`` (the problem's standard x0; the ``logreg-seed`` data come from
``RandomState(0)``), so repeated runs make exactly the same evaluations and the
``track_*`` values are deterministic. The evaluation budget is pinned at 20 000 (the
runner's default) so that results stay comparable across commits.

Two classes share the parameter grid: `Solve` times a run, `Outcome` tracks what the
run reached. asv runs each benchmark in its own process, so ``setup`` makes the run
once per benchmark and keeps its `optbench.record.Record`.

Module-level work is limited to importing optbench and naming the suite; no problem
is built and no solver runs until ``setup``.
"""

from __future__ import annotations

import math

from optbench.record import Record
from optbench.runner import Task, execute, plan
from optbench.suites import get_suite

#: The suite whose (problem, solver) pairs are benchmarked.
SUITE = get_suite("default")

#: The suite seed of every run (start 0 is each problem's standard x0).
SEED = 0

#: The evaluation budget per run, pinned rather than read from the runner.
MAX_FEV = 20_000

#: Floor on ``f_error`` before taking log10, so exact optima give -17, not -inf.
F_ERROR_FLOOR = 1e-17

#: Derivative-free methods in 785 dimensions that spend the whole budget.
_DERIVATIVE_FREE_LOGREG = frozenset({("logreg-seed", "nelder-mead"), ("logreg-seed", "powell")})

#: Nelder-Mead on logreg-seed takes about two minutes a run; made once per ``track_*``
#: benchmark it alone would push ``asv run --quick`` past five minutes.
_TOO_SLOW_TO_TRACK = frozenset({("logreg-seed", "nelder-mead")})


class _DefaultSuite:
    """The (problem, solver) grid of the ``default`` suite and the shared ``setup``."""

    params = (list(SUITE.problems), list(SUITE.solvers))
    param_names = ["problem", "solver"]
    timeout = 300.0

    #: Pairs this class leaves out (asv reports them as skipped).
    excluded: frozenset[tuple[str, str]] = frozenset()

    task: Task
    record: Record

    def setup(self, problem: str, solver: str) -> None:
        """Plan the seeded run, make it once and keep its record.

        Raises
        ------
        NotImplementedError
            For excluded pairs and for runs the solver skips (status ``"skipped"``),
            which asv then reports as skipped rather than failed.
        """
        if (problem, solver) in self.excluded:
            name = type(self).__name__
            raise NotImplementedError(f"{solver} on {problem} is excluded from {name}")
        (self.task,) = plan([problem], [solver], starts=1, seed=SEED, max_fev=MAX_FEV)
        self.record = execute(self.task)
        if self.record.status == "skipped":
            raise NotImplementedError(self.record.message)


class Solve(_DefaultSuite):
    """Wall time of one seeded run, Nelder-Mead and Powell on ``logreg-seed`` excluded."""

    excluded = _DERIVATIVE_FREE_LOGREG

    def time_solve(self, problem: str, solver: str) -> None:
        """Make the run again: build the instrument, solve, re-evaluate the final point."""
        execute(self.task)


class Outcome(_DefaultSuite):
    """Evaluations, iterations and accuracy of one seeded run."""

    excluded = _TOO_SLOW_TO_TRACK

    def track_nfev(self, problem: str, solver: str) -> int | None:
        """Function evaluations counted by optbench's instrument."""
        return self.record.nfev

    track_nfev.unit = "evaluations"

    def track_nit(self, problem: str, solver: str) -> int | None:
        """Iterations counted by optbench's instrument."""
        return self.record.nit

    track_nit.unit = "iterations"

    def track_log10_f_error(self, problem: str, solver: str) -> float:
        """``log10(max(f - f*, 1e-17))`` at the returned point; NaN if not finite."""
        f_error = self.record.f_error
        if f_error is None or not math.isfinite(f_error):
            return float("nan")
        return math.log10(max(f_error, F_ERROR_FLOOR))

    track_log10_f_error.unit = "log10(f - f*)"
