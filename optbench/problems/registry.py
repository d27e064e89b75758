"""The registry of problems, keyed by name."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Protocol, TypeVar

from optbench.problems.base import Problem
from optbench.registry import Registry

PROBLEMS: Registry[Problem] = Registry("problem")


class Form(Protocol):
    """A problem in a solver's own terms (residuals, a matrix) with its `Problem` view."""

    def to_problem(self) -> Problem: ...


F = TypeVar("F", bound=Form)


def register_form(forms: Registry[F], name: str,
                  summary: str) -> Callable[[Callable[..., F]], Callable[..., F]]:
    """Register a factory of a problem form in ``forms`` and, as a `Problem`, in ``PROBLEMS``.

    The ``PROBLEMS`` entry has the factory's signature and docstring and returns
    ``factory(**options).to_problem()``, so every solver can run on the form's f view
    while the form's own solvers look it up in ``forms``.
    """

    def decorate(factory: Callable[..., F]) -> Callable[..., F]:
        forms.register(name, summary)(factory)

        @functools.wraps(factory)
        def as_problem(**options: object) -> Problem:
            return factory(**options).to_problem()

        PROBLEMS.register(name, summary)(as_problem)
        return factory

    return decorate


def get_problem(spec: str) -> Problem:
    """Build the problem that ``spec`` names, its name set to the canonical spec.

    Examples
    --------
    >>> get_problem("rosenbrock[n=2]").name
    'rosenbrock'
    """
    canonical, problem = PROBLEMS.create(spec)
    return dataclasses.replace(problem, name=canonical)
