"""The numbers of ``kg stats``: articles, claims by kind, entities by type, publishers, size.

Why its own module: the numbers come from a handful of GROUP BY queries over all named graphs
(``queries/internal/stats-*.rq``), and both the CLI table and the JSON output (for scripts and
tests) need the same plain data; ``kg.ui.stats`` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.queries import internal_query

ENTITY_TYPES = {
    "schema:Person": "Person",
    "schema:Organization": "Organization",
    "schema:Place": "Place",
    "schema:Thing": "Thing",
    "kg:Group": "Group",
    "kg:UnnamedSource": "UnnamedSource",
}


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

    def q(name: str):
        return store.query(internal_query(f"stats-{name}"))

    stats = Stats(quads=len(store))
    for key in ("articles", "claims", "graphs", "triples"):
        setattr(stats, key, _int(next(iter(q(key)))["n"]))
    stats.claims_by_kind = {r["kind"].value: _int(r["n"]) for r in q("claim-kinds")}
    for r in q("entity-types"):
        iri = r["type"].value
        short = next((v for k, v in ENTITY_TYPES.items() if iri.endswith(k.split(":")[1])), iri)
        stats.entities_by_type[short] = _int(r["n"])
    stats.publishers = [
        PublisherCount(
            r["label"].value, r["publisher"].value, _int(r["articles"]), _int(r["claims"])
        )
        for r in q("publishers")
    ]
    from kg.resolve.entities import possible_duplicates

    stats.possible_duplicates = [
        PossibleDuplicate(list(d.labels), list(d.iris), d.reason)
        for d in possible_duplicates(store)
    ]
    return stats
