"""Problems with known answers; importing this package registers them all."""

from optbench.problems import (  # noqa: F401  (registers the problems)
    backprop,
    classic,
    logreg,
    mgh_classic,
    mgh_equations,
    mgh_exponential,
    mgh_fitting,
    mgh_linear,
    mgh_scalable,
)
from optbench.problems.base import Problem
from optbench.problems.registry import PROBLEMS, get_problem

__all__ = ["PROBLEMS", "Problem", "get_problem"]
