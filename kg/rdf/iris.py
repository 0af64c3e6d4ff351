"""Namespaces and the minting of every IRI the tool writes.

IRIs are deterministic: the same article, claim or entity name gives the same IRI in every run
and on every machine, so graphs built in separate processes (or shards) merge without
coordination, and re-building an article replaces exactly its own graph.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from kg.resolve.names import slug

if TYPE_CHECKING:  # only for annotations: kg.types imports this module (Claim.to_json)
    from kg.types import Article, Entity, Span

SCHEMA = "http://schema.org/"  # http, not https: rdflib's SDO is https and silently mismatches
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

KG = "https://w3id.org/claimgraph/ns#"  # the project's own small vocabulary
DATA = "https://w3id.org/claimgraph/id/"  # instance data

# One prefix per kind of instance, so every IRI kg mints is a prefixed name without escapes
# (`claim:dc9e6bdb56c3cf70`, `org:home-office`): a local name may not hold a '/', and
# `kgd:claim\/…` is valid Turtle nobody can read. Evidence and selector IRIs hang off their
# claim's with '-' (`claim:dc9e6bdb56c3cf70-cue-position`), so they also sort right after it.
DATA_FOLDERS = (
    "article", "graph", "claim", "person", "org", "place", "group", "unnamed", "thing", "run",
    "agent",
)  # fmt: skip
DATA_PREFIXES = {folder: f"{DATA}{folder}/" for folder in DATA_FOLDERS}

PREFIXES = {
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "skos": SKOS,
    "kg": KG,
    "kgd": DATA,  # still understood in queries and on the command line (`kgd:claim/…`)
    **DATA_PREFIXES,
}

# A local name that Turtle, TriG and SPARQL read without any escape: letters, digits, '_', '-',
# '.' (not last) and %XX. Anything else (a '/', '~', '#' …) is written as a full <IRI> instead.
_CH = r"(?:[A-Za-z0-9_\-]|%[0-9A-Fa-f]{2})"
_PLAIN_LOCAL = re.compile(rf"(?:(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{{2}})(?:(?:{_CH}|\.)*{_CH})?)?")


def prefixed_name(iri: str, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """``iri`` as ``prefix:local`` under the longest namespace that needs no escape, or None."""
    best = None
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
            if _PLAIN_LOCAL.fullmatch(iri[len(ns) :]):
                best = prefix
    return None if best is None else f"{best}:{iri[len(prefixes[best]) :]}"


def short_hash(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def evidence_iri(claim: str, role: str, index: int | None = None) -> str:
    """The evidence node of one span of a claim: ``claim:…-cue``, ``claim:…-content-0``."""
    return f"{claim}-{role}" if index is None else f"{claim}-{role}-{index}"


def article_iri(article_id: str) -> str:
    return f"{DATA}article/{quote(article_id, safe='-_.~')}"


def article_graph_iri(article_id: str) -> str:
    """The named graph holding everything read from one article."""
    return f"{DATA}graph/{quote(article_id, safe='-_.~')}"


def entity_iri(entity: Entity) -> str:
    folder = {
        "Person": "person",
        "Organization": "org",
        "Place": "place",
        "Group": "group",
        "UnnamedSource": "unnamed",
        "Thing": "thing",
    }[entity.type]
    if entity.type == "UnnamedSource" or "#" in entity.key:
        # the key carries the article id ("article#…"): unnamed sources and loose groups
        # ("campaigners") never merge across articles
        return f"{DATA}{folder}/{short_hash(entity.key)}"
    return f"{DATA}{folder}/{slug(entity.key)}"


def claim_iri(article: Article | str, cue: Span, content: tuple[Span, ...]) -> str:
    article_id = article if isinstance(article, str) else article.id
    parts = [article_id, f"{cue.start}-{cue.end}"] + [f"{s.start}-{s.end}" for s in content]
    return f"{DATA}claim/{short_hash(*parts)}"
