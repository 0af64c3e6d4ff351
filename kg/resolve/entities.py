"""One entity per person or organisation across the articles of a build.

Why after the build and not per article: each article is resolved alone (its IRIs must not depend
on what else is in the store), but only the whole build can say that "Bernie Sanders", typed an
organisation in one article and a person in nine, is a person, or that a bare "Clinton" in an
article that names nobody else is the Hillary Clinton of the other articles. So ``plan`` reads the
named entities of a store (their type, names and how many articles hold them) and decides:

1. **type by votes**: the same name under two types (``org/bernie-sanders``,
   ``person/bernie-sanders``) is one entity of the type most articles gave it (ties: Person,
   Organization, Place, Group);
2. **compatible full names** are one person: same first name, surname and suffix, middle names
   equal, initials of each other or missing ("Donald J. Trump", "Donald Trump") — unless two
   people with different middle names share them ("George W. Bush", "George H. W. Bush"): then
   the name without a middle stays apart and is reported;
3. **a bare surname** ("Clinton", from articles where it could not be told) joins the full name
   with that surname when there is one, or when one of several holds at least ``DOMINANT`` of
   their articles; otherwise it stays apart and is reported as a possible duplicate.

``consolidate_store`` applies the plan to every named graph (IRIs, type, one ``schema:name``, the
other names as ``schema:alternateName``); it is idempotent, and re-building an article followed by
a consolidation gives the same store. ``possible_duplicates`` lists what was kept apart, for
``kg stats`` and ``kg validate``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.rdf.iris import DATA, KG, SCHEMA, entity_iri
from kg.resolve.names import PersonName, is_given_name, person_name
from kg.types import Entity, EntityType

DOMINANT = 0.75  # share of the candidates' articles a full name needs to take a bare surname
TYPES: dict[str, EntityType] = {
    SCHEMA + "Person": "Person",
    SCHEMA + "Organization": "Organization",
    SCHEMA + "Place": "Place",
    KG + "Group": "Group",
}
_ORDER: tuple[EntityType, ...] = ("Person", "Organization", "Place", "Group")
_HASHED = re.compile(r"/[0-9a-f]{16}$")  # article-scoped groups and sources: never merged


@dataclass(frozen=True)
class Record:
    """A named entity as the store holds it: IRI, type, name, other names, articles."""

    iri: str
    type: EntityType
    label: str
    names: frozenset[str] = frozenset()
    articles: int = 1


@dataclass(frozen=True)
class Duplicate:
    """Entities that may be one, kept apart: who, and why they were not merged."""

    iris: tuple[str, ...]
    labels: tuple[str, ...]
    reason: str


@dataclass
class Plan:
    merges: dict[str, str] = field(default_factory=dict)  # IRI -> IRI it becomes
    labels: dict[str, str] = field(default_factory=dict)  # kept IRI -> its one schema:name
    types: dict[str, EntityType] = field(default_factory=dict)  # kept IRI -> its type
    duplicates: list[Duplicate] = field(default_factory=list)


class _Merger:
    """Union of records into groups; each group keeps the IRI of its most-held record."""

    def __init__(self, records: list[Record]):
        self.records = {r.iri: r for r in records}
        self.parent = {r.iri: r.iri for r in records}

    def find(self, iri: str) -> str:
        while self.parent[iri] != iri:
            self.parent[iri] = self.parent[self.parent[iri]]
            iri = self.parent[iri]
        return iri

    def articles(self, iri: str) -> int:
        root = self.find(iri)
        return sum(r.articles for i, r in self.records.items() if self.find(i) == root)

    def union(self, into: str, other: str) -> None:
        a, b = self.find(into), self.find(other)
        if a != b:
            self.parent[b] = a


def _type_votes(merger: _Merger, records: list[Record]) -> None:
    by_key: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_key[entity_iri(Entity(r.label, r.label, r.type)).rsplit("/", 1)[-1]].append(r)
    for group in by_key.values():
        if len({r.type for r in group}) < 2:
            continue
        votes: dict[EntityType, int] = defaultdict(int)
        for r in group:
            votes[r.type] += r.articles
        best = max(votes.values())
        winner = next(t for t in _ORDER if votes.get(t) == best)
        keep = max((r for r in group if r.type == winner), key=lambda r: r.articles)
        for r in group:
            merger.union(keep.iri, r.iri)


def _people(merger: _Merger, records: list[Record], duplicates: list[Duplicate]) -> None:
    people = [(r, person_name(r.label)) for r in records if r.type == "Person"]
    full = [(r, p) for r, p in people if p.given]
    # compatible full names: grouped by first name, surname and suffix
    groups: dict[tuple[str, str, str], list[tuple[Record, PersonName]]] = defaultdict(list)
    for r, p in full:
        groups[(p.first.lower().rstrip("."), p.surname.lower(), p.suffix.lower())].append((r, p))
    for members in groups.values():
        if len(members) < 2:
            continue
        middles = [(r, p) for r, p in members if len(p.given) > 1]
        plain = [(r, p) for r, p in members if len(p.given) == 1]
        clash = any(not a.compatible(b) for _, a in middles for _, b in middles)
        if not clash:
            keep = max(members, key=lambda m: (m[0].articles, -len(m[1].given)))[0]
            for r, _ in members:
                merger.union(keep.iri, r.iri)
            continue
        for i, (r, p) in enumerate(middles):  # merge each middle name with its equals only
            for r2, p2 in middles[i + 1 :]:
                if p.given == p2.given:
                    merger.union(r.iri, r2.iri)
        if plain:
            duplicates.append(
                _duplicate(
                    [r for r, _ in members], "the same first name and surname, different middles"
                )
            )
    # "Floridians Jeb Bush", "Christie Chris Christie": a word before a full name of the build
    labels = {r.label.lower(): r for r, _ in full}
    for r, p in full:
        words = r.label.split()
        rest = labels.get(" ".join(words[1:]).lower()) if len(words) > 2 else None
        if rest is not None and (not is_given_name(words[0]) or words[0] == p.surname):
            merger.union(rest.iri, r.iri)
    # bare surnames: the one full name with that surname, or the dominant one
    by_surname: dict[str, list[Record]] = defaultdict(list)
    for r, p in full:
        by_surname[p.surname.lower()].append(r)
    for r, p in people:
        if p.given or not p.surname:
            continue
        candidates = by_surname.get(p.surname.lower(), [])
        roots = {merger.find(c.iri) for c in candidates}
        if not roots:
            continue
        held = sorted(((merger.articles(x), x) for x in roots), reverse=True)
        total = sum(n for n, _ in held)
        if len(held) == 1 or held[0][0] >= DOMINANT * total:
            merger.union(held[0][1], r.iri)
        else:
            duplicates.append(
                _duplicate(
                    [r] + [merger.records[x] for _, x in held],
                    f"a bare surname that fits {len(held)} people",
                )
            )


def _duplicate(records: list[Record], reason: str) -> Duplicate:
    return Duplicate(tuple(r.iri for r in records), tuple(r.label for r in records), reason)


def plan(records: list[Record]) -> Plan:
    """Decide which named entities are one (see the module docstring)."""
    records = [r for r in records if not _HASHED.search(r.iri)]
    merger = _Merger(records)
    out = Plan()
    _type_votes(merger, records)
    _people(merger, records, out.duplicates)
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        groups[merger.find(r.iri)].append(r)
    for members in groups.values():
        if len(members) < 2:
            continue
        votes: dict[EntityType, int] = defaultdict(int)
        for r in members:
            votes[r.type] += r.articles
        best = max(votes.values())
        winner = next(t for t in _ORDER if votes.get(t) == best)
        typed = [r for r in members if r.type == winner]
        full = [r for r in typed if winner != "Person" or person_name(r.label).given] or typed
        keep = max(full, key=lambda r: (r.articles, -len(r.label), r.iri))
        iri = entity_iri(Entity(keep.label, keep.label, winner))
        for r in members:
            if r.iri != iri:
                out.merges[r.iri] = iri
        out.labels[iri] = keep.label
        out.types[iri] = winner
    return out


_P = f"PREFIX schema: <{SCHEMA}>\nPREFIX kg: <{KG}>\n"
_RECORDS = (
    _P
    + """SELECT ?e ?t ?n (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g { ?e a ?t ; schema:name ?n }
  FILTER(?t IN (schema:Person, schema:Organization, schema:Place, kg:Group))
} GROUP BY ?e ?t ?n"""
)
_ALTERNATES = _P + "SELECT DISTINCT ?e ?n WHERE { GRAPH ?g { ?e schema:alternateName ?n } }"


def store_records(store) -> list[Record]:
    """The named entities of a store, one record per IRI (its most used type and name)."""
    alternates: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_ALTERNATES):
        alternates[row["e"].value].add(row["n"].value)
    best: dict[str, tuple[int, str, str]] = {}
    for row in store.query(_RECORDS):
        iri = row["e"].value
        if not iri.startswith(DATA):
            continue
        n = int(row["articles"].value)
        item = (n, row["t"].value, row["n"].value)
        if iri not in best or item > best[iri]:
            best[iri] = item
    return [
        Record(iri, TYPES[t], label, frozenset(alternates[iri] | {label}), n)
        for iri, (n, t, label) in best.items()
    ]


def possible_duplicates(store) -> list[Duplicate]:
    """What ``plan`` kept apart in this store, for people to look at."""
    return plan(store_records(store)).duplicates


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def consolidate_store(store) -> Plan:
    """Apply ``plan`` to every named graph of ``store`` (pyoxigraph); returns the plan."""
    decided = plan(store_records(store))
    for old, new in decided.merges.items():
        store.update(
            f"DELETE {{ GRAPH ?g {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH ?g {{ ?s ?p <{new}> }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s ?p <{old}> }} }} ;\n"
            f"DELETE {{ GRAPH ?g {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{new}> ?p ?o }} }} "
            f"WHERE {{ GRAPH ?g {{ <{old}> ?p ?o }} }}"
        )
    classes = {v: k for k, v in TYPES.items()}
    for iri, label in decided.labels.items():
        cls = classes[decided.types[iri]]
        store.update(
            _P + f"DELETE {{ GRAPH ?g {{ <{iri}> a ?c }} }} WHERE {{ GRAPH ?g {{ <{iri}> a ?c }} "
            f"FILTER(?c != <{cls}>) }} ;\n"
            f"INSERT {{ GRAPH ?g {{ <{iri}> a <{cls}> }} }} "
            f"WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} ;\n"
            f"DELETE {{ GRAPH ?g {{ <{iri}> schema:name ?n }} }} "
            f"INSERT {{ GRAPH ?g {{ <{iri}> schema:alternateName ?n }} }} "
            f"WHERE {{ GRAPH ?g {{ <{iri}> schema:name ?n }} FILTER(?n != {_lit(label)}) }} ;\n"
            f"INSERT {{ GRAPH ?g {{ <{iri}> schema:name {_lit(label)} }} }} "
            f"WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} ;\n"
            f"DELETE WHERE {{ GRAPH ?g {{ <{iri}> schema:alternateName {_lit(label)} }} }}"
        )
    return decided
