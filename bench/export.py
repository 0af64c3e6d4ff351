"""Time the readable Turtle/TriG writer (kg.rdf.turtle) against pyoxigraph's own serialisers.

The corpus is the reference article built once and copied N times under new article, claim and
unnamed-source IRIs (named entities stay shared, as across real articles), so no parse is timed.
Prints quads/s per writer and output size; lines a claim for each --evidence level.

    .venv/bin/python bench/export.py --copies 200
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.build import build_store
from kg.rdf.iris import DATA
from kg.rdf.store import UNION_QUERY, open_store
from kg.rdf.turtle import EVIDENCE_LEVELS, write_store
from kg.read import iter_articles

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-article.txt"
_LOCAL = re.compile(re.escape(DATA) + r"(article|graph|claim|unnamed)/")


def seed_quads() -> list[ox.Quad]:
    with tempfile.TemporaryDirectory() as tmp:
        build_store(list(iter_articles([SEED])), Path(tmp))
        db = open_store(tmp, create=False, read_only=True)
        quads = list(db)
        del db
    return quads


def copy(term, i: int):
    if isinstance(term, ox.NamedNode):
        return ox.NamedNode(_LOCAL.sub(lambda m: f"{m[0]}{i}-", term.value))
    return term


def corpus(copies: int) -> ox.Store:
    quads = seed_quads()
    store = ox.Store()
    for i in range(copies):
        store.extend(
            ox.Quad(copy(q.subject, i), q.predicate, copy(q.object, i), copy(q.graph_name, i))
            for q in quads
        )
    return store


def timed(label: str, n: int, write) -> bytes:
    buf = io.BytesIO()
    started = time.process_time()
    write(buf)
    seconds = time.process_time() - started
    data = buf.getvalue()
    print(f"{label:<34} {n / seconds:>10,.0f} quads/CPU-s {len(data) / 1e6:>8.1f} MB")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args(argv)
    store = corpus(args.copies)
    n = len(store)
    claims = sum(
        1 for _ in store.quads_for_pattern(None, None, ox.NamedNode("http://schema.org/Claim"))
    )
    print(f"{args.copies} copies of the reference article: {n:,} quads, {claims:,} claims")
    timed("pyoxigraph N-Quads dump", n, lambda b: store.dump(b, ox.RdfFormat.N_QUADS))
    timed(
        "pyoxigraph Turtle (union, unordered)",
        n,
        lambda b: ox.serialize(store.query(UNION_QUERY), b, ox.RdfFormat.TURTLE),
    )
    for fmt in ("turtle", "trig"):
        for evidence in EVIDENCE_LEVELS:
            data = timed(
                f"kg {fmt} --evidence {evidence}",
                n,
                lambda b, f=fmt, e=evidence: write_store(store, b, f, evidence=e),
            )
            if fmt == "turtle":
                lines = data.count(b"\n")
                print(f"{'':<34} {lines / claims:>10.1f} lines a claim")
    return 0


if __name__ == "__main__":
    sys.exit(main())
