"""Quotation shapes of ordinary news copy (issue 10), on invented sentences: several variants
per shape, so that the shape is fixed rather than one example."""

from __future__ import annotations

import pytest
from test_extract_patterns import claims_of, find, source


@pytest.mark.parametrize(
    "text, who, first, second",
    [
        ('"The ferry," she said, "is late again."', "she", "The ferry", "is late again"),
        (
            '"We have the numbers," Councillor Ruth Obi said on Monday, "and we will use them."',
            "Councillor Ruth Obi",
            "We have the numbers",
            "and we will use them",
        ),
        (
            "\u201cNo club is bigger than its fans,\u201d the chairman told supporters at the "
            "ground, \u201cnot even this one.\u201d",
            "the chairman",
            "No club is bigger",
            "not even this one",
        ),
    ],
)
def test_quote_split_by_the_cue_is_one_claim(nlp, text, who, first, second):
    """ "“Q1,” she said, “Q2.”": one act of saying, one claim with two content spans."""
    [claim] = claims_of(nlp, text)
    assert claim.kind == "direct"
    assert source(claim) == who
    assert len(claim.content) == 2
    assert claim.content[0].text.startswith(first)
    assert claim.content[1].text.startswith(second)


@pytest.mark.parametrize(
    "text, who",
    [
        ('"The plan," Smith, the mayor, said, "is dead."', "Smith, the mayor"),
        ('"We saw it coming," Ines Falk, 41, said, "but nobody listened."', "Ines Falk, 41"),
    ],
)
def test_split_quote_around_an_appositive_claimant(nlp, text, who):
    """The closing mark the parser hangs on the claimant does not hide the quote before it."""
    [claim] = [c for c in claims_of(nlp, text) if c.cue.text == "said"]
    assert source(claim) == who
    assert len(claim.content) == 2


@pytest.mark.parametrize(
    "text, who",
    [
        ('"Is this the best we can do?" asked one councillor.', "one councillor"),
        ('"Who will pay for it?" asked Rosa Lind, a retired nurse.', "Rosa Lind"),
        ('"What happens to the drivers?" asked the union.', "the union"),
    ],
)
def test_inverted_question_names_the_asker(nlp, text, who):
    """ "“Q?” asked X": X is the one asking, not the one asked."""
    [claim] = claims_of(nlp, text)
    assert claim.kind == "direct"
    assert source(claim).startswith(who)
    assert claim.addressee is None


@pytest.mark.parametrize(
    "text, cue, who",
    [
        (
            '"There is no plan B," the finance minister warned, urging lawmakers to back the '
            "package.",
            "warned",
            "the finance minister",
        ),
        ('"We tried," she said, adding that the team would regroup.', "said", "she"),
    ],
)
def test_quote_belongs_to_the_verb_not_the_participle_after_it(nlp, text, cue, who):
    """ "“Q,” X warned, urging …": the participle after the comma does not take the quote."""
    quoted = [c for c in claims_of(nlp, text) if c.kind == "direct"]
    assert [c.cue.text for c in quoted] == [cue]
    assert source(quoted[0]) == who


@pytest.mark.parametrize(
    "text, pieces",
    [
        (
            'The spokeswoman said: "We are aware of the reports.\n\n'
            '"We are looking into them and will update customers soon."',
            ["We are aware of the reports.", "We are looking into them"],
        ),
        (
            "The fire chief described the scene.\n\n\u201cThere was smoke everywhere. We could "
            "barely see.\n\n\u201cThen the roof came down.\u201d",
            ["There was smoke everywhere.", "Then the roof came down."],
        ),
    ],
)
def test_quote_over_paragraphs_has_one_span_per_paragraph(nlp, text, pieces):
    """A quotation that goes on in the next paragraph: one content span per paragraph, without
    the paragraph break and the reopening mark (as annotators draw it)."""
    claim = next(c for c in claims_of(nlp, text) if pieces[0] in c.content_text)
    assert len(claim.content) == len(pieces)
    for span, piece in zip(claim.content, pieces, strict=True):
        assert span.text.startswith(piece)
        assert "\n" not in span.text and not span.text.startswith(('"', "\u201c"))


@pytest.mark.parametrize(
    "headline, who, what",
    [
        ("Rail chief: 'We got it wrong'", "Rail chief", "We got it wrong"),
        ('Nurses\' leader: "We cannot go on like this"', "Nurses' leader", "We cannot go on"),
    ],
)
def test_headline_colon_before_a_quotation(nlp, headline, who, what):
    """ "Rail chief: 'We got it wrong'": the colon introduces the quoted words of the one named
    before it, whatever kind of noun names them."""
    text = f"{headline}\n\nThe operator apologised on Monday for months of delays.\n"
    [claim] = [c for c in claims_of(nlp, text) if c.cue.text == ":"]
    assert source(claim) == who
    assert claim.kind == "direct"
    assert claim.content_text.startswith(what)


@pytest.mark.parametrize(
    "text, who",
    [
        ("Asked if he would resign, Johnson said: \u201cNo.\u201d", "Johnson"),
        ("Asked about the leak, a spokesman said the matter was under review.", "a spokesman"),
        (
            '"We do not know yet," said Dr. Petrova, when asked how many patients were hurt.',
            "Dr. Petrova",
        ),
    ],
)
def test_question_participle_has_no_claimant_but_an_addressee(nlp, text, who):
    """ "Asked whether S, X said …": X is asked, not asking; the asker is not named."""
    claims = claims_of(nlp, text)
    asked = next(c for c in claims if "sked" in c.cue.text)
    assert asked.source is None
    assert asked.addressee is not None and asked.addressee.text.startswith(who)
    said = next(c for c in claims if c.cue.text == "said")
    assert source(said).startswith(who)


@pytest.mark.parametrize(
    "text, kind",
    [
        ('The ministry called the report "biased and unfounded."', "mixed"),
        ('The senator said on Twitter that the vote had been "a sham."', "mixed"),
        ('According to the filing, "the defect was known for years."', "direct"),
        ("According to the filing, the defect was known for years.", "indirect"),
    ],
)
def test_kind_of_a_paraphrase_ending_in_quoted_words(nlp, text, kind):
    """Quoted words that end the content (the closing mark after the last word and its
    punctuation) make it mixed; a content that is one whole quotation is direct."""
    [claim] = claims_of(nlp, text)
    assert claim.kind == kind
    assert not claim.content_text.startswith('"')


@pytest.mark.parametrize(
    "text, who, what",
    [
        (
            'In a statement, the company said:\n\n"We deeply regret the incident and are '
            'cooperating with the authorities."',
            "the company",
            "We deeply regret",
        ),
        (
            "The minister's statement read:\n\n\u201cThe government will not tolerate "
            "violence of any kind.\u201d",
            "The minister's statement",
            "The government will not tolerate",
        ),
    ],
)
def test_colon_ends_the_paragraph_and_the_quote_opens_the_next(nlp, text, who, what):
    """ "X said:" ¶ "Q": the quotation in the next paragraph is what the colon introduces."""
    claim = find(claims_of(nlp, text), what)
    assert claim.kind == "direct"
    assert source(claim) == who


def test_kind_follows_the_final_content_edges(nlp):
    """The content edges may move after the kind is first read: the kind is that of the final
    spans (quoted words at the end of an object make it mixed)."""
    text = 'Senate leader Joan Price called the vote "a victory for common sense."'
    [claim] = claims_of(nlp, text)
    assert "victory" in claim.content_text
    assert claim.kind == "mixed"


@pytest.mark.parametrize(
    "text, whole",
    [
        ("The head teacher said: 'It's the parents' decision, not ours.'", "not ours"),
        ("'Nobody asked the nurses' opinion,' said one doctor.", "opinion"),
    ],
)
def test_plural_possessive_inside_single_quotes(nlp, text, whole):
    """ "'… the parents' decision …'": the mark after "parents" is an apostrophe, not the end
    of the quotation."""
    [claim] = claims_of(nlp, text)
    assert claim.kind == "direct"
    assert whole in claim.content_text


def test_typewriter_quote_marks_stay_out_of_the_content(nlp):
    [claim] = claims_of(nlp, "``This is the end of the road,'' the senator said.")
    assert claim.content_text.startswith("This is the end")


@pytest.mark.parametrize(
    "text, who, whole",
    [
        (
            'As the guards led them out, the gunmen fired at them "like hunters," he said, '
            "adding that the guards shot back.",
            "he",
            'As the guards led them out, the gunmen fired at them "like hunters',
        ),
        (
            "The new stadium is \u201ca white elephant,\u201d the councillor said.",
            "the councillor",
            "The new stadium is \u201ca white elephant",
        ),
        (
            'Voters were "fed up with promises," said Ann Ortiz, a pollster.',
            "Ann Ortiz, a pollster",
            'Voters were "fed up with promises',
        ),
    ],
)
def test_quoted_words_ending_the_reported_clause(nlp, text, who, whole):
    """ "S … “fragment,” he said": the quotation closes a clause it opened inside, so what was
    said is the whole clause, with quoted words (mixed), not the fragment alone."""
    [claim] = [c for c in claims_of(nlp, text) if c.cue.text == "said"]
    assert source(claim) == who
    assert claim.content_text == whole
    assert claim.kind == "mixed"


@pytest.mark.parametrize(
    "text, what",
    [
        ('In a statement, "We are heartbroken," the family said.', "We are heartbroken"),
        ('She wrote: "The lights went out," the report said.', "The lights went out"),
    ],
)
def test_quotation_after_a_comma_or_colon_is_the_whole_content(nlp, text, what):
    """After "In a statement, " or "She wrote: " the quotation is all that was said."""
    claim = [c for c in claims_of(nlp, text) if c.cue.text == "said"][0]
    assert claim.kind == "direct"
    assert claim.content_text.startswith(what)


@pytest.mark.parametrize(
    "heading",
    ["'Too little, far too late'", "\u2018Nobody told us anything\u2019", '"WASHED AWAY"'],
)
def test_quoted_subheading_is_nobodys_quote(nlp, heading):
    """A paragraph that is one short quotation alone, not ended like a sentence, is a heading
    pulled out of the story, not a floating quote of the last speaker."""
    text = (
        '"We are sad," said Ana Ruiz, who has lived on the street since 1990.\n\n'
        f"{heading}\n\n"
        "The council said the repairs would cost $2 million.\n"
    )
    claims = claims_of(nlp, text)
    assert not [c for c in claims if heading.strip("'\"\u2018\u2019") in c.content_text]
    assert len(claims) == 2


def test_quote_in_a_furniture_line_is_no_claim(nlp):
    """ "READ MORE: ‘…’: …" links another story: its quotation is a title, not speech."""
    text = (
        '"We are proud of the crew," said Captain Lee.\n\n'
        "READ MORE: 'We got it wrong': the inside story of the harbour fire\n\n"
        "The ferry will sail again in May.\n"
    )
    assert [c.content_text for c in claims_of(nlp, text)] == ["We are proud of the crew,"]


@pytest.mark.parametrize("credit", ["(Tom Ward/CBC)", "(Jo Park / The Canadian Press)"])
def test_photo_caption_is_no_claim(nlp, credit):
    """A paragraph ending in a photo credit is a caption: it repeats the story."""
    text = (
        f"Dr. Ann Marsh says the clinic needs two more nurses. {credit}\n\n"
        "The clinic opened in 2010, Marsh said.\n"
    )
    assert [c.cue.text for c in claims_of(nlp, text)] == ["said"]


@pytest.mark.parametrize(
    "headline",
    [
        '"We were never told": residents of flooded street demand answers',
        "\u2018It felt like a war zone\u2019: storm leaves coastal town without power",
    ],
)
def test_quotation_titling_a_headline_is_no_claim(nlp, headline):
    """ "‘Q’: residents demand answers" uses the words as the headline's title; the story says
    who said them (a headline quotation alone, with no cue, is no claim either)."""
    text = (
        f"{headline}\n\n"
        "Residents of Mill Lane say the council ignored their warnings for years.\n"
    )
    claims = claims_of(nlp, text)
    assert [c.cue.text for c in claims] == ["say"]


@pytest.mark.parametrize(
    "text, who, quote",
    [
        (
            "In a statement issued later, Ms. Ortiz said her group would press for a new vote. "
            '"The purpose of the vote would be to replace the board."',
            "Ms. Ortiz",
            "The purpose of the vote",
        ),
        (
            "The coach said the injuries had cost his team the title. \u201cWe were never at "
            "full strength, not once all season.\u201d",
            "The coach",
            "We were never at full strength",
        ),
    ],
)
def test_quotation_after_a_paraphrase_in_its_paragraph(nlp, text, who, quote):
    """ "X said S. “Q.”": a quotation that is the whole next sentence goes on with X's words,
    a claim of its own with X's claimant and cue, and a statement."""
    claim = [c for c in claims_of(nlp, text) if c.content_text.startswith(quote)][0]
    assert source(claim) == who
    assert claim.kind == "direct"
    assert claim.type == "statement"


@pytest.mark.parametrize(
    "text",
    [
        'Ms. Ortiz said the vote was rigged. "Toxic" is how she described the campaign.',
        "Ms. Ortiz said the vote was rigged. The count took six hours. "
        '"We will appeal the result in court."',
    ],
)
def test_quoted_phrase_or_a_later_quotation_is_not_carried(nlp, text):
    """A quoted phrase that starts a sentence, or a quotation after a sentence of narration,
    is not the paraphrase's speaker going on."""
    assert [c.cue.text for c in claims_of(nlp, text)] == ["said"]


def test_quotation_floating_after_a_belief_is_a_statement(nlp):
    """ "Mr. Lee predicted that S." ¶ "Q." — the quoted words were said: a statement."""
    text = (
        "Mr. Lee predicted that the result could lead to an early election.\n\n"
        '"The coalition is under a lot of stress right now. They are not getting along."\n'
    )
    claim = [c for c in claims_of(nlp, text) if c.kind == "direct"][0]
    assert claim.type == "statement"
    assert source(claim) == "Mr. Lee"


@pytest.mark.parametrize(
    "text, said, participle, who",
    [
        (
            'The coach said his players were "exhausted and sore," pointing to the travel '
            "schedule.",
            'his players were "exhausted and sore',
            "pointing to",
            "The coach",
        ),
        (
            'The mayor said the plan was "dead on arrival," citing the cost.',
            'the plan was "dead on arrival',
            "citing",
            "The mayor",
        ),
    ],
)
def test_participle_after_a_closing_quote_is_the_narrators(nlp, text, said, participle, who):
    """ "X said S was “Q,” citing Y": the participle after the quotation's comma and closing
    mark is not part of what was said; it is X's own act."""
    claims = claims_of(nlp, text)
    [claim] = [c for c in claims if c.cue.text == "said"]
    assert claim.content_text == said
    for other in [c for c in claims if c.cue.text == participle]:
        assert source(other) == who


@pytest.mark.parametrize(
    "pulled, who",
    [
        (
            "It is very bad for our older residents if they have nothing in the way of backup "
            "power. Rod Peters, Lakeview mayor",
            "Rod Peters",
        ),
        (
            "Some of the hardest-hit streets will be without power for several more days. "
            "Northshore Hydro",
            "Northshore Hydro",
        ),
    ],
)
def test_pulled_quotation_signed_with_a_name(nlp, pulled, who):
    """A paragraph of sentences signed after the last one with a name (and title), without
    marks or a dash, is that speaker's quotation."""
    text = f"The storm cut power to 60,000 homes.\n\n{pulled}\n\nCrews worked all night.\n"
    [claim] = [c for c in claims_of(nlp, text) if c.rule == "signature"]
    assert source(claim) == who
    assert claim.kind == "direct"
    assert pulled.startswith(claim.content_text)


def test_title_line_after_a_blurb_is_no_signature(nlp):
    text = (
        "The film opens on Friday.\n\n"
        "A boy finds a sword on a building site and must save the country from a witch. "
        "The Kid Who Would Be King\n"
    )
    assert not [c for c in claims_of(nlp, text) if c.rule == "signature"]


def test_gallery_caption_is_furniture(nlp):
    """ "Open this photo in gallery …" introduces a photo caption: nothing in it is a claim."""
    text = (
        "The city cut the budget.\n\n"
        "Open this photo in gallery A cyclist rides past shuttered homes in the west end, "
        "says a resident. Ann Berg\n\n"
        "The mayor said the cuts were needed.\n"
    )
    assert [c.cue.text for c in claims_of(nlp, text)] == ["said"]


def test_quoted_word_inside_a_quotation_is_not_nested_speech(nlp):
    """Inside a quotation only a verb of speech introduces nested speech: "should take ‘yes’
    for an answer" quotes a word, and the whole quotation stays the speaker's."""
    text = (
        '"Our job is to reopen the government," said Rep. Ann Ortiz. "The president should '
        'take \u2018yes\u2019 for an answer and go home."'
    )
    claims = claims_of(nlp, text)
    assert [c.cue.text for c in claims] == ["said"]
    assert claims[0].content[-1].text.startswith("The president should take")


def test_quoted_answer_after_an_ellipsis_is_the_whole_content(nlp):
    """ "The minimum order is … “One!” says the owner": after an ellipsis the quotation is the
    answer, not the end of a clause it opened inside."""
    text = "The shop\u2019s minimum order is \u2026 \u201cOne!\u201d says the owner."
    [claim] = claims_of(nlp, text)
    assert claim.content_text == "One!"
    assert claim.kind == "direct"


def test_quotation_ending_the_sentence_before_is_not_the_next_cues(nlp):
    """ "… the warning is “due to the risk.” It also warns of …": a quotation that closes a
    clause of the sentence before belongs to that sentence, not to the next sentence's cue
    (the sloppy “… end.” he said reading is for a quotation that opens its sentence)."""
    text = (
        "Travellers are still advised to be careful, but the notice now explains the warning "
        'is "due to the risk of arbitrary arrests." It also now warns of the death penalty.'
    )
    claims = claims_of(nlp, text)
    assert not [c for c in claims if "warns" in c.cue.text and c.kind == "direct"]
    assert [c.cue.text for c in claims if "arbitrary arrests" in c.content_text] == [
        "now explains"
    ]
