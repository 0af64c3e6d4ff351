"""One article from its text: the byline line that names the publishers and is not mined, the
page furniture at the end that is cut off the body, and the size limit of one article.

Every reader (text, JSON Lines, HTML, WARC) makes its ``Article`` here (``make_article``), so they
all find the body and the publishers alike.
"""

from __future__ import annotations

import os
import re

from kg.data import lines
from kg.errors import InputError
from kg.types import Article

# One article longer than this is refused before it reaches the parser: spaCy needs about 3 GB and
# 4 minutes for 1M characters on one line (measured), and a news article is 3-50k characters.
MAX_ARTICLE_CHARS = 500_000  # $KG_MAX_ARTICLE_CHARS overrides it


def max_article_chars() -> int:
    """The limit for one article, read when an article is read (not at import)."""
    value = os.environ.get("KG_MAX_ARTICLE_CHARS")
    if not value:
        return MAX_ARTICLE_CHARS
    try:
        return int(value)
    except ValueError:
        raise InputError(f"$KG_MAX_ARTICLE_CHARS must be a whole number, not {value!r}") from None


def max_file_bytes() -> int:
    return 4 * max_article_chars()  # a file larger than this cannot decode to fewer characters


def max_line_bytes() -> int:
    return 8 * max_article_chars()  # a JSONL line may escape characters (\uXXXX)


_BYLINE = re.compile(r"^\s*(?:from|by|source:|published by)\s+(?P<names>.+?)\s*$", re.IGNORECASE)


def _junk_labels() -> frozenset[str]:
    return frozenset(lines("junk_lines.txt"))


def split_publishers(names: str) -> tuple[str, ...]:
    """'the Sunday Times and the Mail on Sunday' -> ('The Sunday Times', 'The Mail on Sunday')."""
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", names.strip().rstrip("."))
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if part.lower().startswith("the "):
            part = "The " + part[4:]
        out.append(part)
    return tuple(out)


_PERSON_NAME = re.compile(r"^(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+$")


def author_line(first_line: str) -> str | None:
    """ "By Jane Smith and Tom Reed" -> "Jane Smith, Tom Reed": a byline naming the writers."""
    m = re.match(r"^\s*by\s+(?P<names>.+?)\s*$", first_line, re.IGNORECASE)
    if not m or len(first_line) > 120:
        return None
    names = re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names").rstrip("."))
    names = [n for n in names if n]
    if names and all(_PERSON_NAME.match(n) and not n.startswith("The ") for n in names):
        return ", ".join(names)
    return None


def _byline(first_line: str) -> tuple[str, ...]:
    if author_line(first_line):
        return ()  # "By Jane Smith": the writer, not the publisher
    m = _BYLINE.match(first_line)
    if not m or len(first_line) > 120 or first_line.rstrip().endswith((".", "?", "!", ":")):
        return ()
    names = split_publishers(m.group("names"))
    # every part should look like a name: capitalised words
    if names and all(re.match(r"^[A-Z]", n) for n in names):
        return names
    return ()


def body_bounds(text: str) -> tuple[int, int | None, tuple[str, ...]]:
    """Where the body starts and ends, and the publishers named by a leading byline line."""
    first_nl = text.find("\n")
    first_line = text if first_nl < 0 else text[:first_nl]
    publishers = _byline(first_line)
    start = first_nl + 1 if publishers and first_nl >= 0 else 0

    # walk back from the end over a block of short junk lines ("- Like", "- Gmail", ...)
    junk = _junk_labels()
    lines = text.splitlines(keepends=True)
    end = len(text)
    pos = len(text)
    junk_lines = 0
    for line in reversed(lines):
        label = line.strip().lstrip("-•*· ").strip().lower()
        if not line.strip():
            pos -= len(line)
            continue
        if label in junk or (line.strip().startswith(("- ", "• ")) and len(label) <= 24):
            pos -= len(line)
            junk_lines += 1
            continue
        break
    if junk_lines >= 3:
        end = pos
    return start, (end if end < len(text) else None), publishers


def make_article(
    article_id: str,
    text: str,
    *,
    origin: str | None = None,
    publishers: tuple[str, ...] = (),
    **metadata: str | None,
) -> Article:
    if text.startswith("\ufeff"):
        text = text[1:]
    limit = max_article_chars()
    if len(text) > limit:
        raise InputError(
            f"{origin or article_id}: {len(text):,} characters is more than the "
            f"{limit:,} limit for one article; split it "
            "(or raise $KG_MAX_ARTICLE_CHARS)"
        )
    start, end, byline = body_bounds(text)
    first_line = text.split("\n", 1)[0]
    author = metadata.get("author") or author_line(first_line)
    if author and not metadata.get("author") and "\n" in text:
        start = max(start, len(first_line) + 1)  # the "By …" line is not mined
    return Article(
        id=article_id,
        text=text,
        title=metadata.get("title"),
        url=metadata.get("url"),
        publishers=publishers or byline,
        published=metadata.get("published"),
        author=author,
        origin=origin,
        body_start=start,
        body_end=end,
    )
