"""The 35 MGH objectives written again, as plain loops straight from the paper.

Moré, Garbow & Hillstrom (1981), "Testing unconstrained optimization software", ACM TOMS
7(1):17-41, section 3, problems (1)-(35): each function returns the residuals f_i(x) of
the paper's problem, term by term, so that tests can compare the package's vectorised
residuals with an independent transcription. Data vectors are typed in again here from
the paper's tables (Bard, Gaussian, Meyer, Kowalik & Osborne, Osborne 1 and 2).
"""

from __future__ import annotations

import math

BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10,
          4.39]
GAUSSIAN_Y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420,
              0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
MEYER_Y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427,
           3820, 3307, 2872]
KOWALIK_Y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235,
             0.0246]
KOWALIK_U = [4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
OSBORNE1_Y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
              0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
              0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
OSBORNE2_Y = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746,
              0.679, 0.608, 0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649,
              0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395,
              0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653,
              0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739,
              0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]


def rosenbrock(x):  # (1) and, for n > 2, (21)
    out = []
    for i in range(0, len(x), 2):
        out += [10 * (x[i + 1] - x[i] ** 2), 1 - x[i]]
    return out


def freudenstein_roth(x):  # (2)
    x1, x2 = x
    return [-13 + x1 + ((5 - x2) * x2 - 2) * x2, -29 + x1 + ((x2 + 1) * x2 - 14) * x2]


def powell_badly_scaled(x):  # (3)
    return [1e4 * x[0] * x[1] - 1, math.exp(-x[0]) + math.exp(-x[1]) - 1.0001]


def brown_badly_scaled(x):  # (4)
    return [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]


def beale(x):  # (5)
    return [y - x[0] * (1 - x[1] ** i) for i, y in zip((1, 2, 3), (1.5, 2.25, 2.625), strict=True)]


def jennrich_sampson(x, m=10):  # (6)
    return [2 + 2 * i - (math.exp(i * x[0]) + math.exp(i * x[1])) for i in range(1, m + 1)]


def helical_valley(x):  # (7)
    x1, x2, x3 = x
    theta = math.atan(x2 / x1) / (2 * math.pi)
    if x1 < 0:
        theta += 0.5
    return [10 * (x3 - 10 * theta), 10 * (math.sqrt(x1**2 + x2**2) - 1), x3]


def bard(x):  # (8)
    out = []
    for i in range(1, 16):
        u, v = i, 16 - i
        out.append(BARD_Y[i - 1] - (x[0] + u / (v * x[1] + min(u, v) * x[2])))
    return out


def gaussian(x):  # (9)
    out = []
    for i in range(1, 16):
        t = (8 - i) / 2
        out.append(x[0] * math.exp(-x[1] * (t - x[2]) ** 2 / 2) - GAUSSIAN_Y[i - 1])
    return out


def meyer(x):  # (10)
    return [x[0] * math.exp(x[1] / (45 + 5 * i + x[2])) - MEYER_Y[i - 1] for i in range(1, 17)]


def gulf(x, m=99):  # (11), with the paper's "y_i m i x2" read as y_i - x2
    out = []
    for i in range(1, m + 1):
        t = i / 100
        y = 25 + (-50 * math.log(t)) ** (2 / 3)
        out.append(math.exp(-abs(y - x[1]) ** x[2] / x[0]) - t)
    return out


def box_3d(x, m=10):  # (12)
    out = []
    for i in range(1, m + 1):
        t = 0.1 * i
        out.append(math.exp(-t * x[0]) - math.exp(-t * x[1])
                   - x[2] * (math.exp(-t) - math.exp(-10 * t)))
    return out


def powell_singular(x):  # (13) and, for n > 4, (22)
    out = []
    for k in range(0, len(x), 4):
        a, b, c, d = x[k:k + 4]
        out += [a + 10 * b, math.sqrt(5) * (c - d), (b - 2 * c) ** 2,
                math.sqrt(10) * (a - d) ** 2]
    return out


def wood(x):  # (14)
    x1, x2, x3, x4 = x
    return [10 * (x2 - x1**2), 1 - x1, math.sqrt(90) * (x4 - x3**2), 1 - x3,
            math.sqrt(10) * (x2 + x4 - 2), (x2 - x4) / math.sqrt(10)]


def kowalik_osborne(x):  # (15)
    out = []
    for y, u in zip(KOWALIK_Y, KOWALIK_U, strict=True):
        out.append(y - x[0] * (u**2 + u * x[1]) / (u**2 + u * x[2] + x[3]))
    return out


def brown_dennis(x, m=20):  # (16)
    out = []
    for i in range(1, m + 1):
        t = i / 5
        out.append((x[0] + t * x[1] - math.exp(t)) ** 2
                   + (x[2] + x[3] * math.sin(t) - math.cos(t)) ** 2)
    return out


def osborne_1(x):  # (17)
    out = []
    for i in range(1, 34):
        t = 10 * (i - 1)
        model = x[0] + x[1] * math.exp(-t * x[3]) + x[2] * math.exp(-t * x[4])
        out.append(OSBORNE1_Y[i - 1] - model)
    return out


def biggs_exp6(x, m=13):  # (18)
    out = []
    for i in range(1, m + 1):
        t = 0.1 * i
        y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
        out.append(x[2] * math.exp(-t * x[0]) - x[3] * math.exp(-t * x[1])
                   + x[5] * math.exp(-t * x[4]) - y)
    return out


def osborne_2(x):  # (19)
    out = []
    for i in range(1, 66):
        t = (i - 1) / 10
        model = x[0] * math.exp(-t * x[4])
        for k in range(3):
            model += x[1 + k] * math.exp(-((t - x[8 + k]) ** 2) * x[5 + k])
        out.append(OSBORNE2_Y[i - 1] - model)
    return out


def watson(x):  # (20)
    n = len(x)
    out = []
    for i in range(1, 30):
        t = i / 29
        first = sum((j - 1) * x[j - 1] * t ** (j - 2) for j in range(2, n + 1))
        second = sum(x[j - 1] * t ** (j - 1) for j in range(1, n + 1))
        out.append(first - second**2 - 1)
    return out + [x[0], x[1] - x[0] ** 2 - 1]


def penalty_1(x):  # (23)
    a = 1e-5
    return [math.sqrt(a) * (xi - 1) for xi in x] + [sum(xi**2 for xi in x) - 0.25]


def penalty_2(x):  # (24)
    n, a = len(x), 1e-5
    out = [x[0] - 0.2]
    for i in range(2, n + 1):
        y = math.exp(i / 10) + math.exp((i - 1) / 10)
        out.append(math.sqrt(a) * (math.exp(x[i - 1] / 10) + math.exp(x[i - 2] / 10) - y))
    for i in range(n + 1, 2 * n):
        out.append(math.sqrt(a) * (math.exp(x[i - n] / 10) - math.exp(-1 / 10)))
    out.append(sum((n - j + 1) * x[j - 1] ** 2 for j in range(1, n + 1)) - 1)
    return out


def variably_dimensioned(x):  # (25)
    s = sum(j * (x[j - 1] - 1) for j in range(1, len(x) + 1))
    return [xi - 1 for xi in x] + [s, s**2]


def trigonometric(x):  # (26)
    n = len(x)
    total = sum(math.cos(xj) for xj in x)
    return [n - total + i * (1 - math.cos(x[i - 1])) - math.sin(x[i - 1])
            for i in range(1, n + 1)]


def brown_almost_linear(x):  # (27)
    n = len(x)
    out = [x[i] + sum(x) - (n + 1) for i in range(n - 1)]
    product = 1.0
    for xj in x:
        product *= xj
    return out + [product - 1]


def discrete_boundary_value(x):  # (28)
    n = len(x)
    h = 1 / (n + 1)
    padded = [0.0, *x, 0.0]
    return [2 * padded[i] - padded[i - 1] - padded[i + 1] + h**2 * (padded[i] + i * h + 1) ** 3 / 2
            for i in range(1, n + 1)]


def discrete_integral_equation(x):  # (29)
    n = len(x)
    h = 1 / (n + 1)
    out = []
    for i in range(1, n + 1):
        ti = i * h
        left = sum(j * h * (x[j - 1] + j * h + 1) ** 3 for j in range(1, i + 1))
        right = sum((1 - j * h) * (x[j - 1] + j * h + 1) ** 3 for j in range(i + 1, n + 1))
        out.append(x[i - 1] + h * ((1 - ti) * left + ti * right) / 2)
    return out


def broyden_tridiagonal(x):  # (30)
    padded = [0.0, *x, 0.0]
    return [(3 - 2 * padded[i]) * padded[i] - padded[i - 1] - 2 * padded[i + 1] + 1
            for i in range(1, len(x) + 1)]


def broyden_banded(x):  # (31), m_l = 5, m_u = 1
    n = len(x)
    out = []
    for i in range(1, n + 1):
        band = [j for j in range(max(1, i - 5), min(n, i + 1) + 1) if j != i]
        xi = x[i - 1]
        out.append(xi * (2 + 5 * xi**2) + 1 - sum(x[j - 1] * (1 + x[j - 1]) for j in band))
    return out


def linear_full_rank(x, m=20):  # (32)
    n, total = len(x), sum(x)
    return [(x[i - 1] if i <= n else 0.0) - 2 * total / m - 1 for i in range(1, m + 1)]


def linear_rank_1(x, m=20):  # (33)
    s = sum(j * x[j - 1] for j in range(1, len(x) + 1))
    return [i * s - 1 for i in range(1, m + 1)]


def linear_rank_1_zero(x, m=20):  # (34)
    s = sum(j * x[j - 1] for j in range(2, len(x)))
    return [-1.0] + [(i - 1) * s - 1 for i in range(2, m)] + [-1.0]


def chebyquad(x):  # (35), m = n; T_i shifted to [0, 1]: T_i(x) = cos(i arccos(2x - 1))
    n = len(x)
    out = []
    for i in range(1, n + 1):
        mean = sum(math.cos(i * math.acos(2 * xj - 1)) for xj in x) / n
        integral = -1 / (i * i - 1) if i % 2 == 0 else 0.0
        out.append(mean - integral)
    return out


def sum_of_squares(residuals, x):
    """f = sum f_i(x)**2, the paper's objective."""
    return math.fsum(r * r for r in residuals(list(map(float, x))))
