"""Scalar root finders: scipy's bracketing methods, Newton and its variants, fixed points.

They run on problems of kind ``root-scalar`` (a `ScalarEquation`) and call f, f' and f''
through the instrument (`Instrument.equation` and its derivatives), so every evaluation
is counted: f in ``nfev``, f' in ``njev``, f'' in ``nhev``.

- ``brentq``, ``brenth``, ``ridder``, ``bisect``, ``toms748`` search the equation's
  sign-changing interval ``(a, b)``, at scipy's default tolerances
  (``xtol=2e-12``, ``rtol=4 eps``; toms748 ``xtol=2e-12``, ``rtol=4 eps``), and skip
  equations without one.
- ``newton`` is ``scipy.optimize.newton`` from the equation's start ``x0``:
  ``method=newton`` with the analytic f', ``secant`` with none (scipy's second point
  ``x0 (1 + 1e-4) +- 1e-4``), ``halley`` with f' and f''.
- ``fixed-point`` is ``scipy.optimize.fixed_point`` on the equation's map g
  (``g(x*) = x*``) from ``x0``, Steffensen's ``del2`` acceleration or plain
  ``iteration``; it reports no counts, and its trace holds ``|f|`` at each point g was
  evaluated at.
- ``root-scalar`` is ``scipy.optimize.root_scalar`` with each of its methods, from the
  interval or from ``x0`` as the method needs.

Status: scipy's ``RootResults.converged`` is ``converged``; a ``convergence error`` is
``maxiter`` where the iterations reached ``maxiter`` (100 for the bracketing methods,
50 for Newton's) and ``stalled`` otherwise (a zero derivative, a secant through two equal
values); ``fixed_point``'s ``RuntimeError`` ("Failed to converge after 500 iterations")
is ``maxiter``. A non-finite end becomes ``diverged`` in the runner.

Counts: ``function_calls`` of the bracketing methods and of the secant method equals the
instrument's ``nfev``; Newton's and Halley's ``function_calls`` counts f, f' and f''
together (``_zeros_py.newton`` adds one for each), which equals ``nfev + njev + nhev``;
``iterations`` is ``nit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import optimize

from optbench.instrument import Instrument
from optbench.problems.base import Problem, Vector
from optbench.problems.roots import SCALAR_ROOT, ScalarEquation, get_scalar_equation
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS

Routine = Literal["brentq", "brenth", "ridder", "bisect", "toms748", "newton", "fixed-point",
                  "root-scalar"]
NewtonMethod = Literal["newton", "secant", "halley"]
FixedPointMethod = Literal["del2", "iteration"]
RootScalarMethod = Literal["brentq", "brenth", "ridder", "bisect", "toms748", "newton",
                           "secant", "halley"]
BRACKETING = frozenset({"brentq", "brenth", "ridder", "bisect", "toms748"})
#: scipy's default iteration limits: the bracketing methods' ``maxiter`` and Newton's.
BRACKET_MAXITER, NEWTON_MAXITER = 100, 50
#: The methods whose ``function_calls`` counts f, f' and f'' together.
COUNTS_DERIVATIVES = frozenset({"newton", "halley"})


@dataclass(frozen=True)
class ScalarRootFinder:
    """One scipy scalar root finder on a ``root-scalar`` problem.

    Parameters
    ----------
    routine : str
        The scipy function (``root-scalar`` for ``root_scalar``).
    method : str
        ``newton``'s variant (newton, secant, halley), ``fixed_point``'s method (del2,
        iteration) or ``root_scalar``'s method; the bracketing routines have none.
    name : str
        The canonical solver spec, set by the registry.

    Examples
    --------
    >>> from optbench.problems.base import Problem
    >>> ScalarRootFinder("brentq").skip(Problem("q", lambda x: 0.0, [1.0], 0.0, "t"))
    "brentq solves 'root-scalar' problems, not 'minimize'"
    """

    routine: Routine
    method: str = ""
    name: str = ""

    @property
    def variant(self) -> str:
        """The method actually used: the routine's own name or its ``method``."""
        return self.method or self.routine

    def skip(self, problem: Problem) -> str | None:
        """Why this finder cannot run on ``problem``, or ``None``."""
        label = self.name or self.routine
        if problem.kind != SCALAR_ROOT:
            return f"{label} solves {SCALAR_ROOT!r} problems, not {problem.kind!r}"
        equation = get_scalar_equation(problem.name)
        needs = {"interval": self.variant in BRACKETING,
                 "fprime": self.variant in {"newton", "halley"},
                 "fprime2": self.variant == "halley",
                 "fixed_point": self.routine == "fixed-point"}
        missing = [what for what, needed in needs.items()
                   if needed and getattr(equation, what) is None]
        if missing:
            return f"{problem.name} has no {missing[0]} (needed by {label})"
        return None

    def solve(self, objective: Instrument, x0: Vector | None, seed: int) -> Result:
        """Run the finder on the counted f; ``x0`` is the open methods' start."""
        equation = objective.scalar_equation
        start = float(equation.start if x0 is None else x0[0])
        if self.routine == "fixed-point":
            return _fixed_point(objective, start, self.method or "del2")
        if self.routine == "root-scalar":
            kwargs = _root_scalar_arguments(objective, equation, self.method, start)
            res = optimize.root_scalar(objective.equation, method=self.method, **kwargs)
        elif self.routine == "newton":
            res = _newton(objective, start, self.method or "newton")
        else:
            function = getattr(optimize, self.routine)
            a, b = equation.interval  # type: ignore[misc]
            _, res = function(objective.equation, a, b, full_output=True, disp=False)
        return _from_root_results(objective, res, self.variant)


def _derivatives(objective: Instrument, method: str) -> dict[str, Any]:
    """The counted derivatives an open ``method`` takes: f' for newton, f' and f'' for
    halley, none for secant."""
    derivatives: dict[str, Any] = {}
    if method in {"newton", "halley"}:
        derivatives["fprime"] = objective.equation_derivative
    if method == "halley":
        derivatives["fprime2"] = objective.equation_second_derivative
    return derivatives


def _newton(objective: Instrument, start: float, method: str) -> Any:
    """``scipy.optimize.newton`` with the derivatives ``method`` uses."""
    _, res = optimize.newton(objective.equation, start, full_output=True, disp=False,
                             **_derivatives(objective, method))
    return res


def _root_scalar_arguments(objective: Instrument, equation: ScalarEquation, method: str,
                           start: float) -> dict[str, Any]:
    """``root_scalar``'s keyword arguments: the bracket, or x0 and derivatives."""
    if method in BRACKETING:
        return {"bracket": equation.interval}
    arguments: dict[str, Any] = {"x0": start}
    if method == "secant":
        arguments["x1"] = start * (1.0 + 1e-4) + (1e-4 if start >= 0 else -1e-4)
    return arguments | _derivatives(objective, method)


def _from_root_results(objective: Instrument, res: Any, method: str) -> Result:
    """A `Result` from scipy's ``RootResults``; sets the instrument's ``nit``."""
    objective.nit = int(res.iterations)
    if res.converged:
        status = Status.CONVERGED
    else:
        limit = NEWTON_MAXITER if method in {"newton", "secant", "halley"} else BRACKET_MAXITER
        status = Status.MAXITER if res.iterations >= limit else Status.STALLED
    return _ended_at(objective, float(res.root), status, int(res.iterations),
                     int(res.function_calls), str(res.flag))


def _ended_at(objective: Instrument, x: float, status: Status, nit: int | None = None,
              nfev: int | None = None, message: str = "") -> Result:
    """A `Result` at ``x``, its ``fun`` the residual |f(x)| (uncounted)."""
    point = np.array([x])
    return Result(x=point, fun=float(objective.problem.fun(point)), nit=nit, nfev=nfev,
                  status=status, message=message)


def _fixed_point(objective: Instrument, start: float, method: str) -> Result:
    """``scipy.optimize.fixed_point`` on the counted map g; no counts of its own."""
    try:
        x = float(optimize.fixed_point(objective.fixed_point_map, start, method=method))
    except RuntimeError as error:  # "Failed to converge after 500 iterations, value is ..."
        return _ended_at(objective, float(objective.best_x[0]), Status.MAXITER,
                         message=str(error))
    return _ended_at(objective, x, Status.CONVERGED)


def _register_bracketing(routine: Routine) -> None:
    """Register ``scipy.optimize.<routine>`` under its own name."""
    summary = f"scipy.optimize.{routine} on the equation's bracket (scalar roots)"

    def factory() -> ScalarRootFinder:
        return ScalarRootFinder(routine)

    factory.__doc__ = f"{summary}."
    factory.__name__ = routine
    SOLVERS.register(routine, summary)(factory)


for _routine in ("brentq", "brenth", "ridder", "bisect", "toms748"):
    _register_bracketing(_routine)  # type: ignore[arg-type]


@SOLVERS.register("newton", "scipy.optimize.newton from x0: Newton, secant or Halley")
def newton(method: NewtonMethod = "newton") -> ScalarRootFinder:
    """``scipy.optimize.newton``: Newton (analytic f'), secant (none) or Halley (f', f'')."""
    return ScalarRootFinder("newton", method)


@SOLVERS.register("fixed-point", "scipy.optimize.fixed_point on the equation's map g from x0")
def fixed_point(method: FixedPointMethod = "del2") -> ScalarRootFinder:
    """``scipy.optimize.fixed_point``: Steffensen's ``del2`` or plain ``iteration``."""
    return ScalarRootFinder("fixed-point", method)


@SOLVERS.register("root-scalar", "scipy.optimize.root_scalar with each of its methods")
def root_scalar(method: RootScalarMethod = "brentq") -> ScalarRootFinder:
    """``scipy.optimize.root_scalar``: bracketing methods on the interval, open ones from x0."""
    return ScalarRootFinder("root-scalar", method)
