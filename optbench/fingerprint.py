"""Fingerprints of user code: a run id of a user's problem or solver changes when its
code does, so a stored result of edited code is never taken for the new code's.

A fingerprint hashes what a callable computes with: its bytecode and constants (line
numbers and comments left out, so moving code does not change it), its default values,
the values its closure captured, and, followed recursively, the functions, classes and
plain values it reads from its module's globals. Library code (the standard library,
installed packages and optbench itself) is named, not hashed: its version covers it.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import sys
import sysconfig
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

#: Hex digits of a fingerprint.
LENGTH = 16

_LIBRARY_PATHS = tuple(
    str(Path(path).resolve()) for key in ("stdlib", "platstdlib", "purelib", "platlib")
    if (path := sysconfig.get_paths().get(key)))
_OWN_PATH = str(Path(__file__).resolve().parent)


def fingerprint(*objects: object) -> str:
    """A short hash of ``objects``: callables by their code, values by their contents.

    Examples
    --------
    >>> def square(x):
    ...     return x * x
    >>> def cube(x):
    ...     return x * x * x
    >>> fingerprint(square) == fingerprint(square), fingerprint(square) == fingerprint(cube)
    (True, False)
    >>> fingerprint(np.arange(3.0)) == fingerprint(np.arange(3.0) + 1.0)
    False
    """
    digest = hashlib.sha256()
    own = {_package(obj) for obj in objects if isinstance(obj, types.FunctionType)}
    hasher = _Hasher(digest, own - {"optbench", ""})
    for obj in objects:
        hasher.feed(obj)
    return digest.hexdigest()[:LENGTH]


def _package(obj: object) -> str:
    """The top-level package of the module ``obj`` was defined in."""
    return (getattr(obj, "__module__", None) or "").partition(".")[0]


def is_library(obj: object) -> bool:
    """Whether ``obj`` comes from the standard library, an installed package or optbench
    (named by a fingerprint, not hashed).

    Examples
    --------
    >>> import math, json
    >>> is_library(math.sqrt), is_library(json.dumps), is_library(fingerprint)
    (True, True, True)
    """
    module = sys.modules.get(getattr(obj, "__module__", None) or "")
    if module is None:
        return isinstance(obj, types.BuiltinFunctionType)
    path = getattr(module, "__file__", None)
    if path is None:  # built-in modules, namespace packages
        return True
    resolved = str(Path(path).resolve())
    return resolved.startswith(_OWN_PATH) or resolved.startswith(_LIBRARY_PATHS)


class _Hasher:
    """Feeds a hash with objects, following user functions into their globals once each.

    ``own`` names the top-level packages of the functions fingerprinted: their code is
    hashed even where the package is installed (a plug-in in site-packages).
    """

    def __init__(self, digest: Any, own: set[str]) -> None:
        self.digest = digest
        self.own = own
        self.seen: set[int] = set()

    def text(self, *parts: object) -> None:
        for part in parts:
            self.digest.update(repr(part).encode())
            self.digest.update(b"\0")

    def feed(self, obj: object) -> None:
        """Hash ``obj`` by its kind: plain values by contents, code by what it computes."""
        if obj is None or isinstance(obj, bool | int | float | complex | str | bytes):
            self.text(type(obj).__name__, obj)
        elif isinstance(obj, np.ndarray):
            self.text("array", obj.dtype.str, obj.shape)
            self.digest.update(np.ascontiguousarray(obj).tobytes())
        elif isinstance(obj, np.generic):
            self.feed(obj.item())
        elif isinstance(obj, list | tuple | set | frozenset):
            items = sorted(obj, key=repr) if isinstance(obj, set | frozenset) else obj
            self.text(type(obj).__name__, len(items))
            for item in items:
                self.feed(item)
        elif isinstance(obj, Mapping):
            self.text("mapping", len(obj))
            for key in sorted(obj, key=repr):
                self.feed(key)
                self.feed(obj[key])
        elif id(obj) in self.seen:
            self.text("seen", getattr(obj, "__qualname__", type(obj).__name__))
        else:
            self.seen.add(id(obj))
            self.feed_object(obj)

    def feed_object(self, obj: object) -> None:
        """Hash a callable, a class, a module or an instance (once each)."""
        if isinstance(obj, types.ModuleType):
            self.text("module", obj.__name__)
        elif (is_library(obj) and _package(obj) not in self.own
              and (callable(obj) or inspect.isclass(obj))):
            self.text("library", getattr(obj, "__module__", ""),
                      getattr(obj, "__qualname__", type(obj).__name__))
        elif isinstance(obj, types.FunctionType):
            self.function(obj)
        elif isinstance(obj, types.MethodType):
            self.text("method")
            self.feed(obj.__func__)
            self.feed(obj.__self__)
        elif isinstance(obj, functools.partial):
            self.text("partial")
            self.feed((obj.func, obj.args, obj.keywords))
        elif inspect.isclass(obj):
            self.text("class", obj.__qualname__)
            self.feed({name: value for name, value in vars(obj).items()
                       if not name.startswith("__") or name == "__call__"})
        else:
            self.text("instance")
            self.feed(type(obj))
            state = getattr(obj, "__dict__", None)
            self.feed(state if state is not None else repr(obj))

    def function(self, function: types.FunctionType) -> None:
        """A user function: its code, defaults, closure and the globals its code reads."""
        self.text("function", function.__qualname__)
        self.code(function.__code__)
        self.feed(function.__defaults__)
        self.feed(function.__kwdefaults__)
        cells = function.__closure__ or ()
        self.feed(tuple(_cell_value(cell) for cell in cells))
        for name in _global_names(function.__code__):
            if name in function.__globals__:
                self.text("module-level name", name)
                self.feed(function.__globals__[name])

    def code(self, code: types.CodeType) -> None:
        self.text("code", code.co_argcount, code.co_kwonlyargcount, code.co_names,
                  code.co_varnames)
        self.digest.update(code.co_code)
        for constant in code.co_consts:
            if isinstance(constant, types.CodeType):
                self.code(constant)
            else:
                self.feed(constant)


def _cell_value(cell: types.CellType) -> object:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell (a name assigned after the closure was made)
        return "<empty cell>"


def _global_names(code: types.CodeType) -> list[str]:
    """The names ``code`` and its nested code objects look up (globals among them)."""
    names = list(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names += _global_names(constant)
    return list(dict.fromkeys(names))


def describe(function: Callable[..., Any]) -> str:
    """Where a callable is defined, as error messages name it: ``file:line`` for user
    code, the module otherwise.

    Examples
    --------
    >>> describe(fingerprint).startswith("optbench.fingerprint")
    True
    """
    code = getattr(function, "__code__", None)
    module = getattr(function, "__module__", None) or "?"
    if code is None or is_library(function):
        return f"{module}.{getattr(function, '__qualname__', '')}".rstrip(".")
    return f"{code.co_filename}:{code.co_firstlineno}"
