"""Learning curve of the learned parts: PolNeAR dev F1 when they learn from 25/50/100 % of train.

For each share of train (its first articles, in file order) the cue model is refitted (weights
only: the thresholds of the shipped model are kept, choosing them again is part of ``kg train``);
with ``--gate`` the claim gate is trained on the same share too. Dev is then scored with the
metrics of ``kg eval``. Parsing is the slow part, so ``--cache DIR`` keeps the parsed articles
(spaCy DocBin files) for the next run. Prints one Markdown table row per share, for
docs/learning-curve.md.

    .venv/bin/python bench/learning_curve.py --cache .kg/parsed
    .venv/bin/python bench/learning_curve.py --cache .kg/parsed --gate --shares 0.25,0.5,1
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.eval.gold import load_gold  # noqa: E402
from kg.eval.report import score  # noqa: E402
from kg.eval.train import _cues_of, train_claim_model, train_cue_model  # noqa: E402
from kg.extract import candidates, finish, load_lexicon  # noqa: E402
from kg.extract.model import CueModel, load_cue_model  # noqa: E402
from kg.parse import load_pipeline, parse_articles  # noqa: E402
from kg.pipeline import context_mentions, name_mentions  # noqa: E402
from kg.resolve.article import resolve_article  # noqa: E402

SHARED = REPO.parent / "shared"


def parsed(split: str, data: Path, nlp, cache: Path | None) -> list:
    """(GoldDoc, Article, Doc) for a split, parsed once and kept in ``cache`` if given."""
    from spacy.tokens import DocBin

    golds = load_gold([data / f"{split}.jsonl"])
    articles = [g.to_article() for g in golds]
    path = cache / f"{split}.spacy" if cache else None
    if path is not None and path.is_file():
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
    else:
        docs = [doc for _, doc in parse_articles(articles, nlp)]
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(DocBin(docs=docs).to_bytes())
    return list(zip(golds, articles, docs, strict=True))


def evaluate(items: list, cue_model: CueModel, gate) -> dict[str, float]:
    lexicon = load_lexicon()
    preds = {}
    for _, article, doc in items:
        ctx, sentences, found = candidates(article, doc, lexicon, cue_model, gate)
        raws = finish(ctx, sentences, found)
        names = name_mentions(article, doc, ctx.quotes)
        context = context_mentions(article, doc, ctx.quotes, raws)
        claims, _ = resolve_article(article, raws, names, **context)
        preds[article.id] = [c.to_json() for c in claims]
    report = score([g for g, _, _ in items], preds)
    return {
        "strict": report.strict.f1,
        "claimant": report.spans["source"].f1,
        "cue": report.spans["cue"].f1,
        "content": report.spans["content"].f1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="directory with train.jsonl and dev.jsonl")
    parser.add_argument("--cache", help="directory for parsed articles (made if missing)")
    parser.add_argument("--shares", default="0.25,0.5,1", help="shares of train to learn from")
    parser.add_argument("--gate", action="store_true", help="train the claim gate as well")
    args = parser.parse_args(argv)
    data = Path(args.data or os.environ.get("KG_POLNEAR_DIR") or SHARED / "data" / "polnear")
    if not (data / "train.jsonl").is_file():
        sys.exit(f"Error: {data}/train.jsonl not found; pass --data DIR or set KG_POLNEAR_DIR")
    cache = Path(args.cache) if args.cache else None
    nlp = load_pipeline(None)
    train, dev = parsed("train", data, nlp, cache), parsed("dev", data, nlp, cache)
    shipped = load_cue_model()
    print("| share of train | articles | strict F1 | claimant F1 | cue F1 | content F1 | gate | "
          "training s |")
    print("|---|---|---|---|---|---|---|---|")
    for share in (float(s) for s in args.shares.split(",")):
        part = train[: max(2, round(share * len(train)))]
        start = time.perf_counter()
        weights = train_cue_model(_cues_of(part)).weights
        cue_model = CueModel(weights, shipped.threshold, "curve", shipped.rule_thresholds)
        gate = train_claim_model(part)[0] if args.gate else None
        seconds = time.perf_counter() - start
        m = evaluate(dev, cue_model, gate)
        print(
            f"| {share:.0%} | {len(part)} | {m['strict']:.3f} | {m['claimant']:.3f} | "
            f"{m['cue']:.3f} | {m['content']:.3f} | {'yes' if gate else 'no'} | {seconds:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
