"""Name-keyed registries of factories, filled by a decorator (nevergrad's model).

A factory takes keyword options only; their annotations (``float``, ``int``, ``bool``,
``str`` or a ``Literal``) say how the text of ``name[key=value]`` is converted.
"""

from __future__ import annotations

import importlib
import inspect
import math
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from optbench.errors import OptbenchError
from optbench.families import FAMILIES, Family
from optbench.spec import OptionValue, format_spec, parse_spec

T = TypeVar("T")
#: A registered factory; the decorator returns it unchanged, its own type kept.
FactoryT = TypeVar("FactoryT", bound=Callable[..., Any])


class NameClash(OptbenchError):
    """A second registration under a name already taken by other code."""


@dataclass(frozen=True)
class Range:
    """The values an option may take, declared in its annotation:
    ``step: Annotated[float, Range(0.0, open_low=True)] = 0.1``. Bounds are inclusive
    unless ``open_low``/``open_high``; ``None`` is unbounded.

    Examples
    --------
    >>> Range(0.0, open_low=True).text()
    '> 0'
    >>> Range(2, 100_000).text()
    'between 2 and 100000'
    """

    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False

    def holds(self, value: float) -> bool:
        """Whether ``value`` is in the range."""
        above = self.low is None or (value > self.low if self.open_low else value >= self.low)
        below = self.high is None or (value < self.high if self.open_high
                                      else value <= self.high)
        return above and below

    def text(self) -> str:
        """The range in words, for an error message."""
        low = None if self.low is None else f"{'>' if self.open_low else '>='} {self.low:g}"
        high = None if self.high is None else f"{'<' if self.open_high else '<='} {self.high:g}"
        if low and high and not (self.open_low or self.open_high):
            return f"between {self.low:g} and {self.high:g}"
        return " and ".join(part for part in (low, high) if part) or "any value"


#: An option that must be positive (a step, a scale).
Positive = Annotated[float, Range(0.0, open_low=True)]
#: An option that must not be negative (a tolerance; 0 often means the method's default).
NonNegative = Annotated[float, Range(0.0)]
#: A count option (an iteration or evaluation limit; 0 often means the method's default).
Count = Annotated[int, Range(0)]
#: A count option that must be at least one (iterations of a method without a default).
PositiveCount = Annotated[int, Range(1)]
#: A fraction strictly between 0 and 1 (a line search's shrink factor or its constants).
Fraction = Annotated[float, Range(0.0, 1.0, open_low=True, open_high=True)]
#: A decay rate, 0 included and 1 excluded (momentum, Adam's moment averages).
Decay = Annotated[float, Range(0.0, 1.0, open_high=True)]


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered factory with its name, one-line summary and family (problems).

    ``source`` says where it was registered from (a module, or ``file:line`` of user
    code); ``fingerprint`` is the fingerprint of user code (`optbench.fingerprint`),
    empty for optbench's own entries, whose version covers them.
    """

    name: str
    factory: Callable[..., T]
    summary: str
    family: str | None = None
    source: str = ""
    fingerprint: str = ""

    @property
    def is_user_code(self) -> bool:
        """Whether the entry comes from user code or a plug-in (it has a fingerprint)."""
        return bool(self.fingerprint)

    @property
    def parameters(self) -> dict[str, inspect.Parameter]:
        """The factory's keyword options, by name."""
        return dict(inspect.signature(self.factory).parameters)


class Registry(Generic[T]):
    """A mapping from names to factories that refuses name collisions.

    Parameters
    ----------
    kind : str
        What the registry holds ("problem", "solver"), used in error messages.
    requires_family : bool
        Whether every entry names its family (problems do: `optbench.families`).

    Examples
    --------
    >>> shapes = Registry("shape")
    >>> @shapes.register("square", "a square of a given side")
    ... def square(side: float = 1.0) -> float:
    ...     return side * side
    >>> shapes.create("square[side=3]")
    ('square[side=3.0]', 9.0)
    """

    def __init__(self, kind: str, requires_family: bool = False) -> None:
        self.kind = kind
        self.requires_family = requires_family
        self._entries: dict[str, Entry[T]] = {}

    def register(self, name: str, summary: str, family: Family | None = None, *,
                 source: str = "", fingerprint: str = "") -> Callable[[FactoryT], FactoryT]:
        """Return a decorator that registers a factory under ``name`` (in ``family``).

        ``source`` defaults to the factory's module; ``fingerprint`` marks user code
        (`Entry`). Registering user code again under its name with the same fingerprint
        does nothing; from the same file with another fingerprint (an edited function
        defined anew), it replaces the entry.

        Raises
        ------
        NameClash
            If ``name`` is taken by another entry; the message names both sources.
        ValueError
            If the registry requires a declared family and none is given (a
            programming error, not user input).
        """
        if self.requires_family and (family is None or FAMILIES.get(family.name) is not family):
            raise ValueError(f"{self.kind} {name!r} must be registered in a declared family "
                             "(optbench.families)")

        def decorate(factory: FactoryT) -> FactoryT:
            entry = Entry(name, factory, summary, None if family is None else family.name,
                          source or factory.__module__, fingerprint)
            old = self._entries.get(name)
            if old is not None and not _replaces(old, entry):
                raise NameClash(f"{self.kind} {name!r} from {entry.source} clashes with the "
                                f"{self.kind} of that name from {old.source}; rename one")
            self._entries[name] = entry
            return factory

        return decorate

    def add(self, entry: Entry[T]) -> None:
        """Register an entry made elsewhere (a worker process receiving user code)."""
        self.register(entry.name, entry.summary, FAMILIES.get(entry.family or ""),
                      source=entry.source, fingerprint=entry.fingerprint)(entry.factory)

    def register_in(self, family: Family) -> Callable[[str, str],
                                                      Callable[[FactoryT], FactoryT]]:
        """``register`` with ``family`` given: ``PROBLEMS.register_in(MGH)(name, summary)``."""

        def register(name: str, summary: str) -> Callable[[FactoryT], FactoryT]:
            return self.register(name, summary, family)

        return register

    def unregister(self, name: str) -> None:
        """Remove ``name`` (tests that register a deliberately broken entry clean up)."""
        self.entry(name)
        del self._entries[name]

    def __iter__(self) -> Iterator[Entry[T]]:
        """Every entry but those of collections (`optbench.families.Collection`), which
        only their names, their family or a selection reach."""
        return iter([entry for entry in self._entries.values() if self._listed(entry)])

    @staticmethod
    def _listed(entry: Entry[Any]) -> bool:
        family = FAMILIES.get(entry.family or "")
        return family is None or family.collection is None

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str) and name not in self._entries:
            self._load_collection(name)
        return name in self._entries

    def names(self, family: Family | None = None) -> list[str]:
        """All registered names (of ``family`` only, if given), in registration order.

        A family declared as a `optbench.families.Collection` is registered first; the
        names of all families leave collections out (`__iter__`).
        """
        if family is None:
            return [entry.name for entry in self]
        if family.collection is not None and self.requires_family:
            importlib.import_module(family.collection.module)
        return [name for name, entry in self._entries.items() if entry.family == family.name]

    def _load_collection(self, name: str) -> None:
        """Register the collection whose prefix ``name`` has (`optbench.families.Collection`)."""
        if not self.requires_family:
            return
        for family in FAMILIES.values():
            if family.collection is not None and name.startswith(family.collection.prefix):
                importlib.import_module(family.collection.module)

    def entry(self, name: str) -> Entry[T]:
        """The entry registered under ``name``; unknown names raise `OptbenchError`."""
        if name not in self._entries:
            self._load_collection(name)
        try:
            return self._entries[name]
        except KeyError:
            for family in FAMILIES.values():
                if family.collection and name.startswith(family.collection.prefix):
                    raise OptbenchError(
                        f"unknown {self.kind} {name!r}: not in {family.name} "
                        f"({len(self.names(family))} problems; selections name them, "
                        f"e.g. {family.collection.key}:n<=10)") from None
            valid = ", ".join(self._entries)
            raise OptbenchError(f"unknown {self.kind} {name!r}; valid: {valid}") from None

    def resolve(self, spec: str) -> tuple[str, Entry[T], dict[str, OptionValue]]:
        """Parse ``spec``, check its options, and return its canonical form.

        Returns
        -------
        canonical : str
            The spec with typed options in sorted order and options equal to their
            defaults left out, e.g. ``gd[step=0.05]``; two specs that build the same
            object have the same canonical form.
        entry : Entry
            The registered factory.
        options : dict
            The converted options.
        """
        name, raw = parse_spec(spec)
        entry = self.entry(name)
        parameters = entry.parameters
        hints = typing.get_type_hints(entry.factory, include_extras=True)
        options: dict[str, OptionValue] = {}
        for key, text in raw.items():
            if key not in parameters:
                valid = ", ".join(parameters) or "none"
                raise OptbenchError(
                    f"{self.kind} {name!r} has no option {key!r}; valid options: {valid}"
                )
            value = _convert(text, hints.get(key, str), f"{self.kind} {name!r}", key)
            if value != parameters[key].default:
                options[key] = value
        return format_spec(name, options), entry, options

    def create(self, spec: str) -> tuple[str, T]:
        """Build the object that ``spec`` names; returns (canonical spec, object)."""
        canonical, entry, options = self.resolve(spec)
        return canonical, entry.factory(**options)


def _replaces(old: Entry[Any], new: Entry[Any]) -> bool:
    """Whether ``new`` may take ``old``'s name: both user code, and the same code or the
    same file (``file:line`` sources)."""
    if not (old.is_user_code and new.is_user_code):
        return False
    return (old.fingerprint == new.fingerprint
            or old.source.rpartition(":")[0] == new.source.rpartition(":")[0] != "")


def _convert(text: str, annotation: Any, owner: str, key: str) -> OptionValue:
    """Convert an option's text to the type its factory annotates, checking the
    `Range` an ``Annotated`` annotation declares; numbers must be finite."""
    if typing.get_origin(annotation) is Annotated:
        base, *extras = typing.get_args(annotation)
        value = _convert(text, base, owner, key)
        for declared in extras:
            if isinstance(declared, Range) and not (isinstance(value, int | float)
                                                    and declared.holds(value)):
                raise OptbenchError(f"{owner}: option {key} must be {declared.text()}; "
                                    f"got {text!r}")
        return value
    if typing.get_origin(annotation) is Literal:
        choices = typing.get_args(annotation)
        if text not in choices:
            raise OptbenchError(
                f"{owner}: option {key} must be one of {', '.join(map(str, choices))}; "
                f"got {text!r}"
            )
        return text
    if annotation is bool:
        lowered = text.lower()
        if lowered in {"true", "1", "yes"}:
            return True
        if lowered in {"false", "0", "no"}:
            return False
        raise OptbenchError(f"{owner}: option {key} expects true or false; got {text!r}")
    converters: dict[Any, Callable[[str], OptionValue]] = {int: int, float: float, str: str}
    converter = converters.get(annotation, str)
    try:
        value = converter(text)
    except ValueError:
        raise OptbenchError(
            f"{owner}: option {key} expects {getattr(annotation, '__name__', annotation)}; "
            f"got {text!r}"
        ) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise OptbenchError(f"{owner}: option {key} must be a finite number; got {text!r}")
    return value
