"""Benchmark files: ``optbench run --config bench.toml``, a comparison as one reviewed file.

A benchmark file is TOML (read with the standard library's `tomllib`) with these
top-level keys, all optional; a flag given on the command line wins over the file::

    suite = "default"                  # a named selection, as --suite
    problems = ["rosenbrock", "mgh-beale", { name = "rosenbrock", options = { n = 10 } }]
    solvers = ["bfgs", "gd[step=0.05]", { name = "nelder-mead", options = { maxiter = 400 } }]
    starts = 3
    seed = 0
    max_fev = 5000
    timeout = 60.0                     # seconds per run
    jobs = 2
    plugins = ["my_solvers.py", "my_package.optbench_plugin"]
    results = "bench.sqlite"           # paths are relative to the file's folder
    out = "bench-report"               # report only
    cost = "fev"                       # report only
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from optbench.errors import OptbenchError
from optbench.plugins import is_file
from optbench.spec import OptionValue, format_spec


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return _integer(value) or isinstance(value, float)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str | dict) for v in value)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


#: Each key, the check of its value and what the check expects, in words.
KEYS: Mapping[str, tuple[Callable[[Any], bool], str]] = {
    "suite": (_text, "a suite name"),
    "problems": (_names, "a list of names or {name, options} tables"),
    "solvers": (_names, "a list of names or {name, options} tables"),
    "starts": (_integer, "an integer"),
    "seed": (_integer, "an integer"),
    "max_fev": (_integer, "an integer"),
    "timeout": (_number, "a number of seconds"),
    "jobs": (_integer, "an integer"),
    "plugins": (_texts, "a list of modules or .py files"),
    "results": (_text, "a path"),
    "out": (_text, "a path"),
    "cost": (_text, "a cost name"),
}
_PATHS = ("results", "out")


def read_config(path: str | Path) -> dict[str, Any]:
    """The settings of the benchmark file at ``path``, checked and normalised.

    Names given as tables become specs (``nelder-mead[maxiter=400]``); relative paths
    (``results``, ``out``, ``.py`` plug-ins) are taken from the file's folder.

    Raises
    ------
    OptbenchError
        One line naming the file and what is wrong: missing, not TOML, an unknown key,
        a value of the wrong type, a malformed name table.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "bench.toml"), "w") as f:
    ...     _ = f.write('solvers = [{ name = "gd", options = { step = 0.05 } }]\\nseed = 3\\n')
    >>> read_config(os.path.join(folder, "bench.toml"))
    {'solvers': ['gd[step=0.05]'], 'seed': 3}
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OptbenchError(f"benchmark file {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise OptbenchError(f"benchmark file {path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise OptbenchError(f"benchmark file {path}: not valid TOML ({error})") from None
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise OptbenchError(f"benchmark file {path}: unknown key {key!r}; valid: "
                                f"{', '.join(KEYS)}")
        check, expected = KEYS[key]
        if not check(value):
            raise OptbenchError(f"benchmark file {path}: {key} must be {expected}; "
                                f"got {value!r}")
        settings[key] = _normalised(key, value, path)
    return settings


def _normalised(key: str, value: Any, path: Path) -> Any:
    folder = path.parent
    if key in ("problems", "solvers"):
        return [_spec(item, path, key) for item in value]
    if key == "plugins":
        return [str(folder / spec) if is_file(spec) else spec for spec in value]
    if key in _PATHS:
        return str(folder / value)
    return value


def _spec(item: str | dict[str, Any], path: Path, key: str) -> str:
    """A name as written, or a ``{name, options}`` table as ``name[key=value,...]``."""
    if isinstance(item, str):
        return item
    options = item.get("options", {})
    if set(item) - {"name", "options"} or not isinstance(item.get("name"), str) or not (
            isinstance(options, dict)
            and all(isinstance(v, bool | int | float | str) for v in options.values())):
        raise OptbenchError(f"benchmark file {path}: an entry of {key} must be a name or a "
                            "table { name = ..., options = { key = value } }; "
                            f"got {item!r}")
    values: dict[str, OptionValue] = dict(options)
    return format_spec(item["name"], values)
