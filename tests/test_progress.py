"""Progress on long work: a bar only on a terminal, --quiet/--verbose, the summary table."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from kg.ui import progress
from kg.ui.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _normal_verbosity():
    progress.set_verbosity()
    yield
    progress.set_verbosity()


def test_count_articles(tmp_path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Two.", encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": "x"}) for i in range(3)]
    (tmp_path / "sub" / "c.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    assert progress.count_articles([tmp_path]) == 1 + 1 + len(lines)
    assert progress.count_articles([tmp_path / "a.txt", tmp_path / "sub" / "c.jsonl"]) == 4
    assert progress.count_articles(["-"]) is None  # stdin: rate only, no ETA
    assert progress.count_articles([tmp_path / "missing.txt"]) is None


def _console(terminal: bool) -> Console:
    return Console(file=io.StringIO(), force_terminal=terminal, width=120)


def test_bar_shows_count_rate_and_eta_on_a_terminal():
    console = _console(True)
    with progress.ArticleProgress("build", total=3, console=console) as bar:
        assert bar.enabled
        for _ in range(3):
            bar.advance()
    out = console.file.getvalue()
    assert "3/3" in out and "articles/s" in out and "ETA" in out


def test_no_bar_off_a_terminal_or_when_quiet():
    console = _console(False)
    with progress.ArticleProgress("build", total=3, console=console) as bar:
        bar.advance(3)
    assert not bar.enabled and console.file.getvalue() == ""
    progress.set_verbosity(quiet=True)
    console = _console(True)
    with progress.ArticleProgress("build", total=3, console=console) as bar:
        bar.advance(3, note="a1: 2 claims")
    assert not bar.enabled and console.file.getvalue() == ""


def test_verbose_notes_and_track():
    progress.set_verbosity(verbose=True)
    console = _console(False)
    with progress.ArticleProgress("build", console=console) as bar:
        bar.advance(note="a1: 2 claims")
    assert console.file.getvalue() == "a1: 2 claims\n"
    items = list(range(5))
    assert list(progress.track(iter(items), "eval", total=5)) == items


def test_command_options_only_raise_the_global_level():
    progress.set_verbosity(quiet=True)
    progress.raise_verbosity(verbose=True)
    assert progress.verbosity() == progress.QUIET
    progress.set_verbosity()
    progress.raise_verbosity(verbose=True)
    assert progress.verbosity() == progress.VERBOSE


def test_summary_table_has_counts_time_and_rate():
    console = _console(False)
    console.print(progress.summary_table({"articles": 4, "claims": 9}, seconds=2.0))
    lines = [line.split() for line in console.file.getvalue().splitlines()]
    assert lines[0] == ["articles", "claims", "seconds", "articles/s"]
    assert lines[-1] == ["4", "9", "2.0", "2.0"]


@pytest.fixture(scope="module")
def article(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("progress") / "note.txt"
    path.write_text('The minister said the budget was "fully funded".\n', encoding="utf-8")
    return path


def _build(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_build_summary_quiet_and_verbose(article, tmp_path):
    store = tmp_path / "store"
    normal = _build("build", article, "--store", store)
    assert normal.exit_code == 0, normal.output
    assert normal.stdout == ""
    title, header, _, numbers = normal.stderr.splitlines()
    assert title == f"Built {store}"
    counts = dict(zip(header.split(), numbers.split(), strict=True))
    assert counts["articles"] == "1" and int(counts["quads"]) > 0
    assert re.fullmatch(r"\d+\.\d", counts["seconds"])

    quiet = _build("build", article, "--store", store, "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    also_quiet = _build("--quiet", "build", article, "--store", store)
    assert also_quiet.exit_code == 0 and also_quiet.stderr == ""

    verbose = _build("-v", "build", article, "--store", store, "--force")
    assert verbose.exit_code == 0
    claims = counts["claims"]
    assert verbose.stderr.splitlines()[0] == f"note: {claims} claim{'s' * (claims != '1')}"
    unchanged = _build("-v", "build", article, "--store", store)
    assert unchanged.exit_code == 0
    assert unchanged.stderr.splitlines()[0] == "note: unchanged"
