"""What writing articles costs, next to the extraction it follows.

Compares, on an on-disk store, the old two-step write (``remove_graph`` then ``extend``: two
transactions), ``kg.rdf.store.replace_graph`` (one ``extend`` for a new graph, one ``DROP`` +
``INSERT DATA`` update for a replaced one) and what ``kg build`` does now,
``kg.rdf.store.write_graphs`` on chunks of 16 articles (one bulk load for the new graphs of a
chunk), first into an empty store and then replacing every graph. Prints wall and CPU time (the
process's, RocksDB's threads included) per article, and the wall time as a share of the time kg
takes to extract the same article.

    .venv/bin/python bench/store_write.py --graphs 200
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline import CHUNK, results_with_quads
from kg.rdf.store import replace_graph, write_graphs
from kg.read import iter_articles

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-article.txt"


def two_transactions(store: ox.Store, graph: str, quads: list) -> None:
    if store.contains_named_graph(ox.NamedNode(graph)):
        store.remove_graph(ox.NamedNode(graph))
    store.extend(quads)


def one_by_one(write):
    def run(store: ox.Store, graphs: list) -> None:
        for graph, quads in graphs:
            write(store, graph, quads)

    return run


def in_chunks(store: ox.Store, graphs: list) -> None:
    for i in range(0, len(graphs), CHUNK):
        write_graphs(store, graphs[i : i + CHUNK])


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    list(results_with_quads(iter_articles([SEED])))  # load the pipeline once
    started = time.perf_counter()
    [(_, quads)] = list(results_with_quads(iter_articles([SEED])))
    extract_ms = (time.perf_counter() - started) * 1000
    graphs = []
    for i in range(args.graphs):
        name = ox.NamedNode(f"https://example.org/graph/{i}")
        graphs.append(
            (name.value, [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads])
        )
    print(f"seed article: {len(quads)} quads, extraction {extract_ms:.0f} ms (parse included)")
    for round_ in range(args.rounds):
        for label, write in (
            ("two transactions", one_by_one(two_transactions)),
            ("one transaction", one_by_one(replace_graph)),
            (f"chunks of {CHUNK}", in_chunks),
        ):
            folder = tempfile.mkdtemp()
            store = ox.Store(folder)
            for phase in ("new", "replace"):
                started, cpu_started = time.perf_counter(), cpu()
                write(store, graphs)
                store.flush()
                ms = (time.perf_counter() - started) * 1000 / len(graphs)
                cpu_ms = (cpu() - cpu_started) * 1000 / len(graphs)
                print(
                    f"round {round_ + 1} {label:16s} {phase:7s}: {ms:6.1f} ms/article "
                    f"(CPU {cpu_ms:5.1f} ms) = {100 * ms / extract_ms:4.1f}% of extraction"
                )
            del store
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
