"""The registry of problems, keyed by name."""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from optbench.errors import OptbenchError
from optbench.families import FAMILIES, Family
from optbench.problems.base import Problem
from optbench.problems.forms import Form, FormT, form_as
from optbench.registry import Entry, Registry
from optbench.spec import parse_spec

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

    A spec ``base@feature[...]...`` names a registered problem under robustness
    features (`optbench.problems.features`); this is the one place that reads ``@``.

    Examples
    --------
    >>> get_problem("rosenbrock[n=2]").name
    'rosenbrock'
    >>> get_problem("mgh-rosenbrock@noisy[sigma=1e-3]").name
    'mgh-rosenbrock@noisy'
    """
    if "@" in spec:
        from optbench.problems.features import transformed

        return transformed(spec, get_problem)
    canonical, entry, options = PROBLEMS.resolve(spec)
    problem = entry.factory(**options)
    form = problem.form
    if dataclasses.is_dataclass(form) and hasattr(form, "name"):
        form = dataclasses.replace(form, name=canonical)
    return dataclasses.replace(problem, name=canonical, family=entry.family or problem.family,
                               form=form)


def selection(spec: str) -> list[str] | None:
    """The problems a selection ``key:filters`` names (a family declared as a
    `optbench.families.Collection` with that key), or ``None`` where ``spec`` is a name.

    Examples
    --------
    >>> selection("quadratic") is None
    True
    """
    key, colon, filters = spec.partition(":")
    if not colon or "[" in key or "@" in key:
        return None
    for family in FAMILIES.values():
        if family.collection is not None and family.collection.key == key.strip():
            module, _, function = family.collection.select.partition(":")
            names: list[str] = getattr(importlib.import_module(module), function)(filters)
            PROBLEMS.names(family)  # registers the collection
            return names
    keys = [f.collection.key for f in FAMILIES.values() if f.collection is not None]
    raise OptbenchError(f"unknown selection {key!r} in {spec!r}; selections: "
                        f"{', '.join(f'{k}:filters' for k in keys) or 'none'}")


def expand_selections(specs: Sequence[str]) -> list[str]:
    """``specs`` with each selection ``key:filters`` replaced by the problems it names.

    Raises
    ------
    OptbenchError
        For an unknown key, a malformed filter or a selection that names no problem.
    """
    out: list[str] = []
    for spec in specs:
        names = selection(spec)
        if names is not None and not names:
            raise OptbenchError(f"the selection {spec!r} names no problem")
        out.extend([spec] if names is None else names)
    return out


def problem_entry(spec: str) -> Entry[Problem]:
    """The registry entry of the problem ``spec`` names: of its base problem where it
    carries robustness features (``base@feature``).

    Examples
    --------
    >>> problem_entry("mgh-rosenbrock@rotated").name
    'mgh-rosenbrock'
    """
    if "@" in spec:
        from optbench.problems.features import split_features

        spec = split_features(spec)[0]
    return PROBLEMS.entry(parse_spec(spec)[0])
