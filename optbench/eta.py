"""How long the runs still to make will take, estimated from the runs already made.

Runs start largest problem first (`optbench.runner.run_missing`), so the first runs
are the slowest: the runs-per-second rate of the runs so far overestimates what is left
several times over. `Estimate` prices each remaining run instead from what has been
measured closest to it:

1. the mean time of the finished runs of the same problem and solver;
2. else of the same problem (any solver);
3. else the solver's mean seconds per variable times the run's variables;
4. else the mean seconds per variable of all finished runs times its variables.

The time left is the sum over the remaining runs divided by the workers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class _Mean:
    total: float = 0.0
    count: int = 0

    def add(self, value: float) -> None:
        self.total += value
        self.count += 1

    @property
    def value(self) -> float:
        return self.total / self.count


@dataclass
class Estimate:
    """The seconds left of a set of runs, refined as each run ends.

    Parameters
    ----------
    runs : iterable of (problem, solver, n)
        The runs to make (problem and solver specs, the problem's variables).
    workers : int
        How many run at once.

    Examples
    --------
    Ten runs of a 100-variable problem take 10 s each; the 2-variable problem's runs
    are priced by the solver's seconds per variable (0.1 s), not by the 10 s a run so
    far took:

    >>> runs = [("big", "s", 100)] * 10 + [("small", "s", 2)] * 40
    >>> eta = Estimate(runs, workers=1)
    >>> eta.seconds_left() is None
    True
    >>> for _ in range(10):
    ...     eta.finished("big", "s", 100, 10.0)
    >>> round(eta.seconds_left(), 6)
    8.0
    """

    runs: Iterable[tuple[str, str, int]]
    workers: int = 1
    _left: dict[tuple[str, str, int], int] = field(init=False)
    _pair: dict[tuple[str, str], _Mean] = field(init=False)
    _problem: dict[str, _Mean] = field(init=False)
    _per_variable: dict[str, _Mean] = field(init=False)
    _all: _Mean = field(init=False)

    def __post_init__(self) -> None:
        self._left = defaultdict(int)
        for run in self.runs:
            self._left[run] += 1
        self._pair = defaultdict(_Mean)
        self._problem = defaultdict(_Mean)
        self._per_variable = defaultdict(_Mean)
        self._all = _Mean()

    def finished(self, problem: str, solver: str, n: int, seconds: float) -> None:
        """Take one finished run and its wall-clock seconds."""
        key = (problem, solver, n)
        if self._left.get(key):
            self._left[key] -= 1
        self._pair[(problem, solver)].add(seconds)
        self._problem[problem].add(seconds)
        self._per_variable[solver].add(seconds / max(n, 1))
        self._all.add(seconds / max(n, 1))

    def price(self, problem: str, solver: str, n: int) -> float | None:
        """The estimated seconds of one run (``None`` before any run has ended)."""
        if (problem, solver) in self._pair:
            return self._pair[(problem, solver)].value
        if problem in self._problem:
            return self._problem[problem].value
        if solver in self._per_variable:
            return self._per_variable[solver].value * max(n, 1)
        if self._all.count:
            return self._all.value * max(n, 1)
        return None

    def seconds_left(self) -> float | None:
        """The estimated seconds until every run has ended (``None`` before any has)."""
        if not self._all.count:
            return None
        total = 0.0
        for (problem, solver, n), count in self._left.items():
            if count:
                total += count * (self.price(problem, solver, n) or 0.0)
        return total / max(self.workers, 1)
