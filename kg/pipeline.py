"""The pipeline in one direction: articles -> parse -> extract -> resolve -> ArticleResult.

This is the one place that hands spaCy Docs from ``kg.parse`` to ``kg.extract``; everything
after it works on plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import get_args

from kg.extract import candidates, finish, load_lexicon
from kg.extract.discourse import enrich, subject_descriptions
from kg.extract.model import load_cue_model
from kg.extract.quotes import Quote, find_quotes, outermost
from kg.extract.spans import mention_for
from kg.parse import BATCH_SIZE, load_pipeline, parse_articles
from kg.resolve import resolve_article
from kg.types import Article, ArticleResult, ClaimType, Mention

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


def name_mentions(article: Article, doc, quotes: list[Quote] | None = None) -> list[Mention]:
    """Named-entity mentions in the body, classified like claimant mentions. ``quotes`` are the
    article's quotations when the caller already found them (extraction does)."""
    end = article.body_end if article.body_end is not None else len(article.text)
    if quotes is None:
        quotes = find_quotes(article.text, article.body_start, end)
    out = []
    for ent in doc.ents:
        if (
            ent.label_ not in NAME_LABELS
            or ent.start_char < article.body_start
            or ent.end_char > end
        ):
            continue
        in_quote = outermost(quotes, ent.start_char) is not None
        m = mention_for(article.text, ent.root, in_quote)
        if m is not None and m.kind == "name":
            out.append(enrich(m, ent.root))
    # a proper-noun subject or object the tagger did not see as an entity ("Greene met Ortiz",
    # "met Ms Priya Nair") is still somebody a later "he" or "she" can mean
    for tok in doc:
        if (
            tok.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")
            and tok.pos_ == "PROPN"
            and not tok.ent_type_
            and article.body_start <= tok.idx < end
            and not any(q.open_at < tok.idx < q.close_at for q in quotes)
        ):
            m = mention_for(article.text, tok, False)
            if m is not None and m.kind == "name":
                out.append(enrich(m, tok))
    out.sort(key=lambda m: m.span.start)
    return out


def context_mentions(article: Article, doc, quotes: list[Quote], raws) -> dict:
    """What resolution reads besides names and claims: where sentences start, and person
    descriptions that are a sentence's subject without being a claimant ("The driver had
    stopped for fuel."), as keyword arguments of ``resolve_article``."""
    end = article.body_end if article.body_end is not None else len(article.text)
    claimants = {(r.source.span.start, r.source.span.end) for r in raws if r.source is not None}
    descriptions = [
        m
        for m in subject_descriptions(article.text, doc, quotes, article.body_start, end)
        if (m.span.start, m.span.end) not in claimants
    ]
    starts = tuple(s.start_char for s in doc.sents)
    return {"descriptions": descriptions, "sentence_starts": starts}


def extract_docs(pairs: Iterable[tuple[Article, object]], lexicon=None) -> Iterator[ArticleResult]:
    lexicon = lexicon or load_lexicon()
    model = load_cue_model()
    for article, doc in pairs:
        ctx, sentences, found = candidates(article, doc, lexicon, model)
        raws = finish(ctx, sentences, found)
        names = name_mentions(article, doc, ctx.quotes)
        context = context_mentions(article, doc, ctx.quotes, raws)
        claims, entities = resolve_article(article, raws, names, **context)
        yield ArticleResult(article, tuple(claims), tuple(entities))


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
) -> Iterator[ArticleResult]:
    """Extract the claims of each article, parsing in batches; streams, one result per article.

    With ``jobs`` > 1 worker processes parse and extract (``kg.parallel``), in input order.
    """
    if jobs > 1:
        from kg.parallel import parallel_results

        results = parallel_results(
            articles, jobs=jobs, model=model, batch_size=batch_size, with_quads=False
        )
        yield from (result for result, _ in results)
        return
    nlp = load_pipeline(model)
    yield from extract_docs(parse_articles(articles, nlp, batch_size=batch_size))


def parse_types(text: str) -> frozenset[str]:
    """ "statement,belief" -> the set of claim types; ValueError names an unknown one."""
    valid = get_args(ClaimType)
    types = frozenset(t.strip().lower() for t in text.split(",") if t.strip())
    unknown = sorted(types - set(valid))
    if unknown or not types:
        raise ValueError(
            f"unknown claim type {', '.join(unknown) or text!r}; choose from {', '.join(valid)}"
        )
    return types


def only_types(results: Iterable[ArticleResult], types: frozenset[str]) -> Iterator[ArticleResult]:
    """The results with only the claims of the given types (``kg extract --type``); entities
    that no kept claim mentions are dropped with them."""
    for result in results:
        claims = tuple(c for c in result.claims if c.type in types)
        keys = {e.key for c in claims for e in (c.speaker, c.addressee_entity, *c.about) if e}
        entities = tuple(e for e in result.entities if e.key in keys)
        yield replace(result, claims=claims, entities=entities)
