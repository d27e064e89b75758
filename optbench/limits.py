"""The documented bounds of a run's settings, checked before anything is built or run.

Each bound keeps a setting within what the machinery can hold: seeds and budgets fit
SQLite's 64-bit integers and NumPy's seed sequences, ``jobs`` the file descriptors
``select`` can watch, ``timeout`` the clocks' range, ``starts`` what a plan can hold.
"""

from __future__ import annotations

import math
from typing import Annotated

from optbench.errors import OptbenchError
from optbench.registry import Range

#: Starting points per problem.
MAX_STARTS = 10_000
#: Seeds are 0 <= seed <= MAX_SEED (a non-negative SQLite INTEGER).
MAX_SEED = 2**63 - 1
#: The evaluation budget per run.
MAX_FEV = 10**9
#: Runs in one plan (problems x solvers x starts): a task is about 1 KB in the driver.
MAX_RUNS = 1_000_000
#: Worker processes at once (each holds one pipe; ``select`` watches fewer than 1024).
MAX_JOBS = 256
#: Wall-clock seconds per run (about 115 days).
MAX_TIMEOUT = 1e7
#: Variables of a problem whose size is an option (``rosenbrock[n=...]``): its x0 and
#: its validation at x0 are built in the driver.
MAX_VARIABLES = 100_000
#: Rows (samples, observations) of a problem whose data size is an option.
MAX_ROWS = 100_000
#: Columns of a dense matrix problem whose size is an option (m x n doubles in memory:
#: 100 000 x 2 000 is 1.6 GB).
MAX_MATRIX_COLUMNS = 2_000
#: Units of a network layer whose width is an option.
MAX_LAYER = 1_000
#: Each size of a problem that holds a dense matrix of its variables or residuals (an
#: n x n or m x n Jacobian): 5 000 x 5 000 doubles are 200 MB.
MAX_DENSE_SIZE = 5_000

#: A problem's number of variables, where it is an option and the problem's memory
#: grows with it linearly (a vector or a sparse matrix of that size).
Variables = Annotated[int, Range(1, MAX_VARIABLES)]
#: A size (variables or residuals) of a problem that holds dense matrices of it, such as
#: an m x n Jacobian: at most `MAX_DENSE_SIZE` each.
DenseSize = Annotated[int, Range(1, MAX_DENSE_SIZE)]
#: Columns of a dense matrix whose rows may number up to `MAX_ROWS`.
Columns = Annotated[int, Range(1, MAX_MATRIX_COLUMNS)]
#: Rows of data (samples, observations) where their number is an option.
Rows = Annotated[int, Range(1, MAX_ROWS)]
#: Units of a network layer.
Layer = Annotated[int, Range(1, MAX_LAYER)]
#: A seed option (of a problem's generated data), as `check_plan` bounds the suite seed.
Seed = Annotated[int, Range(0, MAX_SEED)]
#: The largest noise level, perturbation size or grid step of a robustness feature
#: (`optbench.problems.features`): past it the transformed problem says nothing of the
#: original.
MAX_FEATURE_SCALE = 1e6
#: A feature's noise level or perturbation size: > 0 and at most `MAX_FEATURE_SCALE`.
NoiseLevel = Annotated[float, Range(0.0, MAX_FEATURE_SCALE, open_low=True)]
#: A feature's grid step (``quantized``): > 0 and at most `MAX_FEATURE_SCALE`.
GridStep = Annotated[float, Range(0.0, MAX_FEATURE_SCALE, open_low=True)]
#: A probability, 0 and 1 included (``random-nan``'s rate).
Probability = Annotated[float, Range(0.0, 1.0)]
#: Significant decimal digits of a double: 1 to 17 (``truncated``).
Digits = Annotated[int, Range(1, 17)]


def _within(name: str, value: float, low: float, high: float, unit: str = "") -> None:
    if not low <= value <= high:
        raise OptbenchError(f"{name} must be between {low:g} and {high:g}{unit}; got {value!r}")


def check_plan(starts: int, seed: int, max_fev: int | None) -> None:
    """Check a plan's settings against `MAX_STARTS`, `MAX_SEED` and `MAX_FEV`.

    Examples
    --------
    >>> check_plan(3, 0, 20_000)
    >>> check_plan(1, -1, 100)
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: seed must be between 0 and 9.22337e+18; got -1
    """
    _within("starts", starts, 1, MAX_STARTS)
    _within("seed", seed, 0, MAX_SEED)
    if max_fev is not None:
        _within("max_fev", max_fev, 1, MAX_FEV)


def check_runs(runs: int) -> None:
    """Check the size of a plan against `MAX_RUNS`, before it is made.

    Examples
    --------
    >>> check_runs(40 * 30 * 10_000)
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: a plan of 12000000 runs is more than 1000000; run fewer ...
    """
    if runs > MAX_RUNS:
        raise OptbenchError(f"a plan of {runs} runs is more than {MAX_RUNS}; run fewer "
                            "problems, solvers or starts at a time")


def check_execution(jobs: int, timeout: float | None) -> None:
    """Check an executor's settings against `MAX_JOBS` and `MAX_TIMEOUT`.

    Examples
    --------
    >>> check_execution(2, 60.0)
    >>> check_execution(1100, None)
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: jobs must be between 1 and 256; got 1100
    """
    _within("jobs", jobs, 1, MAX_JOBS)
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise OptbenchError(f"timeout must be a positive number of seconds up to "
                            f"{MAX_TIMEOUT:g}; got {timeout}")
