"""Quote-level scores: the view of a reader who wants every statement with its speaker.

The relation scores of ``kg.eval.report`` pair whole claims; a claim with a split quote ("“Q1,”
she said. “Q2.”") is one claim with two content spans in PolNeAR but two claims in other gold
(the seed article, quote corpora). Here every content span of a statement counts as one quote,
so both conventions score the same:

- **quote P/R/F1**: gold quotes are the content spans of gold claims of type ``statement`` (or
  of every gold claim when the gold has no types); predicted quotes are the content spans of
  predicted claims of type ``statement`` (or of every claim without a type). A gold and a
  predicted quote pair one-to-one when their character-Jaccard, after trimming as for exact span
  F1, is at least 0.5 (most similar pairs first).
- **quote speaker accuracy**: of the paired quotes whose gold claim names a speaker, the share
  whose predicted speaker names it (as ``kg eval``'s speaker accuracy: label or accepted alias).
- **pronoun speakers**: the same, over the quotes whose gold claimant as written is a pronoun
  ("she said"), not counting floating quotes.
- **floating-quote recall**: of the gold quotes marked ``cue_carried_over`` (a quote with no cue
  of its own, continuing the last speaker), the share paired with a predicted quote, and the
  share paired with the right speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.eval.match import Tally
from kg.types import Span

JACCARD = 0.5


@dataclass(frozen=True)
class QuoteItem:
    """One quote: a content span with what its claim says about the speaker."""

    start: int
    end: int
    speaker: str | None = None
    pronoun: bool = False  # gold: the claimant as written is a pronoun
    floating: bool = False  # gold: cue and claimant carried over from an earlier claim


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def to_dict(self) -> dict:
        v = self.value
        return {
            "accuracy": round(v, 4) if v is not None else None,
            "correct": self.hit,
            "total": self.total,
        }

    def text(self) -> str:
        v = self.value
        return "n/a" if v is None else f"{100 * v:.1f}% ({self.hit}/{self.total})"


@dataclass
class QuoteScores(Tally):
    speaker: Ratio = field(default_factory=Ratio)
    pronoun: Ratio = field(default_factory=Ratio)
    floating: Ratio = field(default_factory=Ratio)
    floating_speaker: Ratio = field(default_factory=Ratio)

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "speaker_accuracy": self.speaker.to_dict(),
            "pronoun_speaker_accuracy": self.pronoun.to_dict(),
            "floating_recall": self.floating.to_dict(),
            "floating_recall_right_speaker": self.floating_speaker.to_dict(),
        }

    def to_text(self) -> str:
        return "\n".join(
            [
                f"quotes (statements, one per content span): P {100 * self.precision:.1f}  "
                f"R {100 * self.recall:.1f}  F1 {100 * self.f1:.1f}  "
                f"(TP {self.tp}, FP {self.fp}, FN {self.fn})",
                f"  speaker accuracy on quotes: {self.speaker.text()}",
                f"  pronoun speakers: {self.pronoun.text()}",
                f"  floating-quote recall: {self.floating.text()}; "
                f"with the right speaker: {self.floating_speaker.text()}",
            ]
        )


def _trimmed_chars(item: QuoteItem, trim: Callable[[int, int], tuple[int, int]]) -> frozenset:
    start, end = trim(item.start, item.end)
    return frozenset(range(start, end))


def _pair(gold: list[frozenset], pred: list[frozenset], taken: set[int]) -> dict[int, int]:
    """One-to-one pairs gold -> pred with Jaccard >= 0.5, most similar first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in taken and g and p and (j := len(g & p) / len(g | p)) >= JACCARD:
                pairs.append((-j, gi, pi))
    pairs.sort()
    matched: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi not in matched and pi not in taken:
            matched[gi] = pi
            taken.add(pi)
    return matched


def score_quotes(
    scores: QuoteScores,
    gold: Sequence[QuoteItem],
    pred: Sequence[QuoteItem],
    trim: Callable[[int, int], tuple[int, int]],
    speaker_ok: Callable[[str, str | None], bool],
    other: Sequence[QuoteItem] = (),
) -> None:
    """Pair one article's gold and predicted quotes and add the counts to ``scores``. A
    predicted quote that pairs only with an ``other`` gold quote (a tier not scored) counts
    neither way."""
    pred_chars = [_trimmed_chars(p, trim) for p in pred]
    used: set[int] = set()
    matched = _pair([_trimmed_chars(g, trim) for g in gold], pred_chars, used)
    ignored = len(_pair([_trimmed_chars(g, trim) for g in other], pred_chars, set(used)))
    scores.tp += len(matched)
    scores.fp += len(pred) - len(used) - ignored
    scores.fn += len(gold) - len(matched)
    for gi, g in enumerate(gold):
        pi = matched.get(gi)
        right = pi is not None and g.speaker is not None and speaker_ok(g.speaker, pred[pi].speaker)
        if g.floating:
            scores.floating.total += 1
            scores.floating.hit += pi is not None
            if g.speaker is not None:
                scores.floating_speaker.total += 1
                scores.floating_speaker.hit += right
        if pi is None or g.speaker is None:
            continue
        scores.speaker.total += 1
        scores.speaker.hit += right
        if g.pronoun and not g.floating:
            scores.pronoun.total += 1
            scores.pronoun.hit += right


def quote_items(
    claims: Sequence, types: Mapping[int, str | None], gold: bool, is_pronoun=None
) -> list[QuoteItem]:
    """The quotes of a list of gold or predicted claims (``types[i]`` is claim i's type)."""
    out = []
    for i, claim in enumerate(claims):
        if types.get(i) not in (None, "statement"):
            continue
        source: Sequence[Span] = claim.source
        pronoun = bool(gold and is_pronoun and source and all(is_pronoun(s.text) for s in source))
        for span in claim.content:
            out.append(
                QuoteItem(
                    span.start,
                    span.end,
                    claim.speaker,
                    pronoun=pronoun,
                    floating=bool(gold and getattr(claim, "carried", False)),
                )
            )
    return out
