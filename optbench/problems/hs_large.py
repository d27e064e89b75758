"""Hock-Schittkowski problems with three variables and more (26-110, a selection).

From Hock & Schittkowski (1981), Test Examples for Nonlinear Programming Codes, Lecture
Notes in Economics and Mathematical Systems 187, Springer: bound-only (38, 45, 110),
linear equalities (28, 48), nonlinear equalities (26, 27, 39, 40, 42, 46, 77, 78, 79),
inequalities (29, 35, 43) and both (71). Where the book prints a truncated optimum,
optbench ships the full-precision value (`hs_common.POLISHED`), verified by
``tests/test_hock_schittkowski.py``.

Problem 25 (the Gulf function on a box) is left out: its gradient at the book's x0 is
about 1e-8 where f = 32.835, below what central differences resolve in double precision
(rounding noise eps |f| / h), so ``optbench check`` (tests/test_checks.py) cannot confirm
it there, although it agrees with 40-digit differentiation.
"""

from __future__ import annotations

import math

import numpy as np

from optbench.families import HOCK_SCHITTKOWSKI
from optbench.problems.base import Problem, Vector
from optbench.problems.hs_common import POLISHED, hs_problem, product_of_others
from optbench.problems.registry import PROBLEMS

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(HOCK_SCHITTKOWSKI)

SQRT2 = math.sqrt(2.0)

@register("hs-026", "HS 26: (x1 - x2)^2 + (x2 - x3)^4 on a quartic surface, f* = 0")
def hs_026() -> Problem:
    """Hock & Schittkowski (1981) problem 26."""
    return hs_problem(
        26, lambda x: (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 4,
        lambda x: [2.0 * (x[0] - x[1]), -2.0 * (x[0] - x[1]) + 4.0 * (x[1] - x[2]) ** 3,
                   -4.0 * (x[1] - x[2]) ** 3],
        [-2.6, 2.0, 2.0], 0.0, [[1.0, 1.0, 1.0]],
        eq=(lambda x: [(1.0 + x[1] ** 2) * x[0] + x[2] ** 4 - 3.0],
            lambda x: [1.0 + x[1] ** 2, 2.0 * x[0] * x[1], 4.0 * x[2] ** 3]))


@register("hs-027", "HS 27: a Rosenbrock-like valley on x1 + x3^2 = -1, f* = 0.04")
def hs_027() -> Problem:
    """Hock & Schittkowski (1981) problem 27."""
    return hs_problem(
        27, lambda x: 0.01 * (x[0] - 1.0) ** 2 + (x[1] - x[0] ** 2) ** 2,
        lambda x: [0.02 * (x[0] - 1.0) - 4.0 * x[0] * (x[1] - x[0] ** 2),
                   2.0 * (x[1] - x[0] ** 2), 0.0],
        [2.0, 2.0, 2.0], 0.04, [[-1.0, 1.0, 0.0]],
        eq=(lambda x: [x[0] + x[2] ** 2 + 1.0], lambda x: [1.0, 0.0, 2.0 * x[2]]))


@register("hs-028", "HS 28: a convex quadratic on a plane, f* = 0")
def hs_028() -> Problem:
    """Hock & Schittkowski (1981) problem 28."""
    return hs_problem(
        28, lambda x: (x[0] + x[1]) ** 2 + (x[1] + x[2]) ** 2,
        lambda x: [2.0 * (x[0] + x[1]), 2.0 * (x[0] + 2.0 * x[1] + x[2]), 2.0 * (x[1] + x[2])],
        [-4.0, 1.0, 1.0], 0.0, [[0.5, -0.5, 0.5]],
        eq=(lambda x: [x[0] + 2.0 * x[1] + 3.0 * x[2] - 1.0], lambda x: [1.0, 2.0, 3.0]))


@register("hs-029", "HS 29: the largest box in an ellipsoid, f* = -16 sqrt(2)")
def hs_029() -> Problem:
    """Hock & Schittkowski (1981) problem 29: four minimisers (+-4, +-2 sqrt 2, +-2)."""
    s = 2.0 * SQRT2
    return hs_problem(
        29, lambda x: -x[0] * x[1] * x[2], lambda x: -product_of_others(x), [1.0, 1.0, 1.0],
        -16.0 * SQRT2, [[4.0, s, 2.0], [4.0, -s, -2.0], [-4.0, s, -2.0], [-4.0, -s, 2.0]],
        ineq=(lambda x: [48.0 - x[0] ** 2 - 2.0 * x[1] ** 2 - 4.0 * x[2] ** 2],
              lambda x: [-2.0 * x[0], -4.0 * x[1], -8.0 * x[2]]))


@register("hs-035", "HS 35: Beale's convex QP, one linear inequality, f* = 1/9")
def hs_035() -> Problem:
    """Hock & Schittkowski (1981) problem 35: x* = (4/3, 7/9, 4/9)."""
    return hs_problem(
        35, lambda x: (9.0 - 8.0 * x[0] - 6.0 * x[1] - 4.0 * x[2] + 2.0 * x[0] ** 2
                       + 2.0 * x[1] ** 2 + x[2] ** 2 + 2.0 * x[0] * x[1] + 2.0 * x[0] * x[2]),
        lambda x: [-8.0 + 4.0 * x[0] + 2.0 * x[1] + 2.0 * x[2], -6.0 + 4.0 * x[1] + 2.0 * x[0],
                   -4.0 + 2.0 * x[2] + 2.0 * x[0]],
        [0.5, 0.5, 0.5], 1.0 / 9.0, [[4.0 / 3.0, 7.0 / 9.0, 4.0 / 9.0]],
        bounds=[(0.0, None)] * 3,
        ineq=(lambda x: [3.0 - x[0] - x[1] - 2.0 * x[2]], lambda x: [-1.0, -1.0, -2.0]))


@register("hs-038", "HS 38: Colville's (Wood's) function on a box, f* = 0")
def hs_038() -> Problem:
    """Hock & Schittkowski (1981) problem 38."""
    def fun(x):
        return (100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2
                + 90.0 * (x[3] - x[2] ** 2) ** 2 + (1.0 - x[2]) ** 2
                + 10.1 * ((x[1] - 1.0) ** 2 + (x[3] - 1.0) ** 2)
                + 19.8 * (x[1] - 1.0) * (x[3] - 1.0))

    def grad(x):
        return [-400.0 * x[0] * (x[1] - x[0] ** 2) - 2.0 * (1.0 - x[0]),
                200.0 * (x[1] - x[0] ** 2) + 20.2 * (x[1] - 1.0) + 19.8 * (x[3] - 1.0),
                -360.0 * x[2] * (x[3] - x[2] ** 2) - 2.0 * (1.0 - x[2]),
                180.0 * (x[3] - x[2] ** 2) + 20.2 * (x[3] - 1.0) + 19.8 * (x[1] - 1.0)]

    return hs_problem(38, fun, grad, [-3.0, -1.0, -3.0, -1.0], 0.0, [[1.0] * 4],
                      bounds=[(-10.0, 10.0)] * 4)


@register("hs-039", "HS 39: -x1 on two nonlinear equalities, f* = -1")
def hs_039() -> Problem:
    """Hock & Schittkowski (1981) problem 39."""
    return hs_problem(
        39, lambda x: -x[0], lambda x: [-1.0, 0.0, 0.0, 0.0], [2.0] * 4, -1.0,
        [[1.0, 1.0, 0.0, 0.0]],
        eq=(lambda x: [x[1] - x[0] ** 3 - x[2] ** 2, x[0] ** 2 - x[1] - x[3] ** 2],
            lambda x: [[-3.0 * x[0] ** 2, 1.0, -2.0 * x[2], 0.0],
                       [2.0 * x[0], -1.0, 0.0, -2.0 * x[3]]]))


@register("hs-040", "HS 40: -x1 x2 x3 x4 on three nonlinear equalities, f* = -0.25")
def hs_040() -> Problem:
    """Hock & Schittkowski (1981) problem 40: x* = 2^(-1/3, -1/2, -11/12, -1/4)."""
    return hs_problem(
        40, lambda x: -np.prod(x), lambda x: -product_of_others(x), [0.8] * 4, -0.25,
        [2.0 ** -np.array([1.0 / 3.0, 0.5, 11.0 / 12.0, 0.25])],
        eq=(lambda x: [x[0] ** 3 + x[1] ** 2 - 1.0, x[0] ** 2 * x[3] - x[2],
                       x[3] ** 2 - x[1]],
            lambda x: [[3.0 * x[0] ** 2, 2.0 * x[1], 0.0, 0.0],
                       [2.0 * x[0] * x[3], 0.0, -1.0, x[0] ** 2],
                       [0.0, -1.0, 0.0, 2.0 * x[3]]]))


@register("hs-042", "HS 42: distance to (1, 2, 3, 4) on a fixed x1 and a circle, "
                             "f* = 28 - 10 sqrt(2)")
def hs_042() -> Problem:
    """Hock & Schittkowski (1981) problem 42: x* = (2, 2, 0.6 sqrt 2, 0.8 sqrt 2)."""
    target = np.arange(1.0, 5.0)
    return hs_problem(
        42, lambda x: np.sum((x - target) ** 2), lambda x: 2.0 * (x - target), [1.0] * 4,
        28.0 - 10.0 * SQRT2, [[2.0, 2.0, 0.6 * SQRT2, 0.8 * SQRT2]],
        eq=(lambda x: [x[0] - 2.0, x[2] ** 2 + x[3] ** 2 - 2.0],
            lambda x: [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 2.0 * x[2], 2.0 * x[3]]]))


@register("hs-043", "HS 43: Rosen-Suzuki, three convex quadratic inequalities, f* = -44")
def hs_043() -> Problem:
    """Hock & Schittkowski (1981) problem 43 (Rosen & Suzuki 1965)."""
    return hs_problem(
        43, lambda x: (x[0] ** 2 + x[1] ** 2 + 2.0 * x[2] ** 2 + x[3] ** 2 - 5.0 * x[0]
                       - 5.0 * x[1] - 21.0 * x[2] + 7.0 * x[3]),
        lambda x: [2.0 * x[0] - 5.0, 2.0 * x[1] - 5.0, 4.0 * x[2] - 21.0, 2.0 * x[3] + 7.0],
        [0.0] * 4, -44.0, [[0.0, 1.0, 2.0, -1.0]],
        ineq=(lambda x: [8.0 - x @ x - x[0] + x[1] - x[2] + x[3],
                         10.0 - x[0] ** 2 - 2.0 * x[1] ** 2 - x[2] ** 2 - 2.0 * x[3] ** 2
                         + x[0] + x[3],
                         5.0 - 2.0 * x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - 2.0 * x[0] + x[1] + x[3]],
              lambda x: [[-2.0 * x[0] - 1.0, -2.0 * x[1] + 1.0, -2.0 * x[2] - 1.0,
                          -2.0 * x[3] + 1.0],
                         [-2.0 * x[0] + 1.0, -4.0 * x[1], -2.0 * x[2], -4.0 * x[3] + 1.0],
                         [-4.0 * x[0] - 2.0, -2.0 * x[1] + 1.0, -2.0 * x[2], 1.0]]))


@register("hs-045", "HS 45: 2 - x1 x2 x3 x4 x5 / 120 on the box 0 <= x_i <= i, f* = 1")
def hs_045() -> Problem:
    """Hock & Schittkowski (1981) problem 45: every upper bound active at x* = (1, ..., 5)."""
    return hs_problem(45, lambda x: 2.0 - np.prod(x) / 120.0,
                      lambda x: -product_of_others(x) / 120.0, [2.0] * 5, 1.0,
                      [[1.0, 2.0, 3.0, 4.0, 5.0]], bounds=[(0.0, i) for i in range(1, 6)])


def _hs46_77_fun(x: Vector) -> float:
    return (x[0] - x[1]) ** 2 + (x[2] - 1.0) ** 2 + (x[3] - 1.0) ** 4 + (x[4] - 1.0) ** 6


def _hs46_77_grad(x: Vector) -> list[float]:
    return [2.0 * (x[0] - x[1]), -2.0 * (x[0] - x[1]), 2.0 * (x[2] - 1.0),
            4.0 * (x[3] - 1.0) ** 3, 6.0 * (x[4] - 1.0) ** 5]


def _hs46_77_eq(a: float, b: float) -> tuple:
    """HS 46's and 77's equalities x1^2 x4 + sin(x4 - x5) = a, x2 + x3^4 x4^2 = b."""
    def fun(x):
        return [x[0] ** 2 * x[3] + math.sin(x[3] - x[4]) - a, x[1] + x[2] ** 4 * x[3] ** 2 - b]

    def jac(x):
        c = math.cos(x[3] - x[4])
        return [[2.0 * x[0] * x[3], 0.0, 0.0, x[0] ** 2 + c, -c],
                [0.0, 1.0, 4.0 * x[2] ** 3 * x[3] ** 2, 2.0 * x[2] ** 4 * x[3], 0.0]]

    return fun, jac


@register("hs-046", "HS 46: two nonlinear equalities, a degenerate minimum, f* = 0")
def hs_046() -> Problem:
    """Hock & Schittkowski (1981) problem 46."""
    return hs_problem(46, _hs46_77_fun, _hs46_77_grad, [SQRT2 / 2.0, 1.75, 0.5, 2.0, 2.0], 0.0,
                      [[1.0] * 5], eq=_hs46_77_eq(1.0, 2.0))


@register("hs-048", "HS 48: a convex quadratic on two linear equalities, f* = 0")
def hs_048() -> Problem:
    """Hock & Schittkowski (1981) problem 48."""
    return hs_problem(
        48, lambda x: (x[0] - 1.0) ** 2 + (x[1] - x[2]) ** 2 + (x[3] - x[4]) ** 2,
        lambda x: [2.0 * (x[0] - 1.0), 2.0 * (x[1] - x[2]), -2.0 * (x[1] - x[2]),
                   2.0 * (x[3] - x[4]), -2.0 * (x[3] - x[4])],
        [3.0, 5.0, -3.0, 2.0, -2.0], 0.0, [[1.0] * 5],
        eq=(lambda x: [np.sum(x) - 5.0, x[2] - 2.0 * (x[3] + x[4]) + 3.0],
            lambda x: [[1.0] * 5, [0.0, 0.0, 1.0, -2.0, -2.0]]))


@register("hs-071", "HS 71: the classic (Ipopt's example), equality and inequality on a "
                             "box, f* = 17.0140173")
def hs_071() -> Problem:
    """Hock & Schittkowski (1981) problem 71: x0 = (1, 5, 5, 1) is feasible for the bounds."""
    return hs_problem(
        71, lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2],
        lambda x: [x[3] * (2.0 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1.0,
                   x[0] * (x[0] + x[1] + x[2])],
        [1.0, 5.0, 5.0, 1.0], 17.014017289155262,
        [[1.0, 4.7429996372646865, 3.8211499841846672, 1.3794082931725764]],
        bounds=[(1.0, 5.0)] * 4,
        eq=(lambda x: [x @ x - 40.0], lambda x: 2.0 * x),
        ineq=(lambda x: [np.prod(x) - 25.0], product_of_others),
        note=f"{POLISHED} (book: f* = 17.0140173, x* = (1, 4.7429994, 3.8211503, 1.3794082))")


@register("hs-077", "HS 77: HS 46's objective with x1 - 1 and shifted equalities, "
                             "f* = 0.2415051288")
def hs_077() -> Problem:
    """Hock & Schittkowski (1981) problem 77."""
    return hs_problem(
        77, lambda x: (x[0] - 1.0) ** 2 + _hs46_77_fun(x),
        lambda x: np.add(_hs46_77_grad(x), [2.0 * (x[0] - 1.0), 0.0, 0.0, 0.0, 0.0]),
        [2.0] * 5, 0.2415051287901787,
        [[1.166172189705784, 1.1821113887969048, 1.3802570431460928, 1.5060362736221948,
          0.6109201960206506]],
        eq=_hs46_77_eq(2.0 * SQRT2, 8.0 + SQRT2),
        note=f"{POLISHED} (book: f* = 0.24150513)")


@register("hs-078", "HS 78: x1 x2 x3 x4 x5 on three nonlinear equalities, "
                             "f* = -2.9197004090")
def hs_078() -> Problem:
    """Hock & Schittkowski (1981) problem 78."""
    return hs_problem(
        78, lambda x: np.prod(x), product_of_others, [-2.0, 1.5, 2.0, -1.0, -1.0],
        -2.9197004089636787,
        [[-1.717143570394382, 1.5957096901835541, 1.8272457529271946, -0.7636430781841305,
          -0.7636430781841302]],
        eq=(lambda x: [x @ x - 10.0, x[1] * x[2] - 5.0 * x[3] * x[4], x[0] ** 3 + x[1] ** 3 + 1.0],
            lambda x: [(2.0 * x).tolist(), [0.0, x[2], x[1], -5.0 * x[4], -5.0 * x[3]],
                       [3.0 * x[0] ** 2, 3.0 * x[1] ** 2, 0.0, 0.0, 0.0]]),
        note=f"{POLISHED} (book: f* = -2.91970041; its x4* = -0.7636413 and x5* = "
             "-0.7636450 differ, but f and the constraints are symmetric in x4, x5 and the "
             "minimiser has x4* = x5*)")


@register("hs-079", "HS 79: a chained objective on three nonlinear equalities, "
                             "f* = 0.0787768209")
def hs_079() -> Problem:
    """Hock & Schittkowski (1981) problem 79."""
    def fun(x):
        return ((x[0] - 1.0) ** 2 + (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 2
                + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 4)

    def grad(x):
        a, b, c, d = x[0] - x[1], x[1] - x[2], (x[2] - x[3]) ** 3, (x[3] - x[4]) ** 3
        return [2.0 * (x[0] - 1.0) + 2.0 * a, -2.0 * a + 2.0 * b, -2.0 * b + 4.0 * c,
                -4.0 * c + 4.0 * d, -4.0 * d]

    return hs_problem(
        79, fun, grad, [2.0] * 5, 0.07877682087105689,
        [[1.1911274563103165, 1.3626031649617265, 1.4728179315122072, 1.6350166191683604,
          1.6790814361674435]],
        eq=(lambda x: [x[0] + x[1] ** 2 + x[2] ** 3 - 2.0 - 3.0 * SQRT2,
                       x[1] - x[2] ** 2 + x[3] + 2.0 - 2.0 * SQRT2, x[0] * x[4] - 2.0],
            lambda x: [[1.0, 2.0 * x[1], 3.0 * x[2] ** 2, 0.0, 0.0],
                       [0.0, 1.0, -2.0 * x[2], 1.0, 0.0], [x[4], 0.0, 0.0, 0.0, x[0]]]),
        note=f"{POLISHED} (book: f* = 0.0787768209)")


@register("hs-110", "HS 110: logarithmic barriers minus a geometric mean, 10 "
                             "variables on a box, f* = -45.77846971")
def hs_110() -> Problem:
    """Hock & Schittkowski (1981) problem 110: all x_i* equal, f* = -45.77846971 (book).

    With all x_i = t, f = 10 (ln(t - 2)^2 + ln(10 - t)^2) - t^2; its stationary point
    t* = 9.350265833069402 (brentq on f'(t), computed here) differs from the book's
    printed 9.35025655 in the sixth digit, where f is flat: f(t*) = -45.778469707446...
    agrees with the book's f* to its ten digits.
    """
    def fun(x):
        return np.sum(np.log(x - 2.0) ** 2 + np.log(10.0 - x) ** 2) - np.prod(x) ** 0.2

    def grad(x):
        return (2.0 * np.log(x - 2.0) / (x - 2.0) - 2.0 * np.log(10.0 - x) / (10.0 - x)
                - 0.2 * np.prod(x) ** 0.2 / x)

    t = 9.350265833069402
    return hs_problem(110, fun, grad, [9.0] * 10, float(fun(np.full(10, t))), [[t] * 10],
                      bounds=[(2.001, 9.999)] * 10,
                      note="x* and f* computed here (see the docstring); the book prints "
                           "x_i* = 9.35025655, f* = -45.77846971")
