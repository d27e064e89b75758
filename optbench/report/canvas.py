"""Charts (and exports) written in forked processes while the report goes on computing.

A `Canvas` takes each chart as a drawing function and its data (`Canvas.draw`): with
more than one worker the drawing runs in a child process forked for it, so the analysis
and the tables of the report go on meanwhile; `Canvas.finish` waits for every file.
Drawing functions are pure functions of their arguments (tables, curves, labels, a
path), so a chart is the same file whichever process draws it. Any other writer of
files, such as the exports, can be handed over the same way.

Drawings run in children forked when a worker is free: a child finds its drawings'
arguments in the memory it shares with the report (nothing is pickled on the way there,
and pages are copied only where written), sends back what each function returned (a few
paths) or what it raised, and ends with ``os._exit``, never running the report's frames.
Where many drawings of one function wait in a row, a child takes several (up to
`BATCH`): matplotlib's caches (fonts, text layout) then serve more than one chart, a
fifth less CPU a chart. Drawings of other functions (an export, another kind of chart)
start in children of their own, so a long one never holds short ones back.
Children die with the report (`optbench.parent.die_with_parent`). Queued drawings
start as workers free up: when a child ends (on ``SIGCHLD``, at the next bytecode the
report runs, where the canvas belongs to the main thread), else at the next
`Canvas.draw` or in `Canvas.finish`. While the report computes, it takes a CPU itself,
so one worker fewer draws then; `Canvas.finish` only waits, and lets every worker draw.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from optbench.parent import die_with_parent

Drawn = Path | list[Path]

#: The most queued drawings one child takes; it takes fewer where few wait, so that the
#: last drawings still spread over the workers.
BATCH = 6


def default_workers() -> int:
    """One worker per CPU this process may use."""
    available = getattr(os, "sched_getaffinity", None)
    return len(available(0)) if available is not None else os.cpu_count() or 1


@dataclass(frozen=True)
class _Job:
    """A drawing asked for: its place in the order, the function and its arguments."""

    index: int
    function: Callable[..., Drawn]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class _Child:
    """Drawings under way in a forked child: its jobs, process id and answer pipe."""

    jobs: tuple[_Job, ...]
    pid: int
    fd: int


class DrawingFailed(RuntimeError):
    """A drawing raised something that could not be sent back as it was."""


class Canvas:
    """Where a report's charts are drawn: in this process (``workers=1``, or where
    ``fork`` is missing) or in up to ``workers`` forked children at a time.

    Examples
    --------
    >>> with Canvas(workers=2) as canvas:
    ...     canvas.draw(Path, "chart.svg")
    ...     canvas.draw(Path, "other.svg")
    ...     canvas.finish()
    [PosixPath('chart.svg'), PosixPath('other.svg')]
    """

    def __init__(self, workers: int | None = None) -> None:
        self._workers = default_workers() if workers is None else workers
        self._forking = self._workers > 1 and hasattr(os, "fork")
        self._queue: deque[_Job] = deque()
        self._running: dict[int, _Child] = {}  # by pipe
        self._done: dict[int, Drawn] = {}
        self._failure: BaseException | None = None
        self._count = 0
        self._limit = max(1, self._workers - 1)  # this process computes on one CPU
        self._inside = False  # in a method of the canvas: SIGCHLD leaves it to that one
        self._previous_handler: Any = None
        self._handling = self._forking and threading.current_thread() is threading.main_thread()
        if self._handling:
            self._previous_handler = signal.signal(signal.SIGCHLD, self._on_child_exit)

    def draw(self, function: Callable[..., Drawn], *args: Any, **kwargs: Any) -> None:
        """Draw ``function(*args, **kwargs)``, which writes a file and returns its path
        (or files, and their paths): now, or in a child while this process goes on."""
        job = _Job(self._count, function, args, kwargs)
        self._count += 1
        if not self._forking:
            self._done[job.index] = function(*args, **kwargs)
            return
        self._queue.append(job)
        self._take_and_start()

    def finish(self) -> list[Path]:
        """Wait for every chart; the paths written, in the order they were asked for.

        Raises
        ------
        Exception
            What a drawing raised (the first, once every drawing has ended).
        """
        self._inside, self._limit = True, self._workers
        try:
            while self._queue or self._running:
                self._start()
                self._collect(wait=True)
        finally:
            self._inside = False
        self._restore_handler()
        gc.unfreeze()
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure
        drawn = [self._done[index] for index in sorted(self._done)]
        return [path for done in drawn for path in (done if isinstance(done, list) else [done])]

    def close(self) -> None:
        """Stop the drawings still under way and forget the queued ones (after `finish`
        there are none)."""
        self._inside = True  # the children killed here are reaped here
        self._restore_handler()
        self._queue.clear()
        for child in self._running.values():
            try:
                os.kill(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(child.pid, 0)
            os.close(child.fd)
        self._running.clear()
        gc.unfreeze()

    def __enter__(self) -> Canvas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _on_child_exit(self, signum: int, frame: object) -> None:
        """On ``SIGCHLD``: take the ended children's answers and start queued drawings
        (unless a method of the canvas is under way: it does both itself)."""
        if not self._inside:
            self._take_and_start()

    def _take_and_start(self) -> None:
        """Take the answers of the children that have ended and start queued drawings,
        ``SIGCHLD`` leaving the canvas to this meanwhile."""
        self._inside = True
        try:
            self._collect(wait=False)
            self._start()
        finally:
            self._inside = False

    def _restore_handler(self) -> None:
        if self._handling:  # a handler not set from Python (None) comes back as the default
            signal.signal(signal.SIGCHLD, self._previous_handler or signal.SIG_DFL)
            self._handling = False

    def _start(self) -> None:
        """Fork a child for each queued drawing a worker is free for."""
        while self._queue and len(self._running) < self._limit:
            take = max(1, min(BATCH, len(self._queue) // (2 * self._limit)))
            jobs = [self._queue.popleft()]
            while len(jobs) < take and self._queue and self._queue[0].function is jobs[0].function:
                jobs.append(self._queue.popleft())
            # the objects so far out of the collector's sight: a collection in a child
            # would otherwise touch, and so copy, every page it shares with the report
            gc.freeze()
            read_fd, write_fd = os.pipe()
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # the child: draw, answer, leave without the parent's frames
                _draw_in_child(tuple(jobs), parent, read_fd, write_fd)
            os.close(write_fd)
            self._running[read_fd] = _Child(tuple(jobs), pid, read_fd)

    def _collect(self, wait: bool) -> None:
        """Take the answers of the children that have ended (with ``wait``, of at least
        one, waiting for it)."""
        if not self._running:
            return
        ready, _, _ = select.select(list(self._running), [], [], None if wait else 0.0)
        for fd in ready:
            child = self._running.pop(fd)
            with os.fdopen(fd, "rb") as pipe:
                answer = pipe.read()  # to the end: the child has answered and left
            os.waitpid(child.pid, 0)
            try:
                answers = pickle.loads(answer)
            except Exception:  # noqa: BLE001  (a child killed mid-answer: say which)
                answers = [pickle.dumps((False, DrawingFailed(
                    f"drawing {job.function.__name__} ended without an answer")))
                    for job in child.jobs]
            for job, one in zip(child.jobs, answers, strict=True):
                ok, value = pickle.loads(one)
                if ok:
                    self._done[job.index] = value
                elif self._failure is None:
                    self._failure = value


def _draw_in_child(jobs: tuple[_Job, ...], parent: int, read_fd: int,
                   write_fd: int) -> NoReturn:
    """A drawing child's whole life: die with the parent, draw each of ``jobs``, answer
    (each drawing's answer pickled on its own), ``os._exit``.

    Nothing raised here may reach the frames forked from the parent: every path ends in
    ``os._exit``.
    """
    code = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        die_with_parent(parent)
        os.close(read_fd)
        answer = pickle.dumps([_answer(job) for job in jobs])
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(answer)
    except BaseException:  # noqa: BLE001  (a parent gone mid-write: nothing to tell)
        code = 1
    finally:
        os._exit(code)


def _answer(job: _Job) -> bytes:
    """What ``job`` returned, or what it raised, pickled: ``(True, value)`` or
    ``(False, exception)`` (a `DrawingFailed` naming it where the exception does not
    pickle)."""
    try:
        return pickle.dumps((True, job.function(*job.args, **job.kwargs)))
    except BaseException as error:  # noqa: BLE001  (sent back, raised by finish)
        try:
            return pickle.dumps((False, error))
        except Exception:  # noqa: BLE001  (an exception that does not pickle)
            return pickle.dumps((False, DrawingFailed(
                f"drawing {job.function.__name__} raised {type(error).__name__}: "
                f"{error}")))
