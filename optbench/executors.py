"""Where runs execute: in this process, in local child processes, or on a Dask cluster.

An executor takes tasks and yields one record per task as runs end. Every executor
returns the same records (deterministic columns) for the same tasks; only the order in
which they arrive and the times differ. The driver process stays the only store writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from optbench import plugins, user
from optbench.errors import OptbenchError
from optbench.isolation import run_isolated, single_threaded_blas
from optbench.limits import check_execution
from optbench.record import Record
from optbench.runner import Task, execute

Executor = Callable[[Sequence[Task]], Iterator[Record]]


def in_process(tasks: Sequence[Task]) -> Iterator[Record]:
    """Run tasks one after another in this process: no isolation, no time limit."""
    with single_threaded_blas():
        for task in tasks:
            yield execute(task)


def local(jobs: int = 1, timeout: float | None = None) -> Executor:
    """Run tasks in up to ``jobs`` forked child processes, each killed after ``timeout`` s."""
    check_execution(jobs, timeout)

    def run(tasks: Sequence[Task]) -> Iterator[Record]:
        return run_isolated(tasks, jobs=jobs, timeout=timeout)

    return run


def _isolated_run(task: Task, timeout: float | None, plugin_specs: Sequence[str] = (),
                  user_code: bytes = b"") -> Record:
    """One task in a forked child of a Dask worker, so timeouts and crashes are contained.

    The worker first loads the driver's plug-ins and registers the user code the task
    runs (``user_code``: the `optbench.user.user_entries` pickled by cloudpickle, read
    only after the plug-ins they may refer to are loaded).
    """
    plugins.load_all(plugin_specs)
    if user_code:
        import cloudpickle

        user.install(cloudpickle.loads(user_code))
    return next(run_isolated([task], jobs=1, timeout=timeout))


def dask(address: str, jobs: int = 2, timeout: float | None = None) -> Executor:
    """Run tasks on a Dask cluster through ``distributed``'s Client.

    Parameters
    ----------
    address : str
        The scheduler's address (``tcp://host:8786``), or ``local`` for a
        ``LocalCluster`` of ``jobs`` single-threaded worker processes on this machine.
    jobs : int
        Workers of the local cluster (ignored for a remote one).
    timeout : float, optional
        Wall-clock seconds per run, enforced on the worker.

    Notes
    -----
    A worker needs optbench and every library the runs use installed. It loads the
    plug-ins the driver loaded by spec (module names it must be able to import, or
    ``.py`` files at the same paths) and the installed ones; user code defined in the
    driver's script or notebook is sent to it by cloudpickle.
    """
    check_execution(jobs, timeout)
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise OptbenchError(
            "--dask needs the 'distributed' package: pip install 'optbench[dask]'"
        ) from None

    def run(tasks: Sequence[Task]) -> Iterator[Record]:
        cluster = None
        try:
            if address == "local":
                cluster = LocalCluster(n_workers=jobs, threads_per_worker=1,
                                       dashboard_address=None)
                client = Client(cluster)
            else:
                client = Client(address, timeout=10)
        except (OSError, TimeoutError, ValueError) as error:
            raise OptbenchError(f"cannot reach the Dask scheduler at {address!r}: "
                                f"{(str(error).splitlines() or [''])[0]}") from None
        try:
            import cloudpickle

            specs = plugins.loaded()
            futures = [client.submit(
                _isolated_run, task, timeout, specs,
                cloudpickle.dumps(user.user_entries([(task.problem, task.solver)]))
                if task.code else b"", pure=False, key=f"optbench-{task.run_id}")
                for task in tasks]
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run
