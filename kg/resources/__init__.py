"""Files shipped with the tool: the ontology, the saved queries and the example article.

In a checkout these are symlinks to the repository's top-level ``ontology/``, ``queries/`` and
``examples/`` folders; in a built wheel setuptools copies them in, so an installed ``kg`` still
finds them.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    return ROOT / "ontology"


def queries_dir() -> Path:
    return ROOT / "queries"
