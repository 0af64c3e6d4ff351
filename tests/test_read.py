"""kg.read: every input form becomes Article values with exact offsets, or one clear InputError."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.errors import InputError, KgError
from kg.read import iter_articles, make_article, split_publishers

BODY = (
    "The harbour master said the new pier would open in May.\n"
    "\u201cWe are ready,\u201d she told reporters on Tuesday.\n"
)
SHARE_JUNK = "- Facebook\n- Twitter\n- WhatsApp\n- Email\n- Copy Link\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _read(*paths, **kw) -> list:
    return list(iter_articles([str(p) for p in paths], **kw))


def _body(article) -> str:
    end = article.body_end if article.body_end is not None else len(article.text)
    return article.text[article.body_start : end]


def test_txt_file_id_is_stem_and_text_is_kept_verbatim(tmp_path):
    path = _write(tmp_path / "pier-opening.txt", BODY)
    [article] = _read(path)
    assert article.id == "pier-opening"
    assert article.text == BODY
    assert article.origin == str(path)
    assert article.body_start == 0 and article.body_end is None
    assert article.publishers == ()


def test_directory_is_read_sorted_and_only_article_files(tmp_path):
    _write(tmp_path / "b.txt", "Second article body.")
    _write(tmp_path / "a.txt", "First article body.")
    _write(
        tmp_path / "sub" / "c.jsonl",
        json.dumps({"id": "c1", "text": "Third."})
        + "\n"
        + json.dumps({"id": "c2", "text": "Fourth."}),
    )
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(tmp_path / "notes.csv", "a,b\n1,2\n")
    ids = [a.id for a in _read(tmp_path)]
    assert ids == ["a", "b", "c1", "c2"]


def test_empty_directory_is_an_error(tmp_path):
    _write(tmp_path / "readme.csv", "x")
    with pytest.raises(InputError, match="no .txt or .jsonl"):
        _read(tmp_path)


def test_stdin_plain_text():
    [article] = list(iter_articles(["-"], stdin=io.StringIO(BODY)))
    assert article.id == "stdin"
    assert article.text == BODY
    assert article.origin == "<stdin>"


def test_stdin_jsonl():
    lines = [json.dumps({"id": "x", "text": "One."}), json.dumps({"id": "y", "text": "Two."})]
    articles = list(iter_articles(["-"], stdin=io.StringIO("\n".join(lines) + "\n")))
    assert [(a.id, a.text) for a in articles] == [("x", "One."), ("y", "Two.")]


def test_empty_stdin_is_an_error():
    with pytest.raises(InputError, match="stdin"):
        list(iter_articles(["-"], stdin=io.StringIO("  \n")))


def test_jsonl_metadata(tmp_path):
    record = {
        "id": "pier-2021",
        "text": BODY,
        "title": "Pier to open in May",
        "url": "https://example.org/news/pier",
        "publisher": "The Harbour Gazette",
        "published": "2021-03-04",
        "author": "Ann Example",
    }
    path = _write(tmp_path / "news.jsonl", json.dumps(record) + "\n\n")  # blank line is skipped
    [article] = _read(path)
    assert article.id == "pier-2021"
    assert article.text == BODY
    assert article.title == "Pier to open in May"
    assert article.url == "https://example.org/news/pier"
    assert article.publishers == ("The Harbour Gazette",)
    assert article.published == "2021-03-04"
    assert article.author == "Ann Example"
    assert article.origin == f"{path}:1"


def test_jsonl_publisher_option_overrides_the_record(tmp_path):
    record = {"id": "a", "text": BODY, "publisher": "The Harbour Gazette"}
    path = _write(tmp_path / "news.jsonl", json.dumps(record))
    [article] = _read(path, publishers=("Coast Radio",))
    assert article.publishers == ("Coast Radio",)


def test_jsonl_without_id_gets_file_stem_and_line(tmp_path):
    path = _write(tmp_path / "batch.jsonl", json.dumps({"text": "One."}) + "\n")
    [article] = _read(path)
    assert article.id == "batch-1"


def test_byline_names_publishers_and_starts_the_body():
    byline = "From the Harbour Gazette and the Coast Weekly\n"
    article = make_article("p", byline + BODY)
    assert article.publishers == ("The Harbour Gazette", "The Coast Weekly")
    assert article.body_start == len(byline)
    assert _body(article) == BODY


def test_publisher_option_overrides_the_byline():
    article = make_article("p", "From the Harbour Gazette\n" + BODY, publishers=("Coast Radio",))
    assert article.publishers == ("Coast Radio",)


def test_a_first_sentence_is_not_taken_for_a_byline():
    text = "From the pier, the harbour master said the boats were safe.\n" + BODY
    article = make_article("p", text)
    assert article.publishers == ()
    assert article.body_start == 0


def test_split_publishers():
    assert split_publishers("the Sunday Times and the Mail on Sunday") == (
        "The Sunday Times",
        "The Mail on Sunday",
    )
    assert split_publishers("Reuters, AP & the Guardian.") == ("Reuters", "AP", "The Guardian")


def test_trailing_share_buttons_are_cut_off():
    article = make_article("p", BODY + "\n" + SHARE_JUNK)
    assert article.body_end is not None
    assert _body(article).rstrip() == BODY.rstrip()
    assert "Facebook" not in _body(article)
    assert article.text == BODY + "\n" + SHARE_JUNK  # the text itself is never shortened


def test_a_short_trailing_list_in_the_body_is_kept():
    text = BODY + "Items on sale:\n- bread\n- milk\n"  # two bullets are not a junk block
    article = make_article("p", text)
    assert article.body_end is None


def test_bom_and_crlf_keep_offsets_exact(tmp_path):
    lines = [
        "From the Harbour Gazette",
        "The harbour master said the pier was safe.",
        "- Facebook",
        "- Twitter",
        "- Email",
        "- Copy Link",
        "",
    ]
    raw = "\ufeff" + "\r\n".join(lines)
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    [article] = _read(path)
    assert article.text == raw[1:]  # only the byte-order mark goes; CRLF stays
    assert "\r\n" in article.text
    assert article.publishers == ("The Harbour Gazette",)
    assert article.text[: article.body_start] == "From the Harbour Gazette\r\n"
    body = _body(article)
    assert body.startswith("The harbour master")
    assert "Facebook" not in body
    needle = "pier"
    start = article.text.index(needle)
    assert article.text[start : start + len(needle)] == needle
    # the offset is the code-point offset in the file minus the BOM
    assert start == raw.index(needle) - 1


def test_jsonl_bom_on_first_line(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(("\ufeff" + json.dumps({"id": "a", "text": "One."}) + "\n").encode("utf-8"))
    assert [a.id for a in _read(path)] == ["a"]


def test_invalid_utf8_names_the_byte(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 society.".encode("latin-1"))
    with pytest.raises(InputError) as err:
        _read(path)
    msg = str(err.value)
    assert str(path) in msg
    assert "byte 3" in msg and "0xe9" in msg
    assert "--encoding" in msg


def test_other_encoding_can_be_chosen(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 society.".encode("latin-1"))
    [article] = _read(path, encoding="latin-1")
    assert article.text == "Caf\u00e9 society."


def test_malformed_jsonl_names_the_line(tmp_path):
    good = json.dumps({"id": "a", "text": "One."})
    path = _write(tmp_path / "bad.jsonl", good + "\n" + '{"id": "b", "text": "Two.\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not valid JSON"):
        _read(path)


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = _write(tmp_path / "list.jsonl", "[1, 2]\n")
    with pytest.raises(InputError, match=r"list\.jsonl:1: .*JSON object"):
        _read(path)


def test_jsonl_without_text(tmp_path):
    path = _write(tmp_path / "notext.jsonl", json.dumps({"id": "a", "title": "T"}) + "\n")
    with pytest.raises(InputError, match=r"notext\.jsonl:1: has no 'text' field"):
        _read(path)


def test_jsonl_text_must_be_a_string(tmp_path):
    path = _write(tmp_path / "num.jsonl", json.dumps({"id": "a", "text": 42}) + "\n")
    with pytest.raises(InputError, match="'text' must be a string"):
        _read(path)


def test_duplicate_ids_are_refused(tmp_path):
    a = _write(tmp_path / "one" / "story.txt", "First.")
    b = _write(tmp_path / "two" / "story.txt", "Second.")
    with pytest.raises(InputError, match="'story' was already read") as err:
        _read(a, b)
    assert str(a) in str(err.value)


def test_duplicate_ids_inside_one_jsonl(tmp_path):
    lines = [json.dumps({"id": "a", "text": "One."}), json.dumps({"id": "a", "text": "Two."})]
    path = _write(tmp_path / "dup.jsonl", "\n".join(lines))
    with pytest.raises(InputError, match=r"dup\.jsonl:2: article id 'a'"):
        _read(path)


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        _read(tmp_path / "nope.txt")


def test_empty_file(tmp_path):
    path = _write(tmp_path / "empty.txt", "  \n\n")
    with pytest.raises(InputError, match="empty"):
        _read(path)


def test_empty_jsonl_file(tmp_path):
    path = _write(tmp_path / "empty.jsonl", "\n")
    with pytest.raises(InputError, match="no articles"):
        _read(path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        _read(path)


def test_errors_are_kg_errors(tmp_path):
    """The CLI turns KgError into one line; every read failure must be one."""
    assert issubclass(InputError, KgError)


def test_reading_is_lazy(tmp_path):
    """Articles stream: a bad second file fails only when reached, after the first was yielded."""
    good = _write(tmp_path / "a.txt", "Fine.")
    articles = iter_articles([str(good), str(tmp_path / "missing.txt")])
    assert next(articles).id == "a"
    with pytest.raises(InputError):
        next(articles)
