"""Push and remote queries against real SPARQL servers started on 127.0.0.1 by the fixtures:
Oxigraph server (the ``oxigraph`` wheel) and OpenLink Virtuoso 7 (Debian
``virtuoso-opensource-7-bin``). ``.ci/run`` installs both; a test skips only where its server's
program is not installed. The local store is built from the seed article and two invented ones."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build import build_store
from kg.rdf.push import graph_store_url, push_store
from kg.rdf.queries import load_saved_queries, parse_query, run
from kg.rdf.remote import Auth, RemoteError, remote_query
from kg.rdf.store import open_store
from kg.read import iter_articles
from kg.ui.cli import app

pytestmark = pytest.mark.slow

INVENTED = {
    "bridge.txt": "From the Daily Planet\nThe mayor said the bridge would reopen in May. "
    '"We are on schedule," she told the council on Monday.\n'
    "Engineers warned that the cost could double, according to a report seen by the paper.\n",
    "harbour.txt": "From the Evening Star\nA spokesman for the port authority said the harbour "
    "was safe. Fishermen told reporters they had raised concerns with the council.\n",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with code {proc.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"server at {url} did not answer within {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory):
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("Oxigraph server is not installed (pip install 'claimgraph[servers]')")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        wait_for(endpoint, proc)
        yield endpoint
    finally:
        stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


@pytest.fixture(scope="module")
def virtuoso_endpoint(tmp_path_factory):
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not exe or not isql:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = d / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen(
        [exe, "+configfile", str(ini), "+foreground"],
        cwd=d,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{http}/sparql"
    try:
        wait_for(endpoint, proc)
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield endpoint
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def local_path(tmp_path_factory, seed_path) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for name, text in INVENTED.items():
        (d / name).write_text(text, encoding="utf-8")
    path = d.parent / f"{d.name}-store"
    build_store(iter_articles([seed_path, d]), path)
    return path


@pytest.fixture(scope="module")
def local_store(local_path) -> ox.Store:
    return open_store(local_path, create=False, read_only=True)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def pushed(request, local_store):
    """(endpoint, local store) after pushing the local store there twice."""
    endpoint = request.getfixturevalue(f"{request.param}_endpoint")
    target = graph_store_url(endpoint, None)
    first = push_store(local_store, target)
    second = push_store(local_store, target)  # PUT replaces: nothing doubles
    assert first == second
    return endpoint, local_store


def graph_counts_query() -> str:
    return "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def counts(results) -> dict[str, int]:
    return {s["g"].value: int(s["n"].value) for s in results}


def test_push_gives_the_local_triple_counts(pushed):
    endpoint, store = pushed
    query = parse_query(graph_counts_query(), name="counts")
    local = counts(run(store, query))
    remote = counts(remote_query(endpoint, query))
    assert len(local) == 3
    assert {g: remote.get(g) for g in local} == local


def _rows(results) -> list[dict]:
    return json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]


def _plain(rows: list[dict]) -> list[dict]:
    """Values and kinds of the terms (servers differ on spelling 'literal' vs 'typed-literal')."""
    return [{k: (v["value"], v["type"] == "uri") for k, v in row.items()} for row in rows]


SELECTS = [q for q in load_saved_queries().values() if "CONSTRUCT" not in q.sparql.upper()]
CLAIM_QUERY = "SELECT ?c WHERE { GRAPH ?g { ?c a <http://schema.org/Claim> } } ORDER BY ?c"
PARAMS = {"name": "mentor", "text": "prison", "from": "2019-01-01", "to": "2030-01-01"}


@pytest.mark.parametrize("saved", SELECTS, ids=lambda q: q.name)
def test_saved_queries_return_the_same_rows(pushed, saved):
    endpoint, store = pushed
    values = {p.name: PARAMS.get(p.name, "x") for p in saved.params if p.required}
    if any(p.type == "iri" for p in saved.params if p.required):
        claim = next(iter(store.query(CLAIM_QUERY)))
        values = {p.name: claim["c"].value for p in saved.params if p.required}
    local = _plain(_rows(run(store, saved, values)))
    remote = _plain(_rows(remote_query(endpoint, saved, values)))
    if endpoint.endswith("/sparql"):
        # Virtuoso 7.2 does not always honour ORDER BY on an aggregate's alias: same rows, and
        # the order is checked on Oxigraph server only
        local, remote = sorted(local, key=repr), sorted(remote, key=repr)
    assert remote == local


def test_wrong_credentials_are_a_clear_error(virtuoso_endpoint, local_store):
    target = graph_store_url(virtuoso_endpoint + "-auth", None)
    with pytest.raises(RemoteError, match="refused the credentials"):
        push_store(local_store, target, auth=Auth(user="dba", password="wrong", digest=True))


def test_cli_push_and_remote_query(oxigraph_endpoint, local_path):
    runner = CliRunner()
    args = ["push", "--endpoint", oxigraph_endpoint, "--store", str(local_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["query", "who-told-whom", "--endpoint", oxigraph_endpoint, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("claimant,cue,addressee")


def test_unreachable_server_is_a_clear_error(local_path):
    port = free_port()  # nothing listens there
    result = CliRunner().invoke(
        app, ["push", "--endpoint", f"http://127.0.0.1:{port}/query", "--store", str(local_path)]
    )
    assert result.exit_code == 1
    assert "cannot connect" in result.output and "Traceback" not in result.output
