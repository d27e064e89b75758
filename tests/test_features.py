"""Robustness features (issue 18): each transform against its definition, computed here
independently; seeds; f* kept or accuracy measured on the true function; derivatives;
one-line errors for bad input."""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import pandas as pd
import pytest

from optbench.cli import main
from optbench.families import MGH
from optbench.instrument import Instrument
from optbench.problems import PROBLEMS, get_problem
from optbench.problems.sumsq import LeastSquaresProblem
from optbench.report.robustness_section import loss_table, robustness_markdown
from optbench.runner import Task, execute, plan
from optbench.suites import ROBUSTNESS_FEATURES, get_suite

SEED = 12345  # a feature seed; feature i of a chain draws from SeedSequence([SEED, i])
POINTS = [np.array([0.3, -0.7, 1.1, 0.2]), np.array([1.5, 2.0, -0.4, 0.9]),
          np.array([-1.2, 1.0, -1.2, 1.0])]


def instance(spec: str, feature_seed: int = SEED, start: int = 0, seed: int = 0):
    """The problem and start of a run of ``spec`` with this feature seed."""
    problem = get_problem(spec)
    assert problem.features is not None
    return problem.features.instance(start, seed, feature_seed)


def stage(feature_seed: int = SEED, i: int = 0) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([feature_seed, i]))


def at_point(x: np.ndarray, feature_seed: int = SEED, i: int = 0) -> np.random.Generator:
    digest = hashlib.blake2b(np.asarray(x, dtype=np.float64).tobytes(), digest_size=8)
    return np.random.default_rng(np.random.SeedSequence(
        [feature_seed, i, int.from_bytes(digest.digest(), "little")]))


def central_gradient(fun, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    return np.array([(fun(x + h * e) - fun(x - h * e)) / (2 * h) for e in np.eye(x.size)])


BASE = get_problem("mgh-wood")  # n = 4, x* = (1, 1, 1, 1), f* = 0, residuals with a Jacobian


# --- f at a point equals the definition ---------------------------------------------


def test_plain_is_the_problem_itself():
    problem, x0 = instance("mgh-wood@plain")
    assert np.array_equal(x0, BASE.x0)
    for x in POINTS:
        assert problem.fun(x) == BASE.fun(x)
        assert np.array_equal(problem.grad(x), BASE.grad(x))
    assert problem.f_opt == BASE.f_opt and problem.family == "robustness"


def test_perturbed_x0_moves_the_start_by_its_definition():
    problem, x0 = instance("mgh-wood@perturbed-x0[sigma=0.1]")
    d = stage().standard_normal(4)
    expected = BASE.x0 + 0.1 * max(1.0, np.linalg.norm(BASE.x0)) * d / np.linalg.norm(d)
    np.testing.assert_allclose(x0, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.linalg.norm(x0 - BASE.x0),
                               0.1 * np.linalg.norm(BASE.x0), rtol=1e-12)
    for x in POINTS:
        assert problem.fun(x) == BASE.fun(x)


def test_permuted_is_f_of_the_permuted_variables():
    problem, x0 = instance("mgh-wood@permuted")
    p = stage().permutation(4)
    for y in POINTS:
        assert problem.fun(y) == pytest.approx(BASE.fun(y[p]), rel=1e-15)
    # The start is the base start in the new variables: y[p] = x0.
    np.testing.assert_array_equal(x0[p], BASE.x0)


def test_rotated_is_f_of_q_y_with_q_from_the_qr_of_a_gaussian_matrix():
    problem, x0 = instance("mgh-wood@rotated")
    q, r = np.linalg.qr(stage().standard_normal((4, 4)))
    q = q * np.sign(np.diag(r))
    np.testing.assert_allclose(q.T @ q, np.eye(4), atol=1e-14)
    for y in POINTS:
        assert problem.fun(y) == pytest.approx(BASE.fun(q @ y), rel=1e-13)
    np.testing.assert_allclose(x0, q.T @ BASE.x0, atol=1e-14)
    assert problem.fun(x0) == pytest.approx(BASE.fun(BASE.x0), rel=1e-13)


@pytest.mark.parametrize("kind", ["additive", "multiplicative"])
def test_noisy_is_f_plus_or_times_gaussian_noise_drawn_at_the_point(kind):
    sigma = 0.01
    problem, _ = instance(f"mgh-wood@noisy[sigma={sigma},kind={kind}]")
    for x in POINTS:
        e = at_point(x).standard_normal(5)
        f, g = BASE.fun(x), BASE.grad(x)
        if kind == "additive":
            f_expected, g_expected = f + sigma * e[0], g + sigma * e[1:]
        else:
            f_expected, g_expected = f * (1 + sigma * e[0]), g * (1 + sigma * e[1:])
        assert problem.fun(x) == pytest.approx(f_expected, rel=1e-14)
        np.testing.assert_allclose(problem.grad(x), g_expected, rtol=1e-13)
        value, gradient = problem.fun_and_grad(x)  # one point, one draw: the same noise
        assert value == problem.fun(x)
        np.testing.assert_array_equal(gradient, problem.grad(x))
        assert problem.true_value(x) == f


def test_truncated_rounds_f_and_the_gradient_to_significant_digits():
    problem, _ = instance("mgh-wood@truncated[digits=4]")

    def rounded(v: float) -> float:
        return round(v, 4 - 1 - math.floor(math.log10(abs(v)))) if v else 0.0

    for x in POINTS:
        f = BASE.fun(x)
        assert problem.fun(x) == pytest.approx(rounded(f), rel=1e-15)
        assert abs(problem.fun(x) - f) <= 0.5e-3 * abs(f)
        np.testing.assert_allclose(problem.grad(x), [rounded(v) for v in BASE.grad(x)],
                                   rtol=1e-15)


def test_random_nan_is_nan_where_the_points_uniform_draw_is_below_p():
    problem, _ = instance("mgh-wood@random-nan[p=0.5]")
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(60):
        x = rng.standard_normal(4)
        nan = bool(at_point(x).uniform() < 0.5)
        hits += nan
        assert math.isnan(problem.fun(x)) is nan
        assert bool(np.all(np.isnan(problem.grad(x)))) is nan
        if not nan:
            assert problem.fun(x) == BASE.fun(x)
        assert problem.true_value(x) == BASE.fun(x)
    assert 10 < hits < 50
    assert get_problem("mgh-wood@random-nan[p=0]").fun(POINTS[0]) == BASE.fun(POINTS[0])
    assert math.isnan(get_problem("mgh-wood@random-nan[p=1]").fun(POINTS[0]))


def test_quantized_evaluates_f_at_the_point_rounded_to_the_grid():
    step = 0.25
    problem, _ = instance(f"mgh-wood@quantized[step={step}]")
    for x in POINTS:
        q = step * np.round(x / step)
        assert problem.fun(x) == BASE.fun(q)
        np.testing.assert_array_equal(problem.grad(x), BASE.grad(q))
        assert problem.true_value(x) == BASE.fun(x)
    # Piecewise constant: a move within a cell changes nothing.
    assert problem.fun(np.array([1.01, 1.0, 1.0, 1.0])) == problem.fun(np.ones(4))


def test_features_chain_left_to_right_each_with_its_own_stream():
    problem, x0 = instance("mgh-wood@rotated@noisy[sigma=0.01,kind=additive]")
    q, r = np.linalg.qr(stage(SEED, 0).standard_normal((4, 4)))
    q = q * np.sign(np.diag(r))
    for y in POINTS:
        e = at_point(y, SEED, 1).standard_normal(5)
        assert problem.fun(y) == pytest.approx(BASE.fun(q @ y) + 0.01 * e[0], rel=1e-12)
        assert problem.true_value(y) == pytest.approx(BASE.fun(q @ y), rel=1e-13)
    assert get_problem("mgh-wood@rotated@noisy[sigma=0.01,kind=additive]").name == (
        "mgh-wood@rotated@noisy[kind=additive,sigma=0.01]")


# --- seeds ----------------------------------------------------------------------------

STOCHASTIC = ["perturbed-x0[sigma=0.1]", "permuted", "rotated", "noisy[sigma=0.01]",
              "random-nan[p=0.5]"]
DETERMINISTIC = ["plain", "truncated[digits=4]", "quantized[step=0.01]"]


def _signature(spec: str, feature_seed: int) -> list[float]:
    problem, x0 = instance(spec, feature_seed)
    return [*x0.tolist(), *(problem.fun(x) for x in POINTS)]


@pytest.mark.parametrize("feature", STOCHASTIC)
def test_the_same_seed_repeats_an_instance_and_another_seed_draws_another(feature):
    spec = f"mgh-wood@{feature}"
    first = _signature(spec, SEED)
    np.testing.assert_array_equal(first, _signature(spec, SEED))
    assert not np.array_equal(first, _signature(spec, SEED + 1), equal_nan=True)


@pytest.mark.parametrize("feature", DETERMINISTIC)
def test_deterministic_features_draw_nothing(feature):
    spec = f"mgh-wood@{feature}"
    np.testing.assert_array_equal(_signature(spec, SEED), _signature(spec, SEED + 1))


def test_the_feature_seed_comes_from_seed_problem_and_start_not_the_solver():
    a = Task("mgh-wood@rotated", "bfgs", 0, 0, None)
    assert a.feature_seed == Task("mgh-wood@rotated", "powell", 0, 0, None).feature_seed
    assert a.feature_seed != Task("mgh-wood@rotated", "bfgs", 1, 0, None).feature_seed
    assert a.feature_seed != Task("mgh-wood@rotated", "bfgs", 0, 1, None).feature_seed
    assert a.feature_seed != Task("mgh-wood@permuted", "bfgs", 0, 0, None).feature_seed


def test_a_repeated_run_is_identical_and_another_start_is_another_instance():
    tasks = plan(["mgh-wood@noisy[sigma=0.01]"], ["nelder-mead"], starts=2)
    first, again = execute(tasks[0]), execute(tasks[0])
    assert (first.x, first.fun, first.nfev) == (again.x, again.fun, again.nfev)
    other = execute(tasks[1])
    assert other.x != first.x
    # Start k of a featured problem is the base's start k under the feature: start 1 is
    # MGH's 10 x0 (multiplicative noise leaves the start where it is).
    problem, x0 = instance("mgh-wood@noisy[sigma=0.01]", start=1)
    np.testing.assert_array_equal(x0, 10 * BASE.x0)


# --- f* kept, or accuracy measured on the true function ---------------------------------


@pytest.mark.parametrize("name", ["mgh-wood", "mgh-helical-valley", "mgh-rosenbrock"])
@pytest.mark.parametrize("feature", ["permuted", "rotated"])
def test_changes_of_variables_keep_f_star_at_the_transformed_minimiser(name, feature):
    base = get_problem(name)
    spec = f"{name}@{feature}"
    for feature_seed in (0, 1, 2):
        problem, _ = instance(spec, feature_seed)
        x_star = base.x_opt[0]
        if feature == "rotated":
            q, r = np.linalg.qr(stage(feature_seed).standard_normal((base.n, base.n)))
            y_star = (q * np.sign(np.diag(r))).T @ x_star
        else:
            y_star = np.empty(base.n)
            y_star[stage(feature_seed).permutation(base.n)] = x_star
        assert problem.fun(y_star) == pytest.approx(base.f_opt, abs=1e-20)
        assert problem.f_opt == base.f_opt
        assert problem.x_error(y_star) == pytest.approx(0.0, abs=1e-14)
        assert problem.true_fun is None  # what the solver sees is exact


def test_a_run_of_a_perturbed_f_is_measured_on_the_true_function():
    # Additive noise of size 1 on f: the solver sees values far from the truth.
    (task,) = plan(["mgh-wood@rotated@noisy[sigma=1,kind=additive]"], ["nelder-mead"])
    record = execute(task)
    y = np.array(json.loads(record.x))
    problem, _ = instance(task.problem, task.feature_seed)
    q, r = np.linalg.qr(stage(task.feature_seed, 0).standard_normal((4, 4)))
    x = (q * np.sign(np.diag(r))) @ y
    assert record.fun == pytest.approx(BASE.fun(x), rel=1e-12)
    assert record.fun != pytest.approx(problem.fun(y), rel=1e-6)
    assert record.f_error == record.fun - BASE.f_opt
    assert record.x_error == pytest.approx(np.linalg.norm(x - BASE.x_opt[0]), rel=1e-12)
    row = record.problem_row
    assert "measured on the true function" in row.source
    assert '"f_measured_on": "true f"' in row.reference
    assert '"base": "mgh-wood"' in row.reference and row.family == "robustness"


def test_the_trace_records_the_true_function_where_the_solver_sees_another():
    problem, _ = instance("mgh-wood@noisy[sigma=1,kind=additive]")
    counted = Instrument(problem)
    seen = [counted.fun(POINTS[0]), counted.fun_and_grad(POINTS[1])[0]]
    truth = [BASE.fun(POINTS[0]), BASE.fun(POINTS[1])]
    assert seen == [problem.fun(POINTS[0]), problem.fun(POINTS[1])] != truth
    np.testing.assert_array_equal(counted.trace().f, truth)
    assert counted.nfev == 2 and counted.njev == 1  # the true values are not counted
    assert counted.best_f == min(truth)


def test_a_run_of_a_rotated_problem_is_certified_and_solved_as_the_base():
    (task,) = plan(["mgh-rosenbrock@rotated"], ["bfgs"])
    record = execute(task)
    assert record.success and record.f_opt == 0.0
    assert "f* certified" in record.problem_row.source
    assert '"f_measured_on": "f"' in record.problem_row.reference


# --- derivatives ---------------------------------------------------------------------


@pytest.mark.parametrize("feature", ["plain", "perturbed-x0", "permuted", "rotated"])
def test_exact_features_transform_gradients_residuals_and_jacobians_consistently(feature):
    problem, _ = instance(f"mgh-wood@{feature}")
    form = problem.form
    assert isinstance(form, LeastSquaresProblem)
    for y in POINTS:
        np.testing.assert_allclose(problem.grad(y), central_gradient(problem.fun, y),
                                   rtol=1e-6, atol=1e-5)
        value, gradient = problem.fun_and_grad(y)
        assert value == pytest.approx(problem.fun(y), rel=1e-14)
        np.testing.assert_allclose(gradient, problem.grad(y), rtol=1e-13)
        r = form.sumsq.residuals(y)
        assert float(r @ r) == pytest.approx(problem.fun(y), rel=1e-13)
        jac = form.sumsq.jacobian(y)
        numeric = np.column_stack([(form.sumsq.residuals(y + 1e-6 * e)
                                    - form.sumsq.residuals(y - 1e-6 * e)) / 2e-6
                                   for e in np.eye(4)])
        np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("feature", ["permuted", "rotated"])
def test_changes_of_variables_transform_hessians(feature):
    problem, _ = instance(f"rosenbrock[n=4]@{feature}")
    for y in POINTS:
        numeric = np.column_stack([(problem.grad(y + 1e-6 * e) - problem.grad(y - 1e-6 * e))
                                   / 2e-6 for e in np.eye(4)])
        np.testing.assert_allclose(problem.hess(y), numeric, rtol=1e-6, atol=1e-4)
        p = np.array([0.5, -1.0, 2.0, 0.25])
        np.testing.assert_allclose(problem.hessp(y, p), problem.hess(y) @ p, rtol=1e-12,
                                   atol=1e-12)


@pytest.mark.parametrize("feature", ["noisy", "truncated", "random-nan", "quantized"])
def test_features_that_perturb_f_drop_hessians_and_the_residual_form(feature):
    problem = get_problem(f"rosenbrock[n=4]@{feature}")
    assert problem.hess is None and problem.hessp is None and problem.grad is not None
    capabilities = {c.name for c in get_problem(f"mgh-wood@{feature}").capabilities()}
    assert capabilities == {"GRADIENT"}  # no RESIDUALS: least-squares solvers skip it
    (task,) = plan([f"mgh-wood@{feature}"], ["least-squares"])
    assert execute(task).status == "skipped"


def test_permuted_moves_a_box_with_its_variables():
    base = get_problem("global-branin")
    problem, _ = instance("global-branin@permuted")
    p = stage().permutation(2)
    for i in range(2):
        assert problem.bounds[p[i]] == base.bounds[i]


# --- bad input: one line -----------------------------------------------------------------

BAD = [
    ("mgh-wood@noisy[sigma=0]",
     "feature 'noisy': option sigma must be > 0 and <= 1e+06; got '0'"),
    ("mgh-wood@noisy[kind=loud]",
     "feature 'noisy': option kind must be one of additive, multiplicative; got 'loud'"),
    ("mgh-wood@noisy[level=1]",
     "feature 'noisy' has no option 'level'; valid options: sigma, kind"),
    ("mgh-wood@random-nan[p=1.5]",
     "feature 'random-nan': option p must be between 0 and 1; got '1.5'"),
    ("mgh-wood@truncated[digits=0]",
     "feature 'truncated': option digits must be between 1 and 17; got '0'"),
    ("mgh-wood@quantized[step=-1]",
     "feature 'quantized': option step must be > 0 and <= 1e+06; got '-1'"),
    ("mgh-wood@perturbed-x0[sigma=abc]",
     "feature 'perturbed-x0': option sigma expects float; got 'abc'"),
    ("mgh-wood@shaken",
     "unknown feature 'shaken'; valid: plain, perturbed-x0, permuted, rotated, noisy, "
     "truncated, random-nan, quantized"),
    ("mgh-wood@", "malformed problem name 'mgh-wood@': expected "
     "problem[options]@feature[options]@..."),
    ("@rotated", "malformed problem name '@rotated': expected "
     "problem[options]@feature[options]@..."),
    ("nope@rotated", "unknown problem 'nope'; valid: "),
    ("hs-071@rotated", "feature 'rotated' does not transform constraints; 'hs-071' has some"),
    ("global-branin@rotated",
     "feature 'rotated' does not keep a box; 'global-branin' has bounds"),
    ("aps-01@noisy",
     "feature 'noisy' applies to minimisation problems; 'aps-01' is of kind root-scalar"),
]


@pytest.mark.parametrize("spec, message", BAD, ids=[spec for spec, _ in BAD])
def test_bad_features_are_one_line_errors(spec, message, tmp_path, capsys):
    store = tmp_path / "results.sqlite"
    assert main(["run", "--problems", spec, "--solvers", "bfgs", "--quiet",
                 "--results", str(store)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("optbench: error: "), err
    line = err[len("optbench: error: "):].rstrip("\n")
    assert line.startswith(message) if message.endswith(" ") else line == message
    assert not store.exists()


def test_list_shows_the_features(capsys):
    assert main(["list"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines()
             if line.startswith("feature ")]
    assert [line.split()[1] for line in lines] == [
        "@plain", "@perturbed-x0", "@permuted", "@rotated", "@noisy", "@truncated",
        "@random-nan", "@quantized"]
    assert "[sigma=0.001, kind=multiplicative]" in lines[4]


# --- the suite and its section -------------------------------------------------------------


def test_the_robustness_suite_runs_every_mgh_problem_under_every_feature():
    suite = get_suite("robustness")
    mgh = PROBLEMS.names(MGH)
    assert ROBUSTNESS_FEATURES[0] == "plain" and suite.starts == 5
    assert set(suite.problems) == {f"{p}@{f}" for p in mgh for f in ROBUSTNESS_FEATURES}
    left_out = {problem for problem, solver in suite.excluded if solver == "cobyqa"}
    assert left_out == {p for p in suite.problems
                        if get_problem(p.partition("@")[0]).n > 3}
    assert all(get_problem(p).family == "robustness" for p in suite.problems[::37])


def test_the_section_reads_the_loss_of_each_feature_from_runs():
    records = [execute(task) for task in plan(
        ["mgh-rosenbrock@plain", "mgh-rosenbrock@noisy[sigma=1,kind=additive]"],
        ["bfgs", "least-squares"], starts=2)]
    runs = pd.DataFrame([{"problem": r.problem, "solver": r.solver, "status": r.status,
                          "success": r.success, "f_error": r.f_error, "f_opt": r.f_opt}
                         for r in records])
    table = loss_table(runs).set_index(["solver", "feature"])
    plain = table.loc[("bfgs", "plain")]
    noisy = table.loc[("bfgs", "noisy[kind=additive,sigma=1.0]")]
    assert plain["solved_rate"] == 1.0 and plain["runs"] == 2
    assert noisy["solved_rate"] == 0.0 and noisy["solved_change"] == -1.0
    assert noisy["median_change"] > 5
    skipped = table.loc[("least-squares", "noisy[kind=additive,sigma=1.0]")]
    assert skipped["runs"] == 0 and skipped["skipped"] == 2
    text = robustness_markdown(runs)
    assert "| bfgs | 100% | 0% (-100) |" in text and "skipped" in text
