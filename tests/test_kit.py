"""The conformance kit for third parties (`optbench.testing.check_problem`,
`check_solver`): it passes good code and names what is wrong with bad code."""

import textwrap

import numpy as np
import pytest

import optbench
from optbench.testing import ConformanceError, check_problem, check_solver


def test_a_good_problem_passes(cleanup):
    cleanup.append("kit-good")
    problem = optbench.Problem(name="kit-good", fun=lambda x: float(np.sum((x - 1.0) ** 4)),
                               grad=lambda x: 4.0 * (x - 1.0) ** 3, x0=np.zeros(4), f_opt=0.0)
    record = check_problem(problem, solver="bfgs")
    assert record.status == "converged" and record.f_error < 1e-6


def test_a_wrong_gradient_is_named(cleanup):
    cleanup.append("kit-wrong-grad")
    problem = optbench.Problem(name="kit-wrong-grad", fun=lambda x: float(x @ x),
                               grad=lambda x: x, x0=np.ones(3), f_opt=0.0)
    with pytest.raises(ConformanceError, match="a derivative disagrees with central "
                                               "differences"):
        check_problem(problem)


def test_a_wrong_shape_is_named(cleanup):
    cleanup.append("kit-shape")
    problem = optbench.Problem(name="kit-shape", fun=lambda x: float(x @ x),
                               grad=lambda x: np.append(x, 0.0), x0=np.ones(3))
    with pytest.raises(ConformanceError, match=r"grad\(x0\) returned shape \(4,\); "
                                               r"expected \(3,\)"):
        check_problem(problem)


def test_a_good_solver_passes(cleanup):
    cleanup.append("kit-descent")

    @optbench.solver("kit-descent")
    def descent(fun, x0, *, fun_and_grad, budget, seed, callback):
        x, step = x0, 1.0
        value, gradient = fun_and_grad(x)
        for _ in range(200):
            trial = x - step * gradient
            trial_value, trial_gradient = fun_and_grad(trial)
            if trial_value < value:
                x, value, gradient = trial, trial_value, trial_gradient
                step *= 2.0
                callback(x)
            else:
                step /= 4.0
        return {"x": x, "fun": value, "nfev": None}

    records = check_solver(descent)
    assert [r.problem for r in records] == ["quadratic", "rosenbrock", "mgh-beale"]
    assert all(r.nit_source == "instrument" for r in records)


@pytest.mark.parametrize("body, message", [
    # Calls the problem's own function: evaluations the instrument never sees.
    ("objective.problem.fun(x0); return x0", "the instrument counted"),
    # Claims evaluations it did not make.
    ("fun(x0); return {'x': x0, 'nfev': 7}", "the solver reports nfev=7, but it made 1"),
    # Draws from an unseeded generator.
    ("return x0 + np.random.default_rng().standard_normal(x0.size) * fun(x0)",
     "two runs with seed 0 differ"),
    # Swallows optbench's budget exception and goes on.
    ("""
    for _ in range(100):
        try:
            fun(x0)
        except Exception:
            pass
    return x0""", "it asked for 50 evaluations past a budget of 50"),
])
def test_bad_solvers_are_named(cleanup, body, message):
    cleanup.append("kit-bad")
    namespace = {"np": np}
    # The first case reaches the problem through the instrument a solver class gets.
    if "objective.problem" in body:
        class Sneaky:
            name = "kit-bad"
            accepts = optbench.Accepts("kit-bad", frozenset({optbench.Kind.MINIMIZE}))

            def solve(self, objective, x0, seed):
                objective.problem.fun(x0)
                return optbench.Result(x=x0, fun=0.0, nit=None, nfev=None,
                                       status=optbench.Status.CONVERGED)

        solver = Sneaky()
    else:
        source = "def bad(fun, x0):\n" + textwrap.indent(textwrap.dedent(body).strip(), "    ")
        exec(compile(source, "<kit-bad>", "exec"), namespace)
        solver = optbench.solver("kit-bad")(namespace["bad"])
    with pytest.raises(ConformanceError, match=message):
        check_solver(solver)
