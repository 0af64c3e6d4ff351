"""Build a store from articles: extract, map to quads, write each article in one go."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.extract import load_lexicon
from kg.graph import article_quads
from kg.iris import article_graph_iri
from kg.parse import load_pipeline, parse_articles, pipeline_description
from kg.pipeline import extract_docs
from kg.types import Article, ArticleResult


@dataclass
class BuildSummary:
    articles: int = 0
    claims: int = 0
    entities: int = 0
    quads: int = 0


def results_with_quads(
    articles: Iterable[Article], *, model: str | None = None
) -> Iterator[tuple[ArticleResult, list]]:
    """Each article's extraction result with its quads (its named graph)."""
    nlp = load_pipeline(model)
    lexicon = load_lexicon()
    pipeline = pipeline_description(nlp)
    for result in extract_docs(parse_articles(articles, nlp), lexicon):
        yield result, article_quads(result, pipeline=pipeline, rules_version=lexicon.version)


def build_store(
    articles: Iterable[Article], path: Path, *, model: str | None = None
) -> BuildSummary:
    """Write articles into the store at ``path``; an article already there is replaced."""
    from kg.store import open_store, replace_graph

    store = open_store(path)
    summary = BuildSummary()
    entities: set[str] = set()
    for result, quads in results_with_quads(articles, model=model):
        replace_graph(store, article_graph_iri(result.article.id), quads)
        summary.articles += 1
        summary.claims += len(result.claims)
        summary.quads += len(quads)
        entities.update(e.key for e in result.entities)
    store.flush()
    summary.entities = len(entities)
    return summary


def results_to_turtle(
    results: Iterable[ArticleResult], out: BinaryIO, *, model: str | None = None
) -> None:
    """Serialise already extracted results as Turtle (the union of their graphs)."""
    from pyoxigraph import Store

    from kg.store import export

    nlp = load_pipeline(model)
    lexicon = load_lexicon()
    pipeline = pipeline_description(nlp)
    store = Store()
    for result in results:
        store.extend(article_quads(result, pipeline=pipeline, rules_version=lexicon.version))
    export(store, out, "turtle")
