"""A wrong --store is refused before anything is written: one line, exit 1, nothing touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.ui.cli import app

runner = CliRunner()
ARTICLE = "Ann Lee said that the bridge would reopen in May.\n"


@pytest.fixture
def place(tmp_path: Path) -> Path:
    (tmp_path / "a-file").write_text("not a store\n", encoding="utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "store, message",
    [
        ("a-file", "a-file: this is a file, not a store folder; pass a folder to --store"),
        ("a-file/sub", "a-file/sub: a-file is a file, so no store folder can be made there"),
        (
            "papers",
            "papers: this folder holds other files (notes.txt…) and is not a kg store; "
            "pass a new or empty folder to --store",
        ),
    ],
)
@pytest.mark.parametrize("command", ["build", "import"])
def test_a_wrong_store_is_refused_and_nothing_is_touched(
    place, monkeypatch, store, message, command
):
    monkeypatch.chdir(place)
    before = _snapshot(place)
    source = "article.txt"
    if command == "import":
        (place / "g.nq").write_text("", encoding="utf-8")
        before = _snapshot(place)
        source = "g.nq"
    result = runner.invoke(app, [command, source, "--store", store])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {message}"]
    assert _snapshot(place) == before
    assert not (place / "papers" / "kg-writer.lock").exists()


def test_a_location_that_cannot_be_written_is_refused(tmp_path):
    target = Path("/sys/kg-test-store")  # sysfs refuses new folders, even to root
    if target.exists():
        pytest.skip("/sys/kg-test-store exists")
    result = runner.invoke(app, ["build", str(tmp_path), "--store", str(target)])
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith(f"Error: {target}: cannot create the store folder (")
    assert "Traceback" not in result.output
    assert not target.exists()


@pytest.mark.parametrize("command", [["stats"], ["query", "claims"], ["export", "-o", "x.ttl"]])
def test_reading_something_that_is_not_a_store_says_so(place, monkeypatch, command):
    monkeypatch.chdir(place)
    for store, message in [
        ("papers", "papers: this folder holds other files (notes.txt…) and is not a kg store"),
        ("a-file", "a-file: this is a file, not a store folder"),
        ("nowhere", "nowhere: no store here; build one first"),
    ]:
        result = runner.invoke(app, [*command, "--store", store])
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"Error: {message}"), result.output
        assert len(result.output.strip().splitlines()) == 1
    assert not (place / "nowhere").exists()
