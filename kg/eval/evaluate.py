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
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.eval.quotes import QuoteItem, QuoteScores, quote_items, score_quotes
from kg.types import Article, Span

STRICT_JACCARD = 0.5
ROLES = ("source", "cue", "content")
ROLE_LABELS = {"source": "claimant", "cue": "cue", "content": "content"}
KINDS = ("direct", "indirect", "mixed")
DEFAULT_TIERS = ("core",)
QUOTES = "\"'`´“”‘’„‚‟‛«»‹›「」『』"
PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves one who whom "
    "whose which that this these those".split()
)
# brat role and text-bound type names that mean each of our roles
BRAT_ROLES = {
    "source": "source",
    "claimant": "source",
    "speaker": "source",
    "cue": "cue",
    "content": "content",
    "message": "content",
}
SENTENCE_BOUNDS = ".!?\n"


# ---------------------------------------------------------------- data types


@dataclass(frozen=True)
class GoldClaim:
    """One gold attribution: spans per role plus optional speaker label, kind and tier."""

    id: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    speaker: str | None = None
    kind: str | None = None
    tier: str | None = None
    type: str | None = None  # statement / belief / knowledge / intention, when annotated
    carried: bool = False  # cue and claimant carried over: a floating or continued quote


@dataclass(frozen=True)
class GoldDoc:
    """One gold article. ``speaker_names`` maps a normalised speaker label to accepted names."""

    id: str
    text: str
    claims: tuple[GoldClaim, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    speaker_names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    origin: str = ""
    body_end: int | None = None

    def to_article(self) -> Article:
        """The article to run extraction on; offsets stay those of ``text``."""
        meta = self.metadata
        pubs = meta.get("publishers") or meta.get("publisher") or ()
        if isinstance(pubs, str):
            pubs = [p.strip() for p in pubs.split(";")]
        return Article(
            id=self.id,
            text=self.text,
            title=_str_or_none(meta.get("title")),
            url=_str_or_none(meta.get("url")),
            publishers=tuple(p for p in pubs if isinstance(p, str) and p),
            published=_str_or_none(meta.get("published") or meta.get("publication_date")),
            author=_str_or_none(meta.get("author")),
            origin=self.origin or None,
            body_end=self.body_end,
        )


@dataclass(frozen=True)
class PredClaim:
    """A predicted claim reduced to what scoring needs; ``where`` locates it for messages."""

    doc: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    speaker: str | None
    kind: str | None
    where: str
    type: str | None = None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    return value if type(value) is int else None


# ---------------------------------------------------------------- span helpers


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


def normalise_label(label: str) -> str:
    """Lower-case, collapse white space and drop a leading article, for speaker comparison."""
    words = label.lower().split()
    if words and words[0] in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    return " ".join(words)


# ---------------------------------------------------------------- reading spans


def _parse_spans(value: Any, text: str, where: str, role: str) -> tuple[Span, ...]:
    """Accept null, one ``{start,end[,text]}`` dict or a list of them; check them against text."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    spans = []
    for item in items:
        if not isinstance(item, dict):
            raise InputError(f"{where}: {role} span must be an object with start and end")
        start, end = item.get("start"), item.get("end")
        if type(start) is not int or type(end) is not int:
            raise InputError(f"{where}: {role} span needs integer start and end, got {item!r}")
        if not 0 <= start <= end <= len(text):
            raise InputError(
                f"{where}: {role} span {start}-{end} lies outside the text (length {len(text)})"
            )
        got = item.get("text")
        if isinstance(got, str) and got != text[start:end]:
            raise InputError(
                f"{where}: {role} span {start}-{end} says {got[:40]!r} but the text there is "
                f"{text[start:end][:40]!r}; offsets must be code points into the article text"
            )
        spans.append(Span(start, end, text[start:end]))
    return tuple(spans)


# ---------------------------------------------------------------- gold loading


def load_gold(paths: Sequence[Path], entities: Path | None = None) -> list[GoldDoc]:
    """Read gold from JSONL files, brat directories or single ``.ann``/``.txt`` pairs.

    Speaker aliases come from ``entities`` when given, else from ``<stem>.entities.json`` beside
    each gold file (or inside a brat directory).
    """
    explicit = _load_entities(entities) if entities is not None else None
    docs: list[GoldDoc] = []
    for path in map(Path, paths):
        if path.is_dir():
            anns = sorted(path.glob("*.ann"))
            if not anns:
                raise InputError(f"{path}: no .ann files in this directory; expected brat standoff")
            docs.extend(_load_brat(ann, explicit) for ann in anns)
        elif path.suffix in (".ann", ".txt"):
            docs.append(_load_brat(path.with_suffix(".ann"), explicit))
        elif path.is_file():
            docs.extend(_load_jsonl(path, explicit))
        else:
            raise InputError(f"{path}: no such gold file or directory")
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise InputError(f"{doc.origin}: article id {doc.id!r} appears twice in the gold")
        seen.add(doc.id)
    return docs


@dataclass(frozen=True)
class _Entities:
    names: Mapping[str, frozenset[str]]
    body_end: int | None


def _load_entities(path: Path) -> _Entities:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ents = data["entities"]
        names: dict[str, frozenset[str]] = {}
        for key, ent in ents.items():
            label = ent["label"]
            accepted = {normalise_label(label)}
            for alias in ent.get("aliases", []):
                norm = normalise_label(alias)
                if norm and norm not in PRONOUNS:
                    accepted.add(norm)
            names[normalise_label(label)] = frozenset(accepted)
            names.setdefault(normalise_label(key), frozenset(accepted))
    except OSError as e:
        raise InputError(f"{path}: cannot read entities file ({e.strerror})") from e
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(
            f'{path}: not an entities file; expected {{"entities": {{ID: {{"label", '
            f'"aliases"}}}}}} ({e})'
        ) from e
    body_end = data.get("body_end")
    return _Entities(names, _int(body_end))


def _entities_beside(path: Path, explicit: _Entities | None) -> _Entities | None:
    if explicit is not None:
        return explicit
    candidate = path.with_name(path.stem + ".entities.json")
    return _load_entities(candidate) if candidate.is_file() else None


def _make_doc(
    doc_id: str, text: str, claims: list[GoldClaim], meta: dict, origin: str, ents: _Entities | None
) -> GoldDoc:
    return GoldDoc(
        id=doc_id,
        text=text,
        claims=tuple(claims),
        metadata=meta,
        speaker_names=dict(ents.names) if ents else {},
        origin=origin,
        body_end=ents.body_end
        if ents and ents.body_end is not None
        else _int(meta.get("body_end")),
    )


def _load_jsonl(path: Path, explicit: _Entities | None) -> list[GoldDoc]:
    ents = _entities_beside(path, explicit)
    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read gold file ({e})") from e
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(
                f"{where}: not valid JSON ({e.msg}); one article object per line"
            ) from e
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected an article object, got {type(obj).__name__}")
        doc_id, text, atts = obj.get("id"), obj.get("text"), obj.get("attributions")
        if not isinstance(doc_id, str) or not isinstance(text, str) or not isinstance(atts, list):
            raise InputError(
                f"{where}: an article needs string 'id', 'text' and list 'attributions'"
            )
        claims = []
        for i, att in enumerate(atts):
            if not isinstance(att, dict):
                raise InputError(f"{where}: attribution #{i} is not an object")
            claim = _gold_claim(att, text, f"{where}: attribution #{i}", f"{doc_id}#{i}")
            if claim is not None:  # an attribution without cue or content cannot be matched
                claims.append(claim)
        meta = {k: v for k, v in obj.items() if k not in ("id", "text", "attributions")}
        docs.append(_make_doc(doc_id, text, claims, meta, where, ents))
    return docs


def _gold_claim(att: dict, text: str, where: str, default_id: str) -> GoldClaim | None:
    """One gold attribution; None for an incomplete one (no cue or no content span), which
    annotated corpora contain (PolNeAR train has a few) and no extractor could match."""
    spans = {role: _parse_spans(att.get(role), text, where, role) for role in ROLES}
    if not spans["cue"] or not spans["content"]:
        return None
    speaker = att.get("speaker")
    return GoldClaim(
        id=str(att.get("id") or default_id),
        speaker=speaker if isinstance(speaker, str) and speaker else None,
        kind=_str_or_none(att.get("kind")),
        tier=_str_or_none(att.get("tier")),
        type=_str_or_none(att.get("type")),
        carried=bool(att.get("cue_carried_over") or att.get("floating")),
        **spans,
    )


def _load_brat(ann: Path, explicit: _Entities | None) -> GoldDoc:
    txt = ann.with_suffix(".txt")
    try:
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        with open(ann, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{ann}: cannot read brat pair {ann.name} + {txt.name} ({e})") from e
    bounds: dict[str, tuple[str, tuple[Span, ...], int]] = {}
    events: list[tuple[str, list[tuple[str, str]], int]] = []
    relations: list[tuple[str, str, int]] = []
    extras: dict[str, dict[str, str]] = {}
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        where = f"{ann}:{lineno}"
        parts = line.split("\t")
        ident = parts[0]
        try:
            if ident.startswith("T"):
                bounds[ident] = (*_brat_textbound(parts, text, where), lineno)
            elif ident.startswith("E"):
                args = [tuple(a.split(":", 1)) for a in parts[1].split()]
                if not args or any(len(a) != 2 for a in args):
                    raise ValueError("event arguments must be Role:ID")
                events.append((ident, args, lineno))
            elif ident.startswith("R"):
                fields = parts[1].split()
                ids = [f.split(":", 1)[1] for f in fields[1:]]
                if len(ids) != 2:
                    raise ValueError("a relation needs two Arg:ID arguments")
                relations.append((ids[0], ids[1], lineno))
            elif ident.startswith(("A", "M")):
                fields = parts[1].split()
                extras.setdefault(fields[1], {})[fields[0].lower()] = (
                    fields[2] if len(fields) > 2 else "true"
                )
            elif ident.startswith("#"):
                note_type, target = parts[1].split()[:2]
                note = parts[2].strip() if len(parts) > 2 else ""
                if note_type.lower() == "speaker":
                    extras.setdefault(target, {})["speaker"] = note
                elif note.lower().startswith("speaker:"):
                    extras.setdefault(target, {})["speaker"] = note[8:].strip()
            elif not ident.startswith(("N", "*")):
                raise ValueError(f"unknown annotation id {ident!r}")
        except (IndexError, ValueError) as e:
            raise InputError(f"{where}: malformed brat line ({e}): {line[:60]!r}") from e

    def spans_of(tid: str, lineno: int) -> tuple[str, tuple[Span, ...]]:
        if tid not in bounds:
            raise InputError(f"{ann}:{lineno}: {tid} is not a text-bound annotation in this file")
        return bounds[tid][0], bounds[tid][1]

    claims: list[GoldClaim] = []
    for eid, args, lineno in events:
        roles: dict[str, list[Span]] = {r: [] for r in ROLES}
        for n, (role, tid) in enumerate(args):
            _, spans = spans_of(tid, lineno)
            key = BRAT_ROLES.get(re.sub(r"\d+$", "", role).lower())
            if n == 0 and key is None:
                key = "cue"  # the trigger of an Attribution event marks the cue
            if key:
                roles[key].extend(s for s in spans if s not in roles[key])
        claims.append(_brat_claim(eid, roles, extras.get(eid, {}), f"{ann}:{lineno}"))
    by_cue: dict[str, dict[str, list[Span]]] = {}
    for a, b, lineno in relations:
        (ta, sa), (tb, sb) = spans_of(a, lineno), spans_of(b, lineno)
        ra, rb = BRAT_ROLES.get(ta.lower()), BRAT_ROLES.get(tb.lower())
        if rb == "cue":
            (a, ra, sa), (b, rb, sb) = (b, rb, sb), (a, ra, sa)
        if ra != "cue" or rb is None:
            continue
        roles = by_cue.setdefault(a, {"source": [], "cue": list(sa), "content": []})
        roles[rb].extend(s for s in sb if s not in roles[rb])
    for cue_id, roles in by_cue.items():
        claims.append(_brat_claim(f"R:{cue_id}", roles, extras.get(cue_id, {}), str(ann)))
    ents = _entities_beside(ann, explicit)
    return _make_doc(ann.stem, text, claims, {}, str(ann), ents)


def _brat_textbound(parts: list[str], text: str, where: str) -> tuple[str, tuple[Span, ...]]:
    kind, _, offsets = parts[1].partition(" ")
    spans = []
    for frag in offsets.split(";"):
        start_s, end_s = frag.split()
        spans.append({"start": int(start_s), "end": int(end_s)})
    parsed = _parse_spans(spans, text, where, kind)
    if len(parts) > 2 and " ".join(s.text for s in parsed).split() != parts[2].split():
        raise InputError(
            f"{where}: {kind} text {parts[2][:40]!r} does not match the .txt at {offsets}"
        )
    return kind, parsed


def _brat_claim(
    cid: str, roles: dict[str, list[Span]], extra: dict[str, str], where: str
) -> GoldClaim:
    if not roles["cue"] or not roles["content"]:
        raise InputError(f"{where}: attribution {cid} needs a cue and a content span")
    return GoldClaim(
        id=cid,
        source=tuple(roles["source"]),
        cue=tuple(roles["cue"]),
        content=tuple(roles["content"]),
        speaker=extra.get("speaker") or None,
        kind=extra.get("kind"),
        tier=extra.get("tier"),
    )


# ---------------------------------------------------------------- predictions


def load_predictions(path: Path) -> dict[str, list[dict]]:
    """Read ``kg extract --format jsonl`` output: one claim object per line, grouped by doc."""
    out: dict[str, list[dict]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read predictions ({e})") from e
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(
                f"{path}:{lineno}: not valid JSON ({e.msg}); one claim per line"
            ) from e
        if not isinstance(obj, dict) or not isinstance(obj.get("doc"), str):
            raise InputError(f"{path}:{lineno}: a predicted claim must be an object with 'doc'")
        out.setdefault(obj["doc"], []).append({**obj, "_where": f"{path}:{lineno}"})
    return out


def _pred_claim(obj: Any, doc: GoldDoc, where: str) -> PredClaim:
    if hasattr(obj, "to_json"):  # a kg.types.Claim
        obj = obj.to_json()
    if not isinstance(obj, Mapping):
        raise InputError(f"{where}: a predicted claim must be a dict, got {type(obj).__name__}")
    where = obj.get("_where", where)
    spans = {role: _parse_spans(obj.get(role), doc.text, where, role) for role in ROLES}
    if not spans["cue"] or not spans["content"]:
        raise InputError(f"{where}: a predicted claim needs a cue and a content span")
    speaker = obj.get("speaker")
    label = speaker.get("label") if isinstance(speaker, dict) else speaker
    return PredClaim(
        doc=doc.id,
        speaker=label if isinstance(label, str) and label else None,
        kind=_str_or_none(obj.get("kind")),
        where=where,
        type=_str_or_none(obj.get("type")),
        **spans,
    )


# ---------------------------------------------------------------- matching


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


def _match_doc(
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


# ---------------------------------------------------------------- report


@dataclass
class Counts:
    """True positives, false positives, false negatives (and ignored predictions)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0

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
            _pred_claim(obj, doc, f"prediction #{i} for {doc.id}")
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
        matched, ignored = _match_doc(doc.claims, selected, preds, strict)
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


# ---------------------------------------------------------------- error analysis


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


# ---------------------------------------------------------------- entry point


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
