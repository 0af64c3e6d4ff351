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
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear", l1_ratio=1.0, random_state=0)
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


THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
# Patterns whose cue threshold is tuned on its own; the others use the global threshold.
TUNED_RULES = ("object-dobj", "object-prep", "object-xcomp", "rest-of-sentence")
GLOBAL_RULES = ("complement", "quote-cue-after", "quote-cue-before", "quote-complement", "inverted")


def _cues_of(items) -> list[tuple[Article, object, list[Span]]]:
    return [(article, doc, [s for g in gold.claims for s in g.cue]) for gold, article, doc in items]


def _keep(raw, threshold: float, rule_thresholds: dict[str, float]) -> bool:
    rule = raw.rule
    if rule in TUNED_RULES:
        return raw.confidence >= rule_thresholds.get(rule, threshold)
    if rule in GLOBAL_RULES:
        return raw.confidence >= threshold
    return True  # explicit constructions, according-to, reporting nouns: not score-gated here


def tune_threshold(
    items: list,
    *,
    c: float = 0.3,
    thresholds: tuple[float, ...] = THRESHOLDS,
    folds: int = 2,
    lexicon: Lexicon | None = None,
    progress=None,
) -> tuple[float, dict[str, float], dict[float, float]]:
    """Choose the cue thresholds by cross-validation on the training articles.

    For each fold a model trained on the other folds proposes every candidate claim once (at
    the lowest threshold); then the global threshold and, one after the other, the threshold of
    each loosely-read pattern (``TUNED_RULES``) are set to the value that maximises the strict
    relation F1 of the whole extractor over all held-out articles. ``items`` holds (GoldDoc,
    Article, Doc). Returns the global threshold, the per-pattern thresholds and the F1 for
    each global threshold (for the report)."""
    from kg.eval.report import score
    from kg.extract import candidates, finish
    from kg.pipeline import name_mentions
    from kg.resolve.article import resolve_article

    lexicon = lexicon or load_lexicon()
    lowest = min(thresholds)
    held: list[tuple] = []  # (gold, article, names, ctx, sentences, found)
    for k in range(folds):
        train_part = [x for i, x in enumerate(items) if i % folds != k]
        if progress:
            progress(f"fold {k + 1}/{folds}: training on {len(train_part)} articles")
        fold_model = train_cue_model(_cues_of(train_part), c=c, lexicon=lexicon)
        permissive = CueModel(
            fold_model.weights, lowest, fold_model.version, {r: lowest for r in TUNED_RULES}
        )
        for i, (gold, article, doc) in enumerate(items):
            if i % folds == k:
                ctx, sentences, found = candidates(article, doc, lexicon, permissive)
                held.append(
                    (gold, article, name_mentions(article, doc, ctx.quotes), ctx, sentences, found)
                )

    def f1(threshold: float, rules: dict[str, float]) -> float:
        preds = {}
        for _, article, names, ctx, sentences, found in held:
            kept = [r for r in found if _keep(r, threshold, rules)]
            claims, _ = resolve_article(article, finish(ctx, sentences, kept, None), names)
            preds[article.id] = [claim.to_json() for claim in claims]
        return score([h[0] for h in held], preds).strict.f1

    from kg.extract.context import RULE_MIN_PROBABILITY

    rules = {r: RULE_MIN_PROBABILITY.get(r, 0.5) for r in TUNED_RULES}
    by_threshold = {t: f1(t, rules) for t in thresholds}
    best = max(thresholds, key=lambda t: (by_threshold[t], -abs(t - 0.5)))
    for rule in TUNED_RULES:
        scores = {t: f1(best, {**rules, rule: t}) for t in thresholds if t >= best}
        rules[rule] = max(scores, key=lambda t: (scores[t], -t))
        if progress:
            progress(f"{rule}: threshold {rules[rule]} (F1 {scores[rules[rule]]:.3f})")
    return best, rules, by_threshold


def train_from_gold(
    gold_paths: list[Path],
    out: Path,
    *,
    model_name: str | None = None,
    c: float = 0.3,
    folds: int = 2,
    progress=None,
    boundaries: Path | None = None,
) -> tuple[CueModel, dict[float, float]]:
    """Parse gold articles, choose the threshold by cross-validation, train on all, save; with
    ``boundaries``, also train the span-boundary model on the final cue model's claims and save
    it there (``kg.eval.boundaries``)."""
    from kg.eval.gold import load_gold
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
    threshold, rules, means = (0.5, {}, {})
    if folds >= 2 and len(items) >= 2 * folds:
        threshold, rules, means = tune_threshold(
            items, c=c, folds=folds, lexicon=lexicon, progress=say
        )
    say(f"final model on {len(items)} articles, threshold {threshold}")
    model = train_cue_model(_cues_of(items), c=c, lexicon=lexicon)
    model = CueModel(model.weights, threshold, model.version, rules)
    save_cue_model(model, out)
    if boundaries is not None:
        from kg.eval.boundaries import save_boundary_model, train_boundaries

        say("boundary model: content and claimant edges")
        save_boundary_model(train_boundaries(items, cue_model=model, lexicon=lexicon), boundaries)
    return model, means
