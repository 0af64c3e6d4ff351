"""The subject–claim–source view: one plain triple per claim (``kg export --view triples``).

The mission describes the graph in one line — *mentor — reported concerns — Home Office* — and
this view is that line for every claim: claimant → ``kg:toldTo`` (when the claim names an
addressee) or ``kg:stated`` / ``kg:believes`` / ``kg:knows`` / ``kg:intends`` (by claim type) →
addressee or content. The triples come from the saved query ``queries/claim-triples.rq`` (so a
SPARQL server gives the same view with ``kg query claim-triples --endpoint …``); this module lays
them out for reading and validates them against ``ontology/simple-shapes.ttl``.

Each simple triple is linked back to the claim it stands for, the claim being its reifier:

* default (RDF 1.1, for rdflib, rapper, pySHACL and most stores): the reification vocabulary,
  ``claim:… rdf:subject … ; rdf:predicate kg:toldTo ; rdf:object … .``;
* ``rdf12=True``: an RDF 1.2 reifier on the triple itself, ``… kg:toldTo org:home-office ~
  claim:… .``, which is ``claim:… rdf:reifies <<( … kg:toldTo org:home-office )>>``. No extra
  ``kg:asClaim`` node is needed: the claim *is* the reifier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from kg.rdf.iris import KG, OA, RDF, SCHEMA
from kg.rdf.turtle import INDENT, Terms

VIEW_QUERY = "claim-triples"
SHAPES = "simple-shapes.ttl"
PREDICATES = [ox.NamedNode(KG + p) for p in ("toldTo", "stated", "believes", "knows", "intends")]
RANK = {p: i for i, p in enumerate(PREDICATES)}
SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(RDF + p) for p in ("subject", "predicate", "object"))
REIFIES = ox.NamedNode(RDF + "reifies")
NAME = ox.NamedNode(SCHEMA + "name")


@dataclass(frozen=True)
class Edge:
    """One simple triple and the claim that reifies it."""

    subject: ox.NamedNode
    predicate: ox.NamedNode
    object: ox.NamedNode | ox.Literal
    claim: ox.NamedNode


def view_triples(store: ox.Store) -> list[ox.Triple]:
    """The simple view of the store, as the saved query ``claim-triples`` gives it."""
    from kg.rdf.queries import resolve_query, run

    query = resolve_query(VIEW_QUERY)
    return list(run(store, query, {}))


def edges(triples: Iterable[ox.Triple]) -> tuple[list[Edge], dict[ox.NamedNode, str]]:
    """The reified simple triples and the entities' names, from the view's triples (either
    reification form)."""
    parts: dict[object, dict] = defaultdict(dict)
    names: dict[ox.NamedNode, str] = {}
    for t in triples:
        if t.predicate == NAME and isinstance(t.object, ox.Literal):
            old = names.get(t.subject)
            names[t.subject] = t.object.value if old is None else min(old, t.object.value)
        elif t.predicate in (SUBJECT, PREDICATE, OBJECT):
            parts[t.subject][t.predicate] = t.object
        elif t.predicate == REIFIES and isinstance(t.object, ox.Triple):
            inner = t.object
            parts[t.subject] = {SUBJECT: inner.subject, PREDICATE: inner.predicate}
            parts[t.subject][OBJECT] = inner.object
    found = [
        Edge(p[SUBJECT], p[PREDICATE], p[OBJECT], claim)
        for claim, p in parts.items()
        if len(p) == 3 and p[PREDICATE] in RANK
    ]
    found.sort(key=lambda e: (str(e.subject), RANK[e.predicate], str(e.object), str(e.claim)))
    return found, names


def reading_order(store: ox.Store) -> dict[ox.NamedNode, tuple]:
    """Each claim's place in reading order: its article, then its first claimant, cue, content
    or addressee offset."""
    rows = store.query(
        "SELECT ?claim (MIN(STR(?article)) AS ?in) (MIN(?start) AS ?first) WHERE { GRAPH ?g { "
        "?claim schema:appearance ?article ; kg:evidence ?e . ?e kg:role ?role ; "
        "oa:hasSelector/oa:start ?start FILTER(?role != kg:SentenceRole) } } GROUP BY ?claim",
        prefixes={"schema": SCHEMA, "kg": KG, "oa": OA},
    )
    return {r["claim"]: (r["in"].value, int(r["first"].value)) for r in rows}


def write_view(
    triples: Iterable[ox.Triple],
    out: BinaryIO,
    *,
    rdf12: bool = False,
    order: dict[ox.NamedNode, tuple] | None = None,
) -> None:
    """Write the view as Turtle: each claimant (by name) with its simple triples, one a line,
    in reading order when ``order`` gives it (else by predicate and object); in RDF 1.1 each
    claim's reification follows its claimant's block."""
    found, names = edges(triples)
    if order:
        last = ("\uffff", 0)
        found.sort(key=lambda e: (str(e.subject), order.get(e.claim, last), str(e.claim)))
    terms = Terms()
    by_claimant: dict[ox.NamedNode, list[Edge]] = defaultdict(list)
    for e in found:
        by_claimant[e.subject].append(e)
    lines: list[str] = []
    for claimant in sorted(by_claimant, key=lambda s: _name_key(s, names)):
        group = by_claimant[claimant]
        name = names.get(claimant)
        head = terms.term(claimant)
        lines.append(f"# {' '.join(name.split()) if name else head}")
        rows = [f"{terms.iri(NAME)} {ox.Literal(name)}"] if name else []
        reifiers: dict[tuple, list[ox.NamedNode]] = defaultdict(list)
        for e in group:
            reifiers[(e.predicate, e.object)].append(e.claim)
        for (p, o), claims in reifiers.items():
            tail = "".join(f" ~ {terms.term(c)}" for c in claims) if rdf12 else ""
            rows.append(f"{terms.term(p)} {terms.term(o)}{tail}")
        block = [f"{head} {rows[0]}"] + [INDENT + r for r in rows[1:]]
        lines += [b + " ;" for b in block[:-1]] + [block[-1] + " ."]
        if not rdf12:
            s, p, o = (terms.iri(x) for x in (SUBJECT, PREDICATE, OBJECT))
            lines += [
                f"{terms.term(e.claim)} {s} {head} ; {p} {terms.term(e.predicate)} ; "
                f"{o} {terms.term(e.object)} ."
                for e in group
            ]
        lines.append("")
    addressees = sorted(
        {e.object for e in found if isinstance(e.object, ox.NamedNode)} - set(by_claimant),
        key=lambda s: _name_key(s, names),
    )
    named = [a for a in addressees if a in names]
    if named:
        lines.append("# Addressees who claim nothing here")
        lines += [f"{terms.term(a)} {terms.iri(NAME)} {ox.Literal(names[a])} ." for a in named]
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return
    out.write((terms.header() + "\n" + "\n".join(lines) + "\n").encode("utf-8"))


def _name_key(node: ox.NamedNode, names: dict[ox.NamedNode, str]) -> tuple:
    name = names.get(node, "")
    return (0 if name else 1, name.casefold(), name, str(node))


def classic_reification(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """RDF 1.2 reifiers (``c rdf:reifies <<( s p o )>>``) as RDF 1.1 reification triples, so
    rdflib and pySHACL can read a view written with ``--rdf12``."""
    out: list[ox.Triple] = []
    for t in triples:
        if t.predicate == REIFIES and isinstance(t.object, ox.Triple):
            inner = t.object
            out += [
                ox.Triple(t.subject, SUBJECT, inner.subject),
                ox.Triple(t.subject, PREDICATE, inner.predicate),
                ox.Triple(t.subject, OBJECT, inner.object),
            ]
        else:
            out.append(ox.Triple(t.subject, t.predicate, t.object))  # quads too: graph dropped
    return out


def validate_view(triples: Iterable[ox.Triple]):
    """Check a simple view (either reification form) against ``ontology/simple-shapes.ttl``."""
    import rdflib

    from kg.rdf.validate import shapes_graph, validate_graph

    data = rdflib.Graph()
    text = ox.serialize(classic_reification(triples), format=ox.RdfFormat.N_TRIPLES)
    if text:
        data.parse(data=text.decode("utf-8"), format="nt")
    return validate_graph(data, shapes_graph(SHAPES))


VIEW_FORMATS = ("turtle", "ntriples")


def rdf12_reifiers(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The view with each claim's reification as one RDF 1.2 ``rdf:reifies`` triple."""
    found, _ = edges(triples)
    reified = {e.claim for e in found}
    kept = [
        t
        for t in triples
        if not (t.subject in reified and t.predicate in (SUBJECT, PREDICATE, OBJECT))
    ]
    return kept + [
        ox.Triple(e.claim, REIFIES, ox.Triple(e.subject, e.predicate, e.object)) for e in found
    ]


def export_view(store: ox.Store, out: BinaryIO, fmt: str, *, rdf12: bool = False) -> None:
    """Write the simple view of ``store``: readable Turtle, or sorted N-Triples."""
    triples = view_triples(store)
    if fmt == "turtle":
        write_view(triples, out, rdf12=rdf12, order=reading_order(store))
        return
    if rdf12:
        triples = rdf12_reifiers(triples)
    lines = sorted(str(t) for t in triples)  # N-Triples (1.2 with triple terms): one a line
    out.write("".join(f"{line} .\n" for line in lines).encode("utf-8"))


def validate_view_store(store: ox.Store):
    """Validate the simple view of a claims store."""
    return validate_view(view_triples(store))


def validate_view_file(path):
    """Validate a file written by ``kg export --view triples`` (either reification form)."""
    from kg.rdf.validate import load_file

    db = load_file(path)
    return validate_view(ox.Triple(q.subject, q.predicate, q.object) for q in db)
