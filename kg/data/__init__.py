"""The data files kg reads, loaded in one place: word lists (``words.txt``, ``name_words.txt``),
the cue lexicon (``cues.tsv``, read by ``kg.extract.lexicon``), the cue model and page furniture.

Read through ``importlib.resources``, so an installed wheel finds them; ``kg.version`` hashes
every file here into the extractor's version.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def sections(filename: str, strip: str = "") -> dict[str, frozenset[str]]:
    """A sectioned word file of ``kg/data``: ``[section]`` headers, words separated by white
    space, ``#`` comments; words lower-cased, with the characters in ``strip`` stripped from
    their end."""
    text = resources.files(__name__).joinpath(filename).read_text("utf-8")
    found: dict[str, set[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        found.setdefault(current, set()).update(w.rstrip(strip) for w in line.lower().split())
    return {k: frozenset(v) for k, v in found.items()}


def words(section: str) -> frozenset[str]:
    """The word list ``section`` of ``kg/data/words.txt``."""
    return sections("words.txt")[section]


@cache
def lines(filename: str) -> tuple[str, ...]:
    """The entries of a one-entry-a-line file of ``kg/data`` (``junk_lines.txt``,
    ``furniture_lines.txt``): stripped, lower-cased, without blank lines and ``#`` comments."""
    text = resources.files(__name__).joinpath(filename).read_text("utf-8")
    return tuple(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )
