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
  article, so they never merge across articles; so are loose groups ("campaigners"), while
  nationality or party groups ("Democrats", NER NORP) merge; "the source" refers back to the last
  unnamed source with the same head noun;
- "a Home Office spokesman" speaks for the Home Office: the claimant is the organisation;
- a name's type is voted over all its mentions in the article, and a name ending in an
  organisation noun ("Home Office", "Prison Reform Network") is an organisation whatever the
  tagger says, so the type (and so the IRI) of a name does not flip between articles.

Across articles (``kg.resolve.aliases``): a named entity's key and label are its canonical
name ("Home Office" for "the Home Office's"), its other written forms become alternate names, and
the user's alias file maps what rules cannot; ``kg.resolve.entities`` makes one entity per person
over a whole build.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.data import words
from kg.extract.spans import ORG_HEADS, STRIP_EDGE
from kg.resolve.aliases import AliasTable, canonical_entity
from kg.resolve.names import is_given_name, normalize
from kg.resolve.people import ArticleNames, article_names
from kg.resolve.reference import AGE, SINGULAR, Discourse
from kg.types import Article, Claim, Entity, Mention, RawClaim, Span

UNNAMED_GROUP_HEADS = words("unnamed_group_heads")
SPOKES_HEADS = words("spokes_heads")
DOCUMENT_HEADS = words("document_heads")
_NAME_GLUE = frozenset({"of", "for", "and", "&", "on", "de"})


clean_name = normalize  # the one rule of kg.resolve.names: "the Home Office’s" -> "Home Office"


@dataclass
class _State:
    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)  # key -> entity
    names: list[tuple[int, Entity]] = field(default_factory=list)  # (offset, entity) in order
    speakers: list[Entity] = field(default_factory=list)  # resolved speakers, reading order
    aliases: dict[str, set[str]] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)  # unnamed source key -> head noun
    table: ArticleNames = field(default_factory=ArticleNames)  # what each name stands for
    disc: Discourse = field(default_factory=Discourse)  # who was mentioned how, for reference
    alias_table: AliasTable | None = None  # the user's alias table

    def remember(self, entity: Entity, alias: str | None = None) -> Entity:
        known = self.entities.setdefault(entity.key, entity)
        if alias:
            self.aliases.setdefault(known.key, set()).add(alias)
        return known


def _variant(mention: Mention) -> str:
    """The name as written, for alternate names: "the Home Office" stays, "Office's" goes."""
    name = (mention.name or mention.span.text).strip(STRIP_EDGE)
    name = re.sub(r"[’']s?$", "", name).strip(STRIP_EDGE)
    name = re.sub(r"^the\s+", "the ", name, flags=re.IGNORECASE)
    if mention.span.text.lower().startswith("the ") and not name.lower().startswith("the "):
        name = f"the {name}"
    return name


def _name_entity(state: _State, mention: Mention) -> Entity:
    """The entity of a name, as the article's names decided it (``kg.resolve.people``)."""
    entity = state.table.entity(mention)
    return state.remember(entity, _variant(mention) if state.table.written_name(mention) else None)


def _spoken_for(state: _State, mention: Mention) -> Entity | None:
    """The organisation a spokesperson speaks for: a name inside "a Home Office spokesman",
    or the organisation after "for" ("a spokeswoman for the county highways department")."""
    named_for = re.search(r"\bfor\s+((?:the\s+)?[\w’' &-]+)$", mention.span.text)
    if named_for and named_for[1].split()[-1].lower() in ORG_HEADS:
        name = clean_name(named_for[1])
        return state.remember(Entity(name, name, "Organization"), named_for[1])
    for offset, entity in reversed(state.names):
        if mention.span.start <= offset < mention.span.end and entity.type == "Organization":
            return state.remember(entity)
    words = re.findall(r"[\w’'&.-]+", mention.span.text)
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    if words and words[-1].lower().startswith("spokes"):
        words = words[:-1]
    if words and all(w[0].isupper() or w.lower() in _NAME_GLUE for w in words):
        name = clean_name(" ".join(words))
        if name and name[0].isupper():
            return state.remember(Entity(name, name, "Organization"))
    return None


def _issued_by(state: _State, mention: Mention) -> Entity | None:
    """The organisation or person a document comes from: "a statement from the harbour
    authority", "a letter from the Home Office", "the report by Acme Rail" speak for them."""
    text = re.sub(r"\s+(?:on|late|early|last|earlier|this)\s+\w+$", "", mention.span.text)
    issuer = re.search(r"\b(?:from|by|of)\s+((?:the\s+)?[\w’' &.-]+)$", text)
    if issuer is None:
        return _named_before(state, mention)
    start = mention.span.start + issuer.start(1)
    for offset, entity in reversed(state.names):
        if start <= offset < mention.span.end and entity.type in ("Organization", "Person"):
            return state.remember(entity)
    words = issuer[1].split()
    named = [w for w in words if w.lower() != "the"]
    if words[-1].lower() in ORG_HEADS or (
        named
        and all(w[:1].isupper() or w.isdigit() for w in named)
        and any(w.isupper() and len(w) > 1 for w in named)
        and not is_given_name(named[0])
    ):
        # "a release from UFCW Local 832": an acronym's name the tagger did not see
        name = clean_name(issuer[1])
        return state.remember(Entity(name, name, "Organization"), issuer[1])
    return None


def _named_before(state: _State, mention: Mention) -> Entity | None:
    """The organisation or person named before a document's own noun: "Ortega's book", "the
    Northwind study", "The RCMP statement" (not "a report on Ortega": that is its topic)."""
    head = re.search(rf"\b{re.escape(mention.head[:4])}\w*\W*$", mention.span.text, re.I)
    if not mention.head or head is None:
        return None
    end = mention.span.start + head.start()
    k = bisect_left(state.names, (end,))
    while k > 0 and state.names[k - 1][0] >= mention.span.start:
        k -= 1
        entity = state.names[k][1]
        if entity.type in ("Organization", "Person"):
            return state.remember(entity)
    return None


def _unnamed(state: _State, key: str, label: str, head: str, alias: str) -> Entity:
    entity = state.remember(Entity(key, label, "UnnamedSource"), alias)
    state.heads.setdefault(entity.key, head)
    return entity


def _same_head(state: _State, mention: Mention) -> Entity | None:
    """ "the source" after "a source familiar with …": the last unnamed source with that head."""
    if not mention.span.text.lower().startswith(("the ", "that ", "this ")) or not mention.head:
        return None
    for entity in [*reversed(state.speakers), *reversed(list(state.entities.values()))]:
        if entity.type == "UnnamedSource" and state.heads.get(entity.key) == mention.head:
            return state.remember(entity, mention.span.text)
    return None


def _last(
    state: _State,
    types: tuple[str, ...],
    before: int | None = None,
    exclude=None,
    gender: str = "",
) -> Entity | None:
    """The last speaker, else the last name, of one of ``types``; with ``gender`` ("F" for
    "she"), never one the article gave the other gender ("she" is not Richard Cuthbertson)."""

    def fits(entity: Entity) -> bool:
        ok = entity.type in types and entity is not exclude
        return ok and _gender_fits(state, entity, gender)

    for entity in reversed(state.speakers):
        if fits(entity):
            return entity
    for offset, entity in reversed(state.names):
        if (before is None or offset < before) and fits(entity):
            return entity
    return None


def _last_named_person(state: _State, before: int, exclude=None, gender: str = "") -> Entity | None:
    for offset, entity in reversed(state.names):
        if offset < before and entity.type == "Person" and entity is not exclude:
            if _gender_fits(state, entity, gender):
                return entity
    return None


def _gender_fits(state: _State, entity: Entity, gender: str) -> bool:
    """Whether ``entity`` may be a pronoun of ``gender`` ("F", "M", or "" for any): the
    article did not give it the other one."""
    known = state.disc.gender(entity) if gender else ""
    return not known or known == gender


def _resolve(state: _State, mention: Mention | None, quote_speaker: Entity | None) -> Entity | None:
    if mention is None:
        return None
    text = mention.span.text.lower()
    if mention.kind == "pronoun":
        if mention.in_quote and text in ("i", "me", "my", "myself", "we", "us") and quote_speaker:
            return state.remember(quote_speaker)
        if mention.in_quote and text in ("he", "him", "she", "her"):
            return _last_named_person(
                state, mention.span.start, exclude=quote_speaker, gender=SINGULAR[text]
            )
        if not mention.in_quote:
            found = state.disc.pronoun(mention)
            if found is not None:
                return state.remember(found)
        if text in ("he", "him", "she", "her", "himself", "herself"):
            return _last(
                state, ("Person", "UnnamedSource"), mention.span.start, gender=SINGULAR[text]
            )
        if text in ("they", "them"):
            return _last(state, ("Group", "Organization", "UnnamedSource"), mention.span.start)
        if text in ("it", "its"):
            return _last(state, ("Organization",), mention.span.start)
        return None
    if _coordinated(mention):
        return _group_of(state, mention, quote_speaker)
    if mention.kind == "name":
        return _name_entity(state, mention)
    if mention.kind == "other" and AGE.search(mention.span.text):
        mention = replace(mention, kind="description", head="year-old")  # "the 64-year-old"
    mention = _before_comma(mention)
    if mention.kind in ("group", "description"):
        named = state.table.known_person(mention)  # "Sanders" misread as a plural noun
        if named is not None:
            return state.remember(named, mention.span.text)
    if mention.kind == "description" and mention.head in DOCUMENT_HEADS:
        issuer = _issued_by(state, mention)
        if issuer is not None:
            return issuer
    if mention.kind in ("group", "description") and mention.head in SPOKES_HEADS:
        organisation = _spoken_for(state, mention)
        if organisation is not None:
            return organisation
    if mention.kind == "group":
        label = mention.span.text
        if mention.ner == "NORP":
            name = clean_name(label)
            return state.remember(Entity(name, name, "Group"), label)
        key = f"{state.article.id}#{clean_name(label).lower()}"
        if mention.head in UNNAMED_GROUP_HEADS or not mention.plural:
            return _unnamed(state, key, label, mention.head, label)
        # "campaigners" in two articles are not the same people: keyed to the article too
        key = f"{state.article.id}#group:{clean_name(label).lower()}"
        return state.remember(Entity(key, label, "Group"), label)
    if mention.kind == "description":
        return _description(state, mention)
    return None


def _description(state: _State, mention: Mention) -> Entity:
    """The entity of a description: an organisation ("the council"), a person described or
    renamed before ("the officer", "the mayor"), a thing ("the report"), or somebody new."""
    if mention.head in ORG_HEADS or mention.ner in ("ORG", "GPE"):
        return _organisation(state, mention)
    earlier = _described_before(state, mention)
    if earlier is not None:
        return earlier
    aged = AGE.search(mention.span.text) is not None  # "the 26-year-old right wing"
    if not aged and not _names_a_person(mention.head):
        # "the report said", "the poll found": a document or a thing, of this article only
        name = clean_name(mention.span.text)
        key = f"{state.article.id}#thing:{name.lower()}"
        label = _lower_first(mention.span.text)
        return state.remember(Entity(key, label, "Thing"), mention.span.text)
    # only a listed role noun or an age: "the ferry operator" after a named engineer is a
    # company, "the 34-year-old welder" a person
    renamed = None
    if aged or _names_a_person(mention.head, listed_only=True):
        renamed = state.disc.renamed_subject(mention)
    if renamed is not None:
        return state.remember(renamed, mention.span.text)
    previous = _last(state, ("UnnamedSource",))
    definite = not re.match(r"(?:a|an|one)\s", mention.span.text, flags=re.IGNORECASE)
    if definite and previous is not None and "#person:" in previous.key:
        return state.remember(previous, mention.span.text)
    label = _lower_first(mention.span.text)
    key = f"{state.article.id}#person:{clean_name(label).lower()}"
    return _unnamed(state, key, label, mention.head, mention.span.text)


def _before_comma(mention: Mention) -> Mention:
    """ "Officials at the agency, who spoke on condition of anonymity", "the report, published
    on Monday", "the senator (D-Ohio)": what follows the comma or the bracket of a description
    describes it; the label and the key are the phrase before it."""
    cut = min(
        (k for k in (mention.span.text.find(","), mention.span.text.find(" (")) if k > 0),
        default=-1,
    )
    if mention.kind not in ("group", "description") or cut <= 0:
        return mention
    text = mention.span.text[:cut].rstrip()
    return replace(mention, span=Span(mention.span.start, mention.span.start + len(text), text))


def _organisation(state: _State, mention: Mention) -> Entity:
    """The organisation a description names. "The company", "the agency" (no name in them)
    are the organisation the article has just been about (``Discourse.organisation``), else
    one of this article only: "the company" of two articles is not one company. A description
    the tagger calls an organisation ("the Wenlow council") is that name everywhere."""
    words = mention.span.text.split()
    bare = words[0].lower() in ("the", "this", "that", "its") and all(
        w.islower() for w in words[1:]
    )
    if bare:
        earlier = state.disc.organisation(mention)
        if earlier is not None:
            return state.remember(earlier, mention.span.text)
    name = clean_name(mention.span.text)
    if not name.islower():  # "the Wenlow council": a name
        return state.remember(Entity(name, name, "Organization"), _variant(mention))
    key = f"{state.article.id}#org:{name.lower()}"
    return state.remember(Entity(key, _lower_first(mention.span.text), "Organization"))


def _lower_first(text: str) -> str:
    """ "The officer" -> "the officer" for a label; "MPs" stays "MPs"."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _people(state: _State) -> list[Entity]:
    return [e for e in state.entities.values() if e.type in ("Person", "UnnamedSource")]


def _coordinated(mention: Mention) -> bool:
    """ "Rahman and Doyle", "the mayor and her deputy": two claimants, not one."""
    if mention.kind not in ("name", "description") or mention.ner not in ("", "PERSON"):
        return False
    if mention.name and " and " not in mention.name:
        rest = (
            mention.span.text[len(mention.name) :]
            if mention.span.text.startswith(mention.name)
            else ""
        )
        if rest.startswith(","):  # "Ann Lee, CEO and founder of …": one person, described
            return False
        before = (
            mention.span.text[: -len(mention.name)]
            if mention.span.text.endswith(mention.name)
            else ""
        )
        if before.strip() and before.islower() and not re.search(r"\band\s*$", before):
            return False  # "oil and gas worker Mike Wipf": a lower-case title before the name
        first = before.split(" and ")[0].split()
        if (
            re.search(r"\b[a-z][\w-]*\s+$", before)
            and first
            and first[0][:1].isupper()
            and not is_given_name(first[0])
            and not re.search(r"\band\s*$", before)
        ):
            return False  # "Heart and Stroke senior manager Erin Kim": an organisation's title
    return (
        len(re.split(r",?\s+and\s+", mention.span.text)) == 2
        and not mention.span.text[:1].isdigit()
    )


def _group_of(state: _State, mention: Mention, quote_speaker: Entity | None) -> Entity | None:
    """Both claimants of a coordination as one group whose label names each of them as
    resolved ("the mayor and her deputy, Alan Marsh" -> "Jane Ortiz and Alan Marsh")."""
    text = mention.span.text
    labels = []
    for part in re.split(r",?\s+and\s+", re.sub(r"\s+(?:both|all|together)$", "", text)):
        apposed = re.search(r",\s+((?:[A-Z][\w.’'-]*\s+)*[A-Z][\w’'-]+)$", part)
        if apposed:  # "her deputy, Alan Marsh": the name says who
            labels.append(apposed[1])
            continue
        offset = mention.span.start + text.find(part)
        words = part.split()
        sub = Mention(
            Span(offset, offset + len(part), part),
            "description"
            if part[:1].islower() or words[0].lower() in ("the", "her", "his")
            else "name",
            head=words[-1].lower() if words else "",
            name=part,
        )
        if sub.kind == "description":
            found = state.disc.description(sub, _people(state))
        else:
            last = part.split()[-1].lower()
            found = next(
                (
                    e
                    for e in reversed(_people(state))
                    if e.type == "Person" and e.label.split()[-1].lower() == last
                ),
                None,
            )
        labels.append(found.label if found is not None else part)
    if len(labels) != 2:
        return None
    label = " and ".join(labels)
    key = f"{state.article.id}#group:{label.lower()}"
    group = state.remember(Entity(key, label, "Group"), text)
    state.disc.plural.add(group.key)
    return group


PERSON_NOUNS = words("person_nouns")
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "ee", "ant", "ent")


def _names_a_person(head: str, listed_only: bool = False) -> bool:
    """Whether a description's head noun names a person ("the officer", "the campaigner") and
    not a thing ("the sign", "the report"). A word list plus agent-noun endings: cheap, and
    wrong only in the rare direction of treating a thing as a person. ``listed_only``: the
    word list alone, for subjects that say nothing ("the water rose", "that power may fade"),
    where a thing taken for a person would become the "he" or "she" of the next quote."""
    head = head.lower()
    if head in PERSON_NOUNS:
        return True
    return not listed_only and len(head) > 4 and head.endswith(PERSON_SUFFIXES)


def _described_before(state: _State, mention: Mention) -> Entity | None:
    """The person a definite description picks out among those met so far: by title,
    apposition, age or copula (``Discourse.description``), else by the same head noun."""
    described = state.disc.description(mention, _people(state))
    if described is not None:
        return state.remember(described, mention.span.text)
    return _same_head(state, mention)


def _narrated(state: _State, mention: Mention) -> Entity | None:
    """The person a subject description that makes no claim refers to ("The driver had
    stopped for fuel"): somebody described before, or a new unnamed person of the article.
    An organisation described as a subject ("The company cancelled 200 flights") is noted
    too, as the "it" of a following "It said"."""
    if mention.head in ORG_HEADS and mention.kind == "description" and not mention.plural:
        entity = _organisation(state, mention)
        # an organisation of this article only, while a named one was just mentioned: leave
        # "it" to the named one ("BC Hydro … The utility restored power. It said …")
        unnamed = "#" in entity.key
        return None if unnamed and state.disc.recent_organisation(mention) else entity
    if mention.head in ORG_HEADS or not _names_a_person(mention.head, listed_only=True):
        return None
    if mention.kind == "group":  # "Republican senators are eager …": whom a "they" may mean
        return _resolve(state, mention, None)
    if mention.kind != "description":
        return None
    earlier = _described_before(state, mention)
    if earlier is not None:
        return earlier
    label = _lower_first(mention.span.text)
    key = f"{state.article.id}#person:{clean_name(label).lower()}"
    return _unnamed(state, key, label, mention.head, mention.span.text)


def _with_aliases(state: _State, entity: Entity | None) -> Entity | None:
    """The entity with its other written forms as aliases, under the user's alias table."""
    if entity is None:
        return None
    aliases = tuple(sorted(a for a in state.aliases.get(entity.key, ()) if a != entity.label))
    named = Entity(entity.key, entity.label, entity.type, aliases)
    return canonical_entity(named, state.alias_table)


def _names_within(names: list[Mention], starts: list[int], spans) -> list[Mention]:
    """The name mentions inside any of ``spans``, in text order, found by binary search (a
    scan of every name for every claim made long articles quadratic)."""
    inside = set()
    for s in spans:
        for k in range(bisect_left(starts, s.start), bisect_left(starts, s.end)):
            if names[k].span.end <= s.end:
                inside.add(k)
    return [names[k] for k in sorted(inside)]


def resolve_article(
    article: Article,
    raws: list[RawClaim],
    names: list[Mention],
    descriptions: Sequence[Mention] = (),
    sentence_starts: Sequence[int] = (),
    aliases: AliasTable | None = None,
) -> tuple[list[Claim], list[Entity]]:
    """Turn raw claims into claims with resolved speaker, addressee and topics.

    ``names`` are the named-entity mentions of the article (for pronouns and topics);
    ``descriptions`` the person descriptions that are a sentence's subject ("The driver had
    stopped"), ``sentence_starts`` where each sentence starts (``kg.pipeline.context_mentions``):
    both feed the salience of pronouns (``kg.resolve.reference``). ``aliases`` is the user's
    alias table, if any.
    """
    # claimants vote on what their names are too: "her dad, Darrin" says Darrin is a person
    claimant_names = [r.source for r in raws if r.source is not None and r.source.kind == "name"]
    table = article_names(article, sorted([*names, *claimant_names], key=lambda m: m.span.start))
    state = _State(article, table=table, alias_table=aliases)
    state.disc = Discourse(tuple(sentence_starts))
    speakers, addressees = _speakers(state, raws, _events(raws, names, descriptions))
    claims = _claims(state, raws, names, speakers, addressees)
    entities: dict[str, Entity] = {}
    for c in claims:
        for e in (c.speaker, c.addressee_entity, *c.about):
            if e is not None:
                entities.setdefault(e.key, e)
    return claims, list(entities.values())


def _events(
    raws: list[RawClaim], names: list[Mention], descriptions: Sequence[Mention]
) -> list[tuple[int, int, object]]:
    """Mentions (kind 0) and claims (1, or 2 when nested in another's quote) in reading order."""
    events: list[tuple[int, int, object]] = [(m.span.start, 0, m) for m in names]
    events += [(m.span.start, 0, m) for m in descriptions]
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
    return events


def _speakers(
    state: _State, raws: list[RawClaim], events: list[tuple[int, int, object]]
) -> tuple[dict[int, Entity | None], dict[int, Entity | None]]:
    """Each claim's speaker and addressee, resolved in reading order."""
    speakers: dict[int, Entity | None] = {}
    addressees: dict[int, Entity | None] = {}
    for _, kind, item in events:
        if kind == 0:  # a named-entity mention, or a person described as a subject
            mention = item
            if mention.kind == "name":
                entity = _name_entity(state, mention)
                state.names.append((mention.span.start, entity))
            else:
                entity = _narrated(state, mention)
            state.disc.observe(mention, entity)
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
            if raw.source is not None and not raw.carried_over:
                state.disc.observe(raw.source, speaker, claimant=True)
    return speakers, addressees


def _claims(
    state: _State,
    raws: list[RawClaim],
    names: list[Mention],
    speakers: dict[int, Entity | None],
    addressees: dict[int, Entity | None],
) -> list[Claim]:
    """The claims with their speaker, addressee and the names their content is about."""
    claims = []
    by_start = sorted(names, key=lambda m: m.span.start)
    name_starts = [m.span.start for m in by_start]
    for i, raw in enumerate(raws):
        speaker = _with_aliases(state, speakers.get(i))
        about = []
        for m in _names_within(by_start, name_starts, raw.content):
            ent = _name_entity(state, m)
            if ent.key != (speaker.key if speaker else None) and ent.key not in [
                a.key for a in about
            ]:
                about.append(ent)
        claims.append(
            Claim(
                doc=state.article.id,
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
                type=raw.type,
            )
        )
    return claims
