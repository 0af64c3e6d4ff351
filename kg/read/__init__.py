"""Read articles from .txt files, directories, stdin, JSON Lines, web pages and web archives into
``Article`` values (pages and archives: ``kg.read.html`` and ``kg.read.warc``).

Offsets downstream are code points into ``Article.text``, so the text is kept exactly as decoded
(a UTF-8 byte-order mark is the only thing dropped, because it is not part of the text). A leading
"From the Sunday Times and the Mail on Sunday" line names the publishers and is not mined; trailing
page junk (share-button labels and the like) is cut off via ``body_end``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.onerror import ErrorPolicy
from kg.read.html import HTML_SUFFIXES, looks_like_html
from kg.read.warc import is_warc
from kg.types import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
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
_METADATA_KEYS = ("title", "url", "publisher", "published", "author")


def _junk_labels() -> frozenset[str]:
    text = resources.files("kg.data").joinpath("junk_lines.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


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


# file signatures, so the message can say what the file is
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip file"),
    (b"PK\x03\x04", "a zip file"),
    (b"%PDF", "a PDF"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ", "an xz file"),
)


def _decode(data: bytes, origin: str, encoding: str) -> str:
    what = next((name for magic, name in _MAGIC if data.startswith(magic)), None)
    if what or (b"\x00" in data[:8192] and not encoding.lower().startswith("utf-16")):
        raise InputError(
            f"{origin}: looks like {what or 'a binary file'}, not text; "
            "give .txt, .jsonl or .html articles or .warc archives (decompress or convert it first)"
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{origin}: not valid {encoding} at byte {e.start} (0x{data[e.start]:02x}); "
            "pass --encoding to read it with another encoding"
        ) from None


def _read_bytes(path: Path) -> bytes:
    size, limit = path.stat().st_size, max_file_bytes()
    if size > limit:
        raise InputError(
            f"{path}: {size / 2**20:.1f} MB is larger than the {limit / 2**20:.1f} MB "
            "limit for one article; split it into smaller files (or raise $KG_MAX_ARTICLE_CHARS)"
        )
    return path.read_bytes()


def read_text_article(
    path: Path, *, encoding: str = "utf-8", publishers: tuple[str, ...] = ()
) -> Article:
    text = _decode(_read_bytes(path), str(path), encoding)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return make_article(path.stem, text, origin=str(path), publishers=publishers)


def _jsonl_article(obj: object, origin: str, lineno: int, publishers) -> Article:
    where = f"{origin}:{lineno}"
    if not isinstance(obj, dict):
        raise InputError(f"{where}: each line must be a JSON object with 'id' and 'text'")
    text = obj.get("text")
    if not isinstance(text, str):
        what = "has no 'text' field" if text is None else "'text' must be a string"
        raise InputError(f"{where}: {what}")
    art_id = obj.get("id")
    if art_id is None:
        art_id = f"{Path(origin).stem}-{lineno}"
    meta = {k: obj.get(k) for k in _METADATA_KEYS}
    meta["published"] = meta["published"] or obj.get("publication_date") or obj.get("date")
    meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
    pubs = publishers or (split_publishers(meta["publisher"]) if meta.get("publisher") else ())
    meta.pop("publisher")
    return make_article(str(art_id), text, origin=where, publishers=pubs, **meta)


def _parse_jsonl_line(line: str, origin: str, lineno: int, publishers) -> Article | None:
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{origin}:{lineno}: not valid JSON ({e.msg.removesuffix(' at')} at column {e.colno})"
        ) from None
    return _jsonl_article(obj, origin, lineno, publishers)


Handler = Callable[[InputError], None]


def _raise(error: InputError) -> None:
    raise error


def _lines(fh, path: Path, handle: Handler) -> Iterator[tuple[int, bytes]]:
    """Numbered lines, each at most max_line_bytes(): a longer one is reported, not held in
    memory."""
    lineno, limit = 0, max_line_bytes()
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drain the rest of the line in chunks
                raw = fh.readline(2**20)
            handle(
                InputError(
                    f"{path}:{lineno}: the line is longer than the {limit / 2**20:.1f} MB "
                    "limit for one article; split it (or raise $KG_MAX_ARTICLE_CHARS)"
                )
            )
            continue
        yield lineno, raw


def _jsonl_file(
    path: Path, encoding: str, publishers, handle: Handler = _raise
) -> Iterator[Article]:
    """Stream a JSONL file line by line, so a large corpus is never held in memory.

    ``handle`` gets each bad line's error (the default raises it); when it returns, the next line
    is read.
    """
    found = bad = False

    def bad_line(error: InputError) -> None:
        nonlocal bad
        bad = True
        handle(error)

    with path.open("rb") as fh:
        for lineno, raw in _lines(fh, path, bad_line):
            try:
                line = _decode(raw, f"{path}:{lineno}", encoding)
                if lineno == 1:
                    line = line.lstrip("\ufeff")
                article = _parse_jsonl_line(line, str(path), lineno, publishers)
            except InputError as e:
                bad_line(e)
                continue
            if article is not None:
                found = True
                yield article
    if not found and not bad:
        handle(InputError(f"{path}: no articles (the file holds no JSON lines)"))


def _directory_files(path: Path, errors: ErrorPolicy | None) -> list[Path]:
    """The article files under ``path``, sorted; other files are reported as ignored."""
    files, ignored = [], []
    for p in sorted(path.rglob("*")):
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(path).parts):
            continue
        if is_article_file(p):
            files.append(p)
        else:
            ignored.append(str(p))
    if errors is not None:
        errors.ignore(ignored, "not .txt, .text, .md, .jsonl, .ndjson, .html, .htm or .warc(.gz)")
    return files


def is_article_file(path: Path) -> bool:
    """Is this a file a directory is read for: text, JSON Lines, a web page or a web archive?"""
    suffix = path.suffix.lower()
    return suffix in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES or is_warc(path)


def iter_articles(
    paths: Iterable[str | Path],
    *,
    encoding: str = "utf-8",
    publishers: tuple[str, ...] = (),
    stdin=None,
    errors: ErrorPolicy | None = None,
) -> Iterator[Article]:
    """Yield articles from files, directories (their .txt/.jsonl files, sorted) and '-' (stdin).

    Raises ``InputError`` for a path that does not exist, an empty directory, or an article that
    cannot be read; duplicate article ids in one run are refused, because the second would
    silently replace the first in the store. With ``errors`` (a ``kg.onerror.ErrorPolicy``) each
    such error goes to ``errors.handle`` instead, and reading goes on with the next article when
    it returns (``--on-error skip``); files a directory holds that are not articles are reported
    to ``errors.ignore``.
    """
    handle: Handler = errors.handle if errors is not None else _raise
    seen: dict[str, str] = {}

    def fresh(article: Article) -> bool:
        if article.id in seen:
            handle(
                InputError(
                    f"{article.origin}: article id {article.id!r} was already read from "
                    f"{seen[article.id]}; ids must be unique in one run"
                )
            )
            return False
        seen[article.id] = article.origin or ""
        return True

    for raw in paths:
        if str(raw) == "-":
            yield from (a for a in _stdin_articles(stdin, publishers, handle) if fresh(a))
            continue
        path = Path(raw)
        if not path.exists():
            handle(InputError(f"{path}: no such file or directory"))
            continue
        files = _directory_files(path, errors) if path.is_dir() else [path]
        if not files:
            handle(
                InputError(
                    f"{path}: the directory holds no .txt or .jsonl articles, .html pages or "
                    ".warc archives"
                )
            )
            continue
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                yield from (a for a in _jsonl_file(f, encoding, publishers, handle) if fresh(a))
                continue
            if is_warc(f):
                from kg.read.warc import warc_articles

                passed = errors.pass_over if errors is not None else None
                records = warc_articles(f, publishers=publishers, handle=handle, pass_over=passed)
                yield from (a for a in records if fresh(a))
                continue
            try:
                if f.suffix.lower() in HTML_SUFFIXES:
                    from kg.read.html import read_html_article

                    article = read_html_article(f, publishers=publishers)
                else:
                    article = read_text_article(f, encoding=encoding, publishers=publishers)
            except InputError as e:
                handle(e)
                continue
            if fresh(article):
                yield article


def _stdin_articles(stdin, publishers, handle: Handler) -> Iterator[Article]:
    """Plain text (id ``stdin``), JSON Lines (when it starts with ``{``) or a web page (when it
    starts with a doctype or ``<html>``) from standard input."""
    data = (stdin if stdin is not None else sys.stdin).read()
    stripped = data.lstrip("\ufeff").lstrip()
    if not stripped:
        handle(InputError("<stdin>: no input"))
        return
    if looks_like_html(stripped):
        from kg.read.html import html_article

        try:
            yield html_article(data, "stdin", origin="<stdin>", publishers=publishers)
        except InputError as e:
            handle(e)
        return
    if not stripped.startswith("{"):
        try:
            yield make_article("stdin", data, origin="<stdin>", publishers=publishers)
        except InputError as e:
            handle(e)
        return
    for lineno, line in enumerate(data.splitlines(), 1):
        try:
            article = _parse_jsonl_line(line, "<stdin>", lineno, publishers)
        except InputError as e:
            handle(e)
            continue
        if article is not None:
            yield article
