"""Turtle and TriG a person can read: the same store always gives the same bytes.

Why not a library serialiser alone: pyoxigraph's is fast but writes subjects in hash order and
escapes every '/' in a local name (``kgd:claim\\/…``); rdflib's takes a predicate order and nests
blank nodes, but writes one predicate a line (≈ 60 lines a claim), orders subjects only by class
and parses/writes 15–20× slower. So pyoxigraph formats and escapes every term (``str(term)``,
the N-Triples form, which is valid Turtle) and this module decides, once for both formats, the
order and the lines:

* the ``@prefix`` lines of the namespaces used (``kg.iris.PREFIXES``), nothing else; an IRI whose
  local name would need an escape is written whole, ``<…>``;
* per article (articles in IRI order): a comment line, the article, then its claims in reading
  order (the first offset of their claimant, cue, content or addressee span), then the article's
  text (one long line, kept out of the claims' way); a claim is one block that reads top-down —
  claimant, cue, type, kind, content, addressee, about, article, provenance, evidence — with its
  evidence nodes and their selectors right after it;
* then the entities sorted by name, the provenance (runs, agents), and anything else by IRI.

TriG follows the same rules inside each named graph (the default graph first, graphs in IRI
order). Turtle holds the union of the graphs: each article's claims are written with their
article, and what several articles share (entities, provenance) once at the end.

``evidence`` trades detail for size: ``full`` writes every triple (the export round-trips),
``spans`` keeps each evidence span's role and offsets but drops its text quote selector,
``none`` drops the evidence nodes altogether.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from kg.rdf.iris import KG, OA, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, XSD, prefixed_name

EVIDENCE_LEVELS = ("full", "spans", "none")
NOWHERE = 1 << 62  # the reading-order key of what has no offset: last
INDENT = "    "

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Props = dict[ox.NamedNode, set[Term]]  # predicate -> objects of one subject


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


TYPE = _n(RDF + "type")
CLAIM = _n(SCHEMA + "Claim")
ARTICLE = _n(SCHEMA + "NewsArticle")
EVIDENCE = _n(KG + "evidence")
ROLE = _n(KG + "role")
HAS_SELECTOR = _n(OA + "hasSelector")
START = _n(OA + "start")
QUOTE_SELECTOR = _n(OA + "TextQuoteSelector")
APPEARANCE = _n(SCHEMA + "appearance")
NAME = _n(SCHEMA + "name")
BODY = _n(SCHEMA + "articleBody")
PROVENANCE_TYPES = {_n(PROV + "Activity"), _n(PROV + "SoftwareAgent")}

# Reading order of a claim's evidence: the spans in the order the claim block names them.
ROLE_RANK = {
    KG + "ClaimantRole": 0,
    KG + "CueRole": 1,
    KG + "ContentRole": 2,
    KG + "AddresseeRole": 3,
    KG + "SentenceRole": 4,
}
SELECTOR_RANK = {OA + "TextPositionSelector": 0, OA + "TextQuoteSelector": 1}


def _lines(*groups: tuple[str, ...]) -> list[list[ox.NamedNode]]:
    return [[_n(iri) for iri in group] for group in groups]


# Which predicates share a line, in order; predicates not listed follow, one a line, by IRI.
CLAIM_LINES = _lines(
    (RDF + "type",),
    (SCHEMA + "author", KG + "claimantText"),
    (KG + "cueText", KG + "cueLemma"),
    (KG + "claimType", KG + "kind"),
    (SCHEMA + "text",),
    (SCHEMA + "recipient", KG + "addresseeText"),
    (SCHEMA + "about",),
    (SCHEMA + "appearance",),
    (KG + "confidence", KG + "extractionRule", PROV + "wasGeneratedBy"),
    (KG + "evidence",),
)
ARTICLE_LINES = _lines(
    (RDF + "type", SCHEMA + "identifier"),
    (SCHEMA + "headline",),
    (SCHEMA + "url", SCHEMA + "datePublished"),
    (SCHEMA + "author",),
    (SCHEMA + "publisher",),
    (SCHEMA + "articleBody",),
)
EVIDENCE_LINES = _lines((RDF + "type", KG + "role", OA + "hasSource", OA + "hasSelector"))
SELECTOR_LINES = _lines(
    (RDF + "type", OA + "start", OA + "end", OA + "exact", OA + "prefix", OA + "suffix"),
)
ENTITY_LINES = _lines(
    (RDF + "type", SCHEMA + "name"),
    (SCHEMA + "alternateName",),
    (OWL + "sameAs",),
)
PROVENANCE_LINES = _lines(
    (RDF + "type", RDFS + "label"),
    (PROV + "wasAssociatedWith", SCHEMA + "softwareVersion"),
    (KG + "spacyPipeline", KG + "rulesVersion"),
)
OTHER_LINES = _lines((RDF + "type",))

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_BARE = {XSD + "integer": _INTEGER, XSD + "decimal": _DECIMAL}


class Terms:
    """Writes terms as Turtle and remembers which prefixes it used."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        self.prefixes = PREFIXES if prefixes is None else prefixes
        self.used: set[str] = set()
        self._cache: dict[str, str] = {}

    def iri(self, node: ox.NamedNode) -> str:
        iri = node.value
        written = self._cache.get(iri)
        if written is None:
            written = prefixed_name(iri, self.prefixes) or f"<{iri}>"
            if len(self._cache) > 200_000:  # bounded: a large export meets each IRI a few times
                self._cache.clear()
            self._cache[iri] = written
        if not written.startswith("<"):
            self.used.add(written.split(":", 1)[0])
        return written

    def term(self, term: Term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term)
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if isinstance(term, ox.Triple):
            s, p, o = self.term(term.subject), self.iri(term.predicate), self.term(term.object)
            return f"<<( {s} {p} {o} )>>"
        return str(term)  # a blank node: _:label, stable for one store

    def predicate(self, node: ox.NamedNode) -> str:
        return "a" if node == TYPE else self.iri(node)

    def literal(self, lit: ox.Literal) -> str:
        if lit.language:
            return str(lit)
        datatype = lit.datatype.value
        if datatype == XSD + "string":
            return str(lit)
        pattern = _BARE.get(datatype)
        if pattern is not None and pattern.fullmatch(lit.value):
            return lit.value  # the same lexical form is read back
        if datatype == XSD + "boolean" and lit.value in ("true", "false"):
            return lit.value
        return f"{ox.Literal(lit.value)}^^{self.iri(lit.datatype)}"

    def header(self, order: Iterable[str] | None = None) -> str:
        """The @prefix lines of the prefixes used, in the order of ``PREFIXES``."""
        names = [p for p in (order or self.prefixes) if p in self.used]
        lines = [f"@prefix {p}: <{self.prefixes[p]}> ." for p in names]
        return "\n".join(lines) + "\n" if lines else ""


def block(
    terms: Terms,
    subject: Term,
    props: Props,
    line_groups: list[list[ox.NamedNode]],
    order: dict[Term, tuple] | None = None,
) -> list[str]:
    """One subject's triples as Turtle lines: predicates grouped and ordered by ``line_groups``,
    objects by ``order`` (when given) or by how they are written."""
    rows: list[list[str]] = []
    listed: set[ox.NamedNode] = set()
    for group in line_groups:
        row = [_pred_objects(terms, p, props[p], order) for p in group if props.get(p)]
        listed.update(group)
        if row:
            rows.append(row)
    for p in sorted((p for p in props if p not in listed and props[p]), key=lambda p: p.value):
        rows.append([_pred_objects(terms, p, props[p], order)])
    head = terms.term(subject)
    if not rows:
        return []
    lines = [f"{head} {' ; '.join(rows[0])}"] + [INDENT + " ; ".join(r) for r in rows[1:]]
    return [line + " ;" for line in lines[:-1]] + [lines[-1] + " ."]


def _pred_objects(terms: Terms, p: ox.NamedNode, objects: set[Term], order) -> str:
    written = [(order.get(o, ()) if order else (), terms.term(o)) for o in objects]
    return f"{terms.predicate(p)} {' , '.join(w for _, w in sorted(written))}"


def group_triples(triples: Iterable) -> dict[Term, Props]:
    """subject -> predicate -> objects, from triples or quads (the graph is ignored)."""
    out: dict[Term, Props] = defaultdict(lambda: defaultdict(set))
    for t in triples:
        out[t.subject][t.predicate].add(t.object)
    return out


def _types(props: Props) -> set[Term]:
    return props.get(TYPE, set())


def _texts(props: Props, predicate: ox.NamedNode) -> list[str]:
    return sorted(o.value for o in props.get(predicate, ()) if isinstance(o, ox.Literal))


def _first_int(values: Iterable[Term]) -> int | None:
    ints = [
        int(v.value) for v in values if isinstance(v, ox.Literal) and _INTEGER.fullmatch(v.value)
    ]
    return min(ints) if ints else None


@dataclass
class _Claim:
    node: Term
    article: Term | None
    key: tuple
    owned: list[Term] = field(default_factory=list)  # evidence nodes and selectors, in order
    order: dict[Term, tuple] = field(default_factory=dict)  # how to list them as objects


@dataclass
class Unit:
    """One graph's subjects sorted into articles with their claims, and the rest."""

    subjects: dict[Term, Props]
    articles: list[Term]
    claims: dict[Term | None, list[_Claim]]  # by article (None: no article in this graph)
    shared: set[Term]  # entities, provenance and anything else: written after the claims


def sort_unit(subjects: dict[Term, Props]) -> Unit:
    articles = sorted(
        (s for s, props in subjects.items() if ARTICLE in _types(props)), key=_sort_key
    )
    article_set = set(articles)
    owner: dict[Term, Term] = {}
    claims: dict[Term | None, list[_Claim]] = defaultdict(list)
    for node in sorted((s for s, pr in subjects.items() if CLAIM in _types(pr)), key=_sort_key):
        props = subjects[node]
        if node in owner:
            continue
        article = min(
            (a for a in props.get(APPEARANCE, ()) if a in article_set), key=_sort_key, default=None
        )
        claim = _Claim(node, article, ())
        _own_evidence(subjects, claim, owner, article_set)
        claims[article].append(claim)
    for group in claims.values():
        group.sort(key=lambda c: c.key)
    local = article_set | set(owner) | {c.node for group in claims.values() for c in group}
    shared = {s for s in subjects if s not in local}
    return Unit(subjects, articles, claims, shared)


def _own_evidence(
    subjects: dict[Term, Props], claim: _Claim, owner: dict[Term, Term], articles: set[Term]
) -> None:
    """The claim's evidence nodes and their selectors, each with its sort key; sets the claim's
    reading-order key (its first claimant/cue/content/addressee offset, else its sentence's)."""
    spans = []
    for ev in claim_objects(subjects, claim.node, EVIDENCE):
        if ev in owner or ev in articles:
            continue
        props = subjects[ev]
        role = min((ROLE_RANK.get(r.value, 9) for r in props.get(ROLE, ())), default=9)
        selectors = []
        for sel in claim_objects(subjects, ev, HAS_SELECTOR):
            if sel in owner or sel == claim.node:
                continue
            rank = min((SELECTOR_RANK.get(t.value, 9) for t in _types(subjects[sel])), default=9)
            selectors.append(((rank, str(sel)), sel))
        starts = [_first_int(subjects[s].get(START, ())) for _, s in selectors]
        start = min((s for s in starts if s is not None), default=None)
        spans.append(((role, start if start is not None else NOWHERE, str(ev)), ev, selectors))
        owner[ev] = claim.node
        for _, sel in selectors:
            owner[sel] = claim.node
    spans.sort(key=lambda item: item[0])
    for key, ev, selectors in spans:
        claim.order[ev] = key
        claim.owned.append(ev)
        for sel_key, sel in sorted(selectors, key=lambda item: item[0]):
            claim.order[sel] = sel_key
            claim.owned.append(sel)
    first = min((k[1] for k, _, _ in spans if k[0] < 4), default=None)
    if first is None:
        first = min((k[1] for k, _, _ in spans), default=NOWHERE)
    claim.key = (first, str(claim.node))


def claim_objects(subjects: dict[Term, Props], node: Term, predicate: ox.NamedNode) -> list[Term]:
    """Objects of ``node``'s ``predicate`` that are described in this graph."""
    return [o for o in subjects[node].get(predicate, ()) if o in subjects]


def _sort_key(term: Term) -> tuple:
    return (str(term),)


def entity_key(subject: Term, props: Props) -> tuple:
    """Entities by name (case-insensitive), then IRI."""
    names = sorted(o.value for o in props.get(NAME, ()) if isinstance(o, ox.Literal))
    if not names:
        names = sorted(
            o.value for o in props.get(_n(RDFS + "label"), ()) if isinstance(o, ox.Literal)
        )
    name = names[0] if names else ""
    return (0 if names else 1, name.casefold(), name, str(subject))


class Writer:
    """Lays out units as Turtle lines; the same input gives the same lines."""

    def __init__(self, terms: Terms, evidence: str = "full") -> None:
        if evidence not in EVIDENCE_LEVELS:
            raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_LEVELS)}")
        self.terms = terms
        self.evidence = evidence

    def claims_part(self, unit: Unit) -> Iterator[str]:
        """Articles (each after a comment line) and their claims, as lines."""
        for article in unit.articles:
            claims = unit.claims.get(article, [])
            yield from self._comment(article, unit.subjects[article], claims)
            props = unit.subjects[article]
            head = {p: o for p, o in props.items() if p != BODY}
            yield from block(self.terms, article, head or props, ARTICLE_LINES)
            yield ""
            for claim in claims:
                yield from self._claim(unit, claim)
                yield ""
            if head and BODY in props:  # one long line: after the claims, not in their way
                yield f"# The text of {self._name(article, props)}: evidence offsets count into it"
                yield from block(self.terms, article, {BODY: props[BODY]}, ARTICLE_LINES)
                yield ""
        orphans = unit.claims.get(None, [])
        if orphans:
            yield f"# Claims whose article is not in this graph: {len(orphans)}"
            for claim in orphans:
                yield from self._claim(unit, claim)
                yield ""

    def _name(self, article: Term, props: Props) -> str:
        ident = _texts(props, _n(SCHEMA + "identifier"))
        return f"article {ident[0] if ident else self.terms.term(article)}"

    def _comment(self, article: Term, props: Props, claims: list[_Claim]) -> Iterator[str]:
        title = next(iter(_texts(props, _n(SCHEMA + "headline"))), None)
        name = self._name(article, props)
        words = [name[0].upper() + name[1:]]
        if title:
            words.append(f"“{title}”")
        n = len(claims)
        placed = all(c.key[0] != NOWHERE for c in claims)  # without evidence: by IRI
        words.append(f"{n} claim{'s' if n != 1 else ''}{' in reading order' if placed else ''}")
        yield "# " + " — ".join(" ".join(w.split()) for w in words)

    def _claim(self, unit: Unit, claim: _Claim) -> Iterator[str]:
        props = unit.subjects[claim.node]
        dropped: set[Term] = set()
        if self.evidence == "none":
            props = {p: o for p, o in props.items() if p != EVIDENCE}
            dropped = set(claim.owned)
        elif self.evidence == "spans":
            dropped = {s for s in claim.owned if QUOTE_SELECTOR in _types(unit.subjects[s])}
        yield from block(self.terms, claim.node, props, CLAIM_LINES, claim.order)
        for node in claim.owned:
            if node in dropped:
                continue
            sub = unit.subjects[node]
            if HAS_SELECTOR in sub:
                sub = {**sub, HAS_SELECTOR: sub[HAS_SELECTOR] - dropped}
                yield from block(self.terms, node, sub, EVIDENCE_LINES, claim.order)
            else:
                yield from block(self.terms, node, sub, SELECTOR_LINES, claim.order)

    def shared_part(self, subjects: dict[Term, Props], which: Iterable[Term]) -> Iterator[str]:
        """Entities by name, then provenance, then the rest by IRI; a comment before each."""
        entities, provenance, rest = [], [], []
        for s in which:
            props = subjects[s]
            if _types(props) & PROVENANCE_TYPES:
                provenance.append(s)
            elif NAME in props:
                entities.append(s)
            else:
                rest.append(s)
        sections = (
            (
                "Entities, by name",
                sorted(entities, key=lambda s: entity_key(s, subjects[s])),
                ENTITY_LINES,
            ),
            ("Provenance", sorted(provenance, key=_sort_key), PROVENANCE_LINES),
            ("Other", sorted(rest, key=_sort_key), OTHER_LINES),
        )
        for title, nodes, lines in sections:
            if not nodes:
                continue
            yield f"# {title}"
            for node in nodes:
                yield from block(self.terms, node, subjects[node], lines)
            yield ""


def _graphs(store: ox.Store) -> list[ox.NamedNode | ox.DefaultGraph]:
    named = sorted(store.named_graphs(), key=lambda g: str(g))
    default = ox.DefaultGraph()
    has_default = next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None
    return ([default] if has_default else []) + named


def write_store(store: ox.Store, out: BinaryIO, fmt: str, *, evidence: str = "full") -> None:
    """Write ``store`` as readable ``turtle`` (the union of its graphs) or ``trig`` (dataset)."""
    if fmt not in ("turtle", "trig"):
        raise ValueError(f"readable output is turtle or trig, not {fmt!r}")
    terms = Terms()
    writer = Writer(terms, evidence)
    shared: dict[Term, Props] = defaultdict(lambda: defaultdict(set))
    # the body goes to a spooled file first: the @prefix lines (only those used) come before it
    with tempfile.SpooledTemporaryFile(max_size=64 << 20) as body:
        blank = False  # a blank line is written only between two non-blank ones

        def emit(lines: Iterable[str], indent: str = "") -> None:
            nonlocal blank
            for line in lines:
                if not line:
                    blank = body.tell() > 0
                    continue
                body.write(("\n" if blank else "").encode() + (indent + line).encode() + b"\n")
                blank = False

        for graph in _graphs(store):
            subjects = group_triples(store.quads_for_pattern(None, None, None, graph))
            unit = sort_unit(subjects)
            if fmt == "turtle":
                emit(writer.claims_part(unit))
                for s in unit.shared:
                    for p, objects in subjects[s].items():
                        shared[s][p] |= objects
                continue
            lines = [*writer.claims_part(unit), *writer.shared_part(subjects, unit.shared)]
            if isinstance(graph, ox.DefaultGraph):
                emit(lines)
            else:
                while lines and lines[0].startswith("#"):  # the article's comment line: above
                    emit([lines.pop(0)])
                emit([f"{terms.iri(graph)} {{"])
                emit(lines, INDENT)
                blank = False
                emit(["}"])
            emit([""])
        if fmt == "turtle":
            emit(writer.shared_part(shared, shared.keys()))
        out.write(terms.header().encode("utf-8"))
        if body.tell():
            out.write(b"\n")
            body.seek(0)
            shutil.copyfileobj(body, out)
