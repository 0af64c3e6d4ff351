"""Saved-query benchmark: does a lookup by name cost the same in a small and in a large store?

Why a script and not a test: timings are noisy and PolNeAR has no licence (it stays in
../shared). The script builds a store from PolNeAR (``--split dev``, ``--repeat K`` copies with
fresh article ids, so K times the claims and names) plus one invented article by a rare
claimant, then runs every saved query with typical parameters ``--runs`` times in one process
and prints the median milliseconds and the rows, next to a trivial query (``ASK {}``): the
difference is what the query itself costs. ``--store DIR`` reuses a store built before.

    .venv/bin/python bench/lookups.py --split dev --repeat 8
    .venv/bin/python bench/lookups.py --split train --store /tmp/kg-train
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data" / "polnear"
RARE = (
    "Councillor Imelda Quartermaine said on Friday that the harbour tunnel would open in May. "
    "“We have waited long enough,” Quartermaine told reporters.\n"
)
ANY_CLAIM = "SELECT ?c WHERE { GRAPH ?g { ?c a <http://schema.org/Claim> } } LIMIT 1"
# typical parameters for the saved queries that need some
PARAMS = {
    "claims-by-claimant": {"name": "quartermaine"},
    "claims-about": {"name": "harbour tunnel"},
    "claimant-graph": {"name": "quartermaine"},
    "cue-profile": {"name": "quartermaine"},
    "claims-of-type": {"type": "statement", "name": "quartermaine"},
    "claim-network": {"claimant": "quartermaine"},
}


def articles(split: str, repeat: int) -> Iterator:
    from kg.read import iter_articles
    from kg.types import Article

    for k in range(repeat):
        for article in iter_articles([DATA / f"{split}.jsonl"]):
            yield article if k == 0 else dataclasses.replace(article, id=f"{article.id}~{k}")
    yield Article(id="rare-claimant", text=RARE)


def timed(run, runs: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="reuse (or build into) this store")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--no-build", action="store_true", help="time the queries on --store as it is"
    )
    args = parser.parse_args()
    if not (DATA / f"{args.split}.jsonl").exists():
        sys.exit(f"skipped: PolNeAR not found at {DATA} (the shared folder next to the checkout)")

    from kg.build import build_store
    from kg.rdf import queries as Q
    from kg.rdf.store import open_store

    store_dir = args.store or Path(tempfile.mkdtemp(prefix="kg-lookups-")) / "store"
    if not args.no_build:
        start = time.perf_counter()
        summary = build_store(articles(args.split, args.repeat), store_dir, jobs=args.jobs)
        print(
            f"store {store_dir}: {summary.articles} built, {summary.unchanged} unchanged "
            f"in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
    store = open_store(store_dir, create=False, read_only=True)
    print(f"{len(store):,} quads")
    base, _ = timed(lambda: bool(store.query("ASK {}")), args.runs)
    print(f"{'query':<24}{'ms':>10}{'minus ASK':>12}{'rows':>8}")
    print(f"{'ASK {}':<24}{base:>10.1f}{0:>12.1f}{1:>8}")
    for name, query in sorted(Q.load_saved_queries().items()):
        values = dict(PARAMS.get(name, {}))
        if name == "evidence":
            first = next(iter(store.query(ANY_CLAIM)))
            values = {"claim": first["c"].value}
        missing = [p.name for p in query.params if p.required and p.name not in values]
        if missing:
            print(f"{name:<24}{'needs ' + ', '.join(missing):>30}")
            continue

        def run(query=query, values=values) -> int:
            results = Q.run(store, query, values)
            return sum(1 for _ in results)

        ms, rows = timed(run, args.runs)
        print(f"{name:<24}{ms:>10.1f}{ms - base:>12.1f}{rows:>8}", flush=True)


if __name__ == "__main__":
    main()
