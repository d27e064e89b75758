"""optbench's performance ratios, each measured within one run of this script.

``python benchmarks/ratios.py`` prints six figures with their goals:

1. instrument overhead: BFGS on Rosenbrock (n = 2 and n = 100) through optbench's
   ``execute`` vs bare ``scipy.optimize.minimize`` on the same callables (goal <= 1.05);
2. ``gd`` on ``logreg-seed``, 10 000 steps, instrument on, vs the floor of the two
   matrix-vector products each step needs, ``X @ w`` and ``X.T @ r`` (goal <= 1.10);
3. progress reports: that gd run with a worker's reports (`optbench.progress`, every
   0.5 s, pickled and written out as a forked worker writes them) vs without
   (goal <= 1.02);
4. throughput: the default suite on 1 vs 2 worker processes (goal >= 1.8);
5. report generation from a store of 100 000 runs (goal < 10 s), and from a store the
   size of the unconstrained family's, 3 828 runs of 1 386 evaluations (goal < 15 s and
   < 1 GB peak); ``--growth`` prints the report's time from 10 000 to 1 000 000 runs.

Timings are medians over interleaved repetitions in one process, with one BLAS thread
(as optbench's executors run), so the ratios hold on a shared, noisy machine. This is
not an asv suite (asv does not collect it: it defines no ``time_``/``track_`` names).
"""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits

from optbench import __version__, executors
from optbench.improvements import essential_trace
from optbench.problems import get_problem
from optbench.problems.logreg import seed_data
from optbench.progress import Progress
from optbench.record import RUN_COLUMNS
from optbench.runner import Task, execute, run_missing
from optbench.store import TRACE_COLUMNS, Store
from optbench.suites import get_suite
from optbench.trace import Trace


def interleaved(first: Callable[[], object], second: Callable[[], object],
                repeats: int) -> tuple[float, float]:
    """Median seconds of two callables timed alternately, ``repeats`` times each."""
    a, b = [], []
    for _ in range(repeats):
        for function, times in ((first, a), (second, b)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def instrument_overhead(n: int, repeats: int) -> tuple[float, float, float]:
    """(optbench seconds, bare seconds, ratio) for BFGS on Rosenbrock in n dimensions."""
    problem = get_problem(f"rosenbrock[n={n}]")
    task = Task(problem.name, "bfgs", 0, 0, None)

    def bare() -> object:
        return minimize(problem.fun, problem.x0, jac=problem.grad, method="BFGS")

    ours, theirs = interleaved(lambda: execute(task), bare, repeats)
    return ours, theirs, ours / theirs


def gd_against_matvec_floor(repeats: int) -> tuple[float, float, float]:
    """(gd seconds, floor seconds, ratio) for 10 000 steps on the seed's regression."""
    X, y, x0 = seed_data(0)
    w, r = x0[:-1].copy(), np.zeros(y.size)
    task = Task("logreg-seed", "gd[gtol=0.0]", 0, 0, None)

    def floor() -> None:
        for _ in range(10_000):
            X @ w
            X.T @ r

    ours, matvecs = interleaved(lambda: execute(task), floor, repeats)
    return ours, matvecs, ours / matvecs


def progress_overhead(repeats: int) -> tuple[float, float, float]:
    """(seconds with reports, seconds without, ratio) for gd's 10 000 steps on the
    seed's regression, reports pickled and written to the null device."""
    task = Task("logreg-seed", "gd[gtol=0.0]", 0, 0, None)
    with open(os.devnull, "wb") as sink:
        def report(progress: Progress) -> None:
            sink.write(pickle.dumps(progress, pickle.HIGHEST_PROTOCOL))
            sink.flush()

        watched, bare = interleaved(lambda: execute(task, report), lambda: execute(task),
                                    repeats)
    return watched, bare, watched / bare


def parallel_speedup() -> tuple[float, float, float]:
    """(1-worker seconds, 2-worker seconds, speed-up) on the default suite."""
    tasks = get_suite("default").tasks(starts=1, seed=0, max_fev=20_000)
    seconds = []
    for jobs in (1, 2):
        store = Store(None)
        start = time.perf_counter()
        run_missing(tasks, store, executors.local(jobs=jobs, timeout=None))
        seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1], seconds[0] / seconds[1]


def _run_row(run_id: str, best: np.ndarray, **values: object) -> list[object]:
    """A converged run's row of the ``runs`` table, its final value ``best[-1]``
    (f* = 0), in `RUN_COLUMNS` order; ``values`` gives the rest."""
    row = dict.fromkeys(RUN_COLUMNS)
    row.update(run_id=run_id, fun=float(best[-1]), f_opt=0.0, f_error=float(best[-1]),
               success=int(best[-1] <= 1e-6), status="converged", message="",
               optbench_version=__version__, **values)
    return [row[c] for c in RUN_COLUMNS]


def _write(store: Store, runs: list[list[object]], traces: list[tuple[str, Trace]]) -> Store:
    """Write the runs and their traces (as given, one block each) in one transaction."""
    with store._connection:
        store._connection.executemany(
            f"INSERT INTO runs ({', '.join(RUN_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in RUN_COLUMNS)})", runs)
        for run_id, trace in traces:
            store._insert_block(run_id, {name: getattr(trace, name) for name in TRACE_COLUMNS})
    return store


def synthetic_store(path: Path, problems: int = 20, solvers: int = 10, starts: int = 500,
                    evaluations: int = 30, seed: int = 0) -> Store:
    """A store of problems x solvers x starts runs (100 000 by default), each with a trace.

    Traces decay geometrically at a random rate; the store is written with the same
    schema and layout as optbench writes (one block of rows per run).
    """
    rng = np.random.default_rng(seed)
    store = Store(path)
    store.write_meta()
    runs, traces = [], []
    steps = np.arange(evaluations)
    for p in range(problems):
        for s in range(solvers):
            for k in range(starts):
                run_id = f"{p:03d}-{s:03d}-{k:04d}"
                f = rng.uniform(1.0, 10.0) * np.exp(-rng.uniform(0.1, 1.0) * steps)
                best = np.minimum.accumulate(f)
                runs.append(_run_row(run_id, best, problem=f"p{p}", family=f"family {p % 2}",
                                     solver=f"s{s}", start=k, seed=seed, max_fev=1000, n=2,
                                     nit=evaluations - 1, nfev=evaluations,
                                     njev=evaluations, nhev=0, time_s=0.01,
                                     x="[0.0, 0.0]"))
                traces.append((run_id, Trace(steps + 1, f, best, steps * 1e-4,
                                             (steps + 1).astype(float),
                                             np.full(evaluations, np.nan))))
    return _write(store, runs, traces)


def family_store(path: Path, problems: int = 33, solvers: int = 29, starts: int = 4,
                 evaluations: int = 1386, seed: int = 0) -> Store:
    """A store the size of the unconstrained family's (29 solvers, 33 problems, 4 starts:
    3 828 runs of 1 386 evaluations, 5.3 M in all), each run improving its best value at
    about three evaluations in five, as the real family's runs do (3.2 M of their 5.3 M
    evaluations are essential: gradient descent improves at nearly every step), stored
    as optbench stores traces (essential rows)."""
    rng = np.random.default_rng(seed)
    store = Store(path)
    store.write_meta()
    runs, traces = [], []
    k = np.arange(1, evaluations + 1)
    for p in range(problems):
        for s in range(solvers):
            for start in range(starts):
                run_id = f"{p:03d}-{s:03d}-{start:02d}"
                improves = rng.random(evaluations) < 0.6
                improves[0] = True
                level = 10.0 * np.exp(-rng.uniform(0.002, 0.02) * np.cumsum(improves))
                f = np.where(improves, level, level * (1.0 + rng.uniform(0.1, 2.0, evaluations)))
                best = np.minimum.accumulate(f)
                runs.append(_run_row(run_id, best, problem=f"p{p}", family="unconstrained",
                                     solver=f"s{s}", start=start, seed=seed, max_fev=20_000,
                                     n=2 + p, nit=evaluations, nfev=evaluations, njev=0,
                                     nhev=0, time_s=0.05, x="[0.0]"))
                traces.append((run_id, essential_trace(Trace(
                    k, f, best, k * 1e-5, np.zeros(evaluations), np.full(evaluations, np.nan)))))
    return _write(store, runs, traces)


#: The report of a store, in a fresh process: its seconds and its peak memory.
_REPORT = """
import resource, sys, time
from pathlib import Path
from optbench.report import write_report
from optbench.store import TRACE_COLUMNS, Store
store = Store(sys.argv[1])
start = time.perf_counter()
write_report(store, store.run_keys()["run_id"].tolist(), Path(sys.argv[2]))
seconds = time.perf_counter() - start
peak = max(resource.getrusage(who).ru_maxrss
           for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(seconds, peak / 1024)
"""


def report_seconds(make: Callable[[Path], Store]) -> tuple[int, float, float]:
    """(runs, seconds, peak MB) of the full report from the store ``make`` writes, in a
    fresh process (the peak is the largest resident size of that process or one of its
    chart workers)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.sqlite"
        store = make(path)
        runs = len(store.run_ids())
        store.close()
        done = subprocess.run([sys.executable, "-c", _REPORT, str(path),
                               str(Path(folder) / "report")], check=True,
                              capture_output=True, text=True)
    seconds, peak = map(float, done.stdout.split()[-2:])
    return runs, seconds, peak


def growth(sizes: Sequence[int] = (10_000, 100_000, 1_000_000)
           ) -> tuple[list[str], list[tuple[int, float, float]]]:
    """The report's seconds, microseconds per run and peak memory for stores of
    ``sizes`` runs (20 problems x 10 solvers x starts, 30 evaluations each), as table
    rows and as ``(runs, seconds, peak MB)``; each is printed as it is measured."""
    rows, measured = [], []
    for size in sizes:
        runs, seconds, peak = report_seconds(
            lambda path, size=size: synthetic_store(path, starts=size // 200))
        print(f"{runs:>9} runs: {seconds:7.2f} s, {seconds / runs * 1e6:6.1f} us a run, "
              f"peak {peak:.0f} MB", flush=True)
        rows.append(f"| {grouped(runs)} | {seconds:.1f} s | "
                    f"{seconds / runs * 1e6:.0f} µs | {peak / 1024:.2f} GB |")
        measured.append((runs, seconds, peak))
    return rows, measured


def growth_summary(measured: Sequence[tuple[int, float, float]]) -> str:
    """The README's sentence on how the report's time grows, from `growth`'s figures.

    Examples
    --------
    >>> growth_summary([(10_000, 6.2, 300.0), (1_000_000, 179.1, 7600.0)])[:88]
    "The report's time from 10 000 to 1 000 000 runs: 6.2 s and 179.1 s (620 and 179 µs a run"
    """
    def listed(items: list[str]) -> str:
        return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]

    return (f"The report's time from {grouped(measured[0][0])} to "
            f"{grouped(measured[-1][0])} runs: "
            f"{listed([f'{seconds:.1f} s' for _, seconds, _ in measured])} "
            f"({listed([f'{seconds / runs * 1e6:.0f}' for runs, seconds, _ in measured])} "
            f"µs a run; peak {listed([f'{peak / 1024:.2f}' for _, _, peak in measured])} GB; "
            f"[growth](docs/performance.md#how-the-reports-time-grows), "
            f"{time.strftime('%Y-%m-%d')}).")


def grouped(number: int) -> str:
    """``number`` with its thousands apart, as the docs write them: ``100 000``."""
    return f"{number:,}".replace(",", " ")


def provenance() -> str:
    """One line naming the machine, the versions and the date of a measurement."""
    import matplotlib
    import pandas
    import scipy

    return (f"Measured by `python benchmarks/ratios.py` on {time.strftime('%Y-%m-%d')}: "
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, NumPy {np.__version__}, SciPy "
            f"{scipy.__version__}, pandas {pandas.__version__}, matplotlib "
            f"{matplotlib.__version__}, optbench {__version__}.")


#: Where ``--write`` puts the measured tables, included by docs/performance.md.
WRITTEN = Path(__file__).resolve().parents[1] / "docs" / "performance"
#: The README's lines between a pair of these markers are rewritten by ``--write``
#: (``--growth --write``: those of the growth markers).
README = Path(__file__).resolve().parents[1] / "README.md"
MARKERS = {"ratios": ("<!-- ratios.py --write: begin -->", "<!-- ratios.py --write: end -->"),
           "growth": ("<!-- ratios.py --growth --write: begin -->",
                      "<!-- ratios.py --growth --write: end -->")}


def write_fragment(name: str, lines: list[str]) -> Path:
    """Write a generated Markdown fragment ``docs/performance/<name>.md``."""
    WRITTEN.mkdir(exist_ok=True)
    path = WRITTEN / f"{name}.md"
    path.write_text("<!-- written by benchmarks/ratios.py --write; do not edit -->\n\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_readme(summary: str, markers: str = "ratios") -> None:
    """Replace the README's generated lines between the ``markers`` pair
    (`MARKERS`) with ``summary``."""
    begin, end = MARKERS[markers]
    text = README.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"README.md lacks the lines {begin} and {end}")
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    README.write_text(f"{head}{begin}\n{summary}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    """Measure and print the six figures (with ``--write``, into the docs and README)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and a 10 000-run store (a smoke test)")
    parser.add_argument("--growth", action="store_true",
                        help="only the report's time for 10 000, 100 000 and 1 000 000 runs")
    parser.add_argument("--write", action="store_true",
                        help="also write the tables into docs/performance/ (and the "
                             "report's two figures into the README)")
    args = parser.parse_args()
    if args.growth:
        rows, measured = growth()
        if args.write:
            write_fragment("growth", [provenance(), "",
                                      "| runs | report | per run | peak memory |",
                                      "|---|---|---|---|", *rows])
            write_readme(growth_summary(measured), "growth")
        return
    repeats = 5 if args.quick else 30
    rows = []
    with threadpool_limits(limits=1):
        for n in (2, 100):
            ours, bare, ratio = instrument_overhead(n, repeats)
            rows.append((f"instrument: BFGS on rosenbrock[n={n}] vs bare minimize",
                         f"{ours * 1e3:.2f} ms / {bare * 1e3:.2f} ms", ratio, "<= 1.05"))
        ours, floor, ratio = gd_against_matvec_floor(3 if args.quick else 7)
        rows.append(("gd on logreg-seed (10 000 steps) vs X @ w + X.T @ r alone",
                     f"{ours:.3f} s / {floor:.3f} s", ratio, "<= 1.10"))
        watched, bare, ratio = progress_overhead(3 if args.quick else 7)
        rows.append(("that gd run with progress reports vs without",
                     f"{watched:.3f} s / {bare:.3f} s", ratio, "<= 1.02"))
    one, two, speedup = parallel_speedup()
    rows.append(("default suite, 1 worker vs 2 workers (speed-up)",
                 f"{one:.1f} s / {two:.1f} s", speedup, ">= 1.8"))
    starts = 50 if args.quick else 500
    runs, seconds, peak = report_seconds(lambda path: synthetic_store(path, starts=starts))
    rows.append((f"report from a store of {runs} runs (seconds)",
                 f"{seconds:.2f} s, {peak:.0f} MB", seconds, "< 10"))
    big = (runs, seconds, peak)
    runs, seconds, peak = report_seconds(family_store)
    rows.append((f"report, unconstrained-family size ({runs} runs, seconds)",
                 f"{seconds:.2f} s, {peak:.0f} MB", seconds, "< 15, < 1 GB"))
    width = max(len(row[0]) for row in rows)
    print(f"{'measure':{width}}  {'times':>24}  {'ratio':>7}  goal")
    for label, times, value, goal in rows:
        print(f"{label:{width}}  {times:>24}  {value:7.3f}  {goal}")
    if args.write:
        write_fragment("ratios", [provenance(), "", "| measure | measured | ratio | goal |",
                                  "|---|---|---|---|",
                                  *(f"| {label} | {times} | {value:.3f} | {goal} |"
                                    for label, times, value, goal in rows)])
        write_readme(f"The report of a store of {grouped(big[0])} runs takes {big[1]:.1f} s "
                     f"({big[2] / 1024:.2f} GB peak); of a store the size of the "
                     f"unconstrained family's ({grouped(runs)} runs, 29 solvers), "
                     f"{seconds:.1f} s and {peak / 1024:.2f} GB "
                     f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs; "
                     "[performance](docs/performance.md)).")


if __name__ == "__main__":
    main()
