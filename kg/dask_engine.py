"""Extraction over a Dask cluster: article chunks go to workers, N-Quads come back.

The parse is the cost and articles are independent, so a cluster scales it: each worker loads the
pipeline once, processes a chunk of articles (``kg.pipeline.work_chunk``) and returns each
article's result with its named graph as N-Quads. IRIs are deterministic and each article is its
own named graph, so results can arrive in any order and shards merge without coordination; the
client writes them into the store. At most ``2 × workers`` chunks are in flight, so the input is
streamed, not loaded. Needs ``pip install 'claimgraph[dask]'`` on the client and the workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from kg.errors import KgError

T = TypeVar("T")
R = TypeVar("R")


def map_on_dask(
    work: Callable[..., R], todo: Iterable[list[T]], scheduler, *args
) -> Iterator[R]:
    """``work(chunk, *args)`` for each chunk on the cluster at ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``, or a ``distributed.Client``); in completion order."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise KgError(
            "--engine dask needs Dask distributed; install it with pip install 'claimgraph[dask]'"
        ) from None
    own = isinstance(scheduler, str)
    try:
        client = Client(scheduler, timeout="30s") if own else scheduler
    except OSError as e:
        raise KgError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        todo = iter(todo)
        running = as_completed()
        for chunk in (c for _, c in zip(range(2 * workers), todo, strict=False)):
            running.add(client.submit(work, chunk, *args, pure=False))
        for future in running:
            done = future.result()
            future.release()
            following = next(todo, None)
            if following is not None:
                running.add(client.submit(work, following, *args, pure=False))
            yield done
    finally:
        if own:
            client.close()
