"""Score extracted claims against gold attributions, exactly as DESIGN.md §7 defines the metrics.

Gold comes as JSONL (one article per line with ``attributions``) or as brat standoff (``X.txt`` +
``X.ann``, PolNeAR style); predictions come as ``kg extract --format jsonl`` lines or as the same
dicts in memory. Offsets are code points into the gold text, end exclusive.

Metrics:

- **relation, strict**: predicted and gold claims are paired one-to-one. A pair may match when the
  cue spans overlap, the claimant spans overlap (or gold has no claimant) and the content
  character-Jaccard is >= 0.5 (character sets are the code-point offsets covered by all content
  spans). The pairing is a *maximum-cardinality* bipartite matching: a greedy pass pairs the
  best-scoring candidates first (content Jaccard, then cue Jaccard, then claimant Jaccard), then
  augmenting paths (Kuhn) re-pair only where that gains a match — so the counts are the best
  achievable, and the pairs shown in error analysis are the most similar ones.
- **relation, lenient**: the same with "content spans overlap" instead of Jaccard >= 0.5.
- **exact span F1** per role (claimant, cue, content): each span, after trimming white space, quote
  marks, edge punctuation and a leading "that ", is a ``(doc, start, end)`` item; gold and
  predicted items are compared as sets (a multi-span role contributes each of its spans).
- **speaker accuracy**: of the strictly matched pairs whose gold claim names a speaker, the share
  whose predicted speaker label (lower-cased, leading the/a/an dropped) equals the gold speaker's
  label or one of its non-pronoun aliases from the entities file (``<stem>.entities.json``).
- **recall by kind**: strict and lenient recall per gold ``kind`` (direct/indirect/mixed).
- **quotes**: every content span of a statement as one quote — quote P/R/F1, speaker accuracy
  on quotes, pronoun speakers, floating-quote recall (``kg.eval.quotes``).

Tiers: when gold attributions carry a ``tier`` the default is to score the ``core`` tier only
(``tiers=None``); pass ``tiers=("core", "optional")`` to score everything. Gold claims outside the
selected tiers are not counted as misses, and a prediction that matches one of them (after the
selected-tier claims have been matched) is neither a hit nor spurious. Span F1 follows the same
rule: a predicted span equal only to a non-selected gold span is ignored. Gold claims without a
``tier`` always count. Precision, recall and F1 are 0.0 when undefined (no predictions / no gold).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.eval.gold import (
    DEFAULT_TIERS,
    KINDS,
    PRONOUNS,
    ROLES,
    GoldClaim,
    GoldDoc,
    PredClaim,
    load_gold,
    load_predictions,
    normalise_label,
    pred_claim,
)
from kg.eval.match import Tally, match_doc, trim_span
from kg.eval.quotes import QuoteItem, QuoteScores, quote_items, score_quotes
from kg.types import Span

ROLE_LABELS = {"source": "claimant", "cue": "cue", "content": "content"}
SENTENCE_BOUNDS = ".!?\n"


@dataclass
class Counts(Tally):
    """True positives, false positives, false negatives (and ignored predictions)."""

    ignored: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.ignored += other.ignored

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "ignored": self.ignored,
        }


@dataclass
class Report:
    """All metrics of one evaluation, plus what error analysis needs."""

    tiers: tuple[str, ...] | None
    n_docs: int = 0
    n_gold: int = 0
    n_pred: int = 0
    strict: Counts = field(default_factory=Counts)
    lenient: Counts = field(default_factory=Counts)
    spans: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    speaker_correct: int = 0
    speaker_total: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, strict, lenient]
    per_doc: dict[str, dict] = field(default_factory=dict)
    unknown_docs: list[str] = field(default_factory=list)
    missed: list[tuple[GoldDoc, GoldClaim]] = field(default_factory=list)
    spurious: list[tuple[GoldDoc, PredClaim]] = field(default_factory=list)
    quotes: QuoteScores = field(default_factory=QuoteScores)

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_correct / self.speaker_total if self.speaker_total else None

    def to_dict(self) -> dict:
        acc = self.speaker_accuracy
        return {
            "docs": self.n_docs,
            "gold_claims": self.n_gold,
            "predicted_claims": self.n_pred,
            "tiers": list(self.tiers) if self.tiers is not None else None,
            "relation_strict": self.strict.to_dict(),
            "relation_lenient": self.lenient.to_dict(),
            "span_exact": {ROLE_LABELS[r]: c.to_dict() for r, c in self.spans.items()},
            "speaker_accuracy": {
                "accuracy": round(acc, 4) if acc is not None else None,
                "correct": self.speaker_correct,
                "total": self.speaker_total,
            },
            "recall_by_kind": {
                k: {
                    "gold": g,
                    "strict": round(s / g, 4) if g else 0.0,
                    "lenient": round(lv / g, 4) if g else 0.0,
                }
                for k, (g, s, lv) in self.kinds.items()
            },
            "quotes": self.quotes.to_dict(),
            "unknown_docs": list(self.unknown_docs),
            "per_doc": self.per_doc,
        }

    def to_text(self) -> str:
        tiers = ", ".join(self.tiers) if self.tiers else "all"
        lines = [
            f"{self.n_docs} articles, {self.n_gold} gold claims (tiers: {tiers}), "
            f"{self.n_pred} predicted claims",
            "",
            f"{'':<18}{'P':>7}{'R':>7}{'F1':>7}{'TP':>7}{'FP':>7}{'FN':>7}",
        ]
        rows = [("relation strict", self.strict), ("relation lenient", self.lenient)]
        rows += [(f"{ROLE_LABELS[r]} span", self.spans[r]) for r in ROLES]
        for name, c in rows:
            lines.append(
                f"{name:<18}{100 * c.precision:>7.1f}{100 * c.recall:>7.1f}{100 * c.f1:>7.1f}"
                f"{c.tp:>7}{c.fp:>7}{c.fn:>7}"
            )
        lines.append("")
        acc = self.speaker_accuracy
        if acc is None:
            lines.append("speaker accuracy: n/a (no strictly matched gold claim names a speaker)")
        else:
            lines.append(
                f"speaker accuracy: {100 * acc:.1f}% ({self.speaker_correct}/{self.speaker_total})"
            )
        if self.kinds:
            order = sorted(self.kinds, key=lambda k: (KINDS.index(k) if k in KINDS else 9, k))
            parts = [
                f"{k} {self.kinds[k][1]}/{self.kinds[k][0]} strict, "
                f"{self.kinds[k][2]}/{self.kinds[k][0]} lenient"
                for k in order
            ]
            lines.append("recall by kind: " + "; ".join(parts))
        lines.append(self.quotes.to_text())
        if self.strict.ignored or self.lenient.ignored:
            lines.append(
                f"not counted (match only gold outside the selected tiers): "
                f"{self.strict.ignored} strict, {self.lenient.ignored} lenient"
            )
        if self.unknown_docs:
            lines.append(
                f"ignored predictions for {len(self.unknown_docs)} article ids not in the gold: "
                + ", ".join(self.unknown_docs[:5])
            )
        return "\n".join(lines)


def _resolve_tiers(docs: Sequence[GoldDoc], tiers: Sequence[str] | None) -> tuple | None:
    if tiers is not None:
        return tuple(tiers)
    has_tiers = any(c.tier for d in docs for c in d.claims)
    return DEFAULT_TIERS if has_tiers else None


def score(
    gold_docs: Sequence[GoldDoc],
    predictions: Mapping[str, Sequence[Mapping]],  # kg.types.Claim objects are accepted too
    *,
    tiers: Sequence[str] | None = None,
) -> Report:
    """Score predictions (``{doc id: [claim dicts as Claim.to_json()]}``) against the gold.

    ``tiers=None`` means core only when the gold has tiers, everything otherwise (module
    docstring). Raises ``InputError`` when a prediction's spans do not fit the gold text.
    """
    chosen = _resolve_tiers(gold_docs, tiers)
    report = Report(tiers=chosen, n_docs=len(gold_docs))
    known = {d.id for d in gold_docs}
    report.unknown_docs = sorted(k for k in predictions if k not in known and predictions[k])
    for doc in gold_docs:
        preds = [
            pred_claim(obj, doc, f"prediction #{i} for {doc.id}")
            for i, obj in enumerate(predictions.get(doc.id, ()))
        ]
        _score_doc(report, doc, preds, chosen)
    return report


def _score_doc(report: Report, doc: GoldDoc, preds: list[PredClaim], tiers: tuple | None) -> None:
    selected = [tiers is None or c.tier is None or c.tier in tiers for c in doc.claims]
    report.n_gold += sum(selected)
    report.n_pred += len(preds)
    doc_counts = {}
    for strict in (True, False):
        matched, ignored = match_doc(doc.claims, selected, preds, strict)
        c = Counts(
            tp=len(matched),
            fp=len(preds) - len(matched) - len(ignored),
            fn=sum(selected) - len(matched),
            ignored=len(ignored),
        )
        (report.strict if strict else report.lenient).add(c)
        doc_counts["strict" if strict else "lenient"] = c.to_dict()
        for gi, claim in enumerate(doc.claims):
            if selected[gi] and claim.kind:
                row = report.kinds.setdefault(claim.kind, [0, 0, 0])
                if strict:
                    row[0] += 1
                row[1 if strict else 2] += gi in matched
        if strict:
            _score_speakers(report, doc, matched, preds)
            used = set(matched.values()) | ignored
            report.missed += [
                (doc, c) for i, c in enumerate(doc.claims) if selected[i] and i not in matched
            ]
            report.spurious += [(doc, p) for i, p in enumerate(preds) if i not in used]
    for role in ROLES:
        _score_spans(report.spans[role], doc, preds, selected, role)
    _score_quotes(report.quotes, doc, preds, selected)
    report.per_doc[doc.id] = doc_counts


def _score_quotes(
    scores: QuoteScores, doc: GoldDoc, preds: Sequence[PredClaim], selected: Sequence[bool]
) -> None:
    """Quote-level counts (``kg.eval.quotes``) for one article."""
    chosen = [c for c, s in zip(doc.claims, selected, strict=True) if s]
    rest = [c for c, s in zip(doc.claims, selected, strict=True) if not s]

    def gold(claims: Sequence[GoldClaim]) -> list[QuoteItem]:
        types = {i: c.type for i, c in enumerate(claims)}
        return quote_items(claims, types, True, lambda t: t.strip().lower() in PRONOUNS)

    def speaker_ok(gold_label: str, predicted: str | None) -> bool:
        norm = normalise_label(gold_label)
        accepted = doc.speaker_names.get(norm, frozenset({norm}))
        return predicted is not None and normalise_label(predicted) in accepted

    pred = quote_items(preds, {i: p.type for i, p in enumerate(preds)}, False)
    score_quotes(
        scores,
        gold(chosen),
        pred,
        lambda a, b: trim_span(doc.text, a, b),
        speaker_ok,
        other=gold(rest),
    )


def _score_speakers(
    report: Report, doc: GoldDoc, matched: dict[int, int], preds: Sequence[PredClaim]
) -> None:
    for gi, pi in matched.items():
        gold = doc.claims[gi].speaker
        if not gold:
            continue
        norm = normalise_label(gold)
        accepted = doc.speaker_names.get(norm, frozenset({norm}))
        predicted = preds[pi].speaker
        report.speaker_total += 1
        report.speaker_correct += predicted is not None and normalise_label(predicted) in accepted


def _trimmed(doc: GoldDoc, spans: Iterable[Span]) -> set[tuple[int, int]]:
    out = set()
    for s in spans:
        start, end = trim_span(doc.text, s.start, s.end)
        if start < end:
            out.add((start, end))
    return out


def _score_spans(
    counts: Counts, doc: GoldDoc, preds: Sequence[PredClaim], selected: Sequence[bool], role: str
) -> None:
    gold: set[tuple[int, int]] = set()
    other: set[tuple[int, int]] = set()
    for claim, sel in zip(doc.claims, selected, strict=True):
        (gold if sel else other).update(_trimmed(doc, getattr(claim, role)))
    other -= gold
    pred: set[tuple[int, int]] = set()
    for p in preds:
        pred |= _trimmed(doc, getattr(p, role))
    counts.add(
        Counts(
            tp=len(pred & gold),
            fp=len(pred - gold - other),
            fn=len(gold - pred),
            ignored=len(pred & other),
        )
    )


def sentence_around(text: str, start: int, end: int) -> Span:
    """The stretch from the sentence boundary (``. ! ? \\n``) before ``start`` to the next one."""
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_BOUNDS) + 1
    rights = [i for ch in SENTENCE_BOUNDS if (i := text.find(ch, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return Span(left, right, text[left:right])


def _error_item(kind: str, doc: GoldDoc, claim: GoldClaim | PredClaim) -> dict:
    sent = sentence_around(doc.text, claim.cue[0].start, claim.cue[-1].end)
    spans = [
        {"role": ROLE_LABELS[role], **s.to_dict()} for role in ROLES for s in getattr(claim, role)
    ]
    return {
        "type": kind,
        "doc": doc.id,
        "sentence": sent.to_dict(),
        "spans": spans,
        "speaker": claim.speaker,
    }


def errors(report: Report, n: int) -> list[dict]:
    """The first ``n`` missed and the first ``n`` spurious claims (strict), in article order."""
    missed = [_error_item("missed", d, c) for d, c in report.missed[:n]]
    spurious = [_error_item("spurious", d, p) for d, p in report.spurious[:n]]
    return missed + spurious


def format_errors(items: Sequence[dict]) -> str:
    """Render ``errors()`` output for a terminal: sentence, then one line per role span."""
    lines = []
    for item in items:
        sent = item["sentence"]
        lines.append(f"[{item['type']}] {item['doc']} @{sent['start']}: {sent['text']}")
        for s in item["spans"]:
            lines.append(f"    {s['role']:<9}{s['start']}-{s['end']}  {s['text']!r}")
        if item.get("speaker"):
            lines.append(f"    {'speaker':<9}{item['speaker']}")
    return "\n".join(lines)


def run_eval(
    gold_paths: Sequence[Path],
    pred_path: Path | None,
    extract: Callable[[list[GoldDoc]], dict[str, list[dict]]] | None,
    *,
    errors_n: int = 0,
    as_json: bool = False,
    tiers: tuple[str, ...] | None = None,
    entities: Path | None = None,
) -> str:
    """Load gold, get predictions (from a file or by running ``extract``), return the report text.

    Example: ``run_eval([Path("gold.jsonl")], Path("claims.jsonl"), None, errors_n=5)``.
    """
    docs = load_gold(gold_paths, entities)
    if pred_path is not None:
        predictions = load_predictions(pred_path)
    elif extract is not None:
        predictions = extract(docs)
    else:
        raise InputError("give a predictions file, or let kg eval run the extractor on the gold")
    report = score(docs, predictions, tiers=tiers)
    if as_json:
        out = report.to_dict()
        if errors_n:
            out["errors"] = errors(report, errors_n)
        return json.dumps(out, indent=2, ensure_ascii=False)
    text = report.to_text()
    if errors_n:
        text += "\n\n" + (format_errors(errors(report, errors_n)) or "no errors")
    return text
