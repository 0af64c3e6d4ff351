"""Incremental builds: an unchanged article is skipped, a changed one (text, metadata, aliases
or extractor) is re-extracted, --force re-extracts all, and the store always equals a clean
build's (each graph holds its own input digest)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.build import build_store
from kg.pipeline import Settings, settings_version
from kg.read import iter_articles
from kg.resolve.aliases import load_aliases
from kg.types import Article
from kg.version import article_digest, extractor_version

TEXTS = {
    "a1": "Ann Lee said that the bridge would reopen in May.",
    "a2": "“We are ready,” the mayor told reporters on Tuesday.",
    "a3": "According to the council, the budget for school meals has doubled.",
}


def _write(path: Path, texts: dict[str, str], titles: dict[str, str] | None = None) -> Path:
    lines = [
        json.dumps({"id": k, "text": v, **({"title": titles[k]} if titles and k in titles else {})})
        for k, v in texts.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _quads(store_dir: Path) -> set[str]:
    store = ox.Store.read_only(str(store_dir))
    out = {str(q) for q in store}
    del store
    return out


def _build(corpus: Path, store: Path, **kw):
    return build_store(iter_articles([corpus]), store, **kw)


def test_unchanged_articles_are_skipped_and_changed_ones_rebuilt(tmp_path, nlp):
    corpus = _write(tmp_path / "in.jsonl", TEXTS)
    store = tmp_path / "store"
    first = _build(corpus, store)
    assert (first.articles, first.unchanged) == (3, 0)
    built = _quads(store)

    again = _build(corpus, store)
    assert (again.articles, again.unchanged, again.claims) == (0, 3, 0)
    assert _quads(store) == built

    changed = dict(TEXTS, a2="“We are not ready,” the mayor told reporters on Tuesday.")
    third = _build(_write(tmp_path / "in.jsonl", changed, {"a3": "Meals"}), store)
    assert (third.articles, third.unchanged) == (2, 1)  # a2's text and a3's title changed

    clean = tmp_path / "clean"
    _build(tmp_path / "in.jsonl", clean)
    assert _quads(store) == _quads(clean)

    forced = _build(tmp_path / "in.jsonl", store, force=True)
    assert (forced.articles, forced.unchanged) == (3, 0)
    assert _quads(store) == _quads(clean)


def test_the_digest_covers_text_metadata_and_extractor():
    article = Article(id="x", text="Ann said so.", title="T")
    base = article_digest(article, "v1")
    assert article_digest(Article(id="x", text="Ann said so.", title="T", origin="b"), "v1") == base
    assert article_digest(Article(id="x", text="Ann said no.", title="T"), "v1") != base
    assert article_digest(Article(id="x", text="Ann said so.", title="U"), "v1") != base
    assert article_digest(Article(id="x", text="Ann said so.", title="T"), "v2") != base
    pipeline = "en_core_web_sm 3.8.0"
    assert extractor_version(pipeline) != extractor_version(pipeline, b"Ann Lee: [Lee]\n")
    assert extractor_version(pipeline) != extractor_version("en_core_web_sm 3.8.1")


def test_a_changed_alias_table_rebuilds(tmp_path, nlp):
    corpus = _write(tmp_path / "in.jsonl", TEXTS)
    store = tmp_path / "store"
    _build(corpus, store)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("Ann Lee: [A. Lee]\n", encoding="utf-8")
    table = load_aliases(aliases)
    assert settings_version(Settings(aliases=table)) != settings_version(Settings())
    summary = _build(corpus, store, aliases=table)
    assert summary.unchanged == 0 and summary.articles == 3


def test_the_digest_is_inside_each_article_graph(tmp_path, nlp):
    corpus = _write(tmp_path / "in.jsonl", TEXTS)
    store = tmp_path / "store"
    _build(corpus, store)
    s = ox.Store.read_only(str(store))
    rows = list(
        s.query(
            "SELECT ?g ?d WHERE { GRAPH ?g { ?g <https://w3id.org/claimgraph/ns#inputDigest> ?d } }"
        )
    )
    assert len(rows) == 3
    assert all(len(r["d"].value) == 16 for r in rows)
