"""Reported-speech shapes of ordinary news copy (issue 10) that are not about quotation marks:
hedged reports, agentless passives of telling, "what X say is …" clauses. Invented sentences,
several per shape, so that the shape is fixed rather than one example."""

from __future__ import annotations

import pytest
from test_extract_patterns import claims_of, source


def _by_cue(claims, cue: str):
    hits = [c for c in claims if c.cue.text == cue]
    assert len(hits) == 1, [(c.cue.text, c.content_text) for c in claims]
    return hits[0]


@pytest.mark.parametrize(
    "text, hedge, act, who, to_whom, what",
    [
        (
            "The director is said to have told staff that the plant would shut.",
            "is said",
            "to have told",
            "The director",
            "staff",
            "the plant would shut",
        ),
        (
            "Two aides are believed to have warned the president that the deal would collapse.",
            "are believed",
            "to have warned",
            "Two aides",
            "the president",
            "the deal would collapse",
        ),
        (
            "The treasurer was reported to have said that the accounts were in order.",
            "was reported",
            "to have said",
            "The treasurer",
            None,
            "the accounts were in order",
        ),
    ],
)
def test_hedged_report_and_the_act_it_hedges(nlp, text, hedge, act, who, to_whom, what):
    """ "X is said to have told Y that S": the hedge (nobody's, about X's telling) and the
    telling itself (X told Y S) are both claims."""
    claims = claims_of(nlp, text)
    outer = _by_cue(claims, hedge)
    assert outer.source is None
    inner = _by_cue(claims, act)
    assert source(inner) == who
    assert (inner.addressee.text if inner.addressee else None) == to_whom
    assert inner.content_text == what


def test_a_future_act_under_a_hedge_is_not_reported(nlp):
    """ "X is expected to announce that S" has not been announced: no claim of X's."""
    claims = claims_of(nlp, "The singer is expected to announce that she will retire.")
    assert not [c for c in claims if "announce" in c.cue.text]


@pytest.mark.parametrize(
    "text, cue, to_whom, what",
    [
        (
            "Lawmakers were told in a briefing that the bridge would close in May.",
            "were told",
            "Lawmakers",
            "the bridge would close in May",
        ),
        (
            "Investors were told at a meeting on Friday that profits had fallen.",
            "were told",
            "Investors",
            "profits had fallen",
        ),
        (
            "The nurses have been informed that their contracts end in June.",
            "have been informed",
            "The nurses",
            "their contracts end in June",
        ),
    ],
)
def test_agentless_passive_of_telling(nlp, text, cue, to_whom, what):
    """ "Y were told (in a briefing) that S": somebody unstated told Y S; Y is the addressee."""
    claim = _by_cue(claims_of(nlp, text), cue)
    assert claim.source is None
    assert claim.addressee is not None and claim.addressee.text == to_whom
    assert claim.content_text == what


def test_telling_still_to_come_is_no_claim(nlp):
    claims = claims_of(nlp, "Residents will be told next week whether the plant can reopen.")
    assert not [c for c in claims if "told" in c.cue.text]


def test_relative_clause_on_a_medium_stays_a_relative_clause(nlp):
    """ "said in a statement that the firm released": the clause says which statement."""
    claims = claims_of(nlp, "The firm said in a statement that it released on Friday.")
    assert not [c for c in claims if c.content_text == "it released on Friday"]


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "The parade coincides with what organisers say is the town's 300th birthday.",
            "organisers",
            ["what", "is the town's 300th birthday"],
        ),
        (
            "Fares rose again in what commuters say is a scandal.",
            "commuters",
            ["what", "is a scandal"],
        ),
    ],
)
def test_what_x_say_is(nlp, text, who, what):
    """ "what officials say is Y": the pronoun stands for part of the reported clause, so the
    content is "what" and the rest of that clause after the cue (as "which X says is …")."""
    claim = _by_cue(claims_of(nlp, text), "say")
    assert source(claim) == who
    assert [s.text for s in claim.content] == what


@pytest.mark.parametrize(
    "text, cue, who, what",
    [
        (
            "What the inspectors said is that the bridge was unsafe.",
            "said",
            "the inspectors",
            "the bridge was unsafe",
        ),
        (
            "What the mayor told reporters was that the budget had run dry.",
            "told",
            "the mayor",
            "the budget had run dry",
        ),
    ],
)
def test_what_x_said_is_that(nlp, text, cue, who, what):
    """ "What X said is that S" (a pseudo-cleft): X said S; neither "is" nor "what" nor "that"
    is part of it, and "what" is not the addressee."""
    claim = _by_cue(claims_of(nlp, text), cue)
    assert source(claim) == who
    assert claim.content_text == what
    assert claim.addressee is None or claim.addressee.text != "What"
