"""Running the per-source map: in this process, in worker processes, or on a Dask cluster.

Every engine maps a pure function over items and yields the results **in input order**, so a
report does not depend on the engine or the number of workers. An engine is made for a run's
rules (:class:`provaudit.ruleset.Rules`) and carries them to where its tasks run: each worker
process is started with them, each Dask task runs under them (they are scattered to the
cluster once); in this process the run has them in force already. At most a bounded window of
items is in flight at once: sources are read lazily, and memory does not grow with their number.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from . import interrupt
from .fsio import process_exists

if TYPE_CHECKING:
    from .ruleset import Rules

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

# Tasks in flight per worker: enough to keep workers busy while the parent collects results,
# few enough that only a handful of sources are held at once.
WINDOW_PER_WORKER = 4
# Worker processes take items in batches of up to this many, at least BATCHES_PER_WORKER
# batches a worker: each task is a round trip through the pool's queues and threads, paid by
# the parent on the cores the workers need.
MAX_BATCH = 16
BATCHES_PER_WORKER = 8
# Below this many items, starting worker processes (each imports trafilatura and the language
# tables, about a second) costs more than it saves.
MIN_ITEMS_FOR_PROCESSES = 8


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Result(Protocol[R_co]):
    """A result that may still be computing (a future)."""

    def result(self) -> R_co: ...


class _Done(Generic[R]):
    """A result computed already."""

    def __init__(self, value: R) -> None:
        self.value = value

    def result(self) -> R:
        return self.value


class Engine(Protocol):
    """Maps a function over items, yielding results in input order."""

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        count: int | None = None,
        done: Callable[[], None] | None = None,
    ) -> Iterator[R]: ...

    def map_tasks(self, task: Callable[[int], R], partitions: Iterable[int]) -> Iterable[R]:
        """Run the join's per-partition tasks (an ``align.TaskMap``): ``task(p)`` for each
        partition ``p``, results in partition order."""
        ...

    def submit(self, func: Callable[[T], R], item: T) -> Result[R]:
        """Start ``func(item)`` beside the caller's own work where the engine can; its
        result is ``.result()``."""
        ...

    def concurrent(self, count: int | None) -> bool:
        """Whether ``map`` over ``count`` items (None: not known) runs outside this process,
        so that the caller gains by doing other work while it runs."""
        ...

    def close(self) -> None: ...

    def abort(self) -> None:
        """Stop at once (an error or Ctrl-C in the caller): work in flight is dropped."""
        ...


class SerialEngine:
    """Runs everything in this process."""

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        count: int | None = None,
        done: Callable[[], None] | None = None,
    ) -> Iterator[R]:
        for item in items:
            interrupt.check()
            result = func(item)
            if done is not None:
                done()
            yield result

    def map_tasks(self, task: Callable[[int], R], partitions: Iterable[int]) -> Iterable[R]:
        return map(task, partitions)

    def submit(self, func: Callable[[T], R], item: T) -> Result[R]:
        return _Done(func(item))

    def concurrent(self, count: int | None) -> bool:
        return False

    def close(self) -> None:
        pass

    def abort(self) -> None:
        self.close()


class ProcessEngine(SerialEngine):
    """Runs the map in ``jobs`` worker processes (forkserver: safe beside threads). The join's
    tasks all read every source's features: shipping them to each worker process costs more
    than the tasks themselves, so they run here (``map_tasks`` as SerialEngine's)."""

    def __init__(self, jobs: int, rules: Rules | None = None) -> None:
        self.jobs = max(1, jobs)
        self.rules = rules
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = (
                "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            )
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                # Workers fork from a server that has imported the pipeline once, and that
                # ignores Ctrl-C before anything else (see provaudit/_forkserver.py).
                context.set_forkserver_preload(["provaudit._forkserver", "provaudit.analyse"])
                _start_forkserver()
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=worker_start,
                initargs=(os.getpid(), self.rules),
            )
        return self._pool

    def _submit(self, func: Callable[..., R], *args: Any) -> Future[R]:
        """``func(*args)`` submitted to the pool, a Ctrl-C meanwhile deferred to its end (under
        the command line's handler: see interrupt.deferred). A submit may start a worker (the
        first one waits for the forkserver's imports): interrupted inside, this process
        could leave with a worker started but not yet in the pool's table (so abort would not
        end it), or with its request to the forkserver outstanding, which the server, still
        importing, would serve later with a worker that fails to read it (the semaphores it
        names are gone with this process) and prints a traceback beside "Interrupted."."""
        pool = self._executor()
        with interrupt.deferred():
            return pool.submit(func, *args)

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        count: int | None = None,
        done: Callable[[], None] | None = None,
    ) -> Iterator[R]:
        if not self.concurrent(count):
            yield from super().map(func, items, done=done)
            return
        size = (
            1
            if count is None
            else max(1, min(MAX_BATCH, count // (self.jobs * BATCHES_PER_WORKER)))
        )
        batches = _windowed(
            lambda batch: self._submit(_each, func, batch),
            _batched(items, size),
            self.jobs * WINDOW_PER_WORKER,
            None,
            # Not cancelled here: the pool's own shutdown (close or abort) drops what is
            # pending. A future cancelled here stays in the pool's table of pending work, and
            # when abort then kills the workers, Python 3.11's pool thread sets an error on it
            # and dies printing InvalidStateError beside "Interrupted." (seen 2 in 30 runs
            # signalled at random times).
            cancel=False,
        )
        for results in batches:
            for result in results:
                if done is not None:
                    done()
                yield result

    def concurrent(self, count: int | None) -> bool:
        return self.jobs > 1 and (count is None or count >= MIN_ITEMS_FOR_PROCESSES)

    def submit(self, func: Callable[[T], R], item: T) -> Result[R]:
        if self.jobs == 1:
            return super().submit(func, item)
        return self._submit(func, item)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abort(self) -> None:
        """End the worker processes now, without waiting for the batches they are on."""
        if self._pool is None:
            return
        processes: dict[int, Any] = getattr(self._pool, "_processes", None) or {}
        # The queue's feeder thread may be blocked writing a task into the pipe of workers
        # about to die, and this process holds the pipe's read end too, so the write never
        # fails: without this, exiting would wait on that thread for ever (seen as an aborted
        # `report -j 2` left sleeping, its feeder thread in a pipe write).
        call_queue = getattr(self._pool, "_call_queue", None)
        if call_queue is not None:
            call_queue.cancel_join_thread()
        for process in list(processes.values()):
            process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in list(processes.values()):
            process.join(timeout=5)
        self._pool = None


def _start_forkserver() -> None:
    """Start multiprocessing's forkserver with SIGINT blocked in this thread, so that the
    server starts with it blocked until its first preload, provaudit._forkserver, ignores and
    unblocks it: a Ctrl-C to the process group cannot interrupt the server's start-up and
    imports (it printed a traceback beside "Interrupted."). The resource tracker is started
    first: starting it unblocks SIGINT in this thread (it blocks it around its own start)."""
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# --- Worker processes die with the run that started them --------------------------------------

# Where there is no pidfd (not Linux), how often a worker checks that its run is still there.
PARENT_CHECK_SECONDS = 0.5


def worker_start(parent: int, rules: Rules | None = None) -> None:
    """Set up a worker process of the run ``parent`` (its process id): the run's ``rules`` are
    in force in it; the worker ends when the run does (killed or not: a worker left behind
    holds hundreds of MB and no one collects its results), and Ctrl-C is the run's to handle
    (the terminal sends it to every process of the group; a worker would print a traceback)."""
    from .ruleset import install

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    install(rules)
    die_with(parent)


def die_with(parent: int) -> None:
    """End this process when process ``parent`` ends, watched by a thread: on Linux it waits
    on a pidfd of ``parent`` (woken the moment it ends), elsewhere it checks every
    PARENT_CHECK_SECONDS. The kernel's parent-death signal would not do: with forkserver, a
    worker's parent is the server, which lives as long as any worker does (each holds the pipe
    whose end the server waits for)."""
    pidfd_open = getattr(os, "pidfd_open", None)
    handle: int | None = None
    if pidfd_open is not None:
        try:
            handle = pidfd_open(parent)
        except ProcessLookupError:
            os._exit(1)
        except OSError:  # an old kernel
            handle = None
    if handle is None and not _alive(parent):
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, handle), daemon=True).start()


def _watch(parent: int, handle: int | None) -> None:
    if handle is not None:
        select.select([handle], [], [])  # readable once the process has ended
    else:
        while _alive(parent):
            time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    # Where it cannot be known (Windows), a worker ends when its pool's pipes break.
    return process_exists(pid) is not False


def _each(func: Callable[[T], R], batch: list[T]) -> list[R]:
    return [func(item) for item in batch]


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _windowed(
    submit: Callable[[T], Any],
    items: Iterable[T],
    limit: int,
    done: Callable[[], None] | None,
    *,
    cancel: bool = True,
) -> Iterator[Any]:
    """Submit items, at most ``limit`` in flight, and yield their results in input order.

    ``submit`` returns a future with ``result()`` (concurrent.futures' or Dask's). Futures
    still in flight when the consumer stops are cancelled (with ``cancel``)."""
    window: deque[Any] = deque()

    def collect() -> Any:
        interrupt.check()
        future = window.popleft()
        result = future.result()
        if hasattr(future, "release"):  # a Dask future: let the cluster forget it
            future.release()
        if done is not None:
            done()
        return result

    try:
        for item in items:
            window.append(submit(item))
            if len(window) >= limit:
                yield collect()
        while window:
            yield collect()
    finally:
        if cancel:
            for future in window:
                future.cancel()


class DaskEngine(SerialEngine):
    """Runs the map as tasks on a Dask distributed cluster (``provaudit[dask]``). ``submit``
    runs here (as SerialEngine's): what is submitted, a whole report to encode, is too big to
    be worth sending to a cluster."""

    def __init__(self, scheduler: str, rules: Rules | None = None) -> None:
        import distributed  # deferred: an optional dependency

        client_class: Any = distributed.Client  # untyped
        self.client: Any = client_class(scheduler, set_as_default=False)
        self.rules = rules
        self._scattered_rules: Any = None

    def _rules(self) -> Any:
        """The run's rules as the tasks' first argument: scattered to every worker once (a
        future), or None for the defaults."""
        if self.rules is not None and self._scattered_rules is None:
            self._scattered_rules = self.client.scatter(self.rules, broadcast=True, hash=False)
        return self._scattered_rules

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        count: int | None = None,
        done: Callable[[], None] | None = None,
    ) -> Iterator[R]:
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        yield from _windowed(
            lambda item: self.client.submit(run_with, self._rules(), func, item, pure=False),
            items,
            workers * WINDOW_PER_WORKER,
            done,
        )

    def concurrent(self, count: int | None) -> bool:
        return True

    def map_tasks(self, task: Callable[[int], R], partitions: Iterable[int]) -> Iterable[R]:
        """Each partition a task on the cluster. A ``functools.partial`` task's arguments (the
        features of every source) are scattered once to every worker, not sent per task."""
        if isinstance(task, functools.partial):
            # Scattering a list would scatter its items one by one: wrap each argument so it
            # travels as one object.
            args = [
                arg if arg is None else self.client.scatter([arg], broadcast=True, hash=False)[0]
                for arg in task.args
            ]
            futures = [
                self.client.submit(
                    run_with, self._rules(), task.func, *args, p, pure=False, **task.keywords
                )
                for p in partitions
            ]
        else:
            futures = [
                self.client.submit(run_with, self._rules(), task, p, pure=False) for p in partitions
            ]
        results = self.client.gather(futures)
        for future in futures:
            future.release()
        return list(results)

    def close(self) -> None:
        self.client.close()

    def abort(self) -> None:
        self.close()


def make_engine(
    name: str, jobs: int | None = None, scheduler: str | None = None, rules: Rules | None = None
) -> Engine:
    """The engine called ``name`` (``local`` or ``dask``), carrying ``rules`` (None: the
    defaults) to its workers."""
    if name == "dask":
        if not scheduler:
            raise ValueError("the dask engine needs a scheduler address (--scheduler)")
        return DaskEngine(scheduler, rules)
    jobs = default_jobs() if jobs is None else jobs
    return SerialEngine() if jobs <= 1 else ProcessEngine(jobs, rules)


def run_with(rules: Rules | None, func: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
    """``func(*args, **kwargs)`` under ``rules``: how a task runs on a Dask worker, whose
    threads know nothing of the run that sent it."""
    from .ruleset import using

    with using(rules):
        return func(*args, **kwargs)
