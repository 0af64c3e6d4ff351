"""What made a graph: one digest of the extractor's code, data, model and pipeline.

Why: an incremental build skips an article only when re-extracting it would give the same
graph. That holds when the article (text and metadata) and everything that turns it into quads
are unchanged: the Python code of ``kg`` (rules, resolution, graph mapping), the files in
``kg/data`` (lexicon, cue model), the spaCy pipeline and its version, and the alias table. A
digest of all of them is cheap (a few hundred KB to hash) and cannot miss a change the way a
hand-kept version number can.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from kg.types import Article

PACKAGE = Path(__file__).resolve().parent
# what turns an article into its quads: reading, parsing, extraction, resolution, the graph
# mapping and the data they load; not the faces (CLI, web, pictures), the export layouts, the
# store or the queries, which cannot change a graph
INPUTS = (
    "types.py",
    "read",
    "parse.py",
    "pipeline.py",
    "extract",
    "resolve",
    "rdf/graph.py",
    "rdf/iris.py",
    "rdf/lookup.py",
    "data",
)


def _inputs() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        path = PACKAGE / name
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            files.append(path)
    return sorted(files)


@lru_cache(maxsize=1)
def code_and_data_digest() -> str:
    """Digest of the modules and data files that make a graph (``INPUTS``)."""
    h = hashlib.sha256()
    for p in _inputs():
        h.update(str(p.relative_to(PACKAGE)).encode("utf-8") + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def extractor_version(
    pipeline: str, aliases: bytes | None = None, extra: tuple[str, ...] = ()
) -> str:
    """16 hex digits naming this extractor: code and data, spaCy ``pipeline`` (name, version
    and components), the alias table's bytes (``None``: no table) and ``extra`` (the versions of
    a lexicon or cue model given instead of the packaged ones)."""
    h = hashlib.sha256()
    h.update(code_and_data_digest().encode("ascii"))
    h.update(b"\0" + pipeline.encode("utf-8") + b"\0")
    h.update(b"-" if aliases is None else hashlib.sha256(aliases).digest())
    for part in extra:
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()[:16]


def article_digest(article: Article, extractor: str) -> str:
    """16 hex digits for one article as input: its text, every metadata field, the extractor.
    ``origin`` (where it was read from) is left out: moving a file changes no claim."""
    fields = asdict(article)
    fields.pop("origin", None)
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(f"{extractor}\0{payload}".encode()).hexdigest()[:16]
