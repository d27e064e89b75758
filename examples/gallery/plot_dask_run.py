"""
A run on a Dask cluster
=======================

``--dask ADDRESS`` on the command line (``dask=ADDRESS`` in `optbench.run`)
sends the runs to a Dask cluster through ``distributed``'s client; ``local``
starts a ``LocalCluster`` of ``--jobs`` single-threaded workers on this machine
for the length of the command. Timeouts and crashes are contained on the workers
as they are locally, and the driver stays the only writer of the store. This
example runs a small grid on a local cluster of two workers and checks that it
gives the same table as a serial run, in every column but the times.
"""

# %%
# The grid on a local Dask cluster
# --------------------------------
# Four problems, three solvers, two starts: 24 runs of a few milliseconds each,
# so the cluster's start-up dominates. A real grid is the same command with a
# scheduler's address (``--dask tcp://host:8786``) instead of ``local``; each
# worker needs optbench installed, and loads the same plug-ins itself.
#
# We run the command line in a subprocess. From Python the same run is
# ``optbench.run(problems, solvers, dask="local", jobs=2)``; Dask starts its
# local workers by spawning fresh interpreters, which import the calling script
# again, so a script that does this needs the usual guard::
#
#     if __name__ == "__main__":
#         table = optbench.run(problems, solvers, starts=2, dask="local", jobs=2,
#                              results="grid.sqlite")
#
# (a notebook needs none).

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import optbench  # noqa: E402

problems = ["quadratic", "rosenbrock", "mgh-beale", "mgh-helical-valley"]
solvers = ["nelder-mead", "cg", "bfgs"]
scratch = tempfile.TemporaryDirectory(prefix="optbench-dask-")  # removed when the script ends
workdir = Path(scratch.name)
dask_store = workdir / "dask.sqlite"

command = [sys.executable, "-m", "optbench", "run", "--problems", *problems,
           "--solvers", *solvers, "--starts", "2", "--seed", "0",
           "--dask", "local", "--jobs", "2", "--timeout", "60", "--results", str(dask_store)]
print("$ optbench", " ".join(command[3:]))
started = time.perf_counter()
finished = subprocess.run(command, capture_output=True, text=True, check=False)
dask_seconds = time.perf_counter() - started
print(finished.stdout.strip() or finished.stderr.strip())   # its summary line is on stderr
assert finished.returncode == 0, finished.stderr
print(f"(exit {finished.returncode}, {dask_seconds:.1f} s, the cluster's start-up included)")

# %%
# The table
# ---------
# `optbench.run` on the same store and grid runs nothing (every run is stored)
# and returns the table, one row per run in grid order.

on_dask = optbench.run(problems=problems, solvers=solvers, starts=2, seed=0,
                       results=dask_store)
columns = ["problem", "start", "solver", "nit", "nfev", "njev", "f_error", "status"]
with pd.option_context("display.width", 200, "display.precision", 3):
    print(on_dask[columns].to_string(index=False))

# %%
# The same grid, serially
# -----------------------
# Each run in its own forked worker, one at a time, into another store. Every
# run uses one BLAS thread whatever the executor, so the two tables agree in
# every column but the wall-clock times.

started = time.perf_counter()
serial = optbench.run(problems=problems, solvers=solvers, starts=2, seed=0,
                      results=workdir / "serial.sqlite")
serial_seconds = time.perf_counter() - started
print(f"{len(serial)} runs serially in {serial_seconds:.1f} s")

compared = [c for c in on_dask.columns if c != "time_s"]
pd.testing.assert_frame_equal(on_dask[compared], serial[compared])
print(f"Dask and serial tables identical but for time_s: "
      f"{on_dask[compared].equals(serial[compared])} ({len(on_dask)} runs, "
      f"{len(compared)} columns)")

# %%
# Where the time went
# -------------------
# Each run's solve time as its worker measured it, on Dask against serially:
# a run's own work does not depend on the executor, so the points lie about the
# diagonal, scattered by the timer's noise on runs this short.

fig, axis = plt.subplots(figsize=(5.5, 5), constrained_layout=True)
for solver, rows in on_dask.groupby("solver", sort=False):
    axis.scatter(serial.loc[rows.index, "time_s"], rows["time_s"], label=solver)
low = min(on_dask["time_s"].min(), serial["time_s"].min()) / 2
high = max(on_dask["time_s"].max(), serial["time_s"].max()) * 2
axis.plot([low, high], [low, high], color="grey", linewidth=0.8)
axis.set(xscale="log", yscale="log", xlim=(low, high), ylim=(low, high),
         xlabel="serial: seconds", ylabel="local Dask cluster: seconds",
         title="solve time of each run")
axis.legend()
fig.savefig(workdir / "dask.png")
plt.show()
