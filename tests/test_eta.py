"""The progress bar's estimate of the time left (issue 15, defect 9): runs start largest
problem first, so a rate taken from the first runs overestimated what was left 2-10x."""

import os
import struct
import subprocess
import sys

import pytest

from optbench.eta import Estimate


def _sizes():
    # 10 runs of a 100-variable problem at 1 s, 10 of a 10-variable one at 0.1 s, 30 of
    # a 2-variable one at 0.02 s, in the order run_missing starts them
    return [("p100", "s", 100, 1.0)] * 10 + [("p10", "s", 10, 0.1)] * 10 + [
        ("p2", "s", 2, 0.02)] * 30


def test_the_estimate_prices_runs_by_their_size_not_by_the_first_runs():
    runs = _sizes()
    eta = Estimate([run[:3] for run in runs])
    for problem, solver, n, seconds in runs[:10]:
        eta.finished(problem, solver, n, seconds)
    truth = sum(run[3] for run in runs[10:])  # 1.6 s
    naive = 10 * 1.0 / 10 * len(runs[10:])  # 40 s: the runs-per-second rate so far
    assert eta.seconds_left() == pytest.approx(truth)
    assert naive / truth == pytest.approx(25.0)


def test_a_measured_pair_or_problem_wins_over_the_size_model():
    eta = Estimate([("a", "s", 10), ("a", "t", 10), ("b", "t", 10)], workers=2)
    eta.finished("a", "s", 10, 4.0)  # its own pair: 4 s
    assert eta.price("a", "s", 10) == 4.0
    assert eta.price("a", "t", 10) == 4.0  # the same problem, another solver
    assert eta.price("b", "t", 10) == pytest.approx(4.0)  # 0.4 s per variable, overall
    eta.finished("b", "t", 10, 1.0)
    assert eta.price("a", "t", 10) == 4.0 and eta.price("b", "t", 10) == 1.0
    # left: ("a", "t") at 4 s, over two workers
    assert eta.seconds_left() == pytest.approx(2.0)


def test_the_bar_on_a_terminal_shows_the_estimate(tmp_path):
    fcntl = pytest.importorskip("fcntl", reason="a pseudo-terminal needs POSIX")
    pty = pytest.importorskip("pty")
    termios = pytest.importorskip("termios")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    done = subprocess.run(
        [sys.executable, "-m", "optbench", "run", "--problems", "quadratic", "rosenbrock",
         "--solvers", "bfgs", "cg", "--results", str(tmp_path / "s.sqlite")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    assert b"4/4" in shown and b"eta 00:00, failed 0, last " in shown
