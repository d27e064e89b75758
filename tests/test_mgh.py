"""The 35 problems of Moré, Garbow & Hillstrom (1981) against the paper and against solvers.

Reference: J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing unconstrained optimization
software", ACM TOMS 7(1):17-41, 1981, section 3 (problems (1)-(35): residuals, x0, f*).
Independent transcriptions of the residuals are in tests/mgh_reference.py.
"""

import math
import pickle
import re

import mgh_reference as ref
import numpy as np
import pytest
from scipy.optimize import check_grad, least_squares

from optbench.errors import OptbenchError
from optbench.families import MGH
from optbench.problems import PROBLEMS, get_problem
from optbench.problems.sumsq import LeastSquaresProblem, get_sum_of_squares

# (spec, the paper's residuals transcribed as loops in mgh_reference.py)
CASES = [
    ("mgh-rosenbrock", ref.rosenbrock),
    ("mgh-freudenstein-roth", ref.freudenstein_roth),
    ("mgh-powell-badly-scaled", ref.powell_badly_scaled),
    ("mgh-brown-badly-scaled", ref.brown_badly_scaled),
    ("mgh-beale", ref.beale),
    ("mgh-jennrich-sampson", ref.jennrich_sampson),
    ("mgh-helical-valley", ref.helical_valley),
    ("mgh-bard", ref.bard),
    ("mgh-gaussian", ref.gaussian),
    ("mgh-meyer", ref.meyer),
    ("mgh-gulf", ref.gulf),
    ("mgh-box-3d", ref.box_3d),
    ("mgh-powell-singular", ref.powell_singular),
    ("mgh-wood", ref.wood),
    ("mgh-kowalik-osborne", ref.kowalik_osborne),
    ("mgh-brown-dennis", ref.brown_dennis),
    ("mgh-osborne-1", ref.osborne_1),
    ("mgh-biggs-exp6", ref.biggs_exp6),
    ("mgh-osborne-2", ref.osborne_2),
    ("mgh-watson", ref.watson),
    ("mgh-watson[n=9]", ref.watson),
    ("mgh-watson[n=12]", ref.watson),
    ("mgh-extended-rosenbrock", ref.rosenbrock),
    ("mgh-extended-powell-singular", ref.powell_singular),
    ("mgh-penalty-1", ref.penalty_1),
    ("mgh-penalty-1[n=4]", ref.penalty_1),
    ("mgh-penalty-2", ref.penalty_2),
    ("mgh-penalty-2[n=4]", ref.penalty_2),
    ("mgh-variably-dimensioned", ref.variably_dimensioned),
    ("mgh-trigonometric", ref.trigonometric),
    ("mgh-brown-almost-linear", ref.brown_almost_linear),
    ("mgh-discrete-boundary-value", ref.discrete_boundary_value),
    ("mgh-discrete-integral-equation", ref.discrete_integral_equation),
    ("mgh-broyden-tridiagonal", ref.broyden_tridiagonal),
    ("mgh-broyden-banded", ref.broyden_banded),
    ("mgh-linear-full-rank", ref.linear_full_rank),
    ("mgh-linear-rank-1", ref.linear_rank_1),
    ("mgh-linear-rank-1-zero", ref.linear_rank_1_zero),
    ("mgh-chebyquad", ref.chebyquad),
    ("mgh-chebyquad[n=8]", ref.chebyquad),
]
SPECS = [spec for spec, _ in CASES]

# f(x0) worked out by hand from the paper's residuals at its x0, residual by residual.
HAND_VALUES = {
    "mgh-rosenbrock": 24.2,  # (1): r = (-4.4, 2.2)
    "mgh-freudenstein-roth": 400.5,  # (2): r = (19.5, -4.5)
    "mgh-brown-badly-scaled": 999998000003.0,  # (4): (1 - 1e6)**2 + (1 - 2e-6)**2 + 1
    "mgh-beale": 14.203125,  # (5): x1 (1 - x2**i) = 0, r = y = (1.5, 2.25, 2.625)
    "mgh-helical-valley": 2500.0,  # (7): theta = 1/2, r = (-50, 0, 0)
    "mgh-powell-singular": 215.0,  # (13): r**2 = (49, 5, 1, 160)
    "mgh-wood": 19192.0,  # (14): r**2 = (10000, 16, 9000, 16, 160, 0)
    "mgh-watson": 30.0,  # (20): r_i = -1 for i <= 29, r30 = 0, r31 = -1
    "mgh-linear-full-rank": 50.0,  # (32), n = 10, m = 20: ten residuals -1, ten -2
}

# Published f* to the digits the paper prints ("..." = truncated), MGH (1981) section 3.
PUBLISHED_F_OPT = {
    "mgh-jennrich-sampson": "124.362",
    "mgh-bard": "8.21487e-3",
    "mgh-gaussian": "1.12793e-8",
    "mgh-meyer": "87.9458",
    "mgh-kowalik-osborne": "3.07505e-4",
    "mgh-brown-dennis": "85822.2",
    "mgh-osborne-1": "5.46489e-5",
    "mgh-osborne-2": "4.01377e-2",
    "mgh-watson": "2.28767e-3",
    "mgh-watson[n=9]": "1.39976e-6",
    "mgh-watson[n=12]": "4.72238e-10",
    "mgh-penalty-1[n=4]": "2.24997e-5",
    "mgh-penalty-1": "7.08765e-5",
    "mgh-penalty-2[n=4]": "9.37629e-6",
    "mgh-penalty-2": "2.93660e-4",
    "mgh-chebyquad[n=8]": "3.51687e-3",
    "mgh-chebyquad": "6.50395e-3",
}

# NIST StRD certified residual sums of squares (files MGH10, MGH09, MGH17, 11 digits).
NIST_CERTIFIED = {"mgh-meyer": 8.7945855171e01, "mgh-kowalik-osborne": 3.0750560385e-04,
                  "mgh-osborne-1": 5.4648946975e-05}

# Local minima that scipy's least_squares (lm and trf) reaches from x0 instead of f*:
# MGH (1981) on problem (2): local minimum 48.9842... at (11.41..., -0.8968...);
# problem (26), n = 10: MINPACK's tests and the shared README's check find 2.79506e-5.
LOCAL_MINIMA = {"mgh-freudenstein-roth": 48.9842536792400, "mgh-trigonometric": 2.79505612188e-5}

# Forward differences cannot resolve these two to 1e-5 at x0: Brown's f(x0) ~ 1e12 makes
# the rounding error eps |f| / h ~ 1e-4 of the gradient; Powell's curvature in x1 is ~2e8.
LOOSE_GRADIENT_CHECK = {"mgh-brown-badly-scaled": 1e-2, "mgh-powell-badly-scaled": 1e-3}


def _mgh_names():
    return [name for name in PROBLEMS.names() if name.startswith("mgh-")]


def test_all_35_problems_are_registered_in_both_forms():
    names = _mgh_names()
    assert len(names) == 35
    assert names == PROBLEMS.names(MGH)
    assert all(isinstance(get_problem(name).form, LeastSquaresProblem) for name in names)
    numbers = sorted(int(get_problem(n).source.split("problem (")[1].split(")")[0])
                     for n in names)
    assert numbers == list(range(1, 36))
    assert {spec.split("[")[0] for spec in SPECS} == set(names)


@pytest.mark.parametrize("spec, residuals", CASES, ids=SPECS)
def test_f_matches_the_papers_formula(spec, residuals):
    problem = get_problem(spec)
    rng = np.random.default_rng(11)
    nearby = problem.x0 + 0.1 * rng.standard_normal(problem.n)
    for x in (problem.x0, nearby):
        expected = ref.sum_of_squares(residuals, x)
        assert problem.fun(x) == pytest.approx(expected, rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(get_sum_of_squares(spec).sumsq.residuals(problem.x0.copy()),
                               residuals(list(problem.x0)), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("spec, expected", HAND_VALUES.items())
def test_f_at_x0_by_hand(spec, expected):
    problem = get_problem(spec)
    assert problem.fun(problem.x0) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("spec", SPECS)
def test_gradient_agrees_with_finite_differences(spec):
    problem = get_problem(spec)
    tolerance = LOOSE_GRADIENT_CHECK.get(spec, 1e-5)
    rng = np.random.default_rng(3)
    for x in (problem.x0, problem.x0 + 0.1 * rng.standard_normal(problem.n)):
        gradient = problem.grad(x)
        error = check_grad(problem.fun, problem.grad, x)
        assert error <= tolerance * (1.0 + np.linalg.norm(gradient))
        value, combined = problem.fun_and_grad(x)
        assert value == problem.fun(x)
        np.testing.assert_array_equal(combined, gradient)


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.startswith("mgh-watson")])
def test_published_starts(spec):
    problem = get_problem(spec)
    tenfold, hundredfold = problem.extra_starts
    np.testing.assert_array_equal(tenfold, 10.0 * problem.x0)
    np.testing.assert_array_equal(hundredfold, 100.0 * problem.x0)
    assert problem.source.startswith("Moré, Garbow & Hillstrom (1981)")


def test_a_zero_start_is_not_repeated():
    # Watson's x0 = 0: 10 x0 and 100 x0 would repeat it, so seeded starts follow.
    problem = get_problem("mgh-watson")
    assert problem.extra_starts == ()
    first, second = problem.starts(2, seed=0)[1], problem.starts(3, seed=0)[2]
    assert np.any(first != 0.0) and not np.array_equal(first, second)


def test_standard_starts_are_the_papers():
    # MGH (1981) section 3; Brown & Dennis (16) starts at (25, 5, -5, -1).
    assert get_problem("mgh-brown-dennis").x0.tolist() == [25.0, 5.0, -5.0, -1.0]
    assert get_problem("mgh-osborne-2").x0.tolist() == [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7,
                                                        2, 4.5, 5.5]
    assert get_problem("mgh-penalty-1[n=4]").x0.tolist() == [1, 2, 3, 4]
    assert get_problem("mgh-variably-dimensioned[n=4]").x0.tolist() == [0.75, 0.5, 0.25, 0]
    t = np.arange(1, 5) / 5
    np.testing.assert_allclose(get_problem("mgh-discrete-boundary-value[n=4]").x0, t * (t - 1))
    np.testing.assert_allclose(get_problem("mgh-chebyquad[n=8]").x0, np.arange(1, 9) / 9)


@pytest.mark.parametrize("spec, published", PUBLISHED_F_OPT.items())
def test_certified_f_opt_carries_the_published_digits(spec, published):
    # The paper truncates ("124.362..."): the published digits are a lower bound, and
    # f* lies below them plus one unit in the last printed digit.
    f_opt = get_problem(spec).f_opt
    mantissa = published.split("e")[0]
    unit = 10.0 ** -len(mantissa.split(".")[1]) * 10.0 ** int(f"{float(published):e}"[-3:])
    assert float(published) <= f_opt < float(published) + unit


@pytest.mark.parametrize("spec, certified", NIST_CERTIFIED.items())
def test_f_opt_agrees_with_nist(spec, certified):
    problem = get_problem(spec)
    assert problem.f_opt == pytest.approx(certified, rel=1e-10)
    # NIST's certified parameters (11 digits) give f within 1e-9 of f*.
    assert problem.fun(problem.x_opt[0]) == pytest.approx(problem.f_opt, rel=1e-9)


@pytest.mark.parametrize("spec", [s for s in SPECS if get_problem(s).x_opt])
def test_known_minimisers_attain_f_opt(spec):
    problem = get_problem(spec)
    for x_opt in problem.x_opt:
        assert problem.fun(x_opt) == pytest.approx(problem.f_opt, rel=1e-9, abs=1e-20)


def test_biggs_has_a_global_zero_besides_the_published_local_value():
    # MGH (1981) problem (18): f = 0 at (1, 10, 1, 5, 4, 3); 5.65565...e-3 is a local minimum.
    problem = get_problem("mgh-biggs-exp6")
    assert problem.f_opt == 0.0
    assert problem.fun(np.array([1.0, 10, 1, 5, 4, 3])) < 1e-30


def test_bards_value_at_infinity():
    # MGH (1981) problem (8): f -> 17.4286... at (0.8406..., -inf, -inf).
    y = np.array(ref.BARD_Y)
    problem = get_problem("mgh-bard")
    far = problem.fun(np.array([y.mean(), -1e12, -1e12]))
    assert y.mean() == pytest.approx(0.8406, abs=1e-4)
    assert 17.4286 <= far < 17.4287


def test_linear_functions_closed_forms():
    # MGH (1981) problems (32)-(34): m - n, m (m - 1) / (2 (2m + 1)),
    # (m**2 + 3m - 6) / (2 (2m - 3)).
    assert get_problem("mgh-linear-full-rank[m=30,n=5]").f_opt == 25.0
    assert get_problem("mgh-linear-rank-1[m=7,n=3]").f_opt == pytest.approx(7 * 6 / 30)
    assert get_problem("mgh-linear-rank-1-zero[m=7,n=3]").f_opt == pytest.approx(64 / 22)
    problem = get_problem("mgh-linear-rank-1[m=7,n=3]")
    x = np.array([3.0 / 15.0, 0.0, 0.0])  # sum_j j x_j = 3 / (2m + 1)
    assert problem.fun(x) == pytest.approx(problem.f_opt, rel=1e-14)


def _best_least_squares(spec):
    form = get_sum_of_squares(spec)
    values = []
    for method in ("lm", "trf"):
        result = least_squares(form.sumsq.residuals, np.asarray(form.x0, dtype=float),
                               jac=form.sumsq.jacobian, method=method, xtol=1e-15,
                               ftol=1e-15, gtol=1e-15, max_nfev=20000)
        values.append(form.sumsq.fun(result.x))
    return min(values), form.f_opt


@pytest.mark.parametrize("spec", SPECS)
def test_least_squares_reaches_f_opt_from_x0(spec):
    reached, f_opt = _best_least_squares(spec)
    if spec in LOCAL_MINIMA:
        assert reached == pytest.approx(LOCAL_MINIMA[spec], rel=1e-9)
        assert reached > f_opt + 1e-6
    elif f_opt == 0.0:
        assert reached <= 1e-10
    else:
        assert reached == pytest.approx(f_opt, rel=1e-6)
        # Nothing below f*, up to rounding in f (Watson n = 12 evaluates 6e-10 low in double).
        assert reached >= f_opt * (1.0 - 1e-8)


@pytest.mark.parametrize("spec, message", [
    ("mgh-watson[n=7]", "option n must be one of 6, 9, 12"),
    ("mgh-penalty-1[n=5]", "option n must be one of 4, 10"),
    ("mgh-penalty-2[n=3]", "option n must be one of 4, 10"),
    ("mgh-chebyquad[n=11]", "option n must be one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
    ("mgh-extended-rosenbrock[n=5]", "option n must be even"),
    ("mgh-extended-powell-singular[n=10]", "multiple of 4"),
    ("mgh-gulf[m=101]", "between 3 and 100"),
    ("mgh-box-3d[m=2]", "at least 3"),
    ("mgh-linear-full-rank[n=10,m=9]", "option m must be at least n = 10"),
    ("mgh-linear-rank-1-zero[n=2,m=5]", "option n must be at least 3"),
    ("mgh-trigonometric[n=0]", "between 1 and 5000"),
    ("mgh-trigonometric[n=100000]", "between 1 and 5000"),
])
def test_bad_sizes_are_refused_with_the_valid_ones(spec, message):
    with pytest.raises(OptbenchError, match=re.escape(message)):
        get_problem(spec)


@pytest.mark.parametrize("spec", ["mgh-extended-rosenbrock[n=50]", "mgh-broyden-banded[n=40]",
                                  "mgh-discrete-integral-equation[n=30]",
                                  "mgh-brown-almost-linear[n=7]", "mgh-gulf[m=100]",
                                  "mgh-box-3d[m=30]", "mgh-linear-rank-1[n=15,m=40]"])
def test_other_sizes_have_consistent_derivatives_and_f_opt(spec):
    problem = get_problem(spec)
    gradient = problem.grad(problem.x0)
    assert check_grad(problem.fun, problem.grad, problem.x0) <= 1e-5 * (
        1.0 + np.linalg.norm(gradient))
    for x_opt in problem.x_opt:
        assert problem.fun(x_opt) == pytest.approx(problem.f_opt, abs=1e-20)


def test_residual_form_is_reachable_and_picklable():
    form = get_sum_of_squares("mgh-chebyquad[n=8]")
    assert form.name == "mgh-chebyquad[n=8]"
    clone = pickle.loads(pickle.dumps(form))
    x = np.asarray(form.x0)
    np.testing.assert_array_equal(clone.sumsq.residuals(x), form.sumsq.residuals(x))
    assert form.sumsq.jacobian(x).shape == (8, 8)
    assert math.isclose(form.sumsq.fun(x), get_problem("mgh-chebyquad[n=8]").fun(x))
