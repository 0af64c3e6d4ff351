"""Articles -> quads -> on-disk store -> export, and the export read back by other parsers."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build_store
from kg.pipeline import results_with_quads
from kg.rdf.iris import KG, OA, SCHEMA, article_graph_iri
from kg.rdf.store import export, open_store
from kg.read import iter_articles, make_article

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "seed-article.txt"
SECOND = make_article(
    "harbour-pier",
    "From the Harbour Gazette\n"
    "The harbour master said the new pier would open in May.\n"
    "\u201cWe are ready,\u201d she told reporters on Tuesday.\n",
)
FORMATS = ("turtle", "trig", "ntriples", "nquads")
RDF_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
}


def _seed():
    return list(iter_articles([SEED_ARTICLE]))


def _build(path, articles, **kw):
    summary = build_store(articles, path, **kw)
    gc.collect()  # build_store's Store is gone: the directory lock is free again
    return summary


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("store")
    _build(path, _seed() + [SECOND])
    return path


@pytest.fixture(scope="module")
def store(store_dir):
    db = open_store(store_dir, create=False, read_only=True)
    yield db
    del db
    gc.collect()


@pytest.fixture(scope="module")
def exports(store) -> dict[str, bytes]:
    out = {}
    for fmt in FORMATS:
        buf = io.BytesIO()
        export(store, buf, fmt)
        out[fmt] = buf.getvalue()
    return out


def _union_triples(db: ox.Store) -> set:
    return {(q.subject, q.predicate, q.object) for q in db}


def test_same_article_twice_gives_identical_quads(nlp):
    [(_, first)] = list(results_with_quads(_seed()))
    [(_, second)] = list(results_with_quads(_seed()))
    assert first  # not vacuous
    assert first == second  # same quads, same order: IRIs carry no run-specific part
    graph = ox.NamedNode(article_graph_iri("seed-article"))
    assert {q.graph_name for q in first} == {graph}


@pytest.mark.slow
def test_rebuild_replaces_the_article_graph(tmp_path, nlp):
    summary = _build(tmp_path, _seed())
    assert summary.articles == 1 and summary.claims > 0 and summary.quads > 0
    db = open_store(tmp_path, create=False)
    before = set(db)
    assert len(before) == summary.quads
    del db
    gc.collect()
    assert _build(tmp_path, _seed()).unchanged == 1  # same text, same extractor: skipped
    again = _build(tmp_path, _seed(), force=True)
    db = open_store(tmp_path, create=False)
    assert again.quads == summary.quads
    assert set(db) == before  # nothing duplicated, nothing left over
    del db
    gc.collect()


@pytest.mark.slow
def test_rebuild_with_changed_text_leaves_no_stale_quads(tmp_path, nlp):
    old = make_article("story", "The mayor said the bridge would close in June.\n")
    new = make_article("story", "The mayor said the tunnel would open in July.\n")
    _build(tmp_path, [old])
    _build(tmp_path, [new])
    db = open_store(tmp_path, create=False)
    texts = [str(q.object.value) for q in db if q.predicate.value == SCHEMA + "text"]
    assert texts == ["the tunnel would open in July"]
    del db
    gc.collect()


def test_two_articles_two_named_graphs(store):
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {article_graph_iri("seed-article"), article_graph_iri("harbour-pier")}
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_publishers_from_bylines(store):
    """Publishers are organisations under their canonical name (no leading "the", as when they
    are claimants); the byline's form is an alternate name."""
    rows = store.query(
        "SELECT ?id ?name ?written WHERE { GRAPH ?g { ?a schema:identifier ?id ; "
        "schema:publisher ?p . ?p schema:name ?name ; schema:alternateName ?written } } "
        "ORDER BY ?id ?name",
        prefixes={"schema": SCHEMA},
    )
    got = [(r["id"].value, r["name"].value, r["written"].value) for r in rows]
    assert got == [
        ("harbour-pier", "Harbour Gazette", "The Harbour Gazette"),
        ("seed-article", "Mail on Sunday", "The Mail on Sunday"),
        ("seed-article", "Sunday Times", "The Sunday Times"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trip(store, exports, fmt):
    fresh = ox.Store()
    fresh.load(exports[fmt], format=RDF_FORMAT[fmt])
    if fmt in ("trig", "nquads"):  # the dataset, graphs kept
        assert set(fresh) == set(store)
        assert len(fresh) == len(store)
    else:  # the union graph
        assert not list(fresh.named_graphs())
        assert _union_triples(fresh) == _union_triples(store)
        assert len(fresh) == len(_union_triples(store))


def test_turtle_parses_with_rdflib(store, exports):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=exports["turtle"].decode("utf-8"), format="turtle")
    assert len(graph) == len(_union_triples(store))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's TriG parser
def test_trig_parses_with_rdflib(store, exports):
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=exports["trig"].decode("utf-8"), format="trig")
    # len(dataset) counts a triple once even when two graphs hold it (the run and agent do)
    assert len(list(dataset.quads((None, None, None, None)))) == len(store)


def test_turtle_parses_with_rapper(exports, tmp_path):
    if shutil.which("rapper") is None:
        pytest.skip("rapper not on PATH (Debian package raptor2-utils)")
    path = tmp_path / "graph.ttl"
    path.write_bytes(exports["turtle"])
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_no_https_schema_org(exports):
    for fmt, data in exports.items():
        assert b"https://schema.org/" not in data, fmt
        assert b"http://schema.org/" in data or b"schema:" in data, fmt


SELECTORS = """
SELECT ?role ?body ?start ?end ?exact WHERE { GRAPH ?g {
    ?ann oa:hasSource ?article ; kg:role ?role ; oa:hasSelector ?pos, ?quote .
    ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
    ?article schema:articleBody ?body .
} }
"""


def _selector_mismatches(store, sentence: bool) -> tuple[int, list]:
    rows = store.query(SELECTORS, prefixes={"oa": OA, "schema": SCHEMA, "kg": KG})
    n, bad = 0, []
    for row in rows:
        if (row["role"].value == KG + "SentenceRole") != sentence:
            continue
        body = row["body"].value
        start, end = int(row["start"].value), int(row["end"].value)
        n += 1
        if body[start:end] != row["exact"].value:
            bad.append((row["role"].value, start, end, row["exact"].value[:40]))
    return n, bad


def test_text_positions_match_exact_quotes(store):
    n, bad = _selector_mismatches(store, sentence=False)
    assert n > 50  # claimant, cue, content and addressee spans of every claim
    assert bad == []


def test_sentence_positions_match_exact_quotes(store):
    n, bad = _selector_mismatches(store, sentence=True)
    assert n > 10
    assert bad == []


def test_selector_offsets_are_xsd_integer(store):
    rows = store.query(
        "SELECT DISTINCT ?dt WHERE { GRAPH ?g { ?s oa:start ?v } BIND(DATATYPE(?v) AS ?dt) }",
        prefixes={"oa": OA},
    )
    assert [r["dt"].value for r in rows] == ["http://www.w3.org/2001/XMLSchema#integer"]


def test_shacl_conforms(store):
    validate = pytest.importorskip("kg.rdf.validate")
    if not hasattr(validate, "validate_store"):
        pytest.skip("kg.rdf.validate.validate_store is not there yet")
    result = validate.validate_store(store)
    assert result.conforms, validate.format_violations(result, limit=10)


def test_shacl_catches_a_broken_graph(exports):
    """The shapes are not vacuous: a claim without text is reported."""
    validate = pytest.importorskip("kg.rdf.validate")
    if not hasattr(validate, "validate_store"):
        pytest.skip("kg.rdf.validate.validate_store is not there yet")
    db = ox.Store()
    db.load(exports["nquads"], format=ox.RdfFormat.N_QUADS)
    text = ox.NamedNode(SCHEMA + "text")
    victim = next(iter(db.quads_for_pattern(None, text, None)))
    db.remove(victim)
    result = validate.validate_store(db)
    assert not result.conforms
    assert any(
        victim.subject.value in v.focus and v.path == "schema:text" for v in result.violations
    )
