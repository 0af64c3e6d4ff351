"""The Python API and the spaCy component agree with the command line, claim for claim and row
for row, on the reference article (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
import kg.api
from kg.ui.cli import app

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-article.txt"
runner = CliRunner()


def _cli(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def cli_claims(nlp) -> list[dict]:
    """The `kg extract` lines of the reference article (its id: seed-article, the file name)."""
    return [json.loads(line) for line in _cli("extract", SEED).splitlines()]


def _spans(claim: dict) -> tuple:
    return (claim["source"], claim["cue"], claim["content"], claim["addressee"], claim["kind"])


def test_api_claims_are_the_cli_claims(cli_claims, seed_text):
    found = kg.claims(seed_text, id="seed-article")
    assert [c.to_dict() for c in found] == cli_claims
    assert len(found) >= 15
    # under another id only the id and what is keyed to it (unnamed sources' IRIs) differ
    other = [c.to_dict() for c in kg.claims(seed_text)]
    assert {c["doc"] for c in other} == {"text"}
    assert [_spans(c) for c in other] == [_spans(c) for c in cli_claims]


def test_metadata_is_the_articles(nlp):
    text = "Ministers said the bridge would reopen in May."
    article = kg.article(text, publisher="The Northport Gazette", published="2024-03-14")
    (art,) = kg.api.extract([article])
    assert art.article.publishers == ("The Northport Gazette",)
    assert art.article.published == "2024-03-14"
    assert [c.cue.text for c in art.claims] == ["said"]


def test_spacy_component_gives_the_same_claims(cli_claims, seed_text):
    import spacy

    from kg.parse import choose_model

    nlp = spacy.load(choose_model())
    nlp.add_pipe("kg_claims")
    assert "kg_paragraph_breaks" in nlp.pipe_names  # kg's sentence rule, as kg parses
    doc = nlp.make_doc(seed_text)
    doc.user_data["kg_id"] = "seed-article"  # the id the claims carry, as the file's for the CLI
    doc = nlp(doc)
    assert [c.to_dict() for c in doc._.claims] == cli_claims
    short = nlp("The minister said the bridge would reopen in May.")
    assert [(c.source.text, c.cue_lemma, c.content_text) for c in short._.claims] == [
        ("The minister", "say", "the bridge would reopen in May")
    ]
    docs = list(nlp.pipe(["No claim here.", "Police said two men were arrested."]))
    assert [len(d._.claims) for d in docs] == [0, 1]


@pytest.mark.slow
def test_spacy_finds_the_component_without_import_kg():
    """The spacy_factories entry point: a fresh process that never imports kg gets kg's
    component (here refusing a blank pipeline with kg's own message, so it was found)."""
    code = (
        "import spacy, sys\n"
        "try:\n"
        "    spacy.blank('en').add_pipe('kg_claims')\n"
        "except Exception as e:\n"
        "    print(type(e).__module__, e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("kg.errors kg_claims needs a pipeline with"), done.stdout


def test_component_refuses_a_pipeline_without_a_parser():
    import spacy

    from kg.errors import PipelineError

    with pytest.raises(PipelineError, match="needs a pipeline with"):
        spacy.blank("en").add_pipe("kg_claims")


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp) -> kg.Store:
    target = kg.Store(tmp_path_factory.mktemp("api") / "store")
    summary = target.build([SEED])
    assert (summary.articles, summary.claims) == (1, len(kg.claims(SEED.read_text("utf-8"))))
    return target


@pytest.mark.parametrize(
    ("name", "params", "cli_params"),
    [
        ("who-told-whom", {}, []),
        ("claims-by-claimant", {"name": "home office"}, ["-p", "name=home office"]),
        ("top-claimants", {"limit": 3}, ["-p", "limit=3"]),
    ],
)
def test_store_query_rows_are_the_cli_json_rows(store, name, params, cli_params):
    cli = json.loads(_cli("query", name, *cli_params, "--store", store.path, "-f", "json"))
    rows = store.query(name, **params)
    assert rows == cli["results"]["bindings"]
    assert rows


def test_store_query_takes_reserved_names_as_a_dict(store):
    assert store.query("claims-in-period", {"from": "2019-01-01"}) == []  # undated article
    assert len(store.query("claims-in-period")) == len(store.query("claims"))


def test_store_sparql_sees_the_union_of_the_article_graphs(store):
    rows = store.sparql("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a schema:Claim }")
    assert int(rows[0]["n"]["value"]) == len(store.query("claims"))
    assert store.sparql("ASK { ?c a schema:Claim }") is True
    triples = store.sparql("CONSTRUCT { ?c a schema:Claim } WHERE { ?c a schema:Claim }")
    assert len(triples) == len(store.query("claims"))


def test_stats_and_build_agree(store):
    stats = store.stats()
    assert stats.articles == 1 and stats.claims == len(store.query("claims"))
