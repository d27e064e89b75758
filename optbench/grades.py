"""How far a problem's reference value f* can be trusted: its grade.

Every problem states the grade of its ``f_opt`` in ``Problem.reference["f_opt_grade"]``
(stored with the problem's row, so the report reads it without problem code):

- ``certified``: optbench verified it (optimality conditions, extended precision, a
  certified set such as MGH, NIST StRD or Hock-Schittkowski, or a twin of one);
- ``published``: printed by the problem's source and not verified here (a CUTEst SIF
  file's ``SOLTN`` comment); ``f_opt_digits`` keeps the text as printed;
- ``best-found``: no reference; the lowest feasible value any stored run reached
  (`optbench.analysis.targets.reference_values` marks it ``estimated``);
- ``none``: nothing is known and nothing was stored.

A problem without the key is ``certified`` where its f* is finite (optbench's own sets
are certified) and ``best-found`` where it is NaN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

CERTIFIED = "certified"
PUBLISHED = "published"
BEST_FOUND = "best-found"
NONE = "none"
#: The grades, most trusted first.
GRADES = (CERTIFIED, PUBLISHED, BEST_FOUND, NONE)

_PRINTED = re.compile(r"^\s*[-+]?(\d*)\.?(\d*)(?:[DdEe]([-+]?\d+))?\s*$")


def grade_of(f_opt: float, reference: Mapping[str, Any]) -> str:
    """The grade of a problem's reference value.

    Examples
    --------
    >>> grade_of(0.0, {}), grade_of(float("nan"), {}), grade_of(1.5, {"f_opt_grade": "published"})
    ('certified', 'best-found', 'published')
    """
    grade = reference.get("f_opt_grade")
    if grade is not None:
        return str(grade)
    return CERTIFIED if math.isfinite(f_opt) else BEST_FOUND


def printed_value(text: str) -> float:
    """A value as a SIF file or a paper prints it (Fortran's ``D`` exponent read too).

    Examples
    --------
    >>> printed_value("6.4099D-02")
    0.064099
    """
    return float(text.strip().replace("D", "e").replace("d", "e"))


def printed_half_unit(text: str) -> float:
    """Half a unit in the last printed digit of ``text``: how far the true value may lie
    from the printed one.

    Examples
    --------
    >>> printed_half_unit("6.4099D-02"), printed_half_unit("47952.695811")
    (5e-07, 5e-07)
    >>> printed_half_unit("0.0")
    0.05
    """
    match = _PRINTED.match(text)
    if match is None:
        raise ValueError(f"not a printed number: {text!r}")
    decimals = len(match.group(2))
    exponent = int(match.group(3) or 0)
    return float(f"5e{exponent - decimals - 1}")


def below_published(f_opt: float, reference: Mapping[str, Any], fun: float,
                    feasible: bool) -> str | None:
    """A flag where a feasible final value lies below a ``published`` f* by more than
    half a unit in its last printed digit; ``None`` otherwise.

    A published value may be a local minimum's (CUTEst's ``SOLTN``), so such a run is
    not an error: it says the printed value is not the least known, or wrong.

    Examples
    --------
    >>> ref = {"f_opt_grade": "published", "f_opt_digits": "1.25"}
    >>> below_published(1.25, ref, 1.2, True)
    'f = 1.2 is below the published f* = 1.25 by more than its printed digits'
    >>> below_published(1.25, ref, 1.246, True) is None
    True
    """
    if grade_of(f_opt, reference) != PUBLISHED or not feasible or not math.isfinite(fun):
        return None
    printed = str(reference.get("f_opt_digits", repr(f_opt)))
    if fun < f_opt - printed_half_unit(printed):
        return (f"f = {fun!r} is below the published f* = {printed} by more than its "
                "printed digits")
    return None
