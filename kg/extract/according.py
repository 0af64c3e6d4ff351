"""``according_to``: "according to X, S" and "S, according to X"."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.context import CLOSING_PUNCT, STRIP_CONTENT, Context, kind_of, sentence_span
from kg.extract.quotes import ALL_MARKS, Quote
from kg.extract.spans import (
    char_span,
    mention_for,
)
from kg.types import RawClaim, Span


def _substantial(sentence, part: Span) -> bool:
    """A part of the sentence that says something: longer than a connective ("But, according
    to X, …"), or holding the subject of the clause ("The figures, according to X, show …")."""
    if len(part.text) > 12:
        return True
    return any(
        t.dep_ in ("nsubj", "nsubjpass") and part.start <= t.idx < part.end for t in sentence
    )


GOING_ON = frozenset({"and", "but", "or", "yet", "so", "although", "though", "because", "while"})


def _says_it_all(ctx: Context, sentence, left: Span, right: Span) -> bool:
    """ "S, according to X, who …" / "…, a pollster" / "…, even as T": a left part holding the
    sentence's main verb is the whole content, and what follows X is about X or an aside —
    unless it goes on with a conjunction or a quotation ("S, according to X, although T")."""
    if not left.start <= sentence.root.idx < left.end:
        return False
    first = right.text.split(maxsplit=1)[0].lower()
    return first[:1] not in ALL_MARKS and first not in GOING_ON


def _whole_quote(ctx: Context, parts: list[Span]) -> Quote | None:
    """ "According to Smith, “the plan was doomed.”": the one quotation that is the whole
    content (then a direct claim, without the quote marks)."""
    if len(parts) != 1:
        return None
    q = ctx.top_quote_at(parts[0].start + 1)
    if q is None or q.open_at != parts[0].start or char_span(ctx.text, q.start, q.end) is None:
        return None
    return q if not ctx.text[q.after : parts[0].end].strip(CLOSING_PUNCT) else None


def _phrase_end(ctx: Context, sentence, pobj) -> int:
    """Where "according to X" ends: the end of X's phrase; at the first comma after X when the
    parser hung the whole rest of the sentence on X ("According to Rush Limbaugh, the move
    reeks of fear" with "reeks" read as a noun in apposition), which would leave no content."""
    end = max(t.idx + len(t.text) for t in pobj.subtree)
    rest = char_span(ctx.text, end, sentence.end_char, STRIP_CONTENT + ".")
    if rest is not None:
        return _apposition_end(sentence, end)
    if pobj.i < sentence.start:
        return end
    comma = next((t for t in sentence if t.i > pobj.i and t.text == ","), None)
    return comma.idx if comma is not None and comma.idx < end else end


def _apposition_end(sentence, end: int) -> int:
    """ "According to Jane Doe, a spokeswoman for the ministry, the plan …": an apposition the
    parser left out of X's phrase (a short noun phrase between commas, no verb) is X's too."""
    after = [t for t in sentence if t.idx >= end]
    if len(after) < 3 or after[0].text != "," or after[1].pos_ != "DET":
        return end
    for k, t in enumerate(after[1:13], 1):
        if t.text == ",":
            return t.idx if k > 2 else end
        if t.pos_ in ("VERB", "AUX") or t.text in ('"', "“", "”"):
            return end
    return end


def according_to(ctx: Context, sentence) -> list[RawClaim]:
    """ "According to X, S" / "S, according to X": the cue is "according to", the content is
    the rest of the sentence."""
    claims = []
    for tok in sentence:
        if (
            tok.lower_ != "according"
            or tok.i + 1 >= len(ctx.doc)
            or ctx.doc[tok.i + 1].lower_ != "to"
        ):
            continue
        to = ctx.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase_end = _phrase_end(ctx, sentence, pobj)
        cue = Span(tok.idx, to.idx + len(to.text), ctx.text[tok.idx : to.idx + len(to.text)])
        parts = []
        first = next((t for t in sentence if not t.is_space), tok)  # after a blanked dateline
        left = char_span(ctx.text, first.idx, tok.idx, STRIP_CONTENT)
        right = char_span(ctx.text, phrase_end, sentence.end_char, STRIP_CONTENT + ".")
        for part in (left, right):
            if part is not None and _substantial(sentence, part):
                parts.append(part)
        if len(parts) == 2 and _says_it_all(ctx, sentence, parts[0], parts[1]):
            parts.pop()
        if not parts:
            continue
        source = mention_for(ctx.text, pobj, ctx.quote_at(tok.idx) is not None)
        if source is not None and source.span.end != phrase_end:  # the phrase as found above
            edge = char_span(ctx.text, source.span.start, phrase_end, STRIP_CONTENT)
            source = replace(source, span=edge) if edge is not None else source
        quote = _whole_quote(ctx, parts)
        content = tuple(parts) if quote is None else (char_span(ctx.text, quote.start, quote.end),)
        claims.append(
            RawClaim(
                cue=cue,
                cue_lemma="according to",
                content=content,
                kind=kind_of(ctx, content, quote),
                rule="according-to",
                confidence=0.85,
                sentence=sentence_span(ctx, sentence),
                source=source,
            )
        )
    return claims
