"""Web archives -> ``Article``s: one article per HTML response record of a WARC file.

Why warcio: the streaming WARC reader and writer of the Webrecorder project, pure Python, reads
``.warc`` and ``.warc.gz`` (record by record, so a crawl of any size streams) and undoes HTTP
chunking and content encodings. FastWARC is faster but only matters next to spaCy's parse, which
costs a thousand times more per page; warcio also writes WARCs, which the tests use.

Records that are not HTML responses (requests, ``warcinfo``, metadata, revisits, images, scripts,
error pages, a URL seen again) are passed over and counted by kind; the count goes into the
run's summary. The article id is made from the record's URL (``kg.read.warc.url_id``) and its
``schema:url`` is that URL; the page itself is read as ``kg.read.html`` reads a file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.types import Article

WARC_SUFFIXES = (".warc", ".warc.gz")
# warcio logs what it repairs in a record (to stderr, when nothing is configured): kg says what
# matters in one line of its own; an application that configures logging still sees them
logging.getLogger("warcio").addHandler(logging.NullHandler())
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def url_id(url: str) -> str:
    """A readable article id from a URL: host and path, ``www.`` and ``.html`` dropped.

    'https://www.example.org/news/2024/bridge.html?page=2' -> 'example.org-news-2024-bridge-…'
    (a query string adds a short hash of itself, so two pages that differ only there differ).
    """
    from kg.rdf.iris import short_hash

    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", parts.path.rstrip("/"), flags=re.I)
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", f"{host}/{path}").strip("-.").lower()
    if parts.query:
        slug = f"{slug}-{short_hash(parts.query, length=8)}"
    return slug or short_hash(url)


def warc_articles(
    path: Path,
    *,
    publishers: tuple[str, ...] = (),
    handle: Callable[[InputError], None],
    pass_over: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """The articles of the HTML responses in ``path``, in archive order.

    ``handle`` gets each page's error (no article text, too long); ``pass_over`` is told the kind
    of every other record ("request", "image/jpeg response", "HTTP 404 response" …).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from kg.read.html import html_article

    def passed(kind: str) -> None:
        if pass_over is not None:
            pass_over(kind)

    seen: set[str] = set()
    found = False
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh, arc2warc=True):
                kind = _skip_reason(record)
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if kind is None and uri in seen:
                    kind = "repeated URL"
                if kind is not None:
                    passed(kind)
                    continue
                seen.add(uri)
                origin = f"{path} ({uri})"
                try:
                    page = record.content_stream().read()
                    article = html_article(
                        page, url_id(uri), origin=origin, url=uri, publishers=publishers
                    )
                except InputError as e:
                    handle(e)
                    continue
                found = True
                yield article
    except ArchiveLoadFailed as e:
        handle(InputError(f"{path}: not a readable WARC file ({_first_line(str(e))})"))
        return
    if not found:
        handle(InputError(f"{path}: no articles: the WARC file holds no HTML page answered 200"))


def _skip_reason(record) -> str | None:
    """Why a record is not an article, or None for an HTML page answered with 200."""
    if record.rec_type != "response":
        return record.rec_type or "unknown record"
    http = record.http_headers
    if http is None:
        return "non-HTTP response"
    status = http.get_statuscode() or ""
    media = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if media not in HTML_TYPES:
        return f"{media or 'untyped'} response"
    if status != "200":
        return f"HTTP {status} response"
    return None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
