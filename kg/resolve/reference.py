"""Who "she", "the officer" and "the 26-year-old" are: reference inside one article, read like a
careful reader does.

The article is read in order and every mention of somebody is noted with its entity, its
sentence, whether it was a clause's subject and whether it was a claim's claimant
(``Discourse.observe``). Then:

- a **pronoun** outside quotes (he/she/they/it) goes to the most salient compatible entity
  mentioned before it: agreement first (she is not a man, he is not a woman, they are several
  or an organisation, it is an organisation), then salience — recent sentences count more
  (halved per sentence back), a subject counts more than an object, the last claimant more than
  anyone (Lappin and Leass 1994 in miniature). So in "Hale met Nair. She said …" she is Nair,
  and in "Ortiz met the minister, Karen Liu. She said …" she is Ortiz, the subject, not the
  nearest name; a person who has not spoken yet ("Ms Ortiz stepped up to the microphone.
  “We are ready,” she said.") is a candidate like any other;
- a **description** ("the officer", "the coach", "the 64-year-old", "the mayor") goes to the
  last person it describes: a title before a name ("Officer Dana Wells"), an apposition ("Tom
  Baker, 64"; "Dr Aisha Rahman, a consultant radiologist"), a copula, or an earlier description
  with the same head noun ("A lorry driver … The driver");
- **gender** of an entity is voted from its mentions: honorifics and gendered nouns
  (spokeswoman) count double, a given name a reader knows as a man's or a woman's
  (``kg/data/name_genders.tsv``) once. Pronouns resolved earlier are not evidence: one wrong
  guess would otherwise spread to every later pronoun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.extract.spans import ORG_HEADS
from kg.resolve.names import given_gender, is_given_name
from kg.types import Entity, Mention

PERSON_TYPES = ("Person", "UnnamedSource")
SINGULAR = {
    "he": "M",
    "him": "M",
    "his": "M",
    "himself": "M",
    "she": "F",
    "her": "F",
    "hers": "F",
    "herself": "F",
}
PLURAL = frozenset({"they", "them", "their", "themselves"})
COMPANY_NOUNS = frozenset({"company", "firm", "corporation", "business", "carrier", "retailer"})
# organisation nouns that may describe one another ("the State Department … the agency"); a
# named organisation whose name holds a noun of another kind ("… Workers Union") is not
# "the company"
ORG_KINDS = (
    COMPANY_NOUNS
    | frozenset("airline manufacturer automaker insurer brewery winery utility bank".split()),
    frozenset(
        "agency department ministry office bureau service authority administration "
        "commission regulator watchdog board government cabinet".split()
    ),
)
NEUTER = frozenset({"it", "its", "itself"})
AGE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b", re.IGNORECASE)
LOOKBACK = 4  # sentences: a reader does not reach further back for "she"
# salience weights (points, halved per sentence back): a main-clause subject of the sentence
# before beats the claimant of the sentence before that
RECENCY, SUBJECT, EMBEDDED_SUBJECT, CLAIMANT, LAST_SPEAKER = 100.0, 80.0, 20.0, 60.0, 20.0
# "she" and a known woman, against somebody of unknown gender: less than being the subject
# ("Okafor, head of the group, is hopeful the board will answer Lowe's letter. 'Q,' she said"
# is Okafor, whose first name no list knows, not Ms Lowe of the object)
GENDER_MATCH = 50.0


@lru_cache(maxsize=1)
def _name_genders() -> dict[str, str]:
    text = resources.files("kg.data").joinpath("name_genders.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name.strip(): gender.strip() for name, gender in pairs}


def name_gender(first: str, census: bool = True) -> str:
    """ "M", "F" or "" for a given name: the hand list (``kg/data/name_genders.tsv``), else the
    census lists when they give one gender only ("Dave"; "Kim", on both, stays unknown).
    ``census=False`` for a word that may be a surname: "Haley" alone is Kevin Haley."""
    word = first.lower().rstrip(".")
    known = _name_genders().get(word, "")
    if known or not census:
        return known
    census = given_gender(word)
    return census if census in ("F", "M") else ""


def _clearly_a_person(entity: Entity, gender: str) -> bool:
    """A person's name a reader cannot take for a company's: a known given name first, or a
    gender the article gave it ("Ms", "she")."""
    first = entity.label.split()[0] if entity.label.split() else ""
    return bool(gender) or (len(entity.label.split()) > 1 and is_given_name(first))


def _may_describe(entity: Entity, head: str) -> bool:
    """Whether "the <head>" may rename this named organisation: its name holds no
    organisation noun, or one of the same kind ("the agency" for the State Department, not
    "the company" for the Harbour Workers Union)."""
    kind = next((k for k in ORG_KINDS if head in k), frozenset({head}))
    nouns = {
        w for w in entity.label.lower().split() if w in ORG_HEADS or any(w in k for k in ORG_KINDS)
    }
    return not nouns or bool(nouns & kind)


@dataclass
class Observation:
    """One mention of an entity, in reading order."""

    offset: int
    entity: Entity
    sentence: int
    role: str  # subject (of a main clause) / embedded (subject of a clause inside) / object / other
    claimant: bool = False


@dataclass
class Discourse:
    """The people (and organisations) of one article as reading proceeds."""

    sentence_starts: tuple[int, ...] = ()
    seen: list[Observation] = field(default_factory=list)
    genders: dict[str, Counter] = field(default_factory=dict)  # entity key -> F/M votes
    descriptors: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    plural: set[str] = field(default_factory=set)  # keys of coordinated groups
    last_speaker: Entity | None = None
    # lower-case word -> named organisations whose name holds it ("diocese" -> the Roman
    # Catholic Diocese of Covington), for descriptions far from the name
    org_words: dict[str, dict[str, Entity]] = field(default_factory=dict)
    given_gender: Callable[[str], str] = field(default=lambda name: name_gender(name))
    # sentence -> positions in ``seen`` of its observations: a pronoun's window is looked up,
    # not found by reading every earlier observation (linear in a long article)
    by_sentence: dict[int, list[int]] = field(default_factory=dict)

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1 if self.sentence_starts else 0

    # ---------------------------------------------------------------- noting what is read

    def observe(self, mention: Mention, entity: Entity | None, *, claimant: bool = False) -> None:
        """Note a mention of ``entity`` (skipped inside quotes: the quoted speaker's words)."""
        if entity is None or mention.in_quote:
            return
        role = "subject" if claimant else (mention.role or "other")
        sentence = self.sentence(mention.span.start)
        self.by_sentence.setdefault(sentence, []).append(len(self.seen))
        self.seen.append(Observation(mention.span.start, entity, sentence, role, claimant))
        if entity.type == "Organization" and "#" not in entity.key:
            for word in entity.label.lower().split():
                self.org_words.setdefault(word, {})[entity.key] = entity
        votes = self.genders.setdefault(entity.key, Counter())
        if mention.gender:
            votes[mention.gender] += 2
        if mention.kind == "name":
            words = (mention.name or mention.span.text).split()
            for i, word in enumerate(words[:-1] or words):
                # "Robert Hale", "Ms Priya Nair", "Prime Minister Anna Kovac": the first given
                # name before the surname, after any titles; the census lists only for the
                # name's first word ("Al" of "Fouzia Al Hashish" is no "Al"; "Haley" alone is
                # Kevin Haley)
                if i == 0 and entity.label.split()[:1] != [word]:
                    continue  # "Al Karim" of Rania Al Karim: "Al" is no first name here
                g = (
                    self.given_gender(word)
                    if i == 0 and len(words) > 1
                    else name_gender(word, False)
                )
                if g in ("F", "M"):
                    votes[g] += 1
                    break
        for word in mention.descriptors:
            self.descriptors.setdefault(entity.key, []).append((mention.span.start, word))
        if mention.kind == "description" and mention.head:
            self.descriptors.setdefault(entity.key, []).append((mention.span.start, mention.head))
            age = AGE.search(mention.span.text)
            if age:
                self.descriptors[entity.key].append((mention.span.start, f"{age[1]}-year-old"))
        if claimant:
            self.last_speaker = entity

    def gender(self, entity: Entity) -> str:
        votes = self.genders.get(entity.key)
        if not votes:
            return ""
        (top, n), *rest = votes.most_common(2) + [("", 0)]
        return top if n > rest[0][1] else ""

    # ---------------------------------------------------------------- resolving

    def _fits(self, entity: Entity, pronoun: str) -> bool:
        word = pronoun.lower()
        if word in SINGULAR:
            if entity.type not in PERSON_TYPES or entity.key in self.plural:
                return False
            g = self.gender(entity)
            return not g or g == SINGULAR[word]
        if word in PLURAL:
            return (
                entity.type in ("Group", "Organization")
                or entity.key in self.plural
                or (entity.type == "UnnamedSource" and entity.label.split()[-1].endswith("s"))
            )
        if word in NEUTER:
            return entity.type in ("Organization", "Place")
        return False

    def _window(self, mention: Mention) -> Iterator[Observation]:
        """The observations a reader still has in mind at ``mention``: before it, at most
        ``LOOKBACK`` sentences back."""
        at = mention.span.start
        here = self.sentence(at)
        near = sorted(  # in the order they were read, as a scan of ``seen`` gives them
            i for s in range(here - LOOKBACK, here + 1) for i in self.by_sentence.get(s, ())
        )
        return (self.seen[i] for i in near if self.seen[i].offset < at)

    def pronoun(self, mention: Mention) -> Entity | None:
        """The most salient entity mentioned before ``mention`` that the pronoun fits."""
        here = self.sentence(mention.span.start)
        scores: dict[str, tuple[float, Entity]] = {}
        for obs in self._window(mention):
            if not self._fits(obs.entity, mention.span.text):
                continue
            score = RECENCY * 0.5 ** max(0, here - obs.sentence)
            decay = 0.5 ** max(0, here - obs.sentence)
            if obs.role == "subject":
                score += SUBJECT * decay
            elif obs.role == "embedded":
                score += EMBEDDED_SUBJECT * decay
            if obs.claimant:
                score += CLAIMANT * decay
            if self.last_speaker is not None and obs.entity.key == self.last_speaker.key:
                score += LAST_SPEAKER * decay
            if SINGULAR.get(mention.span.text.lower()) and self.gender(obs.entity):
                score += GENDER_MATCH * decay  # _fits already ruled out the other gender
            key = obs.entity.key
            if key not in scores or score > scores[key][0]:
                scores[key] = (score, obs.entity)
        if not scores:
            return None
        return max(scores.values(), key=lambda s: s[0])[1]

    def organisation(self, mention: Mention) -> Entity | None:
        """The organisation "the council" or "the company" refers to, when a reader cannot
        doubt it: the latest organisation of the last sentences whose name holds the noun
        ("the council" after "Wenlow Town Council" or "the city council"); for "the company"
        or "the firm", also the one named organisation that was a subject or claimant there
        when no other name could be meant. None otherwise: a wrong organisation is worse than
        none."""
        head = mention.head.lower()
        salient: dict[str, Entity] = {}
        others: set[str] = set()
        named: Entity | None = None
        for obs in self._window(mention):
            entity = obs.entity
            if entity.type == "Organization" and head in entity.label.lower().split():
                named = entity
            if "#" in entity.key or entity.type not in ("Organization", "Person"):
                continue
            if entity.type == "Person" and _clearly_a_person(entity, self.gender(entity)):
                continue
            others.add(entity.key)  # a bare "Northwind Freight" may be a company too
            if entity.type == "Organization" and (obs.role == "subject" or obs.claimant):
                salient[entity.key] = entity
        if named is not None:
            return named
        renamed = self._renamed_organisation(mention, head)
        if renamed is not None:
            return renamed
        only = next(iter(salient.values())) if len(salient) == 1 else None
        if head in COMPANY_NOUNS and len(others) == 1 and only and _may_describe(only, head):
            return only
        return self.only_organisation_named(mention)

    def _renamed_organisation(self, mention: Mention, head: str) -> Entity | None:
        """The named organisation "the company" or "the agency" renames ("Northwind Freight
        said it had found the fault. The company noted …"): the one named organisation that was a
        subject or claimant of this or the previous sentence, when no other organisation or
        person was, and its name holds no organisation noun of another kind."""
        here = self.sentence(mention.span.start)
        leading: dict[str, Entity] = {}
        for o in reversed(self.seen):
            if here - o.sentence > 1:
                break
            if o.offset >= mention.span.start or not (o.role == "subject" or o.claimant):
                continue
            if o.entity.type in ("Organization", "Person", "UnnamedSource", "Group"):
                leading[o.entity.key] = o.entity
        if len(leading) != 1:
            return None
        entity = next(iter(leading.values()))
        if entity.type != "Organization" or "#" in entity.key:
            return None
        return entity if _may_describe(entity, head) else None

    def only_organisation_named(self, mention: Mention) -> Entity | None:
        """The one named organisation of the article so far whose name holds every word of
        the description ("the parole board" … the Parole Board of Canada, however far back);
        None when none or several do."""
        words = [w for w in mention.span.text.lower().split()[1:] if w.isalpha()]
        if not words:
            return None
        found: dict[str, Entity] | None = None
        for word in words:
            holders = self.org_words.get(word, {})
            found = dict(holders) if found is None else {k: found[k] for k in found if k in holders}
        return next(iter(found.values())) if found and len(found) == 1 else None

    def renamed_subject(self, mention: Mention) -> Entity | None:
        """The named person a definite role description renames ("McCallum didn't respond. The
        mayor said …", "Haddad found work. The 34-year-old welder says …"): the one person
        that was a subject or claimant of this or the previous sentence, when nobody else
        there was a subject or claimant or a clear person's object ("Dalby met Ruth Ames. The
        mayor said" may be either) and the gender does not clash. A place or a team the tagger
        took for a person ("in Lindmoor, Ont.", "traded him to Halifax") does not stand in the way.
        None otherwise: the description then stays somebody of its own."""
        if not re.match(r"the\s", mention.span.text, flags=re.IGNORECASE):
            return None
        here = self.sentence(mention.span.start)
        leading: list[Observation] = []
        others: set[str] = set()
        for o in reversed(self.seen):  # reading order: only the last two sentences matter
            if here - o.sentence > 1:
                break
            if o.offset >= mention.span.start or o.entity.type not in PERSON_TYPES:
                continue
            if o.role in ("subject", "embedded") or o.claimant:
                leading.insert(0, o)
            elif o.role == "object" and _clearly_a_person(o.entity, self.gender(o.entity)):
                others.add(o.entity.key)
        keys = {o.entity.key for o in leading}
        if len(keys) != 1 or others - keys:
            return None
        if not any(o.role == "subject" or o.claimant for o in leading):
            return None  # only an embedded subject ("… said Dalby had left")
        entity = leading[-1].entity
        if "#" in entity.key or entity.type != "Person" or entity.key in self.plural:
            return None
        gender = self.gender(entity)
        if mention.gender and gender and mention.gender != gender:
            return None
        if not _clearly_a_person(entity, gender):
            return None  # "Hockey Canada" taken for a person: no commissioner of it
        return entity

    def recent_organisation(self, mention: Mention) -> bool:
        """Whether a named organisation was mentioned in the last sentences before ``mention``."""
        return any(
            o.entity.type == "Organization" and "#" not in o.entity.key
            for o in self._window(mention)
        )

    def description(self, mention: Mention, people: list[Entity]) -> Entity | None:
        """The last entity among ``people`` that ``mention`` ("the coach", "the 64-year-old")
        describes, or None."""
        text = mention.span.text
        if not re.match(r"(?:the|this|that|his|her|their)\s", text, flags=re.IGNORECASE):
            return None  # "a driver" introduces somebody new; "his deputy" is known
        age = AGE.search(text)
        wanted = f"{age[1]}-year-old" if age else mention.head.lower()
        if not wanted:
            return None
        best: tuple[int, Entity] | None = None
        keys = {e.key: e for e in people}
        for key, notes in self.descriptors.items():
            if key not in keys:
                continue
            for offset, word in notes:
                if word == wanted and offset < mention.span.start:
                    if best is None or offset > best[0]:
                        best = (offset, keys[key])
        return best[1] if best else None
