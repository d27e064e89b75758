"""
Benchmarking your own function
==============================

optbench runs a problem of your own under the same contract as its own: every
call of your function, gradient and Hessian is counted by its instrument, each run
gets the same budget and isolation, and the table and charts are the same. This
example makes a problem from plain callables, with a certified optimum, and runs
it against a few of scipy's methods through `optbench.run`.
"""

# %%
# The problem
# -----------
# A sum of scaled log-cosh terms, ``f(x) = sum_i log(cosh(a_i (x_i - c_i)))``,
# in 10 dimensions. Each term is non-negative and zero only where
# ``x_i = c_i``, so ``f* = 0`` at ``x* = c`` is certified by construction. The
# scales ``a_i`` run from 1 to 100, so the Hessian at ``x*`` has condition number
# 10 000, and far from ``x*`` the function grows only linearly: no quadratic
# model fits it everywhere. ``c`` is drawn from a seeded generator.

import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import optbench  # noqa: E402
from optbench.store import Store  # noqa: E402

N = 10
SCALES = np.logspace(0, 2, N)
CENTRE = np.random.default_rng(20260101).uniform(-1.0, 1.0, N)


def log_cosh(x):
    z = SCALES * (x - CENTRE)
    # log(cosh(z)) = log((e^z + e^-z) / 2), without overflow for large |z|
    return float(np.sum(np.logaddexp(z, -z) - np.log(2.0)))


def log_cosh_grad(x):
    return SCALES * np.tanh(SCALES * (x - CENTRE))


def log_cosh_hess(x):
    return np.diag(SCALES**2 / np.cosh(SCALES * (x - CENTRE)) ** 2)


problem = optbench.Problem(
    name="my-log-cosh",
    fun=log_cosh,
    grad=log_cosh_grad,
    hess=log_cosh_hess,
    x0=np.zeros(N),
    f_opt=0.0,             # certified: every term is >= 0, and 0 at x = CENTRE
    x_opt=(CENTRE,),       # x_error is the distance to it
    source="constructed: sum of log cosh(a_i (x_i - c_i)), a_i = 10**linspace(0, 2, 10)",
)

# %%
# A quick check of the gradient and Hessian against finite differences, as
# optbench checks its own problems, before spending any time on runs.

from optbench.testing import check_problem  # noqa: E402

record = check_problem(problem, solver="bfgs")
print(f"check_problem: {record.solver} on {record.problem} ended {record.status}")

# %%
# Running it
# ----------
# The problem object goes straight into `optbench.run` beside the solvers'
# names: it is registered on the way. ``bfgs[grad=fd]`` is BFGS with finite
# differences instead of our gradient, for comparison. The store is in a
# temporary folder.

scratch = tempfile.TemporaryDirectory(prefix="optbench-own-")  # removed when the script ends
workdir = Path(scratch.name)
store_path = workdir / "own.sqlite"
solvers = ["nelder-mead", "powell", "cg", "bfgs", "bfgs[grad=fd]", "l-bfgs-b",
           "newton-cg", "trust-exact"]
table = optbench.run(problems=[problem], solvers=solvers, seed=0, results=store_path,
                     max_fev=20_000)

columns = ["solver", "nit", "nfev", "njev", "nhev", "fun", "f_error", "x_error",
           "success", "status"]
with pd.option_context("display.width", 200, "display.precision", 3):
    print(table[columns].to_string(index=False))

# %%
# What the table says: with the analytic gradient, BFGS converges in a few dozen
# evaluations; with finite differences it needs ten times as many function
# calls for the same iterations. Nelder-Mead stops at its own limit of 200 n
# function evaluations (status ``maxiter``) far from ``x*``. Newton-CG stalls
# before its first iteration ends: at ``x0`` the steep terms are deep in their
# linear region, where the curvature ``a_i**2 / cosh(z_i)**2`` is as small as
# 1e-29, so the Newton step is enormous in those coordinates and its line search
# gives up (scipy's "precision loss"). The trust region bounds that step, and
# trust-exact spends the fewest evaluations.

best = table.loc[table["success"]].sort_values(["nfev", "njev"]).iloc[0]
print(f"fewest function evaluations among the successful runs: {best['solver']} "
      f"(nfev={int(best['nfev'])}, njev={int(best['njev'])}, nhev={int(best['nhev'])})")
assert table.loc[table["solver"] == "bfgs", "success"].item()

# %%
# Convergence
# -----------
# The store keeps every run's essential evaluations (its first, every new best,
# its last): the best value so far against the function evaluations spent.
# A value exactly at ``f*`` is drawn at 1e-17.

with Store(store_path) as store:
    traces = store.traces(table["run_id"])
solver_of = table.set_index("run_id")["solver"]

fig, axis = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
for run_id, rows in traces.groupby("run_id", observed=True, sort=False):
    axis.step(rows["evaluation"], np.maximum(rows["best_f"], 1e-17), where="post",
              label=solver_of[run_id])
axis.set(xscale="log", yscale="log", xlabel="function evaluations",
         ylabel="best f - f*", title="my-log-cosh (n = 10)")
axis.legend(fontsize="small", ncols=2)
fig.savefig(workdir / "own.png")
plt.show()
