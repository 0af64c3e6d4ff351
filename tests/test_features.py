"""Cue features read off hand-built parses (no pipeline): which sentences hold a quote mark."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.features import QUOTE_CHARS, sentence_has_quote


def _doc(words: list[str], sent_starts: list[bool]) -> Doc:
    return Doc(Vocab(), words=words, sent_starts=sent_starts)


@pytest.mark.parametrize("mark", sorted(QUOTE_CHARS))
def test_a_quote_mark_token_flags_its_sentence_only(mark):
    words = ["He", "said", mark, "no", mark, ".", "It", "rained", "."]
    doc = _doc(words, [True, False, False, False, False, False, True, False, False])
    assert [sentence_has_quote(t) for t in doc] == [True] * 6 + [False] * 3


def test_a_mark_inside_a_word_is_no_quote_and_each_parse_is_read_anew():
    doc = _doc(["The", "mayor’s", "don't", "plan", "."], [True, False, False, False, False])
    assert not any(sentence_has_quote(t) for t in doc)
    other = _doc(["“", "Yes", "”", "."], [True, False, False, False])
    assert all(sentence_has_quote(t) for t in other)
    assert not sentence_has_quote(doc[0])  # back to the first parse: its own flags
