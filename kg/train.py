"""Train the cue model from annotated articles (PolNeAR JSONL, brat, or a user's own gold).

Every candidate token (``features.is_candidate``) is an example; it is positive when it lies
inside a gold cue span. A logistic regression (scikit-learn, an optional dependency needed only
here) learns the weights, which are written as a small JSON table that extraction reads without
any machine-learning library. No corpus text is written: only feature strings and weights.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KgError
from kg.extract.features import cue_features, is_candidate
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.model import CueModel
from kg.extract.quotes import find_quotes
from kg.types import Article, Span

MIN_FEATURE_COUNT = 3  # features seen fewer times are dropped (noise, and model size)


def token_examples(
    article: Article, doc, gold_cues: list[Span] | None, lexicon: Lexicon
) -> Iterator[tuple[object, list[str], int]]:
    """(token, features, label) for every candidate token in the article body."""
    end = article.body_end if article.body_end is not None else len(article.text)
    quotes = find_quotes(article.text, article.body_start, end)
    heads = {h.i for span in gold_cues or () if (h := _span_head(doc, span)) is not None}
    for tok in doc:
        if tok.idx < article.body_start or tok.idx >= end or not is_candidate(tok):
            continue
        in_quote = any(q.open_at < tok.idx < q.close_at for q in quotes)
        info = lexicon.noun(tok.lemma_) if tok.pos_ == "NOUN" else lexicon.verb(tok.lemma_)
        feats = cue_features(tok, in_quote, info.precision if info else None)
        yield tok, feats, int(tok.i in heads)


def _span_head(doc, span: Span):
    """The syntactic head of a gold cue span: the token whose head lies outside the span,
    preferring verbs ("has not said" -> said). The model learns to find cue heads; the rules
    then draw the span around them."""
    toks = [t for t in doc if span.start <= t.idx < span.end and not t.is_space]
    if not toks:
        return None
    inside = {t.i for t in toks}
    tops = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX", "NOUN")]
    return (verbs or tops or toks)[0]


def _fit(rows: list[list[str]], labels: list[int], c: float) -> tuple[dict[str, float], int]:
    """L1 logistic regression over string features; returns (weights, number of examples)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise KgError(
            "training needs scikit-learn; install it with \"pip install 'claimgraph[train]'\""
        ) from None
    from collections import Counter

    if not rows or len(set(labels)) < 2:
        raise KgError("the gold data has too few attributions to learn from; annotate more")
    counts = Counter(f for row in rows for f in row)
    keep = {f for f, n in counts.items() if n >= MIN_FEATURE_COUNT} | {"bias"}
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in row if f in keep} for row in rows]).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear", l1_ratio=1.0)
    clf.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(names, clf.coef_[0], strict=True)
        if abs(w) > 1e-4
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 4)
    return weights, len(rows)


def train_cue_model(
    parsed: Iterable[tuple[Article, object, list[Span]]],
    *,
    c: float = 0.3,
    threshold: float = 0.5,
    lexicon: Lexicon | None = None,
) -> CueModel:
    """Fit the cue model on (article, doc, gold cue spans) triples."""
    lexicon = lexicon or load_lexicon()
    rows: list[list[str]] = []
    labels: list[int] = []
    for article, doc, cues in parsed:
        for _, feats, label in token_examples(article, doc, cues, lexicon):
            rows.append(feats)
            labels.append(label)
    weights, n = _fit(rows, labels, c)
    return CueModel(weights, threshold, f"cue-lr-c{c}-n{n}-pos{sum(labels)}")


def save_cue_model(model: CueModel, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", "utf-8")
