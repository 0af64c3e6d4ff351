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


@pytest.mark.parametrize(
    "text, cue, who, starts",
    [
        (
            "The province preferred settlers who were British subjects; specifically, those "
            "that were white, Ortiz writes.",
            "writes",
            "Ortiz",
            "The province preferred settlers",
        ),
        (
            "Nobody on the council had read the full report before the vote, argued Quillfeather.",
            "argued",
            "Quillfeather",
            "Nobody on the council had read",
        ),
    ],
)
def test_trailing_cue_with_its_name_reports_the_sentence_before(nlp, text, cue, who, starts):
    """ "S, Ortiz writes." / "S, argued Quillfeather.": a speech verb in the last comma-led
    stretch of the sentence, with one name beside it, reports S, however the parser hung S's
    words on the verb (its subjects) or read the name (as an adverb)."""
    claim = _by_cue(claims_of(nlp, text), cue)
    assert source(claim) == who
    assert claim.content_text.startswith(starts)


@pytest.mark.parametrize(
    "text, what",
    [
        ("Still, McNeely said the clinic could close in the spring.", "the clinic could close"),
        ("Even so, McNeely said the ferry would keep running.", "the ferry would keep running"),
    ],
)
def test_name_read_as_a_modifier_is_the_subject(nlp, text, what):
    """ "Still, McNeely said S" with the surname read as an adverb (the small pipeline does):
    the name is the claimant, and not part of the cue."""
    claim = _by_cue(claims_of(nlp, text), "said")
    assert source(claim) == "McNeely"
    assert claim.content_text.startswith(what)


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "He was treated for two wounds that police said did not appear self-inflicted.",
            "police",
            ["that", "did not appear self-inflicted"],
        ),
        (
            "There were six deaths in the past week that the coroner said are unrelated.",
            "the coroner",
            ["that", "are unrelated"],
        ),
    ],
)
def test_relative_clause_with_its_own_claimant(nlp, text, who, what):
    """ "wounds that police said were not self-inflicted": a cue in a relative clause with its
    own subject reports the clause (not "voters who say …", which picks out a group)."""
    claim = _by_cue(claims_of(nlp, text), "said")
    assert source(claim) == who
    assert [s.text for s in claim.content] == what


def test_voters_who_say_is_still_a_group(nlp):
    claims = claims_of(nlp, "Voters who say the economy matters most backed the mayor.")
    assert not [c for c in claims if c.cue.text == "say"]


def test_claim_in_a_relative_clause_keeps_the_claim_around_it(nlp):
    """ "attacked rivals for taking donations, which he said were bribes": the relative clause
    is a claim of its own inside the object of another; both stay."""
    text = (
        "The senator attacked his rivals for accepting corporate donations, which he said "
        "were bribes in all but name."
    )
    claims = claims_of(nlp, text)
    assert [s.text for s in _by_cue(claims, "said").content] == [
        "which",
        "were bribes in all but name",
    ]
    assert _by_cue(claims, "attacked").content_text.startswith("his rivals")


def test_participle_after_a_comma_is_not_an_inverted_cue(nlp):
    """ "S, echoing Mr. Ortiz": the participle is the subject's act, not "S, said Ortiz"."""
    text = "The network covered the vote as a lawful reunion, echoing Mr. Ortiz."
    assert not [c for c in claims_of(nlp, text) if c.source and c.source.text == "Mr. Ortiz"]


def test_name_and_age_after_the_cue_open_the_reported_clause(nlp):
    """ "The coach, who …, says Ortiz, 31, looked tired": what follows the cue is a clause
    (it has a verb), so this is no "S, says X"."""
    text = "The coach, who cannot be named for legal reasons, says Ortiz, 31, looked tired."
    claim = _by_cue(claims_of(nlp, text), "says")
    assert source(claim) == "The coach"
    assert claim.content_text.startswith("Ortiz, 31, looked tired")


@pytest.mark.parametrize(
    "text, what",
    [
        (
            "He told officers he attached fake plates to his truck so police would not be able "
            "to find him.",
            "he attached fake plates to his truck",
        ),
        (
            "She told the court she hid the letters because her brother had asked her to.",
            "she hid the letters",
        ),
    ],
)
def test_clause_of_purpose_or_cause_is_not_what_was_told(nlp, text, what):
    """ "told X S so T" parsed with the "so" clause as the cue's complement: what was told
    starts with S (the clause after the addressee), never with "so"/"because"."""
    claim = [c for c in claims_of(nlp, text) if c.cue.text == "told"][0]
    assert claim.content_text.startswith(what)
