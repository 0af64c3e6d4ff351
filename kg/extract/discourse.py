"""What a careful reader notes about the people in an article, read off the parse.

Resolution (``kg.resolve.reference``) decides who "she", "the officer" or "the 26-year-old" is
from facts that only the parse shows, so they are collected here, once per article, as plain
``Mention`` fields:

- ``role``: whether the mention is the subject of its clause ("subject"), an object
  ("object") or something else — the subject of the last sentence is the likeliest "she";
- ``descriptors``: the words that describe the person beside the name — a title before it
  ("Coach Marta Silva", "Education minister Robert Hale"), an apposition ("Dr Aisha Rahman, a
  consultant radiologist"; "Her campaign manager, Owen Pryce"), a copula ("Wells is the officer
  who …"), an age ("Tom Baker, 64" -> "64-year-old") — so a later "the coach", "the
  radiologist" or "the 64-year-old" finds them;
- ``gender``: "F" or "M" when the phrase itself says so (Ms, Mr, spokeswoman, mother).

Besides the name mentions, person descriptions that are the subject of a sentence outside
quotes ("The driver had stopped for fuel.") are returned, so that "He told the police" after
them has someone to refer to even though the driver made no claim yet.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.quotes import Quote
from kg.extract.spans import PERSON_NOUNS, mention_for
from kg.types import Mention

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "attr", "oprd"})
FEMALE_WORDS = frozenset(
    "ms mrs miss dame lady madam madame she her woman women girl mother wife daughter sister "
    "aunt niece grandmother widow bride queen princess duchess actress waitress "
    "spokeswoman chairwoman businesswoman congresswoman councilwoman policewoman "
    "sportswoman stateswoman headmistress".split()
)
MALE_WORDS = frozenset(
    "mr sir lord he him his man men boy father husband son brother uncle nephew grandfather "
    "widower groom king prince duke actor waiter spokesman chairman businessman congressman "
    "councilman policeman sportsman statesman headmaster".split()
)


def gender_of_words(words) -> str:
    """ "F", "M" or "" from gendered words (honorifics, kin and role nouns)."""
    lower = {w.lower().rstrip(".") for w in words}
    female, male = bool(lower & FEMALE_WORDS), bool(lower & MALE_WORDS)
    return "F" if female and not male else "M" if male and not female else ""


def _role(tok) -> str:
    """Subject of the main clause, embedded subject, object or other — an apposed name takes the
    role of what it is apposed to."""
    while tok.dep_ in ("appos", "compound", "conj") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in SUBJECT_DEPS:
        main = tok.head.dep_ == "ROOT" or (tok.head.dep_ == "conj" and tok.head.head.dep_ == "ROOT")
        return "subject" if main else "embedded"
    if tok.dep_ in OBJECT_DEPS:
        return "object"
    return "other"


def _age(tok) -> str:
    """ "Tom Baker, 64," -> "64-year-old": a bare number beside a name is an age."""
    for child in tok.children:
        if (
            child.like_num
            and child.i > tok.i
            and child.dep_ in ("appos", "npadvmod", "amod", "nummod", "punct", "conj")
        ):
            prev = tok.doc[child.i - 1]
            if prev.text == "," and child.text.isdigit() and 1 < int(child.text) < 120:
                return f"{child.text}-year-old"
    return ""


def descriptors_of(root) -> tuple[str, ...]:
    """Role nouns and ages that describe the person the name ``root`` heads."""
    out: list[str] = []
    doc = root.doc
    # a title or role before the name in the same phrase: "Coach Marta Silva", "minister Hale"
    i = root.left_edge.i
    for t in doc[i : root.i]:
        if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.is_title and t.ent_type_ == ""):
            out.append(t.lemma_.lower())
        elif t.pos_ == "PROPN" and t.text.istitle() and t.ent_type_ != "PERSON":
            out.append(t.lower_)  # "Mayor", "Officer", "Councillor" tagged as part of the name
    for t in doc[i : root.i]:
        if t.ent_type_ == "PERSON" and t.text.istitle() and t.lower_ in _TITLE_HINTS:
            out.append(t.lower_)
    # an apposition: "Dr Aisha Rahman, a consultant radiologist" / "her manager, Owen Pryce"
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            out.append(child.lemma_.lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.append(root.head.lemma_.lower())
    # a copula: "Wells is the officer in charge"
    if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
        for child in root.head.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                out.append(child.lemma_.lower())
    age = _age(root)
    if age:
        out.append(age)
    return tuple(dict.fromkeys(w for w in out if w.isalpha() or w.endswith("year-old")))


# title words that the tagger sometimes folds into a PERSON entity ("Mayor Jane Ortiz")
_TITLE_HINTS = frozenset(
    "mayor officer coach councillor councilor minister secretary senator governor judge "
    "sergeant detective inspector constable captain chief president director doctor dr "
    "professor prof reverend rev father sister".split()
)


def enrich(mention: Mention, root) -> Mention:
    """The mention with role, descriptors and gender read off the parse around ``root``."""
    words = [t.text for t in root.doc[root.left_edge.i : root.i + 1]]
    descriptors = descriptors_of(root)
    gender = gender_of_words([*words, *descriptors])
    return replace(mention, role=_role(root), descriptors=descriptors, gender=gender)


def subject_descriptions(
    text: str, doc, quotes: list[Quote], start: int, end: int
) -> list[Mention]:
    """Person descriptions that are the subject of a clause outside quotes ("The driver had
    stopped for fuel"), and plural groups of people ("Republican senators are eager"), as
    mentions for resolution; names are left to the name mentions."""
    out = []
    for tok in doc:
        if tok.dep_ not in SUBJECT_DEPS or tok.pos_ != "NOUN":
            continue
        if tok.idx < start or tok.idx >= end or tok.ent_type_:
            continue
        if any(q.open_at < tok.idx < q.close_at for q in quotes):
            continue
        m = mention_for(text, tok, False)
        if m is None:
            continue
        if m.kind == "group" and m.plural and m.head in PERSON_NOUNS:
            out.append(enrich(m, tok))  # "Republican senators are eager …; they say"
            continue
        if not any(c.dep_ in ("det", "poss") for c in tok.children):
            continue  # "police said" is a group, not a description of one person
        if any(c.dep_ == "poss" and c.lower_ == "your" for c in tok.children):
            continue  # "If your child earns that much": the reader's, nobody of the article
        if m.kind != "description" or m.plural:
            continue
        out.append(enrich(m, tok))
    return out
