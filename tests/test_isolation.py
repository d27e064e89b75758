"""Runs in worker processes: faults contained, timeouts enforced, results independent of
where they ran (serial, local processes, Dask)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

import optbench
from optbench.analysis import SUMMARY_COLUMNS
from optbench.cli import main
from optbench.isolation import run_isolated
from optbench.runner import plan
from optbench.store import Store

DETERMINISTIC = [c for c in SUMMARY_COLUMNS if c != "time_s"]
FAULTY = ["test-raise", "test-nan", "test-sleep", "test-exit", "test-segfault"]


def test_injected_faults_are_recorded_and_the_suite_carries_on(tmp_path):
    store = tmp_path / "s.sqlite"
    started = time.monotonic()
    code = main(["run", "--problems", "quadratic", "--solvers", "bfgs", *FAULTY, "powell",
                 "--timeout", "2", "--jobs", "2", "--results", str(store), "--quiet"])
    assert code == 1  # some runs broke: documented exit code
    assert time.monotonic() - started < 30
    runs = pd.read_sql_query("SELECT solver, status, message, nfev FROM runs",
                             sqlite3.connect(store)).set_index("solver")
    assert len(runs) == 7  # every run is stored, the broken ones too
    assert runs.loc["bfgs", "status"] == runs.loc["powell", "status"] == "converged"
    assert runs.loc["test-raise", "status"] == "error"
    assert runs.loc["test-raise", "message"] == "RuntimeError: injected failure"
    assert runs.loc["test-nan", "status"] == "diverged"
    assert runs.loc["test-sleep", "status"] == "timeout"
    assert runs.loc["test-sleep", "message"] == "killed after the 2 s wall-clock limit"
    assert runs.loc["test-exit", "status"] == "error"
    assert runs.loc["test-exit", "message"] == ("worker process exited with code 1 before "
                                                "returning a result")
    assert runs.loc["test-segfault", "status"] == "error"
    assert runs.loc["test-segfault", "message"] == ("worker process killed by SIGSEGV before "
                                                    "returning a result")
    assert pd.isna(runs.loc["test-sleep", "nfev"])  # unknown, not zero


def test_reports_show_broken_runs(tmp_path):
    out = tmp_path / "out"
    code = main(["report", "--problems", "quadratic", "--solvers", "bfgs", "test-exit",
                 "--results", str(tmp_path / "s.sqlite"), "--out", str(out), "--quiet"])
    assert code == 1
    table = pd.read_csv(out / "summary.csv")
    assert table["status"].tolist() == ["converged", "error"]
    assert "test-exit" in (out / "summary.md").read_text()


def test_timeout_kills_the_worker():
    tasks = plan(["quadratic"], ["test-sleep"])
    started = time.monotonic()
    (record,) = run_isolated(tasks, jobs=1, timeout=0.5)
    assert record.status == "timeout" and time.monotonic() - started < 5
    assert record.time_s == pytest.approx(0.5, abs=0.5)


def test_stochastic_solvers_get_their_seed_from_the_task():
    one = optbench.run(["quadratic"], ["test-seeded"], starts=2, seed=4)
    two = optbench.run(["quadratic"], ["test-seeded"], starts=2, seed=4)
    other = optbench.run(["quadratic"], ["test-seeded"], starts=2, seed=5)
    assert one["fun"].tolist() == two["fun"].tolist()
    assert one["fun"].iloc[0] != one["fun"].iloc[1]  # start enters the seed
    assert one["fun"].tolist() != other["fun"].tolist()


# Dask's LocalCluster starts fresh worker processes, which know only optbench's own
# solvers, not the test-only ones registered in conftest.py.
GRID = dict(problems=["quadratic", "rosenbrock", "rosenbrock[n=6]"],
            solvers=["nelder-mead", "powell", "bfgs", "cg", "gd"], starts=3, seed=11)


def test_serial_processes_and_dask_agree():
    serial = optbench.run(**GRID, jobs=1)
    processes = optbench.run(**GRID, jobs=2)
    on_dask = optbench.run(**GRID, jobs=2, dask="local")
    assert len(serial) == 45 and not serial["status"].isin(["error", "timeout"]).any()
    assert serial[DETERMINISTIC].equals(processes[DETERMINISTIC])
    assert serial[DETERMINISTIC].equals(on_dask[DETERMINISTIC])


def test_processes_agree_with_an_in_process_run():
    from optbench.executors import in_process

    tasks = plan(["quadratic", "rosenbrock"], ["bfgs", "test-seeded"], starts=2)
    here = {r.run_id: r.row() for r in in_process(tasks)}
    forked = {r.run_id: r.row() for r in run_isolated(tasks, jobs=2)}
    for rows in (here, forked):
        for row in rows.values():
            del row["time_s"]
    assert here == forked


def test_same_command_gives_byte_identical_tables(tmp_path):
    def table(name):
        out = tmp_path / name
        assert main(["report", "--problems", "quadratic", "rosenbrock", "--solvers", "bfgs",
                     "nelder-mead", "test-seeded", "--starts", "3", "--jobs", "2",
                     "--results", str(out / "s.sqlite"), "--out", str(out), "--quiet"]) == 0
        return pd.read_csv(out / "summary.csv").drop(columns="time_s").to_csv(index=False)

    assert table("a") == table("b")


def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path):
    args = ["run", "--problems", "rosenbrock", "quadratic", "--solvers", "nelder-mead",
            "powell", "bfgs", "cg", "--starts", "12", "--quiet"]
    interrupted, clean = tmp_path / "interrupted.sqlite", tmp_path / "clean.sqlite"
    process = subprocess.Popen([sys.executable, "-m", "optbench", *args, "--results",
                                str(interrupted)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
        if not interrupted.exists():
            continue
        try:  # read-only, so that polling never creates or changes the file
            with sqlite3.connect(f"file:{interrupted}?mode=ro", uri=True, timeout=1) as db:
                stored = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        except sqlite3.OperationalError:
            continue
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 10 <= stored < 96, "the kill must land in the middle of the suite"
    with sqlite3.connect(interrupted) as connection:
        before = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
    assert before < 96
    resumed = subprocess.run([sys.executable, "-m", "optbench", *args[:-1], "--results",
                              str(interrupted)], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0
    assert f"ran {96 - before} of 96 runs ({before} already stored" in resumed.stderr
    subprocess.run([sys.executable, "-m", "optbench", *args, "--results", str(clean)],
                   check=True, timeout=300)
    ordered = f"SELECT {', '.join(DETERMINISTIC)} FROM runs ORDER BY run_id"
    a = pd.read_sql_query(ordered, sqlite3.connect(interrupted))
    b = pd.read_sql_query(ordered, sqlite3.connect(clean))
    assert a.equals(b)
    columns = ["run_id", "evaluation", "f", "best_f"]
    with Store(interrupted) as one, Store(clean) as two:
        a, b = (store.traces()[columns].sort_values(columns[:2], ignore_index=True)
                for store in (one, two))
    assert a.equals(b)
