"""Named groups of runs: ``seed``, ``default`` and ``full``."""

from __future__ import annotations

from dataclasses import dataclass

from optbench.errors import OptbenchError
from optbench.problems import PROBLEMS
from optbench.solvers import SOLVERS


@dataclass(frozen=True)
class Suite:
    """A named selection of problems and solvers."""

    name: str
    problems: tuple[str, ...]
    solvers: tuple[str, ...]
    description: str


_SEED_SOLVERS = ("nelder-mead", "powell", "bfgs[grad=fd]", "cg[grad=fd]")


def suites() -> dict[str, Suite]:
    """All suites by name; ``full`` is every registered problem with every solver."""
    return {
        "seed": Suite(
            "seed",
            ("quadratic", "logreg-seed"),
            (*_SEED_SOLVERS, "gd[gtol=0.0]"),
            "the seed's experiments: fmin, fmin_powell, fmin_bfgs and fmin_cg without "
            "fprime on x**2 - 4x + 8, and 10 000 steps of GD on the logistic regression",
        ),
        "default": Suite(
            "default",
            ("quadratic", "rosenbrock", "logreg-seed"),
            ("nelder-mead", "powell", "bfgs", "cg", "gd", "bfgs[grad=fd]", "cg[grad=fd]"),
            "every solver on every problem of the seed, analytic and finite-difference "
            "gradients (about two minutes on 2 cores)",
        ),
        "full": Suite(
            "full", tuple(PROBLEMS.names()), tuple(SOLVERS.names()),
            "every registered problem with every registered solver (default options)",
        ),
    }


def get_suite(name: str) -> Suite:
    """The suite called ``name``; unknown names raise `OptbenchError` listing the valid ones."""
    known = suites()
    if name not in known:
        raise OptbenchError(f"unknown suite {name!r}; valid: {', '.join(known)}")
    return known[name]
