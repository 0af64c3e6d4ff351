"""Attributions by layout (kg/extract/signatures.py): dash-signed quotations and "Name: claim"
headlines, on invented text."""

from __future__ import annotations

import pytest
from test_extract_patterns import claims_of, find, source


@pytest.mark.parametrize("dash", ["―", "—", " – ", " - "])
def test_quote_signed_with_a_dash(nlp, dash):
    text = (
        "Readers wrote in with their views.\n"
        f"“The new bus lanes have made my commute twice as long.”{dash}Mary Okafor\n"
        f"“I cycle now, and I have never been happier about it.”{dash}Tom Reed.\n"
    )
    claims = claims_of(nlp, text)
    first = find(claims, "twice as long")
    second = find(claims, "never been happier")
    assert source(first) == "Mary Okafor" and source(second) == "Tom Reed"
    assert first.cue.text == dash.strip() and first.kind == "direct"


def test_signed_post_with_handle_and_date(nlp):
    text = "“Polls close at eight, so go and vote today.” — Jane Cole (@janecole) May 5, 2016\n"
    claim = find(claims_of(nlp, text), "Polls close at eight")
    assert source(claim) == "Jane Cole (@janecole)"


def test_a_dash_inside_a_line_is_not_a_signature(nlp):
    text = "“The plan is sound” — or so the council hoped when it met on Monday.\n"
    assert not [c for c in claims_of(nlp, text) if c.cue.text == "—"]


@pytest.mark.parametrize(
    "headline, who",
    [
        ("Mayor Ann Lee: Bridge Will Reopen in May.", "Mayor Ann Lee"),
        ("Poll: Most Voters Back the New Transit Levy.", "Poll"),
        ("Union Boss: Strike Talks Are Going Nowhere", "Union Boss"),
    ],
)
def test_name_colon_headline(nlp, headline, who):
    claims = claims_of(nlp, f"{headline}\n\nThe city council met on Tuesday.\n")
    [claim] = [c for c in claims if c.cue.text == ":"]
    assert source(claim) == who
    assert claim.content_text == headline.split(": ", 1)[1].rstrip(".")


@pytest.mark.parametrize(
    "headline",
    [
        "EXCLUSIVE: Bridge Will Reopen in May.",
        "The Latest: Council Votes on the Transit Levy.",
        "Watch: The Mayor Cuts the Ribbon on the New Bridge.",
    ],
)
def test_label_headlines_are_not_claims(nlp, headline):
    claims = claims_of(nlp, f"{headline}\n\nThe city council met on Tuesday.\n")
    assert not [c for c in claims if c.cue.text == ":"]


def test_a_colon_later_in_the_article_is_not_a_headline(nlp):
    text = "The council met on Tuesday.\n\nMayor Ann Lee: a short profile of the city's leader.\n"
    assert not [c for c in claims_of(nlp, text) if c.cue.text == ":"]
