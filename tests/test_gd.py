"""optbench's gradient descent: the update rule, stopping, and the seed's training run."""

import json
import math

import numpy as np
import pytest

from optbench.instrument import Instrument
from optbench.problems import get_problem
from optbench.runner import Task, execute
from optbench.solvers.gd import descend, fixed_step


def test_fixed_step_is_pure():
    tx = fixed_step(0.5)
    state = tx.init(np.zeros(2))
    updates, new_state = tx.update(np.array([1.0, -2.0]), state, np.zeros(2))
    assert updates.tolist() == [-0.5, 1.0]
    assert (state.count, new_state.count) == (0, 1)


def test_quadratic_steps_follow_the_closed_form():
    # x_k - 2 = (1 - 2 * 0.1)**k (1.3 - 2); the gradient 2 (x_k - 2) first has norm
    # <= 1e-6 at k = ceil(log(1e-6 / 1.4) / log(0.8)) = 64.
    expected_nit = math.ceil(math.log(1e-6 / 1.4) / math.log(0.8))
    record = execute(Task("quadratic", "gd", 0, 0, max_fev=None))
    assert record.status == "converged"
    assert record.nit == expected_nit == 64
    assert (record.nfev, record.njev) == (65, 65)
    x = json.loads(record.x)[0]
    assert x - 2.0 == pytest.approx(-0.7 * 0.8**64, rel=1e-9)
    assert abs(x - 2.0) < 1e-4


def test_maxiter_counts_the_final_evaluation():
    counted = Instrument(get_problem("quadratic"))
    result = descend(fixed_step(0.1), counted, np.array([1.3]), gtol=0.0, maxiter=3)
    assert (result.nit, result.nfev, result.status.value) == (3, 4, "maxiter")
    assert result.x[0] == pytest.approx(2 - 0.7 * 0.8**3)
    assert counted.nfev == 4 and counted.iterations == 3


def test_divergence_is_recorded():
    # Step 0.1 on Rosenbrock from (-1.2, 1) overshoots (gradient -215.6, -88) and blows up.
    record = execute(Task("rosenbrock", "gd", 0, 0, max_fev=None))
    assert record.status == "diverged"
    assert not record.success


def test_seed_training_run_reaches_the_reference():
    # logreg_refs.json: after exactly 10 000 steps of 0.1, f = 0.11705355430246499,
    # gradient norm 7.57e-7, training accuracy 1.0; f* = 0.11705355426497094.
    record = execute(Task("logreg-seed", "gd[gtol=0.0]", 0, 0, max_fev=None))
    assert (record.nit, record.nfev, record.njev, record.status) == (10_000, 10_001, 10_001,
                                                                     "maxiter")
    assert record.fun == pytest.approx(0.11705355430246499, rel=1e-11)
    assert 0 <= record.f_error < 1e-8
    assert record.accuracy == 1.0 and record.success


def test_default_gd_stops_at_the_gradient_tolerance_on_the_seed_problem():
    record = execute(Task("logreg-seed", "gd", 0, 0, max_fev=None))
    assert record.status == "converged" and record.nit < 10_000
    assert 0 <= record.f_error < 1e-8 and record.accuracy == 1.0
