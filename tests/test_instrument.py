"""The instrument counts, traces and limits every evaluation."""

import numpy as np
import pytest

from optbench.instrument import BudgetExhausted, Instrument
from optbench.problems import get_problem
from optbench.problems.base import Problem


def test_counts_and_trace():
    counted = Instrument(get_problem("quadratic"))
    values = [counted.fun(np.array([x])) for x in (1.0, 3.0, 2.0, 5.0)]
    assert values == [5.0, 5.0, 4.0, 13.0]
    counted.grad(np.array([1.0]))
    counted.fun_and_grad(np.array([0.0]))
    counted.hess(np.array([0.0]))
    counted.hessp(np.array([0.0]), np.array([1.0]))
    assert (counted.nfev, counted.njev, counted.nhev) == (5, 2, 2)
    trace = counted.trace()
    assert trace.evaluation.tolist() == [1, 2, 3, 4, 5]
    assert trace.f.tolist() == [5.0, 5.0, 4.0, 13.0, 8.0]
    assert trace.best_f.tolist() == [5.0, 5.0, 4.0, 4.0, 4.0]
    # Gradients so far at each value: none for the four fun calls; then grad (1) and
    # fun_and_grad (2, its own gradient included).
    assert trace.njev.tolist() == [0, 0, 0, 0, 2]
    assert np.all(np.diff(trace.time_s) >= 0)
    assert counted.best_x.tolist() == [2.0]


def test_best_point_is_a_copy():
    counted = Instrument(get_problem("quadratic"))
    x = np.array([2.0])
    counted.fun(x)
    x[0] = 10.0
    assert counted.best_x.tolist() == [2.0]


def test_budget_stops_before_evaluation_max_fev_plus_one():
    calls = []
    problem = Problem("count", lambda x: calls.append(1) or 1.0, [0.0], 0.0, "test")
    counted = Instrument(problem, max_fev=3)
    for _ in range(3):
        counted.fun(np.zeros(1))
    with pytest.raises(BudgetExhausted, match="max_fev=3"):
        counted.fun(np.zeros(1))
    with pytest.raises(BudgetExhausted):
        counted.fun_and_grad(np.zeros(1))
    assert counted.nfev == 3 and len(calls) == 3


def test_non_finite_values_are_flagged_not_best():
    values = iter([np.nan, 2.0, np.inf, -np.inf, 1.0])
    problem = Problem("odd", lambda x: next(values), [0.0], 0.0, "test")
    counted = Instrument(problem)
    for _ in range(5):
        counted.fun(np.zeros(1))
    assert counted.nonfinite == 3
    assert counted.best_f == 1.0
    assert counted.trace().best_f.tolist()[1:] == [2.0, 2.0, 2.0, 1.0]


def test_fun_and_grad_without_a_combined_callable_counts_one_of_each():
    counted = Instrument(get_problem("rosenbrock"))
    value, gradient = counted.fun_and_grad(np.array([-1.2, 1.0]))
    assert value == pytest.approx(24.2)
    assert (counted.nfev, counted.njev) == (1, 1)
    # d/dx1 = -400 x1 (x2 - x1**2) - 2 (1 - x1) = -215.6; d/dx2 = 200 (x2 - x1**2) = -88
    np.testing.assert_allclose(gradient, [-215.6, -88.0])
