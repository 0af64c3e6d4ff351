"""Build a store from articles: extract, map to quads, write a chunk of articles in one go."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.parse import BATCH_SIZE
from kg.pipeline import Extractor, Settings, graph_chunks, settings_version
from kg.rdf.graph import Shipped, entity_iris, parse_nquads, to_nquads
from kg.rdf.iris import article_graph_iri
from kg.rdf.store import article_digests, digest_quad
from kg.resolve.aliases import AliasTable
from kg.types import Article, ArticleResult
from kg.version import article_digest

# Articles between flushes: pyoxigraph keeps written data in memory until a flush (measured:
# ~700 MB after 700k quads without, a flat ~100 MB flushing every 50 articles, and less CPU).
FLUSH_EVERY = 64


@dataclass
class BuildSummary:
    articles: int = 0
    claims: int = 0
    entities: int = 0
    quads: int = 0
    unchanged: int = 0  # articles skipped: same input, same extractor as the graph in the store
    merged: int = 0  # entities merged into another across articles (kg.resolve.entities)


def build_store(
    articles: Iterable[Article],
    path: Path,
    *,
    model: str | None = None,
    aliases: AliasTable | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
    scheduler=None,
    progress: Callable[[ArticleResult], None] | None = None,
    validate: bool = False,
    force: bool = False,
    on_unchanged: Callable[[Article], None] | None = None,
) -> BuildSummary:
    """Write articles into the store at ``path``; an article already there is replaced.

    Incremental: each graph holds a digest of its article (text, metadata) and of the extractor
    (``kg.version``); an article whose digest is already in the store is skipped (counted as
    ``unchanged``, reported to ``on_unchanged``) unless ``force``. Since each chunk of articles
    is written atomically with their digests (``kg.rdf.store.write_graphs``), a build that was
    interrupted resumes where it stopped.

    ``progress`` is called with each article's result once it is stored (e.g. to advance a bar).
    ``validate`` (or ``$KG_VALIDATE_BUILD=1``) checks each article's graph against the SHACL shapes
    before it is written and stops with the violations if it does not conform.
    """
    from kg.rdf.lock import writer_lock
    from kg.rdf.store import open_store, write_graphs
    from kg.rdf.validate import VALIDATE_ENV, check_quads
    from kg.resolve.entities import consolidate_store

    validate = validate or os.environ.get(VALIDATE_ENV) == "1"

    summary = BuildSummary()
    entities: set[str] = set()
    version = settings_version(Settings(model, aliases))
    with writer_lock(Path(path)):  # one kg writer, and no kg reader while it writes
        store = open_store(path)
        built = {} if force else article_digests(store)
        digests: dict[str, str] = {}  # article id -> the digest its graph will hold
        todo = _changed(articles, built, version, digests, summary, on_unchanged)
        try:
            for chunk in graph_chunks(
                todo,
                model=model,
                aliases=aliases,
                batch_size=batch_size,
                jobs=jobs,
                scheduler=scheduler,
            ):
                graphs = [_with_digest(r, g, digests.pop(r.article.id)) for r, g in chunk]
                if validate:
                    for (result, _), (_, data, _, _) in zip(chunk, graphs, strict=True):
                        quads = data if isinstance(data, list) else list(parse_nquads(data))
                        check_quads(quads, f"the graph of article {result.article.id!r}")
                write_graphs(store, [(graph, data) for graph, data, _, _ in graphs])  # atomic
                before = summary.articles
                for (result, _), (_, _, size, typed) in zip(chunk, graphs, strict=True):
                    summary.articles += 1
                    summary.claims += len(result.claims)
                    summary.quads += size
                    entities.update(typed)  # as kg stats counts them
                    if progress is not None:
                        progress(result)
                if summary.articles // FLUSH_EVERY > before // FLUSH_EVERY:
                    store.flush()  # else the store's write buffers grow with the whole build
        except KeyboardInterrupt:
            store.flush()
            raise KeyboardInterrupt(
                f"{summary.articles} articles were written, each complete; "
                "run the same build again to finish"
            ) from None
        store.flush()
        # one entity per person across the whole store, now that every article is in
        summary.merged = len(consolidate_store(store).merges)
        store.flush()
    summary.entities = len(entities)
    return summary


def _with_digest(
    result: ArticleResult, graph: list | Shipped, digest: str
) -> tuple[str, list | bytes, int, frozenset[str] | set[str]]:
    """The article's graph IRI, its graph with the digest quad (quads, or N-Quads as a worker
    sent them: bulk-loaded as they are), its quad count and the entities it types."""
    iri = article_graph_iri(result.article.id)
    stamp = digest_quad(iri, digest)
    if isinstance(graph, Shipped):  # N-Quads: one quad a line (newlines in literals are escaped)
        data = graph.nquads + to_nquads([stamp])
        return iri, data, data.count(b"\n"), graph.entities
    quads = [*graph, stamp]
    return iri, quads, len(quads), entity_iris(quads)


def _changed(
    articles: Iterable[Article],
    built: dict[str, str],
    version: str,
    digests: dict[str, str],
    summary: BuildSummary,
    on_unchanged: Callable[[Article], None] | None,
) -> Iterator[Article]:
    """The articles whose digest (input and extractor) is not the one their graph in the store
    holds; the others are counted as unchanged. ``digests`` gets the new digest of each."""
    for article in articles:
        digest = article_digest(article, version)
        if built.get(article_graph_iri(article.id)) == digest:
            summary.unchanged += 1
            if on_unchanged is not None:
                on_unchanged(article)
            continue
        digests[article.id] = digest
        yield article


def results_to_turtle(
    results: Iterable[ArticleResult],
    out: BinaryIO,
    *,
    model: str | None = None,
    aliases: AliasTable | None = None,
) -> None:
    """Serialise already extracted results as Turtle (the union of their graphs)."""
    from kg.rdf.store import export, scratch_store
    from kg.rdf.validate import VALIDATE_ENV, check_quads
    from kg.resolve.entities import consolidate_store

    extractor = Extractor.load(Settings(model, aliases))
    store = scratch_store(q for result in results for q in extractor.quads(result))
    consolidate_store(store)  # the same entities as a store built from these articles
    if os.environ.get(VALIDATE_ENV) == "1":
        check_quads(list(store), "the extracted graph")
    export(store, out, "turtle")
