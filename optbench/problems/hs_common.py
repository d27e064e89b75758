"""What the Hock-Schittkowski problems share: the citation and the `Problem` plumbing.

Each problem module (`hs_small`: the two-variable problems 1-24, `hs_large`: problems
26-110) states f, its gradient, and its constraints with their Jacobians as plain
expressions returning lists; `hs_problem` turns them into a ``constrained`` `Problem`
with float arrays, scipy's constraint convention (``c(x) = 0`` and ``c(x) >= 0``) and
the citation. Published optima are local in general, so ``f_opt_is_global`` stays False.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import SupportsFloat

import numpy as np
from numpy.typing import ArrayLike

from optbench.kinds import Kind
from optbench.problems.base import Constraint, Problem, Vector

BOOK = ("Hock & Schittkowski (1981), Test Examples for Nonlinear Programming Codes, "
        "Lecture Notes in Economics and Mathematical Systems 187, Springer")

#: How optbench computed f* and x* where the book prints only leading digits.
POLISHED = ("full precision computed by optbench: SLSQP (ftol 1e-15) started at the "
            "book's x*, KKT residual checked below 1e-8 with the right multiplier signs; "
            "agrees with the book's printed digits")

Expression = Callable[[Vector], ArrayLike]
Bound = tuple[float | None, float | None]


def _as_vector(expression: Expression) -> Callable[[Vector], Vector]:
    def vector(x: Vector) -> Vector:
        return np.asarray(expression(x), dtype=float)

    return vector


def _as_matrix(expression: Expression, n: int) -> Callable[[Vector], Vector]:
    def matrix(x: Vector) -> Vector:
        return np.asarray(expression(x), dtype=float).reshape(-1, n)

    return matrix


def product_of_others(x: Vector) -> Vector:
    """``[prod_{j != i} x_j for i]``, the gradient of ``prod(x)``, exact also where x_i = 0.

    Examples
    --------
    >>> product_of_others(np.array([2.0, 3.0, 0.0])).tolist()
    [0.0, 0.0, 6.0]
    """
    return np.array([np.prod(np.delete(x, i)) for i in range(x.size)])


def hs_problem(number: int, fun: Callable[[Vector], SupportsFloat], grad: Expression,
               x0: ArrayLike, f_opt: float, x_opt: Sequence[ArrayLike], *,
               bounds: Sequence[Bound] | None = None,
               eq: tuple[Expression, Expression] | None = None,
               ineq: tuple[Expression, Expression] | None = None,
               note: str = "") -> Problem:
    """A Hock-Schittkowski problem as a ``constrained`` `Problem` named ``hs-NNN``.

    Parameters
    ----------
    number : int
        The problem's number in the book.
    fun : callable
        ``f(x)``.
    grad : callable
        ``grad(x) -> sequence of n floats``.
    x0 : array_like
        The book's start, feasible or not.
    f_opt : float
        The published f* (to full precision where optbench polished it; see ``note``).
    x_opt : sequence of array_like
        Published minimisers.
    bounds : sequence of (low, high), optional
        One pair per variable, ``None`` for an infinite side.
    eq, ineq : (fun, jac), optional
        All equality constraints ``c(x) = 0`` and all inequality constraints
        ``c(x) >= 0`` (the book's convention, also scipy's), as one vector function and
        its ``(m, n)`` Jacobian each.
    note : str
        Where f* comes from and any transcription differences, appended to ``source``.

    Examples
    --------
    >>> p = hs_problem(0, lambda x: float(x @ x), lambda x: 2 * x, [1.0, 1.0], 0.5,
    ...                [[0.5, 0.5]], eq=(lambda x: [x[0] + x[1] - 1], lambda x: [1, 1]))
    >>> p.name, p.kind.value, p.max_violation(np.array([1.0, 1.0]))
    ('hs-000', 'constrained', 1.0)
    >>> p.constraints[0].jac(np.zeros(2)).shape
    (1, 2)
    """
    n = np.size(x0)
    constraints = tuple(
        Constraint(kind, _as_vector(pair[0]), _as_matrix(pair[1], n))
        for kind, pair in (("eq", eq), ("ineq", ineq)) if pair is not None
    )
    return Problem(
        name=f"hs-{number:03d}",
        fun=lambda x: float(fun(x)),
        grad=_as_vector(grad),
        x0=np.asarray(x0, dtype=float),
        f_opt=float(f_opt),
        x_opt=tuple(np.asarray(x, dtype=float) for x in x_opt),
        bounds=None if bounds is None else tuple((low, high) for low, high in bounds),
        constraints=constraints,
        kind=Kind.CONSTRAINED,
        source=f"{BOOK}, problem {number}" + (f"; {note}" if note else ""),
    )
