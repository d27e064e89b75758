"""Problem values checked against their sources, and derivatives against differences."""

import numpy as np
import pytest
from scipy.optimize import approx_fprime, check_grad

from optbench.errors import OptbenchError
from optbench.families import FAMILIES, OTHER
from optbench.problems import PROBLEMS, get_problem

# The seed's quadratic: f(x) = x**2 - 4x + 8 = (x - 2)**2 + 4.
# Rosenbrock: MGH (1981) problem 1 gives f(x0) = 24.2 at x0 = (-1.2, 1), f* = 0 at (1, 1).
REFERENCE_VALUES = [
    ("quadratic", [1.3], 1.3**2 - 4 * 1.3 + 8),
    ("quadratic", [2.0], 4.0),
    ("rosenbrock", [-1.2, 1.0], 24.2),
    ("rosenbrock", [1.0, 1.0], 0.0),
]


@pytest.mark.parametrize("spec, x, expected", REFERENCE_VALUES)
def test_values_match_the_sources(spec, x, expected):
    assert get_problem(spec).fun(np.array(x)) == pytest.approx(expected, rel=1e-14, abs=1e-15)


def test_chained_rosenbrock_at_x0_by_hand():
    # Terms i = 0..2 of sum 100 (x[i+1] - x[i]**2)**2 + (1 - x[i])**2 at (-1.2, 1, -1.2, 1).
    x = [-1.2, 1.0, -1.2, 1.0]
    terms = [100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3)]
    assert get_problem("rosenbrock[n=4]").fun(np.array(x)) == pytest.approx(sum(terms))


@pytest.mark.parametrize("spec", ["quadratic", "rosenbrock", "rosenbrock[n=5]"])
def test_certified_optimum_is_attained(spec):
    problem = get_problem(spec)
    for x_opt in problem.x_opt:
        assert problem.fun(x_opt) == pytest.approx(problem.f_opt, abs=1e-15)
        assert np.linalg.norm(problem.grad(x_opt)) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("spec", ["quadratic", "rosenbrock", "rosenbrock[n=5]", "logreg-seed"])
def test_derivatives_agree_with_finite_differences(spec):
    problem = get_problem(spec)
    rng = np.random.default_rng(7)
    for x in (problem.x0, problem.x0 + 0.1 * rng.standard_normal(problem.n)):
        scale = 1.0 + np.linalg.norm(problem.grad(x))
        assert check_grad(problem.fun, problem.grad, x) <= 1e-5 * scale * np.sqrt(problem.n)
        if problem.n <= 5:
            numeric = np.array([approx_fprime(x, lambda z, i=i: problem.grad(z)[i], 1e-7)
                                for i in range(problem.n)])
            np.testing.assert_allclose(problem.hess(x), numeric, rtol=1e-5, atol=1e-4)
        v = rng.standard_normal(problem.n)
        np.testing.assert_allclose(problem.hessp(x, v), problem.hess(x) @ v, rtol=1e-10,
                                   atol=1e-10)


def test_every_problem_states_its_source():
    for entry in PROBLEMS:
        if not entry.factory.__module__.startswith("optbench."):
            continue  # test-only problems registered by the tests themselves
        problem = get_problem(entry.name)
        assert problem.source and entry.factory.__doc__


def test_every_problem_belongs_to_a_named_family():
    # The report groups profiles and leaderboards by family; "other" would be a slip.
    families = {}
    for entry in PROBLEMS:
        if entry.factory.__module__.startswith("optbench."):
            families[entry.name] = get_problem(entry.name).family
    assert set(families.values()) <= set(FAMILIES) - {OTHER.name}
    assert families["quadratic"] == families["logreg-seed"] == "seed"
    assert families["backprop-net"] == families["logreg-breast-cancer"] == "machine learning"
    assert families["mgh-watson"] == "MGH" and families["nist-misra1a"] == "NIST StRD"
    assert families["aps-01"] == "scalar roots" and families["eq-wood"] == "nonlinear equations"


def test_starts_are_seeded_and_independent_of_count():
    problem = get_problem("rosenbrock")
    three = problem.starts(3, seed=5)
    np.testing.assert_array_equal(three[0], problem.x0)
    np.testing.assert_array_equal(problem.starts(2, seed=5)[1], three[1])
    assert not np.array_equal(problem.starts(2, seed=6)[1], three[1])


def test_problems_are_immutable():
    problem = get_problem("quadratic")
    with pytest.raises(AttributeError):
        problem.f_opt = 0.0
    with pytest.raises(ValueError):
        problem.x0[0] = 5.0


def test_bad_problem_options():
    with pytest.raises(OptbenchError, match="between 2 and 5000"):
        get_problem("rosenbrock[n=1]")
