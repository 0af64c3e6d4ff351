"""Query results as pages and the SPARQL protocol hand them out: their shape, their rows of
terms, the IRI of a term, and their bytes in a negotiated media type.

Why here: only ``kg.rdf`` touches pyoxigraph, so ``kg.ui.serve`` reads results through these
functions and never sees a pyoxigraph class.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.rdf.iris import PREFIXES

# media type → pyoxigraph format, for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs
SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples is plain text
}


def is_graph(results) -> bool:
    """Whether the results are triples (CONSTRUCT/DESCRIBE), not solutions or a boolean."""
    return not isinstance(results, ox.QuerySolutions | ox.QueryBoolean)


def boolean(results) -> bool | None:
    """An ASK query's answer; None for other results."""
    return bool(results) if isinstance(results, ox.QueryBoolean) else None


def columns_and_rows(results) -> tuple[list[str], Iterator[list]]:
    """Column names and rows of terms (None where unbound) of SELECT or CONSTRUCT results."""
    if isinstance(results, ox.QuerySolutions):
        columns = [v.value for v in results.variables]
        return columns, ([s[c] for c in columns] for s in results)
    return ["subject", "predicate", "object"], (
        [t.subject, t.predicate, t.object] for t in results
    )


def iri(term) -> str | None:
    """The IRI a term names, or None for a literal, a blank node or nothing."""
    return term.value if isinstance(term, ox.NamedNode) else None


def named_nodes(iris: Iterable[str]) -> list:
    """IRIs as the terms ``kg.rdf.queries.run`` takes for a query's dataset."""
    return [ox.NamedNode(i) for i in iris]


def serialize(results, media_type: str) -> bytes:
    """The results in one of ``SOLUTION_TYPES`` or ``GRAPH_TYPES`` (Turtle with kg's prefixes)."""
    out = io.BytesIO()
    if media_type in SOLUTION_TYPES:
        results.serialize(out, format=SOLUTION_TYPES[media_type])
    else:
        prefixes = {"prefixes": PREFIXES} if media_type == "text/turtle" else {}
        ox.serialize(results, out, GRAPH_TYPES[media_type], **prefixes)
    return out.getvalue()


def plain(results) -> list[dict] | bool | list:
    """Results as plain data (``kg.api``): SELECT -> the SPARQL JSON bindings, ASK -> bool,
    CONSTRUCT/DESCRIBE -> a list of triples."""
    if isinstance(results, ox.QuerySolutions):
        payload = json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))
        return payload["results"]["bindings"]
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    return list(results)


def is_store(obj) -> bool:
    return isinstance(obj, ox.Store)
