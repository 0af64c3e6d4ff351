"""Shared fixtures: one spaCy pipeline per test session, and the repository's paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# every graph the suite builds (kg.build.build_store, `kg build`, `kg extract --format turtle`)
# is checked against the SHACL shapes as it is written; a non-conforming graph fails the test
os.environ["KG_VALIDATE_BUILD"] = "1"

REPO = Path(__file__).resolve().parents[1]
SEED_ARTICLE = REPO / "examples" / "seed-article.txt"
SHARED = REPO.parent / "shared"  # ../shared next to the checkout (gold, PolNeAR); may be absent
SEED_GOLD = SHARED / "gold" / "seed-article.jsonl"


@pytest.fixture(scope="session")
def nlp():
    """The pipeline kg itself uses (``load_pipeline`` caches it, so this loads spaCy once)."""
    from kg.parse import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED_ARTICLE


@pytest.fixture(scope="session")
def seed_gold() -> Path:
    if not SEED_GOLD.exists():
        pytest.skip(f"seed gold not found at {SEED_GOLD} (the shared folder next to the checkout)")
    return SEED_GOLD


def build_seed_store(path: Path, *more) -> Path:
    """The reference article (and ``more`` articles) built into a store at ``path``."""
    import gc

    from kg.build import build_store
    from kg.read import iter_articles

    build_store([*iter_articles([SEED_ARTICLE]), *more], path)
    gc.collect()  # build_store's Store is gone: the directory lock is free again
    return path


def read_only_store(path: Path):
    """Yield the store at ``path`` opened read-only, and release it afterwards (for fixtures)."""
    import gc

    from kg.rdf.store import open_store

    db = open_store(path, create=False, read_only=True)
    yield db
    del db
    gc.collect()
