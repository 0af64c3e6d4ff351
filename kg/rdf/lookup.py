"""Name lookup keys: how saved queries find a name without scanning every name in the store.

Why: "claims by the claimant named X" used to compare X, lower-cased, against every name in the
store (a substring FILTER), which grows with the store: 1.3 s on PolNeAR train, 7.2 s at four
times. Instead each entity carries ``kg:nameKey`` literals — every run of whole words of its
names, case-folded, articles left out ("donald", "trump", "donald trump") — and each claim
carries ``kg:claimantKey`` for its resolved claimant's names and the claimant as written
("officer" for "the officer"), so "claims by X" is a single index pattern. A
saved-query parameter of type ``name`` is normalised by the same rule, so the lookup is one
index hit: its cost does not depend on the size of the store.

The match is on whole words, in order: "trump" and "donald trump" find Donald Trump, "ump" does
not. Queries get such parameters as a ``VALUES`` block rather than as pyoxigraph substitutions
(``kg.rdf.queries.run``): Oxigraph plans a query before substituting, so only a value written in
the query lets its planner start from the index.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
POSSESSIVE = re.compile(r"[’'`´]s\b")  # "the Home Office's" is looked up as "home office"
MAX_KEY_WORDS = 4  # longer runs of words are not names people search for
ARTICLES = frozenset({"the", "a", "an"})  # "the Home Office" is found as "home office"
MAX_NAME_WORDS = 12  # words of one name that are indexed (longer "names" are sentence debris)


def words(text: str) -> list[str]:
    text = POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).casefold())
    return [w for w in WORD.findall(text) if w not in ARTICLES]


def lookup_key(text: str) -> str:
    """A searched name as the index stores it: words, case-folded, single spaces."""
    return " ".join(words(text))


def name_keys(*names: str) -> list[str]:
    """Every run of up to ``MAX_KEY_WORDS`` whole words of each name, case-folded; sorted."""
    keys: set[str] = set()
    for name in names:
        ws = words(name)[:MAX_NAME_WORDS]
        for i in range(len(ws)):
            for j in range(i + 1, min(len(ws), i + MAX_KEY_WORDS) + 1):
                keys.add(" ".join(ws[i:j]))
    return sorted(keys)
