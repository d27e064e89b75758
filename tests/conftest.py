"""Shared test set-up: headless matplotlib, the --runslow flag, fault-injecting solvers."""

from __future__ import annotations

import ctypes
import os
import time
from dataclasses import dataclass

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from optbench.families import OTHER  # noqa: E402
from optbench.instrument import Instrument  # noqa: E402
from optbench.kinds import Kind  # noqa: E402
from optbench.problems import PROBLEMS  # noqa: E402
from optbench.problems.base import Problem, Vector  # noqa: E402
from optbench.result import Result, Status  # noqa: E402
from optbench.solvers import SOLVERS  # noqa: E402
from optbench.solvers.base import Accepts  # noqa: E402


@pytest.fixture
def cleanup():
    """A list of names a test registers (problems or solvers), unregistered after it."""
    names: list[str] = []
    yield names
    for registry in (PROBLEMS, SOLVERS):
        for name in names:
            if name in registry:
                registry.unregister(name)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the exhaustive tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow") or os.environ.get("OPTBENCH_RUNSLOW"):
        return
    skip_slow = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@dataclass(frozen=True)
class FaultySolver:
    """A test-only solver that evaluates f at x0 and x0 + 0.5, then misbehaves as ``mode`` says."""

    mode: str
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        return Accepts(f"test-{self.mode}", frozenset({Kind.MINIMIZE}))

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        objective.fun(x0)
        objective.fun(np.asarray(x0) + 0.5)
        if self.mode == "raise":
            raise RuntimeError("injected failure\nsecond line is dropped")
        if self.mode == "nan":
            return Result(x=np.full_like(x0, np.nan), fun=float("nan"), nit=1, nfev=2,
                          status=Status.CONVERGED)
        if self.mode == "sleep":
            time.sleep(3600)
        if self.mode == "exit":
            os._exit(1)
        if self.mode == "segfault":
            ctypes.string_at(0)
        if self.mode == "seeded":
            rng = np.random.default_rng(seed)
            x = np.asarray(x0) + rng.standard_normal(np.shape(x0))
            return Result(x=x, fun=objective.fun(x), nit=1, nfev=3, status=Status.CONVERGED)
        while True:  # "spend": evaluate until the budget stops it
            objective.fun(x0)


for _mode in ("raise", "nan", "spend", "sleep", "exit", "segfault", "seeded"):
    SOLVERS.register(f"test-{_mode}", f"test-only solver that does '{_mode}'")(
        lambda _m=_mode: FaultySolver(_m)
    )


PROBLEMS.register("test-wrong-shape", "test-only problem whose f returns a vector", OTHER)(
    lambda: Problem("test-wrong-shape", lambda x: np.asarray(x) ** 2, [1.0, 2.0], 0.0, "test")
)
PROBLEMS.register("test-wrong-grad", "test-only problem whose gradient has the wrong shape",
                  OTHER)(
    lambda: Problem("test-wrong-grad", lambda x: float(np.sum(x**2)), [1.0, 2.0], 0.0, "test",
                    grad=lambda x: np.zeros(3))
)
PROBLEMS.register("test-wrong-derivative", "test-only problem whose gradient lacks a factor 2",
                  OTHER)(
    lambda: Problem("test-wrong-derivative", lambda x: float(np.sum(x**2)), [1.0, 2.0], 0.0,
                    "test", grad=lambda x: np.asarray(x, dtype=float))
)
PROBLEMS.register("test-wrong-optimum", "test-only problem whose certified global f* is too high",
                  OTHER)(
    lambda: Problem("test-wrong-optimum", lambda x: float((x[0] - 2.0) ** 2 + 4.0), [1.3], 5.0,
                    "test: the true minimum is 4 at x = 2", grad=lambda x: 2.0 * (x - 2.0),
                    f_opt_is_global=True)
)
