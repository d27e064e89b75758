"""The seed's back-propagation network: hand-written gradients against differences and autograd.

The seed checks its chain-rule gradients of Linear -> ReLU -> Linear -> MSE against
PyTorch's autograd with np.allclose; here the same check runs against the autograd
package (a test-only dependency), and against finite differences.
"""

import numpy as np
import pytest
from scipy.optimize import check_grad, minimize

from optbench.errors import OptbenchError
from optbench.problems import get_problem
from optbench.problems.backprop import teacher_data

# (spec, the same sizes as teacher_data's arguments)
CASES = [("backprop-net", (64, 4, 16, 1, 0)),
         ("backprop-net[hidden=5,outputs=3,samples=20,seed=7]", (20, 4, 5, 3, 7))]
SPECS = [spec for spec, _ in CASES]


def _points(problem):
    rng = np.random.default_rng(5)
    return [problem.x0, problem.x0 + 0.1 * rng.standard_normal(problem.n)]


@pytest.mark.parametrize("spec", SPECS)
def test_gradient_agrees_with_finite_differences(spec):
    problem = get_problem(spec)
    for x in _points(problem):
        gradient = problem.grad(x)
        assert check_grad(problem.fun, problem.grad, x) <= 1e-6 * (1 + np.linalg.norm(gradient))
        value, combined = problem.fun_and_grad(x)
        assert value == problem.fun(x)
        np.testing.assert_array_equal(combined, gradient)


@pytest.mark.parametrize("spec, sizes", CASES, ids=SPECS)
def test_gradient_agrees_with_autograd(spec, sizes):
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")
    problem = get_problem(spec)
    network, _, _ = teacher_data(*sizes)
    inputs, hidden, outputs = network.X.shape[1], network.hidden, network.Y.shape[1]

    def mse(params):  # the forward pass alone, as in the seed; autograd does the rest
        cut = np.cumsum([inputs * hidden, hidden, hidden * outputs])
        w1 = anp.reshape(params[:cut[0]], (inputs, hidden))
        b1 = params[cut[0]:cut[1]]
        w2 = anp.reshape(params[cut[1]:cut[2]], (hidden, outputs))
        b2 = params[cut[2]:]
        out = anp.dot(anp.maximum(anp.dot(network.X, w1) + b1, 0.0), w2) + b2
        return anp.mean((out - network.Y) ** 2)

    for x in _points(problem):
        assert mse(x) == pytest.approx(problem.fun(x), rel=1e-14)
        assert np.allclose(problem.grad(x), autograd.grad(mse)(x), rtol=1e-12, atol=1e-15)


def test_teacher_attains_zero_and_data_are_seeded():
    network, teacher, x0 = teacher_data(64, 4, 16, 1, seed=0)
    assert network.fun(teacher) < 1e-28
    assert np.linalg.norm(network.grad(teacher)) < 1e-13
    again, _, x0_again = teacher_data(64, 4, 16, 1, seed=0)
    np.testing.assert_array_equal(again.X, network.X)
    np.testing.assert_array_equal(x0_again, x0)
    other, _, _ = teacher_data(64, 4, 16, 1, seed=1)
    assert not np.array_equal(other.X, network.X)
    problem = get_problem("backprop-net")
    np.testing.assert_array_equal(problem.x0, x0)
    assert problem.f_opt == 0.0 and problem.n == 4 * 16 + 16 + 16 + 1


def test_parameters_round_trip_through_the_flat_vector():
    network, teacher, _ = teacher_data(10, 3, 4, 2, seed=2)
    w1, b1, w2, b2 = network.unpack(teacher)
    assert (w1.shape, b1.shape, w2.shape, b2.shape) == ((3, 4), (4,), (4, 2), (2,))
    np.testing.assert_array_equal(network.pack(w1, b1, w2, b2), teacher)


@pytest.mark.parametrize("spec", ["backprop-net[hidden=0]", "backprop-net[samples=0]"])
def test_bad_sizes_are_refused(spec):
    with pytest.raises(OptbenchError, match="must be between 1 and "):
        get_problem(spec)


@pytest.mark.slow
def test_lbfgs_reaches_the_certified_zero():
    problem = get_problem("backprop-net")
    result = minimize(problem.fun_and_grad, problem.x0, jac=True, method="L-BFGS-B",
                      options={"maxiter": 50000, "maxfun": 100000, "ftol": 0, "gtol": 1e-14})
    assert result.fun < 1e-12
