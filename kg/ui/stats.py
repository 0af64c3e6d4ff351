"""``kg stats``: what a store holds — articles, claims by kind, entities by type, publishers, size.

Why its own module: the numbers come from a handful of GROUP BY queries over all named graphs, and
both the CLI table and the JSON output (for scripts and tests) need the same plain data.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from kg.rdf.iris import PREFIXES

_P = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
ENTITY_TYPES = {
    "schema:Person": "Person",
    "schema:Organization": "Organization",
    "schema:Place": "Place",
    "schema:Thing": "Thing",
    "kg:Group": "Group",
    "kg:UnnamedSource": "UnnamedSource",
}

_COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a schema:Claim } }",
    "graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
    "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }",
}
_KINDS = """SELECT ?kind (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a schema:Claim ;
  kg:kind ?k } BIND(LCASE(STRAFTER(STR(?k), "#")) AS ?kind) } GROUP BY ?kind ORDER BY ?kind"""
_TYPES = """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a ?type }
  FILTER(?type IN (schema:Person, schema:Organization, schema:Place, schema:Thing, kg:Group,
  kg:UnnamedSource)) } GROUP BY ?type ORDER BY ?type"""
_PUBLISHERS = """SELECT ?publisher (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?a) AS ?articles)
  (COUNT(DISTINCT ?c) AS ?claims) WHERE {
  GRAPH ?g { ?a schema:publisher ?publisher . ?publisher schema:name ?name .
             OPTIONAL { ?c schema:appearance ?a } } }
  GROUP BY ?publisher ORDER BY DESC(?claims) ?label"""


@dataclass
class PublisherCount:
    name: str
    iri: str
    articles: int
    claims: int


@dataclass
class PossibleDuplicate:
    """Entities that may be one (``kg.resolve.entities``): names, IRIs, why they were kept apart."""

    names: list[str]
    iris: list[str]
    reason: str


@dataclass
class Stats:
    articles: int = 0
    claims: int = 0
    claims_by_kind: dict[str, int] = field(default_factory=dict)
    entities_by_type: dict[str, int] = field(default_factory=dict)
    publishers: list[PublisherCount] = field(default_factory=list)
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)
    graphs: int = 0
    triples: int = 0  # distinct triples of the union (entities repeat in each article's graph)
    quads: int = 0


def _int(term) -> int:
    return int(term.value) if term is not None else 0


def store_stats(store: ox.Store) -> Stats:
    """Counts over every named graph of ``store``."""

    def q(text: str):
        return store.query(f"{_P}\n{text}")

    stats = Stats(quads=len(store))
    for key, text in _COUNTS.items():
        setattr(stats, key, _int(next(iter(q(text)))["n"]))
    stats.claims_by_kind = {r["kind"].value: _int(r["n"]) for r in q(_KINDS)}
    for r in q(_TYPES):
        iri = r["type"].value
        short = next((v for k, v in ENTITY_TYPES.items() if iri.endswith(k.split(":")[1])), iri)
        stats.entities_by_type[short] = _int(r["n"])
    stats.publishers = [
        PublisherCount(
            r["label"].value, r["publisher"].value, _int(r["articles"]), _int(r["claims"])
        )
        for r in q(_PUBLISHERS)
    ]
    from kg.resolve.entities import possible_duplicates

    stats.possible_duplicates = [
        PossibleDuplicate(list(d.labels), list(d.iris), d.reason)
        for d in possible_duplicates(store)
    ]
    return stats


def render_stats(stats: Stats, fmt: str, out: BinaryIO) -> None:
    """``table`` for people, ``json`` for scripts."""
    if fmt == "json":
        out.write(json.dumps(asdict(stats), indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, no_color=True, highlight=False)
    summary = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
    summary.add_column("what")
    summary.add_column("count", justify="right")
    summary.add_row("articles", str(stats.articles))
    summary.add_row("claims", str(stats.claims))
    for kind, n in stats.claims_by_kind.items():
        summary.add_row(f"  {kind}", str(n))
    summary.add_row("entities", str(sum(stats.entities_by_type.values())))
    for etype, n in stats.entities_by_type.items():
        summary.add_row(f"  {etype}", str(n))
    summary.add_row("publishers", str(len(stats.publishers)))
    summary.add_row("named graphs", str(stats.graphs))
    summary.add_row("triples (distinct)", str(stats.triples))
    summary.add_row("quads", str(stats.quads))
    console.print(summary)
    if stats.publishers:
        console.print()
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for col in ("publisher", "articles", "claims"):
            table.add_column(col, justify="left" if col == "publisher" else "right")
        for p in stats.publishers:
            table.add_row(p.name, str(p.articles), str(p.claims))
        console.print(table)
    if stats.possible_duplicates:
        console.print()
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("possible duplicates (kept apart)")
        table.add_column("why")
        for d in stats.possible_duplicates:
            table.add_row(" · ".join(d.names), d.reason)
        console.print(table)
    out.write(buffer.getvalue().encode("utf-8"))
