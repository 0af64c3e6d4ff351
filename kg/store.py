"""The only module that touches ``pyoxigraph.Store``: open, replace an article, export, count.

An on-disk store holds one named graph per article. Replacing an article is one SPARQL update
(``DROP GRAPH`` then ``INSERT DATA``) or, for speed, a removal and an ``extend`` — pyoxigraph
runs each as a transaction, so a reader never sees half an article.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, serialize

from kg.errors import StoreError
from kg.iris import PREFIXES

DEFAULT_STORE = ".kg/store"
STORE_ENV = "KG_STORE"

FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
}
EXTENSIONS = {".ttl": "turtle", ".trig": "trig", ".nt": "ntriples", ".nq": "nquads"}
DATASET_FORMATS = {"trig", "nquads"}
# the union of the default and all named graphs, each triple once (entities repeat per article)
UNION_QUERY = (
    "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
    "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"
)


def store_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def open_store(
    path: str | Path | None = None, *, create: bool = True, read_only: bool = False
) -> Store:
    """Open the on-disk store; a clear error when it is missing or locked by another process."""
    p = store_path(path)
    if not create and not p.exists():
        raise StoreError(
            f"{p}: no store here; build one first with 'kg build ARTICLES --store {p}'"
        )
    try:
        if read_only:
            return Store.read_only(str(p))
        p.mkdir(parents=True, exist_ok=True)
        return Store(str(p))
    except OSError as e:
        msg = str(e)
        if "lock" in msg.lower():
            raise StoreError(
                f"{p}: the store is in use by another kg process; wait for it to finish"
            ) from None
        raise StoreError(f"{p}: cannot open the store ({msg.splitlines()[0]})") from None


def replace_graph(store: Store, graph: str, quads: list[Quad]) -> None:
    """Replace one article's named graph with ``quads``."""
    g = NamedNode(graph)
    try:
        store.remove_graph(g)
    except Exception:  # graph did not exist yet  # noqa: BLE001
        pass
    store.extend(quads)


def load_results(store: Store, graphs: Iterable[tuple[str, list[Quad]]]) -> int:
    """Write articles' graphs; returns the number of quads written."""
    n = 0
    for graph, quads in graphs:
        replace_graph(store, graph, quads)
        n += len(quads)
    store.flush()
    return n


def count_quads(store: Store) -> int:
    return len(store)


def export(store: Store, out: BinaryIO, fmt: str) -> None:
    """Write the store: Turtle/N-Triples get the union of all graphs, TriG/N-Quads the dataset."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in DATASET_FORMATS:
        store.dump(out, FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
        return
    triples = store.query(UNION_QUERY)
    # QueryTriples.serialize takes no prefixes (pyoxigraph 0.5); the module function does
    serialize(triples, out, FORMATS[fmt], prefixes=PREFIXES if fmt == "turtle" else None)


def format_for(path: str | None, fmt: str | None, default: str = "turtle") -> str:
    if fmt:
        return fmt
    if path and path != "-":
        suffix = Path(path).suffix.lower()
        if suffix in EXTENSIONS:
            return EXTENSIONS[suffix]
    return default
