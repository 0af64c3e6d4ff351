"""Who said it (issue 11): floating quotes and speaker resolution on invented news shapes."""

from __future__ import annotations

from test_extract_patterns import claims_of, speaker

from kg.types import Claim


def who(claim: Claim) -> str | None:
    """The speaker's last word, lower case: who it is, whatever titles the label keeps."""
    label = speaker(claim)
    return label.split()[-1] if label else None


def quote_speakers(claims: list[Claim]) -> dict[str, str | None]:
    """Each content span's text -> ``who`` said it."""
    return {s.text: who(c) for c in claims for s in c.content}


# ---------------------------------------------------------------- floating quotes


def test_short_continuation_in_the_same_paragraph(nlp):
    claims = claims_of(
        nlp, 'Mayor Jane Ortiz opened the meeting.\n"It works," insists Ortiz. "It really does."\n'
    )
    said = quote_speakers(claims)
    assert said["It works,"] == "ortiz"
    assert said["It really does."] == "ortiz"


def test_floating_quote_after_a_direct_quote(nlp):
    text = (
        'Leon Achterberg was more direct. "We were not good enough," he said.\n'
        '"Next week we go again. Nobody here is giving up."\n'
    )
    claims = claims_of(nlp, text)
    floating = [c for c in claims if "Next week" in c.content_text]
    assert len(floating) == 1 and floating[0].carried_over
    assert who(floating[0]) == "achterberg"
    assert floating[0].type == "statement"


def test_floating_quote_after_an_indirect_claim_goes_to_the_outer_speaker(nlp):
    text = (
        "Councillor Paul Greene met the mayor after the vote. He said he still fears the costs "
        "will double.\n"
        '"The numbers are optimistic at best. We will be back here in a year."\n'
    )
    claims = claims_of(nlp, text)
    [floating] = [c for c in claims if "optimistic" in c.content_text]
    assert floating.cue.text == "said"
    assert who(floating) == "greene"


def test_no_floating_quote_after_a_paragraph_of_narration(nlp):
    text = (
        '"The new line will run by spring," said Mayor Jane Ortiz.\n'
        "The plan was first floated in 2019, when the old pier was closed for repairs.\n"
        '"Build it and they will come, and they will pay for it too."\n'
    )
    claims = claims_of(nlp, text)
    assert not [c for c in claims if "Build it" in c.content_text]


def test_a_floating_quote_belongs_to_the_last_speaker(nlp):
    text = (
        '"The new line will run by spring," said Mayor Jane Ortiz.\n'
        '"It will not run before the summer," said Paul Greene, who chairs the committee.\n'
        '"The contractor has not even been chosen yet."\n'
    )
    said = quote_speakers(claims_of(nlp, text))
    assert said["The contractor has not even been chosen yet."] == "greene"
