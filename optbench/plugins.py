"""Plug-ins: modules that register problems, solvers and suites when imported.

Three ways in, all loaded by `load_all` when a command or `optbench.run` first needs
the registries (``import optbench`` loads none):

- installed packages, through the entry-point group ``optbench.plugins`` (its value a
  module, or a function to call with no arguments);
- ``--plugin MODULE_OR_FILE`` on the command line (repeatable), or ``plugins=`` in
  `optbench.run` and in a benchmark file;
- the environment variable ``OPTBENCH_PLUGINS``: modules or ``.py`` files separated by
  ``os.pathsep`` (``:`` on POSIX).

A plug-in that fails to load raises `PluginError`: one line naming the plug-in and the
error (the command line exits 2).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from optbench.errors import OptbenchError, error_line

#: The entry-point group installed plug-ins register in.
GROUP = "optbench.plugins"
#: The environment variable naming plug-ins to load.
ENVIRONMENT_VARIABLE = "OPTBENCH_PLUGINS"

_loaded: dict[str, ModuleType] = {}
_installed: list[str] | None = None  # the installed plug-ins' names, once loaded


class PluginError(OptbenchError):
    """A plug-in that cannot be loaded, or whose registrations clash."""


def is_file(spec: str) -> bool:
    """Whether a plug-in spec names a ``.py`` file rather than a module."""
    return spec.endswith(".py") or os.sep in spec


def _key(spec: str) -> str:
    return str(Path(spec).resolve()) if is_file(spec) else spec


def load(spec: str) -> ModuleType:
    """Import the plug-in ``spec`` (a module name or a ``.py`` file) once.

    Raises
    ------
    PluginError
        If the file is missing, the import raises, or a registration clashes; one
        line naming the plug-in and the error.
    """
    key = _key(spec)
    if key in _loaded:
        return _loaded[key]
    try:
        module = _load_file(Path(key)) if is_file(spec) else importlib.import_module(key)
    except PluginError:
        raise
    except OptbenchError as error:
        raise PluginError(f"plug-in {spec!r}: {error}") from None
    except (Exception, SystemExit) as error:  # noqa: BLE001  (any failure of user code)
        raise PluginError(f"plug-in {spec!r} failed to load: {error_line(error)}") from None
    _loaded[key] = module
    return module


def _load_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise PluginError(f"plug-in {str(path)!r}: no such file")
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:8]
    name = f"optbench_plugin_{re.sub(r'[^0-9A-Za-z_]', '_', path.stem)}_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"plug-in {str(path)!r}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def load_installed() -> list[str]:
    """Load every installed plug-in of the entry-point group ``optbench.plugins`` once;
    returns their names."""
    global _installed
    if _installed is not None:
        return list(_installed)
    names = []
    for point in sorted(entry_points(group=GROUP), key=lambda point: point.name):
        where = f"{point.name!r} (entry point {point.value})"
        try:
            target = point.load()
            if callable(target) and not isinstance(target, ModuleType):
                target()
        except OptbenchError as error:
            raise PluginError(f"plug-in {where}: {error}") from None
        except (Exception, SystemExit) as error:  # noqa: BLE001  (any failure of user code)
            raise PluginError(f"plug-in {where} failed to load: {error_line(error)}") from None
        names.append(point.name)
    _installed = names
    return list(names)


def from_environment() -> list[str]:
    """The plug-ins that ``OPTBENCH_PLUGINS`` names."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "")
    return [spec.strip() for spec in value.split(os.pathsep) if spec.strip()]


def load_all(specs: Iterable[str] = ()) -> list[str]:
    """Load the installed plug-ins, those of ``OPTBENCH_PLUGINS``, then ``specs``.

    Returns
    -------
    list of str
        The module names and absolute file paths loaded by spec so far (what a Dask
        worker loads again, `loaded`).
    """
    load_installed()
    for spec in [*from_environment(), *specs]:
        load(spec)
    return loaded()


def loaded() -> list[str]:
    """The plug-ins loaded by spec so far: module names and absolute file paths."""
    return list(_loaded)
