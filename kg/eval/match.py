"""Pairing predicted with gold claims (the relation metrics of DESIGN.md §7, see kg.eval.report).

A pair may match when the cue spans overlap, the claimant spans overlap (or gold has no claimant)
and the content character-Jaccard is >= 0.5 (strict) or the content spans overlap (lenient). The
pairing is a maximum-cardinality bipartite matching: greedy by similarity, then augmenting paths.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.eval.gold import GoldClaim, PredClaim
from kg.types import Span


@dataclass
class Tally:
    """True positives, false positives, false negatives, and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

STRICT_JACCARD = 0.5
QUOTES = "\"'`´“”‘’„‚‟‛«»‹›「」『』"


def _edge(ch: str) -> bool:
    return ch.isspace() or ch in QUOTES or unicodedata.category(ch).startswith("P")


_LEADING_THAT = re.compile(r"that\s", re.IGNORECASE)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, quote marks, edge punctuation and a leading "that " until stable."""
    while True:
        before = (start, end)
        while start < end and _edge(text[start]):
            start += 1
        while end > start and _edge(text[end - 1]):
            end -= 1
        if _LEADING_THAT.match(text, start, end):
            start += 4
        if (start, end) == before:
            return start, end


def _chars(spans: Iterable[Span]) -> frozenset[int]:
    out: set[int] = set()
    for s in spans:
        out.update(range(s.start, s.end))
    return frozenset(out)


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _overlaps(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)


def _max_matching(cands: dict[int, list[tuple[tuple, int]]]) -> dict[int, int]:
    """Gold index -> pred index; greedy best-score pairs first, then augmenting paths."""
    pairs = sorted(
        ((score, g, p) for g, lst in cands.items() for score, p in lst),
        key=lambda t: (-t[0][0], -t[0][1], -t[0][2], t[1], t[2]),
    )
    gold_of: dict[int, int] = {}
    pred_of: dict[int, int] = {}
    for _, g, p in pairs:
        if g not in pred_of and p not in gold_of:
            pred_of[g], gold_of[p] = p, g

    def augment(g: int, seen: set[int]) -> bool:
        for _, p in cands[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in gold_of or augment(gold_of[p], seen):
                pred_of[g], gold_of[p] = p, g
                return True
        return False

    for g in cands:
        if g not in pred_of:
            augment(g, set())
    return pred_of


def _candidates(
    golds: Sequence[GoldClaim], preds: Sequence[PredClaim], strict: bool
) -> dict[int, list[tuple[tuple, int]]]:
    gchars = [_chars(g.content) for g in golds]
    pchars = [_chars(p.content) for p in preds]
    out: dict[int, list[tuple[tuple, int]]] = {}
    for gi, g in enumerate(golds):
        lst = []
        for pi, p in enumerate(preds):
            if not _overlaps(g.cue, p.cue):
                continue
            if g.source and not _overlaps(g.source, p.source):
                continue
            jac = _jaccard(gchars[gi], pchars[pi])
            if (jac < STRICT_JACCARD) if strict else not (gchars[gi] & pchars[pi]):
                continue
            score = (
                jac,
                _jaccard(_chars(g.cue), _chars(p.cue)),
                _jaccard(_chars(g.source), _chars(p.source)),
            )
            lst.append((score, pi))
        lst.sort(key=lambda t: (-t[0][0], -t[0][1], -t[0][2], t[1]))
        out[gi] = lst
    return out


def match_doc(
    golds: Sequence[GoldClaim], selected: Sequence[bool], preds: Sequence[PredClaim], strict: bool
) -> tuple[dict[int, int], set[int]]:
    """Match selected gold first; then mark preds matching non-selected gold as ignored."""
    sel = [i for i, s in enumerate(selected) if s]
    rest = [i for i, s in enumerate(selected) if not s]
    cands = _candidates([golds[i] for i in sel], preds, strict)
    matched = {sel[g]: p for g, p in _max_matching(cands).items()}
    used = set(matched.values())
    free = [p for p in range(len(preds)) if p not in used]
    ignored: set[int] = set()
    if rest and free:
        cands = _candidates([golds[i] for i in rest], [preds[p] for p in free], strict)
        ignored = {free[p] for p in _max_matching(cands).values()}
    return matched, ignored
