"""Solver adapters; importing this package registers them all.

Registration order is listing order: the seed's solvers (``gd`` and the ``minimize``
methods) first, then the rest of the GD family and the legacy names.
"""

from optbench.solvers import gd, scipy_minimize  # noqa: F401  (registers the solvers)

# isort: split
from optbench.solvers import (  # noqa: F401
    dfo,
    gd_family,
    global_solvers,
    least_squares,
    legacy,
    linear_ls,
    nlopt_solvers,
    pdfo_solvers,
    roots,
    scalar,
    scalar_roots,
)
from optbench.solvers.base import SOLVERS, Solver, get_solver

__all__ = ["SOLVERS", "Solver", "get_solver"]
