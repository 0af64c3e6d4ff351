"""The learned claim gate: which candidate claims the patterns propose are real claims.

The rules propose candidates generously (every reporting reading whose cue word scores at least
``candidate_threshold`` under the cue model); a gradient-boosted tree ensemble then scores each
whole candidate — its cue score, the pattern that found it, its claimant, its content, the
other candidates around it — and only those scoring ``threshold`` or more go on. Trained by
``kg train`` (scikit-learn's HistGradientBoostingClassifier) and shipped as
``kg/data/claim_model.json``: plain arrays of tree nodes, evaluated here in plain Python, so
extraction needs no machine-learning library. ``KG_CLAIM_MODEL`` points at another file;
``KG_CLAIM_MODEL=none`` switches the gate off (the cue model's thresholds decide alone).
"""

from __future__ import annotations

import hashlib
import json
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import KgError
from kg.extract.features import sentence_has_quote
from kg.extract.intervals import SpanIndex
from kg.extract.model import load_json
from kg.extract.quotes import outermost
from kg.extract.spans import FIRST_SECOND_PERSON
from kg.types import RawClaim, Span

MODEL_ENV = "KG_CLAIM_MODEL"
RULES = (
    "complement",
    "quote-cue-after",
    "quote-cue-before",
    "quote-complement",
    "inverted",
    "object-dobj",
    "object-prep",
    "object-xcomp",
    "rest-of-sentence",
    "according-to",
    "noun-cue",
)
KINDS = ("direct", "indirect", "mixed")
MENTION_KINDS = ("pronoun", "name", "group", "description")
CUE_POS = ("VERB", "AUX", "NOUN", "ADP", "ADJ")
CUE_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "NN", "NNS")
CUE_DEPS = ("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "acl", "parataxis", "pcomp")


def gated(claim: RawClaim, ctx=None) -> bool:
    """Whether the gate decides on ``claim``: claims of the dependency patterns. Not scored:
    claims read off the layout (``kg.extract.signatures``), the explicit constructions of
    docs/guidelines.md ("advise him against …", "leading the officer to believe …"), which
    attribute by their grammar whatever a corpus's statistics say, and (given the pattern
    context ``ctx``) speech nested in a quotation ("“They called me and said, ‘…’,” he said"):
    a claim by the guidelines, not annotated in PolNeAR, so the rules decide on it."""
    base, _, extra = claim.rule.partition("+")
    if base not in RULES or extra == "construction":
        return False
    return ctx is None or ctx.top_quote_at(claim.cue.start) is None


def _names() -> list[str]:
    names = ["cue_score", "construction", "lexicon_precision", "in_lexicon"]
    names += [f"rule={r}" for r in RULES]
    names += [f"kind={k}" for k in KINDS]
    names += [f"claimant={k}" for k in ("none", *MENTION_KINDS)]
    names += ["claimant_in_quote", "claimant_first_second", "claimant_after_cue"]
    names += ["claimant_distance", "claimant_words", "addressee"]
    names += [f"cue_pos={p}" for p in CUE_POS]
    names += [f"cue_tag={t}" for t in CUE_TAGS]
    names += [f"cue_dep={d}" for d in CUE_DEPS]
    names += ["cue_words", "cue_in_quote", "cue_negated", "cue_conditional", "cue_sentence_pos"]
    names += ["content_words", "content_spans", "content_before_cue", "content_gap"]
    names += ["content_has_verb", "content_quoted_share", "sentence_has_quote", "sentence_words"]
    names += ["rivals_same_cue", "rivals_same_content", "rank_same_cue", "candidates_in_sentence"]
    return names


FEATURE_NAMES = tuple(_names())


def _words(span: Span) -> int:
    return len(span.text.split())


def _cue_token(doc, claim: RawClaim):
    """The token that heads the cue: the one with the cue's lemma, else the first."""
    toks = [t for t in _tokens_in(doc, claim.cue.start, claim.cue.end) if not t.is_space]
    for t in toks:
        if t.lemma_.lower() == claim.cue_lemma.split()[0]:
            return t
    return toks[0] if toks else None


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


class Rivals:
    """All candidates of an article, indexed by cue, content and sentence, so that each claim's
    rival features cost lookups rather than a pass over every candidate (long articles)."""

    def __init__(self, claims: list[RawClaim]) -> None:
        self.claims = claims
        self.cues = SpanIndex()
        self.contents = SpanIndex()
        for k, r in enumerate(claims):
            self.cues.add(r.cue.start, r.cue.end, k)
            for a in r.content:
                self.contents.add(a.start, a.end, k)
        self.per_sentence = Counter(r.sentence for r in claims)


def _rival_features(claim: RawClaim, rivals: Rivals, content_len: int) -> list[float]:
    """Other readings of the same cue or content, the rank among them, the sentence's count."""
    near_cue = rivals.cues.overlapping(claim.cue.start, claim.cue.end)
    near_content = set().union(
        *(rivals.contents.overlapping(a.start, a.end) for a in claim.content)
    )
    same_cue = [
        r
        for k in sorted(near_cue)
        if (r := rivals.claims[k]) is not claim and _overlap(r.cue, claim.cue) > 0
    ]
    same_content = [
        r
        for k in sorted(near_content)
        if (r := rivals.claims[k]) is not claim
        and not _overlap(r.cue, claim.cue)
        and sum(_overlap(a, b) for a in r.content for b in claim.content) > 0.5 * content_len
    ]
    rank = sum(1 for r in same_cue if r.confidence > claim.confidence)
    in_sentence = rivals.per_sentence[claim.sentence] if claim.sentence is not None else 0
    return [float(len(same_cue)), float(len(same_content)), float(rank), float(in_sentence)]


def _tokens_in(doc, start: int, end: int):
    """The tokens starting at ``start <= idx < end``, found by binary search on offsets."""
    last = _LAST_DOC[0]  # one read of one tuple: safe when threads extract side by side
    if last is None or last[0] is not doc:
        last = _LAST_DOC[0] = (doc, [t.idx for t in doc])
    starts = last[1]
    return doc[bisect_left(starts, start) : bisect_left(starts, end)]


_LAST_DOC: list = [None]  # (the article being gated, its token offsets)


def _content_has_verb(doc, content: tuple[Span, ...]) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for s in content for t in _tokens_in(doc, s.start, s.end))


def _quoted_chars(quotes, content: tuple[Span, ...]) -> int:
    """Characters of the content inside top-level quotations."""
    total = 0
    for s in content:
        tops = [q for q in quotes.opening_in(s.start, s.end) if q.depth == 0]
        around = outermost(quotes, s.start)
        if around is not None and around not in tops:
            tops.append(around)
        total += sum(_overlap(s, Span(q.start, q.end, "")) for q in tops)
    return total


def claim_features(ctx, claim: RawClaim, rivals: Rivals | list[RawClaim]) -> list[float]:
    """Dense features of one candidate claim, in the order of ``FEATURE_NAMES``. ``ctx`` is the
    pattern context (text, parse, quotes, lexicon); ``rivals`` are all candidates of the article
    (index them once with ``Rivals`` when scoring many)."""
    if not isinstance(rivals, Rivals):
        rivals = Rivals(rivals)
    f: list[float] = [claim.confidence, float(claim.rule.endswith("+construction"))]
    base = claim.rule.split("+")[0]
    tok = _cue_token(ctx.doc, claim)
    info = None
    if tok is not None:
        info = ctx.lexicon.noun(tok.lemma_) if tok.pos_ == "NOUN" else ctx.lexicon.verb(tok.lemma_)
    f += [info.precision if info else -1.0, float(info is not None)]
    f += [float(base == r) for r in RULES]
    f += [float(claim.kind == k) for k in KINDS]
    src = claim.source
    f += [float(src is None)] + [float(src is not None and src.kind == k) for k in MENTION_KINDS]
    if src is not None:
        gap = (
            src.span.start - claim.cue.end
            if src.span.start >= claim.cue.end
            else (claim.cue.start - src.span.end)
        )
        f += [
            float(src.in_quote),
            float(src.span.text.lower() in FIRST_SECOND_PERSON),
            float(src.span.start >= claim.cue.end),
            float(max(gap, 0)),
            float(_words(src.span)),
        ]
    else:
        f += [0.0, 0.0, 0.0, -1.0, 0.0]
    f.append(float(claim.addressee is not None))
    pos = tok.pos_ if tok is not None else ""
    tag = tok.tag_ if tok is not None else ""
    dep = tok.dep_ if tok is not None else ""
    f += [float(pos == p) for p in CUE_POS]
    f += [float(tag == t) for t in CUE_TAGS]
    f += [float(dep == d) for d in CUE_DEPS]
    sent = tok.sent if tok is not None else None
    negated = tok is not None and any(c.dep_ == "neg" for c in tok.children)
    conditional = tok is not None and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children
    )
    sent_pos = (tok.i - sent.start) / max(1, len(sent)) if tok is not None else 0.0
    f += [
        float(_words(claim.cue)),
        float(ctx.top_quote_at(claim.cue.start) is not None),
        float(negated),
        float(conditional),
        sent_pos,
    ]
    content_len = sum(s.end - s.start for s in claim.content)
    first, last = min(s.start for s in claim.content), max(s.end for s in claim.content)
    gap = first - claim.cue.end if first >= claim.cue.end else claim.cue.start - last
    has_verb = content_len < 2000 and _content_has_verb(ctx.doc, claim.content)
    quoted = _quoted_chars(ctx.quotes, claim.content)
    f += [
        float(sum(_words(s) for s in claim.content)),
        float(len(claim.content)),
        float(last <= claim.cue.start),
        float(gap),
        float(has_verb),
        quoted / max(1, content_len),
        float(tok is not None and sentence_has_quote(tok)),
        float(len(sent)) if sent is not None else 0.0,
    ]
    f += _rival_features(claim, rivals, content_len)
    return f


@dataclass(frozen=True)
class ClaimModel:
    """A boosted tree ensemble over ``claim_features``: ``trees`` are lists of nodes
    ``[feature, threshold, left, right, missing_left, value]`` (a leaf has feature -1)."""

    trees: list[list[list[float]]]
    baseline: float
    threshold: float
    candidate_threshold: float
    features: tuple[str, ...]
    version: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_arrays", _flatten(self.trees))

    def probability(self, x: list[float]) -> float:
        return self.probabilities([x])[0]

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """Scores of many candidates at once: all rows walk all trees together, one level per
        step (numpy), instead of one node at a time in Python."""
        import numpy as np

        if not rows:
            return []
        feat, thr, left, right, missing_left, value, roots, depth = self._arrays
        x = np.asarray(rows, dtype=np.float64)
        at = np.broadcast_to(roots, (len(rows), len(roots))).copy()
        row = np.arange(len(rows))[:, None]
        for _ in range(depth):
            v = x[row, feat[at]]
            go_left = np.where(np.isnan(v), missing_left[at], v <= thr[at])
            at = np.where(go_left, left[at], right[at])
        z = self.baseline + value[at].sum(axis=1)
        return [0.0 if s < -30 else 1.0 / (1.0 + math.exp(-s)) for s in z.tolist()]

    def to_json(self) -> dict:
        return {
            "kind": "claim-gate",
            "version": self.version,
            "threshold": self.threshold,
            "candidate_threshold": self.candidate_threshold,
            "features": list(self.features),
            "baseline": self.baseline,
            "trees": self.trees,
        }


def _flatten(trees: list[list[list[float]]]) -> tuple:
    """The ensemble as flat node arrays (one index space for all trees); a leaf points to
    itself, so walking past it stays put. Also the root of each tree and the deepest path."""
    import numpy as np

    feat, thr, left, right, missing_left, value, roots = [], [], [], [], [], [], []
    depth = 0
    for tree in trees:
        base = len(feat)
        roots.append(base)
        for k, (f, t, lo, hi, ml, val) in enumerate(tree):
            leaf = f < 0
            feat.append(0 if leaf else int(f))
            thr.append(t)
            left.append(base + k if leaf else base + int(lo))
            right.append(base + k if leaf else base + int(hi))
            missing_left.append(bool(ml))
            value.append(val if leaf else 0.0)
        depth = max(depth, _depth(tree))
    return (
        np.array(feat, dtype=np.intp),
        np.array(thr, dtype=np.float64),
        np.array(left, dtype=np.intp),
        np.array(right, dtype=np.intp),
        np.array(missing_left, dtype=bool),
        np.array(value, dtype=np.float64),
        np.array(roots, dtype=np.intp),
        depth,
    )


def _depth(tree: list[list[float]], node: int = 0) -> int:
    f, _, lo, hi = tree[node][:4]
    if f < 0:
        return 0
    return 1 + max(_depth(tree, int(lo)), _depth(tree, int(hi)))


def model_hash(data: dict) -> str:
    """A short hash of a model file's weights and configuration (its provenance version)."""
    body = {k: v for k, v in data.items() if k != "version"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def parse_claim_model(data: dict, origin: str) -> ClaimModel:
    try:
        features = tuple(str(n) for n in data["features"])
        if features != FEATURE_NAMES:
            raise ValueError("it was trained on other features; retrain it with 'kg train'")
        return ClaimModel(
            trees=[[[float(v) for v in node] for node in tree] for tree in data["trees"]],
            baseline=float(data["baseline"]),
            threshold=float(data["threshold"]),
            candidate_threshold=float(data["candidate_threshold"]),
            features=features,
            version=str(data.get("version") or model_hash(data)),
        )
    except (KeyError, TypeError, ValueError, IndexError) as e:
        raise KgError(f"{origin}: not a claim model file ({e})") from None


@lru_cache(maxsize=4)
def load_claim_model(path: str | None = None) -> ClaimModel | None:
    """The claim gate from ``path``, ``$KG_CLAIM_MODEL`` or the package; None if there is none
    (then the cue model's thresholds decide alone)."""
    data = load_json(path, MODEL_ENV, "claim_model.json")
    return None if data is None else parse_claim_model(data[0], data[1])
