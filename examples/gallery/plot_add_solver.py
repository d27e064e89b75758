"""
Adding a solver
===============

A solver of your own is a plain function: `optbench.solver` registers it under a
name, reads what it needs from its signature, and runs it under the same
instrument, budgets and isolation as scipy's methods. This example writes the
Barzilai-Borwein gradient method with a non-monotone line search (Raydan 1997),
checks it with optbench's conformance kit, and runs it beside BFGS.
"""

# %%
# The solver
# ----------
# Its signature is its declaration. ``grad`` has no default, so the solver needs
# an analytic gradient (problems without one are skipped, with the reason);
# it names neither ``bounds`` nor ``constraints``, so it is not given problems
# that have them; ``callback`` is called once per iteration, so optbench counts
# its iterations; ``budget`` is the run's evaluation budget (optbench stops the
# run there in any case). The keyword parameters with defaults are options:
# ``my-bb[memory=1]`` is the same method with a monotone line search.

import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import optbench  # noqa: E402
from optbench.store import Store  # noqa: E402
from optbench.testing import check_solver  # noqa: E402


@optbench.solver("my-bb", version="1")
def barzilai_borwein(fun, x0, *, grad, budget, callback, gtol: float = 1e-6,
                     maxiter: int = 5000, memory: int = 10):
    """Barzilai-Borwein gradient method, non-monotone Armijo line search."""
    x = np.array(x0, dtype=float)
    f, g = fun(x), grad(x)
    step = 1.0 / max(1.0, float(np.linalg.norm(g)))
    recent = [f]                      # the last `memory` values: the line search's reference
    for _ in range(maxiter):
        if np.linalg.norm(g, np.inf) <= gtol:
            return {"x": x, "status": "converged", "message": "gradient norm <= gtol"}
        trial = step
        while True:                   # backtrack until below the recent maximum
            x_new = x - trial * g
            f_new = fun(x_new)
            if f_new <= max(recent) - 1e-4 * trial * float(g @ g):
                break
            trial *= 0.5
            if trial < 1e-20:         # NaN values, or no descent at this precision
                return {"x": x, "status": "stalled", "message": "line search failed"}
        g_new = grad(x_new)
        s, y = x_new - x, g_new - g
        curvature = float(s @ y)
        step = float(s @ s) / curvature if curvature > 0 else 1.0
        step = min(max(step, 1e-10), 1e10)
        x, f, g = x_new, f_new, g_new
        recent = [*recent, f][-memory:]
        callback(x)
    return {"x": x, "status": "maxiter", "message": f"{maxiter} iterations"}


print(barzilai_borwein.name, barzilai_borwein.accepts.needs)

# %%
# The conformance kit
# -------------------
# `optbench.testing.check_solver` runs the solver as optbench runs its own, on up
# to three problems of each kind it declares: the counts the instrument makes
# must equal the real calls, the same seed must give the same run, the solver
# must stop at the evaluation budget, and values that turn NaN must end with a
# status. It raises `optbench.testing.ConformanceError` naming what is wrong; a
# plug-in's tests call it the same way.

records = check_solver(barzilai_borwein)
for record in records:
    print(f"check_solver: {record.solver} on {record.problem}: {record.status}, "
          f"nit={record.nit}, nfev={record.nfev}, njev={record.njev}")

# %%
# Beside BFGS
# -----------
# The solver object goes into `optbench.run` with scipy's names; so does an
# option variant. Four problems from two starts each: the standard x0, then
# 10 x0 for the MGH problems (their published second start) and a seeded
# perturbation of x0 for ``rosenbrock``, which has none. The store is in a
# temporary folder.
#
# In the table below every run converges; the non-monotone line search needs
# about half the gradient calls of the monotone one (the medians), and BFGS,
# which builds a curvature model, fewer still.

scratch = tempfile.TemporaryDirectory(prefix="optbench-solver-")  # removed when the script ends
workdir = Path(scratch.name)
store_path = workdir / "solver.sqlite"
problems = ["rosenbrock", "mgh-beale", "mgh-helical-valley", "mgh-wood"]
table = optbench.run(problems=problems, solvers=[barzilai_borwein, "my-bb[memory=1]", "bfgs"],
                     starts=2, seed=0, results=store_path)

columns = ["problem", "start", "solver", "nit", "nfev", "njev", "f_error", "status"]
with pd.option_context("display.width", 200, "display.precision", 3):
    print(table[columns].to_string(index=False))

solved = table.groupby("solver")["success"].agg(["sum", "count"])
solved["median njev"] = table.groupby("solver")["njev"].median()
print(solved)
assert solved.loc["bfgs", "sum"] == solved.loc["bfgs", "count"]

# %%
# The gradient calls each spends on Rosenbrock's valley, from its standard
# start: the best value so far, from the store's traces, against the gradient
# evaluations made so far.

first = table[(table["problem"] == "rosenbrock") & (table["start"] == 0)]
with Store(store_path) as store:
    traces = store.traces(first["run_id"])
solver_of = first.set_index("run_id")["solver"]

fig, axis = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
for run_id, rows in traces.groupby("run_id", observed=True, sort=False):
    axis.step(rows["njev"], np.maximum(rows["best_f"], 1e-17), where="post",
              label=solver_of[run_id])
axis.set(yscale="log", xlabel="gradient evaluations", ylabel="best f - f*",
         title="rosenbrock from (-1.2, 1)")
axis.legend()
fig.savefig(workdir / "solver.png")
plt.show()
