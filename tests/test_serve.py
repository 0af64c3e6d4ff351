"""``kg serve`` over HTTP: search → entity page with evidence → article view, saved queries as the
CLI gives them, the read-only SPARQL endpoint, 400 pages; and the pages in headless Chromium.

The in-process tests use Starlette's test client on the hand-made sample graph (expectations are
derived from its claim table) and on a store built from the reference article by ``kg build``.
The browser tests start ``kg serve --port 0`` themselves on a free 127.0.0.1 port, read the
address it prints, and stop it; they skip with the reason when Debian's ``chromium`` is absent.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from sample_graph import CLAIMS, TEXT, build_trig, iri
from typer.testing import CliRunner

from kg.rdf.queries import compact, load_saved_queries
from kg.ui import serve
from kg.ui.cli import app as cli

# Starlette 1.x warns that its test client will move from httpx to httpx2
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)"
)
KG = Path(sys.executable).with_name("kg")


class Elements(HTMLParser):
    """The text of every element by class, and the links (href, text) — enough to read a page."""

    def __init__(self, page: str):
        super().__init__()
        self.stack: list[tuple[str, set[str], dict]] = []
        self.by_class: dict[str, list[str]] = {}
        self.links: list[tuple[str, str]] = []
        self._open: list[list] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("meta", "link", "input", "br", "img"):
            return
        self._open.append([tag, set((a.get("class") or "").split()), a, ""])

    def handle_endtag(self, tag):
        while self._open:
            t, classes, a, text = self._open.pop()
            for c in classes:
                self.by_class.setdefault(c, []).append(text)
            if t == "a" and "href" in a:
                self.links.append((a["href"], text))
            if self._open:
                self._open[-1][3] += text
            if t == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][3] += data


def client(store):
    from starlette.testclient import TestClient

    return TestClient(serve.create_app(store), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    store = ox.Store(str(path))
    store.load(build_trig(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def web(sample_path):
    return client(sample_path)


def ref(local: str) -> str:
    """How the app writes a data IRI in URLs and messages (a prefixed name)."""
    return compact(ox.NamedNode(iri(local)))


def _content(claim: tuple) -> list[str]:
    return [TEXT[claim[1]][s:e] for s, e in claim[6]]


# ---------------------------------------------------------------- search → entity → article


def test_search_links_to_entity_pages(web):
    page = web.get("/search", params={"q": "doe"})
    assert page.status_code == 200
    found = Elements(page.text)
    assert (f"/entity?iri={ref('person/jane-doe')}", "Jane Doe") in found.links
    # an alternate name finds the entity too ("City Council" for "the council")
    council = Elements(web.get("/search", params={"q": "city"}).text)
    assert [t for h, t in council.links if h.startswith("/entity")] == ["the council"]
    nothing = web.get("/search", params={"q": "zzz"})
    assert nothing.status_code == 200 and "No entity has a name containing" in nothing.text


def test_entity_page_lists_claims_by_about_and_to_with_evidence(web):
    page = web.get("/entity?iri=kgd:person/jane-doe")
    assert page.status_code == 200
    by, about, to = (
        page.text.split(f'id="{r}"')[1].split("</section>")[0] for r in serve.show.ROLES
    )
    mine = [c for c in CLAIMS if c[2] == "person/jane-doe"]
    got = Elements(by)
    assert sorted(got.by_class["content"]) == sorted(" … ".join(_content(c)) for c in mine)
    # the evidence: each claim's sentence, its content marked inside it
    assert sorted(got.by_class["ev-content"]) == sorted(x for c in mine for x in _content(c))
    assert sorted(got.by_class["evidence"]) == sorted(TEXT[c[1]][slice(*c[10])] for c in mine)
    assert sorted(got.by_class["ev-cue"]) == sorted(TEXT[c[1]][slice(*c[4])] for c in mine)
    assert "None." in about and "None." in to  # nothing is about Jane Doe or said to her
    council = web.get("/entity?iri=kgd:org/council").text
    to_council = Elements(council.split('id="to"')[1].split("</section>")[0])
    told = [c for c in CLAIMS if c[8] and c[8][1] == "org/council"]
    assert to_council.by_class["ev-addressee"] == [TEXT[c[1]][slice(*c[8][0])] for c in told]


def test_entity_page_links_to_the_article_view_of_each_claim(web):
    page = Elements(web.get("/entity?iri=kgd:person/jane-doe").text)
    to_article = [h for h, _ in page.links if h.startswith("/article?")]
    mine = [c for c in CLAIMS if c[2] == "person/jane-doe"]
    assert len(to_article) == len(mine)
    for claim in mine:
        href = next(h for h in to_article if f"claim={ref('claim/' + claim[0])}#" in h)
        view = web.get(href)
        assert view.status_code == 200
        body = view.text.split('<article class="text">')[1].split("</article>")[0]
        text = Elements(f'<article class="text">{body}</article>')
        # the article's whole text is there, with this claim's spans marked as the focus
        assert "".join(text.by_class["text"]) == TEXT[claim[1]]
        claim_spans = [claim[3], claim[4], *claim[6]] + ([claim[8][0]] if claim[8] else [])
        assert sorted(text.by_class["focus"]) == sorted(
            TEXT[claim[1]][slice(*s)] for s in claim_spans
        )
        assert f'id="claim-{claim[0]}"' in view.text  # the #fragment lands on the claim
        # every claim of the article is marked in its text
        in_article = [c for c in CLAIMS if c[1] == claim[1]]
        contents = [x for c in in_article for x in _content(c)]
        assert sorted(text.by_class["ev-content"]) == sorted(contents)


def test_resource_links_go_to_the_right_page(web):
    claim = web.get("/resource?iri=kgd:claim/c2", follow_redirects=False)
    assert claim.status_code == 303
    assert claim.headers["location"] == (
        f"/article?iri={ref('article/a1')}&claim={ref('claim/c2')}#claim-c2"
    )
    article = web.get("/resource?iri=kgd:article/a2", follow_redirects=False)
    assert article.headers["location"] == f"/article?iri={ref('article/a2')}"
    entity = web.get("/resource?iri=" + iri("org/council"), follow_redirects=False)
    assert entity.headers["location"] == f"/entity?iri={ref('org/council')}"


def test_only_web_addresses_become_links(tmp_path):
    """An article's schema:url comes from its input file: a javascript: IRI is shown, not linked."""
    store = ox.Store()
    store.load(build_trig(), format=ox.RdfFormat.TRIG)
    article, url = ox.NamedNode(iri("article/a1")), ox.NamedNode("http://schema.org/url")
    graph = ox.NamedNode(iri("graph/a1"))
    store.remove(next(iter(store.quads_for_pattern(article, url, None, graph))))
    store.add(ox.Quad(article, url, ox.NamedNode("javascript:alert(1)"), graph))
    page = client(store).get(f"/article?iri={ref('article/a1')}").text
    assert "javascript:alert(1)" in page and 'href="javascript:' not in page


def test_home_page_counts_and_top_claimants(web):
    page = web.get("/")
    assert page.status_code == 200
    assert f"{len(CLAIMS)} claims from 2 articles" in page.text
    assert f"/resource?iri={ref('person/jane-doe')}" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


def test_pages_fetch_nothing_from_elsewhere(web):
    for url in (
        "/",
        "/search?q=doe",
        "/entity?iri=kgd:person/jane-doe",
        "/queries/claims",
        "/sparql",
        "/article?iri=kgd:article/a1",
    ):
        page = web.get(url).text
        assert not re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', page.split("<main>")[0])
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
            assert web.get(asset).status_code == 200


def test_graph_page_draws_the_network_with_links_to_entity_pages(web, sample_path):
    from kg.ui.picture import load_network

    net = load_network(ox.Store.read_only(str(sample_path)))
    page = web.get("/graph")
    assert page.status_code == 200
    assert page.text.count('class="node"') == len(net.nodes)
    assert page.text.count('class="edge"') == len(net.edges)
    data = json.loads(re.search(r'id="kg-network">(.*?)</script>', page.text, re.S)[1])
    assert {n["iri"]: n["href"] for n in data["nodes"].values()} == {
        k: serve.entity_link(k) for k in net.nodes
    }
    assert '<script src="/static/picture.js"></script>' in page.text
    jane = web.get("/graph", params={"claimant": "doe", "limit": "5"}).text
    assert "Claim network: 3 claims by 1 claimant," in jane
    nothing = web.get("/graph", params={"about": "zzz"})
    assert nothing.status_code == 200 and "nothing to draw" in nothing.text
    assert 'class="node"' not in nothing.text


# ---------------------------------------------------------------- saved queries


def test_saved_query_form_from_its_header(web):
    page = web.get("/queries/claims-in-period")
    assert page.status_code == 200
    form = page.text.split("<form")[2]
    assert 'name="from"' in form and 'type="date"' in form and 'placeholder="0001-01-01"' in form
    needs = web.get("/queries/claims-by-claimant")  # a required parameter: the form, no table
    assert "Fill in name to run the query." in needs.text and "<table" not in needs.text
    found = Elements(web.get("/queries/claims-by-claimant", params={"name": "doe"}).text)
    assert len(found.by_class["count"]) == 1
    assert f"{sum(1 for c in CLAIMS if c[2] == 'person/jane-doe')} rows" in found.by_class["count"]


@pytest.fixture(scope="module")
def built_store(tmp_path_factory, seed_path) -> Path:
    path = tmp_path_factory.mktemp("serve-built") / "store"
    done = runner.invoke(cli, ["build", str(seed_path), "--store", str(path), "--quiet"])
    assert done.exit_code == 0, done.output
    return path


# a value for each required parameter of the shipped queries; a new query with a required
# parameter must add one here (the test below fails until it does)
REQUIRED = {"name": "home office", "claim": None, "type": "statement"}


@pytest.mark.parametrize("name", sorted(load_saved_queries()))
def test_saved_query_downloads_are_the_cli_output(name, built_store):
    query = load_saved_queries()[name]
    web = client(built_store)
    values = {}
    for p in query.params:
        if p.required:
            assert p.name in REQUIRED, f"give test_serve.REQUIRED a value for {name}'s {p.name}"
            values[p.name] = REQUIRED[p.name] or _a_claim(built_store)
    formats = ("ntriples", "turtle") if serve._is_graph(query) else ("json", "csv", "tsv")
    for fmt in formats:
        args = ["query", name, "--store", str(built_store), "--format", fmt]
        args += [x for k, v in values.items() for x in ("-p", f"{k}={v}")]
        expected = runner.invoke(cli, args)
        assert expected.exit_code == 0, expected.output
        got = web.get(f"/queries/{name}", params={**values, "format": fmt})
        assert got.status_code == 200, got.text
        if fmt in ("json", "csv", "tsv"):  # rows in the same order, byte for byte
            assert got.content == expected.stdout_bytes
        else:  # a graph is a set of triples: the same set
            rdf = {"ntriples": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE}[fmt]
            triples = set(ox.parse(got.content, format=rdf))
            assert triples and triples == set(ox.parse(expected.stdout_bytes, format=rdf))
    if "json" in formats:
        rows = json.loads(
            got.content
            if fmt == "json"
            else web.get(f"/queries/{name}", params={**values, "format": "json"}).content
        )
        page = web.get(f"/queries/{name}", params=values)
        n = len(rows["results"]["bindings"])
        assert f"{n} row{'s' if n != 1 else ''}" in page.text or (
            n == 0 and "No rows." in page.text
        )


def _a_claim(store_path: Path) -> str:
    store = ox.Store.read_only(str(store_path))
    row = next(iter(store.query("SELECT ?c WHERE { GRAPH ?g { ?c a <http://schema.org/Claim> } }")))
    return row["c"].value


# ---------------------------------------------------------------- SPARQL endpoint

SELECT = "SELECT ?claim ?text WHERE { GRAPH ?g { ?claim a schema:Claim ; schema:text ?text } }"
CONSTRUCT = "CONSTRUCT { ?claim schema:text ?text } WHERE { GRAPH ?g { ?claim schema:text ?text } }"


def test_sparql_select_with_content_negotiation(web):
    expected = {(iri(f"claim/{c[0]}"), " … ".join(_content(c))) for c in CLAIMS}
    as_json = web.get("/sparql", params={"query": SELECT})
    assert as_json.headers["content-type"] == "application/sparql-results+json"
    rows = {
        (b["claim"]["value"], b["text"]["value"]) for b in as_json.json()["results"]["bindings"]
    }
    assert rows == expected
    as_csv = web.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert {tuple(r) for r in list(csv.reader(io.StringIO(as_csv.text)))[1:]} == expected
    xml = web.get(
        "/sparql",
        params={"query": SELECT},
        headers={"Accept": "text/html;q=0.5, application/sparql-results+xml"},
    )
    assert xml.headers["content-type"] == "application/sparql-results+xml"
    parsed = ox.parse_query_results(xml.content, format=ox.QueryResultsFormat.XML)
    assert {(s["claim"].value, s["text"].value) for s in parsed} == expected
    assert xml.headers["vary"] == "Accept"
    page = web.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert f"{len(CLAIMS)} rows" in page.text


def test_sparql_post_form_and_body(web):
    form = web.post("/sparql", data={"query": 'ASK { GRAPH ?g { ?s schema:name "Jane Doe" } }'})
    assert form.status_code == 200 and form.json()["boolean"] is True
    body = web.post(
        "/sparql",
        content='ASK { GRAPH ?g { ?s schema:name "Nobody" } }',
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert body.status_code == 200 and body.text.strip() == "false"


def test_sparql_construct_with_content_negotiation(web):
    turtle = web.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(CLAIMS)
    nt = web.get(
        "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"}
    )
    assert set(ox.parse(nt.content, format=ox.RdfFormat.N_TRIPLES)) == set(triples)
    default = web.get("/sparql", params={"query": CONSTRUCT})  # */*: Turtle first
    assert default.headers["content-type"].startswith("text/turtle")
    refused = web.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "text/turtle" in refused.text


def test_sparql_dataset_parameters(web):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:Claim }"
    a1 = web.get("/sparql", params={"query": count, "default-graph-uri": iri("graph/a1")})
    assert int(a1.json()["results"]["bindings"][0]["n"]["value"]) == 3
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    only = web.get("/sparql", params={"query": named, "named-graph-uri": iri("graph/a2")})
    assert [b["g"]["value"] for b in only.json()["results"]["bindings"]] == [iri("graph/a2")]


UPDATE = 'INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> "c" } }'


def test_sparql_refuses_updates_and_leaves_the_store_unchanged(sample_path, web):
    before = len(ox.Store.read_only(str(sample_path)))
    attempts = [
        web.post("/sparql", data={"update": UPDATE}),
        web.post("/sparql", content=UPDATE, headers={"Content-Type": "application/sparql-update"}),
        web.get("/sparql", params={"update": UPDATE}),
        web.get("/sparql", params={"query": UPDATE}),
        web.post("/sparql", data={"query": "PREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }"}),
        web.get("/sparql", params={"query": "DROP ALL"}),
    ]
    for r in attempts:
        assert r.status_code == 403, r.text
        assert "read-only" in r.text and "Traceback" not in r.text
    after = ox.Store.read_only(str(sample_path))
    assert len(after) == before
    assert not after.query("ASK { GRAPH ?g { <urn:a> ?p ?o } }")


@pytest.mark.parametrize(
    "method, url, kwargs, status, says",
    [
        ("get", "/search", {}, 400, "parameter 'q' is required"),
        ("get", "/search?q=a&page=2", {}, 400, "unknown parameter 'page'; this page takes: q"),
        ("get", "/search?q=a&q=b", {}, 400, "parameter 'q' is given 2 times"),
        ("get", "/entity", {}, 400, "parameter 'iri' is required"),
        ("get", "/entity?iri=not%20an%20iri", {}, 400, "parameter 'iri' must be an IRI"),
        ("get", "/entity?iri=kgd:person/nobody", {}, 404, "no entity " + ref("person/nobody")),
        ("get", "/article?iri=kgd:article/zz", {}, 404, "no article " + ref("article/zz")),
        (
            "get",
            "/article?iri=kgd:article/a1&claim=kgd:claim/c4",
            {},
            400,
            "the article has no claim " + ref("claim/c4"),
        ),
        ("get", "/queries/nope", {}, 404, "no saved query named 'nope'"),
        ("get", "/queries/top-claimants?limit=ten", {}, 400, "must be an integer, got 'ten'"),
        (
            "get",
            "/queries/claims-in-period?from=2020-13-01",
            {},
            400,
            "must be a date as YYYY-MM-DD",
        ),
        ("get", "/queries/claims?format=xml", {}, 400, "format must be one of html, json"),
        (
            "get",
            "/queries/claims?name=x",
            {},
            400,
            "unknown parameter 'name'; this page takes: format",
        ),
        ("get", "/queries/claims-by-claimant?format=json", {}, 400, "needs parameter 'name'"),
        (
            "get",
            "/queries/claimant-graph?name=x&format=json",
            {},
            400,
            "CONSTRUCT/DESCRIBE results cannot be written as json",
        ),
        ("get", "/sparql?query=SELECT%20nonsense", {}, 400, "invalid SPARQL"),
        ("get", "/sparql?default-graph-uri=urn:x", {}, 400, "parameter 'query' is required"),
        ("get", "/sparql?query=ASK{}&format=json", {}, 400, "unknown parameter 'format'"),
        (
            "post",
            "/sparql",
            {"content": "x", "headers": {"Content-Type": "text/plain"}},
            415,
            "unsupported content type 'text/plain'",
        ),
        ("delete", "/sparql", {}, 405, ""),
        ("get", "/nowhere", {}, 404, "no page at /nowhere"),
        ("get", "/graph?limit=-1", {}, 400, "parameter 'limit' must be a whole number >= 0"),
        ("get", "/graph?who=x", {}, 400, "unknown parameter 'who'"),
    ],
)
def test_bad_parameters_get_a_page_that_says_which_and_why(web, method, url, kwargs, status, says):
    r = getattr(web, method)(url, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/html")
    message = Elements(r.text).by_class.get("error", [""])[0]
    assert says in message.replace("&#39;", "'")
    assert "Traceback" not in r.text and 'File "' not in r.text
    headers = {**kwargs.pop("headers", {}), "Accept": "text/plain"}
    plain = getattr(web, method)(url, headers=headers, **kwargs)
    assert plain.status_code == status and plain.text.startswith("Error: ")


def test_a_bug_is_a_500_page_without_traceback(sample_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(serve.lookup, "find_entities", broken)
    r = client(sample_path).get("/search?q=doe")
    assert r.status_code == 500
    assert "internal error (ZeroDivisionError)" in r.text
    assert "deep inside" not in r.text and "Traceback" not in r.text


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    "accept, offers, chosen",
    [
        (None, ["a/x", "b/y"], "a/x"),
        ("b/y", ["a/x", "b/y"], "b/y"),
        ("a/*;q=0.5, b/y;q=0.8", ["a/x", "b/y"], "b/y"),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            ["application/sparql-results+json", "application/xml", "text/html"],
            "text/html",
        ),
        ("a/x;q=0", ["a/x"], None),
        ("c/z", ["a/x"], None),
        ("*/*;q=0.1, a/x;q=0", ["a/x", "b/y"], "b/y"),
    ],
)
def test_negotiate(accept, offers, chosen):
    assert serve.negotiate(accept, offers) == chosen


def test_highlight_splits_overlapping_spans_and_escapes():
    out = serve.highlight("<a> said b c", [(4, 8, "cue"), (0, 3, "who"), (6, 12, "content")])
    assert str(out) == (
        '<span class="who">&lt;a&gt;</span> <span class="cue">sa</span>'
        '<span class="content cue">id</span><span class="content"> b c</span>'
    )
    shifted = serve.highlight("said it", [(12, 14, "cue")], base=10, anchors={10: "x"})
    assert str(shifted) == '<a class="anchor" id="x"></a>sa<span class="cue">id</span> it'


# ---------------------------------------------------------------- the real server, in a browser


@pytest.fixture(scope="module")
def server(sample_path):
    """``kg serve --port 0`` on the sample store; its address from the line it prints. Its log
    is read all along (a full pipe would stall it) and must hold no traceback at the end."""
    import threading

    proc = subprocess.Popen(
        [str(KG), "serve", "--store", str(sample_path), "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    try:
        line = proc.stderr.readline()
        m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        assert m, line + (proc.stderr.read() if proc.poll() is not None else "")
        reader = threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True)
        reader.start()
        yield m[1]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    text = "".join(log)
    assert "Traceback" not in text and "unsendable" not in text, text[-3000:]


@pytest.mark.slow
def test_server_answers_over_http(server):
    import httpx

    r = httpx.get(server + "search", params={"q": "council"}, timeout=30)
    assert r.status_code == 200 and f"/entity?iri={ref('org/council')}" in r.text
    ask = httpx.post(server + "sparql", data={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"}, timeout=30)
    assert ask.json()["boolean"] is True


@pytest.mark.slow
def test_concurrent_requests_are_all_answered(server):
    """Pages, downloads and SPARQL at once: each request keeps its query results in its thread."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    urls = [
        "",
        "search?q=o",
        f"entity?iri={ref('person/jane-doe')}",
        f"article?iri={ref('article/a2')}",
        "queries/claims?format=json",
        "queries/claims-by-claimant?name=doe",
        "sparql?query=" + SELECT.replace(" ", "%20"),
        "graph",
    ] * 4
    with httpx.Client(timeout=60) as http, ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda u: http.get(server + u), urls))
    assert [a.status_code for a in answers] == [200] * len(urls)
    assert len({a.text for a in answers if "format=json" in str(a.url)}) == 1


@pytest.mark.slow
def test_port_in_use_is_one_line_error(server, sample_path):
    port = server.rsplit(":", 1)[1].strip("/")
    done = subprocess.run(
        [str(KG), "serve", "--store", str(sample_path), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; "
        "choose another with --port"
    ]


def test_unknown_host_is_one_line_error(sample_path):
    done = subprocess.run(
        [str(KG), "serve", "--store", str(sample_path), "--host", "nowhere.invalid"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: cannot listen on 'nowhere.invalid'")


def chromium_dom(url: str, tmp_path: Path) -> str:
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        url,
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 120 s on this machine")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
@needs_chromium
def test_search_results_render_in_chromium(server, tmp_path):
    dom = Elements(chromium_dom(server + "search?q=o", tmp_path))
    shown = {text for href, text in dom.links if href.startswith("/entity?")}
    names = {"Jane Doe", "the council", "Officials", "costs", "A source"}
    assert {n for n in names if "o" in n.lower()} <= shown


@pytest.mark.slow
@needs_chromium
def test_entity_page_with_highlighted_evidence_renders_in_chromium(server, tmp_path):
    dom = Elements(chromium_dom(server + "entity?iri=kgd:person/jane-doe", tmp_path))
    mine = [c for c in CLAIMS if c[2] == "person/jane-doe"]
    assert sorted(dom.by_class["ev-content"]) == sorted(x for c in mine for x in _content(c))
    assert dom.by_class["entity-name"][0].startswith("Jane Doe")


@pytest.mark.slow
@needs_chromium
def test_network_page_runs_its_script_under_the_content_security_policy(server, tmp_path):
    dom = chromium_dom(server + "graph", tmp_path)
    assert re.search(r'<body[^>]*class="interactive-on"', dom)  # picture.js ran
    assert 'class="picture interactive"' in dom
    assert dom.count('class="node"') == len(
        {c[2] for c in CLAIMS}
        | {t for c in CLAIMS for t in c[9]}
        | {c[8][1] for c in CLAIMS if c[8]}
    )


# ---------------------------------------------------------------- the README's screenshot


def screenshot(out: Path) -> None:
    """docs/kg-serve.png: an entity page of the reference article's store, as headless Chromium
    draws it (``python tests/test_serve.py --screenshot``)."""
    import tempfile

    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        article = repo / "examples" / "seed-article.txt"
        subprocess.run([str(KG), "build", str(article), "--store", str(store), "-q"], check=True)
        proc = subprocess.Popen(
            [str(KG), "serve", "--store", str(store), "--port", "0"],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            url = re.search(r"at (http://\S+/)", proc.stderr.readline())[1]
            shot = [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--user-data-dir={Path(tmp) / 'profile'}", "--window-size=1000,760",
                f"--screenshot={out}", url + "entity?iri=org:home-office",
            ]  # fmt: skip
            subprocess.run(shot, check=True, capture_output=True, timeout=120)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    if sys.argv[1:] != ["--screenshot"] or CHROMIUM is None:
        sys.exit("usage: tests/test_serve.py --screenshot (needs chromium)")
    target = Path(__file__).resolve().parents[1] / "docs" / "kg-serve.png"
    screenshot(target)
    print(f"wrote {target}")
