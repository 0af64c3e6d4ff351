"""``kg export`` then ``kg import`` into an empty store gives back exactly the same quads."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from sample_graph import build_trig
from typer.testing import CliRunner

from kg.ui.cli import app

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """An on-disk store as kg writes it (one named graph per article), plus an odd literal."""
    path = tmp_path_factory.mktemp("rdfio") / "store"
    store = ox.Store(str(path))
    store.load(build_trig(), format=ox.RdfFormat.TRIG)
    odd = 'quote " backslash \\ newline \n tab \t \\u0022 emoji \U0001f600 e\u0301 \u202e'
    store.add(
        ox.Quad(
            ox.NamedNode("https://w3id.org/claimgraph/id/article/a1"),
            ox.NamedNode("http://schema.org/alternativeHeadline"),
            ox.Literal(odd),
            ox.NamedNode("https://w3id.org/claimgraph/id/graph/a1"),
        )
    )
    store.flush()
    del store
    return path


def _quads(path: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(path))}


def _triples(quads: set[str] | list) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads}


def _export(store: Path, out: Path) -> Path:
    result = kg("export", "--store", store, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("ext", ["trig", "nq"])
def test_dataset_formats_round_trip_every_quad(source, tmp_path, ext):
    dump = _export(source, tmp_path / f"graph.{ext}")
    target = tmp_path / "copy"
    result = kg("import", dump, "--store", target)
    assert result.exit_code == 0, result.output
    assert _quads(target) == _quads(source)
    assert "named graphs" in result.stderr


@pytest.mark.parametrize("ext", ["ttl", "nt"])
def test_triple_formats_round_trip_the_union(source, tmp_path, ext):
    dump = _export(source, tmp_path / f"graph.{ext}")
    union = _triples(list(ox.Store.read_only(str(source))))

    into_default = tmp_path / "default"
    assert kg("import", dump, "--store", into_default).exit_code == 0
    got = list(ox.Store.read_only(str(into_default)))
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in got)
    assert _triples(got) == union and len(got) == len(union)

    into_named = tmp_path / "named"
    graph = "https://example.org/imported"
    assert kg("import", dump, "--store", into_named, "--graph", graph).exit_code == 0
    got = list(ox.Store.read_only(str(into_named)))
    assert {q.graph_name for q in got} == {ox.NamedNode(graph)}
    assert _triples(got) == union


def test_import_from_stdin_needs_a_format(source, tmp_path):
    data = _export(source, tmp_path / "graph.nq").read_bytes()
    result = runner.invoke(app, ["import", "-", "--store", str(tmp_path / "s")], input=data)
    assert result.exit_code == 1 and "pass --format" in result.stderr
    result = runner.invoke(
        app, ["import", "-", "-f", "nquads", "--store", str(tmp_path / "s")], input=data
    )
    assert result.exit_code == 0, result.output
    assert _quads(tmp_path / "s") == _quads(source)


def test_a_broken_file_imports_nothing_and_says_where(source, tmp_path):
    dump = _export(source, tmp_path / "graph.nq").read_text(encoding="utf-8").splitlines()
    dump.insert(len(dump) // 2, "<http://x> <http://y> broken .")
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(dump) + "\n", encoding="utf-8")
    target = tmp_path / "copy"
    result = kg("import", bad, "--store", target)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "bad.nq" in line and "line" in line
    assert "nothing was imported" in line
    assert _quads(target) == set()  # one transaction: not the first half


def test_a_store_with_data_needs_append(source, tmp_path):
    dump = _export(source, tmp_path / "graph.trig")
    target = tmp_path / "copy"
    assert kg("import", dump, "--store", target).exit_code == 0
    result = kg("import", dump, "--store", target)
    assert result.exit_code == 1 and "--append" in result.stderr
    result = kg("import", dump, "--store", target, "--append")
    assert result.exit_code == 0
    assert _quads(target) == _quads(source)  # the same quads again: a set, nothing doubles


def test_unknown_extension_and_missing_file(tmp_path):
    odd = tmp_path / "graph.rdf"
    odd.write_text("x", encoding="utf-8")
    result = kg("import", odd, "--store", tmp_path / "s")
    assert result.exit_code == 1 and "pass --format" in result.stderr
    result = kg("import", tmp_path / "none.ttl", "--store", tmp_path / "s")
    assert result.exit_code == 1 and "no such file" in result.stderr
