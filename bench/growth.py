"""Growth benchmark: does extraction cost grow linearly with one article's size?

Why: transcripts and live blogs run to hundreds of thousands of characters, and an all-pairs
step anywhere after the parse turns a long article into minutes. This script builds invented
articles of N paragraphs (three claims each: a quote before its cue, a paraphrase, a quote
continued after "…, she said."; names and numbers vary by paragraph so nothing is repeated
verbatim), runs ``kg extract``'s work on each in one process with the pipeline loaded once, and
prints seconds, claims and the ratio of the largest to the smallest (start-up is outside the
timed part). Linear cost gives a ratio near the ratio of sizes (8 for 200 → 1,600 paragraphs).
Times are given as CPU seconds of this process (``time.process_time``) as well as wall seconds:
on a shared machine the wall clock measures the other work too.

    .venv/bin/python bench/growth.py                      # 200 and 1,600 paragraphs
    .venv/bin/python bench/growth.py --paragraphs 100,400,1600 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIRST = ["Maria", "Tom", "Aisha", "Peter", "Lena", "Omar", "Julia", "Victor", "Nadia", "Simon"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Brennan", "Costa", "Weller", "Haddad"]
TOPICS = ["the harbour tunnel", "school meals", "the bus depot", "rent controls", "flood defences"]


def paragraph(i: int) -> str:
    """One invented paragraph with three attributed claims."""
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    topic = TOPICS[i % len(TOPICS)]
    return (
        f"“We will not accept delays on {topic} beyond week {i},” said {first} {last}, "
        f"a councillor for ward {i}. {last} told reporters that the budget for {topic} had "
        f"grown by {i % 97} per cent since the spring. “It is a scandal,” she said. "
        f"“Residents deserve better than this, and they know it.”"
    )


def article_text(paragraphs: int) -> str:
    return "\n\n".join(paragraph(i) for i in range(paragraphs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", default="200,1600", help="comma-separated sizes")
    parser.add_argument("--profile", action="store_true", help="print the top functions by time")
    args = parser.parse_args()

    from kg.parse import load_pipeline, parse_articles
    from kg.pipeline import extract_docs
    from kg.types import Article

    nlp = load_pipeline()
    sizes = [int(n) for n in args.paragraphs.split(",")]
    rows = []
    for n in sizes:
        article = Article(id=f"growth-{n}", text=article_text(n))
        start, cpu_start = time.perf_counter(), time.process_time()
        docs = list(parse_articles([article], nlp))
        parsed, cpu_parsed = time.perf_counter(), time.process_time()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        results = list(extract_docs(docs))
        if profiler:
            profiler.disable()
        done, cpu_done = time.perf_counter(), time.process_time()
        claims = sum(len(r.claims) for r in results)
        rows.append((n, len(article.text), cpu_parsed - cpu_start, cpu_done - cpu_parsed, claims))
        print(
            f"{n:>6} paragraphs {len(article.text):>9,} chars  CPU s: parse "
            f"{cpu_parsed - cpu_start:7.1f}  after parse {cpu_done - cpu_parsed:7.2f}   wall s: "
            f"parse {parsed - start:7.1f}  after parse {done - parsed:7.2f}   claims {claims}   "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB",
            flush=True,
        )
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
            print(out.getvalue())
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        total = (large[2] + large[3]) / (small[2] + small[3])
        after = large[3] / max(small[3], 1e-9)
        print(
            f"size ×{large[0] / small[0]:.0f}: total CPU time ×{total:.1f}, "
            f"after-parse CPU time ×{after:.1f}"
        )


if __name__ == "__main__":
    main()
