"""The one name normalisation rule: entity keys, IRI segments, labels and alias matching.

Why one module: an entity's IRI is minted from its key in every article on its own (another
process, another month), so the same name must give the same key and the same slug wherever it is
read. Everything that cleans a name calls this module:

- ``normalize`` — the name as a label: spaces collapsed, edge punctuation, a leading article and a
  possessive dropped ("the Home Office’s" → "Home Office");
- ``slug`` — the IRI segment of a normalised name ("home-office");
- ``person_name`` — a person's name without what stands before it in news prose: honorifics,
  titles and role words, party labels, nationality words ("Secretary of State Hillary Clinton",
  "Democrat Hillary Clinton" → "Hillary Clinton", title kept apart), and with a trailing
  generational suffix kept ("Donald Trump Jr." is not "Donald Trump").

Word lists live in ``kg/data/name_words.txt`` (titles, parties, nationalities) and
``kg/data/given_names.tsv`` and ``kg/data/surnames.txt`` (given names and the 1,000 most frequent
surnames of the 1990 US Census lists, public domain), read once.
Given names are positive evidence only: "Ivanka" is missing from the list and is still a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from kg.data import sections

EDGE = " \t\r\n,;:.-–—\"'“”‘’«»`´()[]"
_ARTICLES = {"the", "a", "an"}
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PARTICLES = frozenset(
    "bin ibn al el de del della der di da du la le van von ter den dos das st".split()
)
_WORD_EDGE = EDGE.replace(".", "")  # "J." keeps its full stop
_GLUE = frozenset({"of", "the", "for", "and", "&", "to", "on"})
NAME_CACHE = 8192  # names memoised by normalize and person_name (a few hundred an article)


@lru_cache(maxsize=1)
def name_words() -> dict[str, frozenset[str]]:
    """Sections of ``name_words.txt``: honorific, title, office, party, nationality."""
    return sections("name_words.txt", strip=".")


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Lower-case given name → "F", "M" or "FM"."""
    text = resources.files("kg.data").joinpath("given_names.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, gender = line.partition("\t")
            out[name] = gender
    return out


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The most frequent surnames (lower case), from ``kg/data/surnames.txt``."""
    text = resources.files("kg.data").joinpath("surnames.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


def is_surname(word: str) -> bool:
    return word.lower() in surnames()


def is_given_name(word: str) -> bool:
    return word.lower().rstrip(".") in given_names()


def given_gender(word: str) -> str:
    """ "F", "M", "FM" (both lists) or "" (not in the lists) for a given name."""
    return given_names().get(word.lower().rstrip("."), "")


@lru_cache(maxsize=1)
def prefix_words() -> frozenset[str]:
    """Every word that may stand before a person's name without being part of it."""
    w = name_words()
    return w["honorific"] | w["title"] | w["office"] | w["party"] | w["nationality"]


@lru_cache(maxsize=1)
def _TITLE_WORDS() -> frozenset[str]:  # noqa: N802 - a constant read from data
    w = name_words()
    return w["honorific"] | w["title"]


# a name ending in an abbreviation keeps its full stop: "U.S.", "Samsung Electronics Co."
ABBREVIATED = re.compile(r"(?:(?:^|[\s(])(?:[A-Za-z]\.){2,}|\b(?:Co|Inc|Ltd|Corp|Bros)\.)$")


@lru_cache(maxsize=NAME_CACHE)
def normalize(text: str) -> str:
    """The name as a label: "the Home Office’s" → "Home Office", spaces collapsed; a final
    abbreviation keeps its full stop ("the U.S." → "U.S.").
    Memoised: resolution normalises the same few names many times an article."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = re.sub(r"[^\w.]+$", "", re.sub(r"^[^\w@]+", "", text))
    name = _normalized(text)
    dotted = ABBREVIATED.search(re.sub(r"[’'`´]s?$", "", text))  # "the U.S.’s" too
    return f"{name}." if dotted and name and name[-1] != "." else name


def _normalized(text: str) -> str:
    text = text.strip(EDGE)
    text = re.sub(r"[’'`´]s?$", "", text).strip(EDGE)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return text.strip(EDGE) or text.strip()


def slug(text: str) -> str:
    """A readable, stable IRI segment: NFKC, lower case, words joined by '-'."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[’'`´]s\b", "", text)  # possessive: Home Office's -> home office
    words = re.findall(r"\w+", text)
    if words and words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    return quote("-".join(words), safe="-_") or "x"


def _bare(word: str) -> str:
    return word.lower().strip(EDGE).rstrip(".")


def _is_prefix_word(word: str) -> bool:
    """ "Sen.", "Vice-President", "then-candidate", "former": not part of a person's name."""
    bare = _bare(word)
    if not bare:
        return True
    if word[:1].islower():
        return True  # "former", "presidential": prose, not a name
    words = prefix_words()
    return bare in words or all(p in words for p in bare.split("-") if p)


@dataclass(frozen=True)
class PersonName:
    """A person's name split into what a reader uses to tell people apart."""

    given: tuple[str, ...]  # first and middle names or initials ("Donald", "J.")
    surname: str
    suffix: str = ""  # "Jr.", "III"
    title: str = ""  # what stood before the name ("Secretary of State")

    @property
    def key(self) -> str:
        """The name itself: given names, surname, suffix ("Hillary Clinton")."""
        return " ".join([*self.given, self.surname, *([self.suffix] if self.suffix else [])])

    @property
    def first(self) -> str:
        return self.given[0] if self.given else ""

    def compatible(self, other: PersonName) -> bool:
        """Whether the two names can be one person: same surname and suffix, same first name,
        middle names equal or an initial of each other or missing on one side. A bare surname
        is compatible with nobody here (that is decided from its article or its build)."""
        mine, theirs = (self.surname, self.suffix), (other.surname, other.suffix)
        if [_bare(w) for w in mine] != [_bare(w) for w in theirs]:
            return False
        if not self.given or not other.given:
            return False
        if _bare(self.first) != _bare(other.first):
            return False
        a, b = [_bare(g) for g in self.given[1:]], [_bare(g) for g in other.given[1:]]
        if not a or not b:
            return True
        pairs = zip(a, b, strict=False)
        return len(a) == len(b) and all(x == y or x[:1] == y or y[:1] == x for x, y in pairs)


@lru_cache(maxsize=NAME_CACHE)
def person_name(text: str) -> PersonName:
    """Split a person's name as written into title, given names, surname and suffix (memoised:
    the result is immutable and depends on the text alone).

    Leading honorifics, titles, role words, party and nationality words and lower-case words go
    to ``title`` while a name word is left ("Secretary Clinton" → surname "Clinton", title
    "Secretary"); a trailing ", 27" or "Jr." is not the surname.
    """
    name = normalize(text)
    name = re.split(r",\s*(?=\d|[a-z])", name, maxsplit=1)[0]  # "Khan, 27", "Reed, who …"
    words = [w for w in name.split() if w.strip(EDGE)]
    suffix = ""
    if len(words) > 1 and _bare(words[-1]) in SUFFIXES:
        suffix = words.pop().strip(",")
        words[-1] = words[-1].rstrip(",")
    title: list[str] = []
    # "Indiana Gov. Mike Pence": what stands before the last title word is part of the title
    titled = [i for i, w in enumerate(words[:-1]) if _bare(w) in _TITLE_WORDS()]
    if titled:
        title, words = words[: titled[-1] + 1], words[titled[-1] + 1 :]
    while len(words) > 1 and (_is_prefix_word(words[0]) or (_bare(words[0]) in _GLUE and title)):
        title.append(words.pop(0))
    # "Rival Hillary Clinton", "Crown-Indigenous Relations Carolyn Bennett": the words before
    # the first given name (followed by a surname) describe the person; a particle after a
    # word is the surname's, not a given name ("Rania Al Karim" is not "Al Karim")
    first_given = next(
        (
            i
            for i, w in enumerate(words[:-1])
            if is_given_name(w.strip(_WORD_EDGE)) and not (i and _bare(w) in PARTICLES)
        ),
        None,
    )
    if first_given and not any(is_given_name(w.strip(_WORD_EDGE)) for w in words[:first_given]):
        title.extend(words[:first_given])
        words = words[first_given:]
    while title and _bare(title[-1]) in _GLUE:  # "Secretary of" → "of" belonged to the title
        title.pop()
    if not words:
        return PersonName((), "", suffix, " ".join(title))
    if len(words) == 1 and title and _is_prefix_word(words[0]):
        # "Attorney General", "Vice President": a role, no name in it; kept whole
        return PersonName((), " ".join([*title, *words]).strip(_WORD_EDGE), suffix, "")
    words = [w.strip(_WORD_EDGE) or w for w in words]
    # "Trump 60 percent", "Clinton hid": the name ends before a number or a lower-case word
    # (name particles such as "bin", "de", "van" excepted)
    for i, w in enumerate(words[1:], 1):
        if re.search(r"\d", w) or (w[:1].islower() and w.lower() not in PARTICLES):
            words = words[:i]
            break
    while len(words) > 1 and words[-1].lower() in PARTICLES:
        words.pop()
    return PersonName(tuple(words[:-1]), words[-1], suffix, " ".join(title))
