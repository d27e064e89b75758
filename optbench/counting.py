"""Counting wrappers, one per function shape, around one run's `Meter`.

scipy splits its counting into ``ScalarFunction`` and ``VectorFunction``; optbench does
the same in small callables that share a meter:

- `Value`: ``x -> float``, one ``nfev`` within the budget, traced;
- `VectorValue`: ``x -> array``, one ``nfev`` within the budget, traced by a size
  (``||r||**2`` of residuals, ``||F||`` of a system);
- `ValueAndGradient`: ``x -> (float, array)``, one ``nfev`` and one ``njev``, traced;
- `Derivative`: any other callable, one count in its `Counter` (``njev``, ``nhev``,
  ``ncev``, ``ncjev``), not traced and outside the budget.

A problem's form says which of its callables has which shape
(`optbench.problems.forms.Form.counted`); the `Meter` holds the counts, which the
wrappers alone change, the trace and the budget. Asking for evaluation ``max_fev + 1``
raises `BudgetExhausted` before evaluating.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from optbench.progress import Progress
from optbench.trace import Trace

Vector = NDArray[np.float64]


class BudgetExhausted(Exception):
    """Raised by the meter when a solver asks for more than ``max_fev`` evaluations."""


class Counter(StrEnum):
    """The counts of a run, named as the runs table's columns."""

    NFEV = "nfev"
    NJEV = "njev"
    NHEV = "nhev"
    NCEV = "ncev"
    NCJEV = "ncjev"


class Meter:
    """The counts, trace and budget of one run.

    Parameters
    ----------
    x0 : array
        The start: the best point until a finite value is seen.
    max_fev : int, optional
        The evaluation budget; ``None`` for none.
    violation : callable, optional
        ``violation(x) -> float``, recorded with each traced value (NaN without one).

    Examples
    --------
    >>> meter = Meter(np.zeros(1), max_fev=1)
    >>> f = Value(lambda x: float(x[0] + 1.0), meter)
    >>> f(np.array([2.0])), meter.count(Counter.NFEV), meter.best_f
    (3.0, 1, 3.0)
    >>> f(np.array([0.0]))
    Traceback (most recent call last):
    ...
    optbench.counting.BudgetExhausted: evaluation budget max_fev=1 spent
    """

    def __init__(self, x0: Vector, max_fev: int | None = None,
                 violation: Callable[[Vector], float] | None = None) -> None:
        self.max_fev = max_fev
        self._counts = dict.fromkeys(Counter, 0)
        self._iterations = 0
        self._violation = violation
        self.nonfinite = 0
        self.refused = 0
        self.best_f = math.inf
        self.best_x: Vector = np.array(x0, dtype=float, copy=True)
        self._values: list[float] = []
        self._best: list[float] = []
        self._times: list[float] = []
        self._gradients: list[int] = []
        self._violations: list[float] = []
        self._start = time.perf_counter()
        self._report: Callable[[Progress], None] | None = None
        self._every_s = math.inf
        self._next_report = math.inf
        self._reported = 0

    def count(self, counter: Counter) -> int:
        """The count of ``counter`` so far."""
        return self._counts[counter]

    @property
    def iterations(self) -> int:
        """Iteration callbacks so far."""
        return self._iterations

    def spend(self) -> None:
        """Count one function evaluation, or raise `BudgetExhausted` if none is left
        (``refused`` counts the evaluations refused so)."""
        if self.max_fev is not None and self._counts[Counter.NFEV] >= self.max_fev:
            self.refused += 1
            raise BudgetExhausted(f"evaluation budget max_fev={self.max_fev} spent")
        self._counts[Counter.NFEV] += 1

    def add(self, counter: Counter) -> None:
        """Count one evaluation of a callable outside the budget."""
        self._counts[counter] += 1

    def iteration(self, *args: object, **kwargs: object) -> None:
        """A solver's per-iteration callback: counts one iteration."""
        self._iterations += 1

    def watch(self, report: Callable[[Progress], None], every_s: float) -> None:
        """Call ``report`` with the run's `Progress` (its trace rows since the previous
        report) at the first evaluation after each ``every_s`` seconds of the run."""
        self._report, self._every_s = report, every_s
        self._next_report = time.perf_counter() + every_s

    def progress(self, since: int = 0) -> Progress:
        """The counts, iterations, best point and the trace rows after the first
        ``since``, as of now."""
        return Progress({counter.value: count for counter, count in self._counts.items()},
                        self._iterations, self.best_f, self.best_x.copy(),
                        self.trace(since))

    def record(self, x: Vector, value: float) -> None:
        """Append an evaluated value at ``x`` to the trace and keep the best point."""
        now = time.perf_counter()
        self._times.append(now - self._start)
        self._values.append(value)
        self._gradients.append(self._counts[Counter.NJEV])
        if self._violation is not None:
            with np.errstate(all="ignore"):
                self._violations.append(self._violation(x))
        if not math.isfinite(value):
            self.nonfinite += 1
        elif value < self.best_f:
            self.best_f = value
            self.best_x = np.array(x, dtype=float, copy=True)
        self._best.append(self.best_f)
        if now >= self._next_report and self._report is not None:
            self._next_report = now + self._every_s
            self._report(self.progress(self._reported))
            self._reported = len(self._values)

    @property
    def elapsed(self) -> float:
        """Seconds since the meter was made."""
        return time.perf_counter() - self._start

    def trace(self, since: int = 0) -> Trace:
        """The trace so far (its rows after the first ``since``), as arrays."""
        size = len(self._values)
        violation = (np.array(self._violations[since:], dtype=float)
                     if self._violation is not None else np.full(size - since, np.nan))
        return Trace(
            evaluation=np.arange(since + 1, size + 1, dtype=np.int64),
            f=np.array(self._values[since:], dtype=float),
            best_f=np.array(self._best[since:], dtype=float),
            time_s=np.array(self._times[since:], dtype=float),
            njev=np.array(self._gradients[since:], dtype=np.int64),
            violation=violation,
        )


def _itself(x: Any, value: float) -> float:
    return value


@dataclass(frozen=True)
class Value:
    """``x -> float``: one ``nfev`` within the budget, then traced.

    ``point`` maps the argument to the point recorded (``[t]`` for a float ``t``);
    ``traced(point, value)`` is the value the trace records (``|f|`` of an equation).
    """

    function: Callable[[Any], float]
    meter: Meter
    point: Callable[[Any], Vector] = np.asarray
    traced: Callable[[Vector, float], float] = _itself

    def __call__(self, x: Any) -> float:
        self.meter.spend()
        value = float(self.function(x))
        point = self.point(x)
        self.meter.record(point, float(self.traced(point, value)))
        return value


@dataclass(frozen=True)
class VectorValue:
    """``x -> array``: one ``nfev`` within the budget; the trace records ``size(F)``."""

    function: Callable[[Vector], Any]
    meter: Meter
    size: Callable[[Vector], float]

    def __call__(self, x: Vector) -> Vector:
        self.meter.spend()
        value = np.asarray(self.function(np.asarray(x, dtype=float)), dtype=float)
        self.meter.record(x, float(self.size(value)))
        return value


@dataclass(frozen=True)
class ValueAndGradient:
    """``x -> (f, g)``: one ``nfev`` and one ``njev``; the trace row counts the gradient.

    ``traced(x, value)`` is the value the trace records, as `Value`'s.
    """

    function: Callable[[Vector], tuple[float, Vector]]
    meter: Meter
    traced: Callable[[Vector, float], float] = _itself

    def __call__(self, x: Vector) -> tuple[float, Vector]:
        self.meter.spend()
        value, gradient = self.function(x)
        self.meter.add(Counter.NJEV)
        value = float(value)
        self.meter.record(x, float(self.traced(x, value)))
        return value, gradient


@dataclass(frozen=True)
class Derivative:
    """Any other callable: one count in ``counter`` per call, outside the budget."""

    function: Callable[..., Any]
    meter: Meter
    counter: Counter

    def __call__(self, *args: Any) -> Any:
        self.meter.add(self.counter)
        return self.function(*args)


def missing(what: str) -> Callable[..., Any]:
    """A stand-in for a callable the problem lacks: calling it raises ``TypeError``.

    Solvers are paired with problems by capability, so only a solver that ignores its
    declaration can call one.
    """

    def absent(*args: object) -> Any:
        raise TypeError(f"the problem has no {what}")

    return absent


def counted(function: Callable[..., Any] | None, meter: Meter, counter: Counter,
            what: str) -> Callable[..., Any]:
    """`Derivative` of ``function`` in ``counter``, or `missing` where it is ``None``."""
    return missing(what) if function is None else Derivative(function, meter, counter)
