"""asv benchmarks of root finding: time, evaluations and residual per run.

A representative grid from the ``scalar-roots`` and ``equations`` suites, through
optbench's runner like `benchmarks.optimize` (start 0, seed 0, budget 20 000), so the
``track_*`` values are deterministic: APS #1 (smooth), #13 (flat at its root) and #15
(steep, n = 1000) with the bracketing methods and Newton; MINPACK's Rosenbrock, Powell
singular and Broyden banded systems with fsolve and three ``root`` methods. Pairs a
solver skips (Newton has no bracket to need, but brentq needs one; fsolve solves systems
only) are reported by asv as skipped.
"""

from __future__ import annotations

import math

from optbench.runner import execute

from .optimize import _DefaultSuite

SCALAR_PROBLEMS = ["aps-01", "aps-13", "aps-15[n=1000]"]
SCALAR_SOLVERS = ["brentq", "toms748", "bisect", "newton"]
SYSTEMS = ["eq-rosenbrock", "eq-powell-singular", "eq-broyden-banded"]
SYSTEM_SOLVERS = ["fsolve", "root[method=lm]", "root[method=krylov]", "root[method=df-sane]"]


class _RootRun(_DefaultSuite):
    """Wall time and evaluations of one root-finding run (the grid set by subclasses)."""

    def time_solve(self, problem: str, solver: str) -> None:
        """Make the run again."""
        execute(self.task)

    def track_nfev(self, problem: str, solver: str) -> int | None:
        """Function evaluations counted by optbench's instrument."""
        return self.record.nfev

    track_nfev.unit = "evaluations"


class ScalarRoots(_RootRun):
    """Scalar equations with bracketing methods and Newton."""

    params = (SCALAR_PROBLEMS, SCALAR_SOLVERS)


class Systems(_RootRun):
    """Nonlinear systems, and the final residual of each run."""

    params = (SYSTEMS, SYSTEM_SOLVERS)

    def track_log10_residual(self, problem: str, solver: str) -> float:
        """``log10(max(||F(x)||, 1e-17))`` at the returned point; NaN if not finite."""
        residual = self.record.fun
        if residual is None or not math.isfinite(residual):
            return float("nan")
        return math.log10(max(residual, 1e-17))

    track_log10_residual.unit = "log10 ||F||"
