"""Remote binding without a server: the VALUES rewrite used for SPARQL endpoints must give the same
rows as pyoxigraph's ``substitutions=`` used for the local store, for every shipped query."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from sample_graph import make_store

from kg.errors import KgError
from kg.rdf.iris import PREFIXES
from kg.rdf.push import graph_store_url, graph_url
from kg.rdf.queries import bind, load_saved_queries, parse_query, run, without_columns
from kg.rdf.remote import prefixed, with_values

VALUES_FOR = {"string": "jane", "name": "jane", "iri": "kgd:claim/none", "integer": "3",
              "decimal": "0.5", "date": "2019-12-01"}  # fmt: skip
EVIL = ['x"} } ; DROP ALL #', "x' . ?s ?p ?o", 'a\\"b\nc', "<http://e/>", "}}}"]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return make_store()


def solutions(results) -> list[dict]:
    payload = json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))
    return payload["results"]["bindings"]


def rewritten(store: ox.Store, saved, values: dict) -> list[dict]:
    """Rows as ``kg query --endpoint`` gives them: the parameters' columns dropped, as locally."""
    bindings = bind(saved, values)
    text = prefixed(with_values(saved.sparql, bindings))
    payload = json.loads(store.query(text).serialize(format=ox.QueryResultsFormat.JSON))
    return without_columns(payload, {v.value for v in bindings})["results"]["bindings"]


def values_for(saved, string: str = VALUES_FOR["string"]) -> dict:
    out = {p.name: VALUES_FOR[p.type] for p in saved.params if p.name != "limit"}
    return {k: (string if saved.param(k).type == "string" else v) for k, v in out.items()}


SELECTS = [q for q in load_saved_queries().values() if "CONSTRUCT" not in q.sparql.upper()]


@pytest.mark.parametrize("saved", SELECTS, ids=lambda q: q.name)
def test_values_rewrite_gives_the_same_rows_as_substitution(store, saved):
    values = values_for(saved)
    assert rewritten(store, saved, values) == solutions(run(store, saved, values))


@pytest.mark.parametrize("evil", EVIL)
def test_hostile_strings_stay_data(store, evil):
    saved = load_saved_queries()["claims-by-claimant"]
    values = {"name": evil}
    assert rewritten(store, saved, values) == solutions(run(store, saved, values))
    # the value shows up only as one escaped RDF term: the query around it does not change
    evil_text = with_values(saved.sparql, bind(saved, values))
    plain_text = with_values(saved.sparql, bind(saved, {"name": "plain"}))
    evil_term = str(bind(saved, values)[ox.Variable("name")])  # a name parameter is normalised
    assert evil_text.replace(evil_term, "T") == plain_text.replace('"plain"', "T")


def test_values_go_into_every_where_group():
    saved = parse_query(
        "#+ param: n string\nSELECT ?n ?x WHERE { { SELECT ?x ?n WHERE { ?x ?p ?n } } }", name="q"
    )
    text = with_values(saved.sparql, bind(saved, {"n": "a"}))
    assert text.count('VALUES (?n) { ("a") }') == 2


def test_prefixes_added_only_when_used_and_undeclared():
    text = prefixed("PREFIX schema: <http://schema.org/>\nSELECT * { ?s schema:name ?o ; kg:x ?y }")
    assert f"PREFIX kg: <{PREFIXES['kg']}>" in text
    assert text.count("PREFIX schema:") == 1
    assert "PREFIX oa:" not in text


@pytest.mark.parametrize(
    "endpoint, expected",
    [
        ("http://h:7878/query", "http://h:7878/store"),
        ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        ("http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
    ],
)
def test_graph_store_guessed_for_known_servers(endpoint, expected):
    assert graph_store_url(endpoint, None) == expected


def test_graph_store_not_guessed_for_unknown_servers():
    with pytest.raises(KgError, match="--graph-store"):
        graph_store_url("http://h/ds/q", None)


def test_graph_urls_are_encoded():
    iri = "https://w3id.org/claimgraph/id/graph/a b&c"
    assert graph_url("http://h/store", iri) == (
        "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fclaimgraph%2Fid%2Fgraph%2Fa+b%26c"
    )
    assert graph_url("http://h/sparql-graph-crud", "http://g").startswith(
        "http://h/sparql-graph-crud?graph-uri="
    )
    assert graph_url("http://h/store", None) == "http://h/store?default"
