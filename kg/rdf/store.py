"""The only module that touches ``pyoxigraph.Store``: open, replace an article, export, count.

An on-disk store holds one named graph per article. Articles are written in batches
(``write_graphs``): the new graphs of a batch in one bulk load, a replaced graph in one
``DROP GRAPH`` + ``INSERT DATA`` update; each is atomic, so neither a reader nor a killed build
ever sees half an article.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    parse,
    serialize,
)

from kg.errors import StoreError
from kg.rdf.iris import KG, PREFIXES
from kg.rdf.lock import check_location, check_no_writer

DEFAULT_STORE = ".kg/store"
STORE_ENV = "KG_STORE"

FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "jsonld": RdfFormat.JSON_LD,
}
EXTENSIONS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".jsonld": "jsonld",
}
# what people type for --format: the file extensions and the media-type names
FORMAT_ALIASES = {
    **{ext.lstrip("."): name for ext, name in EXTENSIONS.items()},
    "n-triples": "ntriples",
    "n-quads": "nquads",
    "json-ld": "jsonld",
}
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
    """Open the on-disk store; a clear error when it is missing, is not a store, or is locked
    by another process."""
    p = store_path(path)
    check_location(p, writing=create and not read_only)
    try:
        if read_only:
            check_no_writer(p)  # reading while another process writes is undefined
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
    """Replace one article's named graph with ``quads`` in one transaction.

    A build killed at any moment leaves the article's old graph or its new one, never a mix or a
    part: a new graph is one ``extend``, a replaced one is one SPARQL update (``DROP`` and
    ``INSERT DATA``); pyoxigraph commits each atomically. (``remove_graph`` then ``extend`` would be
    two transactions; the update costs about as much as they do, measured in docs/robustness.md.)
    """
    g = NamedNode(graph)
    if not store.contains_named_graph(g):
        store.extend(quads)
        return
    store.update(f"DROP SILENT GRAPH {g} ;\n{_insert_data(quads)}")


def write_graphs(store: Store, graphs: Sequence[tuple[str, list[Quad] | bytes]]) -> None:
    """Write a batch of article graphs, each given as its quads or as N-Quads bytes.

    The graphs new to the store go in with one bulk load: about half the CPU of a transaction an
    article (measured in docs/scale.md), and still atomic, since pyoxigraph (>= 0.5.1) ingests
    all the files of one bulk load with one RocksDB ``IngestExternalFiles`` call, which commits
    all of them or none even if the process dies. A graph already in the store is replaced with
    ``replace_graph`` (bulk loads cannot delete). A graph named twice keeps its last version, as
    writing the batch one graph after another would. So a killed build leaves whole articles.
    """
    latest = dict(graphs)
    fresh_lists: list[Quad] = []
    fresh_bytes: list[bytes] = []
    for graph, data in latest.items():
        if store.contains_named_graph(NamedNode(graph)):
            quads = data if isinstance(data, list) else list(parse(data, RdfFormat.N_QUADS))
            replace_graph(store, graph, quads)
        elif isinstance(data, list):
            fresh_lists.extend(data)
        else:
            fresh_bytes.append(data)
    if fresh_bytes:
        if fresh_lists:  # one load, one commit
            fresh_bytes.append(serialize(fresh_lists, format=RdfFormat.N_QUADS) or b"")
        store.bulk_load(b"".join(fresh_bytes), RdfFormat.N_QUADS)
    elif fresh_lists:
        store.bulk_extend(fresh_lists)


DIGEST = NamedNode(KG + "inputDigest")


def digest_quad(graph: str, digest: str) -> Quad:
    """The article graph's own record of what it was built from (``kg.version``)."""
    g = NamedNode(graph)
    return Quad(g, DIGEST, Literal(digest), g)


def article_digests(store: Store) -> dict[str, str]:
    """Article graph IRI -> the digest it was built from, for every graph that records one."""
    rows = store.query(f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g {DIGEST} ?d }} }}")
    return {row["g"].value: row["d"].value for row in rows}


def _insert_data(quads: list[Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { s p o . … } … }``; terms print as N-Triples, valid SPARQL."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        name = "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = [
        f"GRAPH {name} {{\n{chr(10).join(lines)}\n}}" if name else "\n".join(lines)
        for name, lines in by_graph.items()
    ]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def export(store: Store, out: BinaryIO, fmt: str, *, evidence: str = "full") -> None:
    """Write the store: Turtle/N-Triples/JSON-LD get the union of all graphs, TriG/N-Quads the
    dataset (one named graph per article).

    Turtle and TriG are laid out to be read (``kg.rdf.turtle``; ``evidence`` full, spans or
    none); N-Triples, N-Quads and JSON-LD come straight from pyoxigraph.
    """
    if fmt not in FORMATS:
        raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("turtle", "trig"):
        from kg.rdf.turtle import write_store

        write_store(store, out, fmt, evidence=evidence)
        return
    if fmt in DATASET_FORMATS:
        store.dump(out, FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
        return
    triples = store.query(UNION_QUERY)
    # QueryTriples.serialize takes no prefixes (pyoxigraph 0.5); the module function does
    serialize(triples, out, FORMATS[fmt], prefixes=PREFIXES if fmt == "turtle" else None)


def normal_format(fmt: str) -> str:
    """``nt`` -> ``ntriples``, ``ttl`` -> ``turtle``, ``json-ld`` -> ``jsonld``: a format name."""
    fmt = fmt.strip().lower()
    return FORMAT_ALIASES.get(fmt, fmt)


def scratch_store(quads: Iterable[Quad]) -> Store:
    """An in-memory store of ``quads`` (``kg extract --format turtle`` exports one)."""
    store = Store()
    store.extend(quads)
    return store


def format_for(path: str | None, fmt: str | None, default: str = "turtle") -> str:
    """The export format: ``--format``, else from ``-o``'s extension (an unknown one is an error,
    never silently Turtle), else ``default`` (stdout)."""
    if fmt:
        fmt = normal_format(fmt)
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    if path and path != "-":
        suffix = Path(path).suffix.lower()
        if suffix not in EXTENSIONS:
            raise StoreError(
                f"{path}: cannot tell the RDF format from "
                f"{suffix or 'a name without extension'!r}; "
                f"name the file {', '.join(EXTENSIONS)} or give --format"
            )
        return EXTENSIONS[suffix]
    return default
