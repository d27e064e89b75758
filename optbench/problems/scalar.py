"""One-dimensional minimisation problems on an interval (kind and family ``"scalar"``).

Eighteen are the univariate global-optimisation test functions of Hansen, Jaumard & Lu
(1992), "Global optimization of univariate Lipschitz functions: II. New algorithms and
computational comparison", Math. Programming 55, 273-292, as numbered in Gavana's
collection of univariate benchmarks (``Problem02`` ... ``Problem22``; 01, 16, 17 and 19 are
polynomials not carried here). Three are classics: the seed's quadratic on [0, 5], a
quartic with a stationary inflection, and a kink at the minimiser.

The published optima are printed to 4-7 digits; ``f_opt`` and ``x_opt`` here are full
double-precision values, computed as the root of f' by ``mpmath.findroot`` at 30 digits
from the published x* (closed forms where there are some) and checked in
``tests/test_scalar.py`` against the printed digits, a grid of 10**6 + 1 points and a
bounded solve. One printed value differs in its 6th digit: Problem03's third minimiser,
printed 5.791785, is 5.79179447... (the other two, -6.7745761 and -0.491391, agree).

Every problem has a start ``x0`` and a bracket ``(a, x0, b)`` over its interval [a, b]:
``x0`` is the midpoint where f there lies below both ends, and otherwise the lowest of
the interior points ``a + k (b - a) / 16``, k = 1, ..., 15 (a rule, not a choice per problem;
the tests check each bracket). On a multimodal problem a bracket holds several local
minima, and a solver that ends in one that is not global has failed, not erred.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from optbench.families import SCALAR
from optbench.kinds import Kind
from optbench.problems.base import Problem
from optbench.problems.registry import PROBLEMS

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(SCALAR)

_K = np.arange(1.0, 6.0)
HJL = ("Hansen, Jaumard & Lu (1992), Math. Programming 55:273-292, test set; Gavana's "
       "univariate benchmarks")


@dataclass(frozen=True)
class ScalarCase:
    """One scalar problem's data: f on the real line, interval, optimum and source."""

    name: str
    summary: str
    fun: Callable[[float], float]
    interval: tuple[float, float]
    f_opt: float
    x_opt: tuple[float, ...]
    source: str


def start_point(fun: Callable[[float], float], a: float, b: float) -> float:
    """The start: the midpoint if f there is below both ends, else the lowest 16th point.

    Examples
    --------
    >>> start_point(lambda t: (t - 2.0) ** 2, 0.0, 5.0)
    2.5
    >>> start_point(lambda t: abs(t - 4.5), 0.0, 5.0)
    4.375
    """
    middle = 0.5 * (a + b)
    if fun(middle) < min(fun(a), fun(b)):
        return middle
    points = [a + k * (b - a) / 16.0 for k in range(1, 16)]
    return min(points, key=fun)


def to_problem(case: ScalarCase) -> Problem:
    """The `Problem` of a case: kind ``scalar``, x0 of shape (1,), bounds and bracket.

    Examples
    --------
    >>> p = to_problem(CASES[0])
    >>> p.kind.value, p.bounds, p.bracket
    ('scalar', ((2.7, 7.5),), (2.7, 5.1, 7.5))
    """
    a, b = case.interval
    start = float(start_point(case.fun, a, b))
    return Problem(
        name=case.name, fun=lambda x: case.fun(float(x[0])), x0=np.array([start]),
        f_opt=case.f_opt, source=case.source, x_opt=tuple(np.array([x]) for x in case.x_opt),
        bounds=((a, b),), kind=Kind.SCALAR, f_opt_is_global=True, bracket=(a, start, b),
    )


def _problem03(t: float) -> float:
    return float(-np.sum(_K * np.sin((_K + 1.0) * t + _K)))


def _problem08(t: float) -> float:
    return float(-np.sum(_K * np.cos((_K + 1.0) * t + _K)))


def _problem18(t: float) -> float:
    return (t - 2.0) ** 2 if t <= 3.0 else 2.0 * np.log(t - 2.0) + 1.0


def _f(expression: Callable[[float], float]) -> Callable[[float], float]:
    """A float-valued f, so that numpy scalars never leak into the solvers."""
    return lambda t: float(expression(t))


_SQRT5, _SQRT2 = np.sqrt(5.0), np.sqrt(2.0)
CASES: tuple[ScalarCase, ...] = (
    ScalarCase("scalar-hjl-02", "sin x + sin(10x/3) on [2.7, 7.5]",
               _f(lambda t: np.sin(t) + np.sin(10.0 * t / 3.0)), (2.7, 7.5),
               -1.8995993491521133, (5.145735290256128,), HJL + " Problem02: x* = 5.145735, "
               "f* = -1.899599"),
    ScalarCase("scalar-hjl-03", "-sum k sin((k+1)x + k), k = 1..5, on [-10, 10]",
               _problem03, (-10.0, 10.0), -12.03124944216714,
               (-6.774576143438901, -0.49139083625931457, 5.791794470920272),
               HJL + " Problem03: x* = -6.7745761, -0.491391, 5.791785 (printed; 5.7917945), "
               "f* = -12.03124"),
    ScalarCase("scalar-hjl-04", "-(16x**2 - 24x + 5) exp(-x) on [1.9, 3.9]",
               _f(lambda t: -(16.0 * t**2 - 24.0 * t + 5.0) * np.exp(-t)), (1.9, 3.9),
               -3.8504507088002193, ((7.0 + 2.0 * _SQRT5) / 4.0,),
               HJL + " Problem04: x* = 2.868034 (= (7 + 2 sqrt 5)/4), f* = -3.85045"),
    ScalarCase("scalar-hjl-05", "-(1.4 - 3x) sin(18x) on [0, 1.2]",
               _f(lambda t: -(1.4 - 3.0 * t) * np.sin(18.0 * t)), (0.0, 1.2),
               -1.489072538689604, (0.9660858038268509,),
               HJL + " Problem05: x* = 0.96609, f* = -1.48907"),
    ScalarCase("scalar-hjl-06", "-(x + sin x) exp(-x**2) on [-10, 10]",
               _f(lambda t: -(t + np.sin(t)) * np.exp(-t * t)), (-10.0, 10.0),
               -0.8242393984760766, (0.6795786600198815,),
               HJL + " Problem06: x* = 0.67956, f* = -0.824239"),
    ScalarCase("scalar-hjl-07", "sin x + sin(10x/3) + ln x - 0.84x + 3 on [2.7, 7.5]",
               _f(lambda t: np.sin(t) + np.sin(10.0 * t / 3.0) + np.log(t) - 0.84 * t + 3.0),
               (2.7, 7.5), -1.601307546494395, (5.199778371061006,),
               HJL + " Problem07: x* = 5.19978, f* = -1.6013"),
    ScalarCase("scalar-hjl-08", "-sum k cos((k+1)x + k), k = 1..5, on [-10, 10]",
               _problem08, (-10.0, 10.0), -14.508007927195033,
               (-7.0835064076515595, -0.8003211004719731, 5.482864206707613),
               HJL + " Problem08: x* = -7.083506, -0.800321, 5.482864, f* = -14.508"),
    ScalarCase("scalar-hjl-09", "sin x + sin(2x/3) on [3.1, 20.4]",
               _f(lambda t: np.sin(t) + np.sin(2.0 * t / 3.0)), (3.1, 20.4),
               -1.9059611187157852, (17.03919894760176,),
               HJL + " Problem09: x* = 17.039, f* = -1.90596"),
    ScalarCase("scalar-hjl-10", "-x sin x on [0, 10]", _f(lambda t: -t * np.sin(t)),
               (0.0, 10.0), -7.916727371587782, (7.978665712413241,),
               HJL + " Problem10: x* = 7.9787, f* = -7.916727"),
    ScalarCase("scalar-hjl-11", "2 cos x + cos 2x on [-pi/2, 2 pi]",
               _f(lambda t: 2.0 * np.cos(t) + np.cos(2.0 * t)), (-np.pi / 2.0, 2.0 * np.pi),
               -1.5, (2.0 * np.pi / 3.0, 4.0 * np.pi / 3.0),
               HJL + " Problem11: x* = 2.09439, 4.18879 (2 pi/3, 4 pi/3), f* = -1.5"),
    ScalarCase("scalar-hjl-12", "sin**3 x + cos**3 x on [0, 2 pi]",
               _f(lambda t: np.sin(t) ** 3 + np.cos(t) ** 3), (0.0, 2.0 * np.pi), -1.0,
               (np.pi, 3.0 * np.pi / 2.0),
               HJL + " Problem12: x* = pi, 4.712389 (3 pi/2), f* = -1"),
    ScalarCase("scalar-hjl-13", "-x**(2/3) - (1 - x**2)**(1/3) on [0.001, 0.99]",
               _f(lambda t: -np.cbrt(t) ** 2 - np.cbrt(1.0 - t * t)), (0.001, 0.99),
               -(2.0 ** (2.0 / 3.0)), (1.0 / _SQRT2,),
               HJL + " Problem13: x* = 1/sqrt 2 = 0.7071, f* = -1.5874 (= -2**(2/3)); "
               "real cube roots, so f is defined on the whole line"),
    ScalarCase("scalar-hjl-14", "-exp(-x) sin(2 pi x) on [0, 4]",
               _f(lambda t: -np.exp(-t) * np.sin(2.0 * np.pi * t)), (0.0, 4.0),
               -0.7886853874086726, (0.22488038589156198,),
               HJL + " Problem14: x* = 0.224885, f* = -0.788685"),
    ScalarCase("scalar-hjl-15", "(x**2 - 5x + 6)/(x**2 + 1) on [-5, 5]",
               _f(lambda t: (t * t - 5.0 * t + 6.0) / (t * t + 1.0)), (-5.0, 5.0),
               -0.03553390593273762, (1.0 + _SQRT2,),
               HJL + " Problem15: x* = 2.41422 (= 1 + sqrt 2), f* = -0.03553"),
    ScalarCase("scalar-hjl-18", "(x - 2)**2 for x <= 3, 2 ln(x - 2) + 1 beyond, on [0, 6]",
               _f(_problem18), (0.0, 6.0), 0.0, (2.0,),
               HJL + " Problem18: x* = 2, f* = 0"),
    ScalarCase("scalar-hjl-20", "-(x - sin x) exp(-x**2) on [-10, 10]",
               _f(lambda t: -(t - np.sin(t)) * np.exp(-t * t)), (-10.0, 10.0),
               -0.06349052893643987, (1.1951366417566607,),
               HJL + " Problem20: x* = 1.195137, f* = -0.0634905"),
    ScalarCase("scalar-hjl-21", "x sin x + x cos 2x on [0, 10]",
               _f(lambda t: t * np.sin(t) + t * np.cos(2.0 * t)), (0.0, 10.0),
               -9.508350440633095, (4.795408686623036,),
               HJL + " Problem21: x* = 4.79507, f* = -9.50835"),
    ScalarCase("scalar-hjl-22", "exp(-3x) - sin**3 x on [0, 20]",
               _f(lambda t: np.exp(-3.0 * t) - np.sin(t) ** 3), (0.0, 20.0), -1.0,
               (4.5 * np.pi,),
               HJL + " Problem22: x* = 9 pi/2 = 14.137167, f* = -1 (to 4e-19; the minimum "
               "at 5 pi/2 is 6e-11 higher)"),
    ScalarCase("scalar-quadratic", "the seed's x**2 - 4x + 8 on [0, 5], f* = 4 at 2",
               _f(lambda t: t * t - 4.0 * t + 8.0), (0.0, 5.0), 4.0, (2.0,),
               "seed tutorial (scipy.optimize tour): (x - 2)**2 + 4 on [0, 5]"),
    ScalarCase("scalar-quartic", "x**4 - 3x**3 + 2 on [-1, 4], f* = -1675/256 at 9/4",
               _f(lambda t: t**4 - 3.0 * t**3 + 2.0), (-1.0, 4.0), -1675.0 / 256.0, (2.25,),
               "textbook: f' = x**2 (4x - 9), a stationary inflection at 0 and the minimum "
               "at 9/4, f = 6561/256 - 2187/64 + 2 = -1675/256"),
    ScalarCase("scalar-abs-kink", "|x**2 - 2| on [0, 3], non-smooth minimum 0 at sqrt 2",
               _f(lambda t: abs(t * t - 2.0)), (0.0, 3.0), 0.0, (_SQRT2,),
               "textbook: a kink at the minimiser sqrt 2, where f' jumps from -2 sqrt 2 to "
               "2 sqrt 2"),
)


def _register(case: ScalarCase) -> None:
    def factory() -> Problem:
        return to_problem(case)

    factory.__doc__ = f"{case.summary}.\n\nSource: {case.source}."
    factory.__name__ = case.name.replace("-", "_")
    register(case.name, case.summary)(factory)


for _case in CASES:
    _register(_case)
