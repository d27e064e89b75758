"""Processes that die with their parent: forked workers, run children and drawing
children must not outlive a driver killed by ``kill -9`` or a signal.

Kept apart from `optbench.isolation` so that the report's drawing children
(`optbench.report.canvas`) can use it without importing the runner and its registries.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

#: ``prctl``'s option that asks the kernel to signal this process at its parent's death.
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this (forked) process die when ``parent`` does.

    On Linux the kernel sends SIGKILL at the parent's death (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a daemon thread checks the parent every half second. A parent already
    gone before this ran ends the process at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
