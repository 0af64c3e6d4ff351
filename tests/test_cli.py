"""The ``kg`` command line through typer's test runner, end to end on the reference article."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.ui.cli import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed-article.txt"
SEED_GOLD = Path(__file__).parents[2] / "shared" / "gold" / "seed-article.jsonl"
QUERIES = REPO / "queries"

runner = CliRunner()


def kg(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def ok(*args: str | Path):
    result = kg(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def _one_error_line(result) -> str:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = ok("build", SEED, "--store", path)
    assert result.stdout == ""  # the summary goes to stderr, stdout stays clean for pipes
    # the summary table: a title line, column names, a rule, one row of numbers
    title, header, _, numbers = result.stderr.splitlines()
    assert title == f"Built {path}"
    assert header.split() == ["articles", "claims", "entities", "quads", "seconds", "articles/s"]
    assert numbers.split()[0] == "1", result.stderr
    return path


@pytest.fixture(scope="module")
def seed_claims(nlp) -> list[dict]:
    result = ok("extract", SEED, "--format", "jsonl")
    return [json.loads(line) for line in result.stdout.splitlines()]


def _rows(result) -> list[dict]:
    return list(csv.DictReader(io.StringIO(result.stdout)))


# --- extract ---------------------------------------------------------------------------------


def _check_span(obj, text: str) -> None:
    assert set(obj) >= {"start", "end", "text"}
    assert isinstance(obj["start"], int) and isinstance(obj["end"], int)
    assert text[obj["start"] : obj["end"]] == obj["text"]


def test_extract_jsonl_contract(seed_claims):
    text = SEED.read_text(encoding="utf-8")
    assert len(seed_claims) >= 15
    keys = {"doc", "source", "speaker", "cue", "content", "addressee", "kind", "type", "confidence"}
    for claim in seed_claims:
        assert set(claim) == keys
        assert claim["doc"] == "seed-article"
        assert claim["kind"] in ("direct", "indirect", "mixed")
        assert claim["type"] in ("statement", "belief", "knowledge", "intention")
        assert isinstance(claim["confidence"], int | float) and 0 <= claim["confidence"] <= 1
        _check_span(claim["cue"], text)
        assert isinstance(claim["cue"]["lemma"], str) and claim["cue"]["lemma"]
        contents = claim["content"] if isinstance(claim["content"], list) else [claim["content"]]
        assert contents
        for span in contents:
            _check_span(span, text)
        for role in ("source", "addressee"):
            if claim[role] is not None:
                _check_span(claim[role], text)
        if claim["speaker"] is not None:
            assert set(claim["speaker"]) == {"label", "iri", "type"}
            assert claim["speaker"]["iri"].startswith("https://w3id.org/claimgraph/id/")
            assert claim["speaker"]["type"] in (
                "Person",
                "Organization",
                "Place",
                "Group",
                "UnnamedSource",
                "Thing",
            )


def test_extract_resolves_he_to_the_mentor(seed_claims):
    resolved = [
        c for c in seed_claims if c["source"] and c["source"]["text"] == "He" and c["speaker"]
    ]
    assert resolved
    assert all(c["speaker"]["label"].lower() == "the mentor" for c in resolved)
    assert all(c["speaker"]["type"] == "UnnamedSource" for c in resolved)


def test_extract_never_mines_the_share_buttons(seed_claims):
    text = SEED.read_text(encoding="utf-8")
    junk_start = text.index("\n- ")
    assert all(c["cue"]["end"] <= junk_start for c in seed_claims)


def test_extract_table(nlp):
    result = ok("extract", SEED, "--format", "table")
    assert "He → the mentor" in result.stdout
    for column in ("claimant", "cue", "content", "addressee"):
        assert column in result.stdout


def test_extract_turtle(nlp):
    result = ok("extract", SEED, "--format", "turtle")
    graph = ox.Store()
    graph.load(result.stdout.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    claims = list(
        graph.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://schema.org/Claim"),
        )
    )
    assert claims


def test_extract_bad_format():
    result = kg("extract", SEED, "--format", "xml")
    assert result.exit_code != 0
    assert "--format" in result.output or "--format" in result.stderr


def test_extract_to_file(tmp_path, nlp):
    out = tmp_path / "claims.jsonl"
    result = ok("extract", SEED, "-o", out)
    assert result.stdout == ""
    assert all(json.loads(line)["doc"] == "seed-article" for line in out.read_text().splitlines())


# --- build, query, export --------------------------------------------------------------------


def _who_told_whom(store) -> list[dict]:
    rows = _rows(ok("query", "who-told-whom", "--store", store, "--format", "csv"))
    assert rows
    assert {"claimant", "cue", "addressee", "content"} <= set(rows[0])
    return rows


def test_who_told_whom_home_office_to_mentor(store):
    rows = _who_told_whom(store)
    to_mentor = [
        r
        for r in rows
        if "home office" in r["claimant"].lower() and r["addressee"].lower() == "the mentor"
    ]
    assert to_mentor, rows


def test_who_told_whom_home_office_advises_mentor(store):
    rows = _who_told_whom(store)
    advice = [
        r
        for r in rows
        if "home office" in r["claimant"].lower()
        and r["addressee"].lower() == "the mentor"
        and "advis" in r["cue"].lower()
    ]
    assert advice, rows


def test_who_told_whom_mentor_to_home_office(store):
    rows = _who_told_whom(store)
    mentor_to_ho = [
        r
        for r in rows
        if r["claimant"].lower() == "the mentor" and "home office" in r["addressee"].lower()
    ]
    assert mentor_to_ho, rows


def test_who_told_whom_table(store):
    result = ok("query", "who-told-whom", "--store", store)
    assert "claimant" in result.stdout and "the mentor" in result.stdout
    assert "Home Office" in result.stdout


def test_queries_lists_names_and_summaries():
    result = ok("queries")
    names = sorted(p.stem for p in QUERIES.glob("*.rq"))
    for name in names:
        assert re.search(rf"^{re.escape(name)}$", result.stdout, re.MULTILINE), name
    summary = _header(QUERIES / "who-told-whom.rq", "summary")
    assert summary in result.stdout
    assert "-p name=" in result.stdout  # parameters are listed


def test_query_parameter_binding(store):
    rows = _rows(
        ok("query", "claims-by-claimant", "-p", "name=home office", "--store", store, "-f", "csv")
    )
    assert rows
    assert all("home office" in r["claimant"].lower() for r in rows)
    everything = _rows(ok("query", "claims", "--store", store, "-f", "csv"))
    assert len(everything) > len(rows)


def test_query_parameter_is_not_pasted_into_sparql(store):
    """A value that would break out of a string literal is just a value: no rows, no error."""
    evil = 'x" ) } SELECT * WHERE { ?s ?p ?o } #'
    rows = _rows(
        ok("query", "claims-by-claimant", "-p", f"name={evil}", "--store", store, "-f", "csv")
    )
    assert rows == []


def test_query_json(store):
    result = ok("query", "who-told-whom", "--store", store, "--format", "json")
    data = json.loads(result.stdout)
    assert "claimant" in data["head"]["vars"]
    assert data["results"]["bindings"]


def test_query_output_file_guesses_csv(store, tmp_path):
    out = tmp_path / "who.csv"
    result = ok("query", "who-told-whom", "--store", store, "-o", out)
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and "claimant" in rows[0]


def test_query_adhoc_sparql(store, tmp_path):
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a schema:Claim } }"
    direct = json.loads(ok("query", sparql, "--store", store, "-f", "json").stdout)
    rq = tmp_path / "count.rq"
    rq.write_text(sparql, encoding="utf-8")
    from_file = json.loads(ok("query", rq, "--store", store, "-f", "json").stdout)
    n = int(direct["results"]["bindings"][0]["n"]["value"])
    assert n > 10
    assert from_file == direct


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.nq", ox.RdfFormat.N_QUADS),
        ("graph.trig", ox.RdfFormat.TRIG),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_export_guesses_format_from_extension(store, tmp_path, name, fmt):
    out = tmp_path / name
    ok("export", "--store", store, "-o", out)
    loaded = ox.Store()
    loaded.load(path=str(out), format=fmt)
    assert len(loaded) > 100
    has_graphs = bool(list(loaded.named_graphs()))
    assert has_graphs == (fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG))


def test_export_turtle_to_stdout(store):
    result = ok("export", "--store", store)
    assert "@prefix schema: <http://schema.org/>" in result.stdout
    assert "https://schema.org/" not in result.stdout


def test_validate_store(store):
    result = kg("validate", "--store", store)
    assert result.exit_code == 0, result.stdout + result.stderr


# --- errors ----------------------------------------------------------------------------------


def test_missing_path_is_one_error_line(tmp_path):
    line = _one_error_line(kg("extract", tmp_path / "missing.txt"))
    assert "missing.txt" in line and "no such file" in line


def test_build_missing_path_is_one_error_line(tmp_path):
    line = _one_error_line(kg("build", tmp_path / "missing.txt", "--store", tmp_path / "s"))
    assert "missing.txt" in line


def test_bad_query_name(store):
    line = _one_error_line(kg("query", "no-such-query", "--store", store))
    assert "no-such-query" in line and "who-told-whom" in line


def test_missing_required_parameter(store):
    line = _one_error_line(kg("query", "claims-by-claimant", "--store", store))
    assert "name" in line


def test_store_missing(tmp_path):
    line = _one_error_line(kg("query", "claims", "--store", tmp_path / "nowhere"))
    assert "kg build" in line
    line = _one_error_line(kg("export", "--store", tmp_path / "nowhere"))
    assert "no store" in line


def test_unwritable_output(store, tmp_path):
    line = _one_error_line(kg("export", "--store", store, "-o", tmp_path / "no" / "dir" / "x.ttl"))
    assert "cannot write" in line


def test_one_writer_at_a_time_readers_any_time(store):
    """While a writer holds the store, a second build fails cleanly and queries still read."""
    import gc

    writer = ox.Store(str(store))  # holds the lock, like a running 'kg build'
    try:
        line = _one_error_line(kg("build", SEED, "--store", store))
        assert "in use" in line
        rows = _rows(ok("query", "claims", "--store", store, "-f", "csv"))
        assert rows
        ok("export", "--store", store, "-f", "nquads")
    finally:
        del writer
        gc.collect()


def test_debug_raises_the_exception(tmp_path):
    result = kg("--debug", "extract", tmp_path / "missing.txt")
    assert result.exit_code == 1
    from kg.errors import InputError

    assert isinstance(result.exception, InputError)
    assert result.exc_info[2] is not None  # a traceback, not a one-line message


@pytest.mark.slow
def test_debug_prints_a_traceback(tmp_path):
    script = "from kg.ui.cli import main; main()"
    args = [sys.executable, "-c", script, "--debug", "extract", str(tmp_path / "missing.txt")]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert "InputError" in done.stderr
    args.remove("--debug")
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("Error: ")


# --- help and headers ------------------------------------------------------------------------


def test_every_command_has_a_docstring_with_an_example():
    assert app.registered_commands
    for command in app.registered_commands:
        doc = command.callback.__doc__ or ""
        name = command.name or command.callback.__name__
        assert doc.strip(), name
        assert re.search(r"^\s*Example: kg ", doc, re.MULTILINE), name


def test_help_shows_the_example():
    result = ok("build", "--help")
    assert "Example:" in result.stdout


def _header(path: Path, key: str) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(rf"^#\+\s*{key}\s*:\s*(.+)$", line)
        if m:
            return m.group(1).strip()
    return None


def test_every_saved_query_has_a_summary():
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 6
    for path in files:
        assert _header(path, "summary"), path.name


# --- evaluation on the seed gold -------------------------------------------------------------


def test_seed_gold_scores(nlp):
    if not SEED_GOLD.exists():
        pytest.skip(f"seed gold not found at {SEED_GOLD} (../shared next to the checkout)")
    from kg.eval.gold import load_gold
    from kg.eval.report import score
    from kg.pipeline import extract_articles

    docs = load_gold([SEED_GOLD])
    predictions = {
        r.article.id: [c.to_json() for c in r.claims]
        for r in extract_articles([d.to_article() for d in docs])
    }
    report = score(docs, predictions, tiers=("core",))
    assert report.n_gold >= 20
    summary = report.to_text()
    assert report.strict.f1 >= 0.85, summary
    assert report.speaker_accuracy is not None and report.speaker_accuracy >= 0.90, summary
    # "He said" and "the officer added" are the mentor; the quotes that continue his are his
    assert report.quotes.pronoun.value == 1.0, summary
    assert report.quotes.floating_speaker.value == 1.0, summary
