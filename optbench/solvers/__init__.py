"""Solver adapters; importing this package registers them all."""

from optbench.solvers import gd, scipy_minimize  # noqa: F401  (registers the solvers)
from optbench.solvers.base import SOLVERS, Solver, get_solver

__all__ = ["SOLVERS", "Solver", "get_solver"]
