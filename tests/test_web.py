"""Web pages and web archives in: the article of an invented page full of furniture (navigation,
cookie banner, adverts, share buttons, related links, comments, footer), its metadata, and a WARC
written here with requests, an image, an error page and two HTML responses (issue 12)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.pipeline import extract_articles
from kg.read import iter_articles, make_article
from kg.read.html import html_article, read_html_article
from kg.read.warc import url_id, warc_articles
from kg.ui.cli import app

WEB = Path(__file__).resolve().parents[1] / "examples" / "web"
BRIDGE = WEB / "harbour-bridge.html"
RIVER = WEB / "river-survey.htm"  # windows-1252, div soup, publisher only in JSON-LD

# the article as a reader sees it: headline, then the paragraphs of the story
BRIDGE_BODY = [
    "Harbour bridge to close for repairs, council says",
    "The Harbour Bridge in Northport will close to traffic for six weeks from next month while "
    "engineers replace its corroded cables, the city council announced on Wednesday.",
    'Council leader Priya Natarajan said the repairs could not wait any longer. "We have patched '
    "this bridge for a decade, and the engineers have told us the cables are at the end of their "
    'life," she said.',
    "Local businesses warned that the closure would cost them thousands of pounds. Tom Becker, who "
    "runs a bakery near the northern end of the bridge, said most of his morning customers cross "
    "it on their way to work.",
    "According to the council, a free shuttle bus will run every ten minutes between the two banks "
    "while the bridge is closed.",
    '"Nobody wants to close a bridge, but nobody wants a bridge that falls down either," said '
    "James Whitfield, the council's chief engineer.",
    "The ferry operator said it would add extra crossings during the morning and evening rush "
    "hours.",
]
RIVER_BODY = [
    "River survey finds fewer otters",
    "A survey of the River Wenlow has found fewer otters than five years ago, and conservationists "
    "blame pollution from a sewage works upstream.",
    "Dr Alys Morgan, who led the survey for the Wenlow Rivers Trust, said volunteers had found "
    "signs of otters at 14 sites, down from 23 in 2018.",
    "“The fish they eat are disappearing, and the otters follow the fish,” she said.",
    "Wenlow Water said in a statement that the works met its permits and that it was investing in "
    "new filters.",
    "The trust wants the environment agency to test the water every month.",
]
# words only the furniture of the pages holds: none may reach a claim
FURNITURE = ["cookie", "privacy", "trick", "refinance", "Sponsored", "Related", "ferry fares",
             "budget", "road works", "neighbour", "double the price", "shakes", "rights",
             "Subscribe", "Share", "Campaigners", "delicious", "grandfather", "water company",
             "compensation", "floods", "bypass", "fair will go ahead", "scam"]  # fmt: skip

runner = CliRunner()


def _claim_tuples(results) -> list[tuple]:
    return [
        (c.source.text if c.source else None, c.cue.text, c.content_text, c.kind)
        for r in results
        for c in r.claims
    ]


@pytest.mark.parametrize(("page", "body"), [(BRIDGE, BRIDGE_BODY), (RIVER, RIVER_BODY)])
def test_a_page_gives_exactly_the_claims_of_its_article(nlp, page, body):
    article = read_html_article(page)
    assert article.text == "\n".join(body)  # the story, and nothing of the furniture
    from_page = _claim_tuples(extract_articles([article]))
    plain = make_article("plain", "\n\n".join(body))
    assert from_page == _claim_tuples(extract_articles([plain]))
    assert len(from_page) >= 4
    words = " ".join(" ".join(filter(None, c)) for c in from_page).lower()
    assert not [w for w in FURNITURE if w.lower() in words]


def test_metadata_comes_from_the_page():
    bridge = read_html_article(BRIDGE)
    assert bridge.id == "harbour-bridge"
    assert bridge.title == "Harbour bridge to close for repairs, council says"
    assert bridge.publishers == ("The Northport Gazette",)  # og:site_name and JSON-LD agree
    assert bridge.published == "2024-03-14"
    assert bridge.author == "Maria Okafor"
    assert bridge.url == "https://gazette.example/news/2024/03/harbour-bridge-repairs"
    river = read_html_article(RIVER)
    # the JSON-LD publisher of the article, not the WebSite node's host name
    assert river.publishers == ("Valley Courier",)
    assert river.published == "2023-09-02"  # datePublished, not dateModified
    assert river.author == "Owen Pryce"


def test_publisher_option_wins_over_the_page():
    article = html_article(BRIDGE.read_bytes(), "x", origin="x", publishers=("Wire Service",))
    assert article.publishers == ("Wire Service",)


def test_a_page_without_article_text_is_one_error_line(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/a'>A</a> <a href='/b'>B</a>"
        "</nav><footer>© 2024</footer></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no article text" in lines[0]


# ---------------------------------------------------------------- web archives


def _http(status: str, headers: list[tuple[str, str]]):
    from warcio.statusandheaders import StatusAndHeaders

    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def write_warc(path: Path) -> None:
    """warcinfo; for each of four URLs a request and a response: two articles (one gzip-encoded
    on the wire), an image, and a 404 page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = "text/html; charset=utf-8"
    responses = [
        ("https://www.gazette.example/news/2024/03/harbour-bridge-repairs.html", "200 OK", html,
         BRIDGE.read_bytes(), False),
        ("https://gazette.example/img/bridge.png", "200 OK", "image/png",
         b"\x89PNG\r\n\x1a\n" + bytes(64), False),
        ("https://valleycourier.example/2023/09/river-survey/?ref=rss", "200 OK",
         "text/html; charset=windows-1252", RIVER.read_bytes(), True),
        ("https://gazette.example/missing", "404 Not Found", html,
         b"<html><body><p>Page not found. The editor says sorry.</p></body></html>", False),
    ]  # fmt: skip
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kg tests"}))
        for url, status, ctype, body, gzipped in responses:
            request = StatusAndHeaders(
                f"GET {url.split('/', 3)[-1]} HTTP/1.1", [("Host", url.split("/")[2])],
                is_http_request=True,
            )  # fmt: skip
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                          http_headers=request)
            )  # fmt: skip
            headers = [("Content-Type", ctype)]
            if gzipped:
                body = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                          http_headers=_http(status, headers))
            )  # fmt: skip


@pytest.fixture(scope="module")
def warc(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    write_warc(path)
    return path


def test_url_ids_are_readable_and_distinct():
    assert url_id("https://www.example.org/news/2024/bridge.html") == "example.org-news-2024-bridge"
    a, b = url_id("https://e.org/story?page=1"), url_id("https://e.org/story?page=2")
    assert a != b and a.startswith("e.org-story-")


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_gives_one_article_per_html_response(tmp_path, name):
    path = tmp_path / name
    write_warc(path)
    passed: list[str] = []

    def fail(error):
        raise error

    articles = list(warc_articles(path, handle=fail, pass_over=passed.append))
    assert [a.id for a in articles] == [
        "gazette.example-news-2024-03-harbour-bridge-repairs",
        "valleycourier.example-2023-09-river-survey-" + url_id("https://x/?ref=rss")[-8:],
    ]
    assert articles[0].text == "\n".join(BRIDGE_BODY)
    assert articles[1].text == "\n".join(RIVER_BODY)  # gzip on the wire, windows-1252 inside
    assert articles[0].url.startswith("https://www.gazette.example/news/")
    assert articles[1].publishers == ("Valley Courier",)
    assert sorted(passed) == sorted(
        ["warcinfo", "request", "request", "request", "request", "image/png response",
         "HTTP 404 response"]
    )  # fmt: skip


def test_kg_build_counts_the_records_it_passed_over(warc, tmp_path, nlp):
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(warc), "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    title = result.stderr.splitlines()[0]
    assert title == (
        f"Built {store}; 7 WARC records passed over "
        "(4 request, 1 warcinfo, 1 image/png response, 1 HTTP 404 response)"
    )
    numbers = result.stderr.splitlines()[3].split()
    assert numbers[0] == "2"  # two articles
    rows = runner.invoke(
        app, ["query", "claims-in-period", "-p", "from=2024-01-01", "--store", str(store),
              "-f", "json"],
    )  # fmt: skip
    data = json.loads(rows.stdout)
    articles = {b["article"]["value"].rsplit("/", 1)[-1] for b in data["results"]["bindings"]}
    assert articles == {"gazette.example-news-2024-03-harbour-bridge-repairs"}
    publishers = {b["publisher"]["value"] for b in data["results"]["bindings"]}
    assert publishers == {"Northport Gazette"}  # the canonical name: no leading "The"


def test_directories_hold_pages_and_archives(warc, tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.warc.gz").write_bytes(warc.read_bytes())
    (folder / "b.html").write_bytes(BRIDGE.read_bytes())
    (folder / "logo.png").write_bytes(b"\x89PNG")
    ids = [a.id for a in iter_articles([folder])]
    assert ids[:1] == ["gazette.example-news-2024-03-harbour-bridge-repairs"] and ids[-1] == "b"
    assert len(ids) == 3


def test_a_broken_archive_is_one_error_line_and_can_be_skipped(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a web archive\r\n\r\n"))
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "WARC" in lines[0]
    good = tmp_path / "good.txt"
    good.write_text("The minister said the bridge would reopen in May.\n", encoding="utf-8")
    skipped = runner.invoke(app, ["extract", str(bad), str(good), "--on-error", "skip"])
    assert skipped.exit_code == 0 and skipped.stdout.count("\n") == 1


@pytest.mark.slow
def test_library_logs_do_not_reach_the_terminal(tmp_path):
    """warcio and trafilatura log repairs to stderr when nothing is configured: kg's one error
    line must stay alone (a real process; the test runner captures logs itself)."""
    import subprocess
    import sys

    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a web archive\r\n\r\n"))
    done = subprocess.run(
        [sys.executable, "-m", "kg.ui.cli", "extract", str(bad)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: "), done.stderr


def test_html_on_stdin(nlp):
    result = runner.invoke(app, ["extract", "-"], input=BRIDGE.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and {c["doc"] for c in claims} == {"stdin"}
