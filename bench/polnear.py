"""Benchmark the extractor on PolNeAR (or the seed article) with the metrics of ``kg eval``.

Why a script and not a test: PolNeAR has no licence, so it stays in ../shared and is never needed
by the test suite; this reads it from there, runs ``kg.pipeline.extract_articles`` and prints the
DESIGN.md §7 metrics with wall time and words/s (the pipeline load is inside the timed part).

Run from the repo root:

    .venv/bin/python bench/polnear.py --split dev --limit 20 --errors 5
    .venv/bin/python bench/polnear.py --seed           # the hand-made seed article, core tier
    KG_POLNEAR_DIR=/data/polnear .venv/bin/python bench/polnear.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.errors import KgError  # noqa: E402
from kg.eval.gold import GoldDoc, load_gold  # noqa: E402
from kg.eval.report import errors, format_errors, score  # noqa: E402

SHARED = REPO.parent / "shared"
SEED = SHARED / "gold" / "seed-article.jsonl"


def gold_path(args: argparse.Namespace) -> Path:
    """The gold file to read: --seed, --data, $KG_POLNEAR_DIR, or ../shared/data/polnear."""
    if args.seed:
        return Path(args.data) if args.data else SEED
    base = Path(args.data or os.environ.get("KG_POLNEAR_DIR") or SHARED / "data" / "polnear")
    return base / f"{args.split}.jsonl" if base.is_dir() else base


def run_extractor(docs: list[GoldDoc], model: str | None) -> tuple[dict[str, list[dict]], float]:
    """Extract claims from the gold texts; returns predictions and the seconds it took."""
    try:
        from kg.pipeline import extract_articles
    except ImportError as e:
        sys.exit(f"Error: cannot import kg.pipeline.extract_articles ({e}); is the pipeline built?")
    preds: dict[str, list[dict]] = {d.id: [] for d in docs}
    start = time.perf_counter()
    for result in extract_articles((d.to_article() for d in docs), model=model):
        preds.setdefault(result.article.id, []).extend(c.to_json() for c in result.claims)
    return preds, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", help="PolNeAR split: dev or train (default dev)")
    parser.add_argument("--data", help="gold JSONL file, or a directory holding <split>.jsonl")
    parser.add_argument("--seed", action="store_true", help="score the seed article instead")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="show N missed and N spurious")
    parser.add_argument("--tiers", help="comma-separated gold tiers to score (default: core)")
    parser.add_argument("--model", help="spaCy model name passed to the pipeline")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    path = gold_path(args)
    if not path.is_file():
        sys.exit(
            f"Error: gold file {path} not found; pass --data FILE_OR_DIR or set KG_POLNEAR_DIR "
            "(PolNeAR is not shipped with the project)"
        )
    try:
        docs = load_gold([path])[: args.limit]
        preds, seconds = run_extractor(docs, args.model)
        tiers = tuple(t.strip() for t in args.tiers.split(",")) if args.tiers else None
        report = score(docs, preds, tiers=tiers)
    except KgError as e:
        sys.exit(f"Error: {e}")

    words = sum(len(d.text.split()) for d in docs)
    speed = {
        "seconds": round(seconds, 2),
        "words": words,
        "words_per_second": round(words / seconds) if seconds else None,
    }
    if args.json:
        out = {"gold": str(path), **report.to_dict(), "speed": speed}
        if args.errors:
            out["errors"] = errors(report, args.errors)
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"gold: {path}")
    print(report.to_text())
    print(
        f"\nwall time {seconds:.1f} s for {words} words: {speed['words_per_second']} words/s "
        "(pipeline load included)"
    )
    if args.errors:
        print("\n" + (format_errors(errors(report, args.errors)) or "no errors"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
