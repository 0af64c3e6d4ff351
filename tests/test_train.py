"""`kg train` on a tiny gold set of our own, in both gold formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.eval.gold import load_gold
from kg.eval.train import train_from_gold
from kg.extract.features import cue_features, is_candidate
from kg.extract.lexicon import load_lexicon
from kg.extract.model import parse_model
from kg.parse import load_pipeline
from kg.ui.cli import app

pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install '.[train]')")

DATA = Path(__file__).parent / "data" / "eval"


@pytest.mark.parametrize("gold", [DATA / "news.jsonl", DATA / "brat"], ids=["jsonl", "brat"])
def test_trained_model_prefers_the_gold_cues(tmp_path, gold):
    out = tmp_path / "model.json"
    model, _ = train_from_gold([gold], out, c=10.0, folds=0)
    assert out.is_file()
    assert parse_model(json.loads(out.read_text("utf-8")), str(out)).weights == model.weights

    # on the articles it learned from, gold cue tokens must score above the other candidates
    nlp = load_pipeline()
    lexicon = load_lexicon()
    cue_scores, other_scores = [], []
    for doc_gold in load_gold([gold]):
        doc = nlp(doc_gold.text)
        cue_chars = {i for c in doc_gold.claims for s in c.cue for i in range(s.start, s.end)}
        for tok in doc:
            if not is_candidate(tok):
                continue
            info = lexicon.verb(tok.lemma_)
            p = model.probability(cue_features(tok, False, info.precision if info else None))
            (cue_scores if tok.idx in cue_chars else other_scores).append(p)
    assert cue_scores and other_scores
    assert sum(cue_scores) / len(cue_scores) > sum(other_scores) / len(other_scores)


def test_cli_train_writes_a_model_extraction_can_use(tmp_path, monkeypatch):
    out = tmp_path / "cue_model.json"
    result = CliRunner().invoke(
        app, ["train", str(DATA / "news.jsonl"), "-o", str(out), "--folds", "0", "--c", "10"]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    data = json.loads(out.read_text("utf-8"))
    assert data["weights"] and 0 < data["threshold"] < 1

    from kg.extract.model import load_cue_model

    load_cue_model.cache_clear()
    monkeypatch.setenv("KG_CUE_MODEL", str(out))
    try:
        extracted = CliRunner().invoke(app, ["extract", str(DATA / "brat" / "school-meals.txt")])
        assert extracted.exit_code == 0, extracted.output
    finally:
        load_cue_model.cache_clear()


def test_cli_train_bad_gold_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    result = CliRunner().invoke(app, ["train", str(bad), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bad.jsonl:1" in result.output
