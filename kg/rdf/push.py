"""Copy the local store to a SPARQL server with the Graph Store HTTP Protocol.

Each article is one named graph, sent with ``PUT`` (which replaces the graph on the server), so
pushing again after a rebuild is idempotent: no duplicates, no stale claims. Graphs go out in
batches over a few keep-alive connections; failed requests are retried (``kg.rdf.remote.request``).
The body is N-Triples sent as ``text/turtle`` (N-Triples is a subset of Turtle, and every server
reads Turtle; some, such as Virtuoso 7, do not know the N-Triples media type).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlencode, urlsplit

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from kg.errors import KgError
from kg.rdf.remote import Auth, client, request

BATCH = 32  # graphs per batch
CONNECTIONS = 4  # requests in flight at once


@dataclass
class PushSummary:
    graphs: int = 0
    triples: int = 0


def graph_store_url(endpoint: str | None, graph_store: str | None) -> str:
    """The Graph Store endpoint: given, or guessed from a known server's query endpoint."""
    if graph_store:
        return graph_store
    if not endpoint:
        raise KgError("give --graph-store URL (or --endpoint URL of an Oxigraph/Virtuoso server)")
    base, _, last = endpoint.rstrip("/").rpartition("/")
    if last == "query":  # Oxigraph server: /query, /update, /store
        return f"{base}/store"
    if last == "sparql":  # Virtuoso: /sparql and /sparql-graph-crud
        return f"{base}/sparql-graph-crud"
    if last == "sparql-auth":
        return f"{base}/sparql-graph-crud-auth"
    raise KgError(
        f"cannot guess the Graph Store endpoint from {endpoint}; give it with --graph-store URL"
    )


def graph_url(store_url: str, graph: str | None) -> str:
    """``?graph=IRI`` (the W3C spelling), ``?graph-uri=IRI`` for Virtuoso, ``?default``."""
    if graph is None:
        return f"{store_url}?default"
    key = "graph-uri" if "sparql-graph-crud" in urlsplit(store_url).path else "graph"
    return f"{store_url}?{urlencode({key: graph})}"


def _graphs(store: Store) -> Iterator[NamedNode | None]:
    if next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None:
        yield None
    yield from sorted(store.named_graphs(), key=lambda g: g.value)


def push_store(
    store: Store,
    graph_store: str,
    *,
    auth: Auth | None = None,
    batch: int = BATCH,
    connections: int = CONNECTIONS,
    progress: Callable[[int], None] | None = None,
) -> PushSummary:
    """PUT every graph of ``store`` to ``graph_store``; returns how many graphs and triples."""
    summary = PushSummary()

    def put(http, graph: NamedNode | None) -> int:
        source = DefaultGraph() if graph is None else graph
        body = store.dump(format=RdfFormat.N_TRIPLES, from_graph=source) or b""
        url = graph_url(graph_store, None if graph is None else graph.value)
        request(http, "PUT", url, content=body, headers={"Content-Type": "text/turtle"})
        return body.count(b"\n")

    graphs = _graphs(store)
    with client(auth) as http, ThreadPoolExecutor(max_workers=connections) as pool:
        while chunk := list(islice(graphs, batch)):
            for triples in pool.map(lambda g: put(http, g), chunk):
                summary.graphs += 1
                summary.triples += triples
            if progress:
                progress(len(chunk))
    return summary
