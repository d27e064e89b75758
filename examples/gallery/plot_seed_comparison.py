"""
The seed's comparison, then and now
===================================

The seed minimised ``f(x) = x**2 - 4x + 8`` from ``x0 = 1.3`` with scipy's
``fmin``, ``fmin_powell``, ``fmin_bfgs`` and ``fmin_cg`` (the last two without
``fprime``), and trained its logistic regression by 10 000 steps of gradient
descent. optbench's ``seed`` suite is that experiment; this example runs it
through `optbench.run` with today's scipy and prints what each method spent.
"""

# %%
# The suite
# ---------
# The ``seed`` suite names the ``minimize`` twins of the legacy functions
# (``nelder-mead`` for ``fmin``, ``bfgs[grad=fd]`` for ``fmin_bfgs`` without
# ``fprime``, ...) on the quadratic, and ``gd[gtol=0.0]`` (10 000 fixed steps of
# 0.1) on the 785-parameter logistic regression. We read it from optbench's
# suites, so this example runs exactly what ``python -m optbench run --suite
# seed`` runs.

import json
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import optbench  # noqa: E402
from optbench.store import Store  # noqa: E402
from optbench.suites import get_suite  # noqa: E402

suite = get_suite("seed")
print("problems:", suite.problems)
print("solvers: ", suite.solvers)

# %%
# Running it
# ----------
# The suite leaves out the pairs the seed never ran (it trained the classifier
# by gradient descent only), so we run its two parts: the four methods on the
# quadratic, and gradient descent on the regression. The store lives in a
# temporary folder; ``results=None`` would keep everything in memory, but we
# want the traces and final points too.

scratch = tempfile.TemporaryDirectory(prefix="optbench-seed-")  # removed when the script ends
workdir = Path(scratch.name)
store_path = workdir / "seed.sqlite"

quadratic_solvers = [s for s in suite.solvers if ("logreg-seed", s) in suite.excluded]
table = pd.concat([
    optbench.run(problems=["quadratic"], solvers=quadratic_solvers, results=store_path),
    optbench.run(problems=["logreg-seed"], solvers=["gd[gtol=0.0]"], results=store_path),
], ignore_index=True)

with Store(store_path) as store:
    runs = store.runs(table["run_id"]).set_index("run_id")
    traces = store.traces(table["run_id"])

# The final point of the one-dimensional runs (stored as JSON; the regression's
# has 785 numbers).
table["x"] = [json.loads(runs.loc[run_id, "x"])[0] if n == 1 else np.nan
              for run_id, n in zip(table["run_id"], table["n"], strict=True)]

# %%
# The table
# ---------
# ``nit`` counts iterations, ``nfev`` every function evaluation (finite
# differences included), ``njev`` analytic gradient evaluations and
# ``solver_njev`` what scipy reported as gradient evaluations (finite-difference
# estimates for ``grad=fd``).

columns = ["problem", "solver", "nit", "nfev", "njev", "solver_njev", "x", "fun",
           "f_error", "accuracy", "status"]
with pd.option_context("display.width", 200, "display.precision", 10):
    print(table[columns].to_string(index=False))

# %%
# The seed reported 2 iterations, 12 function and 4 gradient evaluations for
# ``fmin_bfgs``; today's scipy reuses the f(x) it already has for a forward
# difference, so a gradient of this 1-d function costs one extra call.

bfgs = table.set_index("solver").loc["bfgs[grad=fd]"]
print(f"bfgs[grad=fd] on the quadratic: nit={int(bfgs['nit'])} nfev={int(bfgs['nfev'])} "
      f"solver_njev={int(bfgs['solver_njev'])} x={bfgs['x']:.10f}")
gd = table.set_index("solver").loc["gd[gtol=0.0]"]
print(f"gd[gtol=0.0] on logreg-seed: nit={int(gd['nit'])} fun={gd['fun']:.17g} "
      f"f_error={gd['f_error']:.2e} accuracy={gd['accuracy']}")
assert (table["status"].isin(["converged", "maxiter"])).all()
assert table["success"].all()

# %%
# The legacy functions themselves
# -------------------------------
# optbench also registers the seed's functions under their own names; they
# really call ``fmin``, ``fmin_powell``, ``fmin_bfgs`` and ``fmin_cg``. With
# today's scipy they spend exactly what their ``minimize`` twins spend.

legacy = optbench.run(problems=["quadratic"], solvers=[
    "fmin", "fmin_powell", "fmin_bfgs[grad=fd]", "fmin_cg[grad=fd]"])
print(legacy[["solver", "nit", "nfev", "solver_njev", "fun", "status"]].to_string(index=False))
counts = ["nit", "nfev", "njev", "solver_njev", "fun", "status"]
twins = table[table["problem"] == "quadratic"][counts].reset_index(drop=True)
assert legacy[counts].equals(twins)
print("the legacy functions match their twins in nit, nfev, njev, solver_njev, fun, status")

# %%
# Convergence
# -----------
# The store keeps each run's essential evaluations (its first, every new best,
# its last), enough to draw the best value so far against the evaluations
# spent. On the left, the four methods on the quadratic (BFGS and CG evaluate the
# same points, so their lines coincide; a gap of exactly 0 is drawn at 1e-17);
# on the right, gradient descent on the regression.

f_opt = table.set_index("run_id")["f_opt"]
solver_of = table.set_index("run_id")["solver"]
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
for run_id, rows in traces.groupby("run_id", observed=True, sort=False):
    gap = np.maximum(rows["best_f"].to_numpy() - f_opt[run_id], 1e-17)
    axis = right if solver_of[run_id] == "gd[gtol=0.0]" else left
    axis.step(rows["evaluation"], gap, where="post", marker="o", markersize=3,
              label=solver_of[run_id])
left.set(title="x**2 - 4x + 8 from 1.3", xlabel="function evaluations",
         ylabel="best f - f*", yscale="log")
right.set(title="logistic regression (785 parameters)", xlabel="function evaluations",
          ylabel="best f - f*", xscale="log", yscale="log")
left.legend()
right.legend()
fig.savefig(workdir / "seed.png")
plt.show()
