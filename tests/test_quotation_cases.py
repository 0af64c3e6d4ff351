"""Quotation shapes of ordinary news copy (issue 10), on invented sentences: several variants
per shape, so that the shape is fixed rather than one example."""

from __future__ import annotations

import pytest
from test_extract_patterns import claims_of, source


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
