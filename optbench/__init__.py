"""optbench: benchmark optimisers on problems with known answers.

Examples
--------
>>> import optbench
>>> table = optbench.run(problems=["quadratic"], solvers=["bfgs"])
>>> round(float(table.loc[0, "fun"]), 12)
4.0
"""

__version__ = "0.2.0"

from optbench.api import run  # noqa: E402

__all__ = ["__version__", "run"]
