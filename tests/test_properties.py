"""Property-based tests: extraction never crashes on odd text, and its offsets never lie.

Hypothesis builds articles from reporting-speech fragments mixed with every kind of quote mark
(paired, unpaired, typewriter, guillemets, CJK corner brackets), emoji (including ZWJ sequences),
combining marks, right-to-left text, control characters, arbitrary Unicode, very long sentences
and text without any sentence end. Every span of every claim must index the article text exactly.
Example counts are modest: each example is a spaCy parse.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.pipeline import extract_articles
from kg.read import make_article

pytestmark = pytest.mark.slow  # hundreds of generated articles through the parser

QUOTES = list(
    "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a\u201e\u201a\u300c\u300d`\u2032\u2033"
)
FRAGMENTS = [
    "said",
    " said ",
    "told the council",
    "according to the minister,",
    "he added.",
    "she said:",
    "The Home Office said",
    "a spokesman claimed that",
    ", officials warned.",
    "He said: ",
    "\u201cWe are ready,\u201d she said.",
    '"It will fail," Jane Doe told reporters.',
    " ",
    "\n",
    "\r\n",
    "\n\n",
    ".",
    "?!",
    "\u2026",
]
EMOJI = [
    "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1ec\U0001f1e7",
    "\u2764\ufe0f",
]
COMBINING = ["e\u0301", "a\u0308\u0323", "\u0301", "n\u0303\u0303\u0303"]
RTL = [
    "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631",
    "\u05d0\u05de\u05e8",
    "\u202e",
    "\u200f",
]
CONTROL = ["\x00", "\x0b", "\x0c", "\u2028", "\u2029", "\ufeff", "\u200b"]

piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(QUOTES),
    st.sampled_from(EMOJI),
    st.sampled_from(COMBINING),
    st.sampled_from(RTL),
    st.sampled_from(CONTROL),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.text(st.sampled_from("abcdefg hijk"), min_size=1, max_size=30),
)
articles = st.lists(piece, max_size=60).map("".join)
# one very long sentence, with or without a sentence end, optionally quoted
long_sentences = st.builds(
    lambda words, n, quote, end: f"The minister said {quote}" + " ".join(words * n) + end,
    st.lists(
        st.sampled_from(["plan", "cost", "delay", "\u00e9t\u00e9", "\U0001f600", "x"]),
        min_size=1,
        max_size=8,
    ),
    st.integers(50, 400),
    st.sampled_from(["", "\u201c", '"', "'"]),
    st.sampled_from(["", ".", "\u201d", " he added"]),
)

# known reporting constructions whose slots hold arbitrary pieces, so that claims are emitted
TEMPLATES = [
    "{0} Jane Doe said {1}. ",
    "\u201c{0}\u201d, {1} said. ",
    "The Home Office told the mentor that {0}. {1}",
    "According to {0}, {1}. ",
    'He said: "{0}" {1}',
    "{0} said on Tuesday that {1} would {0}. ",
]
templated = st.lists(
    st.tuples(st.sampled_from(TEMPLATES), st.lists(piece, max_size=4).map("".join), articles),
    min_size=1,
    max_size=6,
).map(lambda parts: "".join(t.format(a, b) for t, a, b in parts))

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _spans(claim):
    yield "cue", claim.cue
    for span in claim.content:
        yield "content", span
    for role in ("source", "addressee", "sentence"):
        span = getattr(claim, role)
        if span is not None:
            yield role, span


def _check(text: str) -> None:
    article = make_article("h", text)
    [result] = list(extract_articles([article]))
    assert result.article.text == article.text
    for claim in result.claims:
        for role, span in _spans(claim):
            assert 0 <= span.start <= span.end <= len(article.text), (role, span)
            assert article.text[span.start : span.end] == span.text, (role, span)


@SETTINGS
@given(articles)
def test_extraction_returns_and_offsets_are_exact(nlp, text):
    _check(text)


@SETTINGS
@given(templated)
def test_claims_amid_odd_text_have_exact_offsets(nlp, text):
    _check(text)


@SETTINGS
@given(long_sentences)
def test_long_sentences_and_missing_ends(nlp, text):
    _check(text)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(QUOTES)), max_size=30))
def test_unpaired_and_mixed_quotes(nlp, pairs):
    _check("".join(a + b for a, b in pairs))
