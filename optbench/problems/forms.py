"""The typed forms a problem can carry besides its objective view.

A `Problem` is always an objective (f, its derivatives, a box, constraints); some
problems are also something more particular, which the solvers made for it take:

======================================  ==============================  =================
form                                    callables and data              solvers
======================================  ==============================  =================
`~optbench.problems.sumsq.LeastSquaresProblem`  residuals r, Jacobian J  least_squares,
                                                                        leastsq, curve_fit
`~optbench.problems.linear_ls.LinearLeastSquares`  A, b, bounds         nnls, lsq_linear
`~optbench.problems.roots.ScalarEquation`  f, f', f'', g, interval       brentq, newton, ...
`~optbench.problems.roots.EquationSystem`  F, Jacobian                   fsolve, root, ...
======================================  ==============================  =================

A form's factory builds its `Problem` view with ``form=self`` (`Form.to_problem`), so
the problem carries its form: nothing is looked up by name after a problem is built.
Each form says which of its callables has which counting shape (`Form.counted`) and
what it offers solvers (`Form.capabilities`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

from optbench.counting import Meter
from optbench.errors import OptbenchError
from optbench.kinds import Capability

if TYPE_CHECKING:
    from optbench.problems.base import Problem


class Form(Protocol):
    """A problem in a solver's own terms, with its `Problem` view."""

    def to_problem(self) -> Problem:
        """The objective view, carrying this form."""
        ...

    def counted(self, meter: Meter) -> Self:
        """This form with every callable wrapped by its counting shape
        (`optbench.counting`), all counting into ``meter``."""
        ...

    def capabilities(self) -> frozenset[Capability]:
        """What the form offers solvers besides the objective's own."""
        ...

    def derivative_view(self, problem: Problem) -> Problem:
        """The problem whose ``grad`` and ``hess`` ``optbench check`` compares with
        differences: the view itself, or (scalar equations) the signed f with f', f''."""
        ...

    def jacobian_pair(self) -> tuple[Callable[[Any], Any], Callable[[Any], Any]] | None:
        """A vector function and its analytic Jacobian that ``optbench check`` compares
        column by column (a system's F and J), or ``None``."""
        ...


class ObjectiveForm:
    """The defaults of `Form` for forms whose derivatives are the objective view's."""

    def derivative_view(self, problem: Problem) -> Problem:
        """The view itself."""
        return problem

    def jacobian_pair(self) -> tuple[Callable[[Any], Any], Callable[[Any], Any]] | None:
        """None: the view's gradient is what is checked."""
        return None


FormT = TypeVar("FormT")


def form_as(problem: Problem, form_type: type[FormT]) -> FormT:
    """The form of ``problem``, checked to be a ``form_type``.

    Raises
    ------
    OptbenchError
        If the problem carries no form of that type.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> from optbench.problems.sumsq import LeastSquaresProblem
    >>> form_as(get_problem("mgh-rosenbrock"), LeastSquaresProblem).f_opt
    0.0
    """
    form = problem.form
    if not isinstance(form, form_type):
        raise OptbenchError(f"problem {problem.name!r} is no {form_type.__name__}")
    return form
