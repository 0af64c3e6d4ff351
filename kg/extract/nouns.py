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
    mention_for,
    token_range_span,
)
from kg.types import RawClaim, Span

NOUN_THRESHOLD = 0.45  # the same bar as verbs
NOUN_CONTENT_PREPS = words("noun_content_preps")


def _lexicon_phrase(ctx: Context, noun) -> bool:
    """A verb + noun cue listed in the lexicon ("raise concern", "express concern")."""
    if noun.dep_ != "dobj":
        return False
    return (noun.head.lemma_.lower(), noun.lemma_.lower()) in ctx.lexicon.phrases


def noun_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting nouns: "X's claim that S", "raised concerns over S", "a statement saying S"."""
    claims = []
    for noun in sentence:
        if noun.pos_ != "NOUN":
            continue
        in_quote = ctx.quote_at(noun.idx) is not None
        if in_quote:
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
