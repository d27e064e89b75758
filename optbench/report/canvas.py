"""Charts (and exports) written in worker processes while the report goes on computing.

A `Canvas` takes each chart as a drawing function and its data (`Canvas.draw`): with
more than one worker the drawing starts at once in a forked process, so the analysis
and the tables of the report go on meanwhile; `Canvas.finish` waits for every file.
Drawing functions are pure functions of their arguments (tables, curves, labels, a
path), so a chart is the same file whichever process draws it. Any other writer of
files, such as the exports, can be handed over the same way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any


def default_workers() -> int:
    """One worker per CPU this process may use."""
    available = getattr(os, "sched_getaffinity", None)
    return len(available(0)) if available is not None else os.cpu_count() or 1


class Canvas:
    """Where a report's charts are drawn: in this process (``workers=1``, or where
    ``fork`` is missing) or in ``workers`` forked processes.

    Examples
    --------
    >>> with Canvas(workers=1) as canvas:
    ...     canvas.draw(Path, "chart.png")
    ...     canvas.finish()
    [PosixPath('chart.png')]
    """

    def __init__(self, workers: int | None = None) -> None:
        workers = default_workers() if workers is None else workers
        forking = "fork" in multiprocessing.get_all_start_methods()
        self._pool = (ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                      if workers > 1 and forking else None)
        self._pending: list[Future[Path | list[Path]]] = []
        self._done: list[Path | list[Path]] = []

    def draw(self, function: Callable[..., Path | list[Path]], *args: Any,
             **kwargs: Any) -> None:
        """Draw ``function(*args, **kwargs)``, which writes a file and returns its path
        (or files, and their paths): now, or in a worker while this process goes on."""
        if self._pool is None:
            self._done.append(function(*args, **kwargs))
        else:
            self._pending.append(self._pool.submit(function, *args, **kwargs))

    def finish(self) -> list[Path]:
        """Wait for every chart; the paths written, in the order they were asked for.

        Raises
        ------
        Exception
            What a drawing raised.
        """
        self._done += [future.result() for future in self._pending]
        self._pending = []
        return [path for done in self._done
                for path in (done if isinstance(done, list) else [done])]

    def close(self) -> None:
        """Stop the workers (after `finish`, or abandoning what is still drawing)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Canvas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
