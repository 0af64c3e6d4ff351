"""The cue lexicon: which lemmas signal attribution, and how far to trust each.

Loaded from ``kg/data/cues.tsv`` (columns: cue, pos, class, freq, precision, source), which
``bench/mine_cues.py`` regenerates from annotated data; users can point ``KG_CUES`` at their own
file with the same columns to extend or replace it.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.data import words
from kg.errors import KgError

CUES_ENV = "KG_CUES"

ADDRESSEE_OBJECT_VERBS = words("addressee_object_verbs")
OBJECT_CONTENT_VERBS = words("object_content_verbs")


@dataclass(frozen=True)
class CueInfo:
    cue: str
    pos: str
    cls: str
    freq: int
    precision: float
    source: str


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, CueInfo]
    nouns: dict[str, CueInfo]
    phrases: dict[tuple[str, ...], CueInfo]
    version: str

    def verb(self, lemma: str) -> CueInfo | None:
        return self.verbs.get(lemma.lower())

    def noun(self, lemma: str) -> CueInfo | None:
        return self.nouns.get(lemma.lower())


def _parse(text: str, origin: str) -> Lexicon:
    verbs: dict[str, CueInfo] = {}
    nouns: dict[str, CueInfo] = {}
    phrases: dict[tuple[str, ...], CueInfo] = {}
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    missing = {"cue", "pos", "precision"} - set(reader.fieldnames or [])
    if missing:
        raise KgError(f"{origin}: the cue lexicon needs the columns {sorted(missing)}")
    for n, row in enumerate(reader, 2):
        try:
            info = CueInfo(
                cue=row["cue"].strip().lower(),
                pos=(row.get("pos") or "VERB").strip().upper(),
                cls=(row.get("class") or "speech").strip(),
                freq=int(float(row.get("freq") or 0)),
                precision=float(row.get("precision") or 0.5),
                source=(row.get("source") or "").strip(),
            )
        except ValueError as e:
            raise KgError(f"{origin}:{n}: bad number in the cue lexicon ({e})") from None
        words = tuple(info.cue.split())
        if len(words) > 1:
            phrases[words] = info
        elif info.pos == "VERB":
            verbs[info.cue] = _best(verbs.get(info.cue), info)
        elif info.pos in ("NOUN", "PROPN"):
            nouns[info.cue] = _best(nouns.get(info.cue), info)
        else:
            phrases[words] = info
    import hashlib

    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return Lexicon(verbs, nouns, phrases, version)


def _best(old: CueInfo | None, new: CueInfo) -> CueInfo:
    return new if old is None or new.freq > old.freq else old


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    path = path or os.environ.get(CUES_ENV)
    if path:
        p = Path(path)
        if not p.is_file():
            raise KgError(f"{p}: cue lexicon not found (set by {CUES_ENV} or --cues)")
        return _parse(p.read_text("utf-8"), str(p))
    text = resources.files("kg.data").joinpath("cues.tsv").read_text("utf-8")
    return _parse(text, "kg/data/cues.tsv")
