"""The example plug-in's own tests: optbench's conformance kit on its problem and solver."""

import numpy as np
import optbench_example_plugin as plugin

import optbench
from optbench.testing import check_problem, check_solver


def test_the_certified_minimum_is_a_stationary_point():
    x_star = np.full(plugin.N, plugin.X_STAR)
    np.testing.assert_allclose(plugin.styblinski_tang_grad(x_star), 0.0, atol=1e-12)
    # Jamil & Yang (2013), function 144: f* = -39.16599 n (to their five digits).
    assert abs(plugin.STYBLINSKI_TANG.f_opt / plugin.N - -39.16599) < 2e-4


def test_problem_passes_the_kit():
    record = check_problem(plugin.STYBLINSKI_TANG, solver="bfgs")
    assert record.status == "converged"
    assert record.f_error < 1e-8


def test_solver_passes_the_kit():
    records = check_solver(plugin.random_search)
    assert {r.problem for r in records} == {"quadratic", "rosenbrock", "mgh-beale"}


def test_suite_is_registered_and_runs():
    table = optbench.run(problems=[plugin.STYBLINSKI_TANG], solvers=[plugin.random_search])
    assert table.loc[0, "status"] == "converged"
    assert table.loc[0, "nfev"] == 20_000  # optbench.run's default budget, spent exactly
