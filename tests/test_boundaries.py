"""The boundary model: trained on a tiny invented gold set, it learns a span convention the rules
do not follow; hard limits hold whatever it says; without a model file the rules' spans stand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.eval.gold import load_gold
from kg.extract import candidates, finish, load_lexicon
from kg.extract.boundaries import (
    MODEL_ENV,
    BoundaryModel,
    claimant_spans,
    load_boundary_model,
    parse_boundary_model,
    refine_claims,
)
from kg.extract.model import load_cue_model
from kg.parse import load_pipeline, parse_articles

# Invented: (claimant, relative clause, content). The convention taught here leaves a trailing
# "this year" out of the content ("said that the lists were longer [this year]"); the rules keep it.
PEOPLE = [
    ("Anna Berg", "runs the clinic", "the waiting lists were getting longer"),
    ("Tom Reyes", "chairs the board", "the budget would be balanced next year"),
    ("Mara Lind", "leads the union", "the workers would strike on Friday"),
    ("Omar Haddad", "owns the bakery", "the price of flour had doubled"),
    ("Lena Vogt", "coaches the team", "the players were ready for the final"),
    ("Paul Okafor", "manages the port", "the new cranes would arrive in May"),
    ("Ines Duarte", "teaches at the school", "the classes were too large"),
]
HELD_OUT = ("Karl Moen", "drives the night bus", "the route was not safe after midnight")


def _article(k: int, name: str, rel: str, content: str) -> dict:
    text = f"Local news\n{name}, who {rel}, said that {content} this year. Nobody else spoke.\n"
    a = text.index(name)
    end = a + len(name)
    cue = text.index(" said") + 1
    c = text.index(content)
    return {
        "id": f"a{k}",
        "text": text,
        "attributions": [
            {
                "source": [{"start": a, "end": end, "text": text[a:end]}],
                "cue": [{"start": cue, "end": cue + 4, "text": "said"}],
                "content": [{"start": c, "end": c + len(content), "text": content}],
            }
        ],
    }


def _gold(tmp_path: Path, rows: list[tuple[str, str, str]]):
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(_article(k, *row)) for k, row in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    golds = load_gold([path])
    articles = [g.to_article() for g in golds]
    return [
        (g, a, d)
        for g, (a, d) in zip(golds, parse_articles(articles, load_pipeline()), strict=True)
    ]


def _claims(item, boundaries):
    _, article, doc = item
    ctx, sentences, found = candidates(article, doc, load_lexicon(), load_cue_model())
    return finish(ctx, sentences, found, boundaries)


def test_trained_model_learns_a_claimant_convention(tmp_path):
    pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install '.[train]')")
    from kg.eval.boundaries import save_boundary_model, train_boundaries

    model = train_boundaries(_gold(tmp_path, PEOPLE), cue_model=load_cue_model(), c=10.0)
    assert model.weights["content_end"]
    out = tmp_path / "boundary_model.json"
    save_boundary_model(model, out)
    assert parse_boundary_model(json.loads(out.read_text("utf-8")), str(out)) == model

    held = _gold(tmp_path, [HELD_OUT])[0]
    (rules,) = _claims(held, None)
    (learned,) = _claims(held, model)
    assert [s.text for s in rules.content] == [HELD_OUT[2] + " this year"]
    assert [s.text for s in learned.content] == [HELD_OUT[2]]
    assert learned.source.span.text == "Karl Moen"


def test_without_a_model_the_rules_spans_stand(monkeypatch):
    claims = [object()]
    assert refine_claims("text", None, [], claims, None) is claims
    load_boundary_model.cache_clear()
    monkeypatch.setenv(MODEL_ENV, "none")
    try:
        assert load_boundary_model() is None
    finally:
        load_boundary_model.cache_clear()


def test_a_missing_or_bad_model_file_is_one_clear_error(tmp_path, monkeypatch):
    load_boundary_model.cache_clear()
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "absent.json"))
    with pytest.raises(KgError, match="model file not found"):
        load_boundary_model()
    with pytest.raises(KgError, match="not a boundary model"):
        parse_boundary_model({"weights": 3}, "x.json")
    load_boundary_model.cache_clear()


def test_the_shipped_model_loads_with_a_version():
    load_boundary_model.cache_clear()
    model = load_boundary_model()
    if model is None:
        pytest.skip("no boundary model shipped in kg/data")
    assert isinstance(model, BoundaryModel) and model.version
    assert set(model.weights) <= {"content_start", "content_end", "source_start", "source_end"}


def _article_claims(text: str, model):
    from kg.types import Article

    article = Article(id="t", text=text)
    ((_, doc),) = parse_articles([article], load_pipeline())
    ctx, sentences, found = candidates(article, doc, load_lexicon(), load_cue_model())
    raws = finish(ctx, sentences, found, model)
    return raws, claimant_spans(text, doc, ctx.quotes, raws, model)


# A model that always pushes edges as far out as it may: what stops it are the hard limits.
GREEDY = BoundaryModel(
    {
        edge: {"d=<-4": 5.0, "d=<-8": 9.0, "d=>4": 5.0, "d=>8": 9.0}
        for edge in ("content_start", "content_end", "source_start", "source_end")
    },
    "greedy-test",
)


def test_hard_limits_hold_whatever_the_model_says():
    text = (
        "The plan is dead on arrival and everyone knows it now, said Rosa Park, who chairs "
        "the housing committee of the city council. “We will not fund it,” she added "
        "after the long meeting in the town hall on Friday evening."
    )
    raws, written = _article_claims(text, GREEDY)
    by_cue = {r.cue.text: (r, w) for r, w in zip(raws, written, strict=True)}
    said, said_source = by_cue["said"]
    assert said_source.text == "Rosa Park"  # never over a relative clause
    assert all(s.end <= said.cue.start for s in said.content)  # never over its own cue
    added, _ = by_cue["added"]
    assert [s.text.rstrip(",") for s in added.content] == ["We will not fund it"]  # in its quote
    # resolution reads the mention, not the written span
    assert said.source.span.text == "Rosa Park"
