"""Problems with known answers; importing this package registers them all."""

# Registration order is listing order: the seed's problems come first.
# isort: off
from optbench.problems import classic, logreg  # noqa: F401  (registers the problems)
from optbench.problems import (  # noqa: F401
    backprop,
    global_functions,
    linear_ls,
    logreg_real,
    mgh_classic,
    mgh_equations,
    mgh_exponential,
    mgh_fitting,
    mgh_linear,
    mgh_scalable,
    nist,
)
from optbench.problems import hs_small, hs_large  # noqa: F401,I001  (Hock-Schittkowski)
from optbench.problems import scalar  # noqa: F401,I001  (one-dimensional, kind scalar)
from optbench.problems import aps  # noqa: F401,I001  (scalar equations, kind root-scalar)
from optbench.problems import equation_systems, equation_systems_large  # noqa: F401,I001
# isort: on
from optbench.problems.base import Problem
from optbench.problems.registry import PROBLEMS, get_problem

__all__ = ["PROBLEMS", "Problem", "get_problem"]
