"""User code under the public contract: `optbench.Problem`, `@optbench.solver`, objects
passed to `optbench.run`, fingerprints in run ids, and what bad user code gets.

Expected counts are what the user's own functions do (a fixed number of gradient
steps), counted independently by closures around them.
"""

import dataclasses
import warnings

import numpy as np
import pytest
from scipy.optimize import OptimizeResult

import optbench
from optbench.errors import OptbenchError
from optbench.kinds import Kind
from optbench.registry import NameClash
from optbench.runner import plan
from optbench.store import Store


class Calls:
    """A counting closure: how often the user's function was really called."""

    def __init__(self, function):
        self.function, self.count = function, 0

    def __call__(self, *args):
        self.count += 1
        return self.function(*args)


def _sphere(name, f_opt=0.0):
    fun, grad = Calls(lambda x: float(x @ x)), Calls(lambda x: 2.0 * x)
    return optbench.Problem(name=name, fun=fun, grad=grad, x0=np.ones(20), f_opt=f_opt), fun, grad


def test_objects_run_with_exact_counts(cleanup):
    cleanup += ["user-sphere", "user-gd"]
    problem, fun, grad = _sphere("user-sphere")

    @optbench.solver("user-gd")
    def user_gd(fun, x0, *, grad, budget, step: float = 0.25):
        x = x0
        for _ in range(40):
            x = x - step * grad(x)
        fun(x)
        return x

    table = optbench.run(problems=[problem, "rosenbrock"], solvers=[user_gd, "bfgs"])
    mine = table[(table["problem"] == "user-sphere") & (table["solver"] == "user-gd")].iloc[0]
    # 40 gradient steps and one value; the runner's own re-evaluation at the returned x is
    # uncounted (fun is called 2 times, nfev is 1).
    assert (mine["nfev"], mine["njev"], mine["status"]) == (1, 40, "converged")
    # Runs are made in forked workers: here, only planning's shape check at x0 called.
    assert (fun.count, grad.count) == (1, 1)
    assert mine["f_error"] == pytest.approx(0.0, abs=1e-12)
    assert set(table["solver"]) == {"user-gd", "bfgs"}
    # Options of a function solver are spec options, as for optbench's own.
    assert plan(["user-sphere"], ["user-gd[step=0.1]"])[0].solver == "user-gd[step=0.1]"


def test_problem_without_certified_optimum_is_marked_estimated(cleanup, tmp_path):
    cleanup += ["user-unknown"]
    problem = optbench.Problem(name="user-unknown", fun=lambda x: float((x @ x - 1.0) ** 2),
                               x0=np.array([2.0, 0.5]))
    assert np.isnan(problem.f_opt) and not problem.f_opt_known
    table = optbench.run(problems=[problem], solvers=["nelder-mead", "powell"],
                         results=tmp_path / "s.sqlite")
    assert table["f_opt"].isna().all() and not table["success"].any()
    from optbench.report import write_report

    with Store(tmp_path / "s.sqlite") as store:
        write_report(store, store.run_ids(), tmp_path / "report", "fev")
    html = (tmp_path / "report" / "report.html").read_text()
    assert "f* is not known for user-unknown" in html
    markdown = (tmp_path / "report" / "summary.md").read_text()
    assert "f* is not known for user-unknown: f_error is blank" in markdown


def test_signature_is_the_declaration(cleanup):
    cleanup += ["user-needs-grad", "user-bounded"]

    @optbench.solver("user-needs-grad")
    def needs_grad(fun, x0, *, grad):
        return x0

    @optbench.solver("user-bounded", kinds=["minimize", "global"])
    def bounded(fun, x0, *, bounds=None, seed):
        return x0

    assert needs_grad.accepts.refuses == (optbench.Capability.BOUNDS,
                                          optbench.Capability.CONSTRAINTS)
    table = optbench.run(problems=["global-branin", "mgh-beale", "lls-lsqnonneg"],
                         solvers=[needs_grad, bounded])
    reasons = dict(zip(table["problem"] + " " + table["solver"], table["message"], strict=True))
    assert reasons["global-branin user-needs-grad"] == (
        "user-needs-grad solves 'minimize' problems, not 'global'")
    assert reasons["lls-lsqnonneg user-needs-grad"] == (
        "user-needs-grad cannot handle the bounds of lls-lsqnonneg")
    assert table.set_index(["problem", "solver"]).loc[("global-branin", "user-bounded"),
                                                      "status"] == "converged"
    assert bounded.accepts.kinds == frozenset({Kind.MINIMIZE, Kind.GLOBAL})


def custmin(fun, x0, args=(), maxfev=None, stepsize=0.1, maxiter=100, callback=None,
            **options):
    """scipy's own example of a custom minimize method (``scipy.optimize.minimize``'s
    documentation, "Custom minimizers"), unchanged."""
    bestx = x0
    besty = fun(x0)
    funcalls = 1
    niter = 0
    improved = True
    stop = False

    while improved and not stop and niter < maxiter:
        improved = False
        niter += 1
        for dim in range(np.size(x0)):
            for s in [bestx[dim] - stepsize, bestx[dim] + stepsize]:
                testx = np.copy(bestx)
                testx[dim] = s
                testy = fun(testx, *args)
                funcalls += 1
                if testy < besty:
                    besty = testy
                    bestx = testx
                    improved = True
            if callback is not None:
                callback(bestx)
            if maxfev is not None and funcalls >= maxfev:
                stop = True
                break

    return OptimizeResult(fun=besty, x=bestx, nit=niter, nfev=funcalls, success=(niter > 1))


def test_a_custom_minimize_method_runs_as_scipy_runs_it(cleanup):
    cleanup += ["user-custmin"]
    solver = optbench.solver("user-custmin", style="minimize")(custmin)
    table = optbench.run(problems=["quadratic", "rosenbrock"], solvers=[solver])
    # Its own funcalls equal the instrument's count; x**2 - 4x + 8 from x0 = 0 in steps of
    # 0.1 reaches x = 2 exactly up to rounding (f = 4).
    assert (table["nfev"] == table["solver_nfev"]).all()
    assert table.loc[0, "fun"] == pytest.approx(4.0, abs=1e-12)
    assert table.loc[0, "nit"] == table.loc[0, "solver_nit"]


@pytest.mark.parametrize("returned, status, message", [
    (lambda x0: None, "error", "SolverReturnError: solver 'user-bad' returned None"),
    (lambda x0: np.append(x0, 1.0), "error", "the solver returned x of shape (3,); expected (2,)"),
    (lambda x0: np.full_like(x0, np.nan), "diverged", ""),
    (lambda x0: 1 / 0, "error", "ZeroDivisionError: division by zero"),
    (lambda x0: {"fun": 1.0}, "error", "SolverReturnError: solver 'user-bad' returned dict"),
])
def test_bad_returns_are_statuses(cleanup, returned, status, message):
    cleanup += ["user-bad"]

    @optbench.solver("user-bad")
    def bad(fun, x0):
        fun(x0)
        return returned(x0)

    record = optbench.run(problems=["rosenbrock"], solvers=[bad]).iloc[0]
    assert record["status"] == status
    assert record["message"].startswith(message)
    assert "\n" not in record["message"]


@dataclasses.dataclass(frozen=True)
class Halving:
    """A solver class: x0 halved, once."""

    name: str = "user-halving"

    @property
    def accepts(self):
        return optbench.Accepts("user-halving", frozenset({Kind.MINIMIZE}))

    def solve(self, objective, x0, seed):
        x = x0 / 2.0
        return optbench.Result(x=x, fun=objective.fun(x), nit=1, nfev=1,
                               status=optbench.Status.CONVERGED)


@dataclasses.dataclass
class Unfrozen:
    """Halving's methods on a dataclass that is not frozen."""

    name: str = "user-unfrozen"
    accepts = Halving.accepts
    solve = Halving.solve


def test_solver_classes_must_be_frozen_dataclasses(cleanup):
    cleanup += ["user-halving"]
    table = optbench.run(problems=["quadratic"], solvers=[Halving()])
    assert (table.loc[0, "nfev"], table.loc[0, "solver_nfev"]) == (1, 1)
    with pytest.raises(OptbenchError, match="must be a frozen dataclass"):
        optbench.register(Unfrozen())
    with pytest.raises(OptbenchError, match="is not a solver: a solver has name, accepts"):
        optbench.run(problems=["quadratic"], solvers=[object()])


def test_a_clashing_name_is_refused_naming_both_sources(cleanup):
    problem = optbench.Problem(name="rosenbrock", fun=lambda x: float(x @ x), x0=[1.0])
    with pytest.raises(NameClash) as error:
        optbench.register(problem)
    text = str(error.value)
    assert "problem 'rosenbrock' from " in text and "test_user_code.py:" in text
    assert "clashes with the problem of that name from optbench.problems.classic" in text


def test_an_edit_changes_the_run_id_and_the_store_says_so(cleanup, tmp_path):
    cleanup += ["user-edited"]
    store = tmp_path / "edit.sqlite"

    def version(power):
        def solve(fun, x0):
            return x0 * 0.5 ** power
        return optbench.solver("user-edited")(solve)

    first = optbench.run(problems=["quadratic"], solvers=[version(1)], results=store)
    id_before = plan(["quadratic"], ["user-edited"])[0].run_id
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        second = optbench.run(problems=["quadratic"], solvers=[version(2)], results=store)
    assert plan(["quadratic"], ["user-edited"])[0].run_id != id_before
    assert first.loc[0, "fun"] != second.loc[0, "fun"]
    (note,) = [str(w.message) for w in caught]
    assert note.startswith(f"{store} holds 1 runs of an earlier version of your code "
                           "(user-edited on quadratic)")
    with Store(store) as opened:
        assert len(opened.run_ids()) == 2  # the old run is kept


def test_built_in_run_ids_carry_no_fingerprint():
    # The ids of optbench's own runs are those of earlier releases: stored runs stay valid.
    (task,) = plan(["quadratic"], ["bfgs"])
    assert task.code == "" and task.run_id == "043106aa6d02ed0d"  # as at ac7408f


def test_residual_and_equation_forms(cleanup):
    cleanup += ["user-fit", "user-system"]
    t = np.linspace(0.0, 1.0, 8)
    y = 2.0 * np.exp(-1.5 * t)
    fit = optbench.Problem.least_squares(
        "user-fit", lambda b: b[0] * np.exp(-b[1] * t) - y, [1.0, 1.0],
        jacobian=lambda b: np.column_stack([np.exp(-b[1] * t), -b[0] * t * np.exp(-b[1] * t)]),
        f_opt=0.0, x_opt=([2.0, 1.5],))
    system = optbench.Problem.equations(
        "user-system", lambda x: np.array([x[0] ** 2 + x[1] ** 2 - 1.0, x[0] - x[1]]),
        [1.0, 0.5], jacobian=lambda x: np.array([[2.0 * x[0], 2.0 * x[1]], [1.0, -1.0]]),
        solutions=([np.sqrt(0.5), np.sqrt(0.5)],))
    table = optbench.run(problems=[fit, system], solvers=["least-squares", "root"])
    ran = table[table["status"] != "skipped"].set_index("problem")
    assert ran.loc["user-fit", "x_error"] < 1e-8 and ran.loc["user-system", "x_error"] < 1e-8
    assert (ran["nfev"] == ran["solver_nfev"]).all()
