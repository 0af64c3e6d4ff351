"""Attribution patterns on the spaCy dependency parse, one function per pattern family.

Each pattern returns ``RawClaim`` values with character spans; the orchestration (which quote is
already taken, carrying a claimant over to the next quote) lives in ``kg.extract.__init__``.
Dependency-label sets are constants at the top, as in textacy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import ADDRESSEE_OBJECT_VERBS, OBJECT_CONTENT_VERBS, Lexicon
from kg.extract.quotes import Quote, enclosing
from kg.extract.spans import (
    FIRST_SECOND_PERSON,
    char_span,
    mention_for,
    np_tokens,
    token_range_span,
)
from kg.types import Mention, RawClaim, Span

SUBJECT_DEPS = ("nsubj", "nsubjpass")
COMPLEMENT_DEPS = ("ccomp",)
# Verbs whose object controls the subject of their infinitive ("leading the officer to believe").
OBJECT_CONTROL = frozenset("lead persuade convince prompt cause force urge encourage ask tell".split())
# Verbs after which "called X and said" makes X the addressee of "said".
CONTACT_VERBS = frozenset("call contact phone email text write approach ring telephone message".split())
# Verbs in a relative clause that make their "to" object the addressee ("report, sent to X").
SENDING_VERBS = frozenset("send submit give pass forward hand deliver present".split())
TO_ADDRESSEE_VERBS = frozenset(
    "say speak explain write complain report reveal admit confess tweet announce describe "
    "suggest mention insist plead repeat declare".split()
)
LEADING_MARKS = frozenset({"that", "how"})
STRIP_CONTENT = " \t\r\n,;:–—-"
QUOTE_GAP_AFTER = re.compile(r"[^.!?\n“”\"‘]{0,80}?[,:][ \t]*|[ \t]*")
QUOTE_GAP_BEFORE_MAX = 80


@dataclass
class Context:
    """What every pattern needs: the text, the parse, quotes, the lexicon."""

    text: str
    doc: object
    quotes: list[Quote]
    lexicon: Lexicon

    def quote_at(self, offset: int) -> Quote | None:
        return enclosing(self.quotes, offset, offset + 1)

    def top_quote_at(self, offset: int) -> Quote | None:
        best = None
        for q in self.quotes:
            if q.open_at < offset < q.close_at and (best is None or q.depth < best.depth):
                best = q
        return best


# --- small helpers -----------------------------------------------------------------------------


def subject_of(verb, depth: int = 0):
    """The grammatical subject of ``verb``, following control and coordination up the tree."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    if depth > 3 or verb.dep_ == "ROOT":
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        return subject_of(head.head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl") and head.lemma_ in OBJECT_CONTROL:
        for child in head.children:
            if child.dep_ == "dobj":
                return child
    if verb.dep_ in ("xcomp", "advcl", "conj"):
        return subject_of(head, depth + 1)
    return None


def cue_span(ctx: Context, verb) -> Span:
    """The cue as annotators draw it: the verb with a following particle ("pointed out")."""
    toks = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return token_range_span(ctx.text, toks) or Span(verb.idx, verb.idx + len(verb.text), verb.text)


def _excluded_clauses(root):
    """Trailing participle clauses (", leading X to believe …") that are the narrator's, not
    part of the reported content."""
    out = set()
    for tok in root.subtree:
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > root.i:
            prev = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
            if prev is not None and prev.text == ",":
                out.update(t.i for t in tok.subtree)
                out.add(prev.i)
    return out


def clause_span(ctx: Context, root, *, stop_at_quote: bool = True) -> Span | None:
    """The text of a complement clause: its subtree, without a leading that/how, a trailing
    narrator's clause, or a colon-introduced quote that follows it."""
    excluded = _excluded_clauses(root)
    toks = [t for t in root.subtree if t.i not in excluded]
    while toks and (toks[0].lower_ in LEADING_MARKS and toks[0].dep_ in ("mark", "advmod")):
        toks = toks[1:]
    if not toks:
        return None
    start = toks[0].idx
    end = max(t.idx + len(t.text) for t in toks)
    # contiguous part only: stop at the first gap left by an excluded clause
    ordered = sorted(t.i for t in toks)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b != a + 1 and any(i in excluded for i in range(a + 1, b)):
            end = root.doc[a].idx + len(root.doc[a].text)
            break
    if stop_at_quote:
        for q in ctx.quotes:
            if start < q.open_at < end and q.depth == 0:
                before = ctx.text[start : q.open_at].rstrip()
                if before.endswith(":"):
                    end = len(before) + start - 1
                    break
    return char_span(ctx.text, start, end, STRIP_CONTENT + ".")


def kind_of(ctx: Context, content: tuple[Span, ...], quote: Quote | None) -> str:
    if quote is not None:
        return "direct"
    for span in content:
        for q in ctx.quotes:
            if span.start <= q.open_at and q.close_at < span.end:
                return "mixed"
    return "indirect"


def addressee_of(ctx: Context, verb, content_root=None) -> Mention | None:
    """Whom the claim was addressed to: "told her", "said to reporters", "called me and said",
    "the report, which was sent to the Home Office"."""
    lemma = verb.lemma_.lower()
    in_quote = ctx.quote_at(verb.idx) is not None
    for child in verb.children:
        if child.dep_ in ("dative",) and child.pos_ in ("PRON", "PROPN", "NOUN"):
            return mention_for(ctx.text, child, in_quote)
        if child.dep_ == "dobj" and lemma in ADDRESSEE_OBJECT_VERBS:
            return mention_for(ctx.text, child, in_quote)
        if child.dep_ in ("prep", "dative") and child.lower_ == "to" and lemma in TO_ADDRESSEE_VERBS:
            for g in child.children:
                if g.dep_ == "pobj":
                    return mention_for(ctx.text, g, in_quote)
    if verb.dep_ == "conj" and verb.head.lemma_.lower() in CONTACT_VERBS:
        for child in verb.head.children:
            if child.dep_ == "dobj":
                return mention_for(ctx.text, child, in_quote)
    if content_root is not None:
        for tok in content_root.subtree:
            if tok.lemma_.lower() in SENDING_VERBS:
                for child in tok.children:
                    if child.dep_ in ("dative", "prep") and child.lower_ == "to":
                        for g in child.children:
                            if g.dep_ == "pobj":
                                return mention_for(ctx.text, g, in_quote)
    return None


def _quote_after(ctx: Context, verb, sentence) -> Quote | None:
    """A quote opening right after the cue ("said: ‘…’", "said, “…”")."""
    end = verb.idx + len(verb.text)
    for q in ctx.quotes:
        if q.open_at < end or q.open_at > sentence.end_char + 1:
            continue
        if ctx.quote_at(verb.idx) is q:
            continue
        gap = ctx.text[end : q.open_at]
        if QUOTE_GAP_AFTER.fullmatch(gap):
            return q
        return None
    return None


def _quote_before(ctx: Context, verb, subject) -> Quote | None:
    """A quote closing right before the cue and its subject ("‘…,’ the officer added")."""
    start = verb.idx
    if subject is not None and subject.i < verb.i:
        start = min(start, subject.left_edge.idx)
    best = None
    for q in ctx.quotes:
        if q.close_at < start and start - q.close_at <= QUOTE_GAP_BEFORE_MAX:
            if ctx.quote_at(verb.idx) is not None and ctx.quote_at(verb.idx) is not enclosing(
                ctx.quotes, q.open_at, q.close_at
            ):
                continue
            gap = ctx.text[q.close_at + 1 : start]
            if re.fullmatch(r"[ \t,]*", gap) and (best is None or q.close_at > best.close_at):
                best = q
    if best is None:
        return None
    inner = ctx.text[best.start : best.end].rstrip()
    if inner.endswith((",", "?", "!", "—", "-", "…")) or ctx.text[best.close_at + 1 : start].strip() == ",":
        return best
    return None


def _mostly_inside(root, quote: Quote) -> bool:
    toks = [t for t in root.subtree if not t.is_punct]
    inside = sum(1 for t in toks if quote.open_at < t.idx < quote.close_at)
    return inside * 2 > len(toks)


def _passive_non_expletive(verb) -> bool:
    """"lessons are learnt": a passive cue whose subject is not an expletive "it" has no
    reported content of its own."""
    return any(c.dep_ == "nsubjpass" and c.lower_ != "it" for c in verb.children)


# --- patterns -----------------------------------------------------------------------------------


def verb_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting verbs with a complement: direct quotes around the verb, ccomp paraphrase,
    coordinated "and that …" complements, object contents ("revealed the incident") and
    advice ("advise him against …")."""
    claims: list[RawClaim] = []
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "aux":
            continue
        info = ctx.lexicon.verb(verb.lemma_)
        if info is None:
            continue
        if _passive_non_expletive(verb):
            continue
        subject = subject_of(verb)
        verb_quote = ctx.top_quote_at(verb.idx)
        in_quote = verb_quote is not None
        if in_quote and subject is None:
            continue
        source = mention_for(ctx.text, subject, in_quote) if subject is not None else None
        if in_quote and source is not None and source.span.text.lower() in FIRST_SECOND_PERSON:
            continue  # "we recommend …" inside a quote is the quoted speaker's own assertion
        cue = cue_span(ctx, verb)
        sent = Span(sentence.start_char, sentence.end_char, sentence.text)
        base = dict(cue=cue, cue_lemma=verb.lemma_.lower(), sentence=sent, source=source)
        conf = 0.45 + 0.5 * info.precision

        found: list[tuple[tuple[Span, ...], Quote | None, str, object]] = []
        q_after = _quote_after(ctx, verb, sentence)
        q_before = _quote_before(ctx, verb, subject)
        for q, rule in ((q_before, "quote-cue-after"), (q_after, "quote-cue-before")):
            if q is not None:
                span = char_span(ctx.text, q.start, q.end)
                if span:
                    found.append(((span,), q, rule, None))
        complements = [c for c in verb.children if c.dep_ in COMPLEMENT_DEPS]
        complements += [
            c
            for c in verb.children
            if c.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ]
        for comp in complements:
            if verb_quote is not None and not verb_quote.contains(comp.idx):
                continue  # a cue inside a quote takes its content inside the same quote
            q = ctx.top_quote_at(comp.idx)
            if q is not None and not _mostly_inside(comp, q):
                q = None  # a quoted fragment inside a paraphrase: mixed, not direct
            if q is not None and q is not verb_quote:
                if any(f[1] is q for f in found):
                    continue
                span = char_span(ctx.text, q.start, q.end)
                if span:
                    found.append(((span,), q, "quote-complement", comp))
                continue
            if any(f[1] is not None and f[1].contains(comp.idx) for f in found):
                continue
            span = clause_span(ctx, comp)
            if span and verb_quote is not None:
                span = char_span(
                    ctx.text, max(span.start, verb_quote.start), min(span.end, verb_quote.end),
                    STRIP_CONTENT,
                )
            if span:
                found.append(((span,), None, "complement", comp))
        if not found and verb.lemma_.lower() in OBJECT_CONTENT_VERBS | {"advise", "warn", "urge", "caution"}:
            for child in verb.children:
                target = None
                if child.dep_ == "dobj" and verb.lemma_.lower() in OBJECT_CONTENT_VERBS:
                    target = child
                    span = token_range_span(ctx.text, np_tokens(child), strip=STRIP_CONTENT + ".")
                    if span:
                        found.append(((span,), None, "object", target))
                        break
                elif child.dep_ == "prep" and child.lower_ in ("against", "about", "of", "on"):
                    target = child
                elif child.dep_ == "xcomp":
                    target = child
                if target is not None:
                    toks = list(target.subtree)
                    span = token_range_span(ctx.text, toks, strip=STRIP_CONTENT + ".")
                    if span:
                        found.append(((span,), None, "object", target))
                        break
        for content, quote, rule, root in found:
            addressee = addressee_of(ctx, verb, root if rule == "object" else None)
            claims.append(
                RawClaim(
                    **base,
                    content=content,
                    kind=kind_of(ctx, content, quote),
                    rule=rule,
                    confidence=min(0.95, conf + (0.1 if quote is not None else 0.0)),
                    addressee=addressee,
                )
            )
    return claims


def according_to(ctx: Context, sentence) -> list[RawClaim]:
    """"According to X, S" / "S, according to X": the cue is "according to", the content is
    the rest of the sentence."""
    claims = []
    for tok in sentence:
        if tok.lower_ != "according" or tok.i + 1 >= len(ctx.doc) or ctx.doc[tok.i + 1].lower_ != "to":
            continue
        to = ctx.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase_end = max(t.idx + len(t.text) for t in pobj.subtree)
        cue = Span(tok.idx, to.idx + len(to.text), ctx.text[tok.idx : to.idx + len(to.text)])
        parts = []
        left = char_span(ctx.text, sentence.start_char, tok.idx, STRIP_CONTENT)
        right = char_span(ctx.text, phrase_end, sentence.end_char, STRIP_CONTENT + ".")
        for part in (left, right):
            if part is not None and len(part.text) > 12:
                parts.append(part)
        if not parts:
            continue
        source = mention_for(ctx.text, pobj, ctx.quote_at(tok.idx) is not None)
        content = tuple(parts)
        claims.append(
            RawClaim(
                cue=cue,
                cue_lemma="according to",
                content=content,
                kind=kind_of(ctx, content, None),
                rule="according-to",
                confidence=0.85,
                sentence=Span(sentence.start_char, sentence.end_char, sentence.text),
                source=source,
            )
        )
    return claims


def noun_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting nouns: "X's claim that S", "raised concerns over S", "a statement saying S"."""
    claims = []
    for noun in sentence:
        if noun.pos_ != "NOUN":
            continue
        info = ctx.lexicon.noun(noun.lemma_)
        if info is None:
            continue
        governor = noun.head if noun.dep_ == "dobj" else None
        content_root = None
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                content_root = child
            elif child.dep_ == "prep" and child.lower_ in ("over", "about", "that", "regarding"):
                content_root = next((g for g in child.children if g.dep_ == "pobj"), None)
        if content_root is None:
            continue
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        subject = None
        if governor is not None and governor.pos_ == "VERB":
            subject = subject_of(governor)
        if subject is None and poss is not None and poss.lower_ not in ("his", "her", "their", "its"):
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
            for c in governor.children:
                if c.dep_ == "conj" and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children):
                    tail = clause_span(ctx, c)
                    if tail and tail.end > content.end:
                        content = Span(content.start, tail.end, ctx.text[content.start : tail.end])
        in_quote = ctx.quote_at(noun.idx) is not None
        claims.append(
            RawClaim(
                cue=cue,
                cue_lemma=noun.lemma_.lower(),
                content=(content,),
                kind=kind_of(ctx, (content,), None),
                rule="noun-cue",
                confidence=0.4 + 0.4 * info.precision,
                sentence=Span(sentence.start_char, sentence.end_char, sentence.text),
                source=mention_for(ctx.text, subject, in_quote) if subject is not None else None,
            )
        )
    return claims
