"""Run tasks in forked child processes, each under a hard wall-clock limit.

A child runs `optbench.runner.execute` and sends messages back through a pipe: a
`~optbench.progress.Progress` report every `~optbench.progress.EVERY_S` seconds of
the run, then the pickled record. A child that hangs past its limit is killed (status
``timeout``); one that dies without answering — ``os._exit``, a segfault, the
out-of-memory killer — is recorded as ``error`` with its exit code or signal, and one
whose answer arrives cut short or garbled as ``error`` saying so. Each such record keeps
the counts and trace of the child's last report. The parent alone writes to the store.
A child dies with its parent (`die_with_parent`): a driver killed by ``kill -9`` or
SIGTERM leaves no worker running, and a child never runs the parent's cleanup, so it
signals nothing. The parent signals only its own children, and only before it has
reaped them, so a PID it signals cannot belong to another process.

Forking is POSIX-only; where ``os.fork`` is missing, tasks run in-process without a
hard time limit.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NoReturn

from threadpoolctl import threadpool_limits

from optbench.errors import error_line
from optbench.parent import die_with_parent
from optbench.progress import Progress
from optbench.record import Record
from optbench.result import Status
from optbench.runner import Task, execute, unrun

_CHUNK = 1 << 20
#: A message's header: its kind (`_PROGRESS` or `_ANSWER`) and its length in bytes.
_HEADER = struct.Struct("<cQ")
_PROGRESS, _ANSWER = b"p", b"a"
#: ``prctl``'s option that sets the signal a process gets when its parent dies (Linux).


def single_threaded_blas() -> threadpool_limits:
    """Limit BLAS and OpenMP to one thread; use as a context manager.

    Every executor runs solvers with one BLAS thread: the same floating-point results
    whatever the executor (Dask's workers are single-threaded too), and parallel workers
    do not oversubscribe the cores.
    """
    return threadpool_limits(limits=1)


@dataclass
class _Child:
    task: Task
    pid: int
    fd: int
    started: float
    deadline: float
    received: bytearray = field(default_factory=bytearray)
    reports: list[Progress] = field(default_factory=list)
    answer: bytes | None = None

    def receive(self, data: bytes) -> None:
        """Take bytes read from the pipe: keep each whole progress report and the
        answer; a message not yet whole stays in ``received``."""
        self.received += data
        while len(self.received) >= _HEADER.size:
            kind, size = _HEADER.unpack_from(self.received)
            end = _HEADER.size + size
            if len(self.received) < end:
                return
            body = bytes(self.received[_HEADER.size:end])
            del self.received[:end]
            if kind == _ANSWER:
                self.answer = body
                continue
            try:
                self.reports.append(pickle.loads(body))
            except Exception:  # noqa: BLE001  (a garbled report: keep the good ones)
                continue


def _spawn(task: Task, timeout: float | None) -> _Child:
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: run, answer, leave without running the parent's cleanup
        _run_child(task, parent, read_fd, write_fd)
    os.close(write_fd)
    started = time.monotonic()
    deadline = started + timeout if timeout is not None else float("inf")
    return _Child(task, pid, read_fd, started, deadline)


def _run_child(task: Task, parent: int, read_fd: int, write_fd: int) -> NoReturn:
    """A child's whole life: die with the parent, run, answer, ``os._exit``.

    Nothing raised here may reach the frames forked from the parent (its generator and
    its cleanup, which kills *its* children): every path ends in ``os._exit``.
    """
    code = 0
    try:
        die_with_parent(parent)
        os.close(read_fd)
        with os.fdopen(write_fd, "wb") as pipe:
            def report(progress: Progress) -> None:
                _send(pipe, _PROGRESS, pickle.dumps(progress, pickle.HIGHEST_PROTOCOL))

            try:
                payload = pickle.dumps(execute(task, report), pickle.HIGHEST_PROTOCOL)
            except BaseException as error:  # noqa: BLE001  (report anything, never raise)
                payload = pickle.dumps(error_line(error))
            _send(pipe, _ANSWER, payload)
    except BaseException:  # noqa: BLE001  (a parent gone mid-write: nothing to tell)
        code = 1
    finally:
        os._exit(code)


def _send(pipe: BinaryIO, kind: bytes, payload: bytes) -> None:
    pipe.write(_HEADER.pack(kind, len(payload)) + payload)
    pipe.flush()


def _collect(child: _Child) -> Record:
    """Turn a finished child's answer (or its silence) into a record."""
    os.close(child.fd)
    _, wait_status = os.waitpid(child.pid, 0)
    elapsed = time.monotonic() - child.started
    if child.answer is not None:
        try:
            answer = pickle.loads(child.answer)
        except Exception as error:  # noqa: BLE001  (any garbled answer is that run's error)
            return _lost(child, f"the worker's answer was garbled ({len(child.answer)} "
                         f"bytes): {error_line(error)}", elapsed)
        if isinstance(answer, Record):
            return answer
        return _lost(child, f"worker failed: {answer}", elapsed)
    if child.received:
        return _lost(child, "the worker's answer was cut short "
                     f"({len(child.received)} bytes)", elapsed)
    if os.WIFSIGNALED(wait_status):
        name = signal.Signals(os.WTERMSIG(wait_status)).name
        reason = f"worker process killed by {name} before returning a result"
    else:
        code = os.waitstatus_to_exitcode(wait_status)
        reason = f"worker process exited with code {code} before returning a result"
    return _lost(child, reason, elapsed)


def _lost(child: _Child, reason: str, elapsed: float,
          status: Status = Status.ERROR) -> Record:
    """The record of a child that gave no record: ``reason``, and what its last progress
    report says it had done."""
    return unrun(child.task, status, reason, elapsed, Progress.join(child.reports))


def _kill(child: _Child) -> None:
    """Kill an unreaped child, then take what it had written before it died."""
    try:
        os.kill(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(child.pid, 0)
    os.set_blocking(child.fd, False)  # a process the child started may hold the pipe
    try:
        while data := os.read(child.fd, _CHUNK):
            child.receive(data)
    except BlockingIOError:
        pass
    os.close(child.fd)


def run_isolated(tasks: Iterable[Task], jobs: int = 1,
                 timeout: float | None = None) -> Iterator[Record]:
    """Run tasks in up to ``jobs`` child processes at once; yield records as runs end.

    Records come in the order runs finish, which with ``jobs > 1`` need not be the order
    of ``tasks``; each record is the same whatever the order.

    Parameters
    ----------
    tasks : iterable of Task
        The runs to make.
    jobs : int
        How many child processes run at once.
    timeout : float, optional
        Wall-clock seconds allowed per run; a run still going then is killed and
        recorded with status ``timeout``.

    Examples
    --------
    >>> from optbench.runner import plan
    >>> [r.status for r in run_isolated(plan(["quadratic"], ["bfgs"]), timeout=60)]
    ['converged']
    """
    if not hasattr(os, "fork"):
        with single_threaded_blas():
            yield from (execute(task) for task in tasks)
        return
    with single_threaded_blas():  # children inherit the limit from this process
        yield from _fork_all(deque(tasks), jobs, timeout)


def _fork_all(pending: deque[Task], jobs: int, timeout: float | None) -> Iterator[Record]:
    running: dict[int, _Child] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                child = _spawn(pending.popleft(), timeout)
                running[child.fd] = child
            wait = min(child.deadline for child in running.values()) - time.monotonic()
            ready, _, _ = select.select(list(running), [], [],
                                        None if wait == float("inf") else max(wait, 0.0))
            for fd in ready:
                data = os.read(fd, _CHUNK)
                if data:
                    running[fd].receive(data)
                else:
                    yield _collect(running.pop(fd))
            now = time.monotonic()
            for fd in [fd for fd, child in running.items() if now >= child.deadline]:
                child = running.pop(fd)
                _kill(child)
                message = f"killed after the {timeout:g} s wall-clock limit"
                yield _lost(child, message, now - child.started, Status.TIMEOUT)
    finally:
        for child in running.values():
            _kill(child)
