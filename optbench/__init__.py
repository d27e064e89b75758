"""optbench: benchmark optimisers on problems with known answers.

Examples
--------
>>> import optbench
>>> table = optbench.run(problems=["quadratic"], solvers=["bfgs"])
>>> round(float(table.loc[0, "fun"]), 12)
4.0
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"

__all__ = ["__version__", "run"]


def __getattr__(name: str) -> Any:
    """`run` is imported on first use, so that ``import optbench.store`` (or any other
    module) registers no problem or solver."""
    if name == "run":
        from optbench.api import run

        return run
    raise AttributeError(f"module 'optbench' has no attribute {name!r}")
