"""--jobs N: worker processes must give exactly what one process gives (same claims, same quads),
in input order, because IRIs are deterministic and each article is processed whole."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import build_store
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
