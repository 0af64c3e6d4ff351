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
from functools import lru_cache
from typing import NamedTuple

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


# The terms every article repeats, made once: a graph is ~1,200 quads, and making each term
# anew per quad cost ~30 % of the mapping (bench/throughput.py measures it against the parse).
S_NAME, S_ALT, S_TEXT, S_AUTHOR, S_ABOUT = (
    _s(p) for p in ("name", "alternateName", "text", "author", "about")
)
S_RECIPIENT, S_APPEARANCE, S_CLAIM = _s("recipient"), _s("appearance"), _s("Claim")
K_NAME_KEY, K_CLAIMANT_KEY, K_EVIDENCE, K_ROLE = (
    _k(p) for p in ("nameKey", "claimantKey", "evidence", "role")
)
K_KIND, K_TYPE, K_CUE_TEXT, K_CUE_LEMMA = (
    _k(p) for p in ("kind", "claimType", "cueText", "cueLemma")
)
K_CONFIDENCE, K_RULE = _k("confidence"), _k("extractionRule")
K_CLAIMANT_TEXT, K_ADDRESSEE_TEXT = _k("claimantText"), _k("addresseeText")
OWL_SAME_AS, PROV_GENERATED_BY = _n(OWL + "sameAs"), _n(PROV + "wasGeneratedBy")
OA_RESOURCE, OA_SOURCE, OA_SELECTOR = (
    _n(OA + p) for p in ("SpecificResource", "hasSource", "hasSelector")
)
OA_POSITION, OA_QUOTE = _n(OA + "TextPositionSelector"), _n(OA + "TextQuoteSelector")
OA_START, OA_END, OA_EXACT, OA_PREFIX, OA_SUFFIX = (
    _n(OA + p) for p in ("start", "end", "exact", "prefix", "suffix")
)
CLASS_NODES = {name: _n(iri) for name, iri in ENTITY_CLASSES.items()}
KIND_NODES = {name: _n(iri) for name, iri in KIND_IRIS.items()}
TYPE_NODES = {name: _n(iri) for name, iri in TYPE_IRIS.items()}
ROLE_NODES: dict[str, NamedNode] = {}


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
        # entities already written: a speaker of ten claims gets its quads once, not ten times
        # over for ``_unique`` to drop (an entity's quads depend on nothing but the entity)
        self.entities: dict[Entity, NamedNode] = {}

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
    node = q.entities.get(entity)
    if node is not None:
        return node
    node = q.entities[entity] = _n(entity_iri(entity))
    g, add = q.graph, q.quads.append
    add(Quad(node, A, CLASS_NODES[entity.type], g))
    add(Quad(node, S_NAME, Literal(entity.label), g))
    for alias in entity.aliases:
        add(Quad(node, S_ALT, Literal(alias), g))
    for key in _key_literals((entity.label, *entity.aliases)):
        add(Quad(node, K_NAME_KEY, key, g))
    for same in entity.same_as:
        add(Quad(node, OWL_SAME_AS, _n(same), g))
    return node


@lru_cache(maxsize=16384)
def _key_literals(names: tuple[str, ...]) -> tuple[Literal, ...]:
    """``name_keys`` of the names as literals; the same names recur in claim after claim and
    article after article (a speaker's keys were worked out anew for each of its claims)."""
    return tuple(Literal(key) for key in name_keys(*names))


def _role(role: str) -> NamedNode:
    node = ROLE_NODES.get(role)
    if node is None:
        node = ROLE_NODES[role] = _k(role)
    return node


def _evidence(
    q: _Quads,
    node: str,
    claim_node: NamedNode,
    role: str,
    span: Span,
    text: str,
    article: NamedNode,
) -> str:
    g, add = q.graph, q.quads.append
    ev, pos, quote = _n(node), _n(f"{node}-position"), _n(f"{node}-quote")
    add(Quad(ev, A, OA_RESOURCE, g))
    add(Quad(ev, K_ROLE, _role(role), g))
    add(Quad(ev, OA_SOURCE, article, g))
    add(Quad(ev, OA_SELECTOR, pos, g))
    add(Quad(pos, A, OA_POSITION, g))
    add(Quad(pos, OA_START, Literal(str(span.start), datatype=XSD_INTEGER), g))
    add(Quad(pos, OA_END, Literal(str(span.end), datatype=XSD_INTEGER), g))
    add(Quad(ev, OA_SELECTOR, quote, g))
    add(Quad(quote, A, OA_QUOTE, g))
    add(Quad(quote, OA_EXACT, Literal(span.text), g))
    prefix = text[max(0, span.start - CONTEXT_CHARS) : span.start]
    add(Quad(quote, OA_PREFIX, Literal(prefix), g))
    add(Quad(quote, OA_SUFFIX, Literal(text[span.end : span.end + CONTEXT_CHARS]), g))
    add(Quad(claim_node, K_EVIDENCE, ev, g))
    return node


def _claim(q: _Quads, claim: Claim, text: str, article: NamedNode, run: NamedNode) -> None:
    iri = claim_iri(claim.doc, claim.cue, claim.content)
    node = _n(iri)
    g, add = q.graph, q.quads.append
    add(Quad(node, A, S_CLAIM, g))
    add(Quad(node, S_TEXT, Literal(claim.content_text), g))
    add(Quad(node, K_KIND, KIND_NODES[claim.kind], g))
    add(Quad(node, K_TYPE, TYPE_NODES[claim.type], g))
    add(Quad(node, K_CUE_TEXT, Literal(claim.cue.text), g))
    add(Quad(node, K_CUE_LEMMA, Literal(claim.cue_lemma), g))
    add(Quad(node, S_APPEARANCE, article, g))
    confidence = str(Decimal(str(round(claim.confidence, 3))))
    add(Quad(node, K_CONFIDENCE, Literal(confidence, datatype=XSD_DECIMAL), g))
    add(Quad(node, K_RULE, Literal(claim.rule), g))
    add(Quad(node, PROV_GENERATED_BY, run, g))
    if claim.speaker is not None:
        add(Quad(node, S_AUTHOR, _entity(q, claim.speaker), g))
    claimant_names = [claim.source.text] if claim.source is not None else []
    if claim.speaker is not None:
        claimant_names += [claim.speaker.label, *claim.speaker.aliases]
    for key in _key_literals(tuple(claimant_names)):  # one index pattern finds a claim by claimant
        add(Quad(node, K_CLAIMANT_KEY, key, g))
    if claim.source is not None:
        add(Quad(node, K_CLAIMANT_TEXT, Literal(claim.source.text), g))
        where = evidence_iri(iri, "claimant")
        _evidence(q, where, node, "ClaimantRole", claim.source, text, article)
    if claim.addressee_entity is not None:
        add(Quad(node, S_RECIPIENT, _entity(q, claim.addressee_entity), g))
    if claim.addressee is not None:
        add(Quad(node, K_ADDRESSEE_TEXT, Literal(claim.addressee.text), g))
        where = evidence_iri(iri, "addressee")
        _evidence(q, where, node, "AddresseeRole", claim.addressee, text, article)
    for entity in claim.about:
        add(Quad(node, S_ABOUT, _entity(q, entity), g))
    _evidence(q, evidence_iri(iri, "cue"), node, "CueRole", claim.cue, text, article)
    for i, span in enumerate(claim.content):
        _evidence(q, evidence_iri(iri, "content", i), node, "ContentRole", span, text, article)
    if claim.sentence is not None:
        where = evidence_iri(iri, "sentence")
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

    run_node = _n(run)
    for claim in result.claims:
        _claim(q, claim, art.text, node, run_node)
    return _unique(q.quads)


def _unique(quads: list[Quad]) -> list[Quad]:
    return list(dict.fromkeys(quads))


class Shipped(NamedTuple):
    """An article's graph as a worker process or Dask worker sends it back: N-Quads (smaller than
    pickled terms, and the writer bulk-loads them without making a Python term each) and the
    entities it types, which the build summary counts."""

    nquads: bytes
    entities: frozenset[str]


def ship(quads: list[Quad]) -> Shipped:
    return Shipped(to_nquads(quads), frozenset(entity_iris(quads)))


def to_nquads(quads: list[Quad]) -> bytes:
    """An article's graph as N-Quads, as worker processes and Dask workers send it back."""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


def parse_nquads(data: bytes) -> list[Quad]:
    return list(parse(data, format=RdfFormat.N_QUADS))
