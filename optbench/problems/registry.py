"""The registry of problems, keyed by name."""

from __future__ import annotations

import dataclasses

from optbench.problems.base import Problem
from optbench.registry import Registry

PROBLEMS: Registry[Problem] = Registry("problem")


def get_problem(spec: str) -> Problem:
    """Build the problem that ``spec`` names, its name set to the canonical spec.

    Examples
    --------
    >>> get_problem("rosenbrock[n=2]").name
    'rosenbrock'
    """
    canonical, problem = PROBLEMS.create(spec)
    return dataclasses.replace(problem, name=canonical)
