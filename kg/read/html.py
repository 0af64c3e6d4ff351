"""Web pages -> ``Article``: the main text and metadata of an HTML page, found by trafilatura.

Why trafilatura: it is made for exactly this (boilerplate removal evaluated on news pages; the
best-scoring open extractor in its own and third-party benchmarks), it is well kept, and it reads
the metadata news sites publish: JSON-LD, Open Graph and ``<meta>`` tags, with htmldate for the
publication date. Navigation, cookie banners, adverts, share buttons, related-story links,
comments and footers are left out of the text, so they never produce claims.

The article's text is what trafilatura extracts (the headline and one paragraph a line); claim
offsets are code points into that text, and the graph keeps it (``schema:articleBody``), so every
claim's evidence can be shown. The page's own markup is not kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.types import Article

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# trafilatura and its helpers log what they could not find (to stderr, when nothing is
# configured); kg reports what matters itself, in one line
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
# a page carries markup, scripts and styles around its text: a page of up to this many bytes per
# character of the longest article accepted is read (20 MB at the default 500k characters)
PAGE_BYTES_PER_CHAR = 40
# fewer words than this is not an article but what is left of a menu or a form (trafilatura
# returns a page's link labels when it finds nothing else)
MIN_ARTICLE_WORDS = 10
# dates from the page's metadata only (JSON-LD, Open Graph, <meta>, <time>): a date guessed from
# the running text could be any date the article mentions
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "BlogPosting", "Report", "WebPage")  # fmt: skip


def looks_like_html(data: bytes | str) -> bool:
    """Does this start like a web page (a doctype or an ``<html>``/``<head>`` tag)?"""
    head = data[:512].lstrip()
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    head = head.lstrip("\ufeff").lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<?xml"))


def html_article(
    page: bytes | str,
    article_id: str,
    *,
    origin: str,
    url: str | None = None,
    publishers: tuple[str, ...] = (),
) -> Article:
    """The article of one web page; ``InputError`` when the page holds no article text.

    ``publishers`` (``--publisher``) win over the page's own; else the JSON-LD ``publisher`` of the
    article, else Open Graph's ``og:site_name``, else the site name trafilatura finds.
    """
    import trafilatura

    from kg.read.article import make_article

    tree = trafilatura.load_html(page)  # decodes by the page's charset
    if tree is None:
        raise InputError(f"{origin}: cannot read the page as HTML")
    # before the extraction, which prunes the tree (scripts included)
    publisher = _jsonld_publisher(tree) or _og_site_name(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (document.text or "").strip() if document is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError(
            f"{origin}: no article text found in the page ({len(text.split())} words; an index, "
            "a form or a script-only page?); give the article's own page"
        )
    publisher = publisher or (document.sitename or "")
    return make_article(
        article_id,
        text,
        origin=origin,
        publishers=publishers or ((publisher.strip(),) if publisher.strip() else ()),
        title=document.title,
        url=url or document.url,
        published=document.date,
        author=document.author,
    )


def read_html_article(path: Path, *, publishers: tuple[str, ...] = ()) -> Article:
    """One ``.html`` file; the article id is the file name without its extension."""
    from kg.read.article import max_article_chars

    limit = PAGE_BYTES_PER_CHAR * max_article_chars()
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"{path}: {size / 2**20:.1f} MB is larger than the {limit / 2**20:.1f} MB limit for "
            "one web page (or raise $KG_MAX_ARTICLE_CHARS)"
        )
    return html_article(path.read_bytes(), path.stem, origin=str(path), publishers=publishers)


def _og_site_name(tree) -> str:
    for meta in tree.iterfind(".//meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:site_name":
            return (meta.get("content") or "").strip()
    return ""


def _jsonld_publisher(tree) -> str:
    """The name of the publisher of the page's article in its JSON-LD, or ''."""
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common; the other sources remain
        for node in _nodes(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(str(t) in _ARTICLE_TYPES for t in types):
                continue
            name = _name(node.get("publisher"))
            if name:
                return name
    return ""


def _nodes(data: object) -> Iterator[dict]:
    """Every JSON object in a JSON-LD document (``@graph`` lists and nesting included)."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _nodes(value)
    elif isinstance(data, list):
        for item in data:
            yield from _nodes(item)


def _name(value: object) -> str:
    if isinstance(value, list):
        return next((n for n in map(_name, value) if n), "")
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() if isinstance(name, str) else ""
    return value.strip() if isinstance(value, str) else ""
