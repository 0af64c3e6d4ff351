"""Saved queries: headers, typed binding, every query on a small hand-made graph, rendering."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from sample_graph import iri, make_store

from kg.errors import QueryError
from kg.rdf import queries as Q
from kg.resources import queries_dir

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def store() -> ox.Store:
    return make_store()


@pytest.fixture(scope="module")
def saved() -> dict[str, Q.SavedQuery]:
    return Q.load_saved_queries()


def rows(store: ox.Store, query: str, columns: list[str], values: dict) -> list[tuple[str, ...]]:
    results = Q.run(store, Q.resolve_query(query), values)
    return [tuple(Q.compact(s[c]) for c in columns) for s in results]


# ---------------------------------------------------------------- every saved query, expected rows

EXPECTED = [
    (
        "claims",
        {},
        [
            "claimant",
            "cue",
            "content",
            "kind",
            "type",
            "addressee",
            "article",
            "publisher",
            "claim",
        ],
        [
            (
                "Jane Doe",
                "said",
                "the plan was late",
                "indirect",
                "statement",
                "",
                "article:a1",
                "The Daily Planet | The Sunday Times",
                "claim:c1",
            ),
            (
                "Jane Doe",
                "told",
                "It will fail",
                "direct",
                "statement",
                "the council",
                "article:a1",
                "The Daily Planet | The Sunday Times",
                "claim:c2",
            ),
            (
                "A source",
                "said",
                "costs rose",
                "indirect",
                "statement",
                "",
                "article:a1",
                "The Daily Planet | The Sunday Times",
                "claim:c3",
            ),
            (
                "the council",
                "said",
                "the plan is on track",
                "indirect",
                "statement",
                "",
                "article:a2",
                "The Daily Planet",
                "claim:c4",
            ),
            (
                "Jane Doe",
                "warned",
                "costs were rising",
                "indirect",
                "statement",
                "",
                "article:a2",
                "The Daily Planet",
                "claim:c5",
            ),
            (
                "Officials",
                "claimed",
                'the plan was "fine"',
                "mixed",
                "statement",
                "",
                "article:a2",
                "The Daily Planet",
                "claim:c6",
            ),
        ],
    ),
    (
        "claims-by-claimant",
        {"name": "JANE"},
        ["claim", "claimant", "cue"],
        [
            ("claim:c1", "Jane Doe", "said"),
            ("claim:c2", "Jane Doe", "told"),
            ("claim:c5", "Jane Doe", "warned"),
        ],
    ),
    (
        "claims-of-type",
        {"type": "statement", "name": "jane"},
        ["claim", "claimant", "type"],
        [  # the type asked for is not echoed back as a column
            ("claim:c1", "Jane Doe", ""),
            ("claim:c2", "Jane Doe", ""),
            ("claim:c5", "Jane Doe", ""),
        ],
    ),
    ("claims-of-type", {"type": "Intention"}, ["claim"], []),
    # alternate name ("City Council"), not the claimant text ("The council")
    (
        "claims-by-claimant",
        {"name": "city"},
        ["claim", "claimant"],
        [("claim:c4", "the council")],
    ),
    (
        "claims-about",
        {"name": "plan"},
        ["claim", "about", "claimant"],
        [
            ("claim:c1", "the plan", "Jane Doe"),
            ("claim:c4", "the plan", "the council"),
            ("claim:c6", "the plan", "Officials"),
        ],
    ),
    ("claims-about", {"name": "Costs"}, ["claim"], [("claim:c3",), ("claim:c5",)]),
    (
        "who-told-whom",
        {},
        ["claimant", "cue", "addressee", "content", "article", "claim"],
        [("Jane Doe", "told", "the council", "It will fail", "article:a1", "claim:c2")],
    ),
    (
        "claims-per-publisher",
        {},
        ["publisher", "claims", "articles"],
        [("The Daily Planet", "6", "2"), ("The Sunday Times", "3", "1")],
    ),
    (
        "unnamed-sources",
        {},
        ["claimant", "type", "cue", "content", "claim"],
        [
            ("A source", "unnamed", "said", "costs rose", "claim:c3"),
            ("Officials", "group", "claimed", 'the plan was "fine"', "claim:c6"),
        ],
    ),
    (
        "corroboration",
        {},
        ["claimant", "articles", "publishers", "claims", "publisherNames"],
        [("Jane Doe", "2", "2", "3", "The Daily Planet | The Sunday Times")],
    ),
    (
        "top-claimants",
        {},
        ["claimant", "type", "claims", "articles"],
        [
            ("Jane Doe", "Person", "3", "2"),
            ("A source", "UnnamedSource", "1", "1"),
            ("Officials", "Group", "1", "1"),
            ("the council", "Organization", "1", "1"),
        ],
    ),
    ("top-claimants", {"limit": "2"}, ["claimant"], [("Jane Doe",), ("A source",)]),
    (
        "cue-profile",
        {"name": "doe"},
        ["lemma", "claims", "forms"],
        [("say", "1", "said"), ("tell", "1", "told"), ("warn", "1", "warned")],
    ),
    ("cue-profile", {"name": "a source"}, ["lemma", "claims"], [("say", "1")]),
    (
        "claims-in-period",
        {"from": "2020-01-01"},
        ["published", "claim"],
        [
            ("2020-01-15", "claim:c4"),
            ("2020-01-15", "claim:c5"),
            ("2020-01-15", "claim:c6"),
        ],
    ),
    (
        "claims-in-period",
        {"to": "2019-12-01"},
        ["claim"],
        [("claim:c1",), ("claim:c2",), ("claim:c3",)],
    ),
    ("claims-in-period", {"from": "2019-12-02", "to": "2020-01-14"}, ["claim"], []),
    ("top-addressees", {}, ["addressee", "claims", "claimants"], [("the council", "1", "1")]),
    (
        "claim-network",
        {"claimant": "officials"},
        ["speakerName", "role", "targetName", "cue", "kind"],
        [("Officials", "about", "the plan", "claim", "mixed")],
    ),
    (
        "claim-network",
        {"about": "COSTS"},
        ["claim", "speakerName", "role", "targetName", "cue"],
        [
            ("claim:c3", "A source", "about", "costs", "say"),
            ("claim:c5", "Jane Doe", "about", "costs", "warn"),
        ],
    ),
    (
        "claim-network",
        {"claimant": "city council"},  # an alternate name; c2 is told *to* the council
        ["claim", "speakerName", "role", "targetName"],
        [("claim:c4", "the council", "about", "the plan")],
    ),
    (
        "evidence",
        {"claim": "kgd:claim/c2"},
        ["role", "start", "end", "exact"],
        [
            ("sentence", "33", "75", '"It will fail," Jane Doe told the council.'),
            ("content", "34", "46", "It will fail"),
            ("claimant", "49", "57", "Jane Doe"),
            ("cue", "58", "62", "told"),
            ("addressee", "63", "74", "the council"),
        ],
    ),
    (
        "evidence",
        {"claim": "<" + iri("claim/c1") + ">"},
        ["role"],
        [("sentence",), ("claimant",), ("cue",), ("content",)],
    ),
]


@pytest.mark.parametrize(
    "name, values, columns, expected", EXPECTED, ids=[f"{e[0]}-{i}" for i, e in enumerate(EXPECTED)]
)
def test_saved_query_rows(store, name, values, columns, expected):
    assert rows(store, name, columns, values) == expected


def test_every_saved_query_is_exercised(saved):
    assert {e[0] for e in EXPECTED} | set(CONSTRUCT_TESTED) == set(saved)


# ---------------------------------------------------------------- CONSTRUCT queries

CONSTRUCT_TESTED = ("claimant-graph", "claim-triples")  # the latter in test_simple_view.py too


def _author_of(store: ox.Store) -> dict[str, str]:
    rows = store.query(
        "PREFIX schema: <http://schema.org/> "
        "SELECT ?c ?n WHERE { GRAPH ?g { ?c schema:author/schema:name ?n } }"
    )
    return {r["c"].value: r["n"].value for r in rows}


@pytest.mark.parametrize("name", ["jane", "COUNCIL", "source", "nobody at all"])
def test_claimant_graph_constructs_the_claims_of_a_claimant(store, name):
    triples = list(Q.run(store, Q.resolve_query("claimant-graph"), {"name": name}))
    claims = {
        str(t.subject.value)
        for t in triples
        if t.predicate.value.endswith("#type") and t.object.value == "http://schema.org/Claim"
    }
    expected = {c for c, n in _author_of(store).items() if name.lower() in n.lower()}
    assert claims == expected
    if expected:  # each claim comes with its text, claimant name and article
        for claim in claims:
            preds = {t.predicate.value for t in triples if t.subject.value == claim}
            assert {"http://schema.org/text", "http://schema.org/author"} <= preds
            assert "http://schema.org/appearance" in preds


def test_claim_triples_one_reified_triple_per_claim(store):
    triples = list(Q.run(store, Q.resolve_query("claim-triples")))
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    reified = {
        t.subject.value: t.object.value for t in triples if t.predicate.value == rdf + "predicate"
    }
    assert set(reified) == set(_author_of(store))  # every claim with a claimant, once
    told = {c for c, p in reified.items() if p.endswith("#toldTo")}
    rows = store.query(
        "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?c <http://schema.org/recipient> ?r ; "
        "<http://schema.org/author> ?a } }"
    )
    assert told == {r["c"].value for r in rows} and told


def test_claimant_graph_as_turtle_parses_back(store):
    buf = io.BytesIO()
    Q.render(Q.run(store, Q.resolve_query("claimant-graph"), {"name": "jane"}), "turtle", buf)
    text = buf.getvalue().decode("utf-8")
    assert "@prefix schema: <http://schema.org/>" in text and "https://schema.org/" not in text
    back = ox.Store()
    back.load(buf.getvalue(), format=ox.RdfFormat.TURTLE)
    assert len(back) > 0


@pytest.mark.parametrize("evil", ['x") } UNION { ?s ?p ?o } #', "}}}{{{", "' ; DROP ALL ; '"])
def test_claimant_graph_injection_gives_nothing(store, evil):
    assert list(Q.run(store, Q.resolve_query("claimant-graph"), {"name": evil})) == []


def test_results_are_deterministic(saved):
    for name, q in saved.items():
        values = {p.name: "a" for p in q.params if p.required and p.type in ("string", "name")}
        if name == "evidence":
            values = {"claim": "kgd:claim/c2"}
        outputs = set()
        for _ in range(3):
            buf = io.BytesIO()
            results = Q.run(make_store(), q, values)
            fmt = "csv" if isinstance(results, ox.QuerySolutions) else "ntriples"
            Q.render(results, fmt, buf)
            outputs.add(b"\n".join(sorted(buf.getvalue().splitlines())))
        assert len(outputs) == 1, name


# ---------------------------------------------------------------- headers


def test_every_rq_file_has_a_summary_and_tags():
    files = sorted(queries_dir().glob("*.rq"))
    assert len(files) >= 12
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#+ summary: "), path.name
        q = Q.load_query_file(path)
        assert q.summary and q.tags, path.name


def test_every_parameter_is_projected(saved):
    """oxigraph issue 1837: a substituted variable must be in the SELECT list."""
    for q in saved.values():
        if not q.params:
            continue
        select = re.search(r"^\s*SELECT\b(.*?)^\s*WHERE", q.sparql, re.S | re.M)
        assert select, q.name
        for p in q.params:
            if p.name != Q.LIMIT_PARAM:
                assert re.search(rf"\?{p.name}\b", select.group(1)), (q.name, p.name)


def test_param_header_parsing():
    q = Q.parse_query(
        "#+ summary: s\n"
        "#+ tags: a, b ,c\n"
        "#+ param: who string — a name\n"
        "#+ param: n integer = 5 — how many\n"
        '#+ param: label string = "the mentor" -- quoted default\n'
        "#+ param: day date=2020-01-02\n"
        "SELECT ?who ?day WHERE {}\n"
    )
    assert q.tags == ("a", "b", "c")
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [
        ("who", "string", None, True),
        ("n", "integer", "5", False),
        ("label", "string", "the mentor", False),
        ("day", "date", "2020-01-02", False),
    ]
    assert q.params[0].description == "a name"
    assert q.params[2].description == "quoted default"


def test_param_header_with_unknown_type_is_an_error():
    with pytest.raises(QueryError, match="unknown type 'text'.*string, name, iri, integer"):
        Q.parse_query("#+ param: who text\nSELECT ?who WHERE {}")


# ---------------------------------------------------------------- binding


def test_bind_gives_typed_terms(saved):
    bound = Q.bind(saved["claims-in-period"], {"from": "2020-01-01"})
    date = ox.NamedNode(XSD + "date")
    assert bound[ox.Variable("from")] == ox.Literal("2020-01-01", datatype=date)
    assert bound[ox.Variable("to")] == ox.Literal("9999-12-31", datatype=date)
    assert Q.bind(saved["claims-by-claimant"], {"name": "Home  OFFICE's"}) == {
        ox.Variable("name"): ox.Literal("home office")  # the key rule of kg.rdf.lookup
    }
    assert Q.bind(saved["evidence"], {"claim": "kgd:claim/abc"}) == {
        ox.Variable("claim"): ox.NamedNode(iri("claim/abc"))
    }
    assert Q.bind(saved["top-claimants"], {"limit": "3"}) == {}  # limit caps rows instead
    typed = Q.parse_query("#+ param: x decimal\n#+ param: n integer\nSELECT ?x ?n WHERE {}")
    assert Q.bind(typed, {"x": "0.50", "n": " 007 "}) == {
        ox.Variable("x"): ox.Literal("0.50", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Variable("n"): ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")),
    }


def test_missing_required_param_is_named(saved):
    with pytest.raises(QueryError, match="needs parameter 'name'") as e:
        Q.bind(saved["claims-by-claimant"], {})
    assert "name=VALUE" in str(e.value)


def test_unknown_param_lists_the_query_params(saved):
    with pytest.raises(QueryError, match=r"no parameter 'who'; its parameters: from, to"):
        Q.bind(saved["claims-in-period"], {"who": "x"})
    with pytest.raises(QueryError, match="its parameters: none"):
        Q.bind(saved["claims"], {"x": "1"})


@pytest.mark.parametrize(
    "query, values, message",
    [
        ("top-claimants", {"limit": "ten"}, "must be an integer, got 'ten'"),
        ("top-claimants", {"limit": "-1"}, "must be >= 0"),
        ("claims-in-period", {"from": "2020-13-01"}, "must be a date as YYYY-MM-DD"),
        ("claims-in-period", {"to": "yesterday"}, "must be a date as YYYY-MM-DD"),
        ("evidence", {"claim": "not an iri"}, "must be an IRI"),
        ("evidence", {"claim": "<x> } UNION { ?s ?p ?o"}, "must be an IRI"),
    ],
)
def test_bad_values_are_query_errors(store, saved, query, values, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        Q.run(store, saved[query], values)


@pytest.mark.parametrize(
    "evil",
    [
        'x") } UNION { ?s ?p ?o } #',
        'x") } UNION { GRAPH ?g { ?claim ?p ?o } } #',
        "}}}{{{",
        "jane\n} UNION {\n?claim ?p ?o",
        "' ; DROP ALL ; '",
    ],
)
def test_injection_attempts_match_nothing(store, evil):
    for name in ("claims-by-claimant", "claims-about", "cue-profile"):
        assert rows(store, name, ["name"], {"name": evil}) == []


def test_values_are_not_pasted_into_the_text(store, saved):
    q = saved["claims-by-claimant"]
    before = q.sparql
    Q.run(store, q, {"name": "jane"})
    assert q.sparql == before and "jane" not in before


# ---------------------------------------------------------------- resolving and running


def test_unknown_query_name_lists_available(store):
    with pytest.raises(QueryError) as e:
        Q.resolve_query("claims-by-speaker")
    message = str(e.value)
    assert "no saved query named 'claims-by-speaker'" in message
    assert "claims-by-claimant" in message and "who-told-whom" in message


def test_resolve_a_path_and_inline_text(tmp_path, store):
    path = tmp_path / "mine.rq"
    path.write_text(
        "#+ summary: Kinds\n#+ param: kind iri\n"
        "SELECT ?claim ?kind WHERE { GRAPH ?g { ?claim kg:kind ?kind } } ORDER BY ?claim\n",
        encoding="utf-8",
    )
    q = Q.resolve_query(str(path))
    assert q.name == "mine" and q.summary == "Kinds"
    found = [Q.compact(s["claim"]) for s in Q.run(store, q, {"kind": "kg:Direct"})]
    assert found == ["claim:c2"]

    inline = Q.resolve_query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a schema:Claim } }")
    assert inline.name == "<inline>"
    assert [s["n"].value for s in Q.run(store, inline)] == ["6"]

    with pytest.raises(QueryError, match="does not exist"):
        Q.resolve_query(str(tmp_path / "missing.rq"))


def test_user_query_folders_add_and_override(tmp_path):
    (tmp_path / "extra.rq").write_text("#+ summary: Extra\nASK {}\n", encoding="utf-8")
    (tmp_path / "claims.rq").write_text("#+ summary: Mine\nASK {}\n", encoding="utf-8")
    queries = Q.load_saved_queries([tmp_path])
    assert queries["extra"].summary == "Extra"
    assert queries["claims"].summary == "Mine"
    assert "who-told-whom" in queries
    assert Q.resolve_query("extra", [tmp_path]).path == tmp_path / "extra.rq"


def test_malformed_sparql_reports_the_position(store):
    q = Q.parse_query("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryError, match=r"invalid SPARQL in query <inline>: .*1:\d+"):
        Q.run(store, q)


def test_unprojected_parameter_is_explained(store):
    q = Q.parse_query("#+ param: who string\nSELECT ?c WHERE { GRAPH ?g { ?c kg:cueText ?who } }")
    with pytest.raises(QueryError, match=r"\?who must also appear in the SELECT list"):
        Q.run(store, q, {"who": "said"})


def test_timeout_stops_a_slow_query():
    slow = ox.Store()
    graph = ox.NamedNode("http://example.org/g")
    p = ox.NamedNode("http://example.org/p")
    slow.extend(
        ox.Quad(ox.NamedNode(f"http://example.org/{i}"), p, ox.Literal(str(i)), graph)
        for i in range(1500)
    )
    q = Q.parse_query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?x . ?b ?p ?y "
        "FILTER(STR(?x) < STR(?y)) } }"
    )
    with pytest.raises(QueryError, match="did not finish within 0.01 s"):
        Q.run(slow, q, timeout=0.01)


def test_timeout_returns_the_same_results(store, saved):
    plain, timed = io.BytesIO(), io.BytesIO()
    Q.render(Q.run(store, saved["claims"], {}), "json", plain)
    Q.render(Q.run(store, saved["claims"], {}, timeout=30), "json", timed)
    assert json.loads(plain.getvalue()) == json.loads(timed.getvalue())


# ---------------------------------------------------------------- rendering


def render(results, fmt: str, **kw) -> str:
    buf = io.BytesIO()
    Q.render(results, fmt, buf, **kw)
    return buf.getvalue().decode("utf-8")


def test_render_csv_tsv_json(store, saved):
    q = saved["claims-per-publisher"]
    csv = render(Q.run(store, q), "csv")
    assert csv.splitlines()[:2] == [
        "publisher,claims,articles,pub",
        f"The Daily Planet,6,2,{iri('org/daily-planet')}",
    ]
    tsv = render(Q.run(store, q), "tsv")
    assert tsv.splitlines()[0] == "?publisher\t?claims\t?articles\t?pub"
    data = json.loads(render(Q.run(store, q), "json"))
    assert data["head"]["vars"] == ["publisher", "claims", "articles", "pub"]
    assert data["results"]["bindings"][1]["publisher"]["value"] == "The Sunday Times"


def test_render_table_is_compact_and_readable(store, saved):
    text = render(Q.run(store, saved["who-told-whom"]), "table", width=120)
    lines = text.splitlines()
    assert lines[0].split() == ["claimant", "cue", "addressee", "content", "article", "claim"]
    assert lines[2].split() == [
        "Jane",
        "Doe",
        "told",
        "the",
        "council",
        "It",
        "will",
        "fail",
        "article:a1",
        "claim:c2",
    ]
    assert lines[-1] == "1 row"
    assert "http" not in text and "^^" not in text


def test_render_table_keeps_markup_and_iris_intact(store):
    q = Q.parse_query(
        'SELECT ?c ?t WHERE { GRAPH ?g { ?c kg:cueText ?x } BIND("[bold]x[/bold]" AS ?t) } LIMIT 1'
    )
    text = render(Q.run(store, q), "table", width=30)
    assert "[bold]x[/bold]" in text
    assert re.search(r"claim:c\d", text)  # never folded, even in a narrow table


def test_render_construct_and_ask(store):
    construct = Q.parse_query(
        "CONSTRUCT { ?c schema:text ?t } "
        "WHERE { GRAPH ?g { ?c schema:text ?t ; kg:kind kg:Direct } }"
    )
    turtle = render(Q.run(store, construct), "turtle")
    assert "@prefix schema: <http://schema.org/>" in turtle
    assert "It will fail" in turtle
    nt = render(Q.run(store, construct), "ntriples")
    assert nt == f'<{iri("claim/c2")}> <http://schema.org/text> "It will fail" .\n'
    table = render(Q.run(store, construct), "table")
    assert "schema:text" in table and "claim:c2" in table
    ask = Q.parse_query("ASK { GRAPH ?g { ?c kg:kind kg:Mixed } }")
    assert render(Q.run(store, ask), "table") == "true\n"
    assert json.loads(render(Q.run(store, ask), "json"))["boolean"] is True


def test_render_rejects_a_format_that_does_not_fit(store, saved):
    with pytest.raises(QueryError, match="SELECT results cannot be written as turtle"):
        render(Q.run(store, saved["claims"]), "turtle")
    construct = Q.parse_query("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="cannot be written as csv"):
        render(Q.run(store, construct), "csv")


def test_limit_applies_to_construct_too(store):
    q = Q.parse_query(
        "#+ param: limit integer = 2\n"
        "CONSTRUCT { ?c schema:text ?t } WHERE { GRAPH ?g { ?c schema:text ?t } }"
    )
    assert len(list(Q.run(store, q))) == 2
    assert len(list(Q.run(store, q, {"limit": "5"}))) == 5


def test_compact_terms():
    assert Q.compact(ox.NamedNode("http://schema.org/Claim")) == "schema:Claim"
    assert Q.compact(ox.NamedNode("https://w3id.org/claimgraph/ns#Direct")) == "kg:Direct"
    assert Q.compact(ox.NamedNode("http://example.org/x")) == "<http://example.org/x>"
    assert Q.compact(ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))) == "3"
    assert Q.compact(None) == ""


# ---------------------------------------------------------------- hygiene


def test_no_https_schema_org_in_ontology_or_queries():
    root = Path(__file__).resolve().parent.parent
    for folder in ("ontology", "queries"):
        for path in (p for p in (root / folder).rglob("*") if p.is_file()):
            assert "https://schema.org" not in path.read_text(encoding="utf-8"), path
