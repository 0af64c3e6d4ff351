"""Quotes with no cue of their own (``orphan_quotes``) and nested speech
(``link_quoted_speakers``): the claims a quote continues, carries over or floats after.

A quote that continues a split quotation in the same paragraph ("“Q1,” he said. “Q2.”")
becomes a further content span of that claim — one act of saying, one claim, as annotators of
attribution corpora mark it. A quote after a colon becomes a claim of its own with the same
claimant and cue (``carried_over``). So does a **floating quote**: a quote that opens the
paragraph right after the one whose last sentence holds the claim (news style: the speaker goes
on in a new paragraph without a new "she said"), or that is the whole next sentence of the
claim's own paragraph ("She said the vote was rigged. “We will appeal.”"). A quote after a
paragraph of narration, or after another speaker's claim, is not the earlier speaker's: the
donor is always the last claim before the quote, and only when no sentence stands between
them. Claims nested in another claim's content ("said he still fears …") are never donors: the
outer speaker is the one who goes on.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace

from kg.extract.context import Context
from kg.extract.intervals import SpanIndex, sentence_starts
from kg.extract.quotes import ALL_MARKS, Quote
from kg.extract.spans import char_span
from kg.types import RawClaim, Span

PARAGRAPH_STRIP = " \t\r\n" + ALL_MARKS  # edges of one paragraph of a quote
SPACES = " \t\xa0\u2009\u202f"  # in a line: spaces, no-break and thin spaces
SETTING_APART = frozenset(".,:;!?…—–-\n")  # what a quotation of its own follows
LINKING_WORDS = frozenset({"and", "but", "or", "that", "then", "adding", "saying"})
MIN_ORPHAN_QUOTE_WORDS = 4  # shorter quotes are scare quotes or titles, not statements
ASIDE_DEPS = frozenset({"advcl", "xcomp", "acl", "conj"})  # "…, referring to X" after a cue
RELATIVE_CLAIMANTS = frozenset({"who", "whose", "which"})  # "…, said Lee, who chairs it."


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
    """ "Simple as that.", "Safety." — a short quote that is a whole sentence, not a scare
    quote."""
    text = text.strip()
    return bool(text) and text[:1].isupper() and text.rstrip(ALL_MARKS)[-1:] in ".!?…"


def _whole_sentences(text: str, q: Quote, sentences: list, q_sent: int) -> bool:
    """The quotation is one or more whole sentences: it opens its sentence and nothing but
    punctuation follows it before the paragraph's next sentence or its end ("… rigged.
    “We will appeal.”"), unlike a quoted phrase that starts a sentence (“Toxic” is how …)."""
    if q_sent < 0:
        return False
    if text[sentences[q_sent].start_char : q.open_at].strip(SPACES + ALL_MARKS):
        return False
    line_end = text.find("\n", q.after)
    line = text[q.after : len(text) if line_end < 0 else line_end]  # not the rest of the text
    rest = line.lstrip(SPACES + ".,!?…" + ALL_MARKS)
    return not rest or rest[:1].isupper()


def _set_apart(text: str, offset: int) -> bool:
    """The quotation opening at ``offset`` follows punctuation (“Q1,” she said, “Q2.”; “Q1.”
    “Q2.”) or a word that links it to what came before (she said, but “Q2”), not a word of
    the clause it sits in (said on CBS' “Face the Nation.”)."""
    k = offset
    while k > 0 and (text[k - 1] in SPACES or text[k - 1] in ALL_MARKS):
        k -= 1
    if k == 0 or text[k - 1] in SETTING_APART:
        return True
    word = text[max(0, k - 12) : k].split()[-1:]  # “Q1,” he said, but “Q2”; … and that “Q2”
    return bool(word) and word[0].lower() in LINKING_WORDS


def _opens_paragraph(text: str, offset: int) -> bool:
    """Nothing but white space between the last line break and ``offset``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


class _Donors:
    """The claims so far, indexed by sentence: only claims reaching the quote's sentence or the
    one before, or cued in its sentence, can be donors, so only those are looked at (linear in
    the article)."""

    def __init__(self, ctx: Context, claims: list[RawClaim], sentences: list) -> None:
        self.ctx = ctx
        self.claims = list(claims)
        self.sentence_of = _sentence_finder(sentences)
        self.taken = SpanIndex()  # every claim's content spans, keyed by claim index
        self.cue_sentence: list[int] = []
        self.by_reach: dict[int, list[int]] = defaultdict(list)  # last sentence a claim reaches
        self.by_cue_sentence: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.claims)):
            self.register(i)

    def reach(self, c: RawClaim, i: int) -> int:
        return max(self.cue_sentence[i], max(self.sentence_of(s.end - 1) for s in c.content))

    def register(self, i: int) -> None:
        c = self.claims[i]
        self.cue_sentence.append(self.sentence_of(c.cue.start))
        self.by_cue_sentence[self.cue_sentence[i]].append(i)
        self.by_reach[self.reach(c, i)].append(i)
        for s in c.content:
            self.taken.add(s.start, s.end, i)

    def donor(
        self, q: Quote, q_sent: int, colon_before: bool, own_sentence: bool
    ) -> tuple[int | None, int]:
        """The index of the claim ``q`` continues or floats after, and the sentence gap."""
        near = set(self.by_reach[q_sent]) | set(self.by_reach[q_sent - 1])
        if colon_before:
            near |= set(self.by_cue_sentence[q_sent])
        fits: list[tuple[int, int]] = []
        for i in sorted(near):
            c = self.claims[i]
            if c.cue.start >= q.open_at or self.ctx.top_quote_at(c.cue.start) is not None:
                continue
            if self.taken.holding(c.cue.start) - {i}:
                continue  # nested in another claim's content: never a donor
            c_sent = self.cue_sentence[i]
            before = max(s.end for s in c.content) <= q.open_at
            gap = q_sent - self.reach(c, i)
            if (
                (c_sent == q_sent and colon_before)
                or ((gap == 1 or (gap == 0 and before)) and _ends_in_quote(self.ctx, c))
                or (gap == 1 and own_sentence and before and c.source is not None)
            ):
                fits.append((i, gap))
        while len(fits) > 1 and self._aside(fits[-1][0], fits[-2][0]):
            fits.pop()
        return fits[-1] if fits else (None, 0)

    def _aside(self, i: int, earlier: int) -> bool:
        """ "“Q1,” Manchin said, referring to the Senate. “Q2.”": a participle after the cue,
        with the same claimant, is an aside; the speaker goes on with what he said. So is a
        claim in a relative clause on the claimant ("“Q1,” said Lee, whose group does not
        endorse candidates. “Q2.”")."""
        c, e = self.claims[i], self.claims[earlier]
        if (
            c.source is not None
            and c.source.span.text.split(maxsplit=1)[0].lower() in RELATIVE_CLAIMANTS
            and e.source is not None
            and e.source.span.end <= c.source.span.start
            and self.cue_sentence[i] == self.cue_sentence[earlier]
        ):
            return True
        if c.source is None or e.source is None or c.source.span != e.source.span:
            return False
        span = self.ctx.doc.char_span(c.cue.start, c.cue.end, alignment_mode="expand")
        if span is None:
            return False
        token = span.root
        return token.tag_ == "VBG" and token.dep_ in ASIDE_DEPS


def split_paragraphs(text: str, claims: list[RawClaim]) -> list[RawClaim]:
    """A content span that runs over a paragraph break (a quote that goes on in the next
    paragraph, reopened with a new mark) becomes one span per paragraph, as annotators mark
    it: the break and the reopening mark are not part of what was said."""
    out = []
    for claim in claims:
        if not any("\n" in s.text for s in claim.content):
            out.append(claim)
            continue
        pieces: list[Span] = []
        for span in claim.content:
            start = span.start
            for line in span.text.split("\n"):
                piece = char_span(text, start, start + len(line), PARAGRAPH_STRIP)
                if piece is not None:
                    pieces.append(piece)
                start += len(line) + 1
        out.append(replace(claim, content=tuple(pieces)) if pieces else claim)
    return out


def balanced_brackets(text: str, claims: list[RawClaim]) -> list[RawClaim]:
    """A content span never runs out of a parenthesis it starts in, nor into one it does not
    close ("The company (which declined to comment) said …": the content of "declined" ends
    at the closing bracket)."""
    out = []
    for claim in claims:
        content = tuple(_within_brackets(text, s) for s in claim.content)
        out.append(claim if content == claim.content else replace(claim, content=content))
    return out


def _within_brackets(text: str, span: Span) -> Span:
    depth = 0
    for k, ch in enumerate(span.text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:  # closes a bracket opened before the span: stop there
                return char_span(text, span.start, span.start + k, PARAGRAPH_STRIP + ",;") or span
    if depth > 0:  # opens a bracket it does not close: stop before it
        cut = span.text.rfind("(")
        return char_span(text, span.start, span.start + cut, PARAGRAPH_STRIP + ",;") or span
    return span


def join_split_quotes(claims: list[RawClaim]) -> list[RawClaim]:
    """ "“Q1,” she said, “Q2.”": the quote before the cue and the quote after it are one act of
    saying, so the two readings of the cue become one claim with two content spans (as
    annotators mark a quotation the cue interrupts). Done after the claim gate, which scores
    each reading on its own."""
    after = {
        (c.cue, c.source.span if c.source else None): i
        for i, c in enumerate(claims)
        if c.rule.split("+")[0] == "quote-cue-before" and c.kind == "direct"
    }
    joined: dict[int, RawClaim] = {}
    dropped: set[int] = set()
    for i, c in enumerate(claims):
        if c.rule.split("+")[0] != "quote-cue-after" or c.kind != "direct":
            continue
        j = after.get((c.cue, c.source.span if c.source else None))
        if j is None or j in dropped:
            continue
        second = claims[j]
        if min(s.start for s in second.content) < max(s.end for s in c.content):
            continue
        joined[i] = replace(
            c,
            content=c.content + second.content,
            confidence=max(c.confidence, second.confidence),
            rule=c.rule + "+split",
        )
        dropped.add(j)
    return [joined.get(i, c) for i, c in enumerate(claims) if i not in dropped]


def orphan_quotes(ctx: Context, claims: list[RawClaim], sentences: list) -> list[RawClaim]:
    """Give quotes with no cue of their own to the claim just before them (module docstring)."""
    donors = _Donors(ctx, claims, sentences)
    for q in ctx.quotes:
        if q.depth != 0:
            continue
        inner = char_span(ctx.text, q.start, q.end)
        if inner is None:
            continue
        if len(inner.text.split()) < MIN_ORPHAN_QUOTE_WORDS and not _sentence_like(inner.text):
            continue
        if any(
            not inner.start <= donors.claims[i].cue.start < inner.end
            for i in donors.taken.overlapping(inner.start, inner.end)
        ):
            continue  # a claim's already; one nested in it (“They said, ‘Q’”) does not count
        _give(donors, q, inner, sentences)
    return donors.claims


def _give(donors: _Donors, q: Quote, inner: Span, sentences: list) -> None:
    """Attach the orphan quote ``q`` (its text ``inner``) to its donor, if it has one."""
    ctx, claims = donors.ctx, donors.claims
    q_sent = donors.sentence_of(q.start)  # the opening mark may end the sentence before
    colon_before = ctx.text[: q.open_at].rstrip().endswith(":")
    new_paragraph = _opens_paragraph(ctx.text, q.open_at)
    own = new_paragraph or _whole_sentences(ctx.text, q, sentences, q_sent)
    donor_index, donor_gap = donors.donor(q, q_sent, colon_before, own)
    if donor_index is None:
        return
    donor = claims[donor_index]
    last = max(s.end for s in donor.content)
    same_paragraph = "\n" not in ctx.text[min(last, donor.cue.end) : q.open_at]
    if colon_before:
        rule = "quote-carried"
    elif same_paragraph and not _ends_in_quote(ctx, donor):
        # "Ms. Ruiz said the vote was rigged. “We will appeal.”": she goes on, in quotes
        if not (own and donor_gap == 1 and donor.source is not None):
            return
        rule = "quote-floating"
    elif same_paragraph:
        if not _set_apart(ctx.text, q.open_at):
            return  # on CBS' “Face the Nation.”: a title or phrase inside the clause
        merged = tuple(sorted(donor.content + (inner,), key=lambda s: s.start))
        claims[donor_index] = replace(donor, content=merged, rule=donor.rule + "+continued")
        donors.taken.add(inner.start, inner.end, donor_index)
        donors.by_reach[donors.reach(claims[donor_index], donor_index)].append(donor_index)
        return
    elif new_paragraph and donor_gap == 1 and donor.source is not None:
        rule = "quote-floating"
    else:
        return
    q_end_sent = donors.sentence_of(max(q.close_at - 1, q.start))
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
    donors.register(len(claims) - 1)


def link_quoted_speakers(claims: list[RawClaim]) -> list[RawClaim]:
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
