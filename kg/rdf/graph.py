"""Claims and entities -> RDF quads, under the model of DESIGN.md §4 and ``ontology/kg.ttl``.

Every quad of an article goes into that article's named graph, so re-building the article
replaces exactly what it contributed. All IRIs come from ``kg.rdf.iris`` and are deterministic; the
extraction activity is identified by tool, rules and pipeline versions (no timestamps), so the
same input gives the same graph byte for byte.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from kg import __version__
from kg.rdf.iris import (
    DATA,
    KG,
    OA,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    XSD,
    article_graph_iri,
    article_iri,
    claim_iri,
    entity_iri,
    evidence_iri,
    short_hash,
)
from kg.rdf.lookup import name_keys
from kg.resolve.aliases import AliasTable, publisher_entity
from kg.types import ArticleResult, Claim, Entity, Span

CONTEXT_CHARS = 32  # prefix/suffix length of a TextQuoteSelector

ENTITY_CLASSES = {
    "Person": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Place": SCHEMA + "Place",
    "Group": KG + "Group",
    "UnnamedSource": KG + "UnnamedSource",
    "Thing": SCHEMA + "Thing",
}
KIND_IRIS = {"direct": KG + "Direct", "indirect": KG + "Indirect", "mixed": KG + "Mixed"}
TYPE_IRIS = {
    "statement": KG + "Statement",
    "belief": KG + "Belief",
    "knowledge": KG + "Knowledge",
    "intention": KG + "Intention",
}


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


A = _n(RDF + "type")
XSD_INTEGER = _n(XSD + "integer")
XSD_DECIMAL = _n(XSD + "decimal")
XSD_DATE = _n(XSD + "date")
XSD_DATETIME = _n(XSD + "dateTime")


def _s(p: str) -> NamedNode:
    return _n(SCHEMA + p)


def _k(p: str) -> NamedNode:
    return _n(KG + p)


def entity_iris(quads) -> set[str]:
    """The entities among ``quads``: nodes typed with one of ``ENTITY_CLASSES`` (publishers
    included). ``kg build``'s summary counts them so, as ``kg stats`` does over the store."""
    classes = set(ENTITY_CLASSES.values())
    return {q.subject.value for q in quads if q.predicate == A and q.object.value in classes}


def run_iri(pipeline: str, rules_version: str, model_version: str = "") -> str:
    parts = (__version__, pipeline, rules_version) + ((model_version,) if model_version else ())
    return f"{DATA}run/{short_hash(*parts)}"


def agent_iri() -> str:
    return f"{DATA}agent/kg-{__version__}"


class _Quads:
    """Collects the quads of one named graph."""

    def __init__(self, graph: str):
        self.graph = _n(graph)
        self.quads: list[Quad] = []

    def add(self, s: str | NamedNode, p: NamedNode, o) -> None:
        subject = s if isinstance(s, NamedNode) else _n(s)
        self.quads.append(Quad(subject, p, o, self.graph))


def _date_literal(value: str) -> Literal:
    """xsd:date for YYYY-MM-DD, xsd:dateTime for an ISO date-time, else the text as written."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:  # "2020-13-45": kept as written, the shapes warn about it
            return Literal(value)
        return Literal(value, datatype=XSD_DATE)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*", value):
        try:  # "2020-02-03T09:30Z" -> "2020-02-03T09:30:00+00:00"
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return Literal(value)
        return Literal(moment.isoformat(), datatype=XSD_DATETIME)
    return Literal(value)


def _entity(q: _Quads, entity: Entity) -> NamedNode:
    node = _n(entity_iri(entity))
    q.add(node, A, _n(ENTITY_CLASSES[entity.type]))
    q.add(node, _s("name"), Literal(entity.label))
    for alias in entity.aliases:
        q.add(node, _s("alternateName"), Literal(alias))
    for key in name_keys(entity.label, *entity.aliases):
        q.add(node, _k("nameKey"), Literal(key))
    for same in entity.same_as:
        q.add(node, _n(OWL + "sameAs"), _n(same))
    return node


def _evidence(
    q: _Quads, node: str, claim_node: str, role: str, span: Span, text: str, article: NamedNode
) -> str:
    q.add(node, A, _n(OA + "SpecificResource"))
    q.add(node, _k("role"), _k(role))
    q.add(node, _n(OA + "hasSource"), article)
    pos = f"{node}-position"
    q.add(node, _n(OA + "hasSelector"), _n(pos))
    q.add(pos, A, _n(OA + "TextPositionSelector"))
    q.add(pos, _n(OA + "start"), Literal(str(span.start), datatype=XSD_INTEGER))
    q.add(pos, _n(OA + "end"), Literal(str(span.end), datatype=XSD_INTEGER))
    quote = f"{node}-quote"
    q.add(node, _n(OA + "hasSelector"), _n(quote))
    q.add(quote, A, _n(OA + "TextQuoteSelector"))
    q.add(quote, _n(OA + "exact"), Literal(span.text))
    q.add(quote, _n(OA + "prefix"), Literal(text[max(0, span.start - CONTEXT_CHARS) : span.start]))
    q.add(quote, _n(OA + "suffix"), Literal(text[span.end : span.end + CONTEXT_CHARS]))
    q.add(claim_node, _k("evidence"), _n(node))
    return node


def _claim(q: _Quads, claim: Claim, text: str, article: NamedNode, run: str) -> None:
    node = claim_iri(claim.doc, claim.cue, claim.content)
    q.add(node, A, _s("Claim"))
    q.add(node, _s("text"), Literal(claim.content_text))
    q.add(node, _k("kind"), _n(KIND_IRIS[claim.kind]))
    q.add(node, _k("claimType"), _n(TYPE_IRIS[claim.type]))
    q.add(node, _k("cueText"), Literal(claim.cue.text))
    q.add(node, _k("cueLemma"), Literal(claim.cue_lemma))
    q.add(node, _s("appearance"), article)
    q.add(
        node,
        _k("confidence"),
        Literal(str(Decimal(str(round(claim.confidence, 3)))), datatype=XSD_DECIMAL),
    )
    q.add(node, _k("extractionRule"), Literal(claim.rule))
    q.add(node, _n(PROV + "wasGeneratedBy"), _n(run))
    if claim.speaker is not None:
        q.add(node, _s("author"), _entity(q, claim.speaker))
    claimant_names = [claim.source.text] if claim.source is not None else []
    if claim.speaker is not None:
        claimant_names += [claim.speaker.label, *claim.speaker.aliases]
    for key in name_keys(*claimant_names):  # one index pattern finds a claim by claimant
        q.add(node, _k("claimantKey"), Literal(key))
    if claim.source is not None:
        q.add(node, _k("claimantText"), Literal(claim.source.text))
        where = evidence_iri(node, "claimant")
        _evidence(q, where, node, "ClaimantRole", claim.source, text, article)
    if claim.addressee_entity is not None:
        q.add(node, _s("recipient"), _entity(q, claim.addressee_entity))
    if claim.addressee is not None:
        q.add(node, _k("addresseeText"), Literal(claim.addressee.text))
        where = evidence_iri(node, "addressee")
        _evidence(q, where, node, "AddresseeRole", claim.addressee, text, article)
    for entity in claim.about:
        q.add(node, _s("about"), _entity(q, entity))
    _evidence(q, evidence_iri(node, "cue"), node, "CueRole", claim.cue, text, article)
    for i, span in enumerate(claim.content):
        _evidence(q, evidence_iri(node, "content", i), node, "ContentRole", span, text, article)
    if claim.sentence is not None:
        where = evidence_iri(node, "sentence")
        _evidence(q, where, node, "SentenceRole", claim.sentence, text, article)


def article_quads(
    result: ArticleResult,
    *,
    pipeline: str,
    rules_version: str,
    aliases: AliasTable | None = None,
    model_version: str = "",
) -> list[Quad]:
    """All quads for one article, in its own named graph; publishers named as ``aliases`` say.
    ``model_version`` names the learned models that chose the claims (``models_version``)."""
    art = result.article
    q = _Quads(article_graph_iri(art.id))
    node = _n(article_iri(art.id))
    q.add(node, A, _s("NewsArticle"))
    q.add(node, _s("identifier"), Literal(art.id))
    q.add(node, _s("articleBody"), Literal(art.text))
    if art.title:
        q.add(node, _s("headline"), Literal(art.title))
    if art.url:
        q.add(
            node,
            _s("url"),
            _n(art.url)
            if art.url.startswith(("http://", "https://")) and " " not in art.url
            else Literal(art.url),
        )
    if art.published:
        q.add(node, _s("datePublished"), _date_literal(art.published))
    if art.author:
        q.add(node, _s("author"), Literal(art.author))
    for name in art.publishers:
        # the same IRI and name as when the organisation is a claimant (kg.resolve.aliases)
        q.add(node, _s("publisher"), _entity(q, publisher_entity(name, aliases)))

    run = run_iri(pipeline, rules_version, model_version)
    agent = agent_iri()
    q.add(run, A, _n(PROV + "Activity"))
    q.add(run, _n(PROV + "wasAssociatedWith"), _n(agent))
    q.add(run, _k("spacyPipeline"), Literal(pipeline))
    q.add(run, _k("rulesVersion"), Literal(rules_version))
    if model_version:
        q.add(run, _k("modelVersion"), Literal(model_version))
    q.add(agent, A, _n(PROV + "SoftwareAgent"))
    q.add(agent, _n(RDFS + "label"), Literal(f"kg {__version__}"))
    q.add(agent, _s("softwareVersion"), Literal(__version__))

    for claim in result.claims:
        _claim(q, claim, art.text, node, run)
    return _unique(q.quads)


def _unique(quads: list[Quad]) -> list[Quad]:
    return list(dict.fromkeys(quads))


def to_nquads(quads: list[Quad]) -> bytes:
    """An article's graph as N-Quads, as worker processes and Dask workers send it back."""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


def parse_nquads(data: bytes) -> list[Quad]:
    return list(parse(data, format=RdfFormat.N_QUADS))
