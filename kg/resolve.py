"""Resolve claimant, addressee and topic mentions to entities inside one article.

Plain rules, in reading order, driven by salience (the last speaker is the likeliest referent):
- names: "Usman Khan" then "Khan" are one person (last-name match); "the Home Office",
  "Home Office's" are one organisation; the canonical key is the longest name, so the same
  organisation or person gets the same IRI in every article;
- pronouns outside quotes (he/she/they/it) refer to the last speaker of a fitting type, else to
  the last named person before them; "I/me/we" inside a quote are its speaker;
- definite descriptions of a person ("the officer", "the former Scotland Yard officer") refer to
  the last unnamed person who spoke; otherwise they start a new unnamed source;
- plural or indefinite sources ("sources", "a senior official") are unnamed sources keyed to the
  article, so they never merge across articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.spans import ORG_HEADS, STRIP_EDGE
from kg.types import Article, Claim, Entity, EntityType, Mention, RawClaim

NER_TYPES: dict[str, EntityType] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Organization",  # as a claimant, a country or city speaks as its government
    "NORP": "Group",
    "FAC": "Place",
    "LOC": "Place",
}
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady sen senator rep gov governor president "
    "judge justice mayor gen general col capt sgt rev".split()
)
UNNAMED_GROUP_HEADS = frozenset(
    "source official aide insider person people adviser advisor staffer diplomat".split()
)


def clean_name(text: str) -> str:
    """'the Home Office’s' -> 'Home Office'."""
    text = re.sub(r"[’']s?$", "", text.strip(STRIP_EDGE))
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return text.strip(STRIP_EDGE)


@dataclass
class _State:
    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)  # key -> entity
    names: list[tuple[int, Entity]] = field(default_factory=list)  # (offset, entity) in order
    speakers: list[Entity] = field(default_factory=list)  # resolved speakers, reading order
    aliases: dict[str, set[str]] = field(default_factory=dict)

    def remember(self, entity: Entity, alias: str | None = None) -> Entity:
        known = self.entities.setdefault(entity.key, entity)
        if alias:
            self.aliases.setdefault(known.key, set()).add(alias)
        return known


def _name_entity(state: _State, mention: Mention) -> Entity:
    name = clean_name(mention.name or mention.span.text)
    etype = NER_TYPES.get(
        mention.ner, "Person" if mention.head not in ORG_HEADS else "Organization"
    )
    if not mention.ner and mention.head in ORG_HEADS:
        etype = "Organization"
    first = name.split()[0].rstrip(".").lower() if name.split() else ""
    if first in HONORIFICS:
        etype = "Person"  # "Ms Reed", "Sen. Warren": the tagger sometimes says ORG
    if etype == "Person":
        last = name.split()[-1].lower() if name.split() else name.lower()
        for _, known in reversed(state.names):
            if known.type == "Person" and known.key.split()[-1].lower() == last:
                if len(name) <= len(known.key):
                    return state.remember(known, mention.span.text)
        for known in list(state.entities.values()):
            if (
                known.type == "Person"
                and len(name.split()) > 1
                and known.key.split()[-1].lower() == last
                and len(known.key.split()) == 1
            ):
                # an earlier surname-only mention: upgrade to the full name
                del state.entities[known.key]
    label = (
        name
        if etype == "Person"
        else (f"the {name}" if mention.span.text.lower().startswith("the ") else name)
    )
    return state.remember(Entity(key=name, label=label, type=etype), mention.span.text)


def _last(
    state: _State, types: tuple[str, ...], before: int | None = None, exclude=None
) -> Entity | None:
    for entity in reversed(state.speakers):
        if entity.type in types and entity is not exclude:
            return entity
    for offset, entity in reversed(state.names):
        if (before is None or offset < before) and entity.type in types and entity is not exclude:
            return entity
    return None


def _last_named_person(state: _State, before: int, exclude=None) -> Entity | None:
    for offset, entity in reversed(state.names):
        if offset < before and entity.type == "Person" and entity is not exclude:
            return entity
    return None


def _resolve(state: _State, mention: Mention | None, quote_speaker: Entity | None) -> Entity | None:
    if mention is None:
        return None
    text = mention.span.text.lower()
    if mention.kind == "pronoun":
        if mention.in_quote and text in ("i", "me", "my", "myself", "we", "us") and quote_speaker:
            return state.remember(quote_speaker, mention.span.text)
        if mention.in_quote and text in ("he", "him", "she", "her"):
            return _last_named_person(state, mention.span.start, exclude=quote_speaker)
        if text in ("he", "him", "she", "her", "himself", "herself"):
            return _last(state, ("Person", "UnnamedSource"), mention.span.start)
        if text in ("they", "them"):
            return _last(state, ("Group", "Organization", "UnnamedSource"), mention.span.start)
        if text in ("it", "its"):
            return _last(state, ("Organization",), mention.span.start)
        return None
    if mention.kind == "name":
        return _name_entity(state, mention)
    if mention.kind == "group":
        label = mention.span.text
        if mention.ner == "NORP":
            return state.remember(Entity(clean_name(label), label, "Group"), label)
        key = f"{state.article.id}#{clean_name(label).lower()}"
        etype: EntityType = (
            "UnnamedSource"
            if mention.head in UNNAMED_GROUP_HEADS or not mention.plural
            else "Group"
        )
        if etype == "Group":
            return state.remember(Entity(clean_name(label).lower(), label, "Group"), label)
        return state.remember(Entity(key, label, "UnnamedSource"), label)
    if mention.kind == "description":
        if mention.head in ORG_HEADS or mention.ner in ("ORG", "GPE"):
            name = clean_name(mention.span.text)
            return state.remember(Entity(name, f"the {name}", "Organization"), mention.span.text)
        previous = _last(state, ("UnnamedSource",))
        if previous is not None and "#person:" in previous.key:
            return state.remember(previous, mention.span.text)
        label = mention.span.text[0].lower() + mention.span.text[1:]
        key = f"{state.article.id}#person:{clean_name(label).lower()}"
        return state.remember(Entity(key, label, "UnnamedSource"), mention.span.text)
    return None


def _with_aliases(state: _State, entity: Entity | None) -> Entity | None:
    if entity is None:
        return None
    aliases = tuple(sorted(a for a in state.aliases.get(entity.key, ()) if a != entity.label))
    return Entity(entity.key, entity.label, entity.type, aliases)


def resolve_article(
    article: Article, raws: list[RawClaim], names: list[Mention]
) -> tuple[list[Claim], list[Entity]]:
    """Turn raw claims into claims with resolved speaker, addressee and topics.

    ``names`` are the named-entity mentions of the article (for pronoun fallback and topics).
    """
    state = _State(article)
    events: list[tuple[int, int, object]] = [(m.span.start, 0, m) for m in names]
    # a claim nested in another's quote is resolved right after the claim that quotes it
    events += [
        (
            raws[r.quote_speaker_of].cue.start if r.quote_speaker_of is not None else r.cue.start,
            1 if r.quote_speaker_of is None else 2,
            i,
        )
        for i, r in enumerate(raws)
    ]
    events.sort(key=lambda e: (e[0], e[1]))
    speakers: dict[int, Entity | None] = {}
    addressees: dict[int, Entity | None] = {}
    for _, kind, item in events:
        if kind == 0:  # a named-entity mention
            mention = item
            state.names.append((mention.span.start, _name_entity(state, mention)))
            continue
        i = item
        raw = raws[i]
        quote_speaker = (
            speakers.get(raw.quote_speaker_of) if raw.quote_speaker_of is not None else None
        )
        if raw.inherit_from is not None and raw.inherit_from in speakers:
            speaker = speakers[raw.inherit_from]
        else:
            speaker = _resolve(state, raw.source, quote_speaker)
        speakers[i] = speaker
        addressees[i] = _resolve(state, raw.addressee, quote_speaker or speaker)
        if addressees[i] is speaker:
            addressees[i] = (
                None if raw.addressee is None or raw.addressee.kind != "name" else speaker
            )
        if speaker is not None and not (raw.source and raw.source.in_quote):
            state.speakers.append(speaker)

    claims = []
    for i, raw in enumerate(raws):
        speaker = _with_aliases(state, speakers.get(i))
        about = []
        for m in names:
            if any(s.start <= m.span.start and m.span.end <= s.end for s in raw.content):
                ent = _name_entity(state, m)
                if ent.key != (speaker.key if speaker else None) and ent.key not in [
                    a.key for a in about
                ]:
                    about.append(ent)
        claims.append(
            Claim(
                doc=article.id,
                cue=raw.cue,
                cue_lemma=raw.cue_lemma,
                content=raw.content,
                kind=raw.kind,
                source=raw.source.span if raw.source else None,
                speaker=speaker,
                addressee=raw.addressee.span if raw.addressee else None,
                addressee_entity=_with_aliases(state, addressees.get(i)),
                about=tuple(_with_aliases(state, a) for a in about),
                confidence=raw.confidence,
                sentence=raw.sentence,
                rule=raw.rule,
                carried_over=raw.carried_over,
            )
        )
    used = {c.speaker.key for c in claims if c.speaker}
    used |= {c.addressee_entity.key for c in claims if c.addressee_entity}
    used |= {a.key for c in claims for a in c.about}
    entities = [_with_aliases(state, e) for k, e in state.entities.items() if k in used]
    return claims, [e for e in entities if e is not None]
