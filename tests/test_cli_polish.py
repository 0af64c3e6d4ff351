"""The command line as a newcomer meets it: --version, -q everywhere, help without Python types,
usage errors, saved queries that answer only with what they found, SPARQL over the union of the
article graphs, export formats, the entity count, and readers during a build (issue 12)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg import __version__
from kg.ui.cli import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed-article.txt"
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]

runner = CliRunner()


def kg(*args: str | Path):
    from kg.ui.progress import set_verbosity

    try:
        return runner.invoke(app, [str(a) for a in args])
    finally:
        set_verbosity()  # -q sets a process-wide level; the next command starts afresh


def ok(*args: str | Path):
    result = kg(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp) -> tuple[Path, str]:
    """The reference article (no publication date) in a fresh store, and the build's stderr."""
    path = tmp_path_factory.mktemp("polish") / "store"
    return path, ok("build", SEED, "--store", path).stderr


def _csv(result) -> list[dict]:
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_version():
    result = ok("--version")
    assert result.stdout == f"kg {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_quiet_after_its_name(command):
    result = ok(command, "-q", "--help")
    assert "-q, --quiet" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_in_words_not_python_types(command):
    text = ok(command, "--help").stdout
    assert not re.search(r"<(?:list\[)?(?:str|int|float|path|bool)\]?>", text), text
    assert "<" not in text.split("Arguments:")[-1].split("Options:")[0]


def test_quiet_silences_the_notes_of_commands_that_write_files(built, tmp_path):
    store, _ = built
    loud = ok("graph", "--store", store, "-o", tmp_path / "a.dot")
    assert loud.stderr.startswith("Wrote ")
    for args in (["graph", "-q"], ["-q", "graph"]):
        quiet = ok(*args, "--store", store, "-o", tmp_path / "b.dot")
        assert quiet.stderr == ""
    assert ok("export", "-q", "--store", store, "-o", tmp_path / "g.ttl").stderr == ""
    assert ok("extract", "-q", SEED, "-o", tmp_path / "c.jsonl").stderr == ""


def test_push_without_an_endpoint_is_a_usage_error():
    result = kg("push")
    assert result.exit_code == 2
    assert "--endpoint" in result.stderr and "Traceback" not in result.stderr


def test_saved_queries_do_not_echo_their_parameters(built):
    store, _ = built
    rows = _csv(
        ok("query", "claims-by-claimant", "-p", "name=home office", "--store", store, "-f", "csv")
    )
    assert rows and "name" not in rows[0]
    assert list(rows[0])[:3] == ["claimant", "cue", "content"]
    data = json.loads(ok("query", "claims-in-period", "--store", store, "-f", "json").stdout)
    assert not {"from", "to"} & set(data["head"]["vars"])
    assert all(not {"from", "to"} & set(row) for row in data["results"]["bindings"])


def test_claims_in_period_with_default_dates_keeps_undated_articles(built):
    store, _ = built
    everything = _csv(ok("query", "claims", "--store", store, "-f", "csv"))
    undated = _csv(ok("query", "claims-in-period", "--store", store, "-f", "csv"))
    assert len(undated) == len(everything) > 0
    assert all(row["published"] == "" for row in undated)
    since = ok("query", "claims-in-period", "-p", "from=2019-01-01", "--store", store, "-f", "csv")
    assert _csv(since) == []  # a period was asked for: an undated article may not be in it


def test_build_summary_and_stats_count_entities_alike(built):
    store, stderr = built
    header, numbers = [line.split() for line in stderr.splitlines()[1:4:2]]
    built_entities = int(dict(zip(header, numbers, strict=False))["entities"])
    stats = json.loads(ok("stats", "--store", store, "--format", "json").stdout)
    assert built_entities == sum(stats["entities_by_type"].values()) > 0


def test_query_without_graph_sees_the_union_of_the_article_graphs(built):
    store, _ = built
    sparql = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a schema:Claim }"
    n = json.loads(ok("query", sparql, "--store", store, "-f", "json").stdout)
    named = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a schema:Claim } }"
    m = json.loads(ok("query", named, "--store", store, "-f", "json").stdout)
    count = int(n["results"]["bindings"][0]["n"]["value"])
    assert count == int(m["results"]["bindings"][0]["n"]["value"]) > 10


def test_export_json_ld(built, tmp_path):
    store, _ = built
    out = tmp_path / "graph.jsonld"
    ok("export", "--store", store, "-o", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    loaded = ox.Store()
    loaded.load(path=str(out), format=ox.RdfFormat.JSON_LD)
    turtle = ox.Store()
    turtle.load(
        ok("export", "--store", store, "-f", "turtle").stdout.encode(), format=ox.RdfFormat.TURTLE
    )
    assert len(loaded) == len(turtle) > 100  # the same union of the article graphs


@pytest.mark.parametrize("name", ["graph.json", "graph.txt", "graph"])
def test_export_unknown_extension_is_one_error_line(built, tmp_path, name):
    store, _ = built
    result = kg("export", "--store", store, "-o", tmp_path / name)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--format" in lines[0]
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(("short", "ext"), [("nt", ".nt"), ("nq", ".nq"), ("ttl", ".ttl")])
def test_export_short_format_names_match_the_extensions(built, tmp_path, short, ext):
    store, _ = built
    by_name = ok("export", "--store", store, "-f", short).stdout_bytes
    out = tmp_path / f"graph{ext}"
    ok("export", "--store", store, "-o", out)
    assert by_name == out.read_bytes()


def test_query_accepts_short_rdf_format_names(built):
    store, _ = built
    construct = "CONSTRUCT { ?c a schema:Claim } WHERE { ?c a schema:Claim }"
    lines = ok("query", construct, "--store", store, "-f", "nt").stdout.splitlines()
    assert lines and all(line.endswith(" .") for line in lines)


READERS = [
    ["query", "claims"],
    ["export", "-f", "nquads"],
    ["stats"],
    ["show", "Home Office"],
    ["validate"],
    ["graph", "-o", "x.dot"],
]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r[0])
def test_readers_are_refused_while_a_build_writes(built, reader, tmp_path, monkeypatch):
    """What the README's 'Concurrent use' says: a reader stops at once during a build."""
    from kg.rdf.lock import writer_lock

    store, _ = built
    monkeypatch.chdir(tmp_path)
    with writer_lock(store):  # as a running kg build holds it
        result = kg(*reader, "--store", store)
    assert result.exit_code == 1
    assert "being written by another kg process" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert kg(*reader, "--store", store).exit_code == 0  # and reads again once it is done


@pytest.mark.slow
def test_installing_as_make_demo_does_gives_no_setuptools_warnings(tmp_path):
    """`make demo` installs kg editable; setuptools must have nothing to warn about (it did:
    packages it could not place, and the editable finder's 'be careful' notice)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(REPO),
         "--target", str(tmp_path / "target")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # pip's own notes about this machine's configured package folders are not setuptools'
    lines = [line for line in done.stderr.splitlines() if "Location 'file:" not in line]
    assert not [line for line in lines if "warning" in line.lower()], "\n".join(lines)
