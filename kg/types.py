"""Plain data types passed between pipeline stages.

Every stage takes and returns these frozen dataclasses; none of them holds a spaCy object, so the
graph, store and evaluation layers never depend on the parser. Character offsets are Unicode code
points into ``Article.text`` exactly as read, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClaimKind = Literal["direct", "indirect", "mixed"]
# what act the cue reports (docs/guidelines.md, "Claim types"); kg.extract.claim_type derives it
ClaimType = Literal["statement", "belief", "knowledge", "intention"]
EntityType = Literal["Person", "Organization", "Place", "Group", "UnnamedSource", "Thing"]


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Article:
    """One input document and its metadata.

    ``body_end`` is where the article body stops (page junk such as share-button labels after it
    is never mined for claims); ``None`` means the whole text is body.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publishers: tuple[str, ...] = ()
    published: str | None = None
    author: str | None = None
    origin: str | None = None  # file path or "<stdin>", for messages
    body_start: int = 0
    body_end: int | None = None


MentionKind = Literal["pronoun", "name", "description", "group", "other"]


@dataclass(frozen=True)
class Mention:
    """A phrase that refers to somebody, as classified by the extractor for resolution."""

    span: Span
    kind: MentionKind
    ner: str = ""  # spaCy entity label of the phrase, if any (PERSON, ORG, GPE, ...)
    head: str = ""  # lemma of the head word, lower case
    plural: bool = False
    in_quote: bool = False
    name: str = ""  # the name part for kind="name" ("Home Office" in "the Home Office's")
    # read off the parse for resolution (kg.extract.discourse): subject/object/other, the words
    # that describe the person ("coach", "64-year-old"), "F"/"M" when the phrase says so
    role: str = ""
    descriptors: tuple[str, ...] = ()
    gender: str = ""


@dataclass(frozen=True)
class Entity:
    """Who a claimant (or addressee, or topic) is, after resolution inside the article.

    ``key`` is the canonical name used to mint the IRI: the same key in two articles means the
    same entity, except for unnamed sources, whose key is made unique per article.
    """

    key: str
    label: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # IRIs of the same thing elsewhere (Wikidata), from aliases


@dataclass(frozen=True)
class Claim:
    """One attributed statement as read from an article."""

    doc: str
    cue: Span
    cue_lemma: str
    content: tuple[Span, ...]
    kind: ClaimKind
    source: Span | None = None  # the claimant as written
    speaker: Entity | None = None  # the claimant as resolved
    addressee: Span | None = None
    addressee_entity: Entity | None = None
    about: tuple[Entity, ...] = ()
    confidence: float = 0.5
    sentence: Span | None = None  # the sentence(s) the claim was read from
    rule: str = ""  # which extraction pattern produced it
    carried_over: bool = False  # claimant and cue taken from a neighbouring sentence
    type: ClaimType = "statement"

    @property
    def content_text(self) -> str:
        return " … ".join(s.text for s in self.content)

    def to_dict(self) -> dict:
        """The claim as plain data: the ``kg extract --format jsonl`` line (``to_json``)."""
        return self.to_json()

    def to_json(self) -> dict:
        """The ``kg extract --format jsonl`` contract (one claim per line)."""
        content: dict | list[dict]
        if len(self.content) == 1:
            content = self.content[0].to_dict()
        else:
            content = [s.to_dict() for s in self.content]
        speaker = None
        if self.speaker is not None:
            from kg.rdf.iris import entity_iri  # local import: types stay dependency-free

            speaker = {
                "label": self.speaker.label,
                "iri": entity_iri(self.speaker),
                "type": self.speaker.type,
            }
        addressee = None
        if self.addressee is not None:
            addressee = self.addressee.to_dict()
            if self.addressee_entity is not None:
                addressee["label"] = self.addressee_entity.label
        return {
            "doc": self.doc,
            "source": self.source.to_dict() if self.source else None,
            "speaker": speaker,
            "cue": {**self.cue.to_dict(), "lemma": self.cue_lemma},
            "content": content,
            "addressee": addressee,
            "kind": self.kind,
            "type": self.type,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class ArticleResult:
    """What extraction returns for one article."""

    article: Article
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...] = field(default=())


@dataclass(frozen=True)
class RawClaim:
    """A claim as found by the extraction rules, before its claimant is resolved.

    ``quote_speaker_of`` is the index (in the same list) of the claim whose direct quote contains
    this one, so that "me" inside the mentor's quote resolves to the mentor.
    """

    cue: Span
    cue_lemma: str
    content: tuple[Span, ...]
    kind: ClaimKind
    rule: str
    confidence: float
    sentence: Span | None = None
    source: Mention | None = None
    addressee: Mention | None = None
    about: tuple[Mention, ...] = ()
    carried_over: bool = False
    inherit_from: int | None = None  # index of the claim whose claimant this one repeats
    quote_speaker_of: int | None = None
    type: ClaimType = "statement"
