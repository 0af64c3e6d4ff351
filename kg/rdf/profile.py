"""Everything the graph says about one entity or one article, with the evidence to check it
(``kg show``, ``kg serve``'s pages); rendering is ``kg.ui.show``'s and ``kg.ui.serve``'s job.

Why a profile and not another saved query: a reader checking a claimant wants, on one screen,
what it claimed, what others claimed about it and what was said to it — grouped by article, each
with the sentence it was read from and the claimed content highlighted in it — and that is three
queries joined in Python. The queries are files in ``queries/internal/``; they bind the entity as
an RDF term (``substitutions=``), never as text, like the saved ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.iris import PREFIXES
from kg.rdf.queries import compact, expand_iri, internal_query

ROLES = ("by", "about", "to")  # claims made by the entity, about it, to it
ENTITY_CLASSES = ("Person", "Organization", "Place", "Thing", "Group", "UnnamedSource")

_ROLE_NAMES = {
    "ClaimantRole": "claimant",
    "CueRole": "cue",
    "ContentRole": "content",
    "AddresseeRole": "addressee",
}


@dataclass
class ShownClaim:
    iri: str
    roles: set[str]
    text: str
    cue: str
    kind: str
    article: str
    claimants: set[str] = field(default_factory=set)
    addressees: set[str] = field(default_factory=set)
    entities: dict[str, str] = field(default_factory=dict)  # claimant/addressee name → IRI
    sentence: tuple[int, str] | None = None  # (start offset, text)
    content: list[tuple[int, int]] = field(default_factory=list)
    cue_start: int = 0
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # role → offsets

    def roles_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, role) of every evidence span but the sentence, in text order."""
        return sorted((s, e, role) for role, spans in self.spans.items() for s, e in spans)

    def first(self) -> int:
        """Where the claim starts in the article (its first span)."""
        return min((s for s, _, _ in self.roles_spans()), default=self.cue_start)


@dataclass
class ArticleInfo:
    iri: str
    identifier: str
    headline: str = ""
    published: str = ""
    publishers: set[str] = field(default_factory=set)


@dataclass
class ArticleView:
    """One article's text and every claim read from it, with the offsets of their spans."""

    info: ArticleInfo
    text: str
    url: str
    claims: list[ShownClaim]


@dataclass
class Profile:
    iri: str
    names: list[str]
    alternate_names: list[str]
    types: list[str]
    same_as: list[str]
    claims: list[ShownClaim]
    articles: dict[str, ArticleInfo]

    def by_role(self, role: str) -> list[ShownClaim]:
        return [c for c in self.claims if role in c.roles]


@dataclass
class EntityMatch:
    """An entity whose name or written form contains the searched text."""

    iri: str
    names: list[str]  # schema:name, then alternate names, that contain the text
    type: str  # Person, Organization, Place, Thing, Group or UnnamedSource
    exact: bool  # one of its names is the searched text (any case)
    counts: dict[str, int] = field(default_factory=dict)  # role (by/about/to) → claims


def _select(store: ox.Store, name: str, bind: dict):
    """Run the internal query ``name`` with its variables bound to RDF terms."""
    return store.query(internal_query(name), substitutions=bind)


def _value(term) -> str:
    return term.value if term is not None else ""


def find_entities(store: ox.Store, text: str, *, limit: int | None = None) -> list[EntityMatch]:
    """Entities named like ``text`` (case-insensitive substring of a name or written form).

    Exact matches first, then by number of claims made, then by name; each with its counts of
    claims by, about and to it. The text is bound as a literal, never pasted into the query.
    """
    text = text.strip()
    if not text:
        return []
    rows = _select(store, "entity-search", {ox.Variable("text"): ox.Literal(text)})
    found: dict[str, EntityMatch] = {}
    for row in rows:
        iri = row["entity"].value
        m = found.setdefault(iri, EntityMatch(iri, [], _local(row["type"].value), False))
        if row["label"].value not in m.names:
            m.names.append(row["label"].value)
        m.exact = m.exact or row["label"].value.lower() == text.lower()
    for m in found.values():
        m.names.sort(key=lambda n: (n.lower() != text.lower(), n))
        bind = {ox.Variable("entity"): ox.NamedNode(m.iri)}
        m.counts = {r: 0 for r in ROLES}
        for row in _select(store, "entity-claim-counts", bind):
            m.counts[row["role"].value] = int(row["n"].value)
        canonical = [
            r["name"].value for r in _select(store, "entity-names", bind)
        ]  # show the canonical name first even when only an alternate one matched
        if canonical and canonical[0] not in m.names:
            m.names.insert(0, canonical[0])
        elif canonical:
            m.names.remove(canonical[0])
            m.names.insert(0, canonical[0])
    ranked = sorted(
        found.values(), key=lambda m: (not m.exact, -m.counts["by"], m.names[0].lower(), m.iri)
    )
    return ranked[:limit] if limit else ranked


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def find_entity(store: ox.Store, spec: str) -> str:
    """The IRI of the entity ``spec`` names: an IRI, a prefixed name, or (part of) a name.

    An exact name (any case) wins over a partial one; when several entities still match, the
    error lists them with their IRIs so the user can pick one.
    """
    text = spec.strip()
    if not text:
        raise KgError("give an entity: a name such as 'Home Office' or an IRI such as org:x")
    if text.startswith("<") or (":" in text and text.split(":", 1)[0] in PREFIXES):
        iri = expand_iri(text, "the entity")
        if not any(True for _ in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)):
            raise KgError(f"no entity {text} in the store; find it with 'kg show NAME'")
        return iri
    rows = _select(store, "entity-search", {ox.Variable("text"): ox.Literal(text)})
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["entity"].value, set()).add(row["label"].value)
    exact = sorted(i for i, names in labels.items() if text.lower() in {n.lower() for n in names})
    candidates = exact or sorted(labels)
    if not candidates:
        raise KgError(
            f"no entity named like {spec!r} in the store; list the claimants with "
            "'kg query top-claimants'"
        )
    if len(candidates) > 1:
        listed = "; ".join(f"{min(labels[i])} ({compact(ox.NamedNode(i))})" for i in candidates)
        raise KgError(f"{spec!r} matches {len(candidates)} entities: {listed}; give one IRI")
    return candidates[0]


def entity_profile(store: ox.Store, iri: str) -> Profile:
    """Claims by, about and to the entity, with their evidence and articles."""
    bind = {ox.Variable("entity"): ox.NamedNode(iri)}
    facts: dict[str, set[str]] = {}
    for row in _select(store, "entity-facts", bind):
        key = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        shown = row["o"].value if isinstance(row["o"], ox.Literal) else compact(row["o"])
        facts.setdefault(key, set()).add(shown)
    claims = _claims(_select(store, "entity-claims", bind))
    _add_evidence(claims, _select(store, "entity-evidence", bind))
    articles: dict[str, ArticleInfo] = {}
    for row in _select(store, "entity-articles", bind):
        a = articles.setdefault(
            row["article"].value, ArticleInfo(row["article"].value, row["identifier"].value)
        )
        a.headline = a.headline or _value(row["headline"])
        a.published = a.published or _value(row["published"])
        if row["publisher"] is not None:
            a.publishers.add(row["publisher"].value)
    names = sorted(facts.get("name", ()))
    return Profile(
        iri=iri,
        names=names,
        alternate_names=sorted(facts.get("alternateName", set()) - set(names)),
        types=sorted(facts.get("type", ())),
        same_as=sorted(facts.get("sameAs", ())),
        claims=sorted(
            claims.values(), key=lambda c: (articles[c.article].identifier, c.cue_start, c.iri)
        ),
        articles=articles,
    )


def _claims(rows, *, with_roles: bool = True) -> dict[str, ShownClaim]:
    """ShownClaims from rows of entity-claims or article-claims (a row per claim × role × name)."""
    claims: dict[str, ShownClaim] = {}
    for row in rows:
        c = claims.get(row["claim"].value)
        if c is None:
            c = claims[row["claim"].value] = ShownClaim(
                iri=row["claim"].value,
                roles=set(),
                text=row["text"].value,
                cue=row["cue"].value,
                kind=row["kind"].value.rsplit("#", 1)[-1].lower(),
                article=row["article"].value,
            )
        if with_roles:
            c.roles.add(row["role"].value)
        speaker = row["speaker"] or row["written"]  # the claimant as resolved, else as written
        if speaker is not None:
            c.claimants.add(speaker.value)
            if row["author"] is not None and row["speaker"] is not None:
                c.entities[speaker.value] = row["author"].value
        if row["recipient"] is not None:
            c.addressees.add(row["recipient"].value)
            c.entities[row["recipient"].value] = row["addressee"].value
    return claims


def _add_evidence(claims: dict[str, ShownClaim], rows) -> None:
    for row in rows:
        c = claims[row["claim"].value]
        role = row["role"].value.rsplit("#", 1)[-1]
        start, end = int(row["start"].value), int(row["end"].value)
        if role == "SentenceRole":
            c.sentence = (start, row["exact"].value)
        elif role == "ContentRole":
            c.content.append((start, end))
        elif role == "CueRole":
            c.cue_start = start
        if role != "SentenceRole":
            c.spans.setdefault(_ROLE_NAMES.get(role, role), []).append((start, end))
    for c in claims.values():
        c.content.sort()
        for spans in c.spans.values():
            spans.sort()


def article_view(store: ox.Store, iri: str) -> ArticleView:
    """The article's text and its claims in text order; KgError if the store has no such article."""
    bind = {ox.Variable("article"): ox.NamedNode(iri)}
    rows = list(_select(store, "article", bind))
    if not rows:
        raise KgError(f"no article {compact(ox.NamedNode(iri))} in the store")
    info = ArticleInfo(iri, rows[0]["identifier"].value)
    text = url = ""
    for row in rows:
        info.headline = info.headline or _value(row["headline"])
        info.published = info.published or _value(row["published"])
        text = text or _value(row["body"])
        url = url or _value(row["url"])
        if row["publisher"] is not None:
            info.publishers.add(row["publisher"].value)
    claims = _claims(_select(store, "article-claims", bind), with_roles=False)
    _add_evidence(claims, _select(store, "article-evidence", bind))
    ordered = sorted(claims.values(), key=lambda c: (c.first(), c.iri))
    return ArticleView(info, text, url, ordered)


def resource_kind(store: ox.Store, iri: str) -> tuple[str, str | None]:
    """What an IRI names in the store — "claim" (with its article), "article", "entity" — or
    ("", None) when the store does not type it; for links that go to the right page."""
    kinds = {}
    for row in _select(store, "resource-kind", {ox.Variable("resource"): ox.NamedNode(iri)}):
        kinds[_local(row["type"].value)] = _value(row["article"]) or None
    if "Claim" in kinds:
        return "claim", kinds["Claim"]
    if "NewsArticle" in kinds:
        return "article", None
    if any(k in kinds for k in ENTITY_CLASSES):
        return "entity", None
    return "", None
