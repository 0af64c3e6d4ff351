"""Read articles from .txt files, directories, stdin, JSON Lines, web pages and web archives into
``Article`` values (pages and archives: ``kg.read.html`` and ``kg.read.warc``).

Offsets downstream are code points into ``Article.text``, so the text is kept exactly as decoded
(a UTF-8 byte-order mark is the only thing dropped, because it is not part of the text). Every
reader makes its ``Article`` with ``kg.read.article.make_article`` (the byline line that names the
publishers, the page junk cut off via ``body_end``, the size limit).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.onerror import ErrorPolicy
from kg.read.article import (
    make_article,
    max_file_bytes,
    max_line_bytes,
    split_publishers,
)
from kg.read.html import HTML_SUFFIXES, looks_like_html
from kg.read.warc import is_warc
from kg.types import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_METADATA_KEYS = ("title", "url", "publisher", "published", "author")
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
