"""Turning spaCy tokens into trimmed character spans, and classifying mentions.

The only place where token positions become ``Span`` offsets; everything downstream sees
code-point offsets into the article text.
"""

from __future__ import annotations

from kg.data import words
from kg.extract.quotes import ALL_MARKS
from kg.resolve.names import ABBREVIATED
from kg.types import Mention, Span

PRONOUNS = words("pronouns")
FIRST_SECOND_PERSON = words("first_second_person")
GROUP_HEADS = words("group_heads")
ORG_HEADS = words("org_heads")
STRIP_EDGE = " \t\r\n,;:.-–—" + ALL_MARKS


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share (0: none)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def char_span(text: str, start: int, end: int, strip: str = " \t\r\n") -> Span | None:
    """Span of text[start:end] with ``strip`` characters trimmed off both ends; a closing
    bracket that closes one inside the span stays ("the Rail Authority (NRA)")."""
    limit = end
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    while (
        end < limit
        and text[end] == ")"
        and text.count("(", start, end) > text.count(")", start, end)
    ):
        end += 1
    if start >= end:
        return None
    return Span(start, end, text[start:end])


def token_range_span(text: str, tokens, strip: str = " \t\r\n,;:") -> Span | None:
    """The text from the first to the last token. White-space tokens do not count: they may
    stand for text that was blanked before parsing (a dateline), which is not theirs."""
    start = end = -1
    for t in tokens:  # one pass, each attribute read once (a token attribute is a call)
        if t.is_space:
            continue
        a = t.idx
        b = a + len(t.text)
        if start < 0 or a < start:
            start = a
        if b > end:
            end = b
    if start < 0:
        return None
    return char_span(text, start, end, strip)


def _name_text(text: str, name_span: Span) -> str:
    """The name as written; a final abbreviation keeps its full stop, which the edge trimming
    took ("the U.S.", "Samsung Electronics Co.")."""
    name = name_span.text
    if text[name_span.end : name_span.end + 1] == "." and ABBREVIATED.search(f"{name}."):
        return f"{name}."
    return name


HYPHENS = frozenset("-‐‑–")
PERSON_NOUNS = words("person_nouns")


def whole_words(toks: list) -> list:
    """The tokens extended over hyphen-joined parts of their edge words: the tokenizer splits
    "Wilson-Raybould" into three tokens and the parser may leave one part out of the phrase."""
    doc = toks[0].doc
    lo, hi = toks[0].i, toks[-1].i

    def glued(a: int) -> bool:  # doc[a] "-" doc[a + 2], written without spaces
        return (
            0 <= a
            and a + 2 < len(doc)
            and not doc[a].whitespace_
            and doc[a + 1].text in HYPHENS
            and not doc[a + 1].whitespace_
            and doc[a].is_alpha
            and doc[a + 2].is_alpha
        )

    while glued(hi):
        hi += 2
    while glued(lo - 2):
        lo -= 2
    return [doc[i] for i in range(lo, hi + 1)]


def _closes(toks: list) -> bool:
    """Whether the last token is a ")" closing a "(" among the tokens before it."""
    return toks[-1].text == ")" and sum(t.text == "(" for t in toks) > sum(
        t.text == ")" for t in toks[:-1]
    )


def np_tokens(head, *, drop_deps=("relcl", "advcl")):
    """The contiguous noun phrase of ``head`` as annotators mark a claimant (docs/guidelines.md):
    determiners, titles, appositions and following prepositional phrases are in ("Jane Doe, a
    spokeswoman for the ministry"); relative clauses are out ("The mentor", not "The mentor,
    who cannot be named").
    """
    keep = [head.i]  # token indices: cheaper to sort and compare than tokens
    for child in head.children:
        if child.dep_ in drop_deps:
            continue
        keep.extend(t.i for t in child.subtree)
    keep.sort()
    # stay contiguous around the head
    lo = hi = keep.index(head.i)
    while lo > 0 and keep[lo - 1] == keep[lo] - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1] == keep[hi] + 1:
        hi += 1
    doc = head.doc
    toks = [doc[i] for i in range(keep[lo], keep[hi] + 1)]
    while toks and toks[-1].is_punct and not _closes(toks):
        toks = toks[:-1]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    return whole_words(toks) if toks else [head]


def _entity_end(head, toks) -> int:
    """The last token of the name: the head, or the end of the named entity it starts when the
    entity goes on past it inside the phrase ("the Institute for Fiscal Studies", "the Bank
    of England": the name does not stop at the head noun)."""
    if head.ent_iob_ not in ("B", "I") or head.pos_ != "PROPN":
        return head.i
    last = toks[-1].i
    i = head.i
    while i + 1 <= last and head.doc[i + 1].ent_iob_ == "I":
        i += 1
    return i if head.doc[i].pos_ == "PROPN" else head.i


def _mistagged_name(head) -> bool:
    """A capitalised word that is not a noun but has an apposition ("Lopez, 45, a nurse from
    Ohio"): the tagger missed a name (a description or an age is apposed to people)."""
    return (
        head.pos_ in ("ADJ", "VERB", "ADV")
        and head.text[:1].isupper()
        and head.text[1:].islower()
        and any(c.dep_ == "appos" for c in head.children)
    )


def _apposed_name(child) -> bool:
    """A name in apposition after a comma ("Wise's dad, Darrin"), also when the parser labels
    it a bare-noun modifier."""
    if child.pos_ != "PROPN" and child.ent_type_ != "PERSON":
        return False
    if child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == "(":
        return False  # "The senator (D-Ohio)": an affiliation in brackets, not the name
    if child.dep_ == "appos":
        return True
    return (
        child.dep_ == "npadvmod" and child.i > child.head.i and child.doc[child.i - 1].text == ","
    )


def _capitalised(toks) -> bool:
    """Whether a phrase has a capital letter besides its article: a name does ("n't" tagged
    a proper noun does not, nor does "The council" tagged an organisation)."""
    return any(ch.isupper() for t in toks if t.lower_ not in ("the", "a", "an") for ch in t.text)


_MENTIONS: list = [None]  # (the last parse and text seen, their mentions by head and quote)


def mention_for(text: str, head, in_quote: bool = False) -> Mention | None:
    """Classify the phrase headed by ``head`` for claimant resolution. Memoised for the parse
    and text at hand (names, claimants and subjects ask for the same heads; a ``Mention`` is
    immutable); the rules do not change a parse once extraction has begun."""
    doc = head.doc
    last = _MENTIONS[0]  # one read of one tuple: safe when threads extract side by side
    if last is None or last[0] is not doc or last[1] is not text:
        last = _MENTIONS[0] = (doc, text, {})
    key = (head.i, in_quote)
    if key not in last[2]:
        last[2][key] = _mention_for(text, head, in_quote)
    return last[2][key]


def _mention_for(text: str, head, in_quote: bool) -> Mention | None:
    toks = np_tokens(head)
    span = token_range_span(text, toks, strip=" \t\r\n,;:" + ALL_MARKS)
    if span is None:
        return None
    lower = head.lower_
    plural = head.tag_ in ("NNS", "NNPS") or lower in ("they", "them", "we", "us")
    if lower in PRONOUNS and len(toks) == 1:
        return Mention(span, "pronoun", head=lower, plural=plural, in_quote=in_quote)
    ner = ""
    name_tokens = []
    for t in toks:
        if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") or t.pos_ == "PROPN":
            name_tokens.append(t)
            if t.ent_type_ and not ner:
                ner = t.ent_type_
    head_lemma = head.lemma_.lower()
    if head.pos_ == "NOUN" or head.ent_type_ != "PERSON":
        # "the White House press secretary, Josh Earnest": the apposed name names the claimant;
        # so does a person's name after a title read as a name ("Keeper of the Ruler's Seal,
        # Syed Danial", "One red-state Democrat, Montana Sen. Jon Tester")
        for child in head.children:
            if _apposed_name(child) and (head.pos_ == "NOUN" or child.ent_type_ == "PERSON"):
                named = mention_for(text, child, in_quote)
                if named is not None and named.kind == "name":
                    # "her dad, Darrin": a person, whatever type the tagger gave the name
                    person = (
                        head.lemma_.lower() in PERSON_NOUNS or head.pos_ != "NOUN"
                    ) and named.ner not in ("ORG",)
                    return Mention(
                        span,
                        "name",
                        ner="PERSON" if person else named.ner,
                        head=named.head,
                        in_quote=in_quote,
                        name=named.name,
                    )
    if _mistagged_name(head):  # "Lopez, 45, a nurse, said": the tagger took it for an adjective
        name_tokens.append(head)
    if (
        name_tokens
        and (head.pos_ == "PROPN" or head.ent_type_ or _mistagged_name(head))
        and _capitalised(toks)
    ):
        # the name part: the proper-noun run that contains (or ends at) the head
        run = [t for t in toks if (t.pos_ == "PROPN" or t.ent_type_) and t.i <= head.i]
        lo = run[-1].i if run else head.i
        while (
            lo - 1 >= toks[0].i
            and (
                head.doc[lo - 1].pos_ == "PROPN"
                or head.doc[lo - 1].ent_type_ in ("PERSON", "ORG", "GPE")
            )
            and head.doc[lo - 1].tag_ != "POS"
        ):
            lo -= 1
        hi = head.doc[_entity_end(head, toks)]
        name_span = token_range_span(text, whole_words([head.doc[lo], hi]), strip=STRIP_EDGE)
        name = _name_text(text, name_span) if name_span else span.text
        if head.ent_type_:
            ner = head.ent_type_
        return Mention(
            span, "name", ner=ner, head=head_lemma, plural=plural, in_quote=in_quote, name=name
        )
    if plural or toks[0].lower_ in ("a", "an", "some", "several", "two", "three", "many", "one"):
        if head_lemma in GROUP_HEADS or plural:
            return Mention(
                span, "group", ner=ner, head=head_lemma, plural=plural, in_quote=in_quote
            )
    if head.pos_ in ("NOUN", "PROPN"):
        return Mention(
            span,
            "description",
            ner=head.ent_type_,
            head=head_lemma,
            plural=plural,
            in_quote=in_quote,
        )
    return Mention(span, "other", ner=ner, head=head_lemma, plural=plural, in_quote=in_quote)


def with_relative_clause(
    text: str, doc, span: Span, cues: frozenset[int], after_cue: bool = False
) -> Span:
    """The claimant span with a relative clause on one of its words, where annotators keep it.
    A restrictive one ("people who lost their insurance say", "the polling that was done before
    the primary showed"): without a comma the clause says which people (PolNeAR train: all of
    13). A "who" clause set off by a comma after the cue ("…,” said Ann Lee, who chairs the
    board."): PolNeAR train keeps 86 of 126; before the cue ("Ann Lee, who chairs the board,
    said") it is split evenly (81 of 166) and "which"/"whose" clauses mostly stay out, so those
    stay out (docs/guidelines.md). A clause that holds a claim's cue ("officials who spoke to
    reporters") is that claim's, not the claimant's. ``cues``: token indices of the article's
    claim cues; ``after_cue``: the claimant follows its cue."""
    first = doc.char_span(span.start, span.end, alignment_mode="expand")
    if first is None or len(first) == 0:
        return span
    last = first[-1].i
    nxt = last + 1
    if nxt >= len(doc) or doc[nxt].is_space or doc[nxt].is_quote:
        return span
    start = nxt
    if doc[nxt].text == ",":  # set off: only "…, said X, who …"
        if not after_cue or nxt + 1 >= len(doc) or doc[nxt + 1].lower_ != "who":
            return span
        start = nxt + 1
    elif doc[nxt].is_punct:
        return span
    clauses = [
        c
        for t in doc[first.start : last + 1]
        for c in t.children
        if c.dep_ == "relcl" and c.left_edge.i == start
    ]
    if not clauses or clauses[0].right_edge.i < start:
        return span
    end = clauses[0].right_edge.i
    if any(i in cues or doc[i].is_quote or doc[i].is_sent_start for i in range(nxt, end + 1)):
        return span
    out = char_span(text, span.start, doc[end].idx + len(doc[end].text), STRIP_EDGE)
    return out or span
