"""Which names in one article are the same person, organisation or place, and of what type.

Why before claims are resolved: a reader decides who "Clinton" is from the whole article, not
from the names seen so far, and decides that "Bernie Sanders" is a person from every mention, not
from the one the tagger got wrong. So all name mentions of an article are read once:

- each name is cleaned by ``kg.resolve.names`` (titles, party labels and possessives out of a
  person's key);
- full names are people told apart by their first names ("Ivanka Trump" is not "Donald Trump"),
  and are one person when compatible ("Donald J. Trump", "Donald Trump");
- a bare surname ("Clinton", "Mr. Clinton", "Secretary Clinton") or a bare first name
  ("Hillary") joins the one full name of the article it fits; when two fit (Bill and Hillary
  Clinton) it stays a bare name, for the build to decide (``kg.resolve.entities``);
- the type is voted over all mentions of the entity: a title or a known given name votes
  Person, an organisation noun at the end votes Organization, then the tagger's label
  (a country, state or city is a Place);
- names in the headline start nothing: title-case headlines fool the tagger ("Black Lawmakers
  Rip Donald Trump"); a claimant named there still finds its entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from kg.extract.spans import ORG_HEADS, PERSON_NOUNS, STRIP_EDGE
from kg.resolve.names import (
    PersonName,
    given_gender,
    is_given_name,
    is_surname,
    name_words,
    normalize,
    person_name,
)
from kg.types import Article, Entity, EntityType, Mention

NER_TYPES: dict[str, EntityType] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "NORP": "Group",
    "FAC": "Place",
    "LOC": "Place",
}
# ties: a name tagged a place as often as an organisation is a place ("Cambridgeshire")
_TYPE_ORDER: tuple[EntityType, ...] = ("Person", "Place", "Organization", "Group")


def mention_name(mention: Mention) -> str:
    """The name of a name mention; "Fishmongers’ Hall" keeps its possessive part."""
    name = normalize(mention.name or mention.span.text)
    whole = mention.span.text.strip(STRIP_EDGE)
    if mention.name and whole.endswith(mention.name) and whole != mention.name:
        prefix = whole[: -len(mention.name)]
        if re.fullmatch(r"(?:the\s+)?(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*[’']s?\s+", prefix):
            name = normalize(whole)
    return name


def _titled(name: str) -> bool:
    """Whether the name starts with an honorific or a personal title ("Sen.", "Mr")."""
    words = name_words()
    parts = name.split()
    first = parts[0].lower().rstrip(".") if parts else ""
    return len(parts) > 1 and (first in words["honorific"] or first in words["title"])


# titles that are not also the first word of organisations' names ("General Motors", "First Data")
_PERSON_TITLES = frozenset(
    "president senator governor secretary mayor speaker congressman congresswoman "
    "representative candidate nominee minister premier chief mp mpp mla councillor councilor "
    "ambassador commissioner".split()
)


# last words of places named after people ("Virginia Beach", "Charlotte Harbor")
PLACE_WORDS = frozenset(
    "beach heights park hills hill falls springs city county island islands bay valley street "
    "avenue road square station airport lake river mountain mount point harbor harbour village "
    "town township creek port bridge center centre hall court gardens plaza".split()
)


def _person_title(word: str) -> bool:
    """Whether a first word marks a person even where the tagger says ORG: an abbreviation
    ("Sen.", "Gov.") or an unambiguous title ("Senator"), not "General" or "Major"."""
    return word.endswith(".") or word.lower() in _PERSON_TITLES


_THE = re.compile(r"the\s", re.IGNORECASE)


def name_type(mention: Mention, name: str, publishers: frozenset[str] = frozenset()) -> EntityType:
    """The type one mention votes for: organisation nouns, titles, given names, then the tagger."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in ORG_HEADS:
        return "Organization"  # "Home Office", "Prison Reform Network"
    if name.lower() in publishers:
        return "Organization"  # "told the Northern Courier" in an article it published
    if words and words[0].rstrip(".").lower() in name_words()["honorific"]:
        return "Person"  # "Ms Reed": the tagger sometimes says ORG
    if (mention.ner in ("PERSON", "") and _titled(name)) or (
        mention.ner == "ORG" and _titled(name) and _person_title(words[0])
    ):
        return "Person"  # "Sen. Bernie Sanders", "Gov. Mike Pence"; not "General Motors"
    parsed = person_name(name)
    if parsed.title and parsed.surname[:1].isupper() and _person_title(parsed.title.split()[-1]):
        return "Person"  # "Hereditary Chief Na'moks", "Foreign Minister Ana Silva" tagged ORG
    core = parsed.key.split()  # "Democrat Maria Ortiz" -> Maria Ortiz
    # "the Jordan Comets", "the inaugural Victoria Cup Classic": people's names take no
    # article, whatever their first word
    determined = (
        mention.ner != "PERSON"
        and mention.span.text[:3].lower() == "the"  # the pattern's own start, before compiling
        and re.match(
            rf"the\s+(?:[a-z][\w-]*\s+)*{re.escape(words[0])}\b", mention.span.text, re.IGNORECASE
        )
    )
    if (
        mention.ner in ("PERSON", "ORG", "")
        and not determined
        and 2 <= len(core) <= 3
        and (is_given_name(core[0]) or (len(core) == 2 and is_surname(core[1])))
        and all(w[:1].isupper() and not w.isupper() for w in core)
        and not re.search(r"[&\d]", name)
    ):
        return "Person"  # "Bernie Sanders", "Saskia Jones": a given name or a surname, tagged ORG
    if (
        mention.ner in ("LOC", "GPE", "FAC")
        and mention.role == "subject"
        and 2 <= len(core) <= 3
        and given_gender(core[0]) in ("F", "M")
        and core[-1].lower() not in PLACE_WORDS
        and all(w[:1].isupper() and not w.isupper() for w in core)
    ):
        return "Person"  # "Chloe Dubois met …" tagged LOC: a first name, a verb's subject
    if (
        2 <= len(core) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in core)
        and any(d in PERSON_NOUNS for d in mention.descriptors)
    ):
        return "Person"  # "Alexei Malashenko, a leading Middle East expert" tagged GPE
    if (
        mention.ner in ("PERSON", "")
        and _THE.match(mention.span.text)  # cheap first: the pattern below is one per name
        and re.match(rf"the\s+{re.escape(name)}\b", mention.span.text, flags=re.IGNORECASE)
    ):
        return "Organization"  # "the Northern Courier": people's names take no article
    if (
        mention.ner in ("", "PERSON")
        and any(len(w) >= 2 and w.isalpha() and w.isupper() for w in words)
        and not any(is_given_name(w) for w in words)
    ):
        return "Organization"  # "Burnaby RCMP", "EHS": an acronym and no first name
    if mention.ner in NER_TYPES:
        return NER_TYPES[mention.ner]
    return "Organization" if mention.head in ORG_HEADS else "Person"


def _guessed(mention: Mention, name: str, kind: EntityType) -> bool:
    """Whether a one-word name's type is only the default: the tagger saw no entity and nothing
    in the name says person ("Facebook says" nine times untagged, twice tagged ORG: a company)."""
    return (
        kind == "Person"
        and not mention.ner
        and len(name.split()) == 1
        and not is_given_name(name)
        and not any(d in PERSON_NOUNS for d in mention.descriptors)
    )


def headline_end(article: Article) -> int:
    """Where the headline ends (``body_start`` when there is none): the title's line when the
    body starts with it, or a first line in title case ("Black Lawmakers Rip Donald Trump")."""
    start = article.body_start
    line_end = article.text.find("\n", start)
    if line_end < 0:
        return start
    first = article.text[start:line_end].strip()
    if article.title and first.rstrip(".").strip() == article.title.rstrip(".").strip():
        return line_end
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", first) if len(w) > 3]
    if len(words) >= 4 and all(w[0].isupper() for w in words) and not first.endswith((".", ":")):
        return line_end
    return start


@dataclass
class _Person:
    name: PersonName
    key: str
    names: set[str] = field(default_factory=set)  # lower-case names that are this person
    mentions: int = 0  # how often the article writes one of those names in full
    starts: list[int] = field(default_factory=list)  # where it does


@dataclass
class ArticleNames:
    """The entities the names of one article stand for; ``entity`` answers for any mention."""

    publishers: frozenset[str] = frozenset()
    headline: int = 0  # where the headline ends
    people: list[_Person] = field(default_factory=list)
    by_name: dict[str, Entity] = field(default_factory=dict)  # lower-case name -> entity
    votes: dict[str, Counter] = field(default_factory=dict)  # entity key -> type votes
    debris: set[str] = field(default_factory=set)  # headline words taken for a name
    shared: set[str] = field(default_factory=set)  # bare names several people fit

    def written_name(self, mention: Mention) -> bool:
        """Whether the mention's words are a name of its entity ("Standard Clinton" in a
        title-case headline is not, though it stands for the article's Clinton)."""
        return mention_name(mention).lower() not in self.debris

    def entity(self, mention: Mention) -> Entity:
        """The entity a name mention stands for (a name not seen before is decided alone)."""
        name = mention_name(mention)
        if not name:  # "%" of "45% of Republicans" is no name: the phrase is a group
            phrase = normalize(mention.span.text) or mention.span.text.strip()
            return Entity(phrase, phrase, "Group")
        known = self.by_name.get(name.lower()) or self.by_name.get(_bare_key(name))
        if known is not None and _bare_key(name) in self.shared:
            # "Nicholson" after "Trevor Nicholson" and before "Mary Nicholson": the one of
            # them the article named last
            person = self._person_for(name, honorific_gender(name), at=mention.span.start)
            if person is not None:
                return Entity(person.key, person.key, "Person")
        if known is not None:
            return known
        if mention.span.start < self.headline:
            # a headline's title case fools the tagger: "Derelict Obama" is the article's Obama
            surname = person_name(name).surname
            person = self._person_for(surname)
            bare = self.by_name.get(surname.lower())
            if person is not None or (bare is not None and bare.type == "Person"):
                self.debris.add(name.lower())
                return bare if person is None else Entity(person.key, person.key, "Person")
        entity = self._decide(name, Counter([name_type(mention, name, self.publishers)]))
        self.by_name[name.lower()] = entity
        return entity

    def known_person(self, mention: Mention) -> Entity | None:
        """The person a capitalised word parsed as a group or description names ("Sanders"
        tagged as a plural noun), when the article names that person; else None."""
        text = normalize(mention.span.text)
        if not text[:1].isupper() or len(text.split()) > 1 and not _titled(text):
            return None
        known = self.by_name.get(text.lower())
        if known is not None:
            return known if known.type == "Person" else None
        person = self._person_for(text)
        return Entity(person.key, person.key, "Person") if person is not None else None

    def _person_for(self, name: str, gender: str = "", at: int | None = None) -> _Person | None:
        """The one person of the article a bare surname, a titled surname or a bare first name
        fits ("Mr. Obama" does not fit Michelle Obama); None when none or several fit. With
        ``at`` (where the bare name is written), several are told apart by which one the
        article named in full last before it."""
        parsed = person_name(name)
        if parsed.given:  # a full name: the person it is compatible with, or the one it ends
            fits = [p for p in self.people if p.name.compatible(parsed) or name.lower() in p.names]
        else:
            word = parsed.surname.lower()
            fits = [p for p in self.people if p.name.surname.lower() == word]
            if not fits:
                fits = [p for p in self.people if p.name.first.lower() == word]
            if gender:
                fits = [p for p in fits if gender in (given_gender(p.name.first) or gender)]
            if len(fits) > 1:
                # "Vickers" in an article about Kevin Vickers that names Andrew Vickers once: a
                # bare surname is the person the article keeps naming, when one clearly is
                fits.sort(key=lambda p: -p.mentions)
                if fits[0].mentions >= 2 * fits[1].mentions + 1:
                    fits = fits[:1]
            if len(fits) > 1 and at is not None:
                before = [
                    (p.starts[k - 1], i)
                    for i, p in enumerate(fits)
                    if (k := bisect_left(p.starts, at))
                ]
                if before:
                    fits = [fits[max(before)[1]]]
        return fits[0] if len(fits) == 1 else None

    def _decide(self, name: str, votes: Counter, gender: str = "") -> Entity:
        person = self._person_for(name, gender)
        bare = len(name.split()) == 1 or _titled(name)
        # a bare word tagged ORG or GPE ("Melania", "Machado") is still the article's person
        if person is not None and (
            _winner(votes) == "Person" or (bare and _winner(votes) != "Group")
        ):
            person.names.add(name.lower())
            return Entity(person.key, person.key, "Person")
        etype = _winner(votes)
        if etype == "Person":
            key = person_name(name).key or name
            return Entity(key, key, "Person")
        return Entity(name, name, etype)


def _winner(votes: Counter) -> EntityType:
    """The most voted type; ties go to the order Person, Place, Organization, Group."""
    best = max(votes.values())
    return next(t for t in _TYPE_ORDER if votes.get(t) == best)


def article_names(article: Article, names: list[Mention]) -> ArticleNames:
    """Decide once, from all name mentions of the article, which entity each name stands for."""
    publishers = frozenset(normalize(p).lower() for p in article.publishers)
    headline = headline_end(article)
    table = ArticleNames(publishers=publishers, headline=headline)
    votes: dict[str, Counter] = {}
    starts: dict[str, list[int]] = {}
    order: list[str] = []
    determined: set[str] = set()  # names written after "the" somewhere ("the French")
    for m in names:
        if m.span.start < headline:
            continue
        name = mention_name(m)
        if not name:
            continue
        if article.text[max(0, m.span.start - 4) : m.span.start].lower() == "the " or (
            m.span.text.lower().startswith("the ")
        ):
            determined.add(name.lower())
        if name.lower() not in votes:
            order.append(name)
        kind = name_type(m, name, publishers)
        # a guess counts only where nothing else speaks: it breaks no vote of the tagger
        votes.setdefault(name.lower(), Counter())[kind] += 0.01 if _guessed(m, name, kind) else 1
        starts.setdefault(name.lower(), []).append(m.span.start)
    _kin_of_people(order, votes, determined)
    # full names of people first: they define who a bare "Clinton" can be
    for name in order:
        if _winner(votes[name.lower()]) != "Person":
            continue
        parsed = person_name(name)
        if not parsed.given:
            continue
        same = next((p for p in table.people if p.name.compatible(parsed)), None)
        count = sum(votes[name.lower()].values())
        tail = _tail_of(table.people, parsed) if same is None else None
        if tail is not None:  # "Al Karim" after "Rania Al Karim": the same person
            tail.names.add(name.lower())
            tail.mentions += count
            tail.starts += starts[name.lower()]
        elif same is None:
            table.people.append(
                _Person(parsed, parsed.key, {name.lower()}, count, list(starts[name.lower()]))
            )
        else:
            same.names.add(name.lower())
            same.mentions += count
            same.starts += starts[name.lower()]
            if len(parsed.key) < len(same.key):  # "Donald Trump" over "Donald J. Trump"
                same.name, same.key = parsed, parsed.key
    for person in table.people:
        person.starts.sort()
    _written_full_names(article, table, order, votes)
    # "Trump", "Mr. Trump" and "Secretary Trump" are one bare name: their votes are pooled
    groups: dict[str, list[str]] = {}
    for name in order:
        groups.setdefault(_bare_key(name), []).append(name)
    for members in groups.values():
        pooled = sum((votes[n.lower()] for n in members), Counter())
        if _surname_taken_for_group(members, pooled, table, determined):
            pooled = Counter({"Person": sum(pooled.values())})
        gender = "".join(sorted({honorific_gender(n) for n in members}))
        for name in members:
            own = votes[name.lower()] if person_name(name).given else pooled
            entity = table._decide(name, own, gender if len(gender) == 1 else "")
            table.by_name[name.lower()] = entity
            if not person_name(name).given and _several_fit(table, name):
                table.shared.add(_bare_key(name))
            table.votes.setdefault(entity.key, Counter()).update(votes[name.lower()])
    _defined_acronyms(article, table)
    return table


def _kin_of_people(order: list[str], votes: dict[str, Counter], determined: set[str]) -> None:
    """Re-vote as a person a full name the tagger called an organisation or a place whose last
    word is a person's surname in the article: another person's of the family ("Leila Haddad"
    beside Omar Haddad), or the word alone tagged a person ("Nils Brandauer" tagged a place,
    "Brandauer" a person twice). Never a name written after "the" or ending in an organisation
    noun."""
    surnames: set[str] = set()
    for name in order:
        if _winner(votes[name.lower()]) == "Person":
            parsed = person_name(name)
            if len(parsed.first.rstrip(".")) > 1:  # not "N. Korea" read as an initial
                surnames.add(parsed.surname.lower())
    for name in order:
        own = votes[name.lower()]
        words = name.split()
        if _winner(own) not in ("Organization", "Place") or not 2 <= len(words) <= 3:
            continue
        if name.lower() in determined or words[-1].lower() in ORG_HEADS:
            continue
        if not all(re.fullmatch(r"[A-Z][a-z]+(?:[-’'][A-Za-z]+)?", w) for w in words):
            continue
        last = words[-1].lower()
        bare = votes.get(last)
        alone = bare is not None and bare["Person"] >= 1 and _winner(bare) == "Person"
        if last in surnames or alone:
            votes[name.lower()] = Counter({"Person": sum(own.values())})


# "Ian Poulter’s", "Jody Wilson-Raybould", "Seamus O'Regan": a capitalised word, then a name
_FIRST_THEN_NAME = re.compile(r"\b([A-Z][a-z]+)\s+(?=([A-Z][\w-]*(?:['’][A-Z][\w-]*)?))")
# function words the census lists hold as given names: "In Lindmoor" names nobody
_NOT_FIRST_NAMES = frozenset({"an", "else", "in", "many", "my", "see", "so"})


def _written_full_names(
    article: Article, table: ArticleNames, order: list[str], votes: dict[str, Counter]
) -> None:
    """Add the people whose full name the tagger missed but the article writes: a bare surname
    that fits nobody ("Poulter said") joins "Ian Poulter" when the body writes a known given
    name right before it, once only (two such first names leave it bare)."""
    before: dict[str, set[str]] | None = None  # surname -> first names written before it
    for name in order:
        if len(name.split()) != 1 or not name[:1].isupper() or name.isupper():
            continue
        if table._person_for(name) is not None:
            continue
        if before is None:  # one pass over the body, only when a bare name needs it
            before = {}
            body = article.text[article.body_start : article.body_end]
            for m in _FIRST_THEN_NAME.finditer(body):
                first = m.group(1)
                if body[max(0, m.start() - 4) : m.start()].lower() == "the ":
                    continue  # "the Jordan Comets": a team, not Jordan Comets
                if is_given_name(first) and first.lower() not in _NOT_FIRST_NAMES:
                    before.setdefault(m.group(2), set()).add(first)
        firsts = before.get(name, set()) - {name}
        if len(firsts) != 1:
            continue
        full = f"{next(iter(firsts))} {name}"
        parsed = person_name(full)
        if parsed.given and parsed.surname == name:
            table.people.append(_Person(parsed, parsed.key, {full.lower()}, 1))


def _tail_of(people: list[_Person], parsed: PersonName) -> _Person | None:
    """The one person named before whose full name ends with this one's two or more words
    ("Al Karim" of Rania Al Karim, "Paz Moreno" of Lucia Paz Moreno: a surname of two words),
    None when none or several do."""
    words = [w.lower() for w in parsed.key.split()]
    if len(words) < 2:
        return None
    fits = [
        p
        for p in people
        if len(p.key.split()) > len(words)
        and [w.lower() for w in p.key.split()[-len(words) :]] == words
    ]
    return fits[0] if len(fits) == 1 else None


def _several_fit(table: ArticleNames, name: str) -> bool:
    """Whether more than one person of the article has this bare name as surname."""
    word = person_name(name).surname.lower()
    return sum(p.name.surname.lower() == word for p in table.people) > 1


def _surname_taken_for_group(
    members: list[str], pooled: Counter, table: ArticleNames, determined: set[str]
) -> bool:
    """Whether a bare word the tagger calls a group (NORP: "Palvetzian" looks like a demonym)
    is really the surname of a person the article names in full: one capitalised singular
    word, never written "the X", that fits exactly one person of the article."""
    if _winner(pooled) != "Group" or len(members) != 1:
        return False
    word = members[0]
    return (
        len(word.split()) == 1
        and word[:1].isupper()
        and not word.isupper()
        and not word.endswith(("ese", "ish"))  # "Chinese", "Danish"; "Espinos" may be a name
        and word.lower() not in determined
        and table._person_for(word) is not None
    )


# "Export Development Canada (EDC)", "the Parliamentary Budget Officer (PBO)": a name followed
# by its initials in parentheses
_ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w’'&.-]*(?:\s+(?:of|and|for|on|the|de|du|des|&))*\s+){1,9})\(([A-Z][A-Za-z&]{1,9})\)"
)
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")  # how every _ACRONYM_DEFINITION ends
_MINOR = frozenset({"of", "and", "for", "on", "the", "de", "du", "des", "&"})


def _defined_acronyms(article: Article, table: ArticleNames) -> None:
    """Make an acronym the article defines stand for the name it abbreviates, so "EDC said"
    resolves to Export Development Canada. Only when the capitals are the name's initials
    (minor words such as "of" may be skipped), and never over a name the article uses already."""
    if _ACRONYM.search(article.text, article.body_start) is None:
        return  # no "(ABC)": the full pattern, tried at every capital, cannot match
    for m in _ACRONYM_DEFINITION.finditer(article.text, article.body_start):
        words = m.group(1).split()
        acronym = m.group(2)
        caps = [c for c in acronym if c.isupper() or c == "&"]
        # the longest run of the name's last words whose initials spell the acronym
        for first in range(len(words)):
            initials = [w[0] for w in words[first:] if w.lower() not in _MINOR or w == "&"]
            if initials == caps and words[first].lower() not in _MINOR:
                name = normalize(" ".join(words[first:]))
                break
        else:
            continue
        key = acronym.lower()
        if key in table.by_name and table.by_name[key].key != key.upper():
            continue
        entity = table.by_name.get(name.lower())
        if entity is None:
            entity = Entity(name, name, "Organization")
            table.by_name[name.lower()] = entity
        table.by_name[key] = entity


def honorific_gender(name: str) -> str:
    """ "M" for "Mr. Obama", "F" for "Mrs./Ms./Miss Obama", "" otherwise."""
    first = name.split()[0].lower().rstrip(".") if name.split() else ""
    return {"mr": "M", "mrs": "F", "ms": "F", "miss": "F", "sir": "M", "dame": "F"}.get(first, "")


def _bare_key(name: str) -> str:
    """The surname of a titled bare surname ("Mr. Trump" → "trump"), else the name itself."""
    if _titled(name):
        parsed = person_name(name)
        if not parsed.given:
            return parsed.surname.lower()
    return name.lower()
