"""Claimant shapes of issue 10 (who made a found claim, and the claimant span as annotators
write it), on invented sentences: several variants per shape, so the shape is fixed rather than
one example."""

from __future__ import annotations

import pytest
from test_extract_patterns import claims_of, find, source


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "Six thousand tenants who lost their deposits said the agency had failed them.",
            "Six thousand tenants who lost their deposits",
            "agency had failed",
        ),
        (
            "Farmers who have battled the drought for years say the new subsidy comes too late.",
            "Farmers who have battled the drought for years",
            "subsidy comes too late",
        ),
        (
            "A poll that the paper ran in May found that most residents backed the plan.",
            "A poll that the paper ran in May",
            "most residents backed",
        ),
    ],
)
def test_a_restrictive_relative_clause_stays_in_the_claimant(nlp, text, who, what):
    assert source(find(claims_of(nlp, text), what)) == who


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "Ana Reyes, who chairs the board, said the budget would be cut.",
            "Ana Reyes",
            "budget would be cut",
        ),
        (
            "Tom Lee, whose group backs the plan, said the budget would be cut.",
            "Tom Lee",
            "budget would be cut",
        ),
        (
            "“The budget will be cut,” said Tom Lee, who said he was leaving.",
            "Tom Lee",
            "budget will be cut",
        ),
    ],
)
def test_a_relative_clause_after_a_comma_stays_out(nlp, text, who, what):
    assert source(find(claims_of(nlp, text), what)) == who


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "“The budget will be cut,” said Ana Reyes, who chairs the board.",
            "Ana Reyes, who chairs the board",
            "budget will be cut",
        ),
        (
            "“We cannot wait any longer,” said Tom Lee, who has farmed the valley for 30 years.",
            "Tom Lee, who has farmed the valley for 30 years",
            "cannot wait",
        ),
    ],
)
def test_a_who_clause_after_the_cue_stays_in_the_claimant(nlp, text, who, what):
    assert source(find(claims_of(nlp, text), what)) == who


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "The senator remains committed to the race, his top aide, Tom Devlin, told the "
            "Daily Courier.",
            "Tom Devlin",
            "remains committed",
        ),
        (
            "The port will reopen next week, the harbour master, Ines Moreau, told reporters.",
            "Ines Moreau",
            "port will reopen",
        ),
    ],
)
def test_the_one_told_after_a_trailing_told_is_not_the_claimant(nlp, text, who, what):
    claim = find(claims_of(nlp, text), what)
    assert who in source(claim)
    assert claim.addressee is not None and claim.addressee.text not in source(claim)


@pytest.mark.parametrize("first", ["That", "This", "It"])
def test_the_first_word_of_a_split_quote_is_not_the_claimant(nlp, first):
    text = (
        "The mayor spoke to reporters on Monday. "
        f"''{first}, unfortunately,'' he said, ''is part of running a city.''"
    )
    [claim] = [c for c in claims_of(nlp, text) if c.cue.text == "said"]
    assert source(claim) == "he"


@pytest.mark.parametrize(
    "dateline", ["Lisbon (AFP) – ", "New Haven (Reuters) - ", "Dec 4 (Reuters) - "]
)
def test_a_dateline_in_ordinary_capitals_is_never_the_claimant(nlp, dateline):
    text = (
        f"{dateline}Senator Ana Reyes has taken a swipe at her rival's stance on trade, saying "
        "that the remarks did more harm than good."
    )
    claim = find(claims_of(nlp, text), "more harm than good")
    assert source(claim) == "Senator Ana Reyes"
