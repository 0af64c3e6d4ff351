"""Building in partitions (docs/scale.md): stores built separately from disjoint sets of articles,
exported as N-Quads and loaded into one store, equal a single build of all the articles. This is
what lets Dask workers or separate machines build shards that merge without coordination: IRIs
are deterministic and each article's graph depends on that article alone."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.ui.cli import app

runner = CliRunner()

ARTICLES = [
    ("p1", "Home Office officials said that the review of the scheme would end in May."),
    ("p2", "“We are ready,” Councillor Ann Lee told reporters. Lee said the bridge would open."),
    ("p3", "According to the council, the budget for school meals has doubled since 2019."),
    ("p4", "The Home Office warned that the scheme was at risk, Ann Lee said on Friday."),
    ("p5", "A spokesman for the council said it had received no complaints about the bridge."),
    ("p6", "“No deal,” said Tom Reed, the union leader. Reed added that talks would go on."),
]


def _corpus(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows), "utf-8")
    return path


def _ok(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _quads(store: Path) -> set[str]:
    s = ox.Store.read_only(str(store))
    out = {str(q) for q in s}
    del s
    return out


@pytest.mark.slow
def test_partitions_merged_equal_a_single_build(tmp_path, nlp):
    whole = _corpus(tmp_path / "all.jsonl", ARTICLES)
    _ok("build", str(whole), "--store", str(tmp_path / "single"))
    for part, rows in (("a", ARTICLES[:3]), ("b", ARTICLES[3:])):
        corpus = _corpus(tmp_path / f"{part}.jsonl", rows)
        _ok("build", str(corpus), "--store", str(tmp_path / part))
        _ok("export", "--store", str(tmp_path / part), "-o", str(tmp_path / f"{part}.nq"))
    _ok("import", str(tmp_path / "a.nq"), "--store", str(tmp_path / "merged"))
    _ok("import", str(tmp_path / "b.nq"), "--store", str(tmp_path / "merged"), "--append")
    assert _quads(tmp_path / "merged") == _quads(tmp_path / "single")
