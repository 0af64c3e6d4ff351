"""Throughput benchmark: is the spaCy parse the only real cost of ``kg extract`` and ``kg build``?

Why a script and not a test: timings are noisy and PolNeAR has no licence (it stays in
../shared). One run times, on the same text, (a) the bare ``nlp.pipe`` with exactly the pipeline
``kg`` loads (``kg.parse.load_pipeline``: the components the extractor needs plus the paragraph
break component), (b) the work of ``kg extract`` (parse, extract, resolve, claims as JSON), and
(c) ``kg build`` into a fresh on-disk store. Each stage runs in its own subprocess, so its peak
RSS (``getrusage``) is its own; the pipeline load is outside the timed part of every stage.

Run from the repo root:

    .venv/bin/python bench/throughput.py --limit 100              # quick look
    .venv/bin/python bench/throughput.py                          # the whole PolNeAR train split
    .venv/bin/python bench/throughput.py --stages build --repeat 4  # bounded memory at 4x
    .venv/bin/python bench/throughput.py --stages build --jobs 2    # worker processes
    .venv/bin/python bench/throughput.py --stages parse --batch-size 32,64,128,256
    .venv/bin/python bench/throughput.py --limit 300 --stages parse,build --jobs 1,2 --rounds 3

``--rounds K`` runs the stages K times over, interleaved (parse, build, build --jobs 2, parse,
…), and ends with the min / median / max of each ratio over the rounds (issue 14's two
targets: build ÷ parse words/s, ``--jobs 2`` ÷ ``--jobs 1``) and the load average at each run:
on a shared machine one run says little.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.parse import BATCH_SIZE  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "polnear" / "train.jsonl"
STAGES = ("parse", "extract", "build")


def corpus(path: Path, limit: int | None, repeat: int) -> Iterator:
    """The first ``limit`` articles, ``repeat`` times over; repeats get fresh ids (new graphs)."""
    from kg.read import iter_articles

    for k in range(repeat):
        for i, article in enumerate(iter_articles([path])):
            if limit is not None and i >= limit:
                break
            yield article if k == 0 else dataclasses.replace(article, id=f"{article.id}~{k}")


def words(article) -> int:
    return len(article.text.split())


def run_stage(args: argparse.Namespace) -> dict:
    """Run one stage in this process; returns words, seconds and peak RSS."""
    from kg.parse import load_pipeline

    nlp = load_pipeline(None)
    count = {"words": 0, "articles": 0}

    def counted():
        for a in corpus(Path(args.data), args.limit, args.repeat):
            count["words"] += words(a)
            count["articles"] += 1
            yield a

    def clock() -> tuple[float, float]:
        """Wall and CPU seconds so far, worker processes included once they are joined."""
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
        return time.perf_counter(), cpu

    extra: dict = {}
    started, cpu0 = clock()
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    kids0 = kids0.ru_utime + kids0.ru_stime
    if args.stage == "parse":
        for _doc in nlp.pipe((a.text for a in counted()), batch_size=args.batch_size):
            pass
    elif args.stage == "extract":
        from kg.pipeline import extract_articles

        claims = 0
        with open(os.devnull, "wb") as sink:
            for result in extract_articles(counted(), batch_size=args.batch_size, jobs=args.jobs):
                for claim in result.claims:
                    sink.write(json.dumps(claim.to_json(), ensure_ascii=False).encode() + b"\n")
                    claims += 1
        extra["claims"] = claims
    elif args.stage == "build":
        from kg.build import build_store

        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
            summary = build_store(
                counted(), Path(tmp) / "store", batch_size=args.batch_size, jobs=args.jobs
            )
            extra.update(claims=summary.claims, quads=summary.quads)
            ended = clock()
            extra.update(query_times(Path(tmp) / "store"))
    if args.stage != "build":
        ended = clock()
    seconds, cpu = ended[0] - started, ended[1] - cpu0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if args.jobs > 1:  # who did the work: this process (its share and the writes), the workers
        extra["cpu_workers_s"] = round(children.ru_utime + children.ru_stime - kids0, 2)
        extra["cpu_main_s"] = round(cpu - extra["cpu_workers_s"], 2)
    return {
        "stage": args.stage,
        "batch_size": args.batch_size,
        "jobs": args.jobs,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "words_per_s": round(count["words"] / seconds),
        "words_per_cpu_s": round(count["words"] / cpu),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "worker_peak_rss_mb": round(children.ru_maxrss / 1024) if args.jobs > 1 else None,
        **count,
        **extra,
    }


FIRST_CLAIM = "SELECT ?c WHERE { GRAPH ?g { ?c a <http://schema.org/Claim> } } LIMIT 1"


def query_times(path: Path) -> dict:
    """Milliseconds for a saved query with a parameter and a GROUP BY over all claims (best of
    three, rows read to the end), on the store just built."""
    from kg.rdf.queries import load_saved_queries, run
    from kg.rdf.store import open_store

    store = open_store(path, create=False)
    saved = load_saved_queries()
    claim = next(iter(store.query(FIRST_CLAIM)))["c"].value
    cases = {
        "query_iri_param_ms": ("evidence", {"claim": claim}),
        "query_param_ms": ("claims-by-claimant", {"name": "trump"}),
        "query_group_by_ms": ("claims-per-publisher", {}),
        "query_top_claimants_ms": ("top-claimants", {}),
    }
    out = {}
    for key, (name, values) in cases.items():
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            rows = sum(1 for _ in run(store, saved[name], values))
            best = min(best, time.perf_counter() - t)
        out[key] = round(best * 1000, 1)
        out[key.replace("_ms", "_rows")] = rows
    return out


def spawn(args: argparse.Namespace, stage: str, batch_size: int, jobs: int = 1) -> dict:
    """Run a stage in a fresh interpreter, so peak memory and caches are its own; the row
    records the load average (1 minute) before and after."""
    cmd = [
        sys.executable, __file__, "--stage", stage, "--data", str(args.data),
        "--repeat", str(args.repeat), "--batch-size", str(batch_size), "--jobs", str(jobs),
    ]  # fmt: skip
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    load = os.getloadavg()[0]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"Error: stage {stage} failed:\n{done.stderr[-2000:]}")
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["load"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return row


def report(rows: list[dict]) -> None:
    """A table; ratios are against the parse row with the same batch size (wall and CPU time)
    of the same round."""
    print(
        f"{'stage':8} {'batch':>5} {'jobs':>4} {'articles':>8} {'words':>9} {'wall s':>7} "
        f"{'words/s':>8} {'ratio':>5} {'cpu s':>7} {'w/cpu-s':>7} {'ratio':>5} {'peak MB':>7}"
    )
    base = {}
    for r in rows:
        if r["stage"] == "parse":
            base.setdefault((r.get("round", 0), r["batch_size"]), r)
    for r in rows:
        b = base.get((r.get("round", 0), r["batch_size"]))
        wall = f"{r['words_per_s'] / b['words_per_s']:.2f}" if b else "-"
        cpu = f"{r['words_per_cpu_s'] / b['words_per_cpu_s']:.2f}" if b else "-"
        workers = r.get("worker_peak_rss_mb")
        print(
            f"{r['stage']:8} {r['batch_size']:>5} {r['jobs']:>4} {r['articles']:>8} "
            f"{r['words']:>9} {r['seconds']:>7.1f} {r['words_per_s']:>8} {wall:>5} "
            f"{r['cpu_seconds']:>7.1f} {r['words_per_cpu_s']:>7} {cpu:>5} {r['peak_rss_mb']:>7}"
            + (f"  (each worker <= {workers} MB)" if workers else "")
            + (
                f"  CPU s: this process {r['cpu_main_s']}, workers {r['cpu_workers_s']}"
                if "cpu_main_s" in r
                else ""
            )
            + (f"  load {r['load'][0]}-{r['load'][1]}" if "load" in r else "")
        )
    for r in rows:
        if "query_param_ms" in r:
            print(
                f"queries on the {r['articles']}-article store ({r['quads']} quads): "
                f"evidence -p claim=IRI {r['query_iri_param_ms']} ms, "
                f"claims-by-claimant -p name=trump {r['query_param_ms']} ms "
                f"({r['query_param_rows']} rows), GROUP BY claims-per-publisher "
                f"{r['query_group_by_ms']} ms, top-claimants {r['query_top_claimants_ms']} ms"
            )


def ratios(rows: list[dict]) -> dict[str, list[float]]:
    """Per round: each stage's words/s (wall and CPU) over the parse's, and ``--jobs N`` over
    ``--jobs 1`` of the same stage (wall)."""
    out: dict[str, list[float]] = {}
    for k in sorted({r["round"] for r in rows}):
        here = [r for r in rows if r["round"] == k]
        parse = next((r for r in here if r["stage"] == "parse"), None)
        for r in here:
            name = f"{r['stage']} --jobs {r['jobs']}"
            if parse is not None and r["stage"] != "parse":
                out.setdefault(f"{name} / parse, wall", []).append(
                    r["words_per_s"] / parse["words_per_s"]
                )
                out.setdefault(f"{name} / parse, CPU", []).append(
                    r["words_per_cpu_s"] / parse["words_per_cpu_s"]
                )
            one = next((o for o in here if o["stage"] == r["stage"] and o["jobs"] == 1), None)
            if r["jobs"] > 1 and one is not None:
                out.setdefault(f"{name} / --jobs 1, wall", []).append(
                    r["words_per_s"] / one["words_per_s"]
                )
    return out


def summary(rows: list[dict]) -> None:
    """Min / median / max of each ratio over the rounds, and the load averages seen."""
    print(f"over {len({r['round'] for r in rows})} rounds (min / median / max):")
    for name, values in ratios(rows).items():
        low, mid, high = min(values), statistics.median(values), max(values)
        print(f"  {name:32} {low:.2f} / {mid:.2f} / {high:.2f}")
    loads = [x for r in rows for x in r.get("load", [])]
    if loads:
        print(f"  load average (1 min) {min(loads):.2f}-{max(loads):.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("KG_BENCH_DATA", str(DEFAULT_DATA)))
    parser.add_argument("--limit", type=int, help="only the first N articles of the corpus")
    parser.add_argument("--repeat", type=int, default=1, help="read the corpus K times over")
    parser.add_argument(
        "--batch-size",
        default=str(BATCH_SIZE),
        help="nlp.pipe batch size; a comma list compares several",
    )
    parser.add_argument(
        "--jobs", default="1", help="processes for extract/build; a comma list compares several"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="run the stages K times, interleaved; summarise"
    )
    parser.add_argument("--stages", default=",".join(STAGES), help="comma list of stages")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON lines")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not Path(args.data).is_file():
        print(
            f"Skipped: no corpus at {args.data} (PolNeAR is read from ../shared and never "
            "copied into the repo); pass --data FILE.jsonl or set KG_BENCH_DATA",
            file=sys.stderr,
        )
        return 0
    if args.stage:  # a child: one stage, one JSON line
        args.batch_size = int(args.batch_size)
        args.jobs = int(args.jobs)
        print(json.dumps(run_stage(args)))
        return 0
    rows = []
    jobs = [int(j) for j in args.jobs.split(",")]
    for k in range(args.rounds):
        for size in (int(s) for s in args.batch_size.split(",")):
            for stage in (s.strip() for s in args.stages.split(",")):
                for n in [1] if stage == "parse" else jobs:
                    row = {**spawn(args, stage, size, n), "round": k}
                    rows.append(row)
                    if args.json:
                        print(json.dumps(row), flush=True)
    if not args.json:
        report(rows)
    if args.rounds > 1 or len(jobs) > 1:
        summary(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
