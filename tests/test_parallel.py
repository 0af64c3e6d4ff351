"""--jobs N: worker processes must give exactly what one process gives (same claims, same quads),
in input order, because IRIs are deterministic and each article is processed whole."""

from __future__ import annotations

import os
import time

import pyoxigraph as ox
import pytest

from kg.build import build_store
from kg.parallel import chunks, map_in_processes
from kg.pipeline import extract_articles
from kg.read import make_article

pytestmark = pytest.mark.slow

TEXTS = [
    'The mayor said the bridge would reopen in May. "We are on schedule," she told the council.',
    "A spokesman for the port authority said the harbour was safe.",
    "Engineers warned that the cost could double, according to a report seen by the paper.",
]


@pytest.fixture(scope="module")
def articles(seed_text):
    invented = [make_article(f"invented-{i}", t) for i, t in enumerate(TEXTS)]
    return [make_article("seed-article", seed_text), *invented]


def claims(results):
    return [(r.article.id, [c.to_json() for c in r.claims]) for r in results]


def test_jobs_give_the_same_claims_in_order(articles):
    one = claims(extract_articles(articles, jobs=1))
    two = claims(extract_articles(articles, jobs=2))
    assert [a for a, _ in two] == [a.id for a in articles]
    assert two == one


def test_jobs_give_the_same_store(articles, tmp_path):
    dumps = []
    for jobs in (1, 2):
        summary = build_store(articles, tmp_path / f"j{jobs}", jobs=jobs)
        store = ox.Store.read_only(str(tmp_path / f"j{jobs}"))
        dumps.append((summary, {str(q) for q in store}))
    assert dumps[1][1] - dumps[0][1] == set()
    assert dumps[0][1] - dumps[1][1] == set()
    assert dumps[0][0] == dumps[1][0]


def test_dask_local_cluster_gives_the_same_store(articles, tmp_path):
    distributed = pytest.importorskip(
        "distributed", reason="Dask distributed is not installed (pip install 'claimgraph[dask]')"
    )
    build_store(articles, tmp_path / "local")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        summary = build_store(articles, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert summary.articles == len(articles)
    local = ox.Store.read_only(str(tmp_path / "local"))
    remote = ox.Store.read_only(str(tmp_path / "dask"))
    assert sorted(str(q) for q in remote) == sorted(str(q) for q in local)


def _chunk_pids(chunk: list[int]) -> list[tuple[int, int]]:
    if -1 in chunk:
        raise ValueError("bad chunk")
    time.sleep(0.05)
    return [(x, os.getpid()) for x in chunk]


def test_this_process_and_a_worker_share_the_chunks_in_input_order():
    got = [p for part in map_in_processes(_chunk_pids, chunks(range(60), 3), 2) for p in part]
    assert [x for x, _ in got] == list(range(60))
    pids = {pid for _, pid in got}
    assert os.getpid() in pids and len(pids) == 2  # --jobs 2: this process and one worker


def test_an_error_in_a_chunk_or_in_the_input_reaches_the_caller():
    def failing_input():
        yield from chunks(range(30), 3)
        raise ValueError("unreadable input")

    with pytest.raises(ValueError, match="bad chunk"):
        list(map_in_processes(_chunk_pids, chunks([*range(30), -1], 3), 2))
    with pytest.raises(ValueError, match="unreadable input"):
        list(map_in_processes(_chunk_pids, failing_input(), 2))
