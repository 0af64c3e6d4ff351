"""The subject–claim–source view (``kg export --view triples``, ``queries/claim-triples.rq``): one
plain triple per claim, linked back to its claim, joining the full graph, with shapes of its own."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from conftest import build_seed_store, read_only_store
from typer.testing import CliRunner

from kg.rdf.iris import DATA, KG, RDF, SCHEMA
from kg.rdf.simple import (
    PREDICATES,
    REIFIES,
    classic_reification,
    edges,
    rdf12_reifiers,
    validate_view,
    view_triples,
    write_view,
)
from kg.ui.cli import app

runner = CliRunner()
TOLD_TO = ox.NamedNode(KG + "toldTo")
HOME_OFFICE = ox.NamedNode(DATA + "org/home-office")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, nlp):
    return build_seed_store(tmp_path_factory.mktemp("view-store"))


@pytest.fixture(scope="module")
def store(store_dir):
    yield from read_only_store(store_dir)


@pytest.fixture(scope="module")
def view(store) -> list[ox.Triple]:
    return view_triples(store)


def _write(triples, rdf12: bool = False) -> str:
    buf = io.BytesIO()
    write_view(triples, buf, rdf12=rdf12)
    return buf.getvalue().decode("utf-8")


def _entity_named(store: ox.Store, name: str) -> ox.NamedNode:
    rows = store.query(
        "SELECT DISTINCT ?e ?name WHERE { GRAPH ?g { ?e schema:name ?name } }",
        prefixes={"schema": SCHEMA},
        substitutions={ox.Variable("name"): ox.Literal(name)},
    )
    (row,) = list(rows)
    return row["e"]


def _claims(store: ox.Store) -> set[ox.NamedNode]:
    rows = store.query(
        "SELECT ?c WHERE { GRAPH ?g { ?c a schema:Claim ; schema:author ?a } }",
        prefixes={"schema": SCHEMA},
    )
    return {r["c"] for r in rows}


def test_one_triple_per_claim_each_linked_to_its_claim(store, view):
    found, _ = edges(view)
    claims = _claims(store)
    assert len(claims) > 15
    assert sorted(str(e.claim) for e in found) == sorted(str(c) for c in claims)
    simple = {(t.subject, t.predicate, t.object) for t in view if t.predicate in PREDICATES}
    assert {(e.subject, e.predicate, e.object) for e in found} == simple


def test_the_mentor_told_the_home_office(store, view):
    mentor = _entity_named(store, "the mentor")
    assert ox.Triple(mentor, TOLD_TO, HOME_OFFICE) in view
    assert ox.Triple(HOME_OFFICE, TOLD_TO, mentor) in view  # advised him against speaking


def test_entities_keep_their_iris_so_the_view_joins_the_full_graph(store, view):
    found, names = edges(view)
    full = {(q.subject, q.predicate, q.object) for q in store}
    name = ox.NamedNode(SCHEMA + "name")
    for e in found:
        author = ox.NamedNode(SCHEMA + "author")
        assert (e.claim, author, e.subject) in full
        if e.predicate == TOLD_TO:
            assert (e.claim, ox.NamedNode(SCHEMA + "recipient"), e.object) in full
        else:
            assert (e.claim, ox.NamedNode(SCHEMA + "text"), e.object) in full
    for entity, label in names.items():
        assert (entity, name, ox.Literal(label)) in full


def _claim_quads(cid: str, *, lemma: str, claim_type: str | None = None, to: bool = False):
    g = ox.NamedNode(DATA + "graph/a")
    c = ox.NamedNode(DATA + "claim/" + cid)
    who = ox.NamedNode(DATA + "person/jane-doe")
    quads = [
        (c, ox.NamedNode(RDF + "type"), ox.NamedNode(SCHEMA + "Claim")),
        (c, ox.NamedNode(SCHEMA + "author"), who),
        (who, ox.NamedNode(SCHEMA + "name"), ox.Literal("Jane Doe")),
        (c, ox.NamedNode(SCHEMA + "text"), ox.Literal(f"content of {cid}")),
        (c, ox.NamedNode(KG + "cueLemma"), ox.Literal(lemma)),
    ]
    if claim_type:
        quads.append((c, ox.NamedNode(KG + "claimType"), ox.NamedNode(KG + claim_type)))
    if to:
        council = ox.NamedNode(DATA + "org/council")
        quads += [
            (c, ox.NamedNode(SCHEMA + "recipient"), council),
            (council, ox.NamedNode(SCHEMA + "name"), ox.Literal("Council")),
        ]
    return [ox.Quad(s, p, o, g) for s, p, o in quads]


@pytest.mark.parametrize(
    "lemma, claim_type, to, expected",
    [
        ("say", None, False, "stated"),
        ("think", None, False, "believes"),  # no type yet: the cue lemma decides
        ("learn", None, False, "knows"),
        ("want", None, False, "intends"),
        ("think", "Statement", False, "stated"),  # the claim's type wins over the lemma
        ("say", "Belief", False, "believes"),
        ("say", "Knowledge", False, "knows"),
        ("say", "Intention", False, "intends"),
        ("say", "Statement", True, "toldTo"),  # an addressee makes it toldTo
        ("want", "Intention", True, "toldTo"),
    ],
)
def test_the_predicate_follows_addressee_then_type(lemma, claim_type, to, expected):
    db = ox.Store()
    db.extend(_claim_quads("c1", lemma=lemma, claim_type=claim_type, to=to))
    found, _ = edges(view_triples(db))
    assert [e.predicate.value for e in found] == [KG + expected]
    assert validate_view(view_triples(db)).conforms


def test_the_view_conforms_to_its_shapes_in_both_forms(view):
    result = validate_view(view)
    assert result.conforms and result.violations == []
    rdf12 = list(ox.parse(_write(view, rdf12=True).encode(), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate == REIFIES for t in rdf12)
    assert validate_view(rdf12).conforms
    assert validate_view(rdf12_reifiers(view)).conforms


def _violations(triples) -> set[str]:
    result = validate_view(triples)
    assert not result.conforms
    return {v.message for v in result.violations}


def test_the_shapes_catch_a_broken_view(view):
    found, _ = edges(view)
    first = found[0]
    unreified = [
        t for t in view if not (t.subject == first.claim and t.predicate.value == RDF + "object")
    ]
    if sum(e.subject == first.subject and e.object == first.object for e in found) == 1:
        assert any("no claim reifies" in m for m in _violations(unreified))
    foreign = view + [ox.Triple(first.subject, ox.NamedNode(SCHEMA + "about"), HOME_OFFICE)]
    assert any("closed" in m.lower() or "schema:about" in m for m in _violations(foreign))
    wrong = [
        ox.Triple(t.subject, t.predicate, ox.NamedNode(SCHEMA + "about"))
        if t.subject == first.claim and t.predicate.value == RDF + "predicate"
        else t
        for t in view
    ]
    assert _violations(wrong)
    nameless = [
        t for t in view if not (t.subject == first.subject and t.predicate.value == SCHEMA + "name")
    ]
    assert _violations(nameless)


def test_written_view_is_deterministic_readable_and_parses(view, tmp_path):
    plain, rdf12 = _write(view), _write(view, rdf12=True)
    assert plain == _write(list(reversed(view))) and rdf12 == _write(list(reversed(view)), True)
    body = "\n".join(x for x in (plain + rdf12).splitlines() if not x.startswith("@prefix"))
    assert "\\/" not in body and "<https://w3id.org/" not in body
    assert " ~ claim:" in rdf12 and " ~ " not in plain.replace('"', "").split("@prefix")[-1]
    assert re.search(r"^# the mentor$", plain, re.M)
    graph = rdflib.Graph().parse(data=plain, format="turtle")
    assert len(graph) == len(set(view))
    # the RDF 1.2 form says the same: the same triples once reifiers become reification
    back = list(ox.parse(rdf12.encode(), format=ox.RdfFormat.TURTLE))
    assert set(classic_reification(back)) == set(view)
    if shutil.which("rapper") is not None:
        path = tmp_path / "simple.ttl"
        path.write_text(plain, encoding="utf-8")
        done = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True)
        assert done.returncode == 0, done.stderr


def test_one_line_a_simple_triple(view):
    found, _ = edges(view)
    rdf12 = _write(view, rdf12=True)
    simple_lines = [x for x in rdf12.splitlines() if " ~ claim:" in x]
    assert sum(line.count(" ~ ") for line in simple_lines) == len(found)


def test_cli_export_and_validate_the_view(store_dir, tmp_path):
    out = tmp_path / "simple.ttl"
    done = runner.invoke(
        app, ["export", "--view", "triples", "--store", str(store_dir), "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert "kg:toldTo org:home-office" in out.read_text(encoding="utf-8")
    done = runner.invoke(app, ["validate", "--view", "triples", str(out)])
    assert done.exit_code == 0 and "conforms" in done.output
    out12 = tmp_path / "simple12.ttl"
    args = ["export", "--view", "triples", "--rdf12", "--store", str(store_dir), "-o", str(out12)]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, ["validate", "--view", "triples", str(out12)]).exit_code == 0
    done = runner.invoke(app, ["validate", "--view", "triples", "--store", str(store_dir)])
    assert done.exit_code == 0
    nt = runner.invoke(
        app, ["export", "--view", "triples", "--rdf12", "-f", "ntriples", "--store", str(store_dir)]
    )
    assert nt.exit_code == 0 and "<< (" not in nt.stdout and "<<( " in nt.stdout
    # the full graph does not pass as a simple view
    full = tmp_path / "graph.ttl"
    assert runner.invoke(app, ["export", "--store", str(store_dir), "-o", str(full)]).exit_code == 0
    assert runner.invoke(app, ["validate", "--view", "triples", str(full)]).exit_code == 1


@pytest.mark.parametrize(
    "args, hint",
    [
        (["--view", "triples", "-f", "trig"], "--format"),
        (["--rdf12"], "--rdf12"),
        (["--view", "graph"], "--view"),
        (["--view", "triples", "--evidence", "none"], "--evidence"),
    ],
)
def test_cli_refuses_what_the_view_cannot_do(store_dir, args, hint):
    done = runner.invoke(app, ["export", "--store", str(store_dir), *args])
    assert done.exit_code == 2 and hint in done.output


def test_the_saved_query_gives_the_view_and_its_turtle_is_laid_out_too(store_dir, view):
    done = runner.invoke(
        app, ["query", "claim-triples", "--store", str(store_dir), "--format", "turtle"]
    )
    assert done.exit_code == 0, done.output
    assert "\t" not in done.stdout and "\\/" not in done.stdout
    declared = re.findall(r"^@prefix (\w+):", done.stdout, re.M)
    assert "dcterms" not in declared and {"kg", "claim", "rdf"} <= set(declared)
    parsed = ox.parse(done.stdout.encode(), format=ox.RdfFormat.TURTLE)
    assert {ox.Triple(t.subject, t.predicate, t.object) for t in parsed} == set(view)
