"""The report's canvas (issue 16): drawings run in forked children, their paths come
back in the order asked for, what a drawing raises reaches `finish`, and nothing is left
running or unreaped."""

import os
import signal
import time
from pathlib import Path

import pytest

from optbench.report.canvas import BATCH, Canvas, DrawingFailed


def _slow_path(name: str, seconds: float) -> Path:
    time.sleep(seconds)
    return Path(name)


def _pid_file(folder: Path) -> Path:
    path = folder / f"{os.getpid()}.pid"
    path.write_text("")
    return path


def _touch(path: Path) -> Path:
    path.write_text("")
    return path


def _raise_value_error() -> Path:
    raise ValueError("no such chart")


class _Unpicklable(Exception):
    def __reduce__(self):  # an exception pickle cannot send back
        raise TypeError("not this one")


def _raise_unpicklable() -> Path:
    raise _Unpicklable("held a lock")


def test_paths_come_back_in_the_order_asked_for_with_more_drawings_than_workers():
    # the later drawings end first: the order is the order of draw, not of ending
    with Canvas(workers=2) as canvas:
        for i, seconds in enumerate((0.3, 0.2, 0.1, 0.0, 0.0)):
            canvas.draw(_slow_path, f"chart-{i}.svg", seconds)
        drawn = canvas.finish()
    assert drawn == [Path(f"chart-{i}.svg") for i in range(5)]


def test_drawings_run_in_children_several_to_a_child_where_many_wait(tmp_path):
    with Canvas(workers=2) as canvas:
        canvas.draw(_slow_path, "first.svg", 0.3)  # the one worker, while 12 queue up
        for _ in range(12):
            canvas.draw(_pid_file, tmp_path)
        drawn = canvas.finish()
    pids = [int(path.stem) for path in drawn[1:]]
    assert os.getpid() not in pids
    assert 1 < len(set(pids)) < 12  # batches of up to BATCH, spread over the workers
    assert max(pids.count(pid) for pid in pids) <= BATCH


def _other_pid_file(folder: Path) -> Path:
    return _pid_file(folder)


def test_a_child_takes_several_drawings_of_one_function_only(tmp_path):
    with Canvas(workers=2) as canvas:
        canvas.draw(_slow_path, "first.svg", 0.3)
        for i in range(16):
            canvas.draw(_pid_file if i % 8 < 4 else _other_pid_file, tmp_path)
        drawn = canvas.finish()
    by_function = [{int(path.stem) for path in drawn[1 + k:5 + k]} for k in (0, 4, 8, 12)]
    for one, other in zip(by_function, by_function[1:], strict=False):
        assert not one & other  # no child drew both functions


def test_a_drawing_that_raises_in_a_batch_leaves_the_others_drawn(tmp_path):
    with Canvas(workers=2) as canvas:
        canvas.draw(_slow_path, "first.svg", 0.3)
        for i in range(8):
            if i == 3:
                canvas.draw(_raise_value_error)
            else:
                canvas.draw(_touch, tmp_path / f"{i}.svg")
        with pytest.raises(ValueError, match="no such chart"):
            canvas.finish()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"{i}.svg" for i in (0, 1, 2, 4, 5, 6, 7)]


def test_each_drawing_runs_in_a_child_of_its_own(tmp_path):
    with Canvas(workers=2) as canvas:
        for _ in range(3):
            canvas.draw(_pid_file, tmp_path)
        drawn = canvas.finish()
    pids = {int(path.stem) for path in drawn}
    assert len(pids) == 3 and os.getpid() not in pids


def test_one_worker_draws_here(tmp_path):
    with Canvas(workers=1) as canvas:
        canvas.draw(_pid_file, tmp_path)
        (drawn,) = canvas.finish()
    assert drawn.stem == str(os.getpid())


def test_what_a_drawing_raises_reaches_finish_after_the_others_end():
    with Canvas(workers=2) as canvas:
        canvas.draw(_slow_path, "a.svg", 0.2)
        canvas.draw(_raise_value_error)
        with pytest.raises(ValueError, match="no such chart"):
            canvas.finish()


def test_an_exception_that_cannot_be_sent_back_is_named():
    with Canvas(workers=2) as canvas:
        canvas.draw(_raise_unpicklable)
        with pytest.raises(DrawingFailed, match="_raise_unpicklable raised _Unpicklable: "
                                                "held a lock"):
            canvas.finish()


def test_leaving_without_finish_stops_and_reaps_the_children():
    with pytest.raises(RuntimeError, match="the report failed"):
        with Canvas(workers=3) as canvas:
            canvas.draw(_slow_path, "a.svg", 60.0)
            canvas.draw(_slow_path, "b.svg", 60.0)
            pids = [child.pid for child in canvas._running.values()]
            raise RuntimeError("the report failed")
    assert len(pids) == 2
    for pid in pids:  # reaped: no such child any more
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_no_more_children_than_workers_run_at_once(tmp_path):
    # one worker fewer while the report computes (it takes a CPU itself), all in finish
    with Canvas(workers=3) as canvas:
        for i in range(6):
            canvas.draw(_slow_path, f"{i}.svg", 0.05)
            assert 1 <= len(canvas._running) <= 2
        assert len(canvas.finish()) == 6


def test_a_child_that_ends_starts_the_next_drawing_while_the_report_computes(tmp_path):
    # SIGCHLD starts a queued drawing without waiting for the next draw or finish
    with Canvas(workers=2) as canvas:
        canvas.draw(_slow_path, "first.svg", 0.1)
        canvas.draw(_pid_file, tmp_path)
        assert len(canvas._queue) == 1  # one worker while this process computes
        deadline = time.monotonic() + 10.0
        while canvas._queue and time.monotonic() < deadline:
            sum(range(10_000))  # computing: Python runs the signal handler between these
        assert not canvas._queue
        drawn = canvas.finish()
    assert drawn[0] == Path("first.svg") and drawn[1].parent == tmp_path


def test_the_canvas_gives_back_the_sigchld_handler_it_found():
    before = signal.getsignal(signal.SIGCHLD)
    with Canvas(workers=2) as canvas:
        assert signal.getsignal(signal.SIGCHLD) != before
        canvas.draw(_slow_path, "a.svg", 0.0)
        canvas.finish()
    assert signal.getsignal(signal.SIGCHLD) == before
