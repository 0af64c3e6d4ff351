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
    claim_gate: Path | None = None,
) -> tuple[CueModel, dict[float, float]]:
    """Parse gold articles, choose the threshold by cross-validation, train on all, save; with
    ``boundaries``, also train the span-boundary model on the final cue model's claims and save
    it there (``kg.eval.boundaries``); with ``claim_gate``, also train the claim gate
    (``train_claim_model``) and save it there."""
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
    if claim_gate is not None:
        gate, by_threshold = train_claim_model(
            items, c=c, folds=max(2, folds), lexicon=lexicon, progress=say
        )
        save_claim_model(gate, claim_gate)
        say(f"claim gate: {len(gate.trees)} trees, threshold {gate.threshold}, {claim_gate}")
    return model, means


# --- the claim gate (kg/extract/claim_model.py) --------------------------------------------------

CANDIDATE_THRESHOLD = 0.15  # cue score a word needs to propose candidates for the claim gate
GATE_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
GATE_PARAMS = dict(
    max_iter=200, learning_rate=0.08, max_leaf_nodes=24, min_samples_leaf=30, l2_regularization=1.0
)


def candidate_labels(gold, found) -> list[int]:
    """1 for a candidate that is some gold claim (cue and claimant overlap, contents overlap:
    DESIGN.md §7's lenient match), else 0. Lenient because the gate decides *whether* a
    candidate is a claim; its edges are drawn later (a quote is joined by its continuation,
    the boundary model moves edges), so a strict label would teach it to refuse the first
    part of every split quote."""
    from kg.eval.match import _overlaps

    out = []
    for c in found:
        src = (c.source.span,) if c.source else ()
        out.append(
            int(
                any(
                    _overlaps(g.cue, (c.cue,))
                    and (not g.source or _overlaps(g.source, src))
                    and _overlaps(g.content, c.content)
                    for g in gold.claims
                )
            )
        )
    return out


def _gate_rows(items: list, cue_models: list[CueModel], lexicon: Lexicon) -> list[tuple]:
    """For each article: (gold, article, doc, ctx, sentences, candidates, features, labels),
    the candidates proposed under a permissive version of that article's cue model."""
    from kg.extract import candidates, permissive
    from kg.extract.claim_model import Rivals, claim_features, gated

    rows = []
    for (gold, article, doc), model in zip(items, cue_models, strict=True):
        ctx, sentences, found = candidates(
            article, doc, lexicon, permissive(model, CANDIDATE_THRESHOLD)
        )
        scored = [c for c in found if gated(c, ctx)]
        rivals = Rivals(found)
        feats = [claim_features(ctx, c, rivals) for c in scored]
        labels = candidate_labels(gold, scored)
        found = scored + [c for c in found if not gated(c, ctx)]  # scored first: rows line up
        rows.append((gold, article, doc, ctx, sentences, found, feats, labels))
    return rows


def _fit_gate(x: list[list[float]], y: list[int]):
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        raise KgError(
            "training needs scikit-learn; install it with \"pip install 'claimgraph[train]'\""
        ) from None
    if len(set(y)) < 2:
        raise KgError("the gold data has too few attributions to learn from; annotate more")
    # small gold sets (tests, a user's first annotations) still get trees that split
    params = {
        **GATE_PARAMS,
        "min_samples_leaf": min(GATE_PARAMS["min_samples_leaf"], len(y) // 10 + 2),
    }
    clf = HistGradientBoostingClassifier(random_state=0, early_stopping=False, **params)
    clf.fit(x, y)
    return clf


def _export_trees(clf) -> tuple[list[list[list[float]]], float]:
    """The fitted ensemble as plain node lists (see ``ClaimModel``) and its baseline score."""
    trees = []
    for (predictor,) in clf._predictors:  # binary classification: one tree per iteration
        nodes = []
        for n in predictor.nodes:
            leaf = bool(n["is_leaf"])
            nodes.append(
                [
                    -1 if leaf else int(n["feature_idx"]),
                    0.0 if leaf else round(float(n["num_threshold"]), 6),
                    int(n["left"]),
                    int(n["right"]),
                    int(n["missing_go_to_left"]),
                    round(float(n["value"]), 6) if leaf else 0.0,
                ]
            )
        trees.append(nodes)
    return trees, float(clf._baseline_prediction.ravel()[0])


def _gate_f1(rows, probs_by_row, threshold: float) -> float:
    """Strict relation F1 of the whole extractor when the gate keeps scores >= threshold."""
    from dataclasses import replace

    from kg.eval.report import score
    from kg.extract import finish
    from kg.pipeline import name_mentions
    from kg.resolve.article import resolve_article

    preds = {}
    for (_, article, doc, ctx, sentences, found, _, _), probs in zip(
        rows, probs_by_row, strict=True
    ):
        scored = found[: len(probs)]  # the gated candidates come first (``_gate_rows``)
        kept = [
            replace(c, confidence=round(p, 3))
            for c, p in zip(scored, probs, strict=True)
            if p >= threshold
        ] + found[len(probs) :]
        claims, _ = resolve_article(
            article, finish(ctx, sentences, kept), name_mentions(article, doc, ctx.quotes)
        )
        preds[article.id] = [claim.to_json() for claim in claims]
    return score([r[0] for r in rows], preds).strict.f1


def train_claim_model(
    items: list,
    *,
    c: float = 0.3,
    folds: int = 2,
    lexicon: Lexicon | None = None,
    progress=None,
):
    """Fit the claim gate on (GoldDoc, Article, Doc) triples.

    The cue scores it sees on an article come from a cue model trained on the other folds (as
    at run time, where the cue model has never seen the article); the gate threshold is the one
    that maximises the strict relation F1 of the whole extractor on out-of-fold gate scores."""
    from dataclasses import replace

    from kg.extract.claim_model import FEATURE_NAMES, ClaimModel, model_hash

    say = progress or (lambda _msg: None)
    lexicon = lexicon or load_lexicon()
    folds = max(2, min(folds, len(items)))
    cue_models: list[CueModel | None] = [None] * len(items)
    for k in range(folds):
        part = [x for i, x in enumerate(items) if i % folds != k]
        say(f"claim gate, fold {k + 1}/{folds}: cue model on {len(part)} articles")
        fold_model = train_cue_model(_cues_of(part), c=c, lexicon=lexicon)
        for i in range(k, len(items), folds):
            cue_models[i] = fold_model
    rows = _gate_rows(items, cue_models, lexicon)
    x = [f for r in rows for f in r[6]]
    y = [v for r in rows for v in r[7]]
    say(f"claim gate: {len(x)} candidates, {sum(y)} real claims")
    # out-of-fold gate scores choose the threshold
    oof: list[list[float]] = [[] for _ in rows]
    for k in range(folds):
        fit_rows = [r for i, r in enumerate(rows) if i % folds != k]
        fit_y = [v for r in fit_rows for v in r[7]]
        clf = _fit_gate([f for r in fit_rows for f in r[6]], fit_y) if len(set(fit_y)) > 1 else None
        for i in range(k, len(rows), folds):
            if clf is None or not rows[i][6]:  # a fold too small to learn from: keep all
                oof[i] = [1.0] * len(rows[i][6])
            else:
                oof[i] = [float(p) for p in clf.predict_proba(rows[i][6])[:, 1]]
    by_threshold = {t: _gate_f1(rows, oof, t) for t in GATE_THRESHOLDS}
    best = max(GATE_THRESHOLDS, key=lambda t: (by_threshold[t], -abs(t - 0.5)))
    say(f"claim gate threshold {best} (cross-validated strict F1 {by_threshold[best]:.3f})")
    trees, baseline = _export_trees(_fit_gate(x, y))
    model = ClaimModel(trees, baseline, best, CANDIDATE_THRESHOLD, FEATURE_NAMES, "")
    model = replace(model, version=model_hash(model.to_json()))
    return model, by_threshold


def save_claim_model(model, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", "utf-8")
