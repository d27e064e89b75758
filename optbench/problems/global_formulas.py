"""The formulas of the global test functions, their gradients and polished minimisers.

Pure functions of ``x`` (1-d arrays); `optbench.problems.global_functions` registers the
problems and cites the sources. Constants named ``*_X`` are minimisers polished from the
published points (how: see each problem's docstring); they were found with
``scipy.optimize.minimize`` (L-BFGS-B, ``gtol=1e-14``) or Newton's method on the 1-d
factors, and are checked by ``tests/test_global_functions.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import overload

import numpy as np
from scipy.optimize import rosen, rosen_der

from optbench.problems.base import Vector

Fun = Callable[[Vector], float]
Grad = Callable[[Vector], Vector]

# --- polished minimisers (see the registering docstrings) -----------------------------
SCHWEFEL_C = 418.982887272433799807913601398
SCHWEFEL_X = 420.968746359982025
STYBLINSKI_TANG_X = -2.903534027771177
CAMEL_X = (0.08984201310031807, -0.7126564030207396)
#: Shubert's factor g: its 3 global maximisers and 3 global minimisers in [-10, 10].
SHUBERT_G_MAX = (-7.0835064076515595, -0.8003211004719731, 5.482864206707613)
SHUBERT_G_MIN = (-7.708313735499348, -1.425128428319761, 4.858056878859825)
HARTMANN_3_X = (0.11458887665506896, 0.5556488946169301, 0.8525469846866774)
HARTMANN_6_X = (0.20168951100670543, 0.15001069182345797, 0.47687397422189703,
                0.2753324304940561, 0.31165161660011326, 0.6573005340656204)
SHEKEL_X = {
    5: (4.000037152819676, 4.00013327659156, 4.000037152819676, 4.00013327659156),
    7: (4.000572819251117, 3.9996062096096887, 4.000572819251117, 3.9996062096096887),
    10: (4.000746868270634, 3.9995094800857736, 4.000746868270634, 3.9995094800857736),
}
#: Global minimisers of Michalewicz's 1-d terms, coordinate i = 1..10.
MICHALEWICZ_X = (2.2029055201726093, 1.5707963267948966, 1.2849915705529245,
                 1.9230584698663629, 1.7204697725658413, 1.5707963267948966,
                 1.4544139713623792, 1.7560865209450265, 1.6557174168210291,
                 1.5707963267948966)
EGGHOLDER_X = (512.0, 404.23180512536095)
HIMMELBLAU_X = ((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                (-3.779310253377747, -3.2831859912861696),
                (3.5844283403304917, -1.8481265269644034))
CROSS_IN_TRAY_X = (1.3494066388492278, 1.3494066423332132)
HOLDER_TABLE_X = (8.055023477757281, 9.664590018284413)


def ackley(x: Vector) -> float:
    """Ackley: ``20 (1 - exp(-0.2 rms(x))) + e - exp(mean cos(2 pi x))``."""
    rms = math.sqrt(float(np.mean(x * x)))
    return float(20.0 * (1.0 - math.exp(-0.2 * rms))
                 + (math.e - math.exp(float(np.mean(np.cos(2.0 * math.pi * x))))))


def ackley_grad(x: Vector) -> Vector:
    """Gradient of `ackley` (0 at the origin, where the rms term has no derivative)."""
    n = x.size
    rms = math.sqrt(float(np.mean(x * x)))
    first = 4.0 * math.exp(-0.2 * rms) * x / (n * rms) if rms > 0.0 else np.zeros(n)
    wave = math.exp(float(np.mean(np.cos(2.0 * math.pi * x))))
    return first + wave * 2.0 * math.pi * np.sin(2.0 * math.pi * x) / n


def rastrigin(x: Vector) -> float:
    """Rastrigin: ``sum x**2 + 10 (1 - cos(2 pi x))``."""
    return float(np.sum(x * x + 10.0 * (1.0 - np.cos(2.0 * math.pi * x))))


def rastrigin_grad(x: Vector) -> Vector:
    """Gradient of `rastrigin`."""
    return 2.0 * x + 20.0 * math.pi * np.sin(2.0 * math.pi * x)


def _griewank_scaled(x: Vector) -> Vector:
    return x / np.sqrt(np.arange(1.0, x.size + 1.0))


def griewank(x: Vector) -> float:
    """Griewank: ``1 + sum x**2 / 4000 - prod cos(x_i / sqrt(i))``."""
    return float(1.0 + np.sum(x * x) / 4000.0 - np.prod(np.cos(_griewank_scaled(x))))


def griewank_grad(x: Vector) -> Vector:
    """Gradient of `griewank`."""
    u = _griewank_scaled(x)
    cosines = np.cos(u)
    others = np.array([np.prod(np.delete(cosines, i)) for i in range(x.size)])
    return x / 2000.0 + np.sin(u) / np.sqrt(np.arange(1.0, x.size + 1.0)) * others


def schwefel(x: Vector) -> float:
    """Schwefel 2.26: ``418.98288727243... n - sum x sin(sqrt|x|)``."""
    return float(SCHWEFEL_C * x.size - np.sum(x * np.sin(np.sqrt(np.abs(x)))))


def schwefel_grad(x: Vector) -> Vector:
    """Gradient of `schwefel`: ``-(sin s + s cos(s) / 2)`` with ``s = sqrt|x|``."""
    s = np.sqrt(np.abs(x))
    return -(np.sin(s) + 0.5 * s * np.cos(s))


def levy(x: Vector) -> float:
    """Levy (SFU's form, ``w = 1 + (x - 1) / 4``)."""
    w = 1.0 + (x - 1.0) / 4.0
    middle = (w[:-1] - 1.0) ** 2 * (1.0 + 10.0 * np.sin(math.pi * w[:-1] + 1.0) ** 2)
    last = (w[-1] - 1.0) ** 2 * (1.0 + np.sin(2.0 * math.pi * w[-1]) ** 2)
    return float(np.sin(math.pi * w[0]) ** 2 + np.sum(middle) + last)


def levy_grad(x: Vector) -> Vector:
    """Gradient of `levy`."""
    w = 1.0 + (x - 1.0) / 4.0
    g = np.zeros_like(w)
    g[0] += math.pi * np.sin(2.0 * math.pi * w[0])
    v = w[:-1]
    g[:-1] += (2.0 * (v - 1.0) * (1.0 + 10.0 * np.sin(math.pi * v + 1.0) ** 2)
               + (v - 1.0) ** 2 * 10.0 * math.pi * np.sin(2.0 * (math.pi * v + 1.0)))
    z = w[-1]
    g[-1] += (2.0 * (z - 1.0) * (1.0 + np.sin(2.0 * math.pi * z) ** 2)
              + (z - 1.0) ** 2 * 2.0 * math.pi * np.sin(4.0 * math.pi * z))
    return g / 4.0


def styblinski_tang(x: Vector) -> float:
    """Styblinski-Tang: ``sum(x**4 - 16 x**2 + 5 x) / 2``."""
    return float(np.sum(x**4 - 16.0 * x**2 + 5.0 * x) / 2.0)


def styblinski_tang_grad(x: Vector) -> Vector:
    """Gradient of `styblinski_tang`."""
    return (4.0 * x**3 - 32.0 * x + 5.0) / 2.0


def _zakharov_s(x: Vector) -> float:
    return float(np.sum(0.5 * np.arange(1.0, x.size + 1.0) * x))


def zakharov(x: Vector) -> float:
    """Zakharov: ``sum x**2 + s**2 + s**4`` with ``s = sum i x_i / 2``."""
    s = _zakharov_s(x)
    return float(np.sum(x * x) + s**2 + s**4)


def zakharov_grad(x: Vector) -> Vector:
    """Gradient of `zakharov`."""
    s = _zakharov_s(x)
    return 2.0 * x + (2.0 * s + 4.0 * s**3) * 0.5 * np.arange(1.0, x.size + 1.0)


def dixon_price(x: Vector) -> float:
    """Dixon-Price: ``(x1 - 1)**2 + sum_{i>=2} i (2 x_i**2 - x_{i-1})**2``."""
    i = np.arange(2.0, x.size + 1.0)
    return float((x[0] - 1.0) ** 2 + np.sum(i * (2.0 * x[1:] ** 2 - x[:-1]) ** 2))


def dixon_price_grad(x: Vector) -> Vector:
    """Gradient of `dixon_price`."""
    i = np.arange(2.0, x.size + 1.0)
    r = 2.0 * x[1:] ** 2 - x[:-1]
    g = np.zeros_like(x)
    g[0] = 2.0 * (x[0] - 1.0)
    g[1:] += i * 2.0 * r * 4.0 * x[1:]
    g[:-1] -= i * 2.0 * r
    return g


def rosenbrock(x: Vector) -> float:
    """Rosenbrock (``scipy.optimize.rosen``)."""
    return float(rosen(x))


def rosenbrock_grad(x: Vector) -> Vector:
    """Gradient of `rosenbrock` (``scipy.optimize.rosen_der``)."""
    return rosen_der(x)


_BRANIN_B, _BRANIN_C, _BRANIN_T = 5.1 / (4.0 * math.pi**2), 5.0 / math.pi, 1.0 / (8.0 * math.pi)


def branin(x: Vector) -> float:
    """Branin-Hoo: ``(x2 - b x1**2 + c x1 - 6)**2 + 10 (1 - t) cos x1 + 10``."""
    u = x[1] - _BRANIN_B * x[0] ** 2 + _BRANIN_C * x[0] - 6.0
    return float(u**2 + 10.0 * (1.0 - _BRANIN_T) * math.cos(x[0]) + 10.0)


def branin_grad(x: Vector) -> Vector:
    """Gradient of `branin`."""
    u = x[1] - _BRANIN_B * x[0] ** 2 + _BRANIN_C * x[0] - 6.0
    return np.array([2.0 * u * (_BRANIN_C - 2.0 * _BRANIN_B * x[0])
                     - 10.0 * (1.0 - _BRANIN_T) * math.sin(x[0]), 2.0 * u])


def goldstein_price(x: Vector) -> float:
    """Goldstein-Price (D&S's form)."""
    a, b = float(x[0]), float(x[1])
    first = 1.0 + (a + b + 1.0) ** 2 * (19.0 - 14.0 * a + 3.0 * a * a - 14.0 * b
                                        + 6.0 * a * b + 3.0 * b * b)
    second = 30.0 + (2.0 * a - 3.0 * b) ** 2 * (18.0 - 32.0 * a + 12.0 * a * a + 48.0 * b
                                                - 36.0 * a * b + 27.0 * b * b)
    return first * second


def six_hump_camel(x: Vector) -> float:
    """Six-hump camel back: ``(4 - 2.1 a**2 + a**4 / 3) a**2 + a b + (4 b**2 - 4) b**2``."""
    a, b = float(x[0]), float(x[1])
    return (4.0 - 2.1 * a * a + a**4 / 3.0) * a * a + a * b + (4.0 * b * b - 4.0) * b * b


def six_hump_camel_grad(x: Vector) -> Vector:
    """Gradient of `six_hump_camel`."""
    a, b = float(x[0]), float(x[1])
    return np.array([8.0 * a - 8.4 * a**3 + 2.0 * a**5 + b, a - 8.0 * b + 16.0 * b**3])


_SHUBERT_I = np.arange(1.0, 6.0)


@overload
def shubert_factor(t: float) -> float: ...
@overload
def shubert_factor(t: Vector) -> Vector: ...
def shubert_factor(t: float | Vector) -> float | Vector:
    """Shubert's 1-d factor ``g(t) = sum_{i=1}^5 i cos((i + 1) t + i)``, elementwise."""
    t = np.asarray(t, dtype=float)[..., None]
    return np.sum(_SHUBERT_I * np.cos((_SHUBERT_I + 1.0) * t + _SHUBERT_I), axis=-1)


@overload
def _shubert_factor_derivative(t: float) -> float: ...
@overload
def _shubert_factor_derivative(t: Vector) -> Vector: ...
def _shubert_factor_derivative(t: float | Vector) -> float | Vector:
    t = np.asarray(t, dtype=float)[..., None]
    return -np.sum(_SHUBERT_I * (_SHUBERT_I + 1.0) * np.sin((_SHUBERT_I + 1.0) * t + _SHUBERT_I),
                   axis=-1)


def shubert(x: Vector) -> float:
    """Shubert: ``g(x1) g(x2)``."""
    return float(np.prod(shubert_factor(x)))


def shubert_grad(x: Vector) -> Vector:
    """Gradient of `shubert`."""
    g, dg = shubert_factor(x), _shubert_factor_derivative(x)
    return np.array([dg[0] * g[1], g[0] * dg[1]])


def shubert_minimisers() -> list[Vector]:
    """The 18 global minimisers in [-10, 10]^2: one coordinate maximises g, the other
    minimises it."""
    pairs = [(a, b) for a in SHUBERT_G_MAX for b in SHUBERT_G_MIN]
    return [np.array(p) for a, b in pairs for p in ((a, b), (b, a))]


_HARTMANN_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_HARTMANN_3_A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
_HARTMANN_3_P = 1e-4 * np.array([[3689.0, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547],
                                 [381, 5743, 8828]])
_HARTMANN_6_A = np.array([[10.0, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                          [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
_HARTMANN_6_P = 1e-4 * np.array([[1312.0, 1696, 5569, 124, 8283, 5886],
                                 [2329, 4135, 8307, 3736, 1004, 9991],
                                 [2348, 1451, 3522, 2883, 3047, 6650],
                                 [4047, 8828, 8732, 5743, 1091, 381]])


def _hartmann(a: np.ndarray, p: np.ndarray, x: Vector) -> tuple[float, Vector]:
    terms = _HARTMANN_ALPHA * np.exp(-np.sum(a * (x - p) ** 2, axis=1))
    return float(-np.sum(terms)), (terms[:, None] * 2.0 * a * (x - p)).sum(axis=0)


def hartmann_3(x: Vector) -> float:
    """Hartmann 3-d: ``-sum alpha_i exp(-sum_j A_ij (x_j - P_ij)**2)``."""
    return _hartmann(_HARTMANN_3_A, _HARTMANN_3_P, x)[0]


def hartmann_3_grad(x: Vector) -> Vector:
    """Gradient of `hartmann_3`."""
    return _hartmann(_HARTMANN_3_A, _HARTMANN_3_P, x)[1]


def hartmann_6(x: Vector) -> float:
    """Hartmann 6-d."""
    return _hartmann(_HARTMANN_6_A, _HARTMANN_6_P, x)[0]


def hartmann_6_grad(x: Vector) -> Vector:
    """Gradient of `hartmann_6`."""
    return _hartmann(_HARTMANN_6_A, _HARTMANN_6_P, x)[1]


_SHEKEL_BETA = 0.1 * np.array([1.0, 2, 2, 4, 4, 6, 3, 7, 5, 5])
_SHEKEL_C = np.array([[4.0, 1, 8, 6, 3, 2, 5, 8, 6, 7], [4.0, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
                      [4.0, 1, 8, 6, 3, 2, 5, 8, 6, 7], [4.0, 1, 8, 6, 7, 9, 3, 1, 2, 3.6]]).T


def _shekel_d(m: int, x: Vector) -> tuple[np.ndarray, np.ndarray]:
    diff = x - _SHEKEL_C[:m]
    return np.sum(diff**2, axis=1) + _SHEKEL_BETA[:m], diff


def shekel_function(m: int) -> Fun:
    """Shekel S(4, m): ``-sum_{i<=m} 1 / (|x - C_i|**2 + beta_i)``."""

    def shekel(x: Vector) -> float:
        return float(-np.sum(1.0 / _shekel_d(m, x)[0]))

    return shekel


def shekel_grad_function(m: int) -> Grad:
    """The gradient of `shekel_function` ``(m)``."""

    def shekel_grad(x: Vector) -> Vector:
        d, diff = _shekel_d(m, x)
        return np.sum(2.0 * diff / d[:, None] ** 2, axis=0)

    return shekel_grad


def michalewicz(x: Vector) -> float:
    """Michalewicz, m = 10: ``-sum sin(x_i) sin(i x_i**2 / pi)**20``."""
    u = np.arange(1.0, x.size + 1.0) * x**2 / math.pi
    return float(-np.sum(np.sin(x) * np.sin(u) ** 20))


def michalewicz_grad(x: Vector) -> Vector:
    """Gradient of `michalewicz`."""
    i = np.arange(1.0, x.size + 1.0)
    u = i * x**2 / math.pi
    return -(np.cos(x) * np.sin(u) ** 20
             + np.sin(x) * 20.0 * np.sin(u) ** 19 * np.cos(u) * 2.0 * i * x / math.pi)


def michalewicz_minimiser(n: int) -> Vector:
    """The global minimiser in [0, pi]^n: coordinate-wise, ``MICHALEWICZ_X[:n]``."""
    return np.array(MICHALEWICZ_X[:n])


def eggholder(x: Vector) -> float:
    """Eggholder: ``-(b + 47) sin sqrt|b + a/2 + 47| - a sin sqrt|a - (b + 47)|``."""
    a, b = float(x[0]), float(x[1])
    return (-(b + 47.0) * math.sin(math.sqrt(abs(b + a / 2.0 + 47.0)))
            - a * math.sin(math.sqrt(abs(a - (b + 47.0)))))


def himmelblau(x: Vector) -> float:
    """Himmelblau: ``(a**2 + b - 11)**2 + (a + b**2 - 7)**2``."""
    a, b = float(x[0]), float(x[1])
    return (a * a + b - 11.0) ** 2 + (a + b * b - 7.0) ** 2


def himmelblau_grad(x: Vector) -> Vector:
    """Gradient of `himmelblau`."""
    a, b = float(x[0]), float(x[1])
    u, v = a * a + b - 11.0, a + b * b - 7.0
    return np.array([4.0 * a * u + 2.0 * v, 2.0 * u + 4.0 * b * v])


def easom(x: Vector) -> float:
    """Easom: ``-cos a cos b exp(-(a - pi)**2 - (b - pi)**2)``."""
    a, b = float(x[0]), float(x[1])
    return -math.cos(a) * math.cos(b) * math.exp(-((a - math.pi) ** 2) - (b - math.pi) ** 2)


def easom_grad(x: Vector) -> Vector:
    """Gradient of `easom`."""
    a, b = float(x[0]), float(x[1])
    e = math.exp(-((a - math.pi) ** 2) - (b - math.pi) ** 2)
    ca, cb, sa, sb = math.cos(a), math.cos(b), math.sin(a), math.sin(b)
    return np.array([e * cb * (sa + 2.0 * (a - math.pi) * ca),
                     e * ca * (sb + 2.0 * (b - math.pi) * cb)])


_BEALE_C = (1.5, 2.25, 2.625)


def beale(x: Vector) -> float:
    """Beale: ``sum_k (c_k - a + a b**k)**2``, c = (1.5, 2.25, 2.625)."""
    a, b = float(x[0]), float(x[1])
    return sum((c - a + a * b**k) ** 2 for k, c in enumerate(_BEALE_C, start=1))


def beale_grad(x: Vector) -> Vector:
    """Gradient of `beale`."""
    a, b = float(x[0]), float(x[1])
    g = np.zeros(2)
    for k, c in enumerate(_BEALE_C, start=1):
        t = c - a + a * b**k
        g += 2.0 * t * np.array([b**k - 1.0, a * k * b ** (k - 1)])
    return g


def booth(x: Vector) -> float:
    """Booth: ``(a + 2b - 7)**2 + (2a + b - 5)**2``."""
    a, b = float(x[0]), float(x[1])
    return (a + 2.0 * b - 7.0) ** 2 + (2.0 * a + b - 5.0) ** 2


def booth_grad(x: Vector) -> Vector:
    """Gradient of `booth`."""
    a, b = float(x[0]), float(x[1])
    u, v = a + 2.0 * b - 7.0, 2.0 * a + b - 5.0
    return np.array([2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v])


def matyas(x: Vector) -> float:
    """Matyas: ``0.26 (a**2 + b**2) - 0.48 a b``."""
    a, b = float(x[0]), float(x[1])
    return 0.26 * (a * a + b * b) - 0.48 * a * b


def matyas_grad(x: Vector) -> Vector:
    """Gradient of `matyas`."""
    a, b = float(x[0]), float(x[1])
    return np.array([0.52 * a - 0.48 * b, 0.52 * b - 0.48 * a])


def bukin_6(x: Vector) -> float:
    """Bukin 6: ``100 sqrt|b - 0.01 a**2| + 0.01 |a + 10|``."""
    a, b = float(x[0]), float(x[1])
    return 100.0 * math.sqrt(abs(b - 0.01 * a * a)) + 0.01 * abs(a + 10.0)


def cross_in_tray(x: Vector) -> float:
    """Cross-in-tray: ``-1e-4 (|sin a sin b exp|100 - r/pi|| + 1)**0.1``."""
    a, b = float(x[0]), float(x[1])
    r = math.hypot(a, b)
    inner = abs(math.sin(a) * math.sin(b) * math.exp(abs(100.0 - r / math.pi)))
    return -1e-4 * (inner + 1.0) ** 0.1


def holder_table(x: Vector) -> float:
    """Holder table: ``-|sin a cos b exp|1 - r/pi||``."""
    a, b = float(x[0]), float(x[1])
    r = math.hypot(a, b)
    return -abs(math.sin(a) * math.cos(b) * math.exp(abs(1.0 - r / math.pi)))


def drop_wave(x: Vector) -> float:
    """Drop-wave: ``-(1 + cos 12 r) / (r**2 / 2 + 2)``."""
    r2 = float(x @ x)
    return -(1.0 + math.cos(12.0 * math.sqrt(r2))) / (0.5 * r2 + 2.0)


def drop_wave_grad(x: Vector) -> Vector:
    """Gradient of `drop_wave`; ``sin(12 r) / r`` as ``12 sinc`` so that it is finite at 0."""
    r2 = float(x @ x)
    r = math.sqrt(r2)
    q = 0.5 * r2 + 2.0
    sin_over_r = 12.0 * float(np.sinc(12.0 * r / math.pi))
    return x * (12.0 * sin_over_r * q + (1.0 + math.cos(12.0 * r))) / q**2
