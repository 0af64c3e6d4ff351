"""More shapes of wire copy and quotation a new user tries first (issue 10's list, continued):
lists of reported clauses, a cue interrupting a sentence that goes on with the narrator's
words. Invented sentences, several per shape, so that the shape is fixed rather than one
example."""

from __future__ import annotations

import pytest
from test_extract_patterns import claims_of, source
from test_reported_shapes import _by_cue


@pytest.mark.parametrize(
    "text, cue, what",
    [
        (
            "Brooks says he drank too much, used drugs and was in and out of jail.",
            "says",
            "he drank too much, used drugs and was in and out of jail",
        ),
        (
            "The board also said he had behaved well, had finished his courses and had been "
            "seeing a counsellor.",
            "also said",
            "he had behaved well, had finished his courses and had been seeing a counsellor",
        ),
        (
            "She said the plan is sound, needs no changes and will pass.",
            "said",
            "the plan is sound, needs no changes and will pass",
        ),
    ],
)
def test_list_of_reported_predicates_is_one_content(nlp, text, cue, what):
    claim = _by_cue(claims_of(nlp, text), cue)
    assert [text[s.start : s.end] for s in claim.content] == [what]


@pytest.mark.parametrize(
    "text, who, what, other",
    [
        (
            "There are people trying to spread fear about the plant, he said, though he did "
            "not name any groups.",
            "he",
            "There are people trying to spread fear about the plant",
            "did not name",
        ),
        (
            "The plant will close in March, he said, while the union said it would fight the "
            "decision.",
            "he",
            "The plant will close in March",
            "said",
        ),
    ],
)
def test_interrupting_cue_keeps_its_sentence_when_another_claim_follows(
    nlp, text, who, what, other
):
    claims = claims_of(nlp, text)
    [claim] = [c for c in claims if source(c) == who and c.cue.text == "said"]
    assert [text[s.start : s.end] for s in claim.content] == [what]
    assert any(c.cue.text == other and c is not claim for c in claims)


@pytest.mark.parametrize(
    "text, what",
    [
        (
            '"I know the pool is used more than that," said Tom Reyes. "That chart should go '
            'the other way."',
            "That chart should go the other way",
        ),
        ('"That chart should go the other way," said Tom Reyes.', "That chart should go"),
        ('Tom Reyes said: "That was never the plan."', "That was never the plan"),
        (
            "That's a big deal since the firm tests its tools on its own staff first, said "
            "Marty Lane, chief executive of Lane Hosting.",
            "That's a big deal",
        ),
    ],
)
def test_quotation_opening_with_that_keeps_it(nlp, text, what):
    claims = [c for c in claims_of(nlp, text) if c.cue.text == "said"]
    assert any(text[s.start : s.end].startswith(what) for c in claims for s in c.content), [
        c.content_text for c in claims
    ]


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            "“We only publish local artists,’’ says the 40-year-old founder of Inkwell Press.",
            "the 40-year-old founder of Inkwell Press",
            "We only publish local artists",
        ),
        (
            "‘‘The ferry will run all winter,’’ said Ann Lee, the harbour master.",
            "Ann Lee",
            "The ferry will run all winter",
        ),
        (
            "“You’re talking about one genre only,” points out the soft-spoken Halifax resident.",
            "the soft-spoken Halifax resident",
            "You’re talking about one genre only",
        ),
    ],
)
def test_quotation_before_an_inverted_cue(nlp, text, who, what):
    [claim] = claims_of(nlp, text)
    assert claim.kind == "direct"
    assert source(claim).startswith(who)
    assert claim.content_text.strip(",") == what


@pytest.mark.parametrize(
    "text",
    [
        '"We will rebuild the hall," he said, his voice breaking.',
        '"We will rebuild the hall," he said his voice breaking with emotion.',
        '"We love you," she said, eyes welling up with tears.',
    ],
)
def test_absolute_clause_after_the_cue_is_not_content(nlp, text):
    [claim] = claims_of(nlp, text)
    assert claim.kind == "direct" and len(claim.content) == 1
    assert claim.content_text.startswith("We ")


@pytest.mark.parametrize(
    "text, spans",
    [
        (
            '"If we blame each other, this could last a long time," Ms. Shaw said on KTV\'s '
            '"Sunday Review."',
            1,
        ),
        ('"We will not back down," Ms. Ortiz told WNN\'s "State of the Nation" on Sunday.', 1),
        (
            '"You know, I like Larry," he said, but "when it comes to the budget, Larry is wrong."',
            2,
        ),
    ],
)
def test_quoted_title_after_the_cue_is_not_a_further_quote(nlp, text, spans):
    [claim] = claims_of(nlp, text)
    assert len(claim.content) == spans, claim.content_text


@pytest.mark.parametrize(
    "text, what",
    [
        (
            '"We have seen nothing like it," he told reporters on Tuesday, adding: "The damage '
            'is enormous."',
            "The damage is enormous",
        ),
        (
            "The mayor told residents the water was safe, adding that tests would continue.",
            "tests would continue",
        ),
    ],
)
def test_participle_after_telling_is_the_subjects_not_the_addressees(nlp, text, what):
    claims = claims_of(nlp, text)
    [added] = [c for c in claims if c.cue.text.startswith("adding")]
    assert added.content_text.startswith(what)
    assert source(added) in ("he", "The mayor")


@pytest.mark.parametrize(
    "text, what",
    [
        (
            "Judge Ray said the council's refusal “was clearly meant to frustrate the "
            "residents.” Still, he dismissed the case.",
            "the council's refusal “was clearly meant",
        ),
        (
            'The minister said the new rules "will not cost a single job."',
            'the new rules "will not cost',
        ),
    ],
)
def test_quoted_predicate_keeps_its_subject(nlp, text, what):
    claim = [c for c in claims_of(nlp, text) if c.cue.text == "said"][0]
    assert claim.content_text.startswith(what)
    assert claim.kind == "mixed"


@pytest.mark.parametrize(
    "text, ends",
    [
        (
            "Mr. Hale said he and his group were “very pleased with the ruling. This levels "
            "the playing field for us.” The board did not comment.",
            "playing field for us",
        ),
        (
            "Ms. Diaz said she heard fans chant, “Sell the club!” and “Sack the board!” at "
            "the match.",
            "Sack the board",
        ),
    ],
)
def test_paraphrase_opening_a_quotation_runs_to_its_closing_mark(nlp, text, ends):
    claim = [c for c in claims_of(nlp, text) if c.cue.text == "said"][0]
    assert claim.kind == "mixed"
    assert ends in claim.content_text, claim.content_text


def test_told_an_outlet_a_clause_the_parser_read_as_a_noun_phrase(nlp):
    text = (
        "Toronto city councillor and tenants advocate Jim Larkin told HuffPost Canada the "
        "rules around renovations favour the owner, not the tenant."
    )
    [claim] = claims_of(nlp, text)
    assert claim.addressee is not None and claim.addressee.text == "HuffPost Canada"
    assert claim.content_text.startswith("the rules around renovations favour the owner")
    assert "Jim Larkin" in source(claim)


def test_according_to_after_an_interrupting_cue_is_not_its_content(nlp):
    text = "The entire attack took four minutes, he said, according to the complaint."
    claim = [c for c in claims_of(nlp, text) if c.cue.text == "said"][0]
    assert [text[s.start : s.end] for s in claim.content] == ["The entire attack took four minutes"]


@pytest.mark.parametrize(
    "text, main",
    [
        ("When Ellen first told Cable she loved him, he fell silent.", "he fell silent"),
        ("After the minister said the plant would close, workers walked out.", "walked out"),
    ],
)
def test_cue_in_a_fronted_adverbial_clause_reports_nothing_past_its_comma(nlp, text, main):
    assert not any(main in c.content_text for c in claims_of(nlp, text))


@pytest.mark.parametrize(
    "text, who, to_whom, what",
    [
        ('The mayor had a simple message: "Stay at home."', "The mayor", None, "Stay at home"),
        (
            'The police were blunt. Their message to drivers: "Slow down or pay."',
            "Their",
            "drivers",
            "Slow down or pay",
        ),
        ('Asked about the vote, her reply was short. Her answer: "Never."', "Her", None, "Never"),
    ],
)
def test_noun_of_saying_before_a_colon_and_a_quotation(nlp, text, who, to_whom, what):
    [claim] = [c for c in claims_of(nlp, text) if what in c.content_text]
    assert claim.kind == "direct" and claim.type == "statement"
    assert source(claim) == who
    assert (claim.addressee.text if claim.addressee else None) == to_whom


@pytest.mark.parametrize(
    "text, starts",
    [
        ("But Chapman says too often, that's not happening.", "too often, that's"),
        (
            "He said in his area, a drug bust is often followed by a rush to the clinics.",
            "in his area, a drug bust",
        ),
        ("The ministry said in a statement, the talks had failed.", "the talks had failed"),
    ],
)
def test_adverbial_set_off_before_the_reported_clause_opens_it(nlp, text, starts):
    [claim] = claims_of(nlp, text)
    assert claim.content_text.startswith(starts), claim.content_text
