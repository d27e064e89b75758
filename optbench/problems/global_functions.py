"""Classic multimodal test functions for global optimisation (problem kind ``global``).

Each problem carries its box, its global minimum f* and every known global minimiser.
Sources: Jamil & Yang (2013), "A literature survey of benchmark functions for global
optimisation problems", Int. J. Math. Model. Numer. Optim. 4(2):150-194 (J&Y);
Surjanovic & Bingham, Virtual Library of Simulation Experiments, Simon Fraser
University, https://www.sfu.ca/~ssurjano/optimization.html (SFU); Dixon & Szegő (eds.,
1978), "Towards Global Optimisation 2", North-Holland (D&S) for Branin, Goldstein-Price,
Hartmann and Shekel.

Every optimum was checked by evaluating f at each minimiser
(``tests/test_global_functions.py``). Where the published minimiser is printed to a few
digits only, or does not reproduce the published f*, the minimiser shipped here is the
published point polished by a local solve (L-BFGS-B at gtol 1e-14, then Newton steps
where smooth), with the gradient checked to vanish (or to point out of the box at an
active bound) and no lower value found by a dense grid and multistart local solves; f*
is then f at the polished point, with all its digits, and the docstring says so. The
functions themselves are in `optbench.problems.global_formulas`.
"""

from __future__ import annotations

import math

import numpy as np

from optbench.families import GLOBAL
from optbench.kinds import Kind
from optbench.limits import Variables
from optbench.problems import global_formulas as gf
from optbench.problems.base import Problem, Vector
from optbench.problems.options import published_choice, require_at_least
from optbench.problems.registry import PROBLEMS

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(GLOBAL)

JY = "Jamil & Yang (2013), Int. J. Math. Model. Numer. Optim. 4(2):150-194"
SFU = "Surjanovic & Bingham, Virtual Library of Simulation Experiments (SFU)"
DS = "Dixon & Szegő (1978), Towards Global Optimisation 2"


def _global(name: str, fun: gf.Fun, bounds: list[tuple[float, float]], f_opt: float,
            x_opt: list[Vector] | list[list[float]], source: str,
            grad: gf.Grad | None = None, x0: Vector | list[float] | None = None) -> Problem:
    """A ``global`` problem: x0 the centre of the box unless given, starts scaled to it.

    ``start_scale`` is a tenth of the narrowest side, so seeded starts stay near the box
    centre (solvers that need no x0 ignore it).
    """
    box = tuple((float(lo), float(hi)) for lo, hi in bounds)
    low, high = np.array(box).T
    return Problem(
        name=name, fun=fun, grad=grad,
        x0=(low + high) / 2.0 if x0 is None else np.asarray(x0, dtype=float),
        f_opt=float(f_opt), x_opt=tuple(np.asarray(x, dtype=float) for x in x_opt),
        bounds=box, start_scale=float(np.min(high - low)) / 10.0, kind=Kind.GLOBAL,
        f_opt_is_global=True, source=source,
    )


# --- scalable functions -------------------------------------------------------------


@register("global-ackley", "Ackley's function on [-32.768, 32.768]^n, f* = 0 at 0")
def ackley(n: Variables = 2) -> Problem:
    """Ackley (1987), a = 20, b = 0.2, c = 2 pi; f* = 0 at the origin (J&Y 1, SFU).

    The origin is the box centre, so x0 is (10, ..., 10) instead.

    Examples
    --------
    >>> ackley().fun(np.zeros(2))
    0.0
    """
    return _global("global-ackley", gf.ackley, [(-32.768, 32.768)] * n, 0.0, [np.zeros(n)],
                   f"{JY}, Ackley 1; {SFU}", grad=gf.ackley_grad, x0=np.full(n, 10.0))


@register("global-rastrigin", "Rastrigin's function on [-5.12, 5.12]^n, f* = 0 at 0")
def rastrigin(n: Variables = 2) -> Problem:
    """Rastrigin: ``10 n + sum x**2 - 10 cos(2 pi x)``; f* = 0 at 0 (SFU; J&Y 102).

    The origin is the box centre, so x0 is (2.5, ..., 2.5) instead.

    Examples
    --------
    >>> rastrigin(3).fun(np.zeros(3))
    0.0
    """
    return _global("global-rastrigin", gf.rastrigin, [(-5.12, 5.12)] * n, 0.0, [np.zeros(n)],
                   f"{SFU}; {JY}, Rastrigin", grad=gf.rastrigin_grad, x0=np.full(n, 2.5))


@register("global-griewank", "Griewank's function on [-600, 600]^n, f* = 0 at 0")
def griewank(n: Variables = 2) -> Problem:
    """Griewank (1981): ``sum x**2 / 4000 - prod cos(x_i / sqrt(i)) + 1``; f* = 0 at 0.

    The box centre is the minimiser itself, so x0 is the published-style off-centre
    point (100, ..., 100) instead (solvers that take no x0 ignore it).

    Examples
    --------
    >>> griewank().fun(np.zeros(2))
    0.0
    """
    return _global("global-griewank", gf.griewank, [(-600.0, 600.0)] * n, 0.0, [np.zeros(n)],
                   f"{SFU}; {JY}, Griewank 59", grad=gf.griewank_grad, x0=np.full(n, 100.0))


@register("global-schwefel", "Schwefel 2.26 on [-500, 500]^n, f* = 0 at 420.9687...")
def schwefel(n: Variables = 2) -> Problem:
    """Schwefel's problem 2.26: ``418.982887272433799807913601398 n - sum x sin(sqrt|x|)``.

    SFU prints the constant as 418.9829 and x* = 420.9687; J&Y (Schwefel 2.26) the
    unshifted form with f* = -418.983 per variable. The constant here is the 1-d
    minimum of ``-x sin(sqrt|x|)`` to the digits of scipy's go_benchmark ``Schwefel26``
    (checked by polishing x* = 420.968746359982 to a zero derivative), so f* = 0 up to
    rounding (about 1e-13 n).

    Examples
    --------
    >>> abs(schwefel().fun(np.full(2, 420.968746359982025))) < 1e-11
    True
    """
    return _global("global-schwefel", gf.schwefel, [(-500.0, 500.0)] * n, 0.0,
                   [np.full(n, gf.SCHWEFEL_X)], f"{JY}, Schwefel 2.26; {SFU}",
                   grad=gf.schwefel_grad, x0=np.full(n, 100.0))


@register("global-levy", "Levy's function on [-10, 10]^n, f* = 0 at (1, ..., 1)")
def levy(n: Variables = 2) -> Problem:
    """Levy's function as SFU gives it (w = 1 + (x - 1)/4); f* = 0 at (1, ..., 1).

    Examples
    --------
    >>> levy(4).fun(np.ones(4)) < 1e-30
    True
    """
    return _global("global-levy", gf.levy, [(-10.0, 10.0)] * n, 0.0, [np.ones(n)], SFU,
                   grad=gf.levy_grad)


@register("global-styblinski-tang",
                   "Styblinski-Tang on [-5, 5]^n, f* = -39.16616570377141 n")
def styblinski_tang(n: Variables = 2) -> Problem:
    """Styblinski & Tang (1990): ``sum(x**4 - 16 x**2 + 5 x) / 2``.

    SFU prints f* = -39.16599 n at x* = -2.903534 (its f* is f(x*) with a rounded
    x*... and rounded again); the 1-d minimiser is the root of ``4x**3 - 32x + 5 = 0``
    near -2.9035, x* = -2.903534027771177 (brentq to 1e-16), where f = -39.16616570377141
    per variable (shipped: f* = n times that, evaluated).

    Examples
    --------
    >>> round(styblinski_tang(1).f_opt, 10)
    -39.1661657038
    """
    x_opt = np.full(n, gf.STYBLINSKI_TANG_X)
    return _global("global-styblinski-tang", gf.styblinski_tang, [(-5.0, 5.0)] * n,
                   gf.styblinski_tang(x_opt), [x_opt], f"{SFU}; {JY}, Styblinski-Tang 144",
                   grad=gf.styblinski_tang_grad)


@register("global-zakharov", "Zakharov on [-5, 10]^n, f* = 0 at 0")
def zakharov(n: Variables = 2) -> Problem:
    """Zakharov: ``sum x**2 + (sum i x_i / 2)**2 + (sum i x_i / 2)**4``; f* = 0 at 0 (SFU).

    Examples
    --------
    >>> zakharov(3).fun(np.zeros(3))
    0.0
    """
    return _global("global-zakharov", gf.zakharov, [(-5.0, 10.0)] * n, 0.0, [np.zeros(n)],
                   f"{SFU}; {JY}, Zakharov 172", grad=gf.zakharov_grad)


@register("global-dixon-price", "Dixon-Price on [-10, 10]^n, f* = 0 at 2 points")
def dixon_price(n: Variables = 2) -> Problem:
    """Dixon & Price (1989): ``(x1 - 1)**2 + sum_{i>=2} i (2 x_i**2 - x_{i-1})**2``.

    f* = 0 where x1 = 1 and ``x_{i-1} = 2 x_i**2`` for i >= 2: SFU lists the positive
    branch, ``x_i = 2**(-(2**i - 2) / 2**i)``. Each x_{i-1} must then be >= 0, so only
    the last coordinate's sign is free: two global minimisers for n >= 2, both listed.

    Examples
    --------
    >>> [x.tolist() for x in dixon_price(2).x_opt]
    [[1.0, 0.7071067811865476], [1.0, -0.7071067811865476]]
    """
    # 2**(-(2**i - 2) / 2**i) = 2**(2**(1 - i) - 1): the same numbers, without 2**i,
    # which overflows past i = 1023
    positive = 2.0 ** (2.0 ** (1.0 - np.arange(1, n + 1)) - 1.0)
    x_opt = [positive] + ([positive * np.r_[np.ones(n - 1), -1.0]] if n > 1 else [])
    return _global("global-dixon-price", gf.dixon_price, [(-10.0, 10.0)] * n, 0.0, x_opt,
                   f"{SFU}; {JY}, Dixon & Price 48", grad=gf.dixon_price_grad)


@register("global-rosenbrock", "Rosenbrock in the box [-5, 10]^n, f* = 0 at 1")
def rosenbrock_box(n: Variables = 2) -> Problem:
    """Rosenbrock's valley in SFU's box [-5, 10]^n; f* = 0 at (1, ..., 1).

    Examples
    --------
    >>> rosenbrock_box().fun(np.ones(2))
    0.0
    """
    require_at_least("global-rosenbrock", "n", n, 2)
    return _global("global-rosenbrock", gf.rosenbrock, [(-5.0, 10.0)] * n, 0.0, [np.ones(n)],
                   f"{SFU}; {JY}, Rosenbrock 105", grad=gf.rosenbrock_grad)


# --- fixed-dimension functions -------------------------------------------------------


@register("global-branin", "Branin-Hoo on [-5, 10] x [0, 15], f* = 5/(4 pi) at 3 points")
def branin() -> Problem:
    """Branin (1972) as in D&S: f* = 5/(4 pi) = 0.397887357729738 at (-pi, 12.275),
    (pi, 2.275) and (3 pi, 2.475) (SFU prints 9.42478 for 3 pi).

    Examples
    --------
    >>> round(branin().fun(np.array([np.pi, 2.275])), 11)
    0.39788735773
    """
    x_opt = [[-math.pi, 12.275], [math.pi, 2.275], [3.0 * math.pi, 2.475]]
    return _global("global-branin", gf.branin, [(-5.0, 10.0), (0.0, 15.0)],
                   5.0 / (4.0 * math.pi), x_opt, f"{DS}; {SFU}", grad=gf.branin_grad)


@register("global-goldstein-price", "Goldstein-Price on [-2, 2]^2, f* = 3 at (0, -1)")
def goldstein_price() -> Problem:
    """Goldstein & Price (1971), as in D&S: f* = 3 at (0, -1). No analytic gradient.

    Examples
    --------
    >>> goldstein_price().fun(np.array([0.0, -1.0]))
    3.0
    """
    return _global("global-goldstein-price", gf.goldstein_price, [(-2.0, 2.0)] * 2, 3.0,
                   [[0.0, -1.0]], f"{DS}; {SFU}", x0=[1.0, 1.0])


@register("global-six-hump-camel", "six-hump camel on [-3, 3] x [-2, 2], 2 minimisers")
def six_hump_camel() -> Problem:
    """Six-hump camel back: f* = -1.031628453489877 at ±(0.0898420131003, -0.7126564030207).

    SFU prints f* = -1.0316 at ±(0.0898, -0.7126); the minimisers here are Newton-polished
    (gradient exactly 0 in floating point), where f = -1.0316284534898774 (shipped).

    Examples
    --------
    >>> round(six_hump_camel().fun(np.array([0.0898420131003, -0.7126564030207])), 12)
    -1.03162845349
    """
    x_opt = [np.array(gf.CAMEL_X), -np.array(gf.CAMEL_X)]
    return _global("global-six-hump-camel", gf.six_hump_camel, [(-3.0, 3.0), (-2.0, 2.0)],
                   gf.six_hump_camel(x_opt[0]), x_opt, f"{SFU}; {JY}, Six-hump camel 29",
                   grad=gf.six_hump_camel_grad, x0=[1.0, 1.0])


@register("global-shubert", "Shubert on [-10, 10]^2, f* = -186.7309, 18 minimisers")
def shubert() -> Problem:
    """Shubert's function (SFU; J&Y Shubert 133): 18 global minimisers in [-10, 10]^2.

    f is a product g(x1) g(x2) of one 2 pi-periodic factor; its minimum is
    ``min(g) * max(g)`` with one coordinate at a maximiser of g (3 in [-10, 10]) and the
    other at a minimiser (3), either way round: 18 points. They are polished here from
    a grid of g with step 1e-5 and brentq on g' (``global_formulas.SHUBERT_G_MAX``,
    ``SHUBERT_G_MIN``); f* = f(x*) = -186.7309088310239... (SFU prints -186.7309).

    Examples
    --------
    >>> len(shubert().x_opt)
    18
    """
    x_opt = gf.shubert_minimisers()
    return _global("global-shubert", gf.shubert, [(-10.0, 10.0)] * 2, gf.shubert(x_opt[0]),
                   x_opt, f"{SFU}; {JY}, Shubert 133", grad=gf.shubert_grad, x0=[1.0, 1.0])


@register("global-hartmann-3", "Hartmann 3-d on [0, 1]^3, f* = -3.862779787332663")
def hartmann_3() -> Problem:
    """Hartmann's 3-d function (D&S; SFU). SFU prints f* = -3.86278 at (0.114614,
    0.555649, 0.852547), where f = -3.8627797869...; polished from there (L-BFGS-B,
    gtol 1e-14, then Newton), f* = -3.862779787332663 (shipped, all digits). The value
    -3.86278214782076 that some transcriptions print (scipy's go_benchmark ``Hartmann3``
    among them) is not reached with D&S's data: it lies below this minimum, and a dense
    multistart finds nothing lower than the value shipped here.

    Examples
    --------
    >>> round(hartmann_3().f_opt, 8)
    -3.86277979
    """
    x = np.array(gf.HARTMANN_3_X)
    return _global("global-hartmann-3", gf.hartmann_3, [(0.0, 1.0)] * 3, gf.hartmann_3(x),
                   [x], f"{DS}; {SFU}", grad=gf.hartmann_3_grad)


@register("global-hartmann-6", "Hartmann 6-d on [0, 1]^6, f* = -3.322368011415515")
def hartmann_6() -> Problem:
    """Hartmann's 6-d function (D&S; SFU). SFU prints f* = -3.32237 at (0.20169,
    0.150011, 0.476874, 0.275332, 0.311652, 0.6573), where f = -3.32236801139...;
    polished from there, f* = -3.322368011415515 (shipped, all digits).

    Examples
    --------
    >>> round(hartmann_6().f_opt, 8)
    -3.32236801
    """
    x = np.array(gf.HARTMANN_6_X)
    return _global("global-hartmann-6", gf.hartmann_6, [(0.0, 1.0)] * 6, gf.hartmann_6(x),
                   [x], f"{DS}; {SFU}", grad=gf.hartmann_6_grad)


@register("global-shekel", "Shekel m = 5, 7, 10 on [0, 10]^4, f* about -10.2 to -10.5")
def shekel(m: int = 10) -> Problem:
    """Shekel's foxholes S(4, m) of D&S; SFU prints f* = -10.1532, -10.4029, -10.5364 at
    about (4, 4, 4, 4). The minimisers are polished from (4, 4, 4, 4) (the minimiser is
    not exactly there: the other foxholes pull it) and f* shipped in full:
    -10.153199679058227, -10.402915336777744, -10.536443153483528. At (4, 4, 4, 4)
    itself f is -10.15320, -10.40282, -10.53628: the printed f* are the polished ones.

    Examples
    --------
    >>> round(shekel(5).f_opt, 4)
    -10.1532
    """
    published_choice("global-shekel", "m", m, {5: -10.1532, 7: -10.4029, 10: -10.5364})
    x = np.array(gf.SHEKEL_X[m])
    return _global("global-shekel", gf.shekel_function(m), [(0.0, 10.0)] * 4,
                   gf.shekel_function(m)(x), [x], f"{DS}; {SFU}",
                   grad=gf.shekel_grad_function(m), x0=[1.0, 1.0, 1.0, 1.0])


@register("global-michalewicz", "Michalewicz (m = 10) on [0, pi]^n, n = 2, 5, 10")
def michalewicz(n: Variables = 2) -> Problem:
    """Michalewicz with m = 10: ``-sum sin(x_i) sin(i x_i**2 / pi)**20``.

    SFU prints f* = -1.8013 (n = 2), -4.687658 (n = 5), -9.66015 (n = 10). f is
    separable, so the global minimiser is, per coordinate, the global minimiser of its
    1-d term: each is found here on a grid of 20 001 points and Newton-polished
    (`global_formulas.michalewicz_minimiser`); f* = f(x*) with all digits
    (-1.8013034100985532, -4.687658179088148, -9.660151715641343, in agreement with
    the printed values).

    Examples
    --------
    >>> round(michalewicz().f_opt, 4)
    -1.8013
    """
    published_choice("global-michalewicz", "n", n, {2: -1.8013, 5: -4.687658, 10: -9.66015})
    x = gf.michalewicz_minimiser(n)
    return _global("global-michalewicz", gf.michalewicz, [(0.0, math.pi)] * n,
                   gf.michalewicz(x), [x], f"{SFU}; {JY}, Michalewicz 84",
                   grad=gf.michalewicz_grad)


@register("global-eggholder", "Eggholder on [-512, 512]^2, f* = -959.6406627 at a bound")
def eggholder() -> Problem:
    """The Eggholder function (SFU; J&Y 50): f* = -959.6407 at (512, 404.2319), on the
    bound x1 = 512. Polished along x2 with x1 = 512 (Brent, tol 1e-12; the derivative
    in x1 there is -3.39 < 0: f decreases out of the box, so it is a constrained local
    minimum), x* = (512, 404.23180512536095), f* = -959.640662720851 (shipped; the
    printed point gives -959.6406627106). No analytic gradient.

    Examples
    --------
    >>> round(eggholder().f_opt, 4)
    -959.6407
    """
    x = np.array(gf.EGGHOLDER_X)
    return _global("global-eggholder", gf.eggholder, [(-512.0, 512.0)] * 2,
                   gf.eggholder(x), [x], f"{SFU}; {JY}, Egg Holder 50", x0=[100.0, 100.0])


@register("global-himmelblau", "Himmelblau on [-5, 5]^2, f* = 0 at 4 points")
def himmelblau() -> Problem:
    """Himmelblau (1972): ``(x1**2 + x2 - 11)**2 + (x1 + x2**2 - 7)**2``, f* = 0 at (3, 2)
    and three more points printed to 6 digits by J&Y (Himmelblau 65); those are
    Newton-polished here.

    Examples
    --------
    >>> himmelblau().fun(np.array([3.0, 2.0]))
    0.0
    """
    return _global("global-himmelblau", gf.himmelblau, [(-5.0, 5.0)] * 2, 0.0,
                   [np.array(x) for x in gf.HIMMELBLAU_X], f"{JY}, Himmelblau 65",
                   grad=gf.himmelblau_grad, x0=[1.0, 1.0])


@register("global-easom", "Easom on [-100, 100]^2, f* = -1 at (pi, pi)")
def easom() -> Problem:
    """Easom (1990): ``-cos x1 cos x2 exp(-(x1 - pi)**2 - (x2 - pi)**2)``; f* = -1 at (pi, pi).

    Examples
    --------
    >>> easom().fun(np.array([np.pi, np.pi]))
    -1.0
    """
    return _global("global-easom", gf.easom, [(-100.0, 100.0)] * 2, -1.0,
                   [[math.pi, math.pi]], f"{SFU}; {JY}, Easom 50", grad=gf.easom_grad)


@register("global-beale", "Beale on [-4.5, 4.5]^2, f* = 0 at (3, 0.5)")
def beale() -> Problem:
    """Beale (1958) in SFU's box: f* = 0 at (3, 0.5).

    Examples
    --------
    >>> beale().fun(np.array([3.0, 0.5]))
    0.0
    """
    return _global("global-beale", gf.beale, [(-4.5, 4.5)] * 2, 0.0, [[3.0, 0.5]],
                   f"{SFU}; {JY}, Beale 10", grad=gf.beale_grad, x0=[1.0, 1.0])


@register("global-booth", "Booth on [-10, 10]^2, f* = 0 at (1, 3)")
def booth() -> Problem:
    """Booth: ``(x1 + 2 x2 - 7)**2 + (2 x1 + x2 - 5)**2``; f* = 0 at (1, 3) (SFU).

    Examples
    --------
    >>> booth().fun(np.array([1.0, 3.0]))
    0.0
    """
    return _global("global-booth", gf.booth, [(-10.0, 10.0)] * 2, 0.0, [[1.0, 3.0]],
                   f"{SFU}; {JY}, Booth 17", grad=gf.booth_grad)


@register("global-matyas", "Matyas on [-10, 10]^2, f* = 0 at 0")
def matyas() -> Problem:
    """Matyas: ``0.26 (x1**2 + x2**2) - 0.48 x1 x2``; f* = 0 at 0 (SFU). x0 = (5, 5).

    Examples
    --------
    >>> matyas().fun(np.zeros(2))
    0.0
    """
    return _global("global-matyas", gf.matyas, [(-10.0, 10.0)] * 2, 0.0, [[0.0, 0.0]],
                   f"{SFU}; {JY}, Matyas 71", grad=gf.matyas_grad, x0=[5.0, 5.0])


@register("global-bukin-6", "Bukin 6 on [-15, -5] x [-3, 3], f* = 0 at (-10, 1)")
def bukin_6() -> Problem:
    """Bukin's function 6: ``100 sqrt|x2 - 0.01 x1**2| + 0.01 |x1 + 10|``; f* = 0 at
    (-10, 1) (SFU; J&Y Bukin 6 28). Not differentiable along a parabola: no gradient.

    Examples
    --------
    >>> bukin_6().fun(np.array([-10.0, 1.0]))
    0.0
    """
    return _global("global-bukin-6", gf.bukin_6, [(-15.0, -5.0), (-3.0, 3.0)], 0.0,
                   [[-10.0, 1.0]], f"{SFU}; {JY}, Bukin 6 28")


@register("global-cross-in-tray", "cross-in-tray on [-10, 10]^2, f* = -2.0626, 4 points")
def cross_in_tray() -> Problem:
    """Cross-in-tray (SFU; J&Y 38): f* = -2.06261 at (±1.3491, ±1.3491). The minimisers
    are polished (Nelder-Mead, then Newton on central differences; f is smooth there)
    and f* = -2.0626118708227383 shipped in full (the printed point gives
    -2.06261185). No analytic gradient.

    Examples
    --------
    >>> round(cross_in_tray().f_opt, 5)
    -2.06261
    """
    x_opt = [np.array(gf.CROSS_IN_TRAY_X) * s for s in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
    return _global("global-cross-in-tray", gf.cross_in_tray, [(-10.0, 10.0)] * 2,
                   gf.cross_in_tray(x_opt[0]), x_opt, f"{SFU}; {JY}, Cross-in-Tray 39",
                   x0=[5.0, 5.0])


@register("global-holder-table", "Holder table on [-10, 10]^2, f* = -19.2085 at 4 points")
def holder_table() -> Problem:
    """Holder table (SFU; J&Y Holder Table 146): f* = -19.2085 at (±8.05502, ±9.66459).
    The printed points give f = -19.2085025677676; polished (Nelder-Mead, then Newton on
    central differences) to f* = -19.208502567886725, shipped in full. No analytic
    gradient.

    Examples
    --------
    >>> round(holder_table().f_opt, 4)
    -19.2085
    """
    x_opt = [np.array(gf.HOLDER_TABLE_X) * s for s in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
    return _global("global-holder-table", gf.holder_table, [(-10.0, 10.0)] * 2,
                   gf.holder_table(x_opt[0]), x_opt, f"{SFU}; {JY}, Holder Table 146",
                   x0=[1.0, 1.0])


@register("global-drop-wave", "drop-wave on [-5.12, 5.12]^2, f* = -1 at 0")
def drop_wave() -> Problem:
    """Drop-wave: ``-(1 + cos(12 r)) / (0.5 r**2 + 2)``, r = |x|; f* = -1 at 0 (SFU).

    Examples
    --------
    >>> drop_wave().fun(np.zeros(2))
    -1.0
    """
    return _global("global-drop-wave", gf.drop_wave, [(-5.12, 5.12)] * 2, -1.0, [[0.0, 0.0]],
                   SFU, grad=gf.drop_wave_grad, x0=[2.0, 2.0])
