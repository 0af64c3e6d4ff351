"""Readable Turtle and TriG (``kg.rdf.turtle``): deterministic, escape-free, ordered for reading,
parsed by rdflib and rapper, and read back by ``kg import`` as exactly the quads exported."""

from __future__ import annotations

import gc
import io
import re
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from conftest import build_seed_store, read_only_store

from kg.rdf.iris import DATA, KG, OA, PREFIXES, SCHEMA, XSD
from kg.rdf.rdfio import import_rdf
from kg.rdf.store import open_store
from kg.rdf.turtle import EVIDENCE_LEVELS, write_store
from kg.read import make_article

SECOND = make_article(
    "harbour-pier",
    "From the Harbour Gazette\n"
    "The harbour master said the new pier would open in May.\n"
    "\u201cWe are ready,\u201d she told reporters on Tuesday.\n",
)
CLAIM_HEAD = re.compile(r"^(claim:[0-9a-f]{16}) a schema:Claim ;$")
# the order a claim block reads in, top-down (DESIGN: claimant, cue, type, kind, content, …)
CLAIM_ORDER = [
    "schema:author",
    "kg:claimantText",
    "kg:cueText",
    "kg:cueLemma",
    "kg:claimType",
    "kg:kind",
    "schema:text",
    "schema:recipient",
    "kg:addresseeText",
    "schema:about",
    "schema:appearance",
    "kg:evidence",
]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, nlp):
    return build_seed_store(tmp_path_factory.mktemp("turtle-store"), SECOND)


@pytest.fixture(scope="module")
def store(store_dir):
    yield from read_only_store(store_dir)


def _write(db: ox.Store, fmt: str = "turtle", evidence: str = "full") -> str:
    buf = io.BytesIO()
    write_store(db, buf, fmt, evidence=evidence)
    return buf.getvalue().decode("utf-8")


@pytest.fixture(scope="module")
def outputs(store) -> dict[tuple[str, str], str]:
    return {(f, e): _write(store, f, e) for f in ("turtle", "trig") for e in EVIDENCE_LEVELS}


def _claim_blocks(text: str) -> list[list[str]]:
    """Each claim's lines: its block and its evidence nodes, up to the next blank line."""
    blocks, current = [], None
    for line in text.splitlines():
        line = line.removeprefix("    ") if line.startswith("    claim:") else line
        if CLAIM_HEAD.match(line):
            current = [line]
            blocks.append(current)
        elif current is not None and line.strip() and not line.startswith(("#", "}")):
            current.append(line)
        else:
            current = None
    return blocks


def _union(db: ox.Store) -> set:
    return {(q.subject, q.predicate, q.object) for q in db}


def test_the_same_store_gives_the_same_bytes(store, outputs):
    for (fmt, evidence), text in outputs.items():
        assert _write(store, fmt, evidence) == text, (fmt, evidence)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_export_import_export_gives_the_same_bytes(outputs, tmp_path, fmt):
    """The export is a fixed point: importing it and exporting again changes nothing."""
    path = tmp_path / f"graph.{'ttl' if fmt == 'turtle' else 'trig'}"
    path.write_text(outputs[(fmt, "full")], encoding="utf-8")
    import_rdf(path, tmp_path / "copy")
    gc.collect()
    db = open_store(tmp_path / "copy", create=False, read_only=True)
    assert _write(db, fmt) == outputs[(fmt, "full")]
    del db
    gc.collect()


def test_full_turtle_holds_exactly_the_union_and_trig_the_dataset(store, outputs):
    turtle = ox.Store()
    turtle.load(outputs[("turtle", "full")].encode(), format=ox.RdfFormat.TURTLE)
    assert _union(turtle) == _union(store) and len(turtle) == len(_union(store))
    trig = ox.Store()
    trig.load(outputs[("trig", "full")].encode(), format=ox.RdfFormat.TRIG)
    assert set(trig) == set(store)


def test_no_escapes_and_a_prefix_for_every_namespace(outputs):
    for key, text in outputs.items():
        assert "\\/" not in text, key
        body = [line for line in text.splitlines() if not line.startswith("@prefix")]
        declared = re.findall(r"^@prefix (\w+): <([^>]+)> \.$", text, re.MULTILINE)
        assert declared and all(PREFIXES[p] == ns for p, ns in declared)
        joined = "\n".join(body)
        for prefix, _ in declared:  # only the prefixes that are used
            assert re.search(rf"(?<![\w:]){prefix}:", joined), (key, prefix)
        # every IRI of a known namespace is a prefixed name, none is written whole
        for ns in {*PREFIXES.values()}:
            assert f"<{ns}" not in joined, (key, ns)
        # and no prefixed name carries a backslash escape
        assert not re.search(r"\b\w+:[\w.%-]*\\", joined.replace('\\"', "")), key


def test_lines_a_claim(outputs):
    sizes = {}
    for evidence in EVIDENCE_LEVELS:
        text = outputs[("turtle", evidence)]
        blocks = _claim_blocks(text)
        assert len(blocks) == text.count(" a schema:Claim ;")
        sizes[evidence] = len(text.splitlines()) / len(blocks)
        assert max(len(b) for b in blocks) <= 30, evidence
    assert sizes["full"] <= 30
    assert sizes["none"] < sizes["spans"] < sizes["full"]


def _first_offsets(db: ox.Store) -> dict[str, int]:
    """Each claim's first claimant/cue/content/addressee offset: its place in reading order."""
    rows = db.query(
        "SELECT ?c (MIN(?s) AS ?first) WHERE { GRAPH ?g { ?c kg:evidence ?e . "
        "?e kg:role ?r ; oa:hasSelector ?p . ?p oa:start ?s FILTER(?r != kg:SentenceRole) } } "
        "GROUP BY ?c",
        prefixes={"kg": KG, "oa": OA},
    )
    return {r["c"].value: int(r["first"].value) for r in rows}


def test_articles_then_their_claims_in_reading_order_then_entities_by_name(store, outputs):
    text = outputs[("turtle", "full")]
    lines = [line for line in text.splitlines() if line and not line.startswith("@prefix")]
    assert re.match(r"# Article harbour-pier — \d+ claims? in reading order$", lines[0])
    assert lines[1].startswith("article:harbour-pier a schema:NewsArticle ;")
    seed = lines.index(next(x for x in lines if x.startswith("# Article seed-article")))
    assert lines[seed + 1].startswith("article:seed-article a schema:NewsArticle ;")
    first = _first_offsets(store)
    heads = [CLAIM_HEAD.match(x).group(1) for x in lines[seed:] if CLAIM_HEAD.match(x)]
    offsets = [first[DATA + "claim/" + h.split(":")[1]] for h in heads]
    assert len(heads) > 15 and offsets == sorted(offsets)
    # the claims of an article come after it and before the next comment line
    end = lines.index("# Entities, by name")
    assert all(lines.index(h + " a schema:Claim ;") < end for h in heads)
    names = re.findall(r'^\S+ a \S+ ; schema:name "([^"]+)"', "\n".join(lines[end:]), re.M)
    assert len(names) > 5 and names == sorted(names, key=str.casefold)


def test_a_claim_block_reads_top_down(outputs):
    for block in _claim_blocks(outputs[("turtle", "full")]):
        claim = block[0].split()[0]
        own = [line for line in block if not line.startswith(claim + "-")]
        used = re.findall(r"(?:^|; )(\w+:\w+) ", " ".join(own))
        known = [p for p in used if p in CLAIM_ORDER]
        assert known == sorted(known, key=CLAIM_ORDER.index), block[0]
        # the evidence nodes and their selectors follow the claim, their IRIs under its own
        rest = block[len(own) :]
        assert rest and all(line.startswith(claim + "-") for line in rest)
        assert own == block[: len(own)]


def test_a_comment_line_before_each_article(outputs):
    for (fmt, _), text in outputs.items():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if re.search(r"\ba schema:NewsArticle\b", line):
                above = lines[i - 2] if fmt == "trig" else lines[i - 1]
                assert above.startswith("# Article "), (fmt, line)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's TriG parser
def test_rdflib_parses_every_level(store, outputs):
    for (fmt, evidence), text in outputs.items():
        if fmt == "turtle":
            graph = rdflib.Graph()
            graph.parse(data=text, format="turtle")
            if evidence == "full":
                assert len(graph) == len(_union(store))
        else:
            dataset = rdflib.Dataset()
            dataset.parse(data=text, format="trig")
            if evidence == "full":
                assert len(list(dataset.quads((None, None, None, None)))) == len(store)


def test_rapper_parses_every_level(outputs, tmp_path):
    if shutil.which("rapper") is None:
        pytest.skip("rapper not on PATH (Debian package raptor2-utils)")
    for (fmt, evidence), text in outputs.items():
        path = tmp_path / f"{evidence}.{fmt}"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run(
            ["rapper", "-i", fmt, "-c", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (fmt, evidence, done.stderr)


def _triples(text: str) -> set:
    parsed = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
    return {(t.subject, t.predicate, t.object) for t in parsed}


def test_evidence_levels_drop_exactly_what_they_say(outputs):
    full, spans, none = (_triples(outputs[("turtle", e)]) for e in EVIDENCE_LEVELS)
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quotes = {s for s, p, o in full if p == a and o == ox.NamedNode(OA + "TextQuoteSelector")}
    assert quotes
    assert spans == {t for t in full if t[0] not in quotes and t[2] not in quotes}
    evidence = {o for s, p, o in full if p == ox.NamedNode(KG + "evidence")}
    selectors = {o for s, p, o in full if s in evidence and p == ox.NamedNode(OA + "hasSelector")}
    gone = evidence | selectors
    assert none == {t for t in full if t[0] not in gone and t[2] not in gone}
    assert all(p != ox.NamedNode(KG + "evidence") for _, p, _ in none)


# --- the writer on hand-made data ----------------------------------------------------------------

EX = "http://example.org/"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's TriG parser
def test_odd_terms_round_trip_exactly():
    """Literals with quotes, breaks and tabs, numbers whose lexical form must survive, language
    tags, local names that would need escapes (written whole instead) and blank nodes."""
    g = _n(DATA + "graph/odd")
    claim = _n(DATA + "claim/0123456789abcdef")
    article = _n(DATA + "article/odd~1")  # '~' needs an escape in a local name: written whole
    quads = [
        (claim, _n(SCHEMA + "text"), ox.Literal('He said "no"\nthen\tleft \\ é')),
        (claim, _n(KG + "confidence"), ox.Literal("1", datatype=_n(XSD + "decimal"))),
        (claim, _n(KG + "confidence2"), ox.Literal("0.50", datatype=_n(XSD + "decimal"))),
        (claim, _n(EX + "n"), ox.Literal("007", datatype=_n(XSD + "integer"))),
        (claim, _n(EX + "flag"), ox.Literal("true", datatype=_n(XSD + "boolean"))),
        (claim, _n(EX + "when"), ox.Literal("2020-01-02", datatype=_n(XSD + "date"))),
        (claim, _n(EX + "label"), ox.Literal("Bonjour", language="fr")),
        (claim, _n(SCHEMA + "appearance"), article),
        (claim, _n(EX + "note"), ox.BlankNode("b1")),
        (ox.BlankNode("b1"), _n(EX + "says"), ox.Literal("a blank node")),
        (claim, _n(SCHEMA + "about"), _n(DATA + "org/a.b")),
        (_n(DATA + "org/a.b"), _n(SCHEMA + "name"), ox.Literal("A.B")),
        (_n(DATA + "org/x/y"), _n(SCHEMA + "name"), ox.Literal("X/Y")),
        (claim, _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), _n(SCHEMA + "Claim")),
    ]
    db = ox.Store()
    db.extend([ox.Quad(s, p, o, g) for s, p, o in quads])
    for fmt, rdf_format in (("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG)):
        text = _write(db, fmt)
        assert "\\/" not in text and "\\~" not in text
        assert f"<{DATA}article/odd~1>" in text and f"<{DATA}org/x/y>" in text
        assert "org:a.b" in text and "claim:0123456789abcdef a schema:Claim ;" in text
        back = ox.Store()
        back.load(text.encode(), format=rdf_format)
        assert _canonical(back, fmt) == _canonical(db, fmt)  # the same up to blank node names
        assert _write(db, fmt) == text
        rdflib.Dataset().parse(data=text, format=fmt)
    text = _write(db)
    # the store keeps canonical forms ("0.5", "7"); "1" is no bare decimal, so it keeps its type
    assert '"1"^^xsd:decimal' in text and "kg:confidence2 0.5" in text and "> 7" in text
    assert "# Claims whose article is not in this graph: 1" in text


def _canonical(db: ox.Store, fmt: str) -> set:
    quads = list(db)
    if fmt == "turtle":  # the union: graph names dropped
        quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def test_an_empty_store_writes_nothing():
    assert _write(ox.Store()) == "" and _write(ox.Store(), "trig") == ""


def test_unknown_evidence_level_is_refused():
    with pytest.raises(ValueError, match="evidence must be one of full, spans, none"):
        _write(ox.Store(), "turtle", "some")
