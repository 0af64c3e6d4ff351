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
            '"We have the numbers," Councillor Ruth Obi said on Monday, "and we will '
            'use them."',
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
