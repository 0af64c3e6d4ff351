"""Find quotations in raw text: pair opening and closing quote marks, with nesting.

Works on the string, not the parse, so it sees marks the tokenizer glues to words. Rules:
- curly marks have a direction (“ ” ‘ ’); straight marks (" ') get one from their neighbours;
- a ’ or ' between two letters, or after an s/z/digit and before a non-letter, is an apostrophe
  (“Khan’s”, “parents’”, “90’s”), not a quote mark;
- a quote left open at a paragraph end continues when the next paragraph opens with the same
  mark (news style for long quotes); otherwise the stray opening mark is skipped and scanning goes
  on, so one bad mark never loses the rest of the article;
- a mis-typed opening mark that ends a paragraph while a quote is open closes it (“… acts. . . “).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = (
    DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
)
# what ``find_quotes`` stops at: a mark, a backtick or a line break (it skips the rest)
_NEXT_STOP = re.compile("[" + re.escape(ALL_MARKS + "`") + "\n]")


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` bound the text inside the marks (end exclusive)."""

    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark
    depth: int  # 0 for top-level quotes
    family: str  # "double" or "single"
    open_len: int = 1  # 2 for the typewriter pair '' or ``
    close_len: int = 1

    @property
    def after(self) -> int:
        """Offset just past the closing mark."""
        return self.close_at + self.close_len

    @property
    def start(self) -> int:
        return self.open_at + self.open_len

    @property
    def end(self) -> int:
        return self.close_at

    def contains(self, offset: int) -> bool:
        return self.open_at <= offset <= self.close_at


def _is_letter(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or unicodedata.category(ch).startswith("M"))


def _classify(text: str, i: int) -> tuple[str, str] | None:
    """(family, role) for the mark at i, role in open/close/either; None for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in DOUBLE_OPEN:
        return "double", "open"
    if ch in DOUBLE_CLOSE:
        return "double", "close"
    if ch in SINGLE_OPEN:
        if _is_letter(prev) and _is_letter(nxt):
            return None
        return "single", "open"
    if ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE:
        if _is_letter(prev) and _is_letter(nxt):
            return None  # don’t, Khan’s
        if prev.lower() in ("s", "z") and not _is_letter(nxt) and ch == "’":
            return "single", "close-or-apostrophe"
        if not prev or prev.isspace() or prev in "([{—–-":
            if ch == STRAIGHT_SINGLE or ch == "’":
                return ("single", "open") if _is_letter(nxt) or nxt in ALL_MARKS else None
        return "single", "close"
    if ch == STRAIGHT_DOUBLE:
        if prev == " " and text[i - 2 : i - 1] in ("'", "’") and (not nxt or nxt in " \n.,;:!?"):
            return "double", "either"  # "… say she'll be 'above the law,' " said X: spaced
        if not prev or prev.isspace() or prev in "([{—–-:":
            return "double", "open"
        if not nxt or nxt.isspace() or nxt in ".,;:!?)]}—–-’”'":
            return "double", "close"
        return "double", "either"
    return None


def _possessive(text: str, i: int, end: int) -> bool:
    """ "'It's the parents' decision, not ours,' she said": a mark after an s, followed by a
    word in lower case, with another closing mark of the same kind later in the paragraph, is
    the plural possessive, not the end of the quote."""
    if i == 0 or text[i - 1].lower() not in "sz" or text[i + 1 : i + 2] != " ":
        return False
    if not text[i + 2 : i + 3].islower():
        return False
    line_end = text.find("\n", i + 1, end)
    rest = text[i + 1 : end if line_end < 0 else line_end]
    return any(
        ch == text[i] and not (_is_letter(rest[k - 1 : k]) and _is_letter(rest[k + 1 : k + 2]))
        for k, ch in enumerate(rest)
        if k > 0
    )


def _paragraph_end(text: str, i: int) -> bool:
    j = i + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    return j >= len(text) or text[j] in "\r\n"


def _double_pair(text: str, i: int, end: int, stack: list, quotes: list) -> bool:
    """Two marks typed for one double mark at ``i`` (typewriter `` and '', or two curly single
    marks: “…’’, ‘‘…’’): push or close a quote on ``stack``; False when there is no such pair."""
    pair = text[i : i + 2]
    if pair in ("''", "``"):
        # typewriter double quotes: `` opens, '' opens or closes by its neighbours
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 2] if i + 2 < end else ""
        opening = pair == "``" or not prev or prev.isspace() or prev in "([{—–-:"
        if not opening and (nxt and not nxt.isspace() and nxt not in ".,;:!?)]}—–-"):
            opening = not (stack and stack[-1][1] == "double")
        if opening and not (
            stack and stack[-1][1] == "double" and pair == "''" and _paragraph_end(text, i + 1)
        ):
            stack.append((i, "double2"))
            return True
    elif pair == "‘‘":
        stack.append((i, "double2"))
        return True
    elif not (pair == "’’" and stack and stack[-1][1] in ("double", "double2")):
        return False
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][1] in ("double2", "double"):
            at, fam = stack[k]
            del stack[k:]
            quotes.append(Quote(at, i, len(stack), "double", 2 if fam == "double2" else 1, 2))
            break
    return True


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """All well-formed quotations in ``text[start:end]``, sorted by opening offset."""
    end = len(text) if end is None else end
    stack: list[tuple[int, str]] = []  # (offset of opening mark, family)
    quotes: list[Quote] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "\n" and stack:
            # paragraph break: an open quote continues only if the next paragraph re-opens it
            j = i
            while j < end and text[j].isspace():
                j += 1
            cls = _classify(text, j) if j < end and text[j] in ALL_MARKS else None
            if (
                cls
                and cls[1] in ("open", "either")
                and cls[0] == stack[-1][1].rstrip("2")
                and len(stack) == 1
            ):
                i = j + 1  # the re-opening mark is a continuation, not a new quote
                continue
            stack.clear()  # unclosed quote(s): drop them, keep scanning
            i = j
            continue
        if ch not in ALL_MARKS and ch != "`":
            stop = _NEXT_STOP.search(text, i + 1, end)  # the next character that matters
            i = end if stop is None else stop.start()
            continue
        if _double_pair(text, i, end, stack, quotes):
            i += 2
            continue
        if ch == "`":
            i += 1
            continue
        cls = _classify(text, i)
        if cls is None:
            i += 1
            continue
        family, role = cls
        open_families = [f.rstrip("2") for _, f in stack]
        if role == "close-or-apostrophe":
            role = "close" if family in open_families else "skip"
        if role == "close" and family == "single" and _possessive(text, i, end):
            role = "skip"
        if role == "either":
            role = "close" if stack and stack[-1][1].rstrip("2") == family else "open"
        if role == "open" and family in open_families and _paragraph_end(text, i):
            role = "close"  # “… acts. . . “ at the end of a paragraph closes the quote
        if role == "open":
            stack.append((i, family))
        elif role == "close" and family in open_families:
            while stack:
                at, fam = stack.pop()
                if fam.rstrip("2") == family:
                    quotes.append(Quote(at, i, len(stack), family, 2 if fam.endswith("2") else 1))
                    break
        i += 1
    return QuoteList(quotes)


class QuoteList(list):
    """An article's quotations sorted by opening offset, indexed so that "which quotes hold this
    offset" and "which quotes open (or close) in this range" cost a binary search, not a scan:
    a long article has thousands of quotes and every cue asks these questions.

    Pairing is stack-based, so quotations never cross: two either nest or are disjoint. The
    quotes that hold an offset are then one chain of parents, found from the last quote that
    opens before it. Build it once; it is not updated when the list is changed.
    """

    def __init__(self, quotes=()):
        super().__init__(sorted(quotes, key=lambda q: q.open_at))
        self._opens = [q.open_at for q in self]
        self._by_close = sorted(self, key=lambda q: q.close_at)
        self._closes = [q.close_at for q in self._by_close]
        self._parent: list[int] = []
        stack: list[int] = []
        for i, q in enumerate(self):
            while stack and self[stack[-1]].close_at < q.open_at:
                stack.pop()
            self._parent.append(stack[-1] if stack else -1)
            stack.append(i)

    def containing(self, start: int, end: int) -> list[Quote]:
        """Quotes whose marks enclose [start, end) (``open_at < start``, ``end <= close_at``),
        innermost first."""
        j = bisect_left(self._opens, start) - 1
        while j >= 0 and self[j].close_at < end:
            j = self._parent[j]
        out = []
        while j >= 0:
            out.append(self[j])
            j = self._parent[j]
        return out

    def opening_in(self, lo: int, hi: int) -> list[Quote]:
        """Quotes whose opening mark is at ``lo <= open_at < hi``, in text order."""
        return self[bisect_left(self._opens, lo) : bisect_left(self._opens, hi)]

    def closing_in(self, lo: int, hi: int) -> list[Quote]:
        """Quotes whose closing mark is at ``lo <= close_at < hi``, by closing offset."""
        return self._by_close[bisect_left(self._closes, lo) : bisect_left(self._closes, hi)]


def quote_list(quotes: list[Quote]) -> QuoteList:
    return quotes if isinstance(quotes, QuoteList) else QuoteList(quotes)


def enclosing(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The innermost quote whose marks enclose [start, end)."""
    held = quote_list(quotes).containing(start, end)
    return max(held, key=lambda q: q.depth) if held else None


def outermost(quotes: list[Quote], offset: int) -> Quote | None:
    """The least nested quote strictly around ``offset`` (``open_at < offset < close_at``)."""
    held = quote_list(quotes).containing(offset, offset + 1)
    return min(held, key=lambda q: q.depth) if held else None
