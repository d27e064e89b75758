"""Other libraries' solvers are optional extras: a factory imports its library through
`require`, so that planning a run of a missing one fails in one line naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

from optbench.errors import OptbenchError


class MissingExtra(OptbenchError):
    """A solver's optional library is not installed; ``module`` names it (the
    conformance tests skip such a solver, and only such a one)."""

    def __init__(self, message: str, module: str) -> None:
        super().__init__(message)
        self.module = module


def require(module: str, extra: str, solver: str) -> ModuleType:
    """Import ``module`` for ``solver``, or raise `OptbenchError` naming the extra.

    Parameters
    ----------
    module : str
        The library's import name (``"nlopt"``, ``"pybobyqa"``).
    extra : str
        The optbench extra that installs it (``"nlopt"`` for ``optbench[nlopt]``).
    solver : str
        The solver that needs it, as the message names it.

    Examples
    --------
    >>> require("math", "none", "demo").__name__
    'math'
    >>> require("no_such_library", "demo", "demo-solver")
    Traceback (most recent call last):
    ...
    optbench.solvers.optional.MissingExtra: solver 'demo-solver' needs no_such_library, which is \
not installed: pip install 'optbench[demo]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"solver {solver!r} needs {module}, which is not installed: "
                           f"pip install 'optbench[{extra}]'", module) from None
