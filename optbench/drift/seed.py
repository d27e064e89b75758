"""The seed's table, release by release: its four solvers on x**2 - 4x + 8 from 1.3.

`SEED_TABLE` is the seed's own table (``/work/shared/seed``, made with an old scipy
whose release the page does not name), the one column not measured here. The measured
columns come from the drift benchmarks' ``Seed`` grid: the legacy functions the seed
called (``fmin``, ``fmin_powell``, and ``fmin_bfgs``, ``fmin_cg`` without ``fprime``),
the iterations scipy reports (for ``fmin_bfgs`` and ``fmin_cg``, which report none, the
length of their ``retall`` path less one), ``nfev``, scipy's own ``njev`` (the seed's
"gradient evaluations": finite-difference estimates) and the x returned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from optbench.drift.results import Environment

#: The seed's four calls, as optbench names them.
SEED_SOLVERS = ("fmin", "fmin_powell", "fmin_bfgs[grad=fd]", "fmin_cg[grad=fd]")

#: The seed's problem.
SEED_PROBLEM = "quadratic"

#: The counts the seed's table reports, and the benchmark metric each one is.
COUNTS = {"nit": "solver_nit", "nfev": "nfev", "njev": "solver_njev"}

#: The seed's table: iterations, function evaluations, gradient evaluations (None: not
#: reported) and the x printed, per solver (the seed page's scipy.optimize section).
SEED_TABLE: dict[str, tuple[int, int, int | None, float]] = {
    "fmin": (16, 32, None, 2.00001953),
    "fmin_powell": (2, 53, None, 1.99999999997),
    "fmin_bfgs[grad=fd]": (2, 12, 4, 2.00000001),
    "fmin_cg[grad=fd]": (2, 15, 5, 2.0),
}


@dataclass(frozen=True)
class FirstChange:
    """When a seed count first took the value measured in the newest release.

    ``first`` is the earliest measured release from which every measured release has
    the newest value; ``before`` the measured release just before it (``None`` where
    ``first`` is the earliest release measured: the change is then at that release or
    older, beyond what was measured).
    """

    solver: str
    count: str
    seed: int | None
    newest: float
    first: str
    before: str | None
    before_value: float | None = None

    @property
    def at_earliest(self) -> bool:
        """Whether the new value already holds in the earliest release measured."""
        return self.before is None


def seed_runs(table: pd.DataFrame, environments: list[Environment]) -> pd.DataFrame:
    """The seed grid's values: one row per (solver, environment), columns the counts
    and ``x``, environments oldest first."""
    seed = table[(table["grid"] == "Seed") & (table["problem"] == SEED_PROBLEM)
                 & table["solver"].isin(SEED_SOLVERS)]
    wide = seed.pivot_table(index=["solver", "environment"], columns="metric",
                            values="value", aggfunc="first", dropna=False)
    order = pd.MultiIndex.from_product([list(SEED_SOLVERS), [e.label for e in environments]],
                                       names=["solver", "environment"])
    return wide.reindex(index=order, columns=[*COUNTS.values(), "x"])


def first_changes(runs: pd.DataFrame, environments: list[Environment]) -> list[FirstChange]:
    """For each seed count that differs from the seed's in the newest release, the first
    measured release with that value (counted back from the newest while it holds)."""
    labels = [env.label for env in environments]
    found = []
    for solver in SEED_SOLVERS:
        for index, (count, metric) in enumerate(COUNTS.items()):
            seed_value = SEED_TABLE[solver][:3][index]
            values = [float(runs.loc[(solver, label), metric]) for label in labels]
            newest = values[-1]
            if math.isnan(newest) or (seed_value is not None and newest == seed_value):
                continue
            first = len(values) - 1
            while first > 0 and values[first - 1] == newest:
                first -= 1
            found.append(FirstChange(solver, count, seed_value, newest,
                                     environments[first].scipy,
                                     environments[first - 1].scipy if first else None,
                                     values[first - 1] if first else None))
    return found
