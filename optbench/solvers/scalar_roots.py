"""Scalar root finders: scipy's bracketing methods, Newton and its variants, fixed points.

They run on problems of kind ``root-scalar`` and call f, f' and f'' through the counted
form (`optbench.problems.roots.ScalarEquation`, ``objective.form``), so every evaluation
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
from optbench.kinds import Capability, Kind
from optbench.problems.base import Vector
from optbench.problems.roots import ScalarEquation
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations

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
    >>> from optbench.problems import get_problem
    >>> from optbench.solvers.base import skip_reason
    >>> skip_reason(ScalarRootFinder("brentq").accepts, get_problem("quadratic"))
    "brentq solves 'root-scalar' problems, not 'minimize'"
    """

    routine: Routine
    method: str = ""
    name: str = ""

    @property
    def variant(self) -> str:
        """The method actually used: the routine's own name or its ``method``."""
        return self.method or self.routine

    @property
    def accepts(self) -> Accepts:
        """``root-scalar`` problems with what the method uses: the interval (bracketing
        methods), f' (Newton, Halley), f'' (Halley), the map g (fixed point). ``nit`` is
        the method's own iteration count (no per-iteration callback)."""
        needs = {Capability.INTERVAL: self.variant in BRACKETING,
                 Capability.FPRIME: self.variant in {"newton", "halley"},
                 Capability.FPRIME2: self.variant == "halley",
                 Capability.FIXED_POINT: self.routine == "fixed-point"}
        label = self.name or self.routine
        return Accepts(label, frozenset({Kind.ROOT_SCALAR}),
                       needs=tuple(capability for capability, needed in needs.items() if needed),
                       remedies=dict.fromkeys(needs, f"needed by {label}"),
                       iterations=Iterations.SOLVER)

    def solve(self, objective: Instrument, x0: Vector | None, seed: int) -> Result:
        """Run the finder on the counted f; ``x0`` is the open methods' start."""
        equation = objective.form_as(ScalarEquation)
        start = float(equation.start if x0 is None else x0[0])
        if self.routine == "fixed-point":
            return _fixed_point(objective, start, self.method or "del2")
        if self.routine == "root-scalar":
            kwargs = _root_scalar_arguments(equation, self.method, start)
            res = optimize.root_scalar(equation.f, method=self.method, **kwargs)
        elif self.routine == "newton":
            res = _newton(equation, start, self.method or "newton")
        else:
            function = getattr(optimize, self.routine)
            a, b = equation.interval  # type: ignore[misc]
            _, res = function(equation.f, a, b, full_output=True, disp=False)
        return _from_root_results(objective, res, self.variant)


def _derivatives(equation: ScalarEquation, method: str) -> dict[str, Any]:
    """The (counted) derivatives an open ``method`` takes: f' for newton, f' and f'' for
    halley, none for secant."""
    derivatives: dict[str, Any] = {}
    if method in {"newton", "halley"}:
        derivatives["fprime"] = equation.fprime
    if method == "halley":
        derivatives["fprime2"] = equation.fprime2
    return derivatives


def _newton(equation: ScalarEquation, start: float, method: str) -> Any:
    """``scipy.optimize.newton`` with the derivatives ``method`` uses."""
    _, res = optimize.newton(equation.f, start, full_output=True, disp=False,
                             **_derivatives(equation, method))
    return res


def _root_scalar_arguments(equation: ScalarEquation, method: str,
                           start: float) -> dict[str, Any]:
    """``root_scalar``'s keyword arguments: the bracket, or x0 and derivatives."""
    if method in BRACKETING:
        return {"bracket": equation.interval}
    arguments: dict[str, Any] = {"x0": start}
    if method == "secant":
        arguments["x1"] = start * (1.0 + 1e-4) + (1e-4 if start >= 0 else -1e-4)
    return arguments | _derivatives(equation, method)


def _from_root_results(objective: Instrument, res: Any, method: str) -> Result:
    """A `Result` from scipy's ``RootResults``."""
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
        x = float(optimize.fixed_point(objective.form_as(ScalarEquation).fixed_point, start,
                                       method=method))
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
    _register_bracketing(_routine)


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
