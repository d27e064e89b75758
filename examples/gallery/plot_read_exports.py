"""
Reading the exports with pandas
===============================

``optbench report`` writes, besides ``report.html`` and the charts, the runs as
tables any tool reads: ``summary.csv`` (one row per run, the columns the README
describes) and ``export/`` with ``runs.parquet``, ``runs.csv``,
``traces.parquet``, ``traces.csv.gz`` and an IOHprofiler folder per solver. This
example runs a small grid with the command line into a temporary folder, writes
the report, and reads it back with pandas.
"""

# %%
# Run and report
# --------------
# Four problems, four solvers, three starts each (x0, then the MGH problems' 10 x0
# and 100 x0, or seeded perturbations of x0 where a problem publishes no further
# starts): 48 runs, stored in ``grid.sqlite`` and reported into ``report/``.

import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

scratch = tempfile.TemporaryDirectory(prefix="optbench-exports-")  # removed when the script ends
workdir = Path(scratch.name)
out = workdir / "report"
command = [sys.executable, "-m", "optbench", "report",
           "--problems", "quadratic", "rosenbrock", "mgh-beale", "mgh-helical-valley",
           "--solvers", "nelder-mead", "cg", "bfgs", "l-bfgs-b",
           "--starts", "3", "--seed", "0", "--results", str(workdir / "grid.sqlite"),
           "--out", str(out), "--quiet"]
finished = subprocess.run(command, capture_output=True, text=True, check=False)
assert finished.returncode == 0, finished.stderr
print(sorted(path.name for path in out.iterdir()))
print(sorted(path.name for path in (out / "export").iterdir()))

# %%
# ``summary.csv``
# ---------------
# One row per run. Counts the solver did not report (``solver_njev`` of
# Nelder-Mead) are empty, never zero.

summary = pd.read_csv(out / "summary.csv")
print(summary.shape)
with pd.option_context("display.width", 200, "display.precision", 3):
    print(summary[["problem", "solver", "start", "nit", "nfev", "njev", "solver_njev",
                   "f_error", "success", "status"]].head(8).to_string(index=False))

# %%
# A groupby: per solver, the share of runs that reached f* (within 1e-6 relative,
# the ``success`` column) and the median evaluations they spent.

per_solver = summary.groupby("solver").agg(
    runs=("run_id", "size"),
    solved=("success", "mean"),
    median_nfev=("nfev", "median"),
    median_njev=("njev", "median"),
    worst_f_error=("f_error", "max"),
).sort_values("median_nfev")
with pd.option_context("display.precision", 3):
    print(per_solver)

# and per problem and solver, the median function evaluations over the starts
print(summary.pivot_table(index="problem", columns="solver", values="nfev",
                          aggfunc="median"))

# %%
# The Parquet and CSV exports
# ---------------------------
# ``export/runs.parquet`` has the summary's columns plus the problem's kind,
# optbench's version and the final ``x`` (as JSON), in one fixed schema. The CSV
# twin writes floats in shortest round-trip form, so reading it back gives the
# same numbers bit for bit.

runs = pd.read_parquet(out / "export" / "runs.parquet")
runs_csv = pd.read_csv(out / "export" / "runs.csv")
print(runs.shape, runs_csv.shape)
same = all(np.array_equal(runs[c].to_numpy(), runs_csv[c].to_numpy(), equal_nan=True)
           for c in ["fun", "f_error", "x_error", "time_s"])
print("runs.parquet and runs.csv agree bit for bit on fun, f_error, x_error, time_s:", same)
assert same and len(runs) == len(summary) == 48

# %%
# ``export/traces.parquet`` (and ``traces.csv.gz``, read as it is) has each run's
# essential evaluations: its first, every new best and its last. That is all
# the measures need: here, the function evaluations each run spent to come
# within 1e-6 of f*, joined to its solver through ``run_id``.

traces = pd.read_parquet(out / "export" / "traces.parquet")
traces_csv = pd.read_csv(out / "export" / "traces.csv.gz")
print(traces.columns.tolist(), len(traces), len(traces_csv))

rows = traces.merge(runs[["run_id", "problem", "solver", "f_opt"]], on="run_id")
hit = rows[rows["best_f"] - rows["f_opt"] <= 1e-6 * np.maximum(1.0, rows["f_opt"].abs())]
to_target = hit.groupby("run_id")["evaluation"].min()
runs["to_target"] = runs["run_id"].map(to_target)   # NaN: the run never got there
print(runs.groupby("solver")["to_target"].describe()[["count", "min", "50%", "max"]])

# Here the runs that got there are exactly those summary.csv marks as successes
# (``success`` judges the returned point, this count the best point seen).
reached = runs.groupby("solver")["to_target"].count()
assert reached.equals(summary.groupby("solver")["success"].sum()), reached

# %%
# An empirical cumulative distribution of those costs, one step per run: the
# share of (problem, start) pairs a solver has solved within a given number of
# function evaluations. The report draws the same kind of chart, over targets.

fig, axis = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
for solver, group in runs.groupby("solver"):
    costs = np.sort(group["to_target"].dropna().to_numpy())
    share = np.arange(1, costs.size + 1) / len(group)
    axis.step(np.r_[1, costs], np.r_[0, share], where="post", label=solver)
axis.set(xscale="log", ylim=(0, 1.02), xlabel="function evaluations",
         ylabel="share of runs within 1e-6 of f*",
         title="4 problems x 3 starts, from export/traces.parquet")
axis.legend()
fig.savefig(workdir / "ecdf.png")
plt.show()
