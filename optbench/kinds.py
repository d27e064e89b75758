"""Problem kinds and capabilities: the vocabulary problems and solvers are paired by.

A problem has one `Kind` (what is asked of it: minimise, find a root, ...) and a set of
`Capability` values (what it offers a solver: an analytic gradient, residuals, a
bracket, finite bounds, ...). A solver declares the kinds it accepts, the capabilities
it needs and those it cannot handle (`optbench.solvers.base.Accepts`); the runner pairs
the two and writes the reason of a skip. Both are enums, so a typo is an error where
it is written, not a problem every solver silently skips.
"""

from __future__ import annotations

from enum import StrEnum

from optbench.errors import OptbenchError


class Kind(StrEnum):
    """What a problem asks for; the value is the ``kind`` column of the runs table.

    Examples
    --------
    >>> Kind("root-scalar") is Kind.ROOT_SCALAR, Kind.MINIMIZE.value
    (True, 'minimize')
    """

    MINIMIZE = "minimize"
    CONSTRAINED = "constrained"
    GLOBAL = "global"
    SCALAR = "scalar"
    ROOT_SCALAR = "root-scalar"
    ROOT = "root"

    @property
    def is_equation(self) -> bool:
        """Whether the problem is an equation: its f is a residual size, f* = 0, and a
        point near a known root solves it (`optbench.record.is_success`)."""
        return self in {Kind.ROOT_SCALAR, Kind.ROOT}

    @property
    def needs_feasibility(self) -> bool:
        """Whether a value counts only at a feasible point: the analysis reads these
        runs' traces by their recorded constraint violation."""
        return self is Kind.CONSTRAINED


def as_kind(value: str | Kind) -> Kind:
    """The `Kind` that ``value`` names; anything else raises `OptbenchError`.

    Examples
    --------
    >>> as_kind("global")
    <Kind.GLOBAL: 'global'>
    >>> as_kind("minimise")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: unknown problem kind 'minimise'; valid: minimize, ...
    """
    try:
        return Kind(value)
    except ValueError:
        valid = ", ".join(kind.value for kind in Kind)
        raise OptbenchError(f"unknown problem kind {value!r}; valid: {valid}") from None


def kinds_text(kinds: frozenset[Kind] | tuple[Kind, ...]) -> str:
    """Kinds for a message, in declaration order: ``'minimize' and 'constrained'``.

    Examples
    --------
    >>> kinds_text(frozenset({Kind.CONSTRAINED, Kind.MINIMIZE}))
    "'minimize' and 'constrained'"
    """
    names = [repr(kind.value) for kind in Kind if kind in kinds]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


class Capability(StrEnum):
    """What a problem offers a solver; the value reads in a skip reason
    (``"<problem> has no analytic gradient"``, ``"cannot handle the bounds of"``).

    Objective capabilities come from the `Problem`'s callables and box, the others from
    its typed form (`optbench.problems.forms.Form.capabilities`).

    Examples
    --------
    >>> import numpy as np
    >>> from optbench import Problem
    >>> p = Problem(name="bowl", fun=lambda x: float(x @ x), grad=lambda x: 2 * x,
    ...             x0=np.ones(2), bounds=((-1.0, 1.0), (-1.0, 1.0)))
    >>> Capability.GRADIENT in p.capabilities(), Capability.HESSIAN in p.capabilities()
    (True, False)
    >>> Capability("finite bounds") is Capability.FINITE_BOUNDS
    True
    """

    GRADIENT = "analytic gradient"
    HESSIAN = "analytic Hessian"
    HESSP = "analytic Hessian-vector product"
    CURVATURE = "analytic Hessian or Hessian-vector product"
    BOUNDS = "bounds"
    FINITE_BOUNDS = "finite bounds"
    CONSTRAINTS = "constraints"
    BRACKET = "interval and bracket"
    RESIDUALS = "residuals"
    MATRIX = "matrix form (A, b, bounds)"
    NONNEGATIVE = "bounds of exactly x >= 0"
    INTERVAL = "interval"
    FPRIME = "fprime"
    FPRIME2 = "fprime2"
    FIXED_POINT = "fixed_point"
    JACOBIAN = "analytic Jacobian"


def as_capability(value: str | Capability) -> Capability:
    """A `Capability` from itself or its name in any case (``"gradient"``,
    ``"finite-bounds"``); other text raises `OptbenchError` listing the valid names.

    Examples
    --------
    >>> as_capability("gradient"), as_capability("finite-bounds").name
    (<Capability.GRADIENT: 'analytic gradient'>, 'FINITE_BOUNDS')
    >>> as_capability("gradients")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: unknown capability 'gradients'; valid: gradient, ...
    """
    if isinstance(value, Capability):
        return value
    key = str(value).strip().upper().replace("-", "_")
    if key in Capability.__members__:
        return Capability[key]
    valid = ", ".join(name.lower() for name in Capability.__members__)
    raise OptbenchError(f"unknown capability {value!r}; valid: {valid}")
