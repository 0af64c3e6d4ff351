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


THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def _cues_of(items) -> list[tuple[Article, object, list[Span]]]:
    return [(article, doc, [s for g in gold.claims for s in g.cue]) for gold, article, doc in items]


def tune_threshold(
    items: list,
    *,
    c: float = 0.3,
    thresholds: tuple[float, ...] = THRESHOLDS,
    folds: int = 2,
    lexicon: Lexicon | None = None,
    progress=None,
) -> tuple[float, dict[float, float]]:
    """Pick the cue threshold by cross-validation on the training articles: for each fold,
    train on the others and measure strict relation F1 of the whole extractor on it.
    ``items`` holds (GoldDoc, Article, Doc). Returns the best threshold and the mean F1s."""
    from kg.evaluate import score
    from kg.extract import extract_raw
    from kg.pipeline import name_mentions
    from kg.resolve import resolve_article

    lexicon = lexicon or load_lexicon()
    scores: dict[float, list[float]] = {t: [] for t in thresholds}
    for k in range(folds):
        train_part = [x for i, x in enumerate(items) if i % folds != k]
        held_out = [x for i, x in enumerate(items) if i % folds == k]
        if progress:
            progress(f"fold {k + 1}/{folds}: training on {len(train_part)} articles")
        fold_model = train_cue_model(_cues_of(train_part), c=c, lexicon=lexicon)
        for t in thresholds:
            model = CueModel(fold_model.weights, t, fold_model.version)
            preds = {}
            for _, article, doc in held_out:
                raws = extract_raw(article, doc, lexicon, model)
                claims, _ = resolve_article(article, raws, name_mentions(article, doc))
                preds[article.id] = [claim.to_json() for claim in claims]
            scores[t].append(score([g for g, _, _ in held_out], preds).strict.f1)
    means = {t: sum(v) / len(v) for t, v in scores.items()}
    return max(thresholds, key=lambda t: (means[t], -abs(t - 0.5))), means


def train_from_gold(
    gold_paths: list[Path],
    out: Path,
    *,
    model_name: str | None = None,
    c: float = 0.3,
    folds: int = 2,
    progress=None,
) -> tuple[CueModel, dict[float, float]]:
    """Parse gold articles, choose the threshold by cross-validation, train on all, save."""
    from kg.evaluate import load_gold
    from kg.parse import load_pipeline, parse_articles

    say = progress or (lambda _msg: None)
    golds = load_gold(gold_paths)
    if not golds:
        raise KgError("no gold articles found in the given paths")
    nlp = load_pipeline(model_name)
    say(f"parsing {len(golds)} gold articles")
    articles = [g.to_article() for g in golds]
    items = [(g, a, doc) for g, (a, doc) in zip(golds, parse_articles(articles, nlp), strict=True)]
    lexicon = load_lexicon()
    threshold, means = (0.5, {})
    if folds >= 2 and len(items) >= 2 * folds:
        threshold, means = tune_threshold(items, c=c, folds=folds, lexicon=lexicon, progress=say)
    say(f"final model on {len(items)} articles, threshold {threshold}")
    model = train_cue_model(_cues_of(items), c=c, lexicon=lexicon)
    model = CueModel(model.weights, threshold, model.version)
    save_cue_model(model, out)
    return model, means
