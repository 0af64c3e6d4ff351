"""Each pattern family on a hand-built parse: words, heads, dependencies, POS, lemmas and tags are
written below, so these tests check the rules alone, whatever a statistical parser would do.

The sentences are invented. The rules run as ``kg.extract`` runs them (``candidates`` then
``finish``), with the cue lexicon and no cue model, so a cue counts by its lexicon precision.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.extract import candidates, finish
from kg.extract.lexicon import load_lexicon
from kg.types import Article, RawClaim

VOCAB = English().vocab  # lexical attributes (lower case, punctuation) without a pipeline


def parsed(text: str, table: str) -> Doc:
    """A Doc of ``text`` from rows ``word head dep pos lemma tag`` (head: index of the head)."""
    rows = [line.split() for line in table.strip().splitlines()]
    words = [r[0] for r in rows]
    spaces, at = [], 0
    for word in words:
        at = text.index(word, at) + len(word)
        spaces.append(text[at : at + 1] == " ")
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=[int(r[1]) for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        tags=[r[5] for r in rows],
    )
    assert doc.text == text
    return doc


def claims(doc: Doc) -> list[RawClaim]:
    article = Article(id="hand-built", text=doc.text)
    return finish(*candidates(article, doc, load_lexicon(), None))


def shown(claim: RawClaim) -> tuple:
    source = claim.source.span.text if claim.source else None
    return source, claim.cue.text, tuple(s.text for s in claim.content), claim.kind


COMPLEMENT = parsed(
    "The minister said that taxes will rise.",
    """
    The      1 det   DET   the      DT
    minister 2 nsubj NOUN  minister NN
    said     2 ROOT  VERB  say      VBD
    that     6 mark  SCONJ that     IN
    taxes    6 nsubj NOUN  tax      NNS
    will     6 aux   AUX   will     MD
    rise     2 ccomp VERB  rise     VB
    .        2 punct PUNCT .        .
    """,
)

ACCORDING = parsed(
    "According to the report, taxes will rise.",
    """
    According 7 prep  VERB  accord VBG
    to        0 prep  ADP   to     IN
    the       3 det   DET   the    DT
    report    1 pobj  NOUN  report NN
    ,         7 punct PUNCT ,      ,
    taxes     7 nsubj NOUN  tax    NNS
    will      7 aux   AUX   will   MD
    rise      7 ROOT  VERB  rise   VB
    .         7 punct PUNCT .      .
    """,
)

NOUN = parsed(
    "The ministry issued a warning that taxes will rise.",
    """
    The      1 det   DET   the      DT
    ministry 2 nsubj NOUN  ministry NN
    issued   2 ROOT  VERB  issue    VBD
    a        4 det   DET   a        DT
    warning  2 dobj  NOUN  warning  NN
    that     8 mark  SCONJ that     IN
    taxes    8 nsubj NOUN  tax      NNS
    will     8 aux   AUX   will     MD
    rise     4 acl   VERB  rise     VB
    .        2 punct PUNCT .        .
    """,
)

SPLIT_QUOTE = parsed(
    "“Taxes will rise,” the minister said. “Nobody will be spared by this change.”",
    """
    “        3  punct     PUNCT “        ``
    Taxes    3  nsubj     NOUN  tax      NNS
    will     3  aux       AUX   will     MD
    rise     8  ccomp     VERB  rise     VB
    ,        8  punct     PUNCT ,        ,
    ”        8  punct     PUNCT ”        ''
    the      7  det       DET   the      DT
    minister 8  nsubj     NOUN  minister NN
    said     8  ROOT      VERB  say      VBD
    .        8  punct     PUNCT .        .
    “        14 punct     PUNCT “        ``
    Nobody   14 nsubjpass PRON  nobody   NN
    will     14 aux       AUX   will     MD
    be       14 auxpass   AUX   be       VB
    spared   14 ROOT      VERB  spare    VBN
    by       14 agent     ADP   by       IN
    this     17 det       DET   this     DT
    change   15 pobj      NOUN  change   NN
    .        14 punct     PUNCT .        .
    ”        14 punct     PUNCT ”        ''
    """,
)

NO_CUE = parsed(
    "The minister raised taxes.",
    """
    The      1 det   DET   the      DT
    minister 2 nsubj NOUN  minister NN
    raised   2 ROOT  VERB  raise    VBD
    taxes    2 dobj  NOUN  tax      NNS
    .        2 punct PUNCT .        .
    """,
)


@pytest.mark.parametrize(
    ("doc", "rule", "expected"),
    [
        # reporting verb with a clausal complement: "that" stays out of the content
        (COMPLEMENT, "complement", ("The minister", "said", ("taxes will rise",), "indirect")),
        # "according to": the source is the object of "to", the content the rest of the clause
        (ACCORDING, "according", ("the report", "According to", ("taxes will rise",), "indirect")),
        # reporting noun with a that-clause; the verb that governs it is part of the cue
        (
            NOUN,
            "noun",
            ("The ministry", "issued a warning", ("taxes will rise",), "indirect"),
        ),
        # a quote, then its cue; the next quote in the paragraph continues the same claim
        (
            SPLIT_QUOTE,
            "quote-cue",
            (
                "the minister",
                "said",
                ("Taxes will rise,", "Nobody will be spared by this change."),
                "direct",
            ),
        ),
    ],
    ids=["verbs", "according", "nouns", "continuation"],
)
def test_each_pattern_family(doc, rule, expected):
    [claim] = claims(doc)
    assert claim.rule.startswith(rule)
    assert shown(claim) == expected


def test_a_continued_quote_is_marked():
    [claim] = claims(SPLIT_QUOTE)
    assert claim.rule.endswith("+continued")
    assert not claim.carried_over  # one act of saying, one claim


def test_no_reporting_cue_no_claim():
    assert claims(NO_CUE) == []


def test_offsets_point_into_the_text():
    for doc in (COMPLEMENT, ACCORDING, NOUN, SPLIT_QUOTE):
        for claim in claims(doc):
            for span in (claim.cue, *claim.content, claim.source.span):
                assert doc.text[span.start : span.end] == span.text
