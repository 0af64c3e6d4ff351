"""The vocabulary (ontology/kg.ttl) and the SHACL shapes (ontology/shapes.ttl) with pySHACL."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS
from sample_graph import build_trig, iri, make_store

from kg.rdf.validate import (
    ValidationResult,
    format_violations,
    validate_file,
    validate_graph,
    validate_nquads,
    validate_store,
)
from kg.resources import ontology_dir, queries_dir

KG = rdflib.Namespace("https://w3id.org/claimgraph/ns#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("http://schema.org/")
KG_TERM = re.compile(r"\bkg:([A-Za-z_][\w]*)")


@pytest.fixture(scope="module")
def vocab() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def defined(vocab: rdflib.Graph) -> set[str]:
    return {
        str(s)[len(str(KG)) :]
        for s in vocab.subjects(RDFS.label, None)
        if str(s).startswith(str(KG)) and vocab.value(s, RDFS.comment) is not None
    }


# ---------------------------------------------------------------- vocabulary


def test_every_kg_term_used_is_defined_with_label_and_comment(vocab, shapes):
    used: dict[str, set[str]] = {}
    for term in shapes.all_nodes():
        if isinstance(term, rdflib.URIRef) and str(term).startswith(str(KG)):
            used.setdefault(str(term)[len(str(KG)) :], set()).add("shapes.ttl")
    for path in queries_dir().rglob("*.rq"):  # the saved queries and those kg runs itself
        for name in KG_TERM.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(path.name)
    for name in KG_TERM.findall(build_trig()):
        used.setdefault(name, set()).add("sample graph")
    missing = {name: where for name, where in used.items() if name not in defined(vocab)}
    assert not missing
    assert {"evidence", "role", "kind", "cueText", "ContentRole", "UnnamedSource"} <= set(used)


def test_vocabulary_structure(vocab):
    assert (KG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) in vocab
    for cls in (KG.UnnamedSource, KG.Group):
        assert (cls, RDFS.subClassOf, PROV.Agent) in vocab
    kinds = set(vocab.subjects(RDF.type, KG.ClaimKind))
    assert kinds == {KG.Direct, KG.Indirect, KG.Mixed}
    roles = set(vocab.subjects(RDF.type, KG.EvidenceRole))
    assert roles == {KG.ContentRole, KG.CueRole, KG.ClaimantRole, KG.AddresseeRole, KG.SentenceRole}
    for prop in (KG.kind, KG.evidence, KG.role):
        assert (prop, RDF.type, OWL.ObjectProperty) in vocab
    for prop in (KG.cueText, KG.cueLemma, KG.confidence, KG.claimantText):
        assert (prop, RDF.type, OWL.DatatypeProperty) in vocab
    assert vocab.value(KG.confidence, RDFS.range) == rdflib.XSD.decimal
    assert vocab.value(KG.kind, RDFS.domain) == SCHEMA.Claim


def test_no_https_schema_org(vocab, shapes):
    for graph in (vocab, shapes):
        assert not any(str(t).startswith("https://schema.org") for t in graph.all_nodes())
        assert any(str(t).startswith("http://schema.org/") for t in graph.all_nodes())


# ---------------------------------------------------------------- shapes on the sample graph


def test_sample_graph_conforms():
    result = validate_store(make_store())
    assert result.conforms, format_violations(result)
    assert result.violations == []
    assert format_violations(result) == "The graph conforms to the shapes."


def without(trig: str, line: str) -> str:
    assert line in trig, line
    return trig.replace(line, "")


def check(trig: str) -> ValidationResult:
    return validate_store(make_store(trig))


def test_claim_without_text_fails_readably():
    result = check(without(build_trig(), '    schema:text "the plan was late" ;\n'))
    assert not result.conforms
    lines = format_violations(result).splitlines()
    assert lines == [
        f"claim <{iri('claim/c1')}>: schema:text — Less than 1 values",
        "The graph does not conform to the shapes (1 violation).",
    ]
    (v,) = result.violations
    assert (v.focus, v.path, v.severity, v.node_kind) == (
        f"<{iri('claim/c1')}>",
        "schema:text",
        "Violation",
        "claim",
    )


def test_claim_without_evidence_fails_readably():
    trig = build_trig()
    trig = re.sub(r"<claim/c4> kg:evidence <[^>]*> \.\n", "", trig)
    result = check(trig)
    messages = {(v.focus, v.path, v.message) for v in result.violations}
    claim = f"<{iri('claim/c4')}>"
    assert (claim, "kg:evidence", "Less than 1 values") in messages
    assert (
        claim,
        "kg:evidence",
        "needs at least one kg:evidence span with kg:role kg:ContentRole",
    ) in messages
    assert not result.conforms


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "kg:kind kg:Mixed",
            "kg:kind kg:Weird",
            "claim <{c6}>: kg:kind — kg:Weird is not one of kg:Direct, kg:Indirect, kg:Mixed",
        ),
        (
            "oa:start 89 ; oa:end 96",
            "oa:start 97 ; oa:end 96",
            "position selector <{c6}/cue/position>: oa:start — 97 is greater than oa:end",
        ),
        (
            '<group/officials> a kg:Group ; schema:name "Officials" ;',
            "<group/officials> a kg:Group ;",
            "entity <{officials}>: schema:name — Less than 1 values",
        ),
        ('schema:identifier "a2" ;', "", "article <{a2}>: schema:identifier — Less than 1 values"),
        (
            "kg:role kg:ContentRole ; oa:hasSource <article/a2> ;\n"
            "    oa:hasSelector <claim/c6/content/0/position>",
            "kg:role kg:ContentRole ; oa:hasSource <article/a2> ;\n"
            "    oa:hasSelector <claim/c6/content/0/quote>",
            "evidence <{c6}/content/0>: oa:hasSelector — "
            "needs exactly one oa:hasSelector that is an oa:TextPositionSelector",
        ),
    ],
)
def test_broken_graphs_give_one_clear_line(old, new, expected):
    trig = build_trig()
    assert trig.count(old) == 1, old
    result = check(trig.replace(old, new))
    assert not result.conforms
    names = {
        "c6": iri("claim/c6"),
        "officials": iri("group/officials"),
        "a2": iri("article/a2"),
    }
    assert expected.format(**names) in format_violations(result).splitlines()


def test_confidence_out_of_range_and_wrong_datatype():
    trig = build_trig()
    trig = trig.replace('"0.85"^^xsd:decimal', '"1.5"^^xsd:decimal', 1)
    trig = trig.replace('"0.85"^^xsd:decimal', '"high"', 1)
    text = format_violations(check(trig))
    assert f"claim <{iri('claim/c1')}>: kg:confidence — 1.5 is greater than 1" in text
    assert f'claim <{iri("claim/c2")}>: kg:confidence — "high" is not a xsd:decimal' in text


def test_unreadable_date_is_only_a_warning():
    trig = build_trig().replace('"2020-01-15"^^xsd:date', '"15 Jan 2020"')
    result = check(trig)
    assert result.conforms
    assert format_violations(result).splitlines() == [
        f'article <{iri("article/a2")}>: schema:datePublished — "15 Jan 2020" is not a xsd:date '
        "or xsd:dateTime [warning]",
        "The graph conforms to the shapes (1 warning).",
    ]


def test_claim_author_must_be_a_typed_entity():
    trig = build_trig().replace("schema:author <group/officials>", "schema:author <nobody/x>")
    text = format_violations(check(trig))
    assert (
        f"claim <{iri('claim/c6')}>: schema:author — <{iri('nobody/x')}> is not a schema:Person "
        "or schema:Organization or kg:UnnamedSource or kg:Group or schema:Place or schema:Thing"
    ) in text


def test_shared_entities_across_graphs_are_fine():
    """The same entity described in two article graphs (with different names) conforms."""
    trig = build_trig().replace(
        '<org/daily-planet> a schema:Organization ; schema:name "The Daily Planet" .\n\n<run',
        '<org/daily-planet> a schema:Organization ; schema:name "Daily Planet" .\n\n<run',
        1,
    )
    assert validate_store(make_store(trig)).conforms


# ---------------------------------------------------------------- entry points


def test_validate_nquads_and_file(tmp_path):
    store = make_store()
    nquads = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    assert validate_nquads(nquads).conforms
    broken = nquads.replace("<http://schema.org/text>", "<http://schema.org/textx>", 1)
    assert not validate_nquads(broken).conforms
    trig_file = tmp_path / "graph.trig"
    trig_file.write_text(build_trig(), encoding="utf-8")
    assert validate_file(trig_file).conforms
    ttl_file = tmp_path / "graph.ttl"
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    ttl_file.write_bytes(union.serialize(format=ox.RdfFormat.TURTLE))
    assert validate_file(ttl_file).conforms


def test_validate_graph_takes_an_rdflib_graph():
    triples = make_store().query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    union = rdflib.Graph().parse(
        data=triples.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt"
    )
    assert validate_graph(union).conforms
    union.remove((rdflib.URIRef(iri("claim/c1")), SCHEMA.text, None))
    assert not validate_graph(union).conforms


def test_graph_module_output_conforms(vocab):
    """kg.rdf.graph writes what the shapes and the vocabulary describe (no spaCy involved)."""
    from kg.rdf.graph import article_quads
    from kg.types import Article, ArticleResult, Claim, Entity, Span

    text = 'The minister said: "We will act." Officials told the press it was late.'
    article = Article(
        id="t1",
        text=text,
        title="T",
        url="http://example.org/t1",
        publishers=("The Example Times",),
        published="2021-03-04",
    )
    minister = Entity(key="the minister", label="the minister", type="UnnamedSource")
    officials = Entity(key="officials", label="Officials", type="Group")
    press = Entity(key="the press", label="the press", type="Organization")
    claims = (
        Claim(
            doc="t1",
            cue=Span(13, 17, "said"),
            cue_lemma="say",
            content=(Span(20, 32, "We will act."),),
            kind="direct",
            source=Span(0, 12, "The minister"),
            speaker=minister,
            sentence=Span(0, 33, text[0:33]),
            confidence=0.9,
            rule="quote-colon",
        ),
        Claim(
            doc="t1",
            cue=Span(44, 48, "told"),
            cue_lemma="tell",
            content=(Span(59, 70, "it was late"),),
            kind="indirect",
            source=Span(34, 43, "Officials"),
            speaker=officials,
            addressee=Span(49, 58, "the press"),
            addressee_entity=press,
            about=(press,),
            sentence=Span(34, 71, text[34:71]),
            confidence=0.6,
            rule="svo",
        ),
    )
    for c in claims:
        for span in (c.cue, *c.content, c.source, c.addressee, c.sentence):
            if span is not None:
                assert text[span.start : span.end] == span.text
    quads = article_quads(
        ArticleResult(article, claims, (minister, officials, press)),
        pipeline="test 0",
        rules_version="1",
    )
    store = ox.Store()
    store.extend(quads)
    result = validate_store(store)
    assert result.conforms, format_violations(result)
    kg_terms = {
        term.value[len(str(KG)) :]
        for q in quads
        for term in (q.predicate, q.object)
        if isinstance(term, ox.NamedNode) and term.value.startswith(str(KG))
    }
    assert kg_terms and kg_terms <= defined(vocab)
