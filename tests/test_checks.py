"""``optbench check``: derivatives against central differences."""

import numpy as np
import pytest
from optional import built_or_skip

from optbench.checks import TOLERANCE, check_problem, relative_error
from optbench.cli import main
from optbench.families import OTHER
from optbench.problems import PROBLEMS, get_problem
from optbench.problems.roots import ScalarEquation, register_scalar_equation

OWN_PROBLEMS = [e.name for e in PROBLEMS if e.factory.__module__.startswith("optbench.")]
#: NIST problems with parameters far below 1 (Misra1b's b2 ~ 1e-4, Hahn1's b7 ~ 1e-9): the
#: checker's steps must follow each parameter's scale for these to pass.
BADLY_SCALED = ["nist-misra1b", "nist-kirby2", "nist-hahn1", "nist-misra1c", "nist-misra1d"]


@pytest.mark.parametrize("name", BADLY_SCALED)
def test_steps_follow_the_scale_of_small_parameters(name):
    result = check_problem(get_problem(name))
    assert result.ok and result.grad_error < 1e-6


def test_relative_error_by_hand():
    # |(3, 4) - (3, 4.5)| / |(3, 4.5)| = 0.5 / 5.408...
    assert relative_error(np.array([3.0, 4.0]), np.array([3.0, 4.5]), 1e-8) == pytest.approx(
        0.5 / np.hypot(3.0, 4.5))


def test_a_wrong_gradient_is_caught(capsys):
    result = check_problem(get_problem("test-wrong-derivative"))
    assert result.grad_error == pytest.approx(0.5, rel=1e-6)  # g = x instead of 2x
    assert not result.ok
    assert main(["check", "--problems", "quadratic", "test-wrong-derivative"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH" in out and "2 problems checked; 1 with a derivative off" in out


@pytest.mark.parametrize("name", OWN_PROBLEMS)
def test_every_problem_passes(name):
    result = check_problem(built_or_skip(name))
    if result is not None:
        assert result.ok, (result.grad_error, result.hess_error)
        assert result.grad_error <= TOLERANCE


@register_scalar_equation("test-wrong-fprime", "t**3 - 8 with f' = 2 t**2 (should be 3 t**2)",
                          OTHER)
def _wrong_fprime() -> ScalarEquation:
    return ScalarEquation("test-wrong-fprime", lambda t: t**3 - 8.0, (0.0, 3.0), (2.0,),
                          "test", fprime=lambda t: 2.0 * t * t, fprime2=lambda t: 6.0 * t)


def test_scalar_equation_derivatives_are_checked():
    """f' and f'' of a scalar equation are its checked gradient and Hessian: a wrong f'
    (2 t**2 for 3 t**2) is off by 1/3 relative; APS #1's (cos x - 1/2, -sin x) pass."""
    wrong = check_problem(get_problem("test-wrong-fprime"))
    assert wrong.grad_error == pytest.approx(1.0 / 3.0, rel=1e-6) and not wrong.ok
    right = check_problem(get_problem("aps-01"))
    assert right.ok and right.hess_error is not None and right.hess_error < 1e-6


def test_system_jacobians_are_checked():
    """A system's Jacobian is compared column by column with central differences of F;
    the n = 5000 system has no dense Jacobian to check."""
    result = check_problem(get_problem("eq-helical-valley"))
    assert result.ok and result.grad_error < 1e-8 and np.isnan(result.forward_grad_error)
    assert check_problem(get_problem("eq-broyden-tridiagonal-large[n=5000]")) is None
