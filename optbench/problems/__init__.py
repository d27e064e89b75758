"""Problems with known answers; importing this package registers them all."""

from optbench.problems import classic, logreg  # noqa: F401  (registers the problems)
from optbench.problems.base import Problem
from optbench.problems.registry import PROBLEMS, get_problem

__all__ = ["PROBLEMS", "Problem", "get_problem"]
