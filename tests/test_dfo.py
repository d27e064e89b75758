"""The Py-BOBYQA and DFO-LS adapters (optbench/solvers/dfo.py): certified optima reached,
counts equal to the libraries' own, budgets, bounds, skips, statuses, seeds, quiet.

Certified values: Rosenbrock (1960) and MGH problems 1, 5, 7 (Moré, Garbow & Hillstrom
1981: Rosenbrock, Beale, helical valley) have f* = 0; HS 1 (Hock & Schittkowski 1981)
f* = 0 and HS 45 f* = 1 at its upper bounds (1, 2, 3, 4, 5); NIST StRD Misra1a has
the certified residual sum of squares 1.2455138894e-01 at (2.3894212918e+02,
5.5015643181e-04).
"""

import functools
import json
import logging

import numpy as np
import pytest

import optbench.solvers.dfo  # noqa: F401  (registers the solvers)
from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.problems import get_problem
from optbench.problems.base import Problem
from optbench.problems.sumsq import LeastSquaresProblem, SumOfSquares
from optbench.result import Status
from optbench.runner import Task, execute
from optbench.solvers import get_solver
from optbench.solvers.dfo import EXIT_STATUS, isolated

pybobyqa = pytest.importorskip("pybobyqa")
dfols = pytest.importorskip("dfols")

#: Both libraries stop at rhoend = 1e-8; on these smooth problems that leaves f - f*
#: of order 1e-20 (measured), well inside this tolerance.
F_TOL = 1e-12
#: DFO-LS stops once ||r||**2 <= 1e-12 (its ``model.abs_tol``).
DFOLS_ABS_TOL = 1e-12
MISRA1A_RSS = 1.2455138894e-01
MISRA1A_X = np.array([2.3894212918e02, 5.5015643181e-04])


@functools.cache
def run(problem, solver, seed=0, max_fev=20_000):
    """One run through the real runner (cached: several tests read the same run)."""
    return execute(Task(problem, solver, 0, seed, max_fev))


# --- certified optima --------------------------------------------------------------


@pytest.mark.parametrize("problem", ["rosenbrock", "mgh-beale"])
def test_py_bobyqa_reaches_the_certified_minimum(problem):
    record = run(problem, "py-bobyqa")
    assert record.status == "converged", record.message
    assert record.f_opt == 0.0
    assert 0.0 <= record.f_error <= F_TOL


@pytest.mark.parametrize("problem", ["mgh-rosenbrock", "mgh-beale", "mgh-helical-valley"])
def test_dfo_ls_solves_zero_residual_problems(problem):
    record = run(problem, "dfo-ls")
    assert record.status == "converged"
    assert record.message == "Success: Objective is sufficiently small"
    assert record.f_opt == 0.0
    assert 0.0 <= record.fun <= DFOLS_ABS_TOL


def test_dfo_ls_scaled_reaches_the_certified_misra1a_rss():
    """Scaled by |x0|, DFO-LS reaches NIST's certified RSS to 1e-9 relative (measured
    3.5e-11) and the certified parameters to 1e-5."""
    assert get_problem("nist-misra1a").f_opt == MISRA1A_RSS
    record = run("nist-misra1a", "dfo-ls[scale=x0]")
    assert record.status == "converged", record.message
    assert abs(record.f_error) <= 1e-9 * MISRA1A_RSS
    np.testing.assert_allclose(np.array(json.loads(record.x)), MISRA1A_X, rtol=1e-5)


def test_dfo_ls_unscaled_breaks_down_on_misra1a():
    """From (500, 1e-4) the first radius, 50, sends b2 negative and exp(-b2 x)
    overflows: DFO-LS's interpolation system turns singular (flag -3, stalled) within a
    few evaluations of the initial 3 (measured: at the 6th in an earlier environment, at
    the 5th with NumPy 2.4.6 and DFO-LS 1.6.5: where LAPACK gives up depends on its
    build)."""
    record = run("nist-misra1a", "dfo-ls")
    assert record.status == "stalled"
    assert record.message.startswith("Error (linear algebra)")
    assert record.nfev == record.solver_nfev
    assert 3 < record.nfev <= 8


# --- counts ------------------------------------------------------------------------

COUNTED = [("py-bobyqa", "rosenbrock"), ("py-bobyqa", "mgh-beale"), ("py-bobyqa", "hs-001"),
           ("py-bobyqa", "hs-045"), ("dfo-ls", "mgh-rosenbrock"), ("dfo-ls", "mgh-beale"),
           ("dfo-ls", "mgh-freudenstein-roth"), ("dfo-ls", "nist-misra1a"),
           ("dfo-ls[scale=x0]", "nist-misra1a")]


@pytest.mark.parametrize("solver, problem", COUNTED)
def test_the_instrument_counts_exactly_the_librarys_nf(solver, problem):
    """Every evaluation goes through the counted callable and adds to ``nf``; there is
    no uncounted call at x0 nor at the end (offset 0)."""
    record = run(problem, solver)
    assert record.status not in {"error", "budget", "skipped"}, record.message
    assert record.nfev == record.solver_nfev > 0
    assert record.njev == 0
    assert record.nit is None and record.nit_source is None  # the libraries report none


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the direct call's overflows
def test_dfo_ls_reaches_the_certified_gauss1_rss():
    """NIST Gauss1 (certified RSS 1315.8222432) gives DFO-LS a model gradient with
    non-finite entries on its way; the plain run takes it in its stride, whereas the
    library's diagnostic information (left off for that reason) raises there."""
    record = run("nist-gauss1", "dfo-ls")
    assert record.status == "converged", record.message
    assert record.f_opt == 1315.8222432
    assert abs(record.f_error) <= 1e-9 * record.f_opt
    assert record.nfev == record.solver_nfev
    problem = get_problem("nist-gauss1")
    with pytest.raises(ValueError, match="array must not contain infs or NaNs"):
        dfols.solve(problem.form.sumsq.residuals, problem.x0.copy(), do_logging=False,
                    user_params={"logging.save_diagnostic_info": True})


# --- budgets and maxfun --------------------------------------------------------------


@pytest.mark.parametrize("solver, problem", [("py-bobyqa", "rosenbrock"),
                                             ("dfo-ls", "mgh-freudenstein-roth")])
def test_the_budget_propagates_out_of_the_library(solver, problem):
    """The instrument's BudgetExhausted is not swallowed: the runner records budget."""
    record = run(problem, solver, max_fev=25)
    assert record.status == "budget"
    assert record.nfev == 25
    assert record.solver_nfev is None and record.nit is None


@pytest.mark.parametrize("solver, problem, maxfun", [("py-bobyqa", "rosenbrock", 50),
                                                     ("dfo-ls", "mgh-freudenstein-roth", 10)])
def test_maxfun_is_the_librarys_limit(solver, problem, maxfun):
    record = run(problem, f"{solver}[maxfun={maxfun}]")
    assert record.status == "maxiter"
    assert record.message == "Warning (max evals): Objective has been called MAXFUN times"
    assert record.nfev == record.solver_nfev == maxfun


def test_the_default_maxfun_is_the_librarys():
    """Unbounded below, f = x: Py-BOBYQA runs to its default min(100 (n + 1), 1000)."""
    linear = Problem("linear", lambda x: float(x[0]), [0.0], -np.inf, "test")
    objective = Instrument(linear)
    result = get_solver("py-bobyqa").solve(objective, linear.x0, 0)
    assert result.status is Status.MAXITER
    assert result.nfev == objective.nfev == 200


def test_maxfun_must_not_be_negative():
    with pytest.raises(OptbenchError, match="option maxfun must be >= 0; got '-1'"):
        get_solver("dfo-ls[maxfun=-1]")
    assert get_solver("py-bobyqa[maxfun=0]").name == "py-bobyqa"


# --- bounds ------------------------------------------------------------------------


def test_py_bobyqa_stays_in_the_bounds():
    """HS 45's minimiser is its upper corner and its start (2, ..., 2) lies outside
    three of the bounds: the library moves it in, and evaluates nowhere outside."""
    record = run("hs-045", "py-bobyqa")
    assert record.status == "converged"
    assert record.f_opt == 1.0 and abs(record.f_error) <= F_TOL
    assert np.all(record.trace.violation == 0.0)
    assert record.max_violation == 0.0
    np.testing.assert_allclose(np.array(json.loads(record.x)), [1, 2, 3, 4, 5], rtol=0, atol=1e-8)
    bounded_rosenbrock = run("hs-001", "py-bobyqa")
    assert bounded_rosenbrock.status == "converged"
    assert 0.0 <= bounded_rosenbrock.f_error <= F_TOL
    assert np.all(bounded_rosenbrock.trace.violation == 0.0)


def test_a_narrow_box_gets_a_radius_the_library_takes():
    """A box side shorter than twice the default radius 0.1 max(|x0|, 1) is bad input
    to the library; the adapter halves the side instead."""
    narrow = Problem("narrow", lambda x: float((x[0] - 3.3) ** 2), [3.0], 0.0, "test",
                     bounds=((2.9, 3.4),))
    refused = pybobyqa.solve(narrow.fun, narrow.x0.copy(), bounds=(np.array([2.9]),
                             np.array([3.4])), do_logging=False)
    assert refused.flag == refused.EXIT_INPUT_ERROR
    result = get_solver("py-bobyqa").solve(Instrument(narrow), narrow.x0, 0)
    assert result.status is Status.CONVERGED
    assert abs(result.x[0] - 3.3) <= 1e-6


def test_bad_input_is_an_error_with_nothing_evaluated():
    """A side of zero length leaves no radius: the library refuses (flag -1)."""
    fixed = Problem("fixed", lambda x: float(x @ x), [1.0, 1.0], 1.0, "test",
                    bounds=((1.0, 1.0), (-2.0, 2.0)))
    objective = Instrument(fixed)
    result = get_solver("py-bobyqa").solve(objective, fixed.x0, 0)
    assert result.status is Status.ERROR
    assert result.message.startswith("Error (bad input)")
    assert result.nfev == objective.nfev == 0


# --- what each takes -----------------------------------------------------------------


@pytest.mark.parametrize("solver, problem, reason", [
    ("dfo-ls", "rosenbrock", "rosenbrock has no residuals (use py-bobyqa)"),
    ("dfo-ls", "hs-001", "dfo-ls solves 'minimize' problems, not 'constrained'"),
    ("py-bobyqa", "hs-071", "py-bobyqa cannot handle the constraints of hs-071"),
    ("py-bobyqa", "global-branin",
     "py-bobyqa solves 'minimize' and 'constrained' problems, not 'global'"),
    ("py-bobyqa[seek_global=true]", "rosenbrock",
     "rosenbrock has no finite bounds (use py-bobyqa without seek_global)"),
])
def test_a_problem_it_cannot_take_is_skipped_with_the_reason(solver, problem, reason):
    record = run(problem, solver)
    assert record.status == "skipped"
    assert record.message == reason


def test_seek_global_takes_global_problems():
    record = run("global-six-hump-camel", "py-bobyqa[maxfun=60,seek_global=true]")
    assert record.status == "maxiter"
    assert record.nfev == record.solver_nfev == 60
    assert abs(record.f_error) <= F_TOL


# --- statuses ------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["pybobyqa", "dfols"])
def test_every_exit_flag_of_the_library_is_mapped(module):
    controller = (pybobyqa if module == "pybobyqa" else dfols).controller
    flags = {name: getattr(controller, name) for name in dir(controller)
             if name.startswith("EXIT_")}
    assert set(flags.values()) <= set(EXIT_STATUS)
    expected = {"EXIT_SUCCESS": "converged", "EXIT_MAXFUN_WARNING": "maxiter",
                "EXIT_SLOW_WARNING": "stalled", "EXIT_FALSE_SUCCESS_WARNING": "stalled",
                "EXIT_AUTO_DETECT_RESTART_WARNING": "stalled", "EXIT_INPUT_ERROR": "error",
                "EXIT_TR_INCREASE_ERROR": "stalled", "EXIT_LINALG_ERROR": "stalled",
                "EXIT_TR_INCREASE_WARNING": "stalled", "EXIT_EVAL_ERROR": "diverged"}
    assert {name: EXIT_STATUS[flag].value for name, flag in flags.items()} == {
        name: expected[name] for name in flags}


def _nan_beyond_half():
    """Residuals (x1 - 3, x2), NaN once x1 >= 0.5: DFO-LS's step there gets a NaN."""
    def residuals(x):
        return np.array([x[0] - 3.0, x[1]]) if x[0] < 0.5 else np.array([np.nan, x[1]])

    form = LeastSquaresProblem("nan-beyond-half", SumOfSquares(residuals, lambda x: np.eye(2)),
                               [0.0, 0.0], 0.0, "test")
    return form.to_problem(), residuals


def test_a_nan_residual_ends_the_run_diverged_and_silent(caplog, capfd):
    """DFO-LS logs a warning on a NaN residual even with do_logging=False; through the
    adapter nothing is logged or printed, and flag -4 is diverged."""
    problem, residuals = _nan_beyond_half()
    caplog.set_level(logging.DEBUG)
    direct = dfols.solve(residuals, problem.x0.copy(), do_logging=False)
    assert direct.flag == dfols.controller.EXIT_EVAL_ERROR
    assert any(r.name.startswith("dfols") for r in caplog.records)
    caplog.clear()
    capfd.readouterr()
    objective = Instrument(problem)
    result = get_solver("dfo-ls").solve(objective, problem.x0, 0)
    assert result.status is Status.DIVERGED
    assert result.nfev == objective.nfev == direct.nf
    assert caplog.records == []
    assert capfd.readouterr() == ("", "")
    assert all(not logging.getLogger(name).filters for name in logging.root.manager.loggerDict
               if name.startswith(("dfols", "pybobyqa")))


def test_runs_print_and_log_nothing(caplog, capfd):
    caplog.set_level(logging.DEBUG)
    hs45 = get_problem("hs-045")  # x0 outside the bounds: the library warns, unheard
    get_solver("py-bobyqa[maxfun=30]").solve(Instrument(hs45), hs45.x0, 0)
    beale = get_problem("mgh-beale")
    get_solver("dfo-ls[maxfun=30]").solve(Instrument(beale), beale.x0, 0)
    assert caplog.records == []
    assert capfd.readouterr() == ("", "")


# --- seeds ---------------------------------------------------------------------------


@pytest.mark.parametrize("solver, problem", [("py-bobyqa[maxfun=60,seek_global=true]",
                                              "global-branin"), ("dfo-ls", "mgh-beale")])
def test_the_same_seed_gives_the_same_run_and_the_callers_state_is_kept(solver, problem):
    np.random.seed(12345)  # noqa: NPY002  (the caller's global state, kept)
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    first = execute(Task(problem, solver, 0, 3, 20_000))
    second = execute(Task(problem, solver, 0, 3, 20_000))
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002
    assert first.x == second.x and first.nfev == second.nfev
    np.testing.assert_array_equal(first.trace.f, second.trace.f)


def test_the_seed_drives_the_librarys_random_paths():
    """With random initial directions (a path the adapters leave off) Py-BOBYQA draws
    from numpy's global state: under `isolated` the run is a function of the seed."""
    p = get_problem("rosenbrock")

    def solve(seed):
        with isolated(seed, "pybobyqa"):
            return pybobyqa.solve(p.fun, p.x0.copy(), maxfun=40, do_logging=False,
                                  user_params={"init.random_initial_directions": True})

    first, again, other = solve(1), solve(1), solve(2)
    np.testing.assert_array_equal(first.x, again.x)
    assert not np.array_equal(first.x, other.x)
