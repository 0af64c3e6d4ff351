"""Attributions written by layout rather than by a reporting verb.

- A quotation signed with a dash at the end of its line: "“…” ― Ann Lee", "“…” — Ann Lee
  (@annlee) July 5, 2016". The dash is the cue, the name the claimant. (Embedded posts signed
  without quotation marks are left alone: PolNeAR annotates too few of them to tell.)
- A pulled quotation: a paragraph of sentences signed after its last one with the speaker's
  name, without marks or a dash ("It is very bad for our seniors. Rod Peters, Lakeview mayor"),
  as news sites set off quotes beside the story. The name is claimant and cue.
- A headline "Name: claim" ("Mayor: Bridge Will Reopen in May"): the colon is the cue. Only the
  article's first line, and only when what precedes the colon is a short name-like phrase, or
  any short noun phrase when a whole quotation follows ("Rail chief: 'We got it wrong'").
- A transcript turn: a paragraph opening with a speaker label in capitals and a colon
  ("SMITH: We will not back down.", "SEN. ANN LEE: …"). The colon is the cue, the label the
  claimant, the rest of the paragraph the content. Section headings of the same layout
  ("ENERGY: Crude oil fell …", "KEEPING SCORE: …" in a market report) are not speakers: a
  label counts when some speaker of the article takes a second turn (a transcript), or when
  it looks like a name (a title, or given names and surnames of the census lists).

Both are read off the text (offsets are the article's), with the parse used only to classify
the claimant phrase.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from kg.data import lines, sections
from kg.extract.context import Context, sentence_span
from kg.extract.quotes import ALL_MARKS, DOUBLE_CLOSE, DOUBLE_OPEN, STRAIGHT_DOUBLE
from kg.extract.spans import char_span, mention_for
from kg.types import RawClaim, Span

_SP = r"[ \t\u00a0]"
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|de|da|del|van|von|la|le|bin|al)"
# dash, name (up to five words), optional @handle and date, then the end of the line
SIGNATURE = re.compile(
    rf"{_SP}*(?P<dash>[―—–]|--?){_SP}*"
    rf"(?P<name>[A-Z][\w.'’-]*(?:{_SP}+{_NAME_WORD}){{0,4}})"
    rf"(?P<handle>{_SP}*\(@\w{{1,30}}\))?"
    rf"(?:{_SP}+[A-Z][a-z]+\.?{_SP}+\d{{1,2}},{_SP}+\d{{4}})?"
    rf"[{_SP[1:-1]}.]*(?=\n|$|<)"
)
HEADLINE = re.compile(rf"(?P<who>[^\n:]{{2,40}}?){_SP}*(?P<colon>:){_SP}+(?P<what>[^\n]{{12,}})")
# first words of a headline that label the story, not a claimant
HEADLINE_LABELS = frozenset(
    "exclusive breaking watch video update latest look wow boom busted revealed bombshell "
    "just paid live analysis opinion editorial fact podcast photos the".split()
)
# a paragraph (optionally opened by a quotation mark) starting "LABEL: text"
TURN = re.compile(
    rf"(?:^|(?<=\n))[ \t]*[\"“‘']?(?P<who>[A-Z][A-Z.'’-]*(?:{_SP}[A-Z][A-Z.'’-]*){{0,3}})"
    rf"{_SP}*(?P<colon>:){_SP}+(?P<what>[^\n]{{12,}})"
)
# capitalised labels that open a paragraph but are not speakers
TURN_LABELS = frozenset(
    "update updated editor's note editors correction breaking exclusive watch video photo photos "
    "source sources related read more also caption credit q a crosstalk unidentified male female "
    "audience announcer unknown ps nb".split()
)
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE
MAX_HEADLINE_WHO_WORDS = 5
SIGNATURE_CONFIDENCE = 0.8
HEADLINE_CONFIDENCE = 0.6


def _mention(ctx: Context, start: int, end: int):
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    mention = mention_for(ctx.text, span.root, False)
    if mention is None:
        return None
    text = char_span(ctx.text, start, end, " \t\u00a0.,")
    return mention if text is None else replace(mention, span=text)


def _sentence(ctx: Context, offset: int) -> Span | None:
    for sent in ctx.doc.sents:
        if sent.start_char <= offset < sent.end_char:
            return sentence_span(ctx, sent)
    return None


def signed_quotes(ctx: Context, body_start: int, body_end: int) -> list[RawClaim]:
    """Quotations signed with a dash and a name at the end of their line."""
    claims: list[RawClaim] = []
    for q in ctx.quotes:
        if q.depth != 0 or not body_start <= q.open_at < body_end:
            continue
        m = SIGNATURE.match(ctx.text, q.after)
        if m is None:
            continue
        content = char_span(ctx.text, q.start, q.end, " \t\r\n" + ALL_MARKS)
        if content is None:
            continue
        claims.append(_signed(ctx, m, (content,), "direct"))
    return [c for c in claims if c.source is not None]


def _signed(ctx: Context, m: re.Match, content: tuple[Span, ...], kind: str) -> RawClaim:
    dash = Span(m.start("dash"), m.end("dash"), m.group("dash"))
    end = m.end("handle") if m.group("handle") else m.end("name")
    return RawClaim(
        cue=dash,
        cue_lemma="signature",
        content=content,
        kind=kind,
        rule="signature",
        confidence=SIGNATURE_CONFIDENCE,
        sentence=_sentence(ctx, dash.start),
        source=_mention(ctx, m.start("name"), end),
    )


# the end of a paragraph: sentences, then a name line without final punctuation ("… backup.
# Rod Peters, Lake Cowichan mayor")
PULL_NAME = re.compile(
    rf"(?<=[.!?…”\"’)]){_SP}+(?P<name>[A-Z][\w.'’-]*(?:{_SP}+{_NAME_WORD}){{1,5}})"
    rf"(?P<title>,{_SP}+[^\n.!?:;“”\"]{{2,60}})?{_SP}*$",
    re.MULTILINE,
)
MIN_PULL_QUOTE_WORDS = 6


def pull_quotes(ctx: Context, body_start: int, body_end: int) -> list[RawClaim]:
    """ "It is very bad for our seniors. Rod Peters, Lake Cowichan mayor": a pulled quotation,
    set off as its own paragraph and signed with the speaker's name (and title) after its last
    sentence, without quotation marks or a dash. The name is the claimant (and stands as the
    cue, as the dash of a signature does), the sentences before it the content. Only a name
    the parser knows for a person or an organisation."""
    claims: list[RawClaim] = []
    for m in PULL_NAME.finditer(ctx.text, body_start, body_end):
        para_start = ctx.text.rfind("\n", body_start, m.start()) + 1
        content = char_span(ctx.text, para_start, m.start(), " \t\r\n" + ALL_MARKS)
        if content is None or len(content.text.split()) < MIN_PULL_QUOTE_WORDS:
            continue
        span = ctx.doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
        if span is None or not any(t.ent_type_ in ("PERSON", "ORG") for t in span):
            continue
        source = _mention(ctx, m.start("name"), m.end("name"))
        if source is None:
            continue
        name = Span(m.start("name"), m.end("name"), m.group("name"))
        claims.append(
            RawClaim(
                cue=name,
                cue_lemma="signature",
                content=(content,),
                kind="direct",
                rule="signature",
                confidence=HEADLINE_CONFIDENCE,
                sentence=_sentence(ctx, content.start),
                source=source,
            )
        )
    return claims


def headline_claim(ctx: Context, body_start: int, body_end: int) -> list[RawClaim]:
    """ "Name: claim" as the article's first line."""
    start = body_start
    while start < body_end and ctx.text[start] in " \t\r\n":
        start += 1
    line_end = ctx.text.find("\n", start, body_end)
    line_end = body_end if line_end < 0 else line_end
    m = HEADLINE.fullmatch(ctx.text, start, line_end)
    if m is None:
        return []
    who = m.group("who").strip()
    words = who.split()
    if (
        len(words) > MAX_HEADLINE_WHO_WORDS
        or not who[:1].isupper()
        or words[0].lower().strip("'‘’\"") in HEADLINE_LABELS
        or (len(words) == 1 and who.isupper() and len(who) > 4)  # "BREAKING", "EXCLUSIVE"
        or any(ch in re.sub(r"(?<=s)['’](?!\w)|['’]s\b", "", who) for ch in "\"“”‘’'?!")
    ):
        return []
    toks = [t for t in ctx.doc if m.start("who") <= t.idx < m.end("who") and not t.is_space]
    if not toks or any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in toks):
        return []  # "Clinton Wades In: …" is a headline with its own verb, not a claimant
    if _quoted(m.group("what")):
        # "Rail chief: 'We got it wrong'": a colon before a whole quotation introduces speech
        strip = " \t\r\n" + ALL_MARKS
        claim = _colon_claim(ctx, m, strip, "headline", "direct", SIGNATURE_CONFIDENCE)
        return [] if claim is None else [claim]
    if not any(t.pos_ == "PROPN" or t.ent_type_ for t in toks) and toks[-1].lemma_.lower() not in (
        "poll",
        "report",
        "newspaper",
        "editorial",
        "study",
        "survey",
        "insider",
        "historian",
        "expert",
        "official",
        "source",
        "analyst",
        "critic",
    ):
        return []
    claim = _colon_claim(ctx, m, " \t\r\n.", "headline", "indirect", HEADLINE_CONFIDENCE)
    return [] if claim is None else [claim]


def _quoted(text: str) -> bool:
    """The whole text is one quotation ("'We got it wrong'", "“No deal”")."""
    text = text.strip().rstrip(".!?")
    if len(text) < 3 or text[0] not in ALL_MARKS or text[-1] not in ALL_MARKS:
        return False
    inner = re.sub(r"(?<=\w)['’](?=\w)", "", text[1:-1])  # apostrophes: "We're sorry"
    return text[0] not in inner and not any(ch in DOUBLE_MARKS for ch in inner)


def _colon_claim(
    ctx: Context, m: re.Match, strip: str, rule: str, kind: str, confidence: float
) -> RawClaim | None:
    """The claim of a "who: what" match (groups ``who``, ``colon``, ``what``): the colon is the
    cue; None when the content is empty or the claimant is not a mention."""
    content = char_span(ctx.text, m.start("what"), m.end("what"), strip)
    source = _mention(ctx, m.start("who"), m.end("who"))
    if content is None or source is None:
        return None
    colon = Span(m.start("colon"), m.end("colon"), ":")
    return RawClaim(
        cue=colon,
        cue_lemma=rule,
        content=(content,),
        kind=kind,
        rule=rule,
        confidence=confidence,
        sentence=_sentence(ctx, colon.start),
        source=source,
    )


def _looks_like_a_name(words: list[str]) -> bool:
    """A speaker label with a title or honorific ("SEN. KALE", "MS. ARDEN"), or made of given
    names and surnames ("HOLT", "ANN LEE"), as kg/data's lists (read by kg.resolve.names)
    know them."""
    titles = sections("name_words.txt", strip=".")
    if any(w in titles["honorific"] or w in titles["title"] for w in words):
        return True
    return all(w in _people() or len(w) == 1 for w in words)


@cache
def _people() -> frozenset[str]:
    given = {line.partition("\t")[0] for line in lines("given_names.tsv")}
    return frozenset(given | set(lines("surnames.txt")))


def _speaker_labels(turns: list[tuple[re.Match, list[str]]]) -> list[re.Match]:
    """The turns whose label is a speaker: all of them in a transcript (some speaker takes a
    second turn, by the same label or the same last word: "KATE LEE" … "LEE"), else those
    whose label looks like a name ("SEN. ANN LEE", "HOLT"), not a section heading
    ("ENERGY", "THE DAY IN ASIA")."""
    last_words = [words[-1] for _, words in turns]
    if len(set(last_words)) < len(last_words):
        return [m for m, _ in turns]
    return [m for m, words in turns if _looks_like_a_name(words)]


def transcript_turns(ctx: Context, body_start: int, body_end: int) -> list[RawClaim]:
    """ "SMITH: We will not back down." — each paragraph of a transcript opened by a speaker
    label in capitals. Labels that are furniture ("UPDATE:", "Q:") or section headings
    ("ENERGY:") are not speakers."""
    claims: list[RawClaim] = []
    turns = []
    for m in TURN.finditer(ctx.text, body_start, body_end):
        who = m.group("who")
        words = [w.strip(".'’-").lower() for w in who.split()]
        if (
            len(who) < 2
            or any(w in TURN_LABELS for w in words)
            or not any(len(w) > 1 for w in words)
        ):
            continue
        turns.append((m, words))
    for m in _speaker_labels(turns):
        strip = " \t\r" + ALL_MARKS
        claim = _colon_claim(ctx, m, strip, "transcript", "direct", SIGNATURE_CONFIDENCE)
        if claim is not None:
            claims.append(claim)
    return claims
