"""Readable claim output: content highlighted inside its sentence, claimant as written → resolved,
long text wrapped and never cut."""

from __future__ import annotations

import io
import re

import pytest

from kg.types import Article, ArticleResult, Claim, Entity, Span
from kg.ui.render import as_written, claims_table, highlight

TEXT = (
    "Intro line.\nThe spokeswoman said that the new bridge across the estuary would be finished "
    "well before the winter storms arrive, according to the published schedule. Later text."
)


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _result() -> ArticleResult:
    sentence = _span(TEXT, TEXT.split("\n")[1].split(" Later")[0])
    content = _span(TEXT, "the new bridge across the estuary would be finished well before")
    claim = Claim(
        doc="bridge",
        cue=_span(TEXT, "said"),
        cue_lemma="say",
        content=(content,),
        kind="indirect",
        source=_span(TEXT, "The spokeswoman"),
        speaker=Entity("jo-bloggs", "Jo Bloggs", "Person"),
        addressee=_span(TEXT, "Intro"),
        addressee_entity=Entity("council", "the council", "Organization"),
        sentence=sentence,
    )
    return ArticleResult(Article("bridge", TEXT), (claim,))


@pytest.mark.parametrize(
    "written, resolved, shown",
    [
        ("He", "the mentor", "He → the mentor"),
        ("The Home Office", "Home Office", "The Home Office"),
        ("the mentor", "The Mentor", "the mentor"),
        (None, "Jane Doe", "Jane Doe"),
        ("A source", None, "A source"),
        (None, None, "—"),
    ],
)
def test_as_written(written, resolved, shown):
    assert as_written(written, resolved) == shown


def test_plain_highlight_marks_the_content_only():
    text = "He said: stop it now.\nThen more."
    out = highlight(text, 0, 21, [(9, 20, "content"), (3, 7, "cue")], color=False)
    assert out.plain == "He said: ⟦stop it now⟧."


def test_colour_highlight_styles_each_role_without_changing_the_text():
    text = "He said: stop it\nnow. Then more."
    out = highlight(
        text, 0, 21, [(9, 20, "content"), (3, 7, "cue"), (30, 40, "content")], color=True
    )
    assert out.plain == "He said: stop it now."  # line break → space, outside span ignored
    styled = {(s.start, s.end, str(s.style)) for s in out.spans}
    assert styled == {(9, 20, "bold yellow"), (3, 7, "bold cyan")}


def test_table_wraps_long_content_and_shows_resolution():
    result = _result()
    buf = io.BytesIO()
    claims_table([result], buf, width=70)
    out = buf.getvalue().decode("utf-8")
    assert "\x1b[" not in out  # not a terminal: no colour codes
    words = re.findall(r"[^\s│┃]+", out)
    joined = " ".join(words)
    claim = result.claims[0]
    # every word of the sentence is there (wrapped, not cut), the content between the marks
    for word in claim.sentence.text.split():
        assert word in joined
    assert "⟦the" in joined and "before⟧" in joined
    assert "The spokeswoman → Jo" in joined and "(to Intro → the" in joined
    assert max(len(line) for line in out.splitlines()) <= 70
