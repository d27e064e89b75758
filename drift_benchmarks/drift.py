"""asv benchmarks of what scipy's methods report, release by release (issue 19).

Run by ``asv.drift.conf.json`` (one environment per scipy release), not by the default
``asv.conf.json``: it lives outside ``benchmarks/``, so the default ``asv run`` and
``asv check --python=same`` never import it.

The grid is representative rather than complete: the seed's experiment (its four
solvers through ``minimize`` and as the legacy functions it called), the
Moré-Garbow-Hillstrom set from x0 with the main ``minimize`` methods, NIST StRD with
``least_squares`` and ``leastsq``, a few Hock-Schittkowski problems with SLSQP, COBYLA
and trust-constr, and a few scalar equations and systems with the root finders. Every
run is seeded (start 0, seed 0) and budgeted (20 000 evaluations), so each ``track_*``
value is deterministic for one scipy and numpy.

Each class makes its whole grid once, in ``setup_cache``, in optbench's isolated
children (each run forked, killed after `RUN_TIMEOUT` seconds); the ``track_*``
benchmarks read what they need from that cache. A run the solver skips, or one that
fails to run (a method or an argument the release lacks), is reported by asv as skipped
(``null`` in every track); a count a solver does not report is NaN.
"""

from __future__ import annotations

import json
import math
from typing import Any

from optbench import families
from optbench.isolation import run_isolated
from optbench.problems import PROBLEMS
from optbench.record import Record
from optbench.runner import plan

#: The evaluation budget of every run.
MAX_FEV = 20_000

#: Wall-clock seconds after which a run is killed (status ``timeout``).
RUN_TIMEOUT = 60.0

#: Floor on ``f_error`` before taking log10, so exact optima give -17, not -inf.
F_ERROR_FLOOR = 1e-17

#: What each run keeps for the ``track_*`` benchmarks.
Outcome = dict[str, Any]


def outcome(record: Record) -> Outcome:
    """The numbers the ``track_*`` benchmarks report, from one run's record.

    Counts are ``None`` where the run did not run (skipped, or an error before the
    solver counted anything); ``x0`` is the first coordinate of the returned point.
    """
    ran = record.status not in {"skipped", "error"}
    f_error = record.f_error
    log10_f_error = (math.log10(max(f_error, F_ERROR_FLOOR))
                     if ran and f_error is not None and math.isfinite(f_error) else None)
    x = json.loads(record.x) if ran and record.x else None
    return {
        "ran": ran,
        "status": record.status,
        "nit": record.nit if ran else None,
        "solver_nit": record.solver_nit if ran else None,
        "nfev": record.nfev if ran else None,
        "njev": record.njev if ran else None,
        "solver_njev": record.solver_njev if ran else None,
        "log10_f_error": log10_f_error,
        "success": 1 if record.success else 0,
        "x0": float(x[0]) if x else None,
    }


def run_grid(problems: list[str], solvers: list[str]) -> dict[str, Outcome]:
    """Run every solver on every problem once; outcomes keyed ``"problem|solver"``."""
    keys = {}
    for problem in problems:
        for solver in solvers:
            (task,) = plan([problem], [solver], starts=1, seed=0, max_fev=MAX_FEV)
            keys[task] = f"{problem}|{solver}"
    by_id = {task.run_id: key for task, key in keys.items()}
    return {by_id[record.run_id]: outcome(record)
            for record in run_isolated(list(keys), jobs=1, timeout=RUN_TIMEOUT)}


class _Grid:
    """A (problem, solver) grid made once per environment, and its tracks.

    Each subclass defines its own ``setup_cache`` (``return run_grid(*self.params)``):
    asv keys a cache by the module and line where ``setup_cache`` is written, so one
    inherited from here would be a single cache shared by every grid.
    """

    params: tuple[list[str], list[str]] = ([], [])
    param_names = ["problem", "solver"]
    timeout = 1800.0

    def setup(self, cache: dict[str, Outcome], problem: str, solver: str) -> None:
        """Skip (asv: ``null`` in every track) a run that did not run.

        Raises
        ------
        NotImplementedError
            If the run was skipped or ended in an error before counting anything.
        """
        run = cache[f"{problem}|{solver}"]
        if not run["ran"]:
            raise NotImplementedError(f"{solver} on {problem}: {run['status']}")

    def _value(self, cache: dict[str, Outcome], problem: str, solver: str,
               key: str) -> float:
        """One number of one run; NaN where the run has none (a count the solver does
        not report)."""
        value = cache[f"{problem}|{solver}"][key]
        return math.nan if value is None else float(value)

    def track_nit(self, cache: dict[str, Outcome], problem: str, solver: str) -> float:
        """Iterations (optbench's ``nit``: callbacks, or the solver's count)."""
        return self._value(cache, problem, solver, "nit")

    track_nit.unit = "iterations"  # type: ignore[attr-defined]

    def track_solver_nit(self, cache: dict[str, Outcome], problem: str,
                         solver: str) -> float:
        """The iterations scipy reports (the seed's "Iterations")."""
        return self._value(cache, problem, solver, "solver_nit")

    track_solver_nit.unit = "iterations"  # type: ignore[attr-defined]

    def track_nfev(self, cache: dict[str, Outcome], problem: str, solver: str) -> float:
        """Function evaluations counted by optbench's instrument."""
        return self._value(cache, problem, solver, "nfev")

    track_nfev.unit = "evaluations"  # type: ignore[attr-defined]

    def track_njev(self, cache: dict[str, Outcome], problem: str, solver: str) -> float:
        """Analytic gradient (Jacobian) evaluations counted by optbench's instrument."""
        return self._value(cache, problem, solver, "njev")

    track_njev.unit = "evaluations"  # type: ignore[attr-defined]

    def track_solver_njev(self, cache: dict[str, Outcome], problem: str,
                          solver: str) -> float:
        """The gradient evaluations scipy reports (finite-difference estimates included)."""
        return self._value(cache, problem, solver, "solver_njev")

    track_solver_njev.unit = "evaluations"  # type: ignore[attr-defined]

    def track_log10_f_error(self, cache: dict[str, Outcome], problem: str,
                            solver: str) -> float:
        """``log10(max(f - f*, 1e-17))`` at the returned point."""
        return self._value(cache, problem, solver, "log10_f_error")

    track_log10_f_error.unit = "log10(f - f*)"  # type: ignore[attr-defined]

    def track_success(self, cache: dict[str, Outcome], problem: str, solver: str) -> float:
        """1 if the run reached the certified optimum (optbench's ``success``), else 0."""
        return cache[f"{problem}|{solver}"]["success"]

    track_success.unit = "solved"  # type: ignore[attr-defined]


class Seed(_Grid):
    """The seed's experiment: x**2 - 4x + 8 from 1.3, its four solvers both ways."""

    params = (["quadratic"],
              ["nelder-mead", "powell", "bfgs[grad=fd]", "cg[grad=fd]",
               "fmin", "fmin_powell", "fmin_bfgs[grad=fd]", "fmin_cg[grad=fd]"])

    def setup_cache(self) -> dict[str, Outcome]:
        """Make the grid's runs once, in forked children."""
        return run_grid(*self.params)

    def track_x(self, cache: dict[str, Outcome], problem: str, solver: str) -> float:
        """The point returned (the quadratic is one-dimensional)."""
        return self._value(cache, problem, solver, "x0")

    track_x.unit = "x"  # type: ignore[attr-defined]


class Mgh(_Grid):
    """The Moré-Garbow-Hillstrom problems from x0, the main ``minimize`` methods."""

    params = (PROBLEMS.names(families.MGH),
              ["nelder-mead", "powell", "cg", "bfgs", "l-bfgs-b", "tnc", "slsqp",
               "newton-cg[hess=fd]", "trust-ncg[hess=fd]", "trust-krylov[hess=fd]",
               "trust-exact[hess=fd]", "dogleg[hess=fd]", "trust-constr[hess=fd]", "cobyla",
               "bfgs[grad=fd]"])

    def setup_cache(self) -> dict[str, Outcome]:
        """Make the grid's runs once, in forked children."""
        return run_grid(*self.params)


class Nist(_Grid):
    """NIST StRD's nonlinear regressions from start 1, least squares at default options."""

    params = (PROBLEMS.names(families.NIST),
              ["least-squares", "least-squares[method=dogbox]", "least-squares[method=lm]",
               "least-squares[jac=fd]", "leastsq"])

    def setup_cache(self) -> dict[str, Outcome]:
        """Make the grid's runs once, in forked children."""
        return run_grid(*self.params)


class HockSchittkowski(_Grid):
    """Hock-Schittkowski problems with SLSQP, COBYLA and trust-constr."""

    params = (["hs-006", "hs-011", "hs-018", "hs-021", "hs-035", "hs-043", "hs-071",
               "hs-077"],
              ["slsqp", "cobyla", "trust-constr[hess=fd]"])

    def setup_cache(self) -> dict[str, Outcome]:
        """Make the grid's runs once, in forked children."""
        return run_grid(*self.params)


class ScalarRoots(_Grid):
    """Alefeld-Potra-Shi equations with the bracketing methods and Newton."""

    params = (["aps-01", "aps-04", "aps-13", "aps-15[n=1000]"],
              ["brentq", "brenth", "ridder", "toms748", "bisect", "newton"])

    def setup_cache(self) -> dict[str, Outcome]:
        """Make the grid's runs once, in forked children."""
        return run_grid(*self.params)


class Systems(_Grid):
    """MINPACK's nonlinear systems with fsolve and ``root``'s methods."""

    params = (["eq-rosenbrock", "eq-powell-singular", "eq-helical-valley",
               "eq-broyden-banded"],
              ["fsolve", "root[method=hybr]", "root[method=lm]", "root[method=krylov]",
               "root[method=broyden1]", "root[method=df-sane]"])

    def setup_cache(self) -> dict[str, Outcome]:
        """Make the grid's runs once, in forked children."""
        return run_grid(*self.params)
