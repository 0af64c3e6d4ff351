"""Worker processes for extract and build: the parse is the cost, so spread it over cores.

Articles go to workers in chunks; each worker loads the pipeline once, parses, extracts and maps
its chunk to quads, and sends back each article's result with its named graph as N-Quads bytes
(pyoxigraph terms pickle, but N-Quads is smaller and is what a Dask worker returns too). Results
come back in input order, and at most ``2 × jobs`` chunks are in flight, so memory stays bounded
however long the input is (``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from kg.types import Article, ArticleResult

CHUNK = 16  # articles per task: one nlp.pipe batch (kg.parse.BATCH_SIZE)

_worker: dict = {}


def _init(model: str | None, batch_size: int) -> None:
    from kg.build import current_extractor
    from kg.extract import load_lexicon
    from kg.parse import load_pipeline, pipeline_description

    nlp = load_pipeline(model)
    lexicon = load_lexicon()
    _worker.update(
        nlp=nlp,
        lexicon=lexicon,
        batch_size=batch_size,
        pipeline=pipeline_description(nlp),
        version=current_extractor(model),
    )


def process_chunk(
    articles: list[Article], with_quads: bool = True
) -> list[tuple[ArticleResult, bytes]]:
    """Parse, extract and map one chunk (in a worker); N-Quads bytes per article, or b""."""
    from pyoxigraph import RdfFormat, serialize

    from kg.parse import parse_articles
    from kg.pipeline import extract_docs
    from kg.rdf.graph import article_quads

    if not _worker:
        _init(None, CHUNK)
    w = _worker
    out = []
    pairs = parse_articles(articles, w["nlp"], batch_size=w["batch_size"])
    for result in extract_docs(pairs, w["lexicon"]):
        data = b""
        if with_quads:
            quads = article_quads(
                result, pipeline=w["pipeline"], rules_version=w["version"]
            )
            data = serialize(quads, format=RdfFormat.N_QUADS) or b""
        out.append((result, data))
    return out


def chunks(articles: Iterable[Article], size: int = CHUNK) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def parallel_results(
    articles: Iterable[Article],
    *,
    jobs: int,
    model: str | None = None,
    batch_size: int = CHUNK,
    with_quads: bool = True,
    chunk_size: int = CHUNK,
) -> Iterator[tuple[ArticleResult, bytes]]:
    """Each article's result and N-Quads, computed by ``jobs`` worker processes, in input order."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init,
        initargs=(model, min(batch_size, chunk_size)),
    ) as pool:
        pending: deque[Future] = deque()
        for chunk in chunks(articles, chunk_size):
            pending.append(pool.submit(process_chunk, chunk, with_quads))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
