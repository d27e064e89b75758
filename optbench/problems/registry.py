"""The registry of problems, keyed by name."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import TypeVar

from optbench.families import Family
from optbench.problems.base import Problem
from optbench.problems.forms import Form, FormT, form_as
from optbench.registry import Registry

#: Every problem factory, each registered with its family (``PROBLEMS.register(name,
#: summary, family=MGH)``); `Registry.names` selects a family's problems.
PROBLEMS: Registry[Problem] = Registry("problem", requires_family=True)

F = TypeVar("F", bound=Form)


def register_form(name: str, summary: str,
                  family: Family) -> Callable[[Callable[..., F]], Callable[..., F]]:
    """Register a factory of a problem form, as its `Problem` view, in ``PROBLEMS``.

    The ``PROBLEMS`` entry has the factory's signature and docstring and returns
    ``factory(**options).to_problem()``: the view carries the form (`Problem.form`), so
    the form's own solvers find it there. The decorated factory itself is returned
    unchanged.
    """

    def decorate(factory: Callable[..., F]) -> Callable[..., F]:
        @functools.wraps(factory)
        def as_problem(**options: object) -> Problem:
            return factory(**options).to_problem()

        PROBLEMS.register(name, summary, family=family)(as_problem)
        return factory

    return decorate


def get_form(spec: str, form_type: type[FormT]) -> FormT:
    """The form of the problem that ``spec`` names, checked to be a ``form_type``.

    Examples
    --------
    >>> from optbench.problems.roots import EquationSystem
    >>> get_form("eq-rosenbrock", EquationSystem).jacobian is not None
    True
    """
    return form_as(get_problem(spec), form_type)


def get_problem(spec: str) -> Problem:
    """Build the problem that ``spec`` names, its name set to the canonical spec.

    Examples
    --------
    >>> get_problem("rosenbrock[n=2]").name
    'rosenbrock'
    """
    canonical, entry, options = PROBLEMS.resolve(spec)
    problem = entry.factory(**options)
    form = problem.form
    if dataclasses.is_dataclass(form) and hasattr(form, "name"):
        form = dataclasses.replace(form, name=canonical)
    return dataclasses.replace(problem, name=canonical, family=entry.family or problem.family,
                               form=form)
