"""asv's result files of the drift benchmarks, read into one table.

asv writes one JSON file per (machine, commit, environment) under its results folder,
``<results>/<machine>/<commit>-<environment>.json``, beside ``machine.json`` and
``benchmarks.json``. Each is read with asv's own reader (`asv.results.Results.load`);
the environment's scipy and numpy are the ``scipy`` and ``numpy`` entries of its
``params`` (the pins of ``asv.drift.conf.json``). Where several files hold the same
environment (several commits), the newest is used.
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optbench.errors import OptbenchError, error_line

#: The benchmark module of the drift grid, as asv names it.
MODULE = "drift"

#: Files in an asv results folder that hold no results.
NOT_RESULTS = frozenset({"machine.json", "benchmarks.json"})

#: The entries of a result file's ``params`` that are not pinned requirements: asv's
#: machine description, the Python, and the two versions an environment is named by.
NOT_REQUIREMENTS = frozenset({"arch", "cpu", "machine", "num_cpu", "os", "ram", "python",
                              "scipy", "numpy"})

#: The columns of `read_results`' table.
COLUMNS = ("environment", "scipy", "numpy", "grid", "metric", "problem", "solver", "value")


@dataclass(frozen=True)
class Environment:
    """One measured environment: its scipy and numpy, and what asv timed.

    Parameters
    ----------
    scipy, numpy : str
        The versions asv installed (the configuration's pins).
    grid_s : float
        Seconds asv spent making the grids (the ``setup_cache`` of each class).
    build_s : float
        Seconds asv spent building and installing optbench into it.
    date : int
        The commit's date asv recorded (milliseconds since the epoch).
    commit : str
        The commit of optbench that was measured.
    machine : str
        asv's machine name.
    others : tuple of (str, str)
        The environment's other requirements and their pins, by name.
    """

    scipy: str
    numpy: str
    grid_s: float
    build_s: float
    date: int
    commit: str
    machine: str
    others: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """``scipy 1.11.4 / numpy 1.26.4`` shortened to ``1.11.4`` plus its numpy.

        Examples
        --------
        >>> Environment("1.11.4", "1.26.4", 0.0, 0.0, 0, "", "").label
        '1.11.4 (numpy 1.26.4)'
        """
        return f"{self.scipy} (numpy {self.numpy})"

    @property
    def order(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Sort key: scipy's version, then numpy's, as numbers."""
        return version_key(self.scipy), version_key(self.numpy)


def version_key(version: str) -> tuple[int, ...]:
    """A release number as a tuple of integers, for ordering.

    Examples
    --------
    >>> version_key("1.9.3") < version_key("1.10.1")
    True
    """
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _asv_results() -> Any:
    """asv's result-file reader, or a one-line error where asv is missing."""
    try:
        from asv import results, util  # type: ignore[import-untyped]
    except ImportError as error:
        raise OptbenchError("reading asv's result files needs asv: pip install asv "
                            f"({error_line(error)})") from None
    return results, util


def result_files(folder: Path) -> list[Path]:
    """The result files under an asv results folder (one folder per machine)."""
    if not folder.is_dir():
        raise OptbenchError(f"no asv results folder at {folder}: run `python -m optbench "
                            "drift` first, or name the folder with --results")
    files = sorted(path for path in folder.glob("*/*.json") if path.name not in NOT_RESULTS)
    if not files:
        raise OptbenchError(f"{folder} holds no asv result files (<machine>/<commit>-<env>"
                            ".json): run `python -m optbench drift` first")
    return files


def _load(path: Path) -> Any:
    """One result file through asv's reader; a one-line error if it is not one."""
    results, util = _asv_results()
    try:
        loaded = results.Results.load(str(path))
        loaded.params["scipy"], loaded.params["numpy"]  # noqa: B018 (checked present)
    except (util.UserError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise OptbenchError(f"{path} is not an asv result file of the drift benchmarks "
                            f"({error_line(error)})") from None
    return loaded


def _environment(loaded: Any, path: Path) -> Environment:
    """The environment a loaded result file describes."""
    durations = loaded.duration or {}
    grid_s = sum(float(seconds) for key, seconds in durations.items()
                 if key.startswith("<setup_cache") and seconds is not None)
    return Environment(scipy=str(loaded.params["scipy"]), numpy=str(loaded.params["numpy"]),
                       grid_s=grid_s, build_s=float(durations.get("<build>") or 0.0),
                       date=int(loaded.date or 0), commit=str(loaded.commit_hash),
                       machine=path.parent.name,
                       others=tuple(sorted((str(name), str(version)) for name, version
                                           in loaded.params.items()
                                           if name not in NOT_REQUIREMENTS)))


def _rows(loaded: Any, label: str, env: Environment) -> list[tuple[Any, ...]]:
    """One row per (benchmark, parameter combination) of the drift module."""
    rows = []
    for key in sorted(loaded.get_all_result_keys()):
        module, _, rest = key.partition(".")
        grid, _, method = rest.partition(".")
        if module != MODULE or not method.startswith("track_"):
            continue
        stored = loaded.get_result_params(key)  # each value as its repr
        values = loaded.get_result_value(key, stored) or []
        params = [[ast.literal_eval(value) for value in column] for column in stored]
        for (problem, solver), value in zip(itertools.product(*params), values, strict=True):
            number = math.nan if value is None else float(value)
            rows.append((label, env.scipy, env.numpy, grid, method.removeprefix("track_"),
                         problem, solver, number))
    return rows


def read_results(folder: Path) -> tuple[pd.DataFrame, list[Environment]]:
    """Every drift result under ``folder``: one row per environment, grid, metric, run.

    Returns
    -------
    table : DataFrame
        Columns `COLUMNS`; ``value`` is NaN where asv stored none (a skipped run).
    environments : list of Environment
        The environments measured, oldest scipy first.

    Raises
    ------
    OptbenchError
        If the folder is missing, holds no result files, or a file is not one.
    """
    newest: dict[tuple[str, str], tuple[Any, Environment]] = {}
    for path in result_files(folder):
        loaded = _load(path)
        env = _environment(loaded, path)
        key = (env.scipy, env.numpy)
        if key not in newest or env.date > newest[key][1].date:
            newest[key] = (loaded, env)
    environments = sorted((env for _, env in newest.values()), key=lambda e: e.order)
    rows = [row for env in environments
            for row in _rows(newest[(env.scipy, env.numpy)][0], env.label, env)]
    if not rows:
        raise OptbenchError(f"the asv result files under {folder} hold no results of the "
                            f"{MODULE} benchmarks")
    return pd.DataFrame(rows, columns=list(COLUMNS)), environments
