"""``cutest:filters``: CUTEst problems chosen by S2MPJ's metadata, as CUTEst users do.

Filters are joined by commas; each is ``key OP value`` with OP one of ``=``, ``!=``,
``<``, ``<=``, ``>``, ``>=`` (numbers) or ``=`` (words):

- ``type``: ``u``, ``b``, ``l``, ``n`` (S2MPJ's types; several as ``type=u|b``);
- ``n``, ``m`` (linear and nonlinear constraints), ``linear``, ``nonlinear``,
  ``equalities``, ``bounded`` (bounded variables): counts at the default size;
- ``hessian``, ``feasibility``, ``published``, ``twin`` (a certified twin): ``yes``/``no``.

Problems are named at their default size (``cutest-NAME``).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from optbench.errors import OptbenchError
from optbench.problems.cutest_table import TYPES, TableRow, table

_FILTER = re.compile(r"^\s*([a-z]+)\s*(<=|>=|!=|=|<|>)\s*([^\s]+)\s*$")
_OPS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}
_COUNTS: dict[str, Callable[[TableRow], int]] = {
    "n": lambda r: r.n, "m": lambda r: r.constraints, "linear": lambda r: r.linear,
    "nonlinear": lambda r: r.nonlinear, "equalities": lambda r: r.equalities,
    "bounded": lambda r: r.bounded}


def _twin(row: TableRow) -> bool:
    from optbench.problems.cutest_twins import twins

    return row.name in twins()


_FLAGS: dict[str, Callable[[TableRow], bool]] = {
    "hessian": lambda r: r.hessian, "feasibility": lambda r: r.feasibility,
    "published": lambda r: r.n in r.published, "twin": _twin}
_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}


def _test(text: str) -> Callable[[TableRow], bool]:
    """One filter as a test of a table row; a malformed one raises `OptbenchError`."""
    match = _FILTER.match(text)
    if match is None:
        raise OptbenchError(f"CUTEst selection: {text.strip()!r} is not key=value or "
                            "key<=number (keys: type, n, m, linear, nonlinear, equalities, "
                            "bounded, hessian, feasibility, published, twin)")
    key, op, value = match.groups()
    if key == "type":
        kinds = set(value.split("|"))
        if op not in {"=", "!="} or not kinds <= set(TYPES):
            raise OptbenchError(f"CUTEst selection: type takes = or != and "
                                f"{', '.join(TYPES)}; got {text.strip()!r}")
        return lambda r: (r.type in kinds) == (op == "=")
    if key in _COUNTS:
        try:
            number = float(value)
        except ValueError:
            raise OptbenchError(f"CUTEst selection: {key} compares with a number; got "
                                f"{value!r}") from None
        count = _COUNTS[key]
        return lambda r: _OPS[op](count(r), number)
    if key in _FLAGS:
        if op not in {"=", "!="} or value.lower() not in _YES:
            raise OptbenchError(f"CUTEst selection: {key} takes =yes or =no; got "
                                f"{text.strip()!r}")
        flag, wanted = _FLAGS[key], _YES[value.lower()] == (op == "=")
        return lambda r: flag(r) == wanted
    raise OptbenchError(f"CUTEst selection: unknown key {key!r}; keys: type, "
                        f"{', '.join(_COUNTS)}, {', '.join(_FLAGS)}")


def select(filters: str) -> list[str]:
    """The names of the CUTEst problems that pass every filter, in S2MPJ's order.

    Examples
    --------
    >>> select("type=u,n<=2")[:3]
    ['cutest-BEALE', 'cutest-BOXBODLS', 'cutest-BRKMCC']
    """
    tests = [_test(part) for part in filters.split(",") if part.strip()]
    if not tests:
        raise OptbenchError("CUTEst selection: give at least one filter, e.g. cutest:n<=10")
    return [f"cutest-{row.name}" for row in table().values() if all(t(row) for t in tests)]
