"""Worker processes for extract and build: the parse is the cost, so spread it over cores.

Chunks of articles go to workers (``kg.pipeline.work_chunk``: each worker loads the pipeline once,
parses, extracts and maps its chunk to quads, and sends back each article's result with its named
graph as N-Quads bytes; pyoxigraph terms pickle, but N-Quads is smaller and is what a Dask worker
returns too).

``--jobs N`` is N processes in all: this one and N - 1 workers. A feeder thread keeps each worker
supplied (a new chunk as soon as one comes back), and this process parses some chunks itself and,
between two of them, hands back what is done, so the caller writes while the workers parse.
With N workers besides it, this process mostly waited and then wrote while N workers parsed: one
process more than cores, and the last chunks ran on one core (README, "Throughput and scale").
Taking every chunk it could, it was the bottleneck instead: it also does what the caller does
with every chunk (the store writes). So it takes only its share (``_Balance``): the share that
makes its work, its chunks plus the caller's time for all chunks, last as long as the workers'.
Results come back in input order, and only a few chunks per process are in flight, so memory stays
bounded however long the input is (``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
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


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


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
    balance = shared.balance = _Balance(workers)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        feeder = threading.Thread(
            target=shared.feed, args=(pool, QUEUED * workers, work, args), daemon=True
        )
        feeder.start()
        try:
            while True:
                yield from balance.timed(shared.ready())
                if shared.pending() and not balance.mine():
                    yield from balance.timed(shared.ready(first=1))  # the workers' turn
                    continue
                taken = shared.take(block=False, here=True)
                if taken is FULL:  # the workers are ahead: hand back the next chunk first
                    yield from balance.timed(shared.ready(first=1))
                    continue
                if taken is None:
                    break
                index, chunk = taken
                started = time.perf_counter()
                shared.put(index, here(chunk, *args))
                balance.done_here(time.perf_counter() - started)
            yield from balance.timed(shared.ready(first=-1))
            feeder.join()
            shared.check()
        finally:
            shared.stop()
            feeder.join()


class _Balance:
    """Which chunks this process takes: the share ``f`` that ends its work with the workers'.

    Over N chunks this process spends ``f·N·here + N·caller`` (its chunks, then the caller's
    time on every chunk handed back, e.g. writing it) and the workers ``(1 - f)·N·there / W``,
    so ``f = (there/W - caller) / (here + there/W)``, from running averages of the seconds
    measured so far (wall clock, so a busy core counts as a slow one). Until both sides have
    finished a chunk this process takes what it can (the workers are still starting up)."""

    SMOOTH = 0.3  # weight of the newest measurement in each running average

    def __init__(self, workers: int):
        self.workers = workers
        self.here: float | None = None  # seconds a chunk takes in this process
        self.there: float | None = None  # seconds a chunk takes in a worker
        self.caller: float | None = None  # seconds the caller spends on a chunk handed back
        self.starting = workers  # the first chunk of each worker also loads the pipeline
        self.taken_here = 0
        self.taken = 0  # by anyone

    def _mean(self, old: float | None, new: float) -> float:
        return new if old is None else old + self.SMOOTH * (new - old)

    def done_here(self, seconds: float) -> None:
        self.here = self._mean(self.here, seconds)

    def done_there(self, seconds: float) -> None:  # called from the feeder's thread
        if self.starting:
            self.starting -= 1
            return
        self.there = self._mean(self.there, seconds)

    def counted(self, here: bool) -> None:
        self.taken += 1
        self.taken_here += here

    def share(self) -> float:
        if self.here is None or self.there is None:
            return 1.0
        there = self.there / self.workers
        caller = self.caller or 0.0
        return min(1.0, max(0.0, (there - caller) / (self.here + there)))

    def mine(self) -> bool:
        """Whether this process takes the next chunk."""
        return self.taken_here < self.share() * (self.taken + 1)

    def timed(self, results: Iterator[R]) -> Iterator[R]:
        """Hand back ``results``, timing what the caller does with each."""
        for result in results:
            started = time.perf_counter()
            yield result
            self.caller = self._mean(self.caller, time.perf_counter() - started)


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
        self.balance: _Balance | None = None

    def pending(self) -> bool:
        """Whether a chunk is out that has not been handed back."""
        with self.lock:
            return self.taken > self.handed

    def take(self, block: bool = True, here: bool = False):
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
            if self.balance is not None:
                self.balance.counted(here)
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
                    self._time(future)
                    running.add(future)
                if not running:
                    return
                _, running = wait_any(running, return_when=FIRST_COMPLETED)
        except BaseException as e:  # e.g. a worker died: the loop reports it
            with self.lock:
                self.error = e
                self.stopped = True
                self.lock.notify_all()

    def _time(self, future: Future) -> None:
        """Tell the balance how long the worker took (it starts at once: one chunk queued)."""
        if self.balance is None:
            return
        started, balance = time.perf_counter(), self.balance
        future.add_done_callback(lambda _: balance.done_there(time.perf_counter() - started))

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            self.lock.notify_all()
