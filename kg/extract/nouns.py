"""Reporting nouns (``noun_cues``): "X's claim that S", "raised concerns over S", "a statement
saying S".
"""

from __future__ import annotations

from kg.data import words
from kg.extract.context import (
    Context,
    clause_span,
    cue_probability,
    kind_of,
    sentence_span,
    subject_of,
)
from kg.extract.spans import (
    char_span,
    mention_for,
    token_range_span,
)
from kg.types import RawClaim, Span

NOUN_THRESHOLD = 0.45  # the same bar as verbs
NOUN_CONTENT_PREPS = words("noun_content_preps")
COLON_NOUNS = words("colon_nouns")
COLON_CONFIDENCE = 0.75  # a construction: the gate does not score it


def _lexicon_phrase(ctx: Context, noun) -> bool:
    """A verb + noun cue listed in the lexicon ("raise concern", "express concern")."""
    if noun.dep_ != "dobj":
        return False
    return (noun.head.lemma_.lower(), noun.lemma_.lower()) in ctx.lexicon.phrases


def noun_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting nouns: "X's claim that S", "raised concerns over S", "a statement saying S"."""
    claims = []
    for noun in ctx.tokens(sentence, ("NOUN",)):
        in_quote = ctx.quote_at(noun.idx) is not None
        if in_quote:
            continue
        if noun.lemma_.lower() in COLON_NOUNS:
            colon_claim = _colon_quote(ctx, noun, sentence)
            if colon_claim is not None:
                claims.append(colon_claim)
                continue
        content_root = None
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                content_root = child
            elif child.dep_ == "acl" and child.tag_ in ("VB", "VBG") and content_root is None:
                content_root = child  # "plans to cut taxes", "a statement saying …"
            elif (
                child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and content_root is None
            ):
                content_root = next((g for g in child.children if g.dep_ == "pobj"), None)
        if content_root is None:
            continue  # looked for first: it is cheaper than the cue score, and rarer
        prob = cue_probability(ctx, noun, False)
        if prob < NOUN_THRESHOLD and not _lexicon_phrase(ctx, noun):
            continue
        governor = noun.head if noun.dep_ == "dobj" else None
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        subject = None
        if governor is not None and governor.pos_ == "VERB":
            subject = subject_of(governor)
        if (
            subject is None
            and poss is not None
            and poss.lower_ not in ("his", "her", "their", "its")
        ):
            subject = poss
        if subject is None and poss is not None:
            subject = poss
        cue_tokens = [noun]
        if governor is not None and governor.pos_ == "VERB":
            cue_tokens = [t for t in sentence if governor.i <= t.i <= noun.i]
        cue = token_range_span(ctx.text, cue_tokens)
        content = clause_span(ctx, content_root)
        if content is None or cue is None:
            continue
        if governor is not None:
            # "raising concerns over X and that Y": a coordinated that-clause continues the content
            heads = [governor] + ([governor.head] if governor.dep_ == "pcomp" else [])
            for c in (c for h in heads for c in h.children):
                if c.dep_ == "conj" and any(
                    g.lower_ == "that" and g.dep_ == "mark" for g in c.children
                ):
                    tail = clause_span(ctx, c)
                    if tail and tail.end > content.end:
                        content = Span(content.start, tail.end, ctx.text[content.start : tail.end])
        source = mention_for(ctx.text, subject, in_quote) if subject is not None else None
        claims.append(
            RawClaim(
                cue=cue,
                cue_lemma=noun.lemma_.lower(),
                content=(content,),
                kind=kind_of(ctx, (content,), None),
                rule="noun-cue",
                confidence=round(max(prob, 0.3), 3),
                sentence=sentence_span(ctx, sentence),
                source=source,
            )
        )
    return claims


def _colon_quote(ctx: Context, noun, sentence) -> RawClaim | None:
    """ "The mayor had a simple message: “Stay at home.”", "His advice to voters: ‘Read the
    small print.’": a noun of saying right before a colon that opens a quotation. The claimant
    is the possessor, X of "from X", or the subject of the verb the noun is the object of;
    the addressee X of "to X" / "for X"."""
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() != "have":
        return None  # "made the following comment: “Q”": the verb's quote
    doc = sentence.doc
    colon = noun.i + 1  # past "to voters", "from the police"
    while colon < min(len(doc), noun.i + 8) and not (
        doc[colon].is_punct or doc[colon].pos_ in ("VERB", "AUX")
    ):
        colon += 1
    if colon >= len(doc) or doc[colon].text != ":":
        return None
    after = doc[colon].idx + 1
    quote = next((q for q in ctx.quotes.opening_in(after, after + 3) if q.depth == 0), None)
    if quote is None or ctx.text[after : quote.open_at].strip():
        return None
    content = char_span(ctx.text, quote.start, quote.end)
    if content is None:
        return None
    subject, addressee = _colon_roles(noun)
    return RawClaim(
        cue=Span(noun.idx, noun.idx + len(noun.text), noun.text),
        cue_lemma=noun.lemma_.lower(),
        content=(content,),
        kind="direct",
        rule="noun-colon-quote",
        confidence=COLON_CONFIDENCE,
        sentence=sentence_span(ctx, sentence),
        source=mention_for(ctx.text, subject, False) if subject is not None else None,
        addressee=mention_for(ctx.text, addressee, False) if addressee is not None else None,
    )


def _colon_roles(noun):
    """(claimant head, addressee head) of a noun of saying before a colon."""
    subject = next((c for c in noun.children if c.dep_ == "poss"), None)
    addressee = None
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if prep.lower_ in ("from", "by") and subject is None:
            subject = pobj
        elif prep.lower_ in ("to", "for") and addressee is None:
            addressee = pobj
    if subject is None and noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        subject = subject_of(noun.head)
    return subject, addressee
