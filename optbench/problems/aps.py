"""Scalar equations: the Alefeld-Potra-Shi collection and classic hard cases.

**The collection** (``aps-01`` ... ``aps-15``) is Table I of G. E. Alefeld, F. A. Potra
and Y. Shi, "Algorithm 748: Enclosing zeros of continuous functions", ACM TOMS
21(3):327-344, 1995, the test set behind scipy's ``toms748``: 15 families, each
registered once with its parameters as options, 154 cases in all (`APS_CASES`, every
canonical spec in the paper's order):

====  ===============================================  ====================  =====
  #   f(x)                                             bracket               cases
====  ===============================================  ====================  =====
  1   sin x - x/2                                      [pi/2, pi]                1
  2   -2 sum_{i=1}^{20} (2i - 5)**2 / (x - i**2)**3    [n**2 + 1e-9,            10
                                                       (n + 1)**2 - 1e-9]
  3   a x exp(b x), (a, b) = (-40, -1), (-100, -2),    [-9, 31]                  3
      (-200, -3)
  4   x**n - a: a = 0.2 and a = 1, n = 4, 6, ..., 12   [0, 5]                   10
      on [0, 5]; a = 1, n = 8, 10, 12, 14 shifted      [-0.95, 4.05]             4
  5   sin x - 1/2                                      [0, 1.5]                  1
  6   2x exp(-n) - 2 exp(-nx) + 1, n = 1..5, 20, 40,   [0, 1]                   10
      60, 80, 100
  7   (1 + (1 - n)**2) x - (1 - nx)**2, n = 5, 10, 20  [0, 1]                    3
  8   x**2 - (1 - x)**n, n = 2, 5, 10, 15, 20          [0, 1]                    5
  9   (1 + (1 - n)**4) x - (1 - nx)**4, n = 1, 2, 4,   [0, 1]                    7
      5, 8, 15, 20
 10   exp(-nx) (x - 1) + x**n, n = 1, 5, 10, 15, 20    [0, 1]                    5
 11   (nx - 1) / ((n - 1) x), n = 2, 5, 15, 20         [0.01, 1]                 4
 12   x**(1/n) - n**(1/n), n = 2..6 and 7, 9, ..., 33  [1, 100]                 19
 13   x exp(-1/x**2), 0 at x = 0                       [-1, 4]                   1
 14   (n/20)(x/1.5 + sin x - 1) for x >= 0, -n/20      [-1e4, pi/2]             40
      below, n = 1..40
 15   -0.859 for x < 0, exp((n + 1) x / 2e-3) - 1.859  [-1e4, 1e-4]             31
      for 0 <= x <= 2e-3/(n + 1), e - 1.859 beyond,
      n = 20..40 and 100, 200, ..., 1000
====  ===============================================  ====================  =====

Options: ``aps-02[n=5]``, ``aps-03[a=-100.0,b=-2.0]``, ``aps-04[a=1.0,n=8,shifted=true]``
(``shifted`` is the bracket [-0.95, 4.05]), ``aps-15[n=300]``; a value that is not in
Table I is refused with the valid ones named. Every case has analytic f' and f''
(piecewise where f is; #13's are 0 at and near 0, where ``exp(-1/x**2)`` underflows, so
they are finite everywhere), one root (the one in the bracket) and the open methods'
start at the bracket's midpoint (`ScalarEquation`'s default). f is computed in numpy
float64, so outside its domain (a pole of #2 or #11, x < 0 in #12, an overflowing
exponential) it is inf or nan, never an exception.

**Roots.** Each is the root of the paper's function, its decimal constants (0.2, 1.5,
1.859, 2e-3) taken exactly, found by bisection in mpmath at 60 digits on the bracket and
rounded to the nearest double; the table below holds the literals, so mpmath is not
needed at run time. ``tests/test_aps.py`` checks each against an independent mpmath
solve (to 1e-15, relative) and checks that f changes sign between its neighbouring
doubles. #3 and #13 have the root 0, #4 with a = 1 the root 1, #11 the root 1/n, #12 the
root n, exactly.

**Fixed-point maps** ``g`` (``g(x*) = x*``), given where a natural one contracts at the
root, ``|g'(x*)| < 1``: #1 ``x = 2 sin x`` (|g'| = 0.64); #6 ``x = -log(x exp(-n) +
1/2)/n`` (at most 0.56); #7 ``x = (1 - nx)**2 / (1 + (1 - n)**2)`` (at most 0.48); #9
``x = (1 - nx)**4 / (1 + (1 - n)**4)`` for n >= 4 only (at most 0.17; for n = 1 and 2,
|g'(x*)| = 1.52, so those cases have none).

**Against scipy** (``scipy/optimize/_tstutils.py``, ``get_tests("aps")``, 154 cases).
The paper itself was not at hand; three independent transcriptions of its Table I were
compared: scipy's, Boost.Math's ``test/test_toms748_solve.cpp`` and the Table I test
file of Julia's Roots.jl. All three list the parameter values above, in particular #2
with n = 1..10 (not 1..19) and #12 with n = 2..6, 7, 9, ..., 33 (not the even values
8..32), and the same functions and brackets, but for the first point below; the table
here follows them. This module differs from scipy in:

- the brackets of #14 and #15: scipy starts them at -1000, Boost and Roots.jl (and the
  Fortran roots-fortran tests) at -1e4. -1e4 is followed, as the majority and the usual
  statement of the paper's table have it; the roots lie in both.
- f'' of #2: scipy's ``aps02_fpp`` has the wrong sign (``+24 sum``; it is
  ``-24 sum (2i - 5)**2 / (x - i**2)**5``).
- f'' of #9: scipy's ``aps09_fpp`` is ``-12 n (1 - nx)**2``, short of a factor n
  (``-12 n**2 (1 - nx)**2``; the two agree only for n = 1).
- f'' of #10: scipy's ``aps10_fpp`` has ``-n x`` where ``-n`` belongs
  (``exp(-nx) (n**2 (x - 1) - 2n) + n (n - 1) x**(n - 2)``).
- f' and f'' of #15 outside ``[0, 2e-3/(n + 1)]``: scipy returns ``e - 1.859`` (f's
  value); f is constant there, so they are 0.
- f of #13: scipy returns 0 once ``1/x**2`` exceeds ``log(max double)`` (|x| < 0.0375);
  here the formula is kept until ``exp(-1/x**2)`` underflows (|x| < 0.0366), a
  difference below 1e-308.
- f' of #14 at 0: scipy takes the x < 0 piece (0), this module the paper's x >= 0 piece.
- the roots: 65 of scipy's 154 are 1 ulp from the nearest double to the true root
  (#4 with a = 0.2, n = 12; #5, ``np.pi / 6``; n = 1, 4, 100 of #6; n = 5, 10, 15 of #8;
  n = 4, 8, 15 of #9; n = 10 of #10; all 40 of #14, which share one root; 13 of the 31
  of #15); the other 89 are equal. scipy's functions agree with these to rounding.

**Classics** (`ROOT_CLASSICS`), named ``root-*``: a triple root ``root-triple``, a
double root without a sign change ``root-double`` (no bracket: open methods only), a
flat function ``root-flat`` (solved by the residual anywhere near its root), a cluster
of roots ``root-cluster``, and four equations in fixed-point form ``x = g(x)``, with
``f = x - g(x)``: ``root-dottie`` (x = cos x), ``root-omega`` (x = exp(-x)),
``root-kepler`` (Kepler's equation) and ``root-sqrt-fixed-point`` (scipy's
``fixed_point`` example). Each factory's docstring gives its source.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

import numpy as np

from optbench.problems.options import require
from optbench.problems.registry import PROBLEMS
from optbench.problems.roots import (
    ScalarEquation,
    ScalarFunction,
    register_scalar_equation,
)
from optbench.spec import OptionValue, format_spec

#: A formula in numpy float64 (IEEE arithmetic: inf and nan, never an exception).
Expression = Callable[[np.float64], float]
#: f, f' and f'' as formulas.
Derivatives = tuple[Expression, Expression, Expression]
#: The parameter value (or tuple of values) that keys a table of roots.
Key = TypeVar("Key", bound=Hashable)

TABLE_I = "Alefeld, Potra & Shi (1995), ACM TOMS 21(3):327-344, Table I"
_ROOT_NOTE = "root: bisection in mpmath (60 digits), rounded to the nearest double"


def real(expression: Expression) -> ScalarFunction:
    """A function of floats that evaluates ``expression`` in numpy float64.

    numpy's scalar arithmetic follows IEEE 754: an overflow gives inf, a pole inf, a
    fractional power of a negative number nan (with a warning, which the runner
    silences), where Python's floats would raise. The value is returned as a Python
    float, so numpy scalars never reach the solvers.

    Examples
    --------
    >>> reciprocal = real(lambda x: 1.0 / x)
    >>> reciprocal(4.0), type(reciprocal(4.0)).__name__
    (0.25, 'float')
    >>> with np.errstate(divide="ignore"):
    ...     reciprocal(0.0)
    inf
    """

    def evaluate(t: float) -> float:
        return float(expression(np.float64(t)))

    return evaluate


def power_derivative(x: np.float64, n: int, order: int) -> float:
    """The ``order``-th derivative of ``x**n``: ``n (n - 1) ... x**(n - order)``.

    It is 0 where the coefficient is (``order > n``), without evaluating a negative
    power at 0.

    Examples
    --------
    >>> float(power_derivative(np.float64(2.0), 3, 2)), power_derivative(np.float64(0.0), 1, 2)
    (12.0, 0.0)
    """
    coefficient = math.perm(n, order)
    return coefficient * x ** (n - order) if coefficient else 0.0


def _equation(name: str, derivatives: Derivatives, interval: tuple[float, float] | None,
              roots: tuple[float, ...], source: str, fixed_point: Expression | None = None,
              x0: float | None = None) -> ScalarEquation:
    """A `ScalarEquation` from formulas in float64."""
    f, fprime, fprime2 = (real(expression) for expression in derivatives)
    return ScalarEquation(
        name=name, f=f, interval=interval, roots=roots, source=source, fprime=fprime,
        fprime2=fprime2, fixed_point=None if fixed_point is None else real(fixed_point),
        x0=x0,
    )


def _aps(number: int, parameters: str, derivatives: Derivatives,
         interval: tuple[float, float], root: float,
         fixed_point: Expression | None = None) -> ScalarEquation:
    """Problem ``number`` of Table I with its parameters (text), bracket and root."""
    where = f"problem {number}" + (f", {parameters}" if parameters else "")
    return _equation(f"aps-{number:02d}", derivatives, interval, (root,),
                     f"{TABLE_I}, {where}; {_ROOT_NOTE}", fixed_point)


def table_root(name: str, label: str, key: Key, table: Mapping[Key, float]) -> float:
    """The root that ``table`` holds for ``key``; other keys are refused, naming the valid.

    Examples
    --------
    >>> table_root("aps-07", "option n", 5, _ROOTS_07)
    0.0384025518406219
    >>> table_root("aps-07", "option n", 6, _ROOTS_07)
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: problem 'aps-07': option n must be one of 5, 10, 20 ...
    """
    valid = ", ".join(str(k) for k in table)
    require(key in table, name, f"{label} must be one of {valid} (Table I); got {key}")
    return table[key]


_ROOT_01 = 1.895494267033981
_ROOTS_02 = {1: 3.0229153472730568, 2: 6.6837535608080785, 3: 11.238701655002211,
             4: 19.67600008062341, 5: 29.828227326504756, 6: 41.906116195289414,
             7: 55.95359580014309, 8: 71.9856655865878, 9: 90.00886853916667,
             10: 110.0265327483302}
_ROOTS_03 = {(-40.0, -1.0): 0.0, (-100.0, -2.0): 0.0, (-200.0, -3.0): 0.0}
_ROOTS_04 = {(0.2, 4): 0.668740304976422, (0.2, 6): 0.76472449133173,
             (0.2, 8): 0.8177654339579425, (0.2, 10): 0.8513399225207846,
             (0.2, 12): 0.8744852722211678, (1.0, 4): 1.0, (1.0, 6): 1.0, (1.0, 8): 1.0,
             (1.0, 10): 1.0, (1.0, 12): 1.0}
_ROOTS_04_SHIFTED = {(1.0, 8): 1.0, (1.0, 10): 1.0, (1.0, 12): 1.0, (1.0, 14): 1.0}
_ROOT_05 = 0.5235987755982989
_ROOTS_06 = {1: 0.42247770964123665, 2: 0.3066994104832037, 3: 0.22370545765466296,
             4: 0.1717191475195084, 5: 0.13825715505682407, 20: 0.03465735902085385,
             40: 0.01732867951399863, 60: 0.011552453009332421, 80: 0.008664339756999316,
             100: 0.006931471805599453}
_ROOTS_07 = {5: 0.0384025518406219, 10: 0.0099000099980005, 20: 0.0024937500390620117}
_ROOTS_08 = {2: 0.5, 5: 0.345954815848242, 10: 0.24512233375330725, 15: 0.1955476235365656,
             20: 0.16492095727644096}
_ROOTS_09 = {1: 0.2755080409994844, 2: 0.1377540204997422, 4: 0.010305283778156444,
             5: 0.0036171081789040634, 8: 0.00041087291849639543, 15: 2.5989575892907626e-05,
             20: 7.668595122185337e-06}
_ROOTS_10 = {1: 0.401058137541547, 5: 0.5161535187579336, 10: 0.5395222269084159,
             15: 0.5481822943406552, 20: 0.5527046666784878}
_ROOTS_11 = {2: 0.5, 5: 0.2, 15: 0.06666666666666667, 20: 0.05}
_ROOTS_12 = {n: float(n) for n in (2, 3, 4, 5, 6, *range(7, 34, 2))}
_ROOT_13 = 0.0
_ROOTS_14 = dict.fromkeys(range(1, 41), 0.6238065189616123)
_ROOTS_15 = {20: 5.905130559421971e-05, 21: 5.6367155339937e-05, 22: 5.391640945559191e-05,
             23: 5.166989239494225e-05, 24: 4.9603096699144554e-05,
             25: 4.7695285287638995e-05, 26: 4.5928793239948666e-05,
             27: 4.4288479195664784e-05, 28: 4.276129025788324e-05,
             29: 4.1335913915953796e-05, 30: 4.00024973380198e-05, 31: 3.875241929620669e-05,
             32: 3.7578103559958e-05, 33: 3.6472865219959236e-05, 34: 3.543078335653183e-05,
             35: 3.44465949299615e-05, 36: 3.351560587780038e-05, 37: 3.2633616249437206e-05,
             38: 3.1796856858426e-05, 39: 3.1001935436965345e-05, 40: 3.0245790670210097e-05,
             100: 1.2277994232461525e-05, 200: 6.169539390440865e-06,
             300: 4.1198585298292825e-06, 400: 3.092462387727217e-06,
             500: 2.475204426105018e-06, 600: 2.063356767851271e-06,
             700: 1.7690120078154265e-06, 800: 1.54816156988591e-06,
             900: 1.3763345366022351e-06, 1000: 1.2388385788997142e-06}


@register_scalar_equation("aps-01", "Alefeld-Potra-Shi 1: sin x - x/2 on [pi/2, pi]")
def aps_01() -> ScalarEquation:
    """Problem 1: ``sin x - x/2`` on [pi/2, pi]; fixed-point map ``x = 2 sin x``.

    Examples
    --------
    >>> equation = aps_01()
    >>> equation.roots, round(equation.f(equation.roots[0]), 15)
    ((1.895494267033981,), 0.0)
    """
    return _aps(1, "", (lambda x: np.sin(x) - x / 2.0, lambda x: np.cos(x) - 0.5,
                        lambda x: -np.sin(x)),
                (np.pi / 2.0, np.pi), _ROOT_01, fixed_point=lambda x: 2.0 * np.sin(x))


_I = np.arange(1.0, 21.0)
_WEIGHTS_02, _POLES_02 = (2.0 * _I - 5.0) ** 2, _I**2


def _poles(x: np.float64, power: int) -> float:
    """``sum_{i=1}^{20} (2i - 5)**2 / (x - i**2)**power``, problem 2's sums."""
    return float(np.sum(_WEIGHTS_02 / (x - _POLES_02) ** power))


@register_scalar_equation("aps-02", "Alefeld-Potra-Shi 2: -2 sum (2i-5)^2/(x-i^2)^3 between "
                          "the poles n^2 and (n+1)^2, n = 1..10")
def aps_02(n: int = 1) -> ScalarEquation:
    """Problem 2: ``-2 sum_{i=1}^{20} (2i - 5)**2 / (x - i**2)**3`` between two poles.

    The bracket is ``[n**2 + 1e-9, (n + 1)**2 - 1e-9]``, n = 1, ..., 10.
    """
    root = table_root("aps-02", "option n", n, _ROOTS_02)
    return _aps(2, f"n = {n}", (lambda x: -2.0 * _poles(x, 3), lambda x: 6.0 * _poles(x, 4),
                                lambda x: -24.0 * _poles(x, 5)),
                (n * n + 1e-9, (n + 1) ** 2 - 1e-9), root)


@register_scalar_equation("aps-03", "Alefeld-Potra-Shi 3: a x exp(b x) on [-9, 31], (a, b) = "
                          "(-40, -1), (-100, -2), (-200, -3)")
def aps_03(a: float = -40.0, b: float = -1.0) -> ScalarEquation:
    """Problem 3: ``a x exp(b x)`` on [-9, 31], rapidly changing at its root 0."""
    root = table_root("aps-03", "options (a, b)", (a, b), _ROOTS_03)
    return _aps(3, f"a = {a:g}, b = {b:g}",
                (lambda x: a * x * np.exp(b * x), lambda x: a * (1.0 + b * x) * np.exp(b * x),
                 lambda x: a * b * (2.0 + b * x) * np.exp(b * x)),
                (-9.0, 31.0), root)


@register_scalar_equation("aps-04", "Alefeld-Potra-Shi 4: x^n - a on [0, 5] (a = 0.2, 1; n = "
                          "4..12 even) or shifted to [-0.95, 4.05] (a = 1; n = 8..14 even)")
def aps_04(a: float = 0.2, n: int = 4, shifted: bool = False) -> ScalarEquation:
    """Problem 4: ``x**n - a`` on [0, 5], or on [-0.95, 4.05] with ``shifted=true``.

    Examples
    --------
    >>> aps_04(a=1.0, n=8, shifted=True).interval
    (-0.95, 4.05)
    """
    table, label = ((_ROOTS_04_SHIFTED, "with shifted=true, options (a, n)") if shifted
                    else (_ROOTS_04, "options (a, n)"))
    root = table_root("aps-04", label, (a, n), table)
    interval = (-0.95, 4.05) if shifted else (0.0, 5.0)
    return _aps(4, f"a = {a:g}, n = {n}, bracket [{interval[0]:g}, {interval[1]:g}]",
                (lambda x: x**n - a, lambda x: power_derivative(x, n, 1),
                 lambda x: power_derivative(x, n, 2)),
                interval, root)


@register_scalar_equation("aps-05", "Alefeld-Potra-Shi 5: sin x - 1/2 on [0, 1.5]")
def aps_05() -> ScalarEquation:
    """Problem 5: ``sin x - 1/2`` on [0, 1.5], root pi/6."""
    return _aps(5, "", (lambda x: np.sin(x) - 0.5, np.cos, lambda x: -np.sin(x)),
                (0.0, 1.5), _ROOT_05)


@register_scalar_equation("aps-06", "Alefeld-Potra-Shi 6: 2x exp(-n) - 2 exp(-nx) + 1 on [0, 1], "
                          "n = 1..5, 20, 40, 60, 80, 100")
def aps_06(n: int = 1) -> ScalarEquation:
    """Problem 6: ``2x exp(-n) - 2 exp(-nx) + 1`` on [0, 1].

    Fixed-point map ``x = -log(x exp(-n) + 1/2) / n`` (the equation solved for
    ``exp(-nx)``), ``|g'(x*)| = exp(-n (1 - x*)) / n``, at most 0.56.
    """
    root = table_root("aps-06", "option n", n, _ROOTS_06)
    tail = math.exp(-n)
    return _aps(6, f"n = {n}",
                (lambda x: 2.0 * x * tail - 2.0 * np.exp(-n * x) + 1.0,
                 lambda x: 2.0 * tail + 2.0 * n * np.exp(-n * x),
                 lambda x: -2.0 * n * n * np.exp(-n * x)),
                (0.0, 1.0), root, fixed_point=lambda x: -np.log(x * tail + 0.5) / n)


def _hump(n: int, p: int) -> tuple[Derivatives, Expression]:
    """Problems 7 (p = 2) and 9 (p = 4): ``c x - (1 - nx)**p``, ``c = 1 + (1 - n)**p``.

    Returns f, f', f'' and the fixed-point map ``x = (1 - nx)**p / c``.
    """
    c = 1.0 + (1.0 - n) ** p
    derivatives: Derivatives = (
        lambda x: c * x - (1.0 - n * x) ** p,
        lambda x: c + p * n * (1.0 - n * x) ** (p - 1),
        lambda x: -p * (p - 1) * n * n * (1.0 - n * x) ** (p - 2),
    )
    return derivatives, lambda x: (1.0 - n * x) ** p / c


@register_scalar_equation("aps-07", "Alefeld-Potra-Shi 7: (1 + (1-n)^2) x - (1 - nx)^2 on "
                          "[0, 1], n = 5, 10, 20")
def aps_07(n: int = 5) -> ScalarEquation:
    """Problem 7: ``(1 + (1 - n)**2) x - (1 - nx)**2`` on [0, 1].

    Fixed-point map ``x = (1 - nx)**2 / (1 + (1 - n)**2)``, ``|g'(x*)|`` at most 0.48.
    """
    root = table_root("aps-07", "option n", n, _ROOTS_07)
    derivatives, fixed_point = _hump(n, 2)
    return _aps(7, f"n = {n}", derivatives, (0.0, 1.0), root, fixed_point=fixed_point)


@register_scalar_equation("aps-08", "Alefeld-Potra-Shi 8: x^2 - (1 - x)^n on [0, 1], n = 2, 5, "
                          "10, 15, 20")
def aps_08(n: int = 2) -> ScalarEquation:
    """Problem 8: ``x**2 - (1 - x)**n`` on [0, 1]."""
    root = table_root("aps-08", "option n", n, _ROOTS_08)
    return _aps(8, f"n = {n}",
                (lambda x: x * x - (1.0 - x) ** n,
                 lambda x: 2.0 * x + power_derivative(1.0 - x, n, 1),
                 lambda x: 2.0 - power_derivative(1.0 - x, n, 2)),
                (0.0, 1.0), root)


#: Problem 9's fixed-point map contracts at the root for n >= 4 only (|g'| = 1.52 below).
_CONTRACTS_09 = frozenset({4, 5, 8, 15, 20})


@register_scalar_equation("aps-09", "Alefeld-Potra-Shi 9: (1 + (1-n)^4) x - (1 - nx)^4 on "
                          "[0, 1], n = 1, 2, 4, 5, 8, 15, 20")
def aps_09(n: int = 1) -> ScalarEquation:
    """Problem 9: ``(1 + (1 - n)**4) x - (1 - nx)**4`` on [0, 1].

    Fixed-point map ``x = (1 - nx)**4 / (1 + (1 - n)**4)`` for n >= 4 (``|g'(x*)|`` at
    most 0.17); for n = 1 and 2 it does not contract (``|g'(x*)| = 1.52``) and is left out.
    """
    root = table_root("aps-09", "option n", n, _ROOTS_09)
    derivatives, fixed_point = _hump(n, 4)
    return _aps(9, f"n = {n}", derivatives, (0.0, 1.0), root,
                fixed_point=fixed_point if n in _CONTRACTS_09 else None)


@register_scalar_equation("aps-10", "Alefeld-Potra-Shi 10: exp(-nx)(x - 1) + x^n on [0, 1], "
                          "n = 1, 5, 10, 15, 20")
def aps_10(n: int = 1) -> ScalarEquation:
    """Problem 10: ``exp(-nx) (x - 1) + x**n`` on [0, 1]."""
    root = table_root("aps-10", "option n", n, _ROOTS_10)
    return _aps(10, f"n = {n}",
                (lambda x: np.exp(-n * x) * (x - 1.0) + x**n,
                 lambda x: np.exp(-n * x) * (1.0 - n * (x - 1.0)) + power_derivative(x, n, 1),
                 lambda x: (np.exp(-n * x) * (n * n * (x - 1.0) - 2.0 * n)
                            + power_derivative(x, n, 2))),
                (0.0, 1.0), root)


@register_scalar_equation("aps-11", "Alefeld-Potra-Shi 11: (nx - 1)/((n - 1) x) on [0.01, 1], "
                          "n = 2, 5, 15, 20")
def aps_11(n: int = 2) -> ScalarEquation:
    """Problem 11: ``(nx - 1) / ((n - 1) x)`` on [0.01, 1], a pole at 0, root 1/n."""
    root = table_root("aps-11", "option n", n, _ROOTS_11)
    return _aps(11, f"n = {n}",
                (lambda x: (n * x - 1.0) / ((n - 1.0) * x), lambda x: 1.0 / ((n - 1.0) * x * x),
                 lambda x: -2.0 / ((n - 1.0) * x**3)),
                (0.01, 1.0), root)


@register_scalar_equation("aps-12", "Alefeld-Potra-Shi 12: x^(1/n) - n^(1/n) on [1, 100], "
                          "n = 2..6 and 7, 9, ..., 33")
def aps_12(n: int = 2) -> ScalarEquation:
    """Problem 12: ``x**(1/n) - n**(1/n)`` on [1, 100], root n."""
    root = table_root("aps-12", "option n", n, _ROOTS_12)
    r = 1.0 / n
    return _aps(12, f"n = {n}",
                (lambda x: x**r - n**r, lambda x: r * x ** (r - 1.0),
                 lambda x: r * (r - 1.0) * x ** (r - 2.0)),
                (1.0, 100.0), root)


#: ``exp(-1/x**2)`` is 0 in double precision once ``x**2 <= 1/746`` (|x| < 0.0366).
_UNDERFLOW_13 = 1.0 / 746.0


def _flat(x: np.float64, factor: Callable[[np.float64], float]) -> float:
    """``factor(x) exp(-1/x**2)``, 0 where the exponential underflows (0 included)."""
    if x * x <= _UNDERFLOW_13:
        return 0.0
    return factor(x) * np.exp(-1.0 / (x * x))


@register_scalar_equation("aps-13", "Alefeld-Potra-Shi 13: x exp(-1/x^2) on [-1, 4], every "
                          "derivative 0 at the root 0")
def aps_13() -> ScalarEquation:
    """Problem 13: ``x exp(-1/x**2)`` (0 at 0) on [-1, 4]; judge a solve by ``|f|``.

    f' = ``(1 + 2/x**2) exp(-1/x**2)`` and f'' = ``2 (2 - x**2) / x**5 exp(-1/x**2)`` are
    0 at and near 0, where the exponential underflows, so all three are finite.

    Examples
    --------
    >>> equation = aps_13()
    >>> equation.f(0.0), equation.fprime(0.0), equation.fprime2(1e-200)
    (0.0, 0.0, 0.0)
    """
    return _aps(13, "", (lambda x: _flat(x, lambda t: t),
                         lambda x: _flat(x, lambda t: 1.0 + 2.0 / (t * t)),
                         lambda x: _flat(x, lambda t: 2.0 * (2.0 - t * t) / t**5)),
                (-1.0, 4.0), _ROOT_13)


@register_scalar_equation("aps-14", "Alefeld-Potra-Shi 14: (n/20)(x/1.5 + sin x - 1), -n/20 for "
                          "x < 0, on [-1e4, pi/2], n = 1..40")
def aps_14(n: int = 1) -> ScalarEquation:
    """Problem 14: ``(n/20)(x/1.5 + sin x - 1)`` for x >= 0, ``-n/20`` for x < 0.

    The bracket is [-1e4, pi/2] (scipy's is [-1000, pi/2]); f' and f'' are 0 for x < 0.
    """
    root = table_root("aps-14", "option n", n, _ROOTS_14)
    s = n / 20.0
    return _aps(14, f"n = {n}",
                (lambda x: s * (x / 1.5 + np.sin(x) - 1.0) if x >= 0.0 else -s,
                 lambda x: s * (1.0 / 1.5 + np.cos(x)) if x >= 0.0 else 0.0,
                 lambda x: -s * np.sin(x) if x >= 0.0 else 0.0),
                (-1e4, np.pi / 2.0), root)


def _ramp(x: np.float64, end: float, low: float, middle: Expression, high: float) -> float:
    """Problem 15's pieces: ``low`` for x < 0, ``middle(x)`` up to ``end``, ``high`` beyond."""
    if x < 0.0:
        return low
    return middle(x) if x <= end else high


@register_scalar_equation("aps-15", "Alefeld-Potra-Shi 15: exp((n+1)x/2e-3) - 1.859 between "
                          "-0.859 and e - 1.859, on [-1e4, 1e-4], n = 20..40, 100..1000")
def aps_15(n: int = 20) -> ScalarEquation:
    """Problem 15: -0.859 for x < 0, ``exp((n + 1) x / 2e-3) - 1.859`` up to
    ``2e-3 / (n + 1)``, ``e - 1.859`` beyond; bracket [-1e4, 1e-4] (scipy: [-1000, 1e-4]).

    f' and f'' are 0 on the two constant pieces.
    """
    root = table_root("aps-15", "option n", n, _ROOTS_15)
    rate, end = (n + 1) / 2e-3, 2e-3 / (n + 1)
    return _aps(15, f"n = {n}",
                (lambda x: _ramp(x, end, -0.859, lambda t: np.exp(rate * t) - 1.859,
                                 math.e - 1.859),
                 lambda x: _ramp(x, end, 0.0, lambda t: rate * np.exp(rate * t), 0.0),
                 lambda x: _ramp(x, end, 0.0, lambda t: rate * rate * np.exp(rate * t), 0.0)),
                (-1e4, 1e-4), root)


def _canonical(name: str, **options: OptionValue) -> str:
    """The canonical spec of ``name`` with ``options`` (defaults dropped)."""
    return PROBLEMS.resolve(format_spec(name, options))[0]


def _cases(name: str, keys: tuple[str, ...], table: Mapping[Key, float],
           **fixed: OptionValue) -> list[str]:
    """The canonical specs of a family, one for each parameter value in ``table``."""
    rows = [key if isinstance(key, tuple) else (key,) for key in table]
    return [_canonical(name, **dict(zip(keys, row, strict=True)), **fixed) for row in rows]


#: Every case of Table I as a canonical spec, in the paper's order: 154 of them.
APS_CASES: tuple[str, ...] = (
    "aps-01", *_cases("aps-02", ("n",), _ROOTS_02), *_cases("aps-03", ("a", "b"), _ROOTS_03),
    *_cases("aps-04", ("a", "n"), _ROOTS_04),
    *_cases("aps-04", ("a", "n"), _ROOTS_04_SHIFTED, shifted=True), "aps-05",
    *_cases("aps-06", ("n",), _ROOTS_06), *_cases("aps-07", ("n",), _ROOTS_07),
    *_cases("aps-08", ("n",), _ROOTS_08), *_cases("aps-09", ("n",), _ROOTS_09),
    *_cases("aps-10", ("n",), _ROOTS_10), *_cases("aps-11", ("n",), _ROOTS_11),
    *_cases("aps-12", ("n",), _ROOTS_12), "aps-13", *_cases("aps-14", ("n",), _ROOTS_14),
    *_cases("aps-15", ("n",), _ROOTS_15),
)


@register_scalar_equation("root-triple", "(x - 3)^3 on [0, 5]: a triple root (Chandrupatla 1997)")
def root_triple() -> ScalarEquation:
    """``(x - 3)**3`` on [0, 5]: a triple root, where f' and f'' vanish too.

    Source: T. R. Chandrupatla, "A new hybrid quadratic/bisection algorithm for finding
    the zero of a nonlinear function without using derivatives", Advances in
    Engineering Software 28(3):145-149, 1997, test function 3 (``fun3`` in scipy's
    ``_tstutils``). Newton converges only linearly (ratio 2/3).
    """
    return _equation("root-triple", (lambda x: (x - 3.0) ** 3, lambda x: 3.0 * (x - 3.0) ** 2,
                                     lambda x: 6.0 * (x - 3.0)),
                     (0.0, 5.0), (3.0,), "Chandrupatla (1997), Adv. Eng. Software 28(3):145-149, "
                     "test function 3: (x - 3)**3 on [0, 5]; a triple root at 3")


@register_scalar_equation("root-double", "exp(x) - x - 1 from x0 = 1: a double root at 0, no "
                          "sign change (open methods only)")
def root_double() -> ScalarEquation:
    """``exp(x) - x - 1`` from x0 = 1: a double root at 0 and no sign change.

    f >= 0 everywhere, so there is no bracket (``interval=None``): only the open methods
    apply, and Newton converges linearly (ratio 1/2). f is computed as ``expm1(x) - x``,
    which keeps its relative accuracy near 0. Source: R. L. Burden and J. D. Faires,
    *Numerical Analysis*, Section 2.4 (multiple roots), the example ``e**x - x - 1``
    from p0 = 1.
    """
    return _equation("root-double", (lambda x: np.expm1(x) - x, np.expm1, np.exp), None,
                     (0.0,), "Burden & Faires, Numerical Analysis, Section 2.4: exp(x) - x - 1, "
                     "a zero of multiplicity 2 at 0, from p0 = 1", x0=1.0)


@register_scalar_equation("root-flat", "x^9 on [-1, 4]: flat at its root 0, solved by the "
                          "residual within 0.2 of it (Chandrupatla 1997)")
def root_flat() -> ScalarEquation:
    """``x**9`` on [-1, 4]: so flat at its root 0 that ``|f| < 1e-6`` for ``|x| < 0.215``.

    A solve is judged by the residual; the distance to 0 says little. Source:
    Chandrupatla (1997), test function 5 (``fun5`` in scipy's ``_tstutils``).
    """
    return _equation("root-flat", (lambda x: x**9, lambda x: 9.0 * x**8, lambda x: 72.0 * x**7),
                     (-1.0, 4.0), (0.0,), "Chandrupatla (1997), Adv. Eng. Software 28(3):"
                     "145-149, test function 5: x**9 on [-1, 4]; a root of multiplicity 9 at 0")


#: The cluster's scale: its roots are ``1 + j / 1024``, j = 0, ..., 19.
_CLUSTER_SCALE = 1024.0
_CLUSTER_ROOTS = tuple(1.0 + j / _CLUSTER_SCALE for j in range(20))


def _cluster(x: np.float64, order: int) -> float:
    """The ``order``-th derivative of ``prod_{j=0}^{19} (u - j)``, ``u = 1024 (x - 1)``.

    Product form, with the derivatives accumulated factor by factor (no division by
    ``u - j``, so exact at the roots).
    """
    u = (x - 1.0) * _CLUSTER_SCALE
    p, dp, d2p = 1.0, 0.0, 0.0
    for j in range(20):
        d2p, dp, p = d2p * (u - j) + 2.0 * dp, dp * (u - j) + p, p * (u - j)
    return (p, dp * _CLUSTER_SCALE, d2p * _CLUSTER_SCALE**2)[order]


@register_scalar_equation("root-cluster", "Wilkinson's W20 with its roots clustered at 1 + "
                          "j/1024: a bracket around 1 + 15/1024")
def root_cluster() -> ScalarEquation:
    """Wilkinson's ``W20(t) = prod_{i=1}^{20} (t - i)`` with its roots moved to a cluster.

    ``f(x) = W20(1024 (x - 1) + 1)``: 20 simple roots ``1 + j/1024``, j = 0, ..., 19,
    within 0.019, and the bracket ``[1 + 14.5/1024, 1 + 15.5/1024]`` around
    ``1 + 15/1024``. f is evaluated in product form, so accurately; what is hard is the
    cluster's scale: |f| reaches 1e12 between roots and ``|f'| = 3e16`` at the bracketed
    one, so a solve is judged by its distance to a root (all 20 are listed). The open
    methods start outside the cluster, at 1.05, where they see a root of multiplicity
    about 20: Newton takes 40 steps to the outermost root, ``1 + 19/1024``. Source:
    J. H. Wilkinson, "The evaluation of the zeros of ill-conditioned polynomials. Part I",
    Numerische Mathematik 1:150-166, 1959 (the polynomial; the cluster is this module's).
    """
    bracket = (1.0 + 14.5 / _CLUSTER_SCALE, 1.0 + 15.5 / _CLUSTER_SCALE)
    return _equation("root-cluster", (lambda x: _cluster(x, 0), lambda x: _cluster(x, 1),
                                      lambda x: _cluster(x, 2)),
                     bracket, _CLUSTER_ROOTS, "Wilkinson (1959), Numer. Math. 1:150-166: "
                     "W20 = prod (t - i), i = 1..20, at t = 1024 (x - 1) + 1 (roots 1 + j/1024, "
                     "j = 0..19), bracket around 1 + 15/1024, x0 = 1.05; roots exact", x0=1.05)


def _fixed_point_equation(name: str, mapping: Derivatives, interval: tuple[float, float],
                          root: float, source: str, x0: float | None = None) -> ScalarEquation:
    """``x = g(x)`` as ``f(x) = x - g(x) = 0``, with g, g' and g'' given as ``mapping``."""
    g, gprime, gprime2 = mapping
    return _equation(name, (lambda x: x - g(x), lambda x: 1.0 - gprime(x),
                            lambda x: -gprime2(x)),
                     interval, (root,), source, fixed_point=g, x0=x0)


@register_scalar_equation("root-dottie", "x = cos x on [0, 1]: the Dottie number 0.739085...")
def root_dottie() -> ScalarEquation:
    """``x = cos x``, f = ``x - cos x`` on [0, 1]; the fixed point is the Dottie number.

    ``|g'(x*)| = sin(x*) = 0.674``. Source: S. R. Kaplan, "The Dottie number",
    Mathematics Magazine 80(1):73-74, 2007.
    """
    return _fixed_point_equation(
        "root-dottie", (np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)), (0.0, 1.0),
        0.7390851332151607, "x = cos x, the Dottie number 0.7390851332151607 (Kaplan, "
        "Math. Magazine 80(1):73-74, 2007); root by mpmath, rounded to the nearest double")


@register_scalar_equation("root-omega", "x = exp(-x) on [0, 1]: the omega constant W(1) = "
                          "0.567143...")
def root_omega() -> ScalarEquation:
    """``x = exp(-x)``, f = ``x - exp(-x)`` on [0, 1]; the fixed point is W(1).

    The omega constant, the value at 1 of Lambert's W; ``|g'(x*)| = x* = 0.567``.
    Source: R. M. Corless, G. H. Gonnet, D. E. G. Hare, D. J. Jeffrey and D. E. Knuth,
    "On the Lambert W function", Advances in Computational Mathematics 5:329-359, 1996.
    """
    return _fixed_point_equation(
        "root-omega", (lambda x: np.exp(-x), lambda x: -np.exp(-x), lambda x: np.exp(-x)),
        (0.0, 1.0), 0.5671432904097838, "x = exp(-x), the omega constant W(1) = "
        "0.5671432904097838 (Corless et al., Adv. Comput. Math. 5:329-359, 1996); root by "
        "mpmath, rounded to the nearest double")


#: Kepler's equation in Meeus's example 30.a: eccentricity 0.1, mean anomaly 5 degrees.
_KEPLER_E, _KEPLER_M = 0.1, math.radians(5.0)


@register_scalar_equation("root-kepler", "Kepler's equation E - e sin E = M, e = 0.1, M = 5 "
                          "degrees, as E = M + e sin E (Meeus, example 30.a)")
def root_kepler() -> ScalarEquation:
    """Kepler's equation ``E - e sin E = M`` with e = 0.1, M = 5 degrees, from E0 = M.

    The fixed-point map is ``g(E) = M + e sin E`` (``|g'| <= e``), f = ``E - e sin E -
    M``; the bracket ``[M, M + e]`` holds the root, since ``E - M = e sin E`` lies in
    [0, e]. E* = 0.0969458710759671 rad = 5.554589 degrees, the nearest double to the
    root for e = 1/10 and M = 5 pi/180 exactly (f uses their doubles). Source: J. Meeus,
    *Astronomical Algorithms*, 2nd ed., Willmann-Bell, 1998, chapter 30, example 30.a.
    """
    e, m = _KEPLER_E, _KEPLER_M
    return _fixed_point_equation(
        "root-kepler", (lambda x: m + e * np.sin(x), lambda x: e * np.cos(x),
                        lambda x: -e * np.sin(x)),
        (m, m + e), 0.0969458710759671, "Kepler's equation E - e sin E = M, e = 0.1, "
        "M = 5 degrees (Meeus, Astronomical Algorithms, 2nd ed., example 30.a: E = 5.554589 "
        "degrees); root by mpmath for e = 1/10, M = 5 pi/180, rounded to the nearest double",
        x0=m)


@register_scalar_equation("root-sqrt-fixed-point", "x = sqrt(10/(x + 3)) from 1.2, scipy's "
                          "fixed_point example: 1.4920333...")
def root_sqrt_fixed_point() -> ScalarEquation:
    """``x = sqrt(c1 / (x + c2))``, c1 = 10, c2 = 3, from x0 = 1.2, on [1, 2].

    The example in ``scipy.optimize.fixed_point``'s docstring (its first component:
    ``c1 = 10``, ``c2 = 3``, start 1.2, fixed point 1.4920333), the real root of
    ``x**3 + 3 x**2 - 10``; ``|g'(x*)| = 0.17``.
    """
    c1, c2 = 10.0, 3.0
    return _fixed_point_equation(
        "root-sqrt-fixed-point",
        (lambda x: np.sqrt(c1 / (x + c2)), lambda x: -0.5 * np.sqrt(c1) * (x + c2) ** -1.5,
         lambda x: 0.75 * np.sqrt(c1) * (x + c2) ** -2.5),
        (1.0, 2.0), 1.4920333011718165, "scipy.optimize.fixed_point docstring example: "
        "x = sqrt(c1/(x + c2)), c1 = 10, c2 = 3, x0 = 1.2 (fixed point 1.4920333); root of "
        "x**3 + 3x**2 - 10 by mpmath, rounded to the nearest double", x0=1.2)


#: The classic cases, in this module's order.
ROOT_CLASSICS: tuple[str, ...] = (
    "root-triple", "root-double", "root-flat", "root-cluster", "root-dottie", "root-omega",
    "root-kepler", "root-sqrt-fixed-point",
)
