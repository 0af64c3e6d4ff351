"""Claim types (issue 11): what act each cue reports, on invented sentences."""

from __future__ import annotations

import json

import pytest
from test_extract_patterns import claims_of, find
from typer.testing import CliRunner

from kg.extract.claim_type import load_claim_types
from kg.ui.cli import app


@pytest.mark.parametrize(
    "text, content, cue, expected",
    [
        ("The harbourmaster said the pier would reopen in May.", "the pier", "said", "statement"),
        ('"It works," insists Ortiz.', "It works", "insists", "statement"),
        (
            "According to the council, fares will rise next year.",
            "fares will rise",
            None,
            "statement",
        ),
        ("The minister denied that the report had been delayed.", "the report", None, "statement"),
        ("Growers fear the frost will ruin the harvest.", "the frost", None, "belief"),
        ("The coach believes the squad is strong enough.", "the squad", None, "belief"),
        ("Analysts expect prices to fall in the spring.", "prices", None, "belief"),
        (
            "The inspectors found that the valves had never been replaced.",
            "the valves",
            None,
            "knowledge",
        ),
        ("She learned that the contract had been cancelled.", "the contract", None, "knowledge"),
        ("Residents want the fares frozen.", "the fares frozen", None, "intention"),
        ("Employees at the plant have voted to unionize.", "unionize", None, "intention"),
        ("She plans to apply for the post in June.", "apply", None, "intention"),
        ("The mayor urged residents to stay indoors.", "stay indoors", None, "intention"),
        ("Campaigners called for a ban on the pesticide.", "a ban", None, "intention"),
        ("The union asked members to stay at home on Friday.", "stay at home", None, "intention"),
        ('"Come back tomorrow," the clerk urged.', "Come back tomorrow", None, "statement"),
    ],
)
def test_claim_type(nlp, text, content, cue, expected):
    claim = find(claims_of(nlp, text), content, cue)
    assert claim.type == expected


def test_the_type_is_that_of_the_claims_own_cue(nlp):
    # what she said is a statement, even though what she said is an intention
    claims = claims_of(nlp, "She said she plans to apply for the post in June.")
    assert find(claims, "she plans", "said").type == "statement"


def test_table_types_are_known():
    table = load_claim_types()
    assert table["say"] == ("statement", "statement")
    assert table["ask"] == ("statement", "intention")
    assert table["call for"][0] == "intention"


def test_extract_type_filter(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "The mayor said the budget was balanced. Residents want the fares frozen.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    out = runner.invoke(app, ["extract", str(path), "--type", "statement"])
    assert out.exit_code == 0, out.output
    types = [json.loads(line)["type"] for line in out.stdout.splitlines()]
    assert types == ["statement"]
    every = runner.invoke(app, ["extract", str(path)])
    assert sorted(json.loads(line)["type"] for line in every.stdout.splitlines()) == [
        "intention",
        "statement",
    ]
    bad = runner.invoke(app, ["extract", str(path), "--type", "rumour"])
    assert bad.exit_code == 2
    assert "unknown claim type 'rumour'" in bad.output
