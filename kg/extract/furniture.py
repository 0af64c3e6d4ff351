"""Parts of a news page that are nobody's claim although they look like one.

- **Quotations in blanked lines**: a line of page furniture ("READ MORE: ‘…’: the story of …")
  is blanked before parsing (``kg.parse.body_text``); a quotation in it is the title of another
  article, not speech.
- **Quoted headings**: a paragraph that is one short quotation and nothing else, without the
  punctuation that ends a sentence ("‘Hard to be in such close quarters’"), is a subheading
  that pulls a phrase out of the story: the words are claimed where the story quotes them.
- **Quotations as headline titles**: "‘We were never told’: residents demand answers" — the
  quotation is the headline's title; the story names who said it.
- **Photo captions**: a paragraph that ends with a photo credit in brackets, "(Ann Lee/CBC)",
  "(Jo Park / Canadian Press)", or opens with "Open this photo in gallery", repeats the story
  under a picture; GGT leaves them out, and so do we (a claim in a caption is read again in
  the story, or is the caption writer's).

Read off the text (and the parsed text, for what was blanked), like ``kg.extract.signatures``.
"""

from __future__ import annotations

import re

from kg.extract.quotes import ALL_MARKS, Quote

MAX_HEADING_WORDS = 12
SENTENCE_END = ".!?,;:…"
# "(Ann Lee/CBC)", "(Jo Park / The Canadian Press)", "(Instagram/Dara Lone)" closing a line
PHOTO_CREDIT = re.compile(
    r"\((?:[A-Z][\w.'’-]*\.?[ \t]?){1,4}/[ \t]?(?:[A-Z][\w.'’&-]*[ \t]?){1,5}\)[ \t]*$"
)


# "Open this photo in gallery A cyclist rides past … BEN NELMS": a caption on some news sites
GALLERY = re.compile(r"[ \t]*open this photo in gallery\b", re.IGNORECASE)


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def heading_quote(text: str, quote: Quote) -> bool:
    """A paragraph that is this one short quotation alone, not ended like a sentence."""
    start, end = _paragraph(text, quote.open_at)
    if text[start : quote.open_at].strip() or text[quote.after : end].strip():
        return False
    inner = text[quote.start : quote.end].strip()
    if not inner or inner[-1] in SENTENCE_END or inner.rstrip(ALL_MARKS)[-1:] in SENTENCE_END:
        return False
    return len(inner.split()) <= MAX_HEADING_WORDS


_LEADING_SPACE = re.compile(r"\s*")


def headline_label(text: str, parsed: str, quote: Quote) -> bool:
    """ "‘We were never told’: residents demand answers" — a headline (the article's first
    line) that opens with a quotation and a colon uses the words as a title: the body, where
    they are quoted again, says who said them (docs/guidelines.md, "headline quotations")."""
    start = _LEADING_SPACE.match(parsed).end()  # not parsed.lstrip(): no copy per quotation
    line_end = text.find("\n", start)
    if quote.open_at != start or (0 <= line_end < quote.after):
        return False
    return text[quote.after : quote.after + 3].lstrip(" \t").startswith(":")


def blanked(text: str, parsed: str, offset: int) -> bool:
    """Whether the character at ``offset`` was blanked before parsing (page furniture)."""
    return offset < len(parsed) and parsed[offset].isspace() and not text[offset].isspace()


def speech_quotes(text: str, parsed: str, quotes: list[Quote]) -> list[Quote]:
    """The quotations that may be speech: not in a blanked line nor a quoted heading (nor
    nested in one)."""
    dropped = [
        q
        for q in quotes
        if blanked(text, parsed, q.open_at)
        or heading_quote(text, q)
        or headline_label(text, parsed, q)
    ]
    return [q for q in quotes if not any(d.open_at <= q.open_at <= d.close_at for d in dropped)]


def caption_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in ``text[start:end]`` that is a photo caption."""
    out = []
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        if PHOTO_CREDIT.search(text, pos, line_end) or GALLERY.match(text, pos, line_end):
            out.append((pos, line_end))
        pos = line_end + 1
    return out
