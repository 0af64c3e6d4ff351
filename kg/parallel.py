"""Worker processes for extract and build: the parse is the cost, so spread it over cores.

Chunks of articles go to workers (``kg.pipeline.work_chunk``: each worker loads the pipeline once,
parses, extracts and maps its chunk to quads, and sends back each article's result with its named
graph as N-Quads bytes; pyoxigraph terms pickle, but N-Quads is smaller and is what a Dask worker
returns too).

``--jobs N`` is N processes in all: this one and N - 1 workers. A feeder thread keeps each worker
supplied (a new chunk as soon as one comes back), and this process parses the other chunks itself
and, between two of them, hands back what is done, so the caller writes while the workers parse.
With N workers besides it, this process mostly waited and then wrote while N workers parsed: one
process more than cores, and the last chunks ran on one core (README, "Throughput and scale").
Results come back in input order, and only a few chunks per process are in flight, so memory stays
bounded however long the input is (``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_any
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

QUEUED = 1  # chunks per worker: the feeder sends the next as soon as one is back, so the last
# chunks of the input end together (with one more queued, a worker's queue was the tail)
AHEAD = 4  # chunks per process taken but not yet handed back, at most
FULL = object()
# Linux: workers are forked, so each starts with what this process has loaded (the caller loads
# the pipeline and models first, ``forks``) instead of importing spaCy and loading them again,
# ~1.3 CPU-s and ~1.5 s before its first chunk; elsewhere (macOS, Windows) they are spawned.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


def forks() -> bool:
    """Whether workers start as copies of this process (load before ``map_in_processes``)."""
    return START_METHOD == "fork"


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def tapered(items: Iterable[T], size: int, tail: int) -> Iterator[list[T]]:
    """Chunks of ``size``, but the last ``tail`` items (or fewer) in chunks a quarter as big:
    processes that take chunks as they come free end within a small chunk of each other,
    not a whole one (the input is read ``size + tail`` items ahead to see its end coming)."""
    it = iter(items)
    ahead = list(islice(it, size + tail))
    while len(ahead) > size + tail - 1:
        yield ahead[:size]
        ahead = ahead[size:] + list(islice(it, size))
    small = max(1, size // 4)
    for k in range(0, len(ahead), small):
        yield ahead[k : k + small]


def map_in_processes(
    work: Callable[..., R],
    todo: Iterable[list[T]],
    jobs: int,
    *args,
    local: Callable[..., R] | None = None,
) -> Iterator[R]:
    """``work(chunk, *args)`` for each chunk, in ``jobs`` processes (this one and ``jobs - 1``
    workers), in input order; this process runs ``local`` instead when given (the same result
    in another form, e.g. without serialising what only had to cross to this process)."""
    here = local or work
    workers = max(1, jobs - 1)
    shared = _Shared(todo, AHEAD * jobs)
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "fork":  # a child must not write this process's buffered output again
        sys.stdout.flush()
        sys.stderr.flush()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pool.submit(int)  # start the workers now, from this thread (fork: before the feeder's)
        feeder = threading.Thread(
            target=shared.feed, args=(pool, QUEUED * workers, work, args), daemon=True
        )
        feeder.start()
        try:
            while True:
                yield from shared.ready()
                taken = shared.take(block=False)
                if taken is FULL:  # the workers are ahead: hand back the next chunk first
                    yield from shared.ready(first=1)
                    continue
                if taken is None:
                    break
                index, chunk = taken
                shared.put(index, here(chunk, *args))
            yield from shared.ready(first=-1)
            feeder.join()
            shared.check()
        finally:
            shared.stop()
            feeder.join()


class _Shared:
    """The input and the results, shared by this process's loop and the feeder thread."""

    def __init__(self, todo: Iterable, limit: int):
        self.todo = enumerate(todo)
        self.limit = limit  # chunks taken and not yet handed back
        self.lock = threading.Condition()
        self.results: dict[int, Future] = {}
        self.taken = 0  # chunks taken from the input
        self.handed = 0  # chunks handed back (the next one to hand back)
        self.stopped = False
        self.error: BaseException | None = None

    def take(self, block: bool = True):
        """The next chunk as (index, chunk), or None at the end of the input (or once stopped).
        While ``limit`` chunks are out it waits (``block``) or returns ``FULL``: memory stays
        bounded whoever is slow."""
        with self.lock:
            while not self.stopped and self.taken - self.handed >= self.limit:
                if not block:
                    return FULL
                self.lock.wait()
            if self.stopped:
                return None
            item = next(self.todo, None)
            if item is None:
                self.stopped = True
                self.lock.notify_all()
                return None
            self.taken += 1
            self.results[item[0]] = Future()  # a place in the order, filled when done
            return item

    def put(self, index: int, value) -> None:
        with self.lock:
            self.results[index].set_result(value)
            self.lock.notify_all()

    def attach(self, index: int, future: Future) -> None:
        """The worker's future stands for chunk ``index`` (its place keeps the order)."""
        place = self.results[index]

        def done(f: Future) -> None:
            with self.lock:
                if f.cancelled():
                    place.cancel()
                elif f.exception() is not None:
                    place.set_exception(f.exception())
                else:
                    place.set_result(f.result())
                self.lock.notify_all()

        future.add_done_callback(done)

    def ready(self, first: int = 0) -> Iterator:
        """The results that are done, in input order; the ``first`` of them (-1: all) are
        waited for."""
        while True:
            with self.lock:
                place = self.results.get(self.handed)
                if place is None:
                    return
                if not place.done():
                    if first == 0:
                        return
                    self.lock.wait_for(place.done)
                if first > 0:
                    first -= 1
                del self.results[self.handed]
                self.handed += 1
                self.lock.notify_all()
            yield place.result()

    def feed(self, pool: ProcessPoolExecutor, queued: int, work: Callable, args: tuple) -> None:
        """Keep ``queued`` chunks at the workers until the input ends (runs in a thread)."""
        running: set[Future] = set()
        try:
            while True:
                while len(running) < queued:
                    taken = self.take()
                    if taken is None:
                        break
                    try:
                        future = pool.submit(work, taken[1], *args)
                    except BaseException as e:  # the pool is broken: the chunk's place says so
                        with self.lock:
                            self.results[taken[0]].set_exception(e)
                            self.lock.notify_all()
                        raise
                    self.attach(taken[0], future)
                    running.add(future)
                if not running:
                    return
                _, running = wait_any(running, return_when=FIRST_COMPLETED)
        except BaseException as e:  # e.g. a worker died: the loop reports it
            with self.lock:
                self.error = e
                self.stopped = True
                self.lock.notify_all()

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            self.lock.notify_all()
