"""Solvers from plain functions: what `optbench.solver` makes of a user's function.

A function in optbench's style is called as ``function(fun, x0, **keywords, **options)``
with only the keywords it names (`KEYWORDS`): the counted gradient, Hessian, bounds,
constraints, residuals, budget, seed, an iteration callback, ... Its signature is its
declaration: a keyword it requires (no default) is a capability the problem must offer,
a function that names no ``bounds`` (``constraints``) cannot honour them and is not
given problems that have them, and one that takes ``callback`` has its iterations
counted by the instrument. Its other keyword parameters, with defaults, are options
(``my-method[step=0.05]``), converted by their annotations.

A function in scipy's style (``style="minimize"``) is a custom ``minimize`` method,
called by ``scipy.optimize.minimize(fun, x0, method=function, ...)`` as scipy's
documentation describes (``method=callable``).

Whatever the function returns becomes a `Result` (`as_result`): an ``OptimizeResult``
or any mapping or object with ``x`` (and, optionally, ``fun``, ``nit``, ``nfev``,
``njev``, ``nhev``, ``status``, ``success``, ``message``), or ``x`` itself.
"""

from __future__ import annotations

import inspect
import math
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from scipy.optimize import minimize

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind, as_capability, as_kind
from optbench.problems.base import Vector
from optbench.problems.roots import EquationSystem
from optbench.problems.sumsq import LeastSquaresProblem
from optbench.result import Result, Status
from optbench.solvers.base import Accepts, Iterations
from optbench.spec import OptionValue, format_spec

Style = Literal["optbench", "minimize"]


@dataclass(frozen=True)
class Keyword:
    """A keyword optbench hands a solver function: what it needs from the problem
    (``None``: nothing) and how its value is read off the instrument."""

    capability: Capability | None
    value: Callable[[Instrument, int], Any]


def _if_offered(capability: Capability, read: Callable[[Instrument], Any],
                ) -> Callable[[Instrument, int], Any]:
    def value(objective: Instrument, seed: int) -> Any:
        return read(objective) if capability in objective.problem.capabilities() else None

    return value


def _constraint_dicts(objective: Instrument, seed: int) -> list[dict[str, Any]] | None:
    """The counted constraints in scipy's dict form (``c(x) >= 0`` for ``"ineq"``)."""
    if not objective.constraints:
        return None
    return [{"type": c.kind, "fun": c.fun} | ({"jac": c.jac} if c.jac is not None else {})
            for c in objective.constraints]


def _jacobian(objective: Instrument) -> Any:
    form = objective.form
    if isinstance(form, LeastSquaresProblem):
        return form.sumsq.jacobian
    return form.jacobian if isinstance(form, EquationSystem) else None


def _equations(objective: Instrument, seed: int) -> Any:
    form = objective.form
    return form.equations if isinstance(form, EquationSystem) else None


_GRADIENT, _HESSIAN, _HESSP = Capability.GRADIENT, Capability.HESSIAN, Capability.HESSP

#: The keywords of optbench's style, by name.
KEYWORDS: Mapping[str, Keyword] = {
    "grad": Keyword(_GRADIENT, _if_offered(_GRADIENT, lambda o: o.grad)),
    "fun_and_grad": Keyword(_GRADIENT, _if_offered(_GRADIENT, lambda o: o.fun_and_grad)),
    "hess": Keyword(_HESSIAN, _if_offered(_HESSIAN, lambda o: o.hess)),
    "hessp": Keyword(_HESSP, _if_offered(_HESSP, lambda o: o.hessp)),
    "bounds": Keyword(Capability.BOUNDS, lambda o, s: o.problem.bounds),
    "constraints": Keyword(Capability.CONSTRAINTS, _constraint_dicts),
    "residuals": Keyword(Capability.RESIDUALS, _if_offered(
        Capability.RESIDUALS, lambda o: o.form.sumsq.residuals)),
    "jacobian": Keyword(Capability.JACOBIAN, _if_offered(Capability.JACOBIAN, _jacobian)),
    "equations": Keyword(None, _equations),
    "budget": Keyword(None, lambda o, s: o.max_fev),
    "seed": Keyword(None, lambda o, s: s),
    "callback": Keyword(None, lambda o, s: o.iteration),
}
#: What ``scipy.optimize.minimize`` hands a custom method besides fun and x0.
MINIMIZE_KEYWORDS: Mapping[str, Keyword] = {
    "args": Keyword(None, lambda o, s: ()),
    "jac": KEYWORDS["grad"], "hess": KEYWORDS["hess"], "hessp": KEYWORDS["hessp"],
    "bounds": KEYWORDS["bounds"], "constraints": KEYWORDS["constraints"],
    "callback": KEYWORDS["callback"],
}
_POSITIONAL = ("fun", "x0")


@dataclass(frozen=True)
class FunctionSolver:
    """A solver made from a user's function (`make_solver`, `optbench.solver`).

    Parameters
    ----------
    name : str
        The canonical spec (set by the registry), e.g. ``my-method[step=0.05]``.
    function : callable
        The user's function.
    accepts : Accepts
        What it takes, from its signature and the decorator's ``kinds`` and ``needs``.
    keywords : tuple of str
        The keywords of `KEYWORDS` (or `MINIMIZE_KEYWORDS`) it names.
    options : tuple of (str, value)
        Option values differing from the function's defaults.
    style : {"optbench", "minimize"}
        How it is called.
    version : str
        The declared version of its code (part of its run ids, with its fingerprint).
    """

    name: str
    function: Callable[..., Any]
    accepts: Accepts
    keywords: tuple[str, ...] = ()
    options: tuple[tuple[str, OptionValue], ...] = ()
    style: Style = "optbench"
    version: str = ""

    @property
    def base_name(self) -> str:
        """The registered name, without options."""
        return self.accepts.label

    @property
    def spec(self) -> str:
        """The name with the options that differ from the defaults (``name[k=v]``)."""
        return format_spec(self.base_name, dict(self.options))

    def with_options(self, **options: OptionValue) -> FunctionSolver:
        """The solver with these option values (the registry's factory)."""
        return replace(self, options=tuple(sorted(options.items())))

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Call the function on the counted callables; convert what it returns."""
        table = MINIMIZE_KEYWORDS if self.style == "minimize" else KEYWORDS
        keywords = {key: table[key].value(objective, seed) for key in self.keywords}
        if self.style == "minimize":
            value = minimize(objective.fun, x0.copy(), method=self.function,
                             options=dict(self.options),
                             **{key: value for key, value in keywords.items() if key != "args"})
        else:
            value = self.function(objective.fun, x0.copy(), **keywords, **dict(self.options))
        return as_result(value, self.base_name)


def make_solver(function: Callable[..., Any], name: str, *,
                kinds: Sequence[str | Kind] | None = None,
                needs: Sequence[str | Capability] = (), style: Style = "optbench",
                version: str = "") -> FunctionSolver:
    """A `FunctionSolver` from ``function``, its declaration read from its signature.

    Raises
    ------
    OptbenchError
        If the function's first two parameters are not ``fun`` and ``x0``, a parameter
        is neither a keyword of its style nor an option with a default, or ``kinds`` or
        ``needs`` name no kind or capability.

    Examples
    --------
    >>> def descend(fun, x0, *, grad, budget, step: float = 0.1):
    ...     return x0 - step * grad(x0)
    >>> solver = make_solver(descend, "one-step")
    >>> accepts = solver.accepts
    >>> sorted(c.name for c in accepts.needs), sorted(c.name for c in accepts.refuses)
    (['GRADIENT'], ['BOUNDS', 'CONSTRAINTS'])
    >>> solver.with_options(step=0.5).spec
    'one-step[step=0.5]'
    """
    if style not in ("optbench", "minimize"):
        raise OptbenchError(f"solver {name!r}: style must be 'optbench' or 'minimize'; "
                            f"got {style!r}")
    table = MINIMIZE_KEYWORDS if style == "minimize" else KEYWORDS
    parameters = _parameters(function, name)
    keywords = tuple(key for key in parameters if key in table)
    options = [key for key in parameters if key not in table]
    for key in options:
        if parameters[key].default is inspect.Parameter.empty:
            raise OptbenchError(
                f"solver {name!r}: parameter {key!r} is neither one of optbench's keywords "
                f"({', '.join(table)}) nor an option with a default")
    required = [table[key].capability for key in keywords
                if parameters[key].default is inspect.Parameter.empty]
    declared_needs = tuple(dict.fromkeys(
        [*(capability for capability in required if capability is not None),
         *map(as_capability, needs)]))
    refuses = tuple(capability for key, capability in
                    (("bounds", Capability.BOUNDS), ("constraints", Capability.CONSTRAINTS))
                    if key not in parameters)
    if kinds is None:
        kinds = [Kind.MINIMIZE] + ([Kind.CONSTRAINED] if "constraints" in parameters else [])
    iterations = (Iterations.INSTRUMENT if style == "optbench" and "callback" in keywords
                  else Iterations.SOLVER_ELSE_INSTRUMENT if "callback" in keywords
                  else Iterations.SOLVER)
    accepts = Accepts(name, frozenset(map(as_kind, kinds)), needs=declared_needs,
                      refuses=refuses, iterations=iterations)
    return FunctionSolver(name, function, accepts, keywords, style=style, version=version)


def _parameters(function: Callable[..., Any], name: str) -> dict[str, inspect.Parameter]:
    """The function's parameters after ``fun`` and ``x0`` (``**options`` left out)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        raise OptbenchError(f"solver {name!r}: {function!r} has no signature to read") from None
    listed = list(signature.parameters.values())
    if tuple(p.name for p in listed[:2]) != _POSITIONAL:
        raise OptbenchError(f"solver {name!r}: the function's first parameters must be "
                            f"(fun, x0, ...); got ({', '.join(p.name for p in listed[:2])})")
    return {p.name: p for p in listed[2:]
            if p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)}


def option_factory(solver: FunctionSolver) -> Callable[..., FunctionSolver]:
    """The registry's factory of ``solver``: the function's options as keyword
    parameters (defaults and resolved annotations kept), returning the solver with them.
    """
    table = MINIMIZE_KEYWORDS if solver.style == "minimize" else KEYWORDS
    parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
                  for key, p in _parameters(solver.function, solver.base_name).items()
                  if key not in table]
    try:
        hints = typing.get_type_hints(solver.function)
    except (NameError, TypeError):
        hints = {}

    def factory(**options: OptionValue) -> FunctionSolver:
        return solver.with_options(**options)

    factory.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    factory.__annotations__ = {p.name: hints[p.name] for p in parameters if p.name in hints}
    factory.__doc__ = inspect.getdoc(solver.function)
    return factory


class SolverReturnError(ValueError):
    """A solver function returned something that is not a result."""


def as_result(value: Any, name: str) -> Result:
    """A `Result` from what a solver function returned.

    Raises
    ------
    SolverReturnError
        If it returned ``None`` or something without a numeric ``x`` (the runner
        records the run as ``error`` with this message).

    Examples
    --------
    >>> as_result([1.0, 2.0], "mine").x.tolist(), as_result([1.0], "mine").status.value
    ([1.0, 2.0], 'converged')
    >>> from scipy.optimize import OptimizeResult
    >>> r = as_result(OptimizeResult(x=[0.5], fun=1.0, nfev=7, success=False), "mine")
    >>> r.nfev, r.status.value
    (7, 'stalled')
    >>> as_result(None, "mine")
    Traceback (most recent call last):
    ...
    optbench.solvers.functions.SolverReturnError: solver 'mine' returned None; ...
    """
    if value is None:
        raise SolverReturnError(f"solver {name!r} returned None; return x, or an "
                                "OptimizeResult (or any object with x)")
    fields = _fields(value)
    try:
        x = np.asarray(fields.get("x", value), dtype=float)
    except (TypeError, ValueError):
        raise SolverReturnError(f"solver {name!r} returned {type(value).__name__}, which "
                                "has no numeric x") from None
    return Result(x=x, fun=float(fields.get("fun", math.nan)), nit=_count(fields, "nit"),
                  nfev=_count(fields, "nfev"), njev=_count(fields, "njev"),
                  nhev=_count(fields, "nhev"), status=_status(fields),
                  message=str(fields.get("message", "")))


def _fields(value: Any) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    if hasattr(value, "x"):
        return {key: getattr(value, key) for key in
                ("x", "fun", "nit", "nfev", "njev", "nhev", "status", "success", "message")
                if hasattr(value, key)}
    return {}


def _count(fields: Mapping[str, Any], key: str) -> int | None:
    value = fields.get(key)
    return None if value is None else int(value)


def _status(fields: Mapping[str, Any]) -> Status:
    """A status named as optbench names them, else from ``success``, else converged."""
    status = fields.get("status")
    if isinstance(status, str) and status in Status.__members__.values():
        return Status(status)
    if "success" in fields:
        return Status.CONVERGED if fields["success"] else Status.STALLED
    return Status.CONVERGED
