"""Read articles from .txt files, directories, stdin and JSON Lines into ``Article`` values.

Offsets downstream are code points into ``Article.text``, so the text is kept exactly as decoded
(a UTF-8 byte-order mark is the only thing dropped, because it is not part of the text). A leading
"From the Sunday Times and the Mail on Sunday" line names the publishers and is not mined; trailing
page junk (share-button labels and the like) is cut off via ``body_end``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.types import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_BYTES = 50 * 1024 * 1024  # one article larger than this is refused, not read into memory

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


def _byline(first_line: str) -> tuple[str, ...]:
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
    start, end, byline = body_bounds(text)
    return Article(
        id=article_id,
        text=text,
        title=metadata.get("title"),
        url=metadata.get("url"),
        publishers=publishers or byline,
        published=metadata.get("published"),
        author=metadata.get("author"),
        origin=origin,
        body_start=start,
        body_end=end,
    )


def _decode(data: bytes, origin: str, encoding: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(
            f"{origin}: looks like a binary file, not text; give .txt or .jsonl articles"
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{origin}: not valid {encoding} at byte {e.start} (0x{data[e.start]:02x}); "
            "pass --encoding to read it with another encoding"
        ) from None


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{path}: {size // 2**20} MB is larger than the {MAX_BYTES // 2**20} MB limit for one "
            "article; split it into smaller files"
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
            f"{origin}:{lineno}: not valid JSON ({e.msg} at column {e.colno})"
        ) from None
    return _jsonl_article(obj, origin, lineno, publishers)


def read_jsonl(lines: Iterable[str], origin: str, publishers=()) -> Iterator[Article]:
    for lineno, line in enumerate(lines, 1):
        article = _parse_jsonl_line(line, origin, lineno, publishers)
        if article is not None:
            yield article


def _jsonl_file(path: Path, encoding: str, publishers) -> Iterator[Article]:
    """Stream a JSONL file line by line, so a large corpus is never held in memory."""
    found = False
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = _decode(raw, f"{path}:{lineno}", encoding)
            if lineno == 1:
                line = line.lstrip("\ufeff")
            article = _parse_jsonl_line(line, str(path), lineno, publishers)
            if article is not None:
                found = True
                yield article
    if not found:
        raise InputError(f"{path}: no articles (the file holds no JSON lines)")


def iter_articles(
    paths: Iterable[str | Path],
    *,
    encoding: str = "utf-8",
    publishers: tuple[str, ...] = (),
    stdin=None,
) -> Iterator[Article]:
    """Yield articles from files, directories (their .txt/.jsonl files, sorted) and '-' (stdin).

    Raises ``InputError`` for a path that does not exist, an empty directory, or an article that
    cannot be read; duplicate article ids in one run are refused, because the second would
    silently replace the first in the store.
    """
    seen: dict[str, str] = {}

    def check(article: Article) -> Article:
        if article.id in seen:
            raise InputError(
                f"{article.origin}: article id {article.id!r} was already read from "
                f"{seen[article.id]}; ids must be unique in one run"
            )
        seen[article.id] = article.origin or ""
        return article

    for raw in paths:
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin
            data = stream.read()
            stripped = data.lstrip("\ufeff").lstrip()
            if not stripped:
                raise InputError("<stdin>: no input")
            if stripped.startswith("{"):
                for art in read_jsonl(data.splitlines(), "<stdin>", publishers):
                    yield check(art)
            else:
                yield check(make_article("stdin", data, origin="<stdin>", publishers=publishers))
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
            )
            if not files:
                raise InputError(f"{path}: the directory holds no .txt or .jsonl articles")
        else:
            files = [path]
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                for art in _jsonl_file(f, encoding, publishers):
                    yield check(art)
            else:
                yield check(read_text_article(f, encoding=encoding, publishers=publishers))
