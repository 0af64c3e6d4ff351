"""Bad input, --on-error, and hostile queries: one clear line and a non-zero exit, never a crash.

Each bad input is run through the real CLI (typer's runner); the message must name the file and,
where it applies, the line or byte, and there must be no traceback.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.errors import InputError
from kg.onerror import ErrorPolicy, reason_of
from kg.read import iter_articles, max_file_bytes
from kg.ui.cli import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed-article.txt"
runner = CliRunner()
GOOD = (
    'The harbour master said the new pier would open in May. "We are ready," she told reporters.\n'
)


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    return lines[0]


def _bytes(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _png(tmp):
    return _bytes(tmp, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def _gzip(tmp):
    return _bytes(tmp, "article.txt", gzip.compress(GOOD.encode()))


def _latin1(tmp):
    return _bytes(tmp, "latin.txt", "Le caf\u00e9 said it was open.".encode("latin-1"))


def _jsonl(tmp, name, *lines):
    return _bytes(tmp, name, ("\n".join(lines) + "\n").encode())


# (name, make(tmp) -> path, what the one error line must contain besides the file name)
BAD_INPUTS = [
    ("empty file", lambda t: _bytes(t, "empty.txt", b""), ["empty"]),
    ("blank file", lambda t: _bytes(t, "blank.txt", b" \n\r\n\t"), ["empty"]),
    ("empty directory", lambda t: (t / "nothing").mkdir() or t / "nothing", ["no .txt or .jsonl"]),
    ("PNG", _png, ["PNG image", "not text"]),
    ("gzip", _gzip, ["gzip file", "not text"]),
    ("invalid UTF-8", _latin1, ["byte 6", "0xe9", "--encoding"]),
    (
        "malformed JSONL",
        lambda t: _jsonl(t, "bad.jsonl", json.dumps({"id": "a", "text": GOOD}), '{"id": "b", '),
        ["bad.jsonl:2:", "not valid JSON", "column"],
    ),
    (
        "JSONL without text",
        lambda t: _jsonl(t, "notext.jsonl", json.dumps({"id": "a", "title": "T"})),
        ["notext.jsonl:1:", "no 'text'"],
    ),
    (
        "JSONL non-string text",
        lambda t: _jsonl(t, "num.jsonl", json.dumps({"id": "a", "text": ["x"]})),
        ["num.jsonl:1:", "'text' must be a string"],
    ),
    (
        "JSONL line not an object",
        lambda t: _jsonl(t, "list.jsonl", "[1, 2]"),
        ["list.jsonl:1:", "JSON object"],
    ),
    (
        "duplicate ids",
        lambda t: _jsonl(
            t,
            "dup.jsonl",
            json.dumps({"id": "x", "text": GOOD}),
            json.dumps({"id": "x", "text": GOOD}),
        ),
        ["dup.jsonl:2:", "'x' was already read"],
    ),
    ("missing path", lambda t: t / "nope.txt", ["no such file or directory"]),
    (
        "20 MB single line",
        lambda t: _bytes(t, "huge.txt", b"word " * (4 * 2**20)),
        ["MB is larger than", "limit for one article"],
    ),
    (
        "20 MB single JSONL line",
        lambda t: _bytes(t, "huge.jsonl", b'{"id": "h", "text": "' + b"a" * (20 * 2**20) + b'"}\n'),
        ["huge.jsonl:1:", "longer than", "limit for one article"],
    ),
]


@pytest.mark.parametrize(
    "make, expected", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
@pytest.mark.parametrize("command", ["extract", "build"])
def test_bad_input_is_one_error_line(tmp_path, nlp, command, make, expected):
    path = make(tmp_path)
    args = [command, path] + (["--store", tmp_path / "store"] if command == "build" else [])
    line = one_error_line(kg(*args))
    assert str(path) in line
    for part in expected:
        assert part in line, line


def test_debug_shows_the_traceback_of_a_bad_input(tmp_path, nlp):
    result = kg("--debug", "extract", _png(tmp_path))
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert result.exc_info[2] is not None


def test_encoding_option_reads_latin1(tmp_path, nlp):
    path = _latin1(tmp_path)
    result = kg("extract", path, "--encoding", "latin-1")
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        claim = json.loads(line)
        text = path.read_bytes().decode("latin-1")
        assert text[claim["cue"]["start"] : claim["cue"]["end"]] == claim["cue"]["text"]


def test_bom_and_crlf_offsets_are_exact_end_to_end(tmp_path, nlp):
    """Every span offset indexes the decoded text (BOM dropped, CRLF kept), not the bytes."""
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = _bytes(tmp_path, "seed-crlf.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = kg("extract", path)
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims
    for claim in claims:
        contents = claim["content"] if isinstance(claim["content"], list) else [claim["content"]]
        for span in [claim["cue"], claim["source"], claim["addressee"], *contents]:
            if span:
                assert text[span["start"] : span["end"]] == span["text"]


def test_huge_inputs_are_refused_without_reading_them(tmp_path):
    """The 20 MB refusals happen before the text is held in memory (peak well under 20 MB)."""
    txt = _bytes(tmp_path, "huge.txt", b"word " * (4 * 2**20))
    line = _bytes(tmp_path, "huge.jsonl", b'{"id": "h", "text": "' + b"a" * (20 * 2**20) + b'"}\n')
    assert txt.stat().st_size > max_file_bytes()
    for path in (txt, line):
        tracemalloc.start()
        try:
            with pytest.raises(InputError, match="limit for one article"):
                list(iter_articles([path]))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 12 * 2**20, f"{path.name}: peak {peak / 2**20:.1f} MB"


# --- directories and --on-error --------------------------------------------------------------


def _mixed_dir(tmp: Path) -> Path:
    folder = tmp / "mixed"
    _bytes(folder, "pier.txt", GOOD.encode())
    _bytes(folder, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _bytes(folder, "bundle.tar.gz", gzip.compress(b"x"))
    _bytes(folder, "notes.csv", b"a,b\n1,2\n")
    _bytes(folder, ".DS_Store", b"\x00\x00")
    _jsonl(folder, "more.jsonl", json.dumps({"id": "m1", "text": GOOD}))
    return folder


def test_mixed_directory_takes_the_articles_and_reports_the_rest(tmp_path, nlp):
    store = tmp_path / "store"
    result = kg("build", _mixed_dir(tmp_path), "--store", store)
    assert result.exit_code == 0, result.output
    assert "Ignored 3 files" in result.stderr
    for name in ("photo.png", "bundle.tar.gz", "notes.csv"):
        assert name in result.stderr
    graphs = {g.value.rsplit("/", 1)[-1] for g in ox.Store.read_only(str(store)).named_graphs()}
    assert graphs == {"pier", "m1"}


def _dir_with_bad_articles(tmp: Path) -> Path:
    folder = tmp / "batch"
    _bytes(folder, "a-good.txt", GOOD.encode())
    _png(folder)
    _latin1(folder)
    _bytes(folder, "empty.txt", b"")
    _jsonl(
        folder,
        "lines.jsonl",
        json.dumps({"id": "j1", "text": GOOD}),
        "{broken",
        json.dumps({"id": "j3", "text": 3}),
        json.dumps({"id": "j4", "text": GOOD}),
    )
    return folder


def test_on_error_fail_is_the_default_and_stops_at_the_first_bad_article(tmp_path, nlp):
    line = one_error_line(kg("build", _dir_with_bad_articles(tmp_path), "--store", tmp_path / "s"))
    assert "empty.txt" in line  # sorted order: a-good.txt, empty.txt, ...


def test_on_error_skip_goes_on_and_the_summary_says_why(tmp_path, nlp):
    store = tmp_path / "store"
    result = kg("build", _dir_with_bad_articles(tmp_path), "--store", store, "--on-error", "skip")
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("Skipped ")]
    assert len(skipped) == 5, result.stderr
    assert any("lines.jsonl:2:" in line for line in skipped)
    assert any("lines.jsonl:3:" in line for line in skipped)
    summary = next(line for line in result.stderr.splitlines() if line.startswith("Built "))
    assert "5 skipped" in summary
    for reason in ("binary file", "undecodable text", "empty", "malformed JSON", "no text"):
        assert reason in summary, summary
    graphs = {g.value.rsplit("/", 1)[-1] for g in ox.Store.read_only(str(store)).named_graphs()}
    assert graphs == {"a-good", "j1", "j4"}


def test_on_error_skip_on_extract(tmp_path, nlp):
    result = kg("extract", _dir_with_bad_articles(tmp_path), "--on-error", "skip")
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} <= {
        "a-good",
        "j1",
        "j4",
    }
    assert "Extracted 3 articles; 5 skipped" in result.stderr


def test_on_error_skip_with_nothing_readable_still_fails(tmp_path, nlp):
    result = kg("build", _png(tmp_path), "--store", tmp_path / "s", "--on-error", "skip")
    assert result.exit_code == 1
    assert "Skipped " in result.stderr
    assert "Error: no article could be read; 1 skipped (1 binary file)" in result.stderr
    assert "Traceback" not in result.output


def test_on_error_is_documented_with_its_default():
    for command in ("build", "extract"):
        result = kg(command, "--help")
        text = " ".join(result.stdout.split())
        assert "--on-error" in text and "fail (default)" in text and "skip" in text


def test_on_error_rejects_other_values(tmp_path):
    result = kg("build", SEED, "--store", tmp_path / "s", "--on-error", "ignore")
    assert result.exit_code == 2
    assert "choose fail or skip" in result.output


@pytest.mark.parametrize(
    "make, expected", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
def test_every_bad_input_has_a_named_reason(tmp_path, make, expected):
    policy = ErrorPolicy("skip")
    list(iter_articles([make(tmp_path)], errors=policy))
    assert policy.skipped
    assert all(reason_of(message) != "other" for message in policy.skipped), policy.skipped


# --- queries -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    from sample_graph import build_trig

    path = tmp_path_factory.mktemp("q") / "store"
    store = ox.Store(str(path))
    store.load(build_trig(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return path


def _quads(path: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(path))}


def test_malformed_sparql_gives_the_parser_position(sample_store):
    line = one_error_line(
        kg("query", "SELECT ?s WHERE {\n ?s ?p ?o .\n FILTER(?s = ) }", "-s", sample_store)
    )
    assert "invalid SPARQL" in line and "3:" in line  # "error at 3:13: expected ..."


def test_unknown_saved_query_lists_the_available_ones(sample_store):
    line = one_error_line(kg("query", "who-said-whom", "-s", sample_store))
    assert "who-said-whom" in line and "who-told-whom" in line and "claims-by-claimant" in line


def test_missing_parameter_is_named(sample_store):
    line = one_error_line(kg("query", "claims-by-claimant", "-s", sample_store))
    assert "'name'" in line and "name=VALUE" in line


INJECTIONS = [
    'Jane" } UNION { ?claim ?p ?o } #',
    "Jane' } UNION { ?claim ?p ?o } #",
    "} UNION { GRAPH ?g { ?s ?p ?o } }",
    'x") || true || ("',
    "Jane\n} ; DROP ALL ; SELECT * WHERE {",
    '""" } INSERT DATA { <http://x> <http://y> <http://z> } #',
    "{ ?s ?p ?o }",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injected_parameter_values_match_nothing_and_run_nothing(sample_store, payload):
    before = _quads(sample_store)
    result = kg(
        "query", "claims-by-claimant", "-p", f"name={payload}", "-s", sample_store, "-f", "csv"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[1:] == []  # the header only
    assert _quads(sample_store) == before


def test_the_injection_query_does_match_a_real_name(sample_store):
    """Guards the test above: the same query and store do return rows for a plain value."""
    result = kg("query", "claims-by-claimant", "-p", "name=Jane", "-s", sample_store, "-f", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 1


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/claimgraph/id/claim/x y",
        "<https://w3id.org/claimgraph/id/claim/x> } UNION { ?s ?p ?o",
        "kgd:claim/x> . ?s ?p ?o . <x",
    ],
)
def test_iri_parameters_with_spaces_or_braces_are_refused(sample_store, value):
    before = _quads(sample_store)
    result = kg("query", "evidence", "-p", f"claim={value}", "-s", sample_store, "-f", "csv")
    if result.exit_code == 0:  # a legal (if odd) IRI: it must simply match nothing
        assert result.stdout.strip().splitlines()[1:] == []
    else:
        line = one_error_line(result)
        assert "must be an IRI" in line
    assert _quads(sample_store) == before


@pytest.mark.slow
def test_timeout_stops_a_runaway_query(tmp_path):
    """A cross product over a generated store would run for hours; --timeout ends the process."""
    path = tmp_path / "big"
    store = ox.Store(str(path))
    ex = "http://example.org/"
    store.extend(
        ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(str(i)))
        for i in range(3000)
    )
    store.flush()
    del store
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    args = [sys.executable, "-m", "kg.ui.cli", "query", sparql, "-s", str(path), "--timeout", "1"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        "Error: query <inline> did not finish within 1 s; narrow it with parameters or raise the "
        "timeout"
    )
