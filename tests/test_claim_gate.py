"""The claim gate (kg/extract/claim_model.py): training on a tiny invented gold set, loading,
versioning, the fallback when there is none, and its version in each graph's provenance."""

from __future__ import annotations

import json
import math
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.errors import KgError
from kg.eval.gold import GoldClaim, GoldDoc, load_gold
from kg.extract import extract_raw, models_version
from kg.extract.claim_model import (
    FEATURE_NAMES,
    ClaimModel,
    load_claim_model,
    model_hash,
    parse_claim_model,
)
from kg.parse import load_pipeline, parse_articles
from kg.types import Span
from kg.ui.cli import app

pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install '.[train]')")

DATA = Path(__file__).parent / "data" / "eval"
# (claimant, cue, content) sentences that are claims, and sentences whose verbs are not cues
CLAIMS = [
    ("The mayor", "said", "the bridge would reopen in May"),
    ("Ann Lee", "told reporters", "the talks had stalled"),
    ("The union", "warned", "a strike was likely"),
    ("Officials", "believe", "the dam is safe"),
    ("Tom Reed", "claimed", "the figures were wrong"),
    ("The ministry", "announced", "fares would rise"),
]
OTHERS = [  # verbs the patterns read as possible cues, in sentences that report no claim
    "The mayor called the meeting to order at noon.",
    "The inspector found rust on the old pipes.",
    "The bus company showed a film about road safety.",
    "The council decided to build a new school near the harbour.",
]


def _article(k: int) -> GoldDoc:
    """An invented article: three claims and two plain sentences, rotated by ``k``."""
    text, claims = "", []
    for j in range(3):
        who, cue, what = CLAIMS[(k + j) % len(CLAIMS)]
        start = len(text)
        text += f"{who} {cue} that {what}. {OTHERS[(k + j) % len(OTHERS)]} "
        src = Span(start, start + len(who), who)
        c0 = start + len(who) + 1
        cue_span = Span(c0, c0 + len(cue), cue)
        w0 = c0 + len(cue) + len(" that ")
        claims.append(GoldClaim(f"a{j}", (src,), (cue_span,), (Span(w0, w0 + len(what), what),)))
    return GoldDoc(id=f"doc{k}", text=text.strip(), claims=tuple(claims))


@pytest.fixture(scope="module")
def tiny_gold():
    docs = [_article(k) for k in range(8)]
    nlp = load_pipeline()
    articles = [d.to_article() for d in docs]
    return [(g, a, doc) for g, (a, doc) in zip(docs, parse_articles(articles, nlp), strict=True)]


@pytest.fixture(scope="module")
def trained(tiny_gold, tmp_path_factory):
    from kg.eval.train import save_claim_model, train_claim_model

    model, by_threshold = train_claim_model(tiny_gold, c=0.3)
    path = tmp_path_factory.mktemp("gate") / "claim_model.json"
    save_claim_model(model, path)
    return model, by_threshold, path


def test_training_on_a_tiny_gold_set_gives_a_working_gate(trained, tiny_gold):
    model, by_threshold, path = trained
    assert model.trees and model.features == FEATURE_NAMES
    assert 0 < model.threshold < 1 and by_threshold
    loaded = parse_claim_model(json.loads(path.read_text("utf-8")), str(path))
    assert loaded.version == model.version == model_hash(json.loads(path.read_text("utf-8")))
    # the gate keeps the gold claims of an article it learned from
    gold, article, doc = tiny_gold[0]
    raws = extract_raw(article, doc, claim_model=loaded)
    found = {(r.cue.text, r.content[0].text) for r in raws}
    for claim in gold.claims:
        assert (claim.cue[0].text.split()[0], claim.content[0].text) in {
            (cue.split()[0], content) for cue, content in found
        }
    assert all(0.0 <= r.confidence <= 1.0 for r in raws)


def test_training_is_deterministic(tiny_gold, trained):
    from kg.eval.train import train_claim_model

    again, _ = train_claim_model(tiny_gold, c=0.3)
    assert again.version == trained[0].version


def test_gate_scores_are_probabilities_and_threshold_decides(trained, tiny_gold):
    model = trained[0]
    gold, article, doc = tiny_gold[1]
    everything = replace(model, threshold=0.0)
    nothing = replace(model, threshold=1.01)
    assert extract_raw(article, doc, claim_model=everything)
    assert extract_raw(article, doc, claim_model=nothing) == []


def test_loading_from_the_environment_and_switching_off(trained, monkeypatch):
    path = trained[2]
    load_claim_model.cache_clear()
    try:
        monkeypatch.setenv("KG_CLAIM_MODEL", str(path))
        assert load_claim_model().version == trained[0].version
        load_claim_model.cache_clear()
        monkeypatch.setenv("KG_CLAIM_MODEL", "none")
        assert load_claim_model() is None
        assert "claim-gate" not in models_version()
        load_claim_model.cache_clear()
        monkeypatch.setenv("KG_CLAIM_MODEL", str(path.parent / "missing.json"))
        with pytest.raises(KgError, match="model file not found"):
            load_claim_model()
    finally:
        load_claim_model.cache_clear()


def test_a_model_for_other_features_is_refused(trained, tmp_path):
    data = json.loads(trained[2].read_text("utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(KgError, match="other features"):
        parse_claim_model(data, "old.json")
    with pytest.raises(KgError, match="not a claim model"):
        parse_claim_model({"trees": []}, "bad.json")


def test_without_a_gate_the_cue_model_decides(tiny_gold):
    """The fallback: no claim gate (none shipped, or KG_CLAIM_MODEL=none) still extracts."""
    gold, article, doc = tiny_gold[2]
    raws = extract_raw(article, doc, claim_model=None)
    assert {r.cue_lemma for r in raws} >= {"say"} or raws


def test_model_version_is_in_the_provenance(trained, monkeypatch):
    from pyoxigraph import Store

    from kg.rdf.graph import article_quads
    from kg.rdf.iris import KG
    from kg.types import ArticleResult

    gold = load_gold([DATA / "news.jsonl"])[0]
    result = ArticleResult(gold.to_article(), (), ())
    version = f"claim-gate {trained[0].version}"
    store = Store()
    store.extend(article_quads(result, pipeline="p", rules_version="r", model_version=version))
    query = f"SELECT ?v WHERE {{ GRAPH ?g {{ ?run <{KG}modelVersion> ?v }} }}"
    rows = list(store.query(query))
    assert [r["v"].value for r in rows] == [version]


def test_cli_train_writes_the_claim_gate(tmp_path):
    gold = tmp_path / "gold.jsonl"
    with gold.open("w", encoding="utf-8") as f:
        for k in range(8):
            doc = _article(k)
            roles = ("source", "cue", "content")
            attributions = [
                {r: [{"start": x.start, "end": x.end} for x in getattr(c, r)] for r in roles}
                for c in doc.claims
            ]
            f.write(json.dumps({"id": doc.id, "text": doc.text, "attributions": attributions}))
            f.write("\n")
    cue, gate = tmp_path / "cue.json", tmp_path / "gate.json"
    result = CliRunner().invoke(
        app, ["train", str(gold), "-o", str(cue), "--claim-gate", str(gate), "--folds", "0"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(gate.read_text("utf-8"))
    assert data["features"] == list(FEATURE_NAMES)
    assert isinstance(parse_claim_model(data, str(gate)), ClaimModel)


def _walk(model, x: list[float]) -> float:
    """The ensemble evaluated node by node, the plain reading of the exported trees."""
    z = model.baseline
    for tree in model.trees:
        node = tree[0]
        while node[0] >= 0:
            v = x[int(node[0])]
            left = node[4] if v != v else v <= node[1]
            node = tree[int(node[2] if left else node[3])]
        z += node[5]
    return 0.0 if z < -30 else 1.0 / (1.0 + math.exp(-z))


def test_batch_scoring_equals_walking_each_tree(trained):
    """Candidates are scored together (numpy, level by level); the result is the trees' own."""
    rng = random.Random(7)
    models = [trained[0]]
    shipped = (
        load_claim_model.__wrapped__(None) if os.environ.get("KG_CLAIM_MODEL") is None else None
    )
    if shipped is not None:
        models.append(shipped)
    for model in models:
        rows = [
            [rng.choice([math.nan, 0.0, 1.0, rng.uniform(-5, 60)]) for _ in model.features]
            for _ in range(300)
        ]
        fast = model.probabilities(rows)
        assert fast == pytest.approx([_walk(model, r) for r in rows], abs=1e-12)
    assert trained[0].probabilities([]) == []
