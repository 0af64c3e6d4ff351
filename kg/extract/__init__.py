"""Claim extraction: spaCy Doc -> ``RawClaim`` values (claimants not yet resolved).

Order of work per article (``candidates`` then ``finish``): find the quotations in the text; run
the per-sentence patterns (reporting verbs scored by the cue model, "according to", reporting
nouns); drop duplicates; then attach each quotation that no pattern took to the claim before it
(a split quote "“Q1,” he said. “Q2.”" becomes one claim with two content spans; a quote after a
colon becomes a claim with the same claimant). Patterns live in ``kg.extract.rules``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import replace

from kg.extract.claim_type import claim_type
from kg.extract.intervals import SpanIndex, sentence_starts
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.model import CueModel, load_cue_model
from kg.extract.quotes import ALL_MARKS, find_quotes
from kg.extract.rules import Context, according_to, noun_cues, verb_cues
from kg.extract.spans import char_span
from kg.types import Article, RawClaim, Span

MIN_ORPHAN_QUOTE_WORDS = 4  # shorter quotes are scare quotes or titles, not statements
LOOSE_RULES = ("object-", "rest-of-sentence")  # readings of loose structure (see _dedupe)

__all__ = ["candidates", "extract_raw", "finish", "load_lexicon"]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _length(claim: RawClaim) -> int:
    return sum(s.end - s.start for s in claim.content)


def _clashes(claim: RawClaim, other: RawClaim) -> bool:
    """Two readings of one act: same cue and mostly the same content, or one quote."""
    shared = sum(_overlap(a, b) for a in claim.content for b in other.content)
    if _overlap(claim.cue, other.cue) > 0 and shared > 0.5 * min(_length(claim), _length(other)):
        return True
    both_direct = claim.kind == "direct" and other.kind == "direct"
    return both_direct and shared > 0.8 * max(_length(claim), _length(other))  # one quote


def _dedupe(claims: list[RawClaim]) -> list[RawClaim]:
    """One claim per cue and content: the more confident of two overlapping readings wins.

    Only claims whose contents overlap can clash, so each claim is compared with those alone
    (found through a ``SpanIndex``): linear in the number of claims, not quadratic.
    """
    kept: list[RawClaim] = []
    contents = SpanIndex()
    for claim in sorted(claims, key=lambda c: -c.confidence):
        near = set().union(*(contents.overlapping(s.start, s.end) for s in claim.content))
        if any(_clashes(claim, kept[k]) for k in near):
            continue
        for s in claim.content:
            contents.add(s.start, s.end, len(kept))
        kept.append(claim)
    # a loose reading ("wrote to X to advise her against …") whose content holds another
    # claim's cue and content is that claim seen from outside: keep only the inner one
    by_cue = sorted((c.cue.start, i) for i, c in enumerate(kept))
    cue_starts = [start for start, _ in by_cue]

    def holds_another(i: int, c: RawClaim) -> bool:
        for s in c.content:
            for _, j in by_cue[bisect_left(cue_starts, s.start) : bisect_left(cue_starts, s.end)]:
                if j != i and all(
                    any(u.start <= t.start and t.end <= u.end for u in c.content)
                    for t in kept[j].content
                ):
                    return True
        return False

    loose = {
        i for i, c in enumerate(kept) if c.rule.startswith(LOOSE_RULES) and holds_another(i, c)
    }
    kept = [c for i, c in enumerate(kept) if i not in loose]
    return sorted(kept, key=lambda c: (c.cue.start, c.content[0].start))


def _sentence_finder(sentences: list):
    """offset -> index of the sentence holding it (-1 if none), by binary search."""
    starts = sentence_starts(sentences)

    def index(offset: int) -> int:
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < sentences[i].end_char else -1

    return index


def _ends_in_quote(ctx: Context, claim: RawClaim) -> bool:
    """A direct claim, or a paraphrase whose last words are a quote ("… because ‘Q1,’ he
    said"): a quote that follows continues it."""
    if claim.kind == "direct":
        return True
    end = max(s.end for s in claim.content)
    return bool(ctx.quotes.closing_in(end - 1, end + 3))


def _sentence_like(text: str) -> bool:
    """ "Simple as that." — a short quote that is a whole sentence, not a scare quote."""
    text = text.strip()
    return len(text.split()) >= 2 and text[:1].isupper() and text.rstrip(ALL_MARKS)[-1:] in ".!?…"


def _opens_paragraph(text: str, offset: int) -> bool:
    """Nothing but white space between the last line break and ``offset``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _orphan_quotes(ctx: Context, claims: list[RawClaim], sentences: list) -> list[RawClaim]:
    """Give quotes with no cue of their own to the claim just before them.

    A quote that continues a split quotation in the same paragraph ("“Q1,” he said. “Q2.”")
    becomes a further content span of that claim — one act of saying, one claim, as annotators
    of attribution corpora mark it. A quote after a colon becomes a claim of its own with the
    same claimant and cue (``carried_over``). So does a **floating quote**: a quote that opens
    the paragraph right after the one whose last sentence holds the claim (news style: the
    speaker goes on in a new paragraph without a new "she said"). A quote after a paragraph of
    narration, or after another speaker's claim, is not the earlier speaker's: the donor is
    always the last claim before the quote, and only when no sentence stands between them.
    Claims nested in another claim's content ("said he still fears …") are never donors: the
    outer speaker is the one who goes on.

    Only claims reaching the quote's sentence or the one before, or cued in its sentence, can
    be donors, so only those are looked at (indexed by sentence): linear in the article.
    """
    claims = list(claims)
    sentence_of = _sentence_finder(sentences)
    taken = SpanIndex()  # every claim's content spans, keyed by claim index
    cue_sentence: list[int] = []
    by_reach: dict[int, list[int]] = defaultdict(list)  # last sentence a claim reaches
    by_cue_sentence: dict[int, list[int]] = defaultdict(list)

    def reach(c: RawClaim, i: int) -> int:
        return max(cue_sentence[i], max(sentence_of(s.end - 1) for s in c.content))

    def register(i: int) -> None:
        c = claims[i]
        cue_sentence.append(sentence_of(c.cue.start))
        by_cue_sentence[cue_sentence[i]].append(i)
        by_reach[reach(c, i)].append(i)
        for s in c.content:
            taken.add(s.start, s.end, i)

    for i in range(len(claims)):
        register(i)
    for q in ctx.quotes:
        if q.depth != 0:
            continue
        inner = char_span(ctx.text, q.start, q.end)
        if inner is None:
            continue
        if len(inner.text.split()) < MIN_ORPHAN_QUOTE_WORDS and not _sentence_like(inner.text):
            continue
        if taken.overlapping(inner.start, inner.end):
            continue
        q_sent = sentence_of(q.start)  # the opening mark may end the sentence before
        colon_before = ctx.text[: q.open_at].rstrip().endswith(":")
        new_paragraph = _opens_paragraph(ctx.text, q.open_at)
        near = set(by_reach[q_sent]) | set(by_reach[q_sent - 1])
        if colon_before:
            near |= set(by_cue_sentence[q_sent])
        donor_index = None
        donor_gap = 0
        for i in sorted(near):
            c = claims[i]
            if c.cue.start >= q.open_at or ctx.top_quote_at(c.cue.start) is not None:
                continue
            if taken.holding(c.cue.start) - {i}:
                continue  # nested in another claim's content: never a donor
            c_sent = cue_sentence[i]
            before = max(s.end for s in c.content) <= q.open_at
            gap = q_sent - reach(c, i)
            if (
                (c_sent == q_sent and colon_before)
                or ((gap == 1 or (gap == 0 and before)) and _ends_in_quote(ctx, c))
                or (gap == 1 and new_paragraph and before and c.source is not None)
            ):
                donor_index, donor_gap = i, gap
        if donor_index is None:
            continue
        donor = claims[donor_index]
        last = max(s.end for s in donor.content)
        same_paragraph = "\n" not in ctx.text[min(last, donor.cue.end) : q.open_at]
        if colon_before:
            rule = "quote-carried"
        elif same_paragraph:
            if not _ends_in_quote(ctx, donor):
                continue
            merged = tuple(sorted(donor.content + (inner,), key=lambda s: s.start))
            claims[donor_index] = replace(donor, content=merged, rule=donor.rule + "+continued")
            taken.add(inner.start, inner.end, donor_index)
            by_reach[reach(claims[donor_index], donor_index)].append(donor_index)
            continue
        elif new_paragraph and donor_gap == 1 and donor.source is not None:
            rule = "quote-floating"
        else:
            continue
        q_end_sent = sentence_of(max(q.close_at - 1, q.start))
        sent_start = sentences[q_sent].start_char if q_sent >= 0 else q.open_at
        sent_end = sentences[q_end_sent].end_char if q_end_sent >= 0 else q.close_at + 1
        claims.append(
            RawClaim(
                cue=donor.cue,
                cue_lemma=donor.cue_lemma,
                content=(inner,),
                kind="direct",
                rule=rule,
                confidence=min(donor.confidence, 0.75),
                sentence=Span(sent_start, sent_end, ctx.text[sent_start:sent_end]),
                source=donor.source,
                addressee=donor.addressee,
                carried_over=True,
            )
        )
        register(len(claims) - 1)
    return claims


def _link_quoted_speakers(claims: list[RawClaim]) -> list[RawClaim]:
    """Mark claims whose cue sits inside another claim's direct quote (nested speech)."""
    quoted = SpanIndex()
    for j, other in enumerate(claims):
        if other.kind == "direct":
            for s in other.content:
                quoted.add(s.start, s.end, j)
    out = []
    for i, claim in enumerate(claims):
        parents = quoted.holding(claim.cue.start) - {i}
        out.append(replace(claim, quote_speaker_of=max(parents)) if parents else claim)
    return out


def candidates(
    article: Article, doc, lexicon: Lexicon, model: CueModel | None
) -> tuple[Context, list, list[RawClaim]]:
    """Every claim the patterns propose, before deduplication and quote continuation."""
    body_end = article.body_end if article.body_end is not None else len(article.text)
    quotes = find_quotes(article.text, article.body_start, body_end)
    ctx = Context(article.text, doc, quotes, lexicon, model)
    sentences = [s for s in doc.sents if s.text.strip()]
    found: list[RawClaim] = []
    for sent in sentences:
        if sent.end_char <= article.body_start or sent.start_char >= body_end:
            continue
        found.extend(verb_cues(ctx, sent))
        found.extend(according_to(ctx, sent))
        found.extend(noun_cues(ctx, sent))
    return ctx, sentences, found


def extract_raw(
    article: Article, doc, lexicon: Lexicon | None = None, model: CueModel | None | bool = True
) -> list[RawClaim]:
    """All claims found in one parsed article, sorted by cue position.

    ``model=True`` uses the shipped (or ``$KG_CUE_MODEL``) cue model when there is one; pass a
    ``CueModel``, or ``None`` for rules and lexicon only.
    """
    lexicon = lexicon or load_lexicon()
    if model is True:
        model = load_cue_model()
    return finish(*candidates(article, doc, lexicon, model or None))


def finish(ctx: Context, sentences: list, found: list[RawClaim]) -> list[RawClaim]:
    """From candidates to claims: drop duplicates, attach continued and colon-introduced quotes,
    link nested speech to the claim that quotes it."""
    claims = _dedupe(_orphan_quotes(ctx, _dedupe(found), sentences))
    # carried-over claims repeat their donor's claimant: point them at it for resolution
    first_with_cue: dict[Span, int] = {}
    for i, d in enumerate(claims):
        if not d.carried_over:
            first_with_cue.setdefault(d.cue, i)
    final = [
        replace(
            replace(c, inherit_from=first_with_cue.get(c.cue)) if c.carried_over else c,
            type=claim_type(ctx.text, c, ctx.lexicon),
        )
        for c in claims
    ]
    return _link_quoted_speakers(final)
