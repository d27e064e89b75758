"""The seed's logistic regression against the shared reference values.

References: ../shared/data/logreg_refs.json, "theano_logreg_seed0" and
"theano_logreg_seed1234" (f at the start, f after 10 000 GD steps of 0.1, f*).
"""

import numpy as np
import pytest
from scipy.optimize import minimize

from optbench.problems import get_problem
from optbench.problems.logreg import LogisticLoss, newton_minimum, seed_data

F_X0 = {0: 18.082170424166975, 1234: 17.011776787136395}
F_STAR = {0: 0.11705355426497094, 1234: 0.12734878754233747}


@pytest.mark.parametrize("seed", [0, 1234])
def test_start_value_matches_reference(seed):
    problem = get_problem(f"logreg-seed[seed={seed}]")
    assert problem.n == 785
    assert problem.fun(problem.x0) == pytest.approx(F_X0[seed], rel=1e-13)


def test_data_follow_the_seed_program():
    X, y, x0 = seed_data(0)
    rng = np.random.RandomState(0)
    np.testing.assert_array_equal(X, rng.randn(400, 784))
    np.testing.assert_array_equal(y, rng.randint(size=400, low=0, high=2))
    np.testing.assert_array_equal(x0[:-1], rng.randn(784))
    assert x0[-1] == 0.0


def test_newton_confirms_the_certified_optimum():
    problem = get_problem("logreg-seed")
    X, y, x0 = seed_data(0)
    x_star = newton_minimum(LogisticLoss(X, y, 0.01), x0)
    assert problem.fun(x_star) == pytest.approx(F_STAR[0], rel=1e-13)
    assert np.linalg.norm(problem.grad(x_star)) < 1e-12
    assert problem.f_opt == F_STAR[0]


def test_scipy_newton_cg_agrees_independently():
    # A second, independent solver: scipy's Newton-CG on Hessian-vector products.
    problem = get_problem("logreg-seed")
    res = minimize(problem.fun, problem.x0, jac=problem.grad, hessp=problem.hessp,
                   method="Newton-CG", options={"xtol": 1e-14})
    assert res.fun == pytest.approx(F_STAR[0], rel=1e-12)


def test_loss_equals_the_seed_cross_entropy_formula():
    problem = get_problem("logreg-seed")
    X, y, x0 = seed_data(0)
    rng = np.random.default_rng(1)
    params = 0.05 * rng.standard_normal(785)
    p = 1.0 / (1.0 + np.exp(-X @ params[:-1] - params[-1]))
    xent = -y * np.log(p) - (1 - y) * np.log(1 - p)
    assert problem.fun(params) == pytest.approx(xent.mean() + 0.01 * (params[:-1] ** 2).sum(),
                                                rel=1e-13)


def test_large_margins_stay_finite():
    # At 1e4 times the start, |z| reaches ~1e6: log(sigmoid) would give log(0) = -inf.
    problem = get_problem("logreg-seed")
    params = 1e4 * problem.x0
    value, gradient = problem.fun_and_grad(params)
    assert np.isfinite(value) and np.all(np.isfinite(gradient))
    assert value > 0.01 * (params[:-1] ** 2).sum()


def test_fun_and_grad_equals_separate_calls():
    problem = get_problem("logreg-seed")
    value, gradient = problem.fun_and_grad(problem.x0)
    assert value == problem.fun(problem.x0)
    np.testing.assert_array_equal(gradient, problem.grad(problem.x0))


def test_accuracy_counts_correct_predictions():
    loss = LogisticLoss(np.array([[1.0], [-1.0], [2.0]]), np.array([1.0, 0.0, 0.0]), 0.0)
    # z = (1, -1, 2) with w = 1, b = 0: predictions 1, 0, 1 against labels 1, 0, 0.
    assert loss.accuracy(np.array([1.0, 0.0])) == pytest.approx(2 / 3)


def test_no_cancellation_at_large_margins():
    # One sample, y = 1, margin z = 40: the loss is log(1 + exp(-40)) = 4.248e-18
    # (math.log1p(math.exp(-40))); softplus(40) - 40 would round to 0.
    import math

    loss = LogisticLoss(np.array([[40.0]]), np.array([1.0]), l2=0.0)
    assert loss.fun(np.array([1.0, 0.0])) == pytest.approx(math.log1p(math.exp(-40.0)),
                                                           rel=1e-12)
