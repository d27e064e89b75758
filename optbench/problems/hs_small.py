"""Hock-Schittkowski problems 1-24 (but 13), the two-variable ones.

From Hock & Schittkowski (1981), Test Examples for Nonlinear Programming Codes, Lecture
Notes in Economics and Mathematical Systems 187, Springer: bound-only (1-5), with
equality constraints (6-9, 14) and with linear and nonlinear inequalities (10-24). Every
optimum is verified by ``tests/test_hock_schittkowski.py`` (value, feasibility, first-order
KKT conditions). Closed forms replace the book's printed digits where they exist.

Problem 13 is left out: its minimiser (1, 0) is a cusp where no constraint
qualification holds, so no KKT multipliers exist and first-order solvers are not
expected to certify it.
"""

from __future__ import annotations

import math

from scipy.optimize import rosen, rosen_der

from optbench.families import HOCK_SCHITTKOWSKI
from optbench.problems.base import Problem
from optbench.problems.hs_common import hs_problem
from optbench.problems.registry import PROBLEMS

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(HOCK_SCHITTKOWSKI)

SQRT3 = math.sqrt(3.0)


def _hs2_x1() -> float:
    """HS 2's x1*: the largest root of df/dx1 = 400 x1^3 - 598 x1 - 2 = 0 at x2 = 1.5.

    Derived here (trigonometric form of the cubic's roots); the book prints x1* =
    1.224370749 and f* = 0.0504261879, which this reproduces.
    """
    a = math.sqrt(598.0 / 1200.0)
    return 2.0 * a * math.cos(math.acos(3.0 / (598.0 * a)) / 3.0)


def _hs11_x() -> list[float]:
    """HS 11's x* in closed form: x1* is the real root of 2 x1^3 + x1 - 5 = 0, x2* = x1*^2.

    The book's form: a = (7.5 sqrt 6 + sqrt 338.5)^(1/3); transcriptions that drop the
    cube root give x* = (15, 225), which is not even stationary.
    """
    a = (7.5 * math.sqrt(6.0) + math.sqrt(338.5)) ** (1.0 / 3.0)
    return [(a - 1.0 / a) / math.sqrt(6.0), (a * a - 2.0 + 1.0 / (a * a)) / 6.0]


@register("hs-001", "HS 1: Rosenbrock with x2 >= -1.5, f* = 0")
def hs_001() -> Problem:
    """Hock & Schittkowski (1981) problem 1: a bound that is inactive at (1, 1)."""
    return hs_problem(1, rosen, rosen_der, [-2.0, 1.0], 0.0, [[1.0, 1.0]],
                      bounds=[(None, None), (-1.5, None)])


@register("hs-002", "HS 2: Rosenbrock with x2 >= 1.5 (active), f* = 0.0504261879...")
def hs_002() -> Problem:
    """Hock & Schittkowski (1981) problem 2; x0 = (-2, 1) violates the bound.

    On the active bound x2 = 1.5 there is a second local minimiser, x1 = -1.2210262...
    (the negative root of the same cubic), with f = 4.9412293...; solvers started from
    x0 stop there, and some collections list it as f*. optbench ships the lower value,
    the global minimum (f on x2 >= 1.5 has no interior stationary point).
    """
    x1 = _hs2_x1()
    return hs_problem(2, rosen, rosen_der, [-2.0, 1.0], float(rosen([x1, 1.5])), [[x1, 1.5]],
                      bounds=[(None, None), (1.5, None)],
                      note="f* = f(x*) at the closed-form x1* derived here; the book "
                           "prints 0.0504261879")


@register("hs-003", "HS 3: x2 + 1e-5 (x2 - x1)^2, x2 >= 0, f* = 0")
def hs_003() -> Problem:
    """Hock & Schittkowski (1981) problem 3."""
    return hs_problem(
        3, lambda x: x[1] + 1e-5 * (x[1] - x[0]) ** 2,
        lambda x: [-2e-5 * (x[1] - x[0]), 1.0 + 2e-5 * (x[1] - x[0])],
        [10.0, 1.0], 0.0, [[0.0, 0.0]], bounds=[(None, None), (0.0, None)])


@register("hs-004", "HS 4: (x1 + 1)^3/3 + x2, x1 >= 1, x2 >= 0, f* = 8/3")
def hs_004() -> Problem:
    """Hock & Schittkowski (1981) problem 4."""
    return hs_problem(4, lambda x: (x[0] + 1.0) ** 3 / 3.0 + x[1],
                      lambda x: [(x[0] + 1.0) ** 2, 1.0], [1.125, 0.125], 8.0 / 3.0,
                      [[1.0, 0.0]], bounds=[(1.0, None), (0.0, None)])


@register("hs-005", "HS 5: sin(x1 + x2) + ..., a box, f* = -sqrt(3)/2 - pi/3")
def hs_005() -> Problem:
    """Hock & Schittkowski (1981) problem 5 (McCormick's function on a box).

    f* = -sqrt(3)/2 - pi/3 = -1.9132229549... at x* = (-pi/3 + 1/2, -pi/3 - 1/2), both
    bounds inactive; the KKT test confirms it (public transcriptions differ in signs).
    """
    def fun(x):
        return math.sin(x[0] + x[1]) + (x[0] - x[1]) ** 2 - 1.5 * x[0] + 2.5 * x[1] + 1.0

    def grad(x):
        c, d = math.cos(x[0] + x[1]), 2.0 * (x[0] - x[1])
        return [c + d - 1.5, c - d + 2.5]

    third = math.pi / 3.0
    return hs_problem(5, fun, grad, [0.0, 0.0], -SQRT3 / 2.0 - third,
                      [[0.5 - third, -0.5 - third]], bounds=[(-1.5, 4.0), (-3.0, 3.0)])


@register("hs-006", "HS 6: (1 - x1)^2 s.t. 10 (x2 - x1^2) = 0, f* = 0")
def hs_006() -> Problem:
    """Hock & Schittkowski (1981) problem 6."""
    return hs_problem(6, lambda x: (1.0 - x[0]) ** 2, lambda x: [-2.0 * (1.0 - x[0]), 0.0],
                      [-1.2, 1.0], 0.0, [[1.0, 1.0]],
                      eq=(lambda x: [10.0 * (x[1] - x[0] ** 2)],
                          lambda x: [-20.0 * x[0], 10.0]))


@register("hs-007", "HS 7: log(1 + x1^2) - x2 on a quartic curve, f* = -sqrt(3)")
def hs_007() -> Problem:
    """Hock & Schittkowski (1981) problem 7."""
    return hs_problem(
        7, lambda x: math.log(1.0 + x[0] ** 2) - x[1],
        lambda x: [2.0 * x[0] / (1.0 + x[0] ** 2), -1.0], [2.0, 2.0], -SQRT3, [[0.0, SQRT3]],
        eq=(lambda x: [(1.0 + x[0] ** 2) ** 2 + x[1] ** 2 - 4.0],
            lambda x: [4.0 * x[0] * (1.0 + x[0] ** 2), 2.0 * x[1]]))


@register("hs-008", "HS 8: f = -1 on the intersection of a circle and a hyperbola")
def hs_008() -> Problem:
    """Hock & Schittkowski (1981) problem 8: a feasibility problem with four solutions.

    x1*^2 = (25 + sqrt(301))/2 and x2* = 9/x1* in closed form (the book prints 4.601594,
    1.955843).
    """
    x1 = math.sqrt((25.0 + math.sqrt(301.0)) / 2.0)
    x2 = 9.0 / x1
    return hs_problem(8, lambda x: -1.0, lambda x: [0.0, 0.0], [2.0, 1.0], -1.0,
                      [[x1, x2], [x2, x1], [-x1, -x2], [-x2, -x1]],
                      eq=(lambda x: [x[0] ** 2 + x[1] ** 2 - 25.0, x[0] * x[1] - 9.0],
                          lambda x: [[2.0 * x[0], 2.0 * x[1]], [x[1], x[0]]]))


@register("hs-009", "HS 9: sin(pi x1/12) cos(pi x2/16) s.t. 4 x1 = 3 x2, f* = -0.5")
def hs_009() -> Problem:
    """Hock & Schittkowski (1981) problem 9: minimisers (12k - 3, 16k - 4), k integer."""
    a, b = math.pi / 12.0, math.pi / 16.0
    return hs_problem(
        9, lambda x: math.sin(a * x[0]) * math.cos(b * x[1]),
        lambda x: [a * math.cos(a * x[0]) * math.cos(b * x[1]),
                   -b * math.sin(a * x[0]) * math.sin(b * x[1])],
        [0.0, 0.0], -0.5, [[-3.0, -4.0], [9.0, 12.0]],
        eq=(lambda x: [4.0 * x[0] - 3.0 * x[1]], lambda x: [4.0, -3.0]))


@register("hs-010", "HS 10: x1 - x2 inside an ellipse, f* = -1")
def hs_010() -> Problem:
    """Hock & Schittkowski (1981) problem 10."""
    return hs_problem(
        10, lambda x: x[0] - x[1], lambda x: [1.0, -1.0], [-10.0, 10.0], -1.0, [[0.0, 1.0]],
        ineq=(lambda x: [-3.0 * x[0] ** 2 + 2.0 * x[0] * x[1] - x[1] ** 2 + 1.0],
              lambda x: [-6.0 * x[0] + 2.0 * x[1], 2.0 * x[0] - 2.0 * x[1]]))


@register("hs-011", "HS 11: a circle's distance to a parabola, f* = -8.4984642231")
def hs_011() -> Problem:
    """Hock & Schittkowski (1981) problem 11; x* and f* from the book's closed form."""
    x = _hs11_x()
    return hs_problem(
        11, lambda x: (x[0] - 5.0) ** 2 + x[1] ** 2 - 25.0,
        lambda x: [2.0 * (x[0] - 5.0), 2.0 * x[1]], [4.9, 0.1],
        (x[0] - 5.0) ** 2 + x[1] ** 2 - 25.0, [x],
        ineq=(lambda x: [x[1] - x[0] ** 2], lambda x: [-2.0 * x[0], 1.0]),
        note="f* = f(x*) at the closed-form x*; the book prints -8.498464223")


@register("hs-012", "HS 12: a quadratic inside an ellipse, f* = -30")
def hs_012() -> Problem:
    """Hock & Schittkowski (1981) problem 12."""
    return hs_problem(
        12, lambda x: 0.5 * x[0] ** 2 + x[1] ** 2 - x[0] * x[1] - 7.0 * x[0] - 7.0 * x[1],
        lambda x: [x[0] - x[1] - 7.0, 2.0 * x[1] - x[0] - 7.0], [0.0, 0.0], -30.0,
        [[2.0, 3.0]],
        ineq=(lambda x: [25.0 - 4.0 * x[0] ** 2 - x[1] ** 2],
              lambda x: [-8.0 * x[0], -2.0 * x[1]]))


@register("hs-014", "HS 14: distance to a line inside an ellipse, f* = 9 - 23 sqrt(7)/8")
def hs_014() -> Problem:
    """Hock & Schittkowski (1981) problem 14: x* = ((sqrt 7 - 1)/2, (sqrt 7 + 1)/4)."""
    s7 = math.sqrt(7.0)
    return hs_problem(
        14, lambda x: (x[0] - 2.0) ** 2 + (x[1] - 1.0) ** 2,
        lambda x: [2.0 * (x[0] - 2.0), 2.0 * (x[1] - 1.0)], [2.0, 2.0],
        9.0 - 23.0 * s7 / 8.0, [[(s7 - 1.0) / 2.0, (s7 + 1.0) / 4.0]],
        eq=(lambda x: [x[0] - 2.0 * x[1] + 1.0], lambda x: [1.0, -2.0]),
        ineq=(lambda x: [1.0 - x[0] ** 2 / 4.0 - x[1] ** 2], lambda x: [-x[0] / 2.0, -2.0 * x[1]]))


@register("hs-015", "HS 15: Rosenbrock, a hyperbola, a parabola, x1 <= 0.5, f* = 306.5")
def hs_015() -> Problem:
    """Hock & Schittkowski (1981) problem 15."""
    return hs_problem(
        15, rosen, rosen_der, [-2.0, 1.0], 306.5, [[0.5, 2.0]],
        bounds=[(None, 0.5), (None, None)],
        ineq=(lambda x: [x[0] * x[1] - 1.0, x[0] + x[1] ** 2],
              lambda x: [[x[1], x[0]], [1.0, 2.0 * x[1]]]))


_HS16_17_BOUNDS = [(-0.5, 0.5), (None, 1.0)]


@register("hs-016", "HS 16: Rosenbrock, two parabolas and a box, f* = 0.25")
def hs_016() -> Problem:
    """Hock & Schittkowski (1981) problem 16; x0 = (-2, 1) violates the bounds."""
    return hs_problem(
        16, rosen, rosen_der, [-2.0, 1.0], 0.25, [[0.5, 0.25]], bounds=_HS16_17_BOUNDS,
        ineq=(lambda x: [x[0] + x[1] ** 2, x[0] ** 2 + x[1]],
              lambda x: [[1.0, 2.0 * x[1]], [2.0 * x[0], 1.0]]))


@register("hs-017", "HS 17: Rosenbrock, two parabolas and a box, f* = 1")
def hs_017() -> Problem:
    """Hock & Schittkowski (1981) problem 17; x0 = (-2, 1) violates the bounds."""
    return hs_problem(
        17, rosen, rosen_der, [-2.0, 1.0], 1.0, [[0.0, 0.0]], bounds=_HS16_17_BOUNDS,
        ineq=(lambda x: [x[1] ** 2 - x[0], x[0] ** 2 - x[1]],
              lambda x: [[-1.0, 2.0 * x[1]], [2.0 * x[0], -1.0]]))


@register("hs-018", "HS 18: 0.01 x1^2 + x2^2 outside a hyperbola and a circle, f* = 5")
def hs_018() -> Problem:
    """Hock & Schittkowski (1981) problem 18: x* = (sqrt 250, sqrt 2.5)."""
    return hs_problem(
        18, lambda x: 0.01 * x[0] ** 2 + x[1] ** 2, lambda x: [0.02 * x[0], 2.0 * x[1]],
        [2.0, 2.0], 5.0, [[math.sqrt(250.0), math.sqrt(2.5)]],
        bounds=[(2.0, 50.0), (0.0, 50.0)],
        ineq=(lambda x: [x[0] * x[1] - 25.0, x[0] ** 2 + x[1] ** 2 - 25.0],
              lambda x: [[x[1], x[0]], [2.0 * x[0], 2.0 * x[1]]]))


@register("hs-019", "HS 19: a cubic between two circles, f* = -6961.8138755801")
def hs_019() -> Problem:
    """Hock & Schittkowski (1981) problem 19.

    x* is where the two circles meet: x1* = 14.095 exactly and
    x2* = 5 - sqrt(100 - 9.095^2) (the book prints 0.84296079 and f* = -6961.81381).
    """
    x = [14.095, 5.0 - math.sqrt(100.0 - 9.095**2)]
    return hs_problem(
        19, lambda x: (x[0] - 10.0) ** 3 + (x[1] - 20.0) ** 3,
        lambda x: [3.0 * (x[0] - 10.0) ** 2, 3.0 * (x[1] - 20.0) ** 2], [20.1, 5.84],
        (x[0] - 10.0) ** 3 + (x[1] - 20.0) ** 3, [x],
        bounds=[(13.0, 100.0), (0.0, 100.0)],
        ineq=(lambda x: [(x[0] - 5.0) ** 2 + (x[1] - 5.0) ** 2 - 100.0,
                         82.81 - (x[1] - 5.0) ** 2 - (x[0] - 6.0) ** 2],
              lambda x: [[2.0 * (x[0] - 5.0), 2.0 * (x[1] - 5.0)],
                         [-2.0 * (x[0] - 6.0), -2.0 * (x[1] - 5.0)]]),
        note="f* = f(x*) at the closed-form x*, -6961.8138755801...; the value usually "
             "quoted, -6961.81381, differs in the ninth digit")


@register("hs-020", "HS 20: Rosenbrock, parabolas and a circle, f* = 81.5 - 25 sqrt(3)")
def hs_020() -> Problem:
    """Hock & Schittkowski (1981) problem 20: x* = (0.5, sqrt(3)/2)."""
    return hs_problem(
        20, rosen, rosen_der, [-2.0, 1.0], 81.5 - 25.0 * SQRT3, [[0.5, SQRT3 / 2.0]],
        bounds=[(-0.5, 0.5), (None, None)],
        ineq=(lambda x: [x[0] + x[1] ** 2, x[0] ** 2 + x[1], x[0] ** 2 + x[1] ** 2 - 1.0],
              lambda x: [[1.0, 2.0 * x[1]], [2.0 * x[0], 1.0], [2.0 * x[0], 2.0 * x[1]]]))


@register("hs-021", "HS 21: a quadratic with one linear inequality, f* = -99.96")
def hs_021() -> Problem:
    """Hock & Schittkowski (1981) problem 21; x0 = (-1, -1) violates the bounds."""
    return hs_problem(
        21, lambda x: 0.01 * x[0] ** 2 + x[1] ** 2 - 100.0, lambda x: [0.02 * x[0], 2.0 * x[1]],
        [-1.0, -1.0], -99.96, [[2.0, 0.0]], bounds=[(2.0, 50.0), (-50.0, 50.0)],
        ineq=(lambda x: [10.0 * x[0] - x[1] - 10.0], lambda x: [10.0, -1.0]))


@register("hs-022", "HS 22: distance to (2, 1) under a line and above a parabola, f* = 1")
def hs_022() -> Problem:
    """Hock & Schittkowski (1981) problem 22."""
    return hs_problem(
        22, lambda x: (x[0] - 2.0) ** 2 + (x[1] - 1.0) ** 2,
        lambda x: [2.0 * (x[0] - 2.0), 2.0 * (x[1] - 1.0)], [2.0, 2.0], 1.0, [[1.0, 1.0]],
        ineq=(lambda x: [2.0 - x[0] - x[1], x[1] - x[0] ** 2],
              lambda x: [[-1.0, -1.0], [-2.0 * x[0], 1.0]]))


@register("hs-023", "HS 23: x1^2 + x2^2 with five nonlinear inequalities, f* = 2")
def hs_023() -> Problem:
    """Hock & Schittkowski (1981) problem 23."""
    return hs_problem(
        23, lambda x: x[0] ** 2 + x[1] ** 2, lambda x: [2.0 * x[0], 2.0 * x[1]], [3.0, 1.0],
        2.0, [[1.0, 1.0]], bounds=[(-50.0, 50.0), (-50.0, 50.0)],
        ineq=(lambda x: [x[0] + x[1] - 1.0, x[0] ** 2 + x[1] ** 2 - 1.0,
                         9.0 * x[0] ** 2 + x[1] ** 2 - 9.0, x[0] ** 2 - x[1],
                         x[1] ** 2 - x[0]],
              lambda x: [[1.0, 1.0], [2.0 * x[0], 2.0 * x[1]], [18.0 * x[0], 2.0 * x[1]],
                         [2.0 * x[0], -1.0], [-1.0, 2.0 * x[1]]]))


@register("hs-024", "HS 24: a cubic on a triangle, f* = -1")
def hs_024() -> Problem:
    """Hock & Schittkowski (1981) problem 24: x* = (3, sqrt 3)."""
    scale = 27.0 * SQRT3
    return hs_problem(
        24, lambda x: ((x[0] - 3.0) ** 2 - 9.0) * x[1] ** 3 / scale,
        lambda x: [2.0 * (x[0] - 3.0) * x[1] ** 3 / scale,
                   3.0 * ((x[0] - 3.0) ** 2 - 9.0) * x[1] ** 2 / scale],
        [1.0, 0.5], -1.0, [[3.0, SQRT3]], bounds=[(0.0, None), (0.0, None)],
        ineq=(lambda x: [x[0] / SQRT3 - x[1], x[0] + SQRT3 * x[1], 6.0 - x[0] - SQRT3 * x[1]],
              lambda x: [[1.0 / SQRT3, -1.0], [1.0, SQRT3], [-1.0, -SQRT3]]))

