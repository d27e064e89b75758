"""Faults around the store (issue 15): workers that must die with their driver, and a
worker's answer that arrives truncated. Each test reproduces a defect seen in an
adversarial run of the earlier code.
"""

import contextlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from optbench.instrument import Instrument
from optbench.isolation import _HEADER, _Child, _collect, _spawn
from optbench.problems import get_problem
from optbench.runner import Task, execute
from optbench.store import Store

SLEEPER = """
import os
import time
from pathlib import Path
import optbench

@optbench.solver("fault-sleeps")
def sleeps(fun, x0):
    fun(x0)
    Path(f"started-{os.getpid()}").touch()
    time.sleep(120)
    return x0
"""


def _descendants(pid):
    """The PIDs of a process's children, their children, and so on (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def _alive(pid):
    """Whether ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return " Z " not in state + " " and "zombie" not in state


def _driver_with_workers(tmp_path, *executor):
    """An ``optbench run`` whose two runs sleep inside the solver, and every process
    below it once both runs are in their sleep."""
    (tmp_path / "sleeps.py").write_text(textwrap.dedent(SLEEPER))
    driver = subprocess.Popen(
        [sys.executable, "-m", "optbench", "run", "--plugin", "sleeps.py", "--problems",
         "quadratic", "rosenbrock", "--solvers", "fault-sleeps", *executor,
         "--results", "s.sqlite", "--quiet"], cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if len(list(tmp_path.glob("started-*"))) == 2:
            return driver, _descendants(driver.pid)
        time.sleep(0.1)
    driver.kill()
    raise AssertionError("the driver started no workers")


EXECUTORS = {"local": ["--jobs", "2"], "dask": ["--dask", "local", "--jobs", "2"]}


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("executor", list(EXECUTORS))
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_die_with_their_driver(tmp_path, how, executor):
    driver, workers = _driver_with_workers(tmp_path, *EXECUTORS[executor])
    runs = {int(path.name.split("-")[1]) for path in tmp_path.glob("started-*")}
    assert runs <= set(workers)
    driver.send_signal(how)
    driver.wait(timeout=30)
    time.sleep(2.0)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # leave nothing behind, whatever the verdict
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


def test_a_child_whose_answer_fails_never_runs_the_parents_frames(tmp_path):
    # A worker whose write failed (the driver gone: a broken pipe) raised into the frames
    # forked from the driver and ran its cleanup, which killed PIDs it did not own. The
    # child's life now ends in os._exit: the code after _spawn runs in this process only.
    ran = tmp_path / "ran"
    task = Task("quadratic", "bfgs", 0, 0, 100)
    me = os.getpid()
    try:
        child = _spawn(task, None)
        os.close(child.fd)  # the child's answer meets a closed pipe
        _, status = os.waitpid(child.pid, 0)
    finally:
        with ran.open("a") as marks:
            marks.write(f"{os.getpid()}\n")
        if os.getpid() != me:  # (never taken) a child that got here must not go on
            os._exit(0)
    assert ran.read_text() == f"{me}\n"
    assert os.waitstatus_to_exitcode(status) == 1


def _child_after(messages):
    """A finished child (a forked no-op) whose pipe carried ``messages``, as collected."""
    task = Task("quadratic", "bfgs", 0, 0, 100)
    read_fd, write_fd = os.pipe()
    os.close(write_fd)
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    child = _Child(task, pid, read_fd, time.monotonic(), float("inf"))
    for message in messages:
        child.receive(message)
    return _collect(child)


def _message(kind, payload):
    return _HEADER.pack(kind, len(payload)) + payload


def _progress_of(task):
    """The report a worker sends of ``task`` after its first two evaluations."""
    reports = []
    counted = Instrument(get_problem(task.problem))
    counted.meter.watch(reports.append, 0.0)
    counted.fun(np.array([1.0]))
    counted.fun(np.array([3.0]))
    return reports


def test_a_truncated_answer_is_that_runs_error():
    task = Task("quadratic", "bfgs", 0, 0, 100)
    whole = _message(b"a", pickle.dumps(execute(task), protocol=pickle.HIGHEST_PROTOCOL))
    record = _child_after([whole[:len(whole) // 2]])
    assert (record.status, record.nfev) == ("error", None)
    assert record.message == f"the worker's answer was cut short ({len(whole) // 2} bytes)"


def test_a_garbled_answer_keeps_the_last_report():
    task = Task("quadratic", "bfgs", 0, 0, 100)
    reports = [_message(b"p", pickle.dumps(report)) for report in _progress_of(task)]
    record = _child_after([*reports, _message(b"a", b"\x80\x05garbage")])
    assert record.status == "error"
    assert record.message == ("the worker's answer was garbled (9 bytes): "
                              "UnpicklingError: pickle data was truncated")
    # x = 1 gives f = 5, x = 3 gives 5 too: the first is the best, 1 from x* = 2
    assert (record.nfev, record.fun, record.x, record.x_error) == (2, 5.0, "[1.0]", 1.0)
    assert record.trace.evaluation.tolist() == [1, 2]


CRAWLER = """
import os
import signal
import time
import optbench

@optbench.solver("fault-crawls")
def crawls(fun, x0, grad, callback, die_after: float = 0.0):
    x, started = x0.copy(), time.monotonic()
    while True:
        fun(x)
        x = x - 1e-4 * grad(x)
        callback(x)
        time.sleep(0.002)
        if die_after and time.monotonic() - started > die_after:
            os.kill(os.getpid(), signal.SIGKILL)
"""


def _crawl(tmp_path, solver, *args):
    (tmp_path / "crawls.py").write_text(textwrap.dedent(CRAWLER))
    done = _optbench(tmp_path, "run", "--plugin", "crawls.py", "--problems", "rosenbrock",
                     "--solvers", solver, "--results", "s.sqlite", "--quiet", *args)
    assert done.returncode == 1, done.stderr
    with Store(tmp_path / "s.sqlite") as store:
        [run] = store.runs().to_dict("records")
        trace = store.traces([run["run_id"]])
    return run, trace


@pytest.mark.parametrize("executor", [[], ["--dask", "local"]], ids=["local", "dask"])
def test_a_timed_out_run_keeps_its_counts_and_trace(tmp_path, executor):
    # A run killed at its time limit kept no counts and no trace (nfev empty).
    run, trace = _crawl(tmp_path, "fault-crawls", "--timeout", "2", *executor)
    assert run["status"] == "timeout"
    assert run["message"] == "killed after the 2 s wall-clock limit"
    # counts as of the last report (every 0.5 s), at least two reports in
    assert run["nfev"] >= 100
    assert trace["evaluation"].tolist() == list(range(1, run["nfev"] + 1))
    # each step takes one gradient after its value, and calls back once
    assert run["njev"] in (run["nfev"] - 1, run["nfev"])
    assert run["nit"] == run["njev"] and run["nit_source"] == "instrument"
    assert run["fun"] == trace["best_f"].iloc[-1] == trace["f"].min()
    assert run["solver_nfev"] is None and not run["success"]


def test_a_worker_killed_mid_run_keeps_what_it_reported(tmp_path):
    # The out-of-memory killer's SIGKILL, as the solver sends it to itself after 1.5 s.
    run, trace = _crawl(tmp_path, "fault-crawls[die_after=1.5]")
    assert run["status"] == "error"
    assert run["message"] == "worker process killed by SIGKILL before returning a result"
    assert run["nfev"] >= 100 and len(trace) == run["nfev"]


def _optbench(folder, *args):
    return subprocess.run([sys.executable, "-m", "optbench", *args], cwd=folder,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args, line", [
    (["check", "--problems", "nope"], "optbench: error: unknown problem 'nope'; valid: "),
    (["run", "--starts", "three"], "optbench: error: argument --starts: invalid int value: "
                                   "'three' (see optbench run --help)"),
    (["nope"], "optbench: error: argument command: invalid choice: 'nope' "),
])
def test_bad_command_lines_get_one_line_and_exit_2(tmp_path, args, line):
    done = _optbench(tmp_path, *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(line), done.stderr


def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    (tmp_path / "sleeps.py").write_text(textwrap.dedent(SLEEPER))
    driver = subprocess.Popen(
        [sys.executable, "-m", "optbench", "run", "--plugin", "sleeps.py", "--problems",
         "quadratic", "--solvers", "fault-sleeps", "bfgs", "--results", "s.sqlite",
         "--quiet"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("started-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    driver.send_signal(signal.SIGINT)
    _, err = driver.communicate(timeout=60)
    assert driver.returncode == 130
    assert err == ("optbench: interrupted: the runs that ended are stored; run the same "
                   "command to resume\n")


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    listing = subprocess.Popen([sys.executable, "-m", "optbench", "list"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    listing.stdout.readline()
    listing.stdout.close()  # as `optbench list | head -1` does
    _, err = listing.communicate(timeout=60)
    assert listing.returncode == 0 and b"Traceback" not in err


from optbench import store as store_module  # noqa: E402
from optbench.cli import main  # noqa: E402
from optbench.runner import plan, run_missing  # noqa: E402

RUN = ["run", "--problems", "quadratic", "rosenbrock", "--solvers", "bfgs", "powell",
       "--quiet"]


def _error_line(capsys):
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.removeprefix("optbench: error: ").rstrip("\n")


@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "s.sqlite"
    assert main([*RUN, "--results", str(path)]) == 0
    return path


def test_a_damaged_store_is_refused_whole(stored, capsys):
    # A B-tree page overwritten, as a bit-flip trial left it: quick_check finds it.
    data = bytearray(stored.read_bytes())
    page = 4096
    data[2 * page:2 * page + 64] = b"\xff" * 64
    stored.write_bytes(bytes(data))
    capsys.readouterr()
    assert main([*RUN, "--force", "--results", str(stored)]) == 2
    line = _error_line(capsys)
    assert line.startswith(f"{stored} is damaged (SQLite's quick_check: ")
    assert line.endswith("move it aside and run again, or restore it from a copy")
    assert stored.read_bytes() == bytes(data)


def test_a_lock_held_past_the_wait_is_one_line(stored, capsys, monkeypatch):
    import sqlite3

    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    holder = sqlite3.connect(stored)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        capsys.readouterr()
        assert main([*RUN, "--force", "--results", str(stored)]) == 2
    finally:
        holder.rollback()
        holder.close()
    assert _error_line(capsys) == (
        f"results store {stored} stayed locked by another process for 0.2 s; wait for it "
        "to finish and run the same command again (the runs stored before are kept)")


def test_a_full_disk_stops_with_one_line_and_keeps_what_was_stored(stored):
    tasks = plan(["quadratic", "rosenbrock", "mgh-beale"], ["bfgs", "nelder-mead"])
    with Store(stored) as opened:
        before = opened.run_ids()
        pages = opened._connection.execute("PRAGMA page_count").fetchone()[0]
        opened._connection.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow
        with pytest.raises(Exception) as raised:
            run_missing(tasks, opened)
    assert str(raised.value).startswith(f"results store {stored} cannot grow: the disk is full")
    with Store(stored) as reopened:
        assert reopened.run_ids() >= before


@contextlib.contextmanager
def _read_only(*paths):
    """Make ``paths`` read-only for this process: by permissions, or for root (whom
    permissions do not stop) by the immutable attribute (``chattr +i``)."""
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in paths}
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root is not stopped by permissions and chattr is missing here")
    made = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, text=True)
    if made.returncode:
        pytest.skip(f"root is not stopped by permissions and chattr +i failed here: "
                    f"{made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


def test_a_read_only_store_is_one_line_before_anything_runs(stored, capsys):
    before = stored.read_bytes()
    capsys.readouterr()
    with _read_only(stored, stored.parent):
        code = main(["run", "--problems", "quadratic", "--solvers", "cg", "--quiet",
                     "--results", str(stored)])
        line = _error_line(capsys)
        assert stored.read_bytes() == before
    assert code == 2
    assert line == (f"results store {stored} cannot be written (attempt to "
                    "write a readonly database) (the runs stored before are kept)")


def test_report_no_run_on_a_missing_store_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "none.sqlite"
    assert main(["report", "--no-run", "--results", str(missing), "--out",
                 str(tmp_path / "out"), "--quiet"]) == 2
    assert _error_line(capsys) == (f"no results store at {missing}: nothing to report (run "
                                   "without --no-run to make the runs)")
    assert not missing.exists()


def test_summary_markdown_escapes_what_a_store_holds():
    import pandas as pd

    from optbench.report.tables import markdown_table

    table = pd.DataFrame({"bfgs": ["<script>alert(1)</script>"]}, index=["p|q"])
    text = markdown_table(table, "message")
    assert "<script>" not in text and "&lt;script&gt;" in text and "p\\|q" in text


def test_an_empty_file_is_made_a_store(tmp_path):
    # What a second process finds while the first is making the store: an empty file.
    path = tmp_path / "new.sqlite"
    path.write_bytes(b"")
    with Store(path) as opened:
        assert opened.run_ids() == set()


def test_two_processes_making_the_same_new_store_both_succeed(tmp_path):
    code = ("import sys; from optbench.store import Store; from optbench.runner import "
            "Task, execute; s = Store(sys.argv[1]); s.add(execute(Task('quadratic', "
            "sys.argv[2], 0, 0, 100))); s.close()")
    for round_ in range(5):
        path = tmp_path / f"race-{round_}.sqlite"
        makers = [subprocess.Popen([sys.executable, "-c", code, str(path), solver],
                                   stderr=subprocess.PIPE, text=True)
                  for solver in ("bfgs", "powell", "cg", "nelder-mead")]
        errors = [maker.communicate(timeout=120)[1] for maker in makers]
        assert [maker.returncode for maker in makers] == [0, 0, 0, 0], errors
        with Store(path) as opened:
            assert len(opened.run_ids()) == 4


def test_a_problem_that_raises_at_the_returned_point_keeps_the_runs_counts(cleanup):
    # The final, uncounted evaluation at the returned x used to lie outside the run's
    # guard: the record and its counts were lost with "worker failed".
    import numpy as np

    import optbench

    cleanup += ["fault-raises-below-zero", "fault-jumps"]

    def fun(x):
        if x[0] < 0:
            raise ValueError("x below zero")
        return float(x @ x)

    problem = optbench.Problem(name="fault-raises-below-zero", fun=fun, x0=np.ones(2))

    @optbench.solver("fault-jumps")
    def jumps(fun, x0):
        fun(x0)
        fun(x0 / 2)
        return -x0

    record = optbench.run(problems=[problem], solvers=[jumps]).iloc[0]
    assert (record["status"], record["nfev"]) == ("error", 2)
    assert record["message"] == ("the problem's functions raised at the returned x: "
                                 "ValueError: x below zero")
