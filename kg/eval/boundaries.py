"""Train the boundary model (``kg.extract.boundaries``) from annotated articles.

The extractor runs with the rules' edges; each of its claims that matches a gold claim (cue,
claimant and content overlap, as ``kg eval`` pairs them leniently) gives one example group per
span edge: the candidate tokens around the proposed edge, the one where the gold span's edge
lies (after the trimming ``kg eval`` applies) marked. A conditional logit per edge kind (a
softmax over each group's candidates, fitted with SciPy, needed only here) learns to rank the
gold candidate first; extraction takes the best one.
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
    keep_relatives,
    quoted_edges,
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
                    quoted = quoted_edges(claim.kind, edge, claim.rule)
                    cands = _candidates(view, proposed, other, start, window, blocked, quoted)
                    if edge == "content_end":
                        cands = keep_relatives(view, proposed, cands, marks)
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
    """Weights that rank each group's gold candidate first: a conditional logit (softmax over
    the candidates of one edge, L2 penalty ``1 / c``), fitted by L-BFGS. Extraction takes the
    best-scoring candidate, so the groups are what the model is judged on, not every token
    alone; features common to a whole group cancel out, so there is no bias."""
    try:
        import numpy as np
        from scipy import sparse
        from scipy.optimize import minimize
    except ImportError:
        raise KgError(
            "training needs scikit-learn; install it with \"pip install 'claimgraph[train]'\""
        ) from None
    counts = Counter(f for feats, _ in groups for row in feats for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT and f != "bias")
    if not names or not groups:
        return {}
    index = {f: k for k, f in enumerate(names)}
    rows: list[int] = []
    cols: list[int] = []
    starts, gold = [], []
    r = 0
    for feats, gold_k in groups:
        starts.append(r)
        gold.append(r + gold_k)
        for row in feats:
            ks = sorted({index[f] for f in row if f in index})
            cols += ks
            rows += [r] * len(ks)
            r += 1
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, len(names)))
    first = np.array(starts)
    group = np.repeat(np.arange(len(groups)), np.diff(np.append(first, r)))
    at_gold = np.asarray(x[gold].sum(axis=0)).ravel()

    def loss(w):
        s = x @ w
        top = np.maximum.reduceat(s, first)
        e = np.exp(s - top[group])
        z = np.add.reduceat(e, first)
        value = (top + np.log(z)).sum() - s[gold].sum() + 0.5 * (w @ w) / c
        grad = x.T @ (e / z[group]) - at_gold + w / c
        return value, grad

    fit = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return {n: round(float(w), 4) for n, w in zip(names, fit.x, strict=True) if abs(w) > 1e-3}


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
    c: float = 0.3,
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
    version = f"edges-rank-c{c}-w{window}-n{sizes}-{digest}"
    return BoundaryModel(weights, version, window)


def save_boundary_model(model: BoundaryModel, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", "utf-8")
