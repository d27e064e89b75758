"""L2 logistic regression on the breast-cancer data against benchopt, Newton and scikit-learn.

References: ../shared/data/logreg_refs.json, keys
"benchopt_logreg_l2_breast_cancer_std_lmbd{0.1,0.001}_intercept{False,True}" (f at w = 0
and f*, from benchopt's benchmark_logreg_l2 on scikit-learn's standardised data).
"""

import math
import sys

import numpy as np
import pytest
from scipy.optimize import approx_fprime, check_grad

from optbench.errors import OptbenchError
from optbench.problems import get_problem
from optbench.problems.logreg import LogisticLoss, newton_minimum
from optbench.problems.logreg_real import SummedLogisticLoss, breast_cancer

F_AT_ZERO = 394.40074573860886  # logreg_refs.json, all four settings (= 569 log 2)
BENCHOPT_F_STAR = {  # logreg_refs.json, "f_star"
    (0.1, False): 26.495343374605667,
    (0.1, True): 26.19925642505619,
    (0.001, False): 17.060203321326497,
    (0.001, True): 15.397975926102557,
}
SETTINGS = list(BENCHOPT_F_STAR)


def _spec(lmbd, intercept):
    return f"logreg-breast-cancer[lmbd={lmbd},intercept={str(intercept).lower()}]"


@pytest.fixture(scope="module")
def sklearn():
    return pytest.importorskip("sklearn")


def _independent_newton(lmbd, intercept):
    """Newton's method written from the formula: sum log(1 + exp(-s z)) + lmbd/2 |w|**2."""
    X, y = breast_cancer()
    s = 2.0 * y - 1.0
    A = np.hstack([X, np.ones((X.shape[0], 1))]) if intercept else X
    penalty = lmbd * np.eye(A.shape[1])
    if intercept:
        penalty[-1, -1] = 0.0
    x = np.zeros(A.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(s * (A @ x)))  # sigmoid(-s z)
        gradient = -A.T @ (s * p) + penalty @ x
        hessian = A.T @ (A * (p * (1.0 - p))[:, None]) + penalty
        x = x - np.linalg.solve(hessian, gradient)
    w = x[:X.shape[1]]
    return x, math.fsum(np.logaddexp(0.0, -s * (A @ x))) + lmbd / 2 * w @ w


@pytest.mark.parametrize("lmbd, intercept", SETTINGS)
def test_values_match_benchopt(sklearn, lmbd, intercept):
    problem = get_problem(_spec(lmbd, intercept))
    assert problem.n == 30 + intercept
    assert problem.fun(problem.x0) == pytest.approx(F_AT_ZERO, rel=1e-15)
    assert F_AT_ZERO == pytest.approx(569 * math.log(2.0), rel=1e-15)
    assert problem.f_opt == pytest.approx(BENCHOPT_F_STAR[lmbd, intercept], rel=1e-15)


@pytest.mark.parametrize("lmbd, intercept", SETTINGS)
def test_newton_certifies_f_opt(sklearn, lmbd, intercept):
    problem = get_problem(_spec(lmbd, intercept))
    x, value = _independent_newton(lmbd, intercept)
    assert value == pytest.approx(problem.f_opt, rel=1e-14)
    assert problem.fun(x) == pytest.approx(problem.f_opt, rel=1e-15)
    assert np.linalg.norm(problem.grad(x)) < 1e-11
    # The package's own Newton solve, the one that made the shipped f*, agrees.
    X, y = breast_cancer()
    loss = SummedLogisticLoss(LogisticLoss(X, y, l2=lmbd / (2 * y.size)), intercept)
    x_package = newton_minimum(loss, problem.x0, gtol=1e-10)
    np.testing.assert_allclose(x_package, x, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("lmbd, intercept", SETTINGS)
def test_scikit_learn_reaches_the_same_optimum(sklearn, lmbd, intercept):
    # LogisticRegression minimises C sum log-loss + |w|**2 / 2 (intercept unpenalised):
    # the same objective times C = 1 / lmbd.
    from sklearn.linear_model import LogisticRegression

    X, y = breast_cancer()
    model = LogisticRegression(C=1.0 / lmbd, fit_intercept=intercept, tol=1e-12,
                               solver="newton-cholesky", max_iter=1000).fit(X, y)
    params = model.coef_.ravel()
    if intercept:
        params = np.append(params, model.intercept_)
    problem = get_problem(_spec(lmbd, intercept))
    assert problem.fun(params) == pytest.approx(problem.f_opt, rel=1e-14)
    x, _ = _independent_newton(lmbd, intercept)
    np.testing.assert_allclose(params, x, rtol=1e-7, atol=1e-9)
    assert problem.accuracy(params) == pytest.approx(model.score(X, y))


@pytest.mark.parametrize("lmbd, intercept", SETTINGS)
def test_derivatives(sklearn, lmbd, intercept):
    problem = get_problem(_spec(lmbd, intercept))
    rng = np.random.default_rng(4)
    for x in (problem.x0, 0.3 * rng.standard_normal(problem.n)):
        gradient = problem.grad(x)
        assert check_grad(problem.fun, problem.grad, x) <= 1e-5 * (1 + np.linalg.norm(gradient))
        numeric = np.array([approx_fprime(x, lambda z, i=i: problem.grad(z)[i], 1e-6)
                            for i in range(problem.n)])
        np.testing.assert_allclose(problem.hess(x), numeric, rtol=1e-4, atol=1e-3)
        v = rng.standard_normal(problem.n)
        np.testing.assert_allclose(problem.hessp(x, v), problem.hess(x) @ v, rtol=1e-12,
                                   atol=1e-10)
        value, combined = problem.fun_and_grad(x)
        assert value == problem.fun(x)
        np.testing.assert_array_equal(combined, gradient)


@pytest.mark.parametrize("intercept", [False, True])
def test_gradient_and_hessian_agree_with_autograd(sklearn, intercept):
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")
    X, y = breast_cancer()
    s = 2.0 * y - 1.0
    lmbd = 0.1

    def loss(params):
        w = params[:30]
        z = anp.dot(X, w) + (params[30] if intercept else 0.0)
        return anp.sum(anp.logaddexp(0.0, -s * z)) + lmbd / 2 * anp.dot(w, w)

    problem = get_problem(_spec(lmbd, intercept))
    x = 0.2 * np.random.default_rng(8).standard_normal(problem.n)
    assert np.allclose(problem.grad(x), autograd.grad(loss)(x), rtol=1e-12, atol=1e-12)
    assert np.allclose(problem.hess(x), autograd.hessian(loss)(x), rtol=1e-10, atol=1e-10)


def test_other_penalties_get_f_opt_from_newton(sklearn):
    problem = get_problem("logreg-breast-cancer[lmbd=1.0,intercept=true]")
    _, value = _independent_newton(1.0, True)
    assert problem.f_opt == pytest.approx(value, rel=1e-14)
    assert "Newton" in problem.source


def test_bad_penalty_is_refused():
    with pytest.raises(OptbenchError, match="option lmbd must be > 0"):
        get_problem("logreg-breast-cancer[lmbd=0]")


def test_missing_scikit_learn_says_how_to_install(monkeypatch):
    breast_cancer.cache_clear()
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    try:
        with pytest.raises(OptbenchError, match=r"pip install 'optbench\[real\]'"):
            get_problem("logreg-breast-cancer")
    finally:
        breast_cancer.cache_clear()
