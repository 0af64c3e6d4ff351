"""Train the boundary model (``kg.extract.boundaries``) from annotated articles.

The extractor runs with the rules' edges; each of its claims that matches a gold claim (cue,
claimant and content overlap, as ``kg eval`` pairs them leniently) gives one example group per
span edge: the candidate tokens around the proposed edge, the one where the gold span's edge
lies (after the trimming ``kg eval`` applies) labelled 1. A logistic regression per edge kind
(scikit-learn, needed only here) learns to score candidates; extraction takes the best one.
Only feature strings and weights are written, never corpus text.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KgError
from kg.extract.boundaries import (
    EDGES,
    WINDOW,
    BoundaryModel,
    DocView,
    _candidates,
    _token_range,
    blocked_tokens,
    claim_marks,
    edge_features,
    scan,
    sibling_contents,
)
from kg.types import RawClaim, Span

MIN_FEATURE_COUNT = 3  # rarer features are dropped (noise, and model size)


def _trimmed(text: str, spans: Iterable[Span]) -> list[tuple[int, int]]:
    from kg.eval.match import trim_span

    out = []
    for s in spans:
        a, b = trim_span(text, s.start, s.end)
        if a < b:
            out.append((a, b))
    return out


def _pairs(text: str, golds, claims: list[RawClaim]) -> Iterator[tuple[RawClaim, object]]:
    """(claim, gold claim) pairs, one-to-one, matched as ``kg eval`` does leniently."""
    from kg.eval.gold import PredClaim
    from kg.eval.match import _candidates as match_candidates
    from kg.eval.match import _max_matching

    preds = [
        PredClaim(
            doc="",
            source=(c.source.span,) if c.source else (),
            cue=(c.cue,),
            content=c.content,
            speaker=None,
            kind=c.kind,
            where="",
        )
        for c in claims
    ]
    matched = _max_matching(match_candidates(golds, preds, False))
    for gi, pi in sorted(matched.items()):
        yield claims[pi], golds[gi]


def edge_examples(
    text: str, doc, quotes, claims: list[RawClaim], golds, window: int = WINDOW
) -> Iterator[tuple[str, list[list[str]], int]]:
    """(edge kind, features of each candidate, index of the gold candidate) for every edge of
    every matched claim whose gold edge is among the candidates."""
    view = DocView.of(doc, quotes)
    for claim, gold in _pairs(text, golds, claims):
        marks = claim_marks(view, claim, sibling_contents(claim, claims))
        roles = [("content", claim.content, gold.content)]
        if claim.source is not None and gold.source:
            roles.append(("source", (claim.source.span,), gold.source))
        for role, spans, gold_spans in roles:
            targets = _trimmed(text, gold_spans)
            quoted = claim.kind == "direct" and role == "content"
            for span in spans:
                r = _token_range(view, span)
                if r is None or not targets:
                    continue
                a, b = r
                blocked = blocked_tokens(marks, role, view, b)
                # the gold span this piece stands for: the one it overlaps most
                g = max(targets, key=lambda t: min(t[1], span.end) - max(t[0], span.start))
                if min(g[1], span.end) <= max(g[0], span.start):
                    continue
                ga, gb = view.first_token(g[0]), view.last_token(g[1])
                for edge, proposed, other, gold_i, exact in (
                    (f"{role}_start", a, b, ga, ga < len(view.starts) and view.starts[ga] == g[0]),
                    (
                        f"{role}_end",
                        b,
                        a,
                        gb,
                        gb >= 0 and view.starts[gb] + len(doc[gb].text) == g[1],
                    ),
                ):
                    if not exact:
                        continue
                    start = edge.endswith("start")
                    cands = _candidates(view, proposed, other, start, window, blocked, quoted)
                    if gold_i not in cands:
                        continue
                    between = scan(view, proposed, cands, start)
                    feats = [
                        edge_features(
                            view,
                            i,
                            proposed,
                            edge,
                            claim.rule,
                            claim.kind,
                            marks,
                            between.get(i, frozenset()),
                        )
                        for i in cands
                    ]
                    yield edge, feats, cands.index(gold_i)


def _fit(groups: list[tuple[list[list[str]], int]], c: float) -> dict[str, float]:
    """Binary logistic regression over all candidates (gold edge = 1); ranking takes the best."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise KgError(
            "training needs scikit-learn; install it with \"pip install 'claimgraph[train]'\""
        ) from None
    rows = [f for feats, _ in groups for f in feats]
    labels = [int(k == gold) for feats, gold in groups for k in range(len(feats))]
    if len(set(labels)) < 2:
        return {}
    counts = Counter(f for row in rows for f in set(row))
    keep = {f for f, n in counts.items() if n >= MIN_FEATURE_COUNT} | {"bias"}
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in row if f in keep} for row in rows]).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear", random_state=0)
    clf.fit(x, labels)
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) > 1e-3
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 4)
    return weights


def boundary_items(items, cue_model=None, lexicon=None) -> Iterator[tuple]:
    """(GoldDoc, Doc, quotes, claims with the rules' edges) for (GoldDoc, Article, Doc) items:
    what ``train_boundaries`` learns from. ``cue_model`` is the one extraction will use."""
    from kg.extract import candidates, finish, load_lexicon

    lexicon = lexicon or load_lexicon()
    for gold, article, doc in items:
        ctx, sentences, found = candidates(article, doc, lexicon, cue_model)
        yield gold, doc, ctx.quotes, finish(ctx, sentences, found, None)


def train_boundaries(
    items: Iterable[tuple],
    *,
    cue_model=None,
    lexicon=None,
    c: float = 0.5,
    window: int = WINDOW,
) -> BoundaryModel:
    """Fit the boundary model on (GoldDoc, Article, spaCy Doc) items, learning from the claims
    the extractor finds in them with ``cue_model`` (the rules' edges, no boundary model)."""
    groups: dict[str, list] = {e: [] for e in EDGES}
    for gold, doc, quotes, claims in boundary_items(items, cue_model, lexicon):
        for edge, feats, gold_i in edge_examples(
            gold.text, doc, quotes, claims, list(gold.claims), window
        ):
            groups[edge].append((feats, gold_i))
    if not any(groups.values()):
        raise KgError("the gold data has too few matching attributions to learn span edges from")
    weights = {edge: _fit(groups[edge], c) for edge in EDGES if groups[edge]}
    sizes = "-".join(str(len(groups[e])) for e in EDGES)
    digest = hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:12]
    return BoundaryModel(weights, f"edges-lr-c{c}-w{window}-n{sizes}-{digest}", window)


def save_boundary_model(model: BoundaryModel, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", "utf-8")
