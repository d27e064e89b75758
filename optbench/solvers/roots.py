"""Root finders for square systems ``F(x) = 0``: ``fsolve``, ``root`` and ``scipy.optimize``'s
large-scale nonlinear solvers.

They run on problems of kind ``root`` and call F and its Jacobian through the counted
form (`optbench.problems.roots.EquationSystem`, ``objective.form``): every F,
finite-difference ones included, is one ``nfev``, every analytic Jacobian one ``njev``.

- ``fsolve`` (MINPACK's hybrd/hybrj) and ``root[method=hybr|lm]`` use the system's analytic
  Jacobian (``jac=analytic``, the default) or their own forward differences
  (``jac=fd``).
- ``root[method=broyden1|broyden2|anderson|linearmixing|diagbroyden|excitingmixing|krylov]``
  are ``scipy.optimize.nonlin_solve`` with each Jacobian approximation, and
  ``root[method=df-sane]`` the derivative-free spectral method; none uses a Jacobian.
- ``broyden1``, ``broyden2``, ``anderson``, ``linearmixing``, ``diagbroyden``,
  ``excitingmixing`` and ``newton-krylov`` are the legacy functions of the same
  methods (the seed's names); they raise ``NoConvergence`` where ``root`` returns
  ``success=False``, and report no counts.

``tol`` (0: scipy's defaults) is the tolerance each method tests: ``xtol`` of hybr, lm
and fsolve (relative step, default 1.49e-8), ``fatol`` of df-sane (default 1e-8 on the
scaled 2-norm) and ``f_tol`` of the nonlin methods (default ``eps**(1/3)`` = 6.1e-6 on the
max norm, looser than optbench's success test of ``||F|| <= 1e-6``).

Status mapping (scipy 1.17.1, ``_minpack_py.py``, ``_root.py``, ``_nonlin.py``,
``_spectral.py``): hybr and fsolve ``ier``/``status`` 1 converged, 2 maxfev (maxiter),
3, 4, 5 no further progress (stalled), 0 improper input (error); lm as ``leastsq`` (1-4
converged, 5 maxiter, 6-8 stalled, 0 error); nonlin ``status`` 1 converged, 2 maxiter,
``NoConvergence`` maxiter; df-sane ``success``, else maxiter ("too many function
evaluations required"). Breakdowns inside the methods are statuses, not errors: an
overflow (``OverflowError``, ``FloatingPointError``) is ``diverged``, a singular linear
algebra step (``LinAlgError``, nonlin's "Jacobian inversion yielded zero vector") is
``stalled``, and scipy.linalg's "array must not contain infs or NaNs" (an iterate that
overflowed, diagbroyden on Brown almost-linear) is ``diverged``.

Counts: ``fsolve`` evaluates F (and the analytic Jacobian) once more at x0 to check
shapes (``_check_func``), which MINPACK's ``nfev`` and ``njev`` leave out; ``root``
counts every call of F itself (its ``_wrapped_fun``) and equals the instrument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import optimize

from optbench.errors import error_line
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Vector
from optbench.problems.roots import EquationSystem
from optbench.registry import NonNegative
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations

Routine = Literal["fsolve", "root", "legacy"]
JacSource = Literal["analytic", "fd"]
RootMethod = Literal["hybr", "lm", "broyden1", "broyden2", "anderson", "linearmixing",
                     "diagbroyden", "excitingmixing", "krylov", "df-sane"]
NONLIN = ("broyden1", "broyden2", "anderson", "linearmixing", "diagbroyden",
          "excitingmixing", "krylov")
#: The legacy function of each nonlin method.
LEGACY = {**{method: method for method in NONLIN if method != "krylov"},
          "newton-krylov": "krylov"}
_C, _M, _S, _E = Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.ERROR
HYBR_STATUS: Mapping[int, Status] = {0: _E, 1: _C, 2: _M, 3: _S, 4: _S, 5: _S}
LM_STATUS: Mapping[int, Status] = {0: _E, 1: _C, 2: _C, 3: _C, 4: _C, 5: _M, 6: _S, 7: _S,
                                   8: _S}
NONLIN_STATUS: Mapping[int, Status] = {1: _C, 2: _M}
#: nonlin's message when a Jacobian approximation turns singular.
ZERO_STEP = "Jacobian inversion yielded zero vector"
#: scipy.linalg's message when an iterate has overflowed into infs or NaNs.
NON_FINITE = "array must not contain infs or NaNs"


def _value_error_status(message: str) -> Status | None:
    """The status of a ``ValueError`` that is a method's breakdown, ``None`` for others.

    Examples
    --------
    >>> _value_error_status(NON_FINITE).value, _value_error_status("bad x0") is None
    ('diverged', True)
    """
    if ZERO_STEP in message:
        return Status.STALLED
    if NON_FINITE in message:
        return Status.DIVERGED
    return None


@dataclass(frozen=True)
class SystemSolver:
    """One scipy root finder on a ``root`` problem.

    Parameters
    ----------
    routine : {"fsolve", "root", "legacy"}
        ``fsolve``, ``root``, or a legacy nonlin function (``method`` names it).
    method : str
        ``root``'s method; for ``legacy``, a key of `LEGACY`.
    jac : {"analytic", "fd"}
        For fsolve, hybr and lm: the system's Jacobian or the method's differences.
    tol : float
        The tolerance each method tests (see the module docstring); 0 for scipy's.
    name : str
        The canonical solver spec, set by the registry.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> from optbench.solvers.base import skip_reason
    >>> skip_reason(SystemSolver("fsolve").accepts, get_problem("quadratic"))
    "fsolve solves 'root' problems, not 'minimize'"
    """

    routine: Routine
    method: str = "hybr"
    jac: JacSource = "analytic"
    tol: NonNegative = 0.0
    name: str = ""

    @property
    def uses_jacobian(self) -> bool:
        """Whether the method takes a Jacobian (fsolve, hybr, lm)."""
        return self.routine == "fsolve" or (self.routine == "root"
                                            and self.method in {"hybr", "lm"})

    @property
    def accepts(self) -> Accepts:
        """``root`` problems, with an analytic Jacobian where the method is set to take
        one. ``nit``: hybr, lm and fsolve have no callback (their own count, if any);
        root's other methods report their own, the callbacks counting where the budget
        stopped them; the legacy functions report none (the callbacks counted)."""
        label = self.name or self.routine
        analytic = self.uses_jacobian and self.jac == "analytic"
        if self.uses_jacobian:
            iterations = Iterations.SOLVER
        elif self.routine == "legacy":
            iterations = Iterations.INSTRUMENT
        else:
            iterations = Iterations.SOLVER_ELSE_INSTRUMENT
        return Accepts(label, frozenset({Kind.ROOT}),
                       needs=(Capability.JACOBIAN,) if analytic else (),
                       remedies={Capability.JACOBIAN: f"use {label}[jac=fd]"},
                       iterations=iterations)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the method on the counted F from ``x0``; breakdowns become statuses."""
        try:
            return self._run(objective, np.asarray(x0, dtype=float))
        except optimize.NoConvergence as error:  # carries the last iterate
            return _result(objective, error.args[0], None, None, None, Status.MAXITER,
                           "NoConvergence: the iteration limit was reached")
        except (OverflowError, FloatingPointError) as error:
            return objective.result_at_best(x0, Status.DIVERGED, error_line(error))
        except np.linalg.LinAlgError as error:
            return objective.result_at_best(x0, Status.STALLED, error_line(error))
        except ValueError as error:
            status = _value_error_status(str(error))
            if status is None:
                raise
            return objective.result_at_best(x0, status, error_line(error))

    def _run(self, objective: Instrument, x0: Vector) -> Result:
        system = objective.form_as(EquationSystem)
        jacobian = system.jacobian if self.uses_jacobian and self.jac == "analytic" else None
        if self.routine == "fsolve":
            options = {"xtol": self.tol} if self.tol else {}
            x, info, ier, message = optimize.fsolve(system.equations, x0, fprime=jacobian,
                                                    full_output=True, **options)
            return _result(objective, x, None, info["nfev"], info.get("njev"),
                           HYBR_STATUS.get(int(ier), _E), message)
        if self.routine == "legacy":
            function = getattr(optimize, self.method.replace("-", "_"))
            options = {"f_tol": self.tol} if self.tol else {}
            x = function(system.equations, x0, callback=objective.iteration, **options)
            return _result(objective, x, None, None, None, _C, "")
        callback = None if self.uses_jacobian else objective.iteration
        res = optimize.root(system.equations, x0, method=self.method, jac=jacobian,
                            callback=callback, options=self._root_options())
        return _result(objective, res.x, res.get("nit"), res.nfev, res.get("njev"),
                       self._status(res), str(res.message))

    def _root_options(self) -> dict[str, float]:
        if not self.tol:
            return {}
        return {"xtol": self.tol} if self.uses_jacobian else {"fatol": self.tol}

    def _status(self, res: Any) -> Status:
        if self.method == "hybr":
            return HYBR_STATUS.get(int(res.status), _E)
        if self.method == "lm":
            return LM_STATUS.get(int(res.status), _E)
        if self.method == "df-sane":
            return _C if res.success else _M
        return NONLIN_STATUS.get(int(res.status), _E)


def _result(objective: Instrument, x: Vector, nit: int | None, nfev: int | None,
            njev: int | None, status: Status, message: str) -> Result:
    """A `Result` at ``x``, its ``fun`` the residual ``||F(x)||`` (uncounted)."""
    x = np.asarray(x, dtype=float)
    fun = objective.problem.fun(x)
    return Result(x=x, fun=float(fun), nit=None if nit is None else int(nit),
                  nfev=None if nfev is None else int(nfev),
                  njev=None if njev is None else int(njev), status=status, message=message)


@SOLVERS.register("fsolve", "scipy.optimize.fsolve (MINPACK hybrd/hybrj) on F(x) = 0")
def fsolve(jac: JacSource = "analytic", tol: NonNegative = 0.0) -> SystemSolver:
    """``scipy.optimize.fsolve``: Powell's hybrid method, analytic or forward-difference J."""
    return SystemSolver("fsolve", "hybr", jac, tol)


@SOLVERS.register("root", "scipy.optimize.root with each of its methods, on F(x) = 0")
def root(method: RootMethod = "hybr", jac: JacSource = "analytic",
         tol: NonNegative = 0.0) -> SystemSolver:
    """``scipy.optimize.root``: hybr, lm, the nonlin methods, krylov and df-sane."""
    return SystemSolver("root", method, jac, tol)


def _register_legacy(name: str) -> None:
    """Register the legacy nonlin function ``name`` (``newton-krylov``: newton_krylov)."""
    summary = (f"scipy.optimize.{name.replace('-', '_')}, the legacy function "
               f"(root[method={LEGACY[name]}]'s solver)")

    def factory(tol: NonNegative = 0.0) -> SystemSolver:
        return SystemSolver("legacy", name, "analytic", tol)

    factory.__doc__ = f"{summary}."
    factory.__name__ = name.replace("-", "_")
    SOLVERS.register(name, summary)(factory)


for _name in LEGACY:
    _register_legacy(_name)

