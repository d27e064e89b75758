"""Parse and format names that carry options in brackets, such as ``gd[step=0.05]``."""

from __future__ import annotations

import re
from collections.abc import Mapping

from optbench.errors import OptbenchError

OptionValue = bool | int | float | str

_SPEC = re.compile(r"^\s*(?P<name>[A-Za-z0-9_.+-]+)\s*(?:\[(?P<options>[^\[\]]*)\])?\s*$")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Split ``name[key=value,...]`` into the name and its raw option strings.

    Parameters
    ----------
    spec : str
        A registered name, optionally followed by options in square brackets.

    Returns
    -------
    name : str
        The name before the brackets.
    options : dict of str to str
        The options, values still as text; types are applied by the registry.

    Raises
    ------
    OptbenchError
        If the text is not of the form ``name`` or ``name[key=value,...]``.

    Examples
    --------
    >>> parse_spec("gd[step=0.05, maxiter=100]")
    ('gd', {'step': '0.05', 'maxiter': '100'})
    """
    match = _SPEC.match(spec)
    if match is None:
        raise OptbenchError(f"malformed name {spec!r}: expected name or name[key=value,...]")
    options: dict[str, str] = {}
    body = match.group("options")
    if body is not None and body.strip():
        for item in body.split(","):
            key, sep, value = item.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not _KEY.match(key) or not value:
                raise OptbenchError(
                    f"malformed option {item.strip()!r} in {spec!r}: expected key=value"
                )
            if key in options:
                raise OptbenchError(f"option {key!r} given twice in {spec!r}")
            options[key] = value
    return match.group("name"), options


def format_spec(name: str, options: Mapping[str, OptionValue]) -> str:
    """Write a name and options back as a canonical spec (options sorted by key).

    Examples
    --------
    >>> format_spec("gd", {"step": 0.05, "maxiter": 100})
    'gd[maxiter=100,step=0.05]'
    >>> format_spec("bfgs", {})
    'bfgs'
    """
    if not options:
        return name
    body = ",".join(f"{key}={_format_value(options[key])}" for key in sorted(options))
    return f"{name}[{body}]"


def _format_value(value: OptionValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


_FILTER = re.compile(r"^\s*[A-Za-z_]\w*\s*(<=|>=|!=|=|<|>)")


def join_selections(parts: list[str]) -> list[str]:
    """Names cut at commas, with the filters of a selection ``key:f1,f2`` joined again:
    a part that starts ``key OP`` (``n<=50``, ``type=u``) continues the selection before it.

    Examples
    --------
    >>> join_selections(["cutest:type=u", "n<=50", "bfgs"])
    ['cutest:type=u,n<=50', 'bfgs']
    """
    out: list[str] = []
    for part in parts:
        if out and ":" in out[-1].split("[")[0] and _FILTER.match(part):
            out[-1] += "," + part
        else:
            out.append(part)
    return out


def split_outside_brackets(text: str, separator: str) -> list[str]:
    """``text`` cut at each ``separator`` that stands outside square brackets, so that
    the options of a spec (``gd[step=0.1,maxiter=5]``) stay whole.

    Examples
    --------
    >>> split_outside_brackets("bfgs,gd[step=0.1,maxiter=5],", ",")
    ['bfgs', 'gd[step=0.1,maxiter=5]', '']
    """
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts
