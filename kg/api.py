"""The Python API: what the ``kg`` command does, as calls (``import kg``).

``kg.claims(text)`` reads one text; :class:`Store` builds, queries and inspects an on-disk store.
The command line is a face over these functions (``kg extract`` is :func:`extract`, ``kg build``
is :meth:`Store.build`, ``kg query`` renders :meth:`Store.results`), so the two always agree;
nothing here prints. Errors are ``kg.errors.KgError`` with a message that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.types import Article, ArticleResult, Claim

if TYPE_CHECKING:
    from kg.resolve.aliases import AliasTable

Input = str | Path | Article


def article(
    text: str,
    *,
    id: str = "text",  # noqa: A002 - the article's id, as in JSON Lines input
    title: str | None = None,
    url: str | None = None,
    publisher: str | Iterable[str] | None = None,
    published: str | None = None,
    author: str | None = None,
) -> Article:
    """An article from text and metadata, read as ``kg`` reads a ``.txt`` file: a leading
    "From the Sunday Times" line names the publishers unless ``publisher`` does, a trailing block
    of share-button labels is not mined."""
    from kg.read import make_article

    publishers = (publisher,) if isinstance(publisher, str) else tuple(publisher or ())
    return make_article(
        id,
        text,
        origin=id,
        publishers=publishers,
        title=title,
        url=url,
        published=published,
        author=author,
    )


def claims(text: str, *, model: str | None = None, **metadata) -> list[Claim]:
    """The claims of one text; ``metadata`` as for :func:`article` (``id``, ``title``, ``url``,
    ``publisher``, ``published``, ``author``). ``Claim.to_dict()`` is the ``kg extract`` line.

    >>> import kg
    >>> found = kg.claims("The minister said the bridge would reopen in May.")
    >>> [(c.source.text, c.cue.text, c.content_text) for c in found]
    [('The minister', 'said', 'the bridge would reopen in May')]
    """
    (result,) = extract([article(text, **metadata)], model=model)
    return list(result.claims)


def read(
    inputs: Iterable[Input],
    *,
    publisher: Iterable[str] = (),
    encoding: str = "utf-8",
    errors=None,
) -> Iterator[Article]:
    """Articles from paths (files of any kind ``kg`` reads, directories, ``-``) and ``Article``
    values, in order. ``errors`` is a ``kg.onerror.ErrorPolicy`` (default: the first bad article
    raises)."""
    from kg.read import iter_articles

    pending: list[str | Path] = []

    def flush() -> Iterator[Article]:
        if pending:
            paths = list(pending)
            pending.clear()
            yield from iter_articles(
                paths, encoding=encoding, publishers=tuple(publisher), errors=errors
            )

    for item in [inputs] if isinstance(inputs, str | Path | Article) else inputs:
        if isinstance(item, Article):
            yield from flush()
            yield item
        else:
            pending.append(item)
    yield from flush()


def extract(
    inputs: Iterable[Input],
    *,
    publisher: Iterable[str] = (),
    encoding: str = "utf-8",
    model: str | None = None,
    aliases: AliasTable | str | Path | None = None,
    jobs: int = 1,
    errors=None,
) -> Iterator[ArticleResult]:
    """Each article's claims and entities (``kg extract``), streamed in input order;
    ``aliases`` is an alias table or the path of an alias file (CSV or YAML)."""
    from kg.pipeline import extract_articles

    table = _alias_table(aliases)
    articles = read(inputs, publisher=publisher, encoding=encoding, errors=errors)
    if errors is not None:
        articles = errors.count(articles)
    yield from extract_articles(articles, model=model, aliases=table, jobs=jobs)


def _alias_table(aliases: AliasTable | str | Path | None) -> AliasTable | None:
    from kg.resolve.aliases import AliasTable, load_aliases

    if aliases is None or isinstance(aliases, AliasTable):
        return aliases
    return load_aliases(aliases)


class Store:
    """An on-disk claims store: a directory, as ``kg --store DIR`` (default ``$KG_STORE``, else
    ``.kg/store``). Reading opens it read-only for each call, so a store is never held open."""

    def __init__(self, path: str | Path | None = None) -> None:
        from kg.rdf.store import store_path

        self.path = store_path(path)

    def __repr__(self) -> str:
        return f"kg.Store({str(self.path)!r})"

    def build(
        self,
        inputs: Iterable[Input],
        *,
        publisher: Iterable[str] = (),
        encoding: str = "utf-8",
        model: str | None = None,
        aliases: AliasTable | str | Path | None = None,
        validate: bool = False,
        jobs: int = 1,
        scheduler: str | None = None,
        progress: Callable[[ArticleResult], None] | None = None,
        errors=None,
        force: bool = False,
        on_unchanged: Callable[[Article], None] | None = None,
    ):
        """Extract the inputs' claims and write each article as its named graph (``kg build``);
        returns a ``kg.build.BuildSummary`` (articles, claims, entities, quads, and the
        ``unchanged`` articles kept as they were: same text, metadata and extractor; ``force``
        re-extracts them too)."""
        from kg.build import build_store

        table = _alias_table(aliases)  # fail early, before any parsing
        return build_store(
            read(inputs, publisher=publisher, encoding=encoding, errors=errors),
            self.path,
            model=model,
            aliases=table,
            progress=progress,
            validate=validate,
            jobs=jobs,
            scheduler=scheduler,
            force=force,
            on_unchanged=on_unchanged,
        )

    def open(self):
        """The store as a read-only ``pyoxigraph.Store`` (refused while a build writes it)."""
        from kg.rdf.store import open_store

        return open_store(self.path, create=False, read_only=True)

    def results(self, query, params: dict[str, str] | None = None, *, timeout=None):
        """A saved query's (its name, a ``.rq`` file, SPARQL text or a ``SavedQuery``)
        pyoxigraph results, parameters bound as typed terms: what ``kg query`` renders."""
        from kg.rdf.queries import SavedQuery, resolve_query, run

        saved = query if isinstance(query, SavedQuery) else resolve_query(query)
        return run(self.open(), saved, params or {}, timeout=timeout)

    def query(
        self,
        name: str,
        params: dict[str, str] | None = None,
        /,
        *,
        timeout: float | None = None,
        **kwargs,
    ):
        """Rows of a saved query, each as ``kg query NAME --format json`` gives it (the SPARQL
        JSON results binding: ``{"claimant": {"type": "literal", "value": "Home Office"}, …}``).
        Parameters as keywords, or as a dict for names Python reserves (``{"from": …}``). ASK
        gives a bool, CONSTRUCT a list of ``pyoxigraph.Triple``."""
        values = {**(params or {}), **{key: str(value) for key, value in kwargs.items()}}
        return rows(self.results(name, values, timeout=timeout))

    def sparql(self, text: str, *, timeout: float | None = None):
        """Rows of a SPARQL query, as :meth:`query`. The default graph is the union of the
        article graphs, so no ``GRAPH`` is needed; the project's prefixes are declared."""
        from kg.rdf.queries import parse_query, run

        return rows(run(self.open(), parse_query(text), {}, timeout=timeout))

    def stats(self):
        """What ``kg stats`` counts, as a ``kg.rdf.stats.Stats``."""
        from kg.rdf.stats import store_stats

        return store_stats(self.open())


def rows(results) -> list[dict] | bool | list:
    """pyoxigraph results as plain data: SELECT -> the SPARQL JSON bindings, ASK -> bool,
    CONSTRUCT/DESCRIBE -> a list of triples."""
    from kg.rdf.results import plain

    return plain(results)
