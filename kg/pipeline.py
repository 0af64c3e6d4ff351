"""The pipeline in one direction: articles -> parse -> extract -> resolve -> ArticleResult -> quads.

The one place that wires the stages (``kg.parse``, ``kg.extract``, ``kg.resolve``,
``kg.rdf.graph``) and the engines that run them: this process, worker processes
(``kg.parallel``) or a Dask cluster (``kg.dask_engine``). An ``Extractor`` holds everything the
stages load once (spaCy pipeline, cue lexicon, cue model, alias table) and its ``version``
(``kg.version``: a digest of the code, data, models and aliases that decide what is extracted);
it is written into each graph's provenance, so a changed rule, lexicon or model gives a graph a
different provenance, and an incremental build re-extracts what it would change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain
from typing import TYPE_CHECKING, get_args

import numpy as np

from kg.extract import candidates, finish, models_version
from kg.extract.boundaries import BoundaryModel, claimant_spans, load_boundary_model
from kg.extract.claim_model import ClaimModel, load_claim_model
from kg.extract.discourse import enrich, subject_descriptions
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.model import CueModel, load_cue_model
from kg.extract.quotes import Quote, find_quotes, outermost
from kg.extract.spans import mention_for
from kg.parse import (
    BATCH_SIZE,
    load_pipeline,
    parse_articles,
    pipeline_description,
    pipeline_identity,
)
from kg.resolve.aliases import AliasTable
from kg.resolve.article import resolve_article
from kg.types import Article, ArticleResult, ClaimType, Mention
from kg.version import extractor_version

if TYPE_CHECKING:
    from kg.rdf.graph import Shipped

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
CHUNK = 16  # articles per worker task: one nlp.pipe batch (kg.parse.BATCH_SIZE)


@dataclass(frozen=True)
class Settings:
    """What selects an extractor: small and picklable, so worker processes and Dask workers
    load the same one the client would."""

    model: str | None = None  # spaCy pipeline name (None: $KG_SPACY_MODEL or the default)
    aliases: AliasTable | None = None  # the user's alias table (kg build --aliases)


@dataclass(frozen=True)
class Extractor:
    """The loaded stages: parse, extract and resolve articles, map results to quads."""

    nlp: object
    lexicon: Lexicon
    cue_model: CueModel | None
    aliases: AliasTable | None
    pipeline: str  # the spaCy pipeline's name and version
    version: str  # settings_version: code, data, models, aliases (written as kg:rulesVersion)
    boundaries: BoundaryModel | None = None  # span-edge model; None: the rules' edges
    claim_model: ClaimModel | None = None  # the claim gate, when one is shipped or configured
    models: str = "none"  # models_version(): the learned models' hashes (kg:modelVersion)

    @classmethod
    def load(cls, settings: Settings = Settings()) -> Extractor:
        return cls.around(load_pipeline(settings.model), settings)

    @classmethod
    def around(cls, nlp, settings: Settings = Settings()) -> Extractor:
        """The extractor over a spaCy pipeline the caller already has (the kg_claims pipe)."""
        lexicon = load_lexicon()
        cue_model = load_cue_model()
        pipeline = pipeline_description(nlp)
        return cls(
            nlp,
            lexicon,
            cue_model,
            settings.aliases,
            pipeline,
            settings_version(settings),
            load_boundary_model(),
            load_claim_model(),
            models_version(),
        )

    def result(self, article: Article, doc) -> ArticleResult:
        """One parsed article's claims and entities."""
        ctx, sentences, found = candidates(
            article, doc, self.lexicon, self.cue_model, self.claim_model
        )
        raws = finish(ctx, sentences, found, self.boundaries)
        names = name_mentions(article, doc, ctx.quotes)
        context = context_mentions(article, doc, ctx.quotes, raws)
        claims, entities = resolve_article(article, raws, names, **context, aliases=self.aliases)
        # the claimant as written (edges drawn by the model, if any, a restrictive relative
        # clause kept); resolution read the rules' mention
        written = claimant_spans(article.text, doc, ctx.quotes, raws, self.boundaries)
        claims = [replace(c, source=s) for c, s in zip(claims, written, strict=True)]
        return ArticleResult(article, tuple(claims), tuple(entities))

    def results(
        self, articles: Iterable[Article], batch_size: int = BATCH_SIZE
    ) -> Iterator[ArticleResult]:
        """Parse in batches and extract; streams, one result per article, in input order."""
        for article, doc in parse_articles(articles, self.nlp, batch_size=batch_size):
            yield self.result(article, doc)

    def quads(self, result: ArticleResult) -> list:
        """The article's named graph, with this extractor as its provenance."""
        from kg.rdf.graph import article_quads

        return article_quads(
            result,
            pipeline=self.pipeline,
            rules_version=self.version,
            aliases=self.aliases,
            model_version=self.models,
        )


def settings_version(settings: Settings) -> str:
    """The version of the extractor these settings load (``kg.version``: code, data files,
    spaCy pipeline, alias table), plus the lexicon and cue model in use when $KG_CUES or
    $KG_CUE_MODEL replace the packaged ones. Computed without loading spaCy, so an incremental
    build that has nothing to do loads nothing."""
    cue_model = load_cue_model()
    model = json.dumps(cue_model.to_json(), sort_keys=True) if cue_model else "none"
    boundaries = load_boundary_model()
    edges = boundaries.version if boundaries is not None else "none"
    model += "; " + models_version()  # the claim gate, when there is one
    aliases = settings.aliases.fingerprint() if settings.aliases is not None else None
    return extractor_version(
        pipeline_identity(settings.model), aliases, extra=(load_lexicon().version, model, edges)
    )


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
        if _common_noun_read_as_name(article.text, ent):
            continue
        in_quote = outermost(quotes, ent.start_char) is not None
        m = mention_for(article.text, ent.root, in_quote)
        if m is not None and m.kind == "name":
            out.append(enrich(m, ent.root))
    # a proper-noun subject or object the tagger did not see as an entity ("Greene met Ortiz",
    # "met Ms Priya Nair") is still somebody a later "he" or "she" can mean
    for tok in _untagged_proper_nouns(doc):
        if (
            tok.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")
            and article.body_start <= tok.idx < end
            and not any(q.open_at < tok.idx < q.close_at for q in quotes)
        ):
            m = mention_for(article.text, tok, False)
            if m is not None and m.kind == "name":
                out.append(enrich(m, tok))
    out.sort(key=lambda m: m.span.start)
    return out


def _untagged_proper_nouns(doc):
    """The tokens tagged PROPN outside any entity, picked from the parse's arrays (a token
    object for each word of the article costs more than the test)."""
    rows = doc.to_array(["POS", "ENT_TYPE"])
    found = (rows[:, 0] == doc.vocab.strings["PROPN"]) & (rows[:, 1] == 0)
    return (doc[i] for i in np.flatnonzero(found).tolist())


def _common_noun_read_as_name(text: str, ent) -> bool:
    """ "Schools closed early." tagged PERSON: one plural common noun opening a sentence, that
    the article never writes capitalised inside a sentence ("Bernie Sanders" keeps "Sanders")."""
    tok = ent.root
    if len(ent) != 1 or tok.tag_ != "NNS" or not tok.is_sent_start:
        return False
    return re.search(rf"[a-z,;] {re.escape(tok.text)}\b", text) is None


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


def extract_docs(
    pairs: Iterable[tuple[Article, object]], extractor: Extractor | None = None
) -> Iterator[ArticleResult]:
    """Results for already parsed (article, Doc) pairs."""
    extractor = extractor or Extractor.load()
    for article, doc in pairs:
        yield extractor.result(article, doc)


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    aliases: AliasTable | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
) -> Iterator[ArticleResult]:
    """Extract the claims of each article; streams, one result per article, in input order.

    With ``jobs`` > 1 this process and ``jobs`` - 1 workers parse and extract (``kg.parallel``).
    """
    settings = Settings(model, aliases)
    if jobs > 1:
        chunks = _in_processes(articles, settings, jobs, batch_size, with_quads=False)
        yield from (result for chunk in chunks for result, _ in chunk)
        return
    yield from Extractor.load(settings).results(articles, batch_size)


def results_with_quads(
    articles: Iterable[Article], **options
) -> Iterator[tuple[ArticleResult, list]]:
    """Each article's extraction result with its quads (its named graph); ``options`` are
    those of ``graph_chunks``, which says who does the work."""
    from kg.rdf.graph import Shipped, parse_nquads

    for chunk in graph_chunks(articles, **options):
        for result, graph in chunk:
            yield result, parse_nquads(graph.nquads) if isinstance(graph, Shipped) else graph


def graph_chunks(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    aliases: AliasTable | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
    scheduler=None,
) -> Iterator[list[tuple[ArticleResult, list | Shipped]]]:
    """Articles' results with their graphs, ``CHUNK`` articles at a time (``kg build`` writes a
    chunk in one go), in input order but for a Dask cluster's chunks.

    A graph made in this process is its list of quads; with ``jobs`` > 1 this process and
    ``jobs`` - 1 workers do the parse, extraction and mapping (``kg.parallel``), and with a Dask
    ``scheduler`` the workers of that cluster do (``kg.dask_engine``): their graphs come back
    ``Shipped`` as N-Quads. Nothing is loaded until there is an article to extract, so a build
    with nothing to do costs no parse.
    """
    from kg.parallel import chunks

    articles = iter(articles)
    first = next(articles, None)
    if first is None:
        return
    articles = chain([first], articles)
    settings = Settings(model, aliases)
    if scheduler is not None:
        from kg.dask_engine import map_on_dask

        yield from map_on_dask(work_chunk, chunks(articles, CHUNK), scheduler, settings)
    elif jobs > 1:
        yield from _in_processes(articles, settings, jobs, batch_size, with_quads=True)
    else:
        extractor = Extractor.load(settings)
        for results in chunks(extractor.results(articles, batch_size), CHUNK):
            yield [(result, extractor.quads(result)) for result in results]


def _in_processes(
    articles: Iterable[Article], settings: Settings, jobs: int, batch_size: int, with_quads: bool
) -> Iterator[list[tuple[ArticleResult, Shipped | list | None]]]:
    from kg.parallel import forks, map_in_processes, tapered

    batch = min(batch_size, CHUNK)
    todo = tapered(articles, CHUNK, CHUNK * jobs)
    if forks():  # loaded once, here, for this process and the workers forked from it
        _extractor(settings)
    return map_in_processes(work_chunk, todo, jobs, settings, with_quads, batch, local=_chunk_here)


_LOADED: list[tuple[tuple, Extractor]] = []  # the last extractor _extractor loaded, with its key


def _extractor(settings: Settings) -> Extractor:
    """``Extractor.load`` once per process and settings: a worker is handed one chunk at a time,
    and each load digests the code and models anew (~20 ms a chunk). The key holds what the
    cached loaders return, so whatever makes them load anew makes a new extractor too."""
    parts = (load_lexicon(), load_cue_model(), load_boundary_model(), load_claim_model())
    key = (settings, *(id(p) for p in parts))
    if not _LOADED or _LOADED[0][0] != key:
        _LOADED[:] = [(key, Extractor.load(settings))]
    return _LOADED[0][1]


def work_chunk(
    articles: list[Article], settings: Settings, with_quads: bool = True, batch_size: int = CHUNK
) -> list[tuple[ArticleResult, Shipped | None]]:
    """Parse, extract and map one chunk (in a worker); each graph ``Shipped`` (or None).

    The stages' loaders cache what they load, so a worker loads the spaCy pipeline on its first
    chunk and reuses it for the next ones."""
    from kg.rdf.graph import ship

    extractor = _extractor(settings)
    return [
        (result, ship(extractor.quads(result)) if with_quads else None)
        for result in extractor.results(articles, batch_size)
    ]


def _chunk_here(
    articles: list[Article], settings: Settings, with_quads: bool = True, batch_size: int = CHUNK
) -> list[tuple[ArticleResult, list]]:
    """``work_chunk`` for a chunk this process takes itself: the quads stay Python objects
    (no N-Quads round trip, ~4 ms an article)."""
    extractor = _extractor(settings)
    return [
        (result, extractor.quads(result) if with_quads else [])
        for result in extractor.results(articles, batch_size)
    ]


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
