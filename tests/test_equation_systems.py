"""MINPACK-1's 14 test systems and the large sparse systems, against MINPACK's own sources.

References:

- [guide] Moré, Garbow & Hillstrom, *User Guide for MINPACK-1*, Argonne report ANL-80-74
  (1980), chapter 4: subroutine vecfcn (the equations) and initpt (the starts), which
  `vecfcn` and `initpt` below transcribe loop by loop, independently of optbench's code.
- [driver] the printed output of MINPACK's hybrd1 test driver (hybdrv) on these problems,
  "initial l2 norm of the residuals" and "final approximate solution" of each run, as
  kept with cminpack (examples/ref/hybdrv.fortran.ref).
- [MGH] Moré, Garbow & Hillstrom (1981), ACM TOMS 7:17-41, section 3.
- [Moré 1989] J. J. Moré, A collection of nonlinear model problems, Argonne MCS-P60-0289,
  problem 3 (Bratu), as CUTEst's BRATU2D.
"""

import math
import pickle
import time

import mpmath
import numpy as np
import pytest
from scipy.linalg import solve_banded
from scipy.optimize import fsolve, newton_krylov

import optbench.problems.equation_systems  # noqa: F401  (registers the systems)
import optbench.problems.equation_systems_large  # noqa: F401
from optbench.errors import OptbenchError
from optbench.problems import get_problem
from optbench.problems.equation_systems import CHEBYQUAD_ZEROS, MINPACK_SYSTEMS
from optbench.problems.equation_systems_large import (
    DENSE_LIMIT,
    LARGE_SYSTEMS,
    SOLVE_TOL,
    sparse_newton,
)
from optbench.problems.roots import get_equation_system
from optbench.problems.sumsq import get_sum_of_squares

# vecfcn's problem number of each system.
NPROB = {"eq-rosenbrock": 1, "eq-powell-singular": 2, "eq-powell-badly-scaled": 3,
         "eq-wood": 4, "eq-helical-valley": 5, "eq-watson": 6, "eq-chebyquad": 7,
         "eq-brown-almost-linear": 8, "eq-discrete-boundary-value": 9,
         "eq-discrete-integral-equation": 10, "eq-trigonometric": 11,
         "eq-variably-dimensioned": 12, "eq-broyden-tridiagonal": 13, "eq-broyden-banded": 14,
         "eq-broyden-tridiagonal-large": 13, "eq-discrete-boundary-value-large": 9}


def _nprob(spec):
    return NPROB[spec.split("[")[0]]


def _watson(x, n, one):
    fvec = [0 * one] * n
    for i in range(1, 30):
        ti = one * i / 29
        sum1, temp = 0 * one, one
        for j in range(2, n + 1):
            sum1 += (j - 1) * temp * x[j - 1]
            temp *= ti
        sum2, temp = 0 * one, one
        for j in range(1, n + 1):
            sum2 += temp * x[j - 1]
            temp *= ti
        temp1, temp2, temp = sum1 - sum2**2 - 1, 2 * ti * sum2, 1 / ti
        for k in range(1, n + 1):
            fvec[k - 1] += temp * ((k - 1) - temp2) * temp1
            temp *= ti
    temp = x[1] - x[0] ** 2 - 1
    fvec[0] += x[0] * (1 - 2 * temp)
    fvec[1] += temp
    return fvec


def _chebyquad(x, n, one):
    fvec = [0 * one] * n
    for j in range(n):
        temp1, temp2 = one, 2 * x[j] - 1
        for i in range(n):
            fvec[i] += temp2
            temp1, temp2 = temp2, 2 * (2 * x[j] - 1) * temp2 - temp1
    return [fvec[k - 1] / n + (one / (k * k - 1) if k % 2 == 0 else 0) for k in range(1, n + 1)]


def _integral_equation(x, n, one):
    h = one / (n + 1)
    fvec = []
    for k in range(1, n + 1):
        sum1 = sum((j * h * (x[j - 1] + j * h + 1) ** 3 for j in range(1, k + 1)), 0 * one)
        sum2 = sum(((1 - j * h) * (x[j - 1] + j * h + 1) ** 3 for j in range(k + 1, n + 1)),
                   0 * one)
        fvec.append(x[k - 1] + h * ((1 - k * h) * sum1 + k * h * sum2) / 2)
    return fvec


def _banded(x, n, one):
    fvec = []
    for k in range(1, n + 1):
        temp = sum((x[j - 1] * (1 + x[j - 1]) for j in range(max(1, k - 5), min(k + 1, n) + 1)
                    if j != k), 0 * one)
        fvec.append(x[k - 1] * (2 + 5 * x[k - 1] ** 2) + 1 - temp)
    return fvec


def vecfcn(nprob, x, m=math):
    """[guide] vecfcn's F, in floats (m = math) or mpmath numbers (m = mpmath)."""
    n, one = len(x), x[0] ** 0
    left = [0 * one, *x[:-1]]
    right = [*x[1:], 0 * one]
    if nprob == 1:
        return [1 - x[0], 10 * (x[1] - x[0] ** 2)]
    if nprob == 2:
        return [x[0] + 10 * x[1], m.sqrt(5 * one) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2,
                m.sqrt(10 * one) * (x[0] - x[3]) ** 2]
    if nprob == 3:
        return [10000 * x[0] * x[1] - 1, m.exp(-x[0]) + m.exp(-x[1]) - one * 10001 / 10000]
    if nprob == 4:
        temp1, temp2 = x[1] - x[0] ** 2, x[3] - x[2] ** 2
        c4, c5 = one * 202 / 10, one * 198 / 10
        return [-200 * x[0] * temp1 - (1 - x[0]), 200 * temp1 + c4 * (x[1] - 1) + c5 * (x[3] - 1),
                -180 * x[2] * temp2 - (1 - x[2]), 180 * temp2 + c4 * (x[3] - 1) + c5 * (x[1] - 1)]
    if nprob == 5:
        tpi = 8 * m.atan(one)
        temp1 = one / 4 if x[1] >= 0 else -one / 4  # sign(0.25, x2)
        if x[0] > 0:
            temp1 = m.atan(x[1] / x[0]) / tpi
        if x[0] < 0:
            temp1 = m.atan(x[1] / x[0]) / tpi + one / 2
        return [10 * (x[2] - 10 * temp1), 10 * (m.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]]
    if nprob == 6:
        return _watson(x, n, one)
    if nprob == 7:
        return _chebyquad(x, n, one)
    if nprob == 8:
        total, prod = sum(x, -(n + 1) * one), math.prod(x)
        return [x[k] + total for k in range(n - 1)] + [prod - 1]
    if nprob == 9:
        h = one / (n + 1)
        return [2 * x[k - 1] - left[k - 1] - right[k - 1] + (x[k - 1] + k * h + 1) ** 3 * h**2 / 2
                for k in range(1, n + 1)]
    if nprob == 10:
        return _integral_equation(x, n, one)
    if nprob == 11:
        cosines = [m.cos(v) for v in x]
        total = sum(cosines, 0 * one)
        return [(n + k) - m.sin(x[k - 1]) - total - k * cosines[k - 1] for k in range(1, n + 1)]
    if nprob == 12:
        total = sum((j * (x[j - 1] - 1) for j in range(1, n + 1)), 0 * one)
        temp = total * (1 + 2 * total**2)
        return [x[k - 1] - 1 + k * temp for k in range(1, n + 1)]
    if nprob == 13:
        return [(3 - 2 * x[k]) * x[k] - left[k] - 2 * right[k] + 1 for k in range(n)]
    return _banded(x, n, one)


def initpt(nprob, n, factor=1.0):
    """[guide] initpt: the standard start times factor (factor * ones for Watson's zero start)."""
    j = np.arange(1.0, n + 1.0)
    t = j * (1.0 / (n + 1.0))  # tj = dble(j)*h
    standard = {1: [-1.2, 1.0], 2: [3.0, -1.0, 0.0, 1.0], 3: [0.0, 1.0],
                4: [-3.0, -1.0, -3.0, -1.0], 5: [-1.0, 0.0, 0.0], 6: np.zeros(n), 7: t,
                8: np.full(n, 0.5), 9: t * (t - 1.0), 10: t * (t - 1.0), 11: np.full(n, 1.0 / n),
                12: 1.0 - j / n, 13: -np.ones(n), 14: -np.ones(n)}[nprob]
    if factor != 1.0 and nprob == 6:
        return np.full(n, factor)
    return factor * np.asarray(standard, dtype=float)


# [driver]: "initial l2 norm of the residuals" of each run, from x0, 10 x0, 100 x0 (the
# driver makes fewer tries on some problems).
DRIVER_INITIAL_NORMS = {
    "eq-rosenbrock": (4.9193496e+00, 1.3400631e+03, 1.4300005e+05),
    "eq-powell-singular": (1.4662878e+01, 1.2709839e+03, 1.2688790e+05),
    "eq-powell-badly-scaled": (1.0654866e+00, 1.0000000e+00),
    "eq-wood": (8.5505574e+03, 7.3498230e+06, 7.2730700e+09),
    "eq-helical-valley": (5.0000000e+01, 1.0295630e+02, 9.9126182e+02),
    "eq-watson": (6.8485872e+01, 3.5312586e+06),
    "eq-watson[n=9]": (8.8789552e+01, 1.0151080e+07),
    "eq-chebyquad": (2.2570657e-01, 4.1172432e+06, 5.6361303e+11),
    "eq-chebyquad[n=6]": (2.1547198e-01, 1.3079247e+08, 1.8755789e+14),
    "eq-chebyquad[n=7]": (1.8376789e-01, 4.2693282e+09, 6.4143166e+16),
    "eq-chebyquad[n=9]": (1.6994993e-01,),
    "eq-brown-almost-linear": (1.6530216e+01, 9.7656240e+06, 9.7656250e+16),
    "eq-brown-almost-linear[n=30]": (8.3476044e+01,),
    "eq-brown-almost-linear[n=40]": (1.2802636e+02,),
    "eq-discrete-boundary-value": (2.8080582e-02, 5.2555258e-01, 1.0657390e+02),
    "eq-discrete-integral-equation[n=1]": (1.2792969e-01, 2.5625000e+00, 8.3611719e+02),
    "eq-discrete-integral-equation": (2.5182701e-01, 6.1168330e+00, 1.2693089e+03),
    "eq-trigonometric": (8.4117534e-02, 2.0305195e+01, 9.3369375e+01),
    "eq-variably-dimensioned": (2.2402135e+06, 5.2234376e+07, 1.5923646e+11),
    "eq-broyden-tridiagonal": (4.5825757e+00, 6.3910093e+02, 6.3337583e+04),
    "eq-broyden-banded": (1.8973666e+01, 1.7130922e+04, 1.5949860e+07),
}

# [driver]: a "final approximate solution" of hybrd1 (7 digits) for each computed zero:
# (spec, index in solutions, the printed point), from x0 (the trigonometric one from 10 x0).
DRIVER_SOLUTIONS = [
    ("eq-powell-badly-scaled", 0, (1.0981593e-05, 9.1061467e+00)),
    ("eq-wood", 1, (-9.6797402e-01, 9.4713914e-01, -9.6951631e-01, 9.5124767e-01)),
    ("eq-watson", 0, (-1.5725086e-02, 1.0124349e+00, -2.3299163e-01, 1.2604301e+00,
                      -1.5137289e+00, 9.9299643e-01)),
    ("eq-watson[n=9]", 0, (-1.5307041e-05, 9.9978970e-01, 1.4763964e-02, 1.4634233e-01,
                           1.0008211e+00, -2.6177311e+00, 4.1044032e+00, -3.1436123e+00,
                           1.0526264e+00)),
    ("eq-chebyquad", 0, (8.3751256e-02, 3.1272930e-01, 5.0000000e-01, 6.8727070e-01,
                         9.1624874e-01)),
    ("eq-chebyquad[n=6]", 0, (6.6876591e-02, 3.6668230e-01, 2.8874067e-01, 7.1125933e-01,
                              6.3331770e-01, 9.3312341e-01)),
    ("eq-chebyquad[n=7]", 0, (5.8069150e-02, 2.3517161e-01, 3.3804410e-01, 5.0000000e-01,
                              6.6195591e-01, 7.6482839e-01, 9.4193085e-01)),
    ("eq-chebyquad[n=9]", 0, (4.4205346e-02, 1.9949067e-01, 2.3561911e-01, 4.1604691e-01,
                              5.0000000e-01, 5.8395309e-01, 7.6438089e-01, 8.0050933e-01,
                              9.5579465e-01)),
    ("eq-discrete-boundary-value", 0, (-4.3164983e-02, -8.1577157e-02, -1.1448571e-01,
                                       -1.4097358e-01, -1.5990870e-01, -1.6987720e-01,
                                       -1.6908998e-01, -1.5524954e-01, -1.2535589e-01,
                                       -7.5416534e-02)),
    ("eq-discrete-integral-equation[n=1]", 0, (-1.5281388e-01,)),
    ("eq-discrete-integral-equation", 0, (-4.3164983e-02, -8.1577157e-02, -1.1448571e-01,
                                          -1.4097358e-01, -1.5990870e-01, -1.6987720e-01,
                                          -1.6908998e-01, -1.5524954e-01, -1.2535589e-01,
                                          -7.5416534e-02)),
    ("eq-trigonometric", 1, (3.4396289e-02, 3.5032316e-02, 3.5719196e-02, 3.6465224e-02,
                             3.7280912e-02, 3.8179863e-02, 3.9180141e-02, 4.0306503e-02,
                             1.7972019e-01, 1.5624088e-01)),
    ("eq-broyden-tridiagonal", 0, (-5.7072213e-01, -6.8180695e-01, -7.0221008e-01,
                                   -7.0551063e-01, -7.0490616e-01, -7.0149661e-01,
                                   -6.9188932e-01, -6.6579651e-01, -5.9603511e-01,
                                   -4.1641226e-01)),
    ("eq-broyden-banded", 0, (-4.2830286e-01, -4.7659642e-01, -5.1965246e-01, -5.5809932e-01,
                              -5.9250616e-01, -6.2450368e-01, -6.2323947e-01, -6.2139384e-01,
                              -6.2045360e-01, -5.8646927e-01)),
]

# Zeros known in closed form, at which F is exactly 0 in floating point.
EXACT_ZEROS = [("eq-rosenbrock", 0), ("eq-powell-singular", 0), ("eq-wood", 0),
               ("eq-helical-valley", 0), ("eq-brown-almost-linear", 0),
               ("eq-trigonometric", 0), ("eq-variably-dimensioned", 0)]

ALL_SYSTEMS = MINPACK_SYSTEMS + LARGE_SYSTEMS


def _random_point(system, seed=20240607):
    """x0 plus a seeded perturbation of size 0.1 (1 where x0 = 0)."""
    x0 = np.asarray(system.x0)
    rng = np.random.default_rng(seed)
    return x0 + 0.1 * max(1.0, float(np.max(np.abs(x0)))) * rng.standard_normal(x0.size)


def _central_jacobian(equations, x):
    columns = []
    for j in range(x.size):
        step = 1e-6 * max(1.0, abs(x[j]))
        e = np.zeros(x.size)
        e[j] = step
        columns.append((equations(x + e) - equations(x - e)) / (2.0 * step))
    return np.column_stack(columns)


def _mp_newton(nprob, start, digits=40):
    """Newton's method on [guide]'s vecfcn in ``digits``-digit arithmetic, J by differences."""
    with mpmath.workdps(digits + 10):
        def equations(x):
            return mpmath.matrix(vecfcn(nprob, list(x), mpmath))

        x = mpmath.matrix([mpmath.mpf(float(v)) for v in start])
        step, tol, n = mpmath.mpf(10) ** -(digits // 2), mpmath.mpf(10) ** -digits, len(start)
        for _ in range(10):
            f = equations(x)
            if mpmath.norm(f) < tol:
                return np.array([float(v) for v in x])
            jac = mpmath.matrix(n, n)
            for j in range(n):
                e = mpmath.matrix(n, 1)
                e[j] = step
                difference = (equations(x + e) - equations(x - e)) / (2 * step)
                for i in range(n):
                    jac[i, j] = difference[i]
            x -= mpmath.lu_solve(jac, f)
        raise AssertionError(f"no {digits}-digit zero near {start}")


def test_minpack_systems_are_the_drivers_cases():
    """[guide] ch. 4, [driver]: the 14 problems at the driver's 22 sizes but Chebyquad n = 8."""
    assert len(MINPACK_SYSTEMS) == 21 == len(set(MINPACK_SYSTEMS))
    assert sorted({_nprob(spec) for spec in MINPACK_SYSTEMS}) == list(range(1, 15))
    assert set(DRIVER_INITIAL_NORMS) == set(MINPACK_SYSTEMS)
    assert len(LARGE_SYSTEMS) == 4 and all(get_equation_system(s).x0.size >= 1000
                                           for s in LARGE_SYSTEMS)


@pytest.mark.parametrize("spec", ALL_SYSTEMS)
def test_specs_round_trip_and_register_root_problems(spec):
    """Every spec is canonical, names its system and its `Problem` view (kind root, f* = 0)."""
    system = get_equation_system(spec)
    assert system.name == spec
    assert get_equation_system(system.name).name == spec
    problem = get_problem(spec)
    assert problem.kind == "root" and problem.f_opt == 0.0 and problem.name == spec
    assert problem.family == "nonlinear equations"
    assert len(problem.x_opt) == len(system.solutions)
    assert "ANL-80-74" in system.source or "Bratu" in system.source


def test_default_sizes_are_canonical():
    """The driver's first size of each problem is the default, left out of the spec."""
    assert get_equation_system("eq-watson[n=6]").name == "eq-watson"
    assert get_equation_system("eq-chebyquad[n=5]").name == "eq-chebyquad"
    assert get_equation_system("eq-brown-almost-linear[n=10]").name == "eq-brown-almost-linear"
    assert get_equation_system("eq-broyden-tridiagonal-large[n=1000]").name == (
        "eq-broyden-tridiagonal-large")


@pytest.mark.parametrize("spec", MINPACK_SYSTEMS)
def test_x0_and_further_starts_are_initpts(spec):
    """[guide] initpt: x0 is the standard start, the further starts its factors 10 and 100."""
    system = get_equation_system(spec)
    n, nprob = np.asarray(system.x0).size, _nprob(spec)
    # initpt multiplies j by h = 1/(n+1), MGH's module divides j by n + 1: one ulp apart
    np.testing.assert_allclose(system.x0, initpt(nprob, n), rtol=2.3e-16, atol=0.0)
    assert len(system.extra_starts) == 2
    for start, factor in zip(system.extra_starts, (10.0, 100.0), strict=True):
        np.testing.assert_allclose(start, initpt(nprob, n, factor), rtol=1e-15)


@pytest.mark.parametrize("spec", MINPACK_SYSTEMS)
def test_initial_norms_are_the_drivers(spec):
    """[driver]: ||F|| at each start equals the printed "initial l2 norm" (8 digits)."""
    system = get_equation_system(spec)
    norms = DRIVER_INITIAL_NORMS[spec]
    starts = (system.x0, *system.extra_starts)[:len(norms)]
    for start, printed in zip(starts, norms, strict=True):
        assert np.linalg.norm(system.equations(np.asarray(start))) == pytest.approx(
            printed, rel=6e-8)


@pytest.mark.parametrize("spec", ALL_SYSTEMS[:-1])
def test_equations_are_vecfcns(spec):
    """[guide] vecfcn: F agrees with the loop-by-loop transcription at x0 and a random point."""
    system = get_equation_system(spec)
    for x in (np.asarray(system.x0), _random_point(system), *system.extra_starts[:1]):
        expected = np.array(vecfcn(_nprob(spec), list(x)))
        np.testing.assert_allclose(system.equations(x), expected, rtol=1e-12,
                                   atol=1e-13 * max(1.0, float(np.max(np.abs(expected)))))


def test_gradient_forms_are_mghs_gradients():
    """[guide] vecfcn vs [MGH]: Wood is diag(1/2, 1, 1/2, 1) grad f, Watson and variably
    dimensioned grad f / 2, Rosenbrock MGH's residuals reversed."""
    cases = [("eq-wood", "mgh-wood", np.array([0.5, 1.0, 0.5, 1.0])),
             ("eq-watson", "mgh-watson", 0.5), ("eq-watson[n=9]", "mgh-watson[n=9]", 0.5),
             ("eq-variably-dimensioned", "mgh-variably-dimensioned", 0.5)]
    for spec, mgh, factor in cases:
        system, problem = get_equation_system(spec), get_problem(mgh)
        x = _random_point(system)
        np.testing.assert_allclose(system.equations(x), factor * problem.grad(x), rtol=1e-12,
                                   atol=1e-12)
    rosenbrock = get_sum_of_squares("mgh-rosenbrock").sumsq
    x = np.array([0.3, -0.7])
    np.testing.assert_array_equal(get_equation_system("eq-rosenbrock").equations(x),
                                  rosenbrock.residuals(x)[::-1])


@pytest.mark.parametrize("spec", MINPACK_SYSTEMS + LARGE_SYSTEMS[-2:])
def test_jacobian_is_central_differences(spec):
    """The analytic Jacobian equals central differences of F at x0 and at a random point."""
    system = get_equation_system(spec)
    for x in (np.asarray(system.x0, dtype=float), _random_point(system)):
        analytic = system.jacobian(x)
        assert analytic.shape == (x.size, x.size)
        numeric = _central_jacobian(system.equations, x)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6,
                                   atol=1e-7 * max(1.0, float(np.max(np.abs(analytic)))))


@pytest.mark.parametrize("spec", ALL_SYSTEMS)
def test_shapes(spec):
    """F(x0), x0, every start and every solution have n entries; J(x0) is n x n."""
    system = get_equation_system(spec)
    n = np.asarray(system.x0).size
    assert system.equations(np.asarray(system.x0)).shape == (n,)
    assert all(np.shape(s) == (n,) for s in (*system.solutions, *system.extra_starts))
    assert system.solutions
    if system.jacobian is not None:
        assert system.jacobian(np.asarray(system.x0)).shape == (n, n)


@pytest.mark.parametrize("spec", MINPACK_SYSTEMS)
def test_solutions_are_zeros(spec):
    """Every listed solution makes F vanish to 1e-10 of the size of its linear terms."""
    system = get_equation_system(spec)
    for solution in system.solutions:
        x = np.asarray(solution)
        scale = max(1.0, float(np.linalg.norm(system.jacobian(x)) * np.linalg.norm(x)))
        assert np.linalg.norm(system.equations(x)) <= 1e-10 * scale
        assert np.linalg.norm(vecfcn(_nprob(spec), list(x))) <= 1e-10 * scale


@pytest.mark.parametrize("spec, index", EXACT_ZEROS)
def test_closed_form_zeros_are_exact(spec, index):
    """[guide]/[MGH]: (1, 1), the origin, (1, 1, 1, 1), (1, 0, 0), all ones, 0: F = 0 exactly."""
    system = get_equation_system(spec)
    assert not np.any(system.equations(np.asarray(system.solutions[index])))


@pytest.mark.parametrize("spec, index, printed", DRIVER_SOLUTIONS)
def test_computed_zeros_are_the_drivers_and_mpmaths(spec, index, printed):
    """[driver]: each computed zero is hybrd1's printed solution (to its 7 digits, up to
    order for Chebyquad), and Newton's method on [guide]'s vecfcn in 40-digit arithmetic
    (mpmath), started there, rounds to it."""
    solution = np.asarray(get_equation_system(spec).solutions[index])
    np.testing.assert_allclose(np.sort(solution), np.sort(printed), rtol=1e-7, atol=1e-11)
    polished = _mp_newton(_nprob(spec), sorted(printed) if "chebyquad" in spec else printed)
    np.testing.assert_allclose(solution, polished, rtol=4e-16, atol=1e-20)


@pytest.mark.parametrize("spec, index, printed", DRIVER_SOLUTIONS)
def test_computed_zeros_are_where_fsolve_ends(spec, index, printed):
    """scipy's fsolve (MINPACK's hybrd) on [guide]'s vecfcn, from the driver's 7-digit
    solution, ends at the listed zero (up to order for Chebyquad)."""
    system = get_equation_system(spec)
    end = fsolve(lambda x: vecfcn(_nprob(spec), list(x)), np.asarray(printed), xtol=1e-10)
    np.testing.assert_allclose(np.sort(end), np.sort(system.solutions[index]), rtol=1e-9,
                               atol=1e-12)


@pytest.mark.parametrize("n", [10, 30, 40])
def test_brown_zeros_are_the_polynomial_roots(n):
    """[MGH] (27): zeros (a, ..., a, a**(1-n)), n a**n - (n+1) a**(n-1) + 1 = 0, a = 1 and
    one root in (0, 1) for even n, found here by mpmath in 40 digits."""
    system = get_equation_system(f"eq-brown-almost-linear[n={n}]")
    with mpmath.workdps(40):
        polynomial = [n, -(n + 1)] + [0] * (n - 2) + [1]
        real = sorted(float(r.real) for r in mpmath.polyroots(polynomial, maxsteps=200,
                                                               extraprec=200)
                      if abs(r.imag) < 1e-20)
    assert len(real) == 2 and real[1] == pytest.approx(1.0, abs=1e-12)
    assert len(system.solutions) == 2
    for a, solution in zip(real, sorted(system.solutions, key=lambda s: s[0]), strict=True):
        np.testing.assert_allclose(solution, [a] * (n - 1) + [a ** (1 - n)], rtol=1e-12)


@pytest.mark.parametrize("spec, valid", [
    ("eq-chebyquad[n=8]", "5, 6, 7, 9"), ("eq-chebyquad[n=10]", "5, 6, 7, 9"),
    ("eq-watson[n=12]", "6, 9"), ("eq-brown-almost-linear[n=20]", "10, 30, 40"),
    ("eq-discrete-integral-equation[n=5]", "1, 10"),
    ("eq-broyden-tridiagonal-large[n=2000]", "1000, 5000")])
def test_bad_sizes_are_refused_naming_the_valid_ones(spec, valid):
    """A size with no known zero, or one optbench does not compute, is one clear error line."""
    with pytest.raises(OptbenchError, match=f"option n must be one of {valid} ") as error:
        get_equation_system(spec)
    assert "\n" not in str(error.value)


def test_fixed_sizes_take_no_option():
    """Problems MINPACK runs at one size only take no n."""
    for spec in ("eq-trigonometric[n=20]", "eq-discrete-boundary-value-large[n=5000]"):
        with pytest.raises(OptbenchError, match="has no option 'n'"):
            get_equation_system(spec)


@pytest.mark.parametrize("spec", ["eq-wood", "eq-watson[n=9]", "eq-rosenbrock",
                                  "eq-bratu-large", "eq-broyden-tridiagonal-large[n=5000]"])
def test_systems_pickle(spec):
    """Systems cross process boundaries (optbench's isolated runs)."""
    system = get_equation_system(spec)
    clone = pickle.loads(pickle.dumps(system))
    x = _random_point(system)
    np.testing.assert_array_equal(clone.equations(x), system.equations(x))


@pytest.mark.parametrize("spec", LARGE_SYSTEMS)
def test_large_solutions_are_zeros_that_sparse_newton_reproduces(spec):
    """||F(x*)|| <= 1e-12, and Newton with the sparse Jacobian from x0 reproduces x* well
    under a second."""
    system = get_equation_system(spec)
    solution = system.solutions[0]
    assert np.linalg.norm(system.equations(solution)) <= min(1e-12, SOLVE_TOL)
    started = time.perf_counter()
    again = sparse_newton(system.equations, system.sparse_jacobian, system.x0)
    assert time.perf_counter() - started < 1.0
    np.testing.assert_array_equal(again, solution)
    assert (system.jacobian is None) == (solution.size > DENSE_LIMIT)


@pytest.mark.parametrize("spec", ["eq-broyden-tridiagonal-large",
                                  "eq-broyden-tridiagonal-large[n=5000]", "eq-bratu-large"])
def test_large_solutions_agree_with_newton_krylov(spec):
    """scipy's newton_krylov (no Jacobian) from x0 ends at the same solution."""
    system = get_equation_system(spec)
    end = newton_krylov(system.equations, system.x0, f_tol=1e-11)
    np.testing.assert_allclose(end, system.solutions[0], atol=1e-9)


def test_large_boundary_value_solution_agrees_with_a_banded_newton():
    """[MGH] (28) at n = 1000: Newton's method on [guide]'s vecfcn with its tridiagonal
    Jacobian written here and scipy's solve_banded ends at the same solution
    (newton_krylov's inner GMRES stalls on the Jacobian's condition number, 3e5)."""
    system = get_equation_system("eq-discrete-boundary-value-large")
    x = np.array(system.x0)
    n = x.size
    h = 1.0 / (n + 1)
    t = h * np.arange(1.0, n + 1.0)
    for _ in range(6):
        bands = np.vstack([np.full(n, -1.0), 2.0 + 1.5 * h * h * (x + t + 1.0) ** 2,
                           np.full(n, -1.0)])
        x = x - solve_banded((1, 1), bands, np.array(vecfcn(9, list(x))))
    np.testing.assert_allclose(x, system.solutions[0], atol=1e-14)


@pytest.mark.parametrize("spec", LARGE_SYSTEMS)
def test_large_sparse_jacobian_is_central_differences(spec):
    """J v equals the central difference of F along v, at x0 and at a random point."""
    system = get_equation_system(spec)
    rng = np.random.default_rng(11)
    for x in (np.asarray(system.x0), _random_point(system)):
        v = rng.standard_normal(x.size)
        step = 1e-6
        numeric = (system.equations(x + step * v) - system.equations(x - step * v)) / (2 * step)
        np.testing.assert_allclose(system.sparse_jacobian(x) @ v, numeric, rtol=1e-6,
                                   atol=1e-7 * np.max(np.abs(numeric)))
        if system.jacobian is not None:
            np.testing.assert_array_equal(system.jacobian(x), system.sparse_jacobian(x).toarray())


def test_large_mgh_systems_start_at_initpt():
    """[guide] initpt at large n: -1 for Broyden tridiagonal, t (t - 1) for the boundary
    value system, and the factors 10 and 100."""
    for spec in LARGE_SYSTEMS[:3]:
        system = get_equation_system(spec)
        n = system.x0.size
        np.testing.assert_array_equal(system.x0, initpt(_nprob(spec), n))
        np.testing.assert_allclose(system.extra_starts[1], initpt(_nprob(spec), n, 100.0))


def _bratu_by_loops(u, grid, lam):
    """[Moré 1989] problem 3 / BRATU2D: 4 u_ij - neighbours - h**2 lam exp(u_ij), u = 0 outside."""
    h2 = 1.0 / (grid + 1) ** 2
    value = u.reshape(grid, grid)
    padded = np.pad(value, 1)
    out = np.empty_like(value)
    for i in range(grid):
        for j in range(grid):
            neighbours = (padded[i, j + 1] + padded[i + 2, j + 1] + padded[i + 1, j]
                          + padded[i + 1, j + 2])
            out[i, j] = 4.0 * value[i, j] - neighbours - h2 * lam * math.exp(value[i, j])
    return out.ravel()


def test_bratu_is_the_five_point_scheme_on_its_lower_branch():
    """[Moré 1989] problem 3 (CUTEst BRATU2D): F by loops at a random point; x0 = 0; the
    solution has the square's symmetries and J(x*) is positive definite (the stable lower
    branch, below the critical lambda* = 6.80812)."""
    system = get_equation_system("eq-bratu-large")
    x = _random_point(system)
    np.testing.assert_allclose(system.equations(x), _bratu_by_loops(x, 32, 6.0), rtol=1e-13,
                               atol=1e-14)
    assert not np.any(system.x0) and system.extra_starts == ()
    u = system.solutions[0].reshape(32, 32)
    np.testing.assert_allclose(u, u.T, atol=1e-13)
    np.testing.assert_allclose(u, u[::-1], atol=1e-13)
    assert np.all(u > 0) and 0.7 < u.max() < 0.8
    np.linalg.cholesky(system.jacobian(system.solutions[0]))  # raises unless positive definite


def test_chebyquad_zero_in_another_order_is_at_distance_zero():
    """Chebyquad's F is symmetric in the x_j (MGH 1981, problem 35): a shuffled zero is a
    zero, and x_error sorts x before measuring (hybrd1 ends at shuffled orders)."""
    problem = get_problem("eq-chebyquad[n=6]")
    shuffled = np.array(CHEBYQUAD_ZEROS[6])[[3, 0, 5, 1, 4, 2]]
    assert problem.fun(shuffled) < 1e-12
    assert problem.x_error(shuffled) == 0.0
    assert problem.x_error(shuffled + 1e-3) == pytest.approx(1e-3 * np.sqrt(6), rel=1e-9)
