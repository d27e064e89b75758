"""CUTEst problems that are twins of optbench's certified ones (MGH, NIST StRD, HS).

A twin is the same problem defined twice: same n, same objective (value equal at
CUTEst's x0 and at the certified x*; ``tests/test_cutest.py`` checks every pair), and the
same feasible set. A CUTEst problem with a twin takes the twin's certified f* and x*.
Hock-Schittkowski's ``HSk`` and NIST's least-squares forms ``NAMELS`` pair by name; the
MGH pairs are listed here. Where a pair's definitions differ, it is left out with the
reason (`NOT_TWINS`).
"""

from __future__ import annotations

import functools

from optbench.problems.base import Problem, Vector

#: MGH problems and their CUTEst names (SIF files citing MGH (1981)).
MGH_TWINS = {
    "ROSENBR": "mgh-rosenbrock", "FREUROTH": "mgh-freudenstein-roth",
    "POWELLBSLS": "mgh-powell-badly-scaled", "BROWNBS": "mgh-brown-badly-scaled",
    "BEALE": "mgh-beale", "HELIX": "mgh-helical-valley", "JENSMP": "mgh-jennrich-sampson",
    "GULF": "mgh-gulf", "BOX3": "mgh-box-3d", "BROWNDEN": "mgh-brown-dennis",
    "BIGGS6": "mgh-biggs-exp6", "BARD": "mgh-bard", "GAUSSIAN": "mgh-gaussian",
    "MEYER3": "mgh-meyer", "KOWOSB": "mgh-kowalik-osborne", "OSBORNEA": "mgh-osborne-1",
    "OSBORNEB": "mgh-osborne-2", "WATSON": "mgh-watson", "PENALTY1": "mgh-penalty-1",
    "PENALTY2": "mgh-penalty-2", "VARDIM": "mgh-variably-dimensioned",
    "CHEBYQAD": "mgh-chebyquad", "POWELLSG": "mgh-extended-powell-singular",
    "WOODS": "mgh-wood",
}
#: NIST StRD problems whose CUTEst least-squares form is ``NAMELS``.
NIST_NAMES = ("misra1a", "chwirut2", "chwirut1", "lanczos3", "gauss1", "gauss2", "danwood",
              "misra1b", "kirby2", "hahn1", "nelson", "mgh17", "lanczos1", "lanczos2",
              "gauss3", "misra1c", "misra1d", "roszman1", "enso", "mgh09", "thurber",
              "boxbod", "rat42", "mgh10", "eckerle4", "rat43", "bennett5")
#: Pairs whose definitions differ, and why (found by ``tests/test_cutest.py``).
NOT_TWINS = {
    "HELIX": "f at MGH's x0 = (-1, 0, 0) is 2499.99990 in S2MPJ, 2500 in MGH: the SIF "
             "file's theta(x1, x2) differs from MGH's on x1 < 0 (equal at x*)",
    "KOWOSB": "f differs in the 5th digit at x0 (5.31362e-3 against MGH's 5.31317e-3) and at "
              "x*: the SIF file's data differ from MGH's table",
    "OSBORNEB": "f differs at x0 (3.1657 against MGH's 2.0934): a different model or data",
    "DANWOODLS": "f agrees at x0 (149.719...) but not at NIST's certified x* (29.03 "
                 "against 4.3173e-3): the SIF file orders or scales the parameters otherwise",
    "ROSZMAN1LS": "f differs at x0 (8.2218 against NIST's 0.51081): the SIF file's model "
                  "differs from NIST's (its arctan term)",
}


def twins() -> dict[str, str]:
    """Every CUTEst name with a certified twin, and the twin's registered name."""
    from optbench.problems.cutest_table import table
    from optbench.problems.registry import PROBLEMS

    rows = table()
    pairs = dict(MGH_TWINS)
    pairs.update({f"{name.upper()}LS": f"nist-{name}" for name in NIST_NAMES})
    pairs.update({f"HS{k}": f"hs-{k:03d}" for k in range(1, 120)})
    return {cutest: own for cutest, own in pairs.items()
            if cutest in rows and own in PROBLEMS and cutest not in NOT_TWINS}


@functools.cache
def _twin_problem(spec: str) -> Problem:
    from optbench.problems.registry import get_problem

    return get_problem(spec)


def twin_spec(name: str, n: int) -> str | None:
    """The spec of ``name``'s certified twin in dimension ``n``, or ``None``."""
    own = twins().get(name)
    if own is None:
        return None
    for spec in (own, f"{own}[n={n}]"):
        try:
            if _twin_problem(spec).n == n:
                return spec
        except Exception:  # noqa: BLE001  (a size the twin does not have: no twin)
            continue
    return None


def twin_reference(name: str, n: int) -> tuple[float, tuple[Vector, ...], str] | None:
    """The certified f*, x* and spec of ``name``'s twin in dimension ``n``, or ``None``."""
    spec = twin_spec(name, n)
    if spec is None:
        return None
    twin = _twin_problem(spec)
    return twin.f_opt, twin.x_opt, spec
