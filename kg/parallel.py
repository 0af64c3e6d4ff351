"""Worker processes for extract and build: the parse is the cost, so spread it over cores.

Chunks of articles go to workers (``kg.pipeline.work_chunk``: each worker loads the pipeline once,
parses, extracts and maps its chunk to quads, and sends back each article's result with its named
graph as N-Quads bytes; pyoxigraph terms pickle, but N-Quads is smaller and is what a Dask worker
returns too). Results come back in input order, and at most ``2 × jobs`` chunks are in flight, so
memory stays bounded however long the input is (``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def map_in_processes(
    work: Callable[..., R], todo: Iterable[list[T]], jobs: int, *args
) -> Iterator[R]:
    """``work(chunk, *args)`` for each chunk, in ``jobs`` worker processes, in input order."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[Future] = deque()
        for chunk in todo:
            pending.append(pool.submit(work, chunk, *args))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
