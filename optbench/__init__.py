"""optbench: benchmark optimisers on problems with known answers.

The public API, for your own problems and solvers (documented in docs/plugins.md):

- `Problem`: a problem from plain callables (``fun``, ``grad``, ``hess``, ``bounds``,
  ``constraints``, ``f_opt`` or ``None``); `Problem.least_squares` and
  `Problem.equations` for residual and equation forms;
- `solver`: a decorator making a solver of a plain function;
- `register` and `suite`: register problems, solvers and suites by name;
- `run`: run a grid of names or objects and get the summary table;
- `Accepts`, `Kind`, `Capability`, `Constraint`, `Result`, `Status`: the contract's types
  for solver classes.

Examples
--------
>>> import optbench
>>> table = optbench.run(problems=["quadratic"], solvers=["bfgs"])
>>> round(float(table.loc[0, "fun"]), 12)
4.0
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

#: Public names and the modules they come from, imported on first use, so that
#: ``import optbench.store`` (or any other module) registers no problem or solver.
_PUBLIC = {
    "run": "optbench.api",
    "Problem": "optbench.problems.base",
    "Constraint": "optbench.problems.base",
    "solver": "optbench.user",
    "register": "optbench.user",
    "suite": "optbench.user",
    "Accepts": "optbench.solvers.base",
    "Kind": "optbench.kinds",
    "Capability": "optbench.kinds",
    "Result": "optbench.result",
    "Status": "optbench.result",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    """The public names, each imported from its module on first use."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'optbench' has no attribute {name!r}")
