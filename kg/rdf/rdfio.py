"""Load RDF (what ``kg export`` writes, or any Turtle/TriG/N-Triples/N-Quads) into a store.

An import command rather than ``kg build --from-rdf``: ``build`` reads articles and runs the
extractor, and its options (``--model``, ``--publisher``, ``--encoding``, ``--on-error``) mean
nothing for RDF, while an import needs its own (``--graph`` for triple formats, ``--append``);
oxigraph's and Jena's command lines also keep loading a separate verb (``oxigraph load``,
``tdb2.tdbloader``).

The file is loaded in one transaction (pyoxigraph ``Store.load``): a syntax error anywhere, or a
kill, leaves the store as it was. That reads the whole file into memory, which is fine for what
``kg export`` writes (a 1M-triple store exports to roughly 150 MB of N-Quads).
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Store

from kg.errors import InputError, KgError, StoreError
from kg.rdf.lock import writer_lock
from kg.rdf.store import FORMATS, format_for, open_store


@dataclass
class ImportSummary:
    quads: int  # quads added (the store's size after minus before)
    graphs: int  # named graphs in the store after the import
    fmt: str


def import_rdf(
    source: str | Path,
    store: Path,
    *,
    fmt: str | None = None,
    graph: str | None = None,
    append: bool = False,
    stdin=None,
) -> ImportSummary:
    """Load ``source`` (a file, or ``-`` for stdin) into the store at ``store``.

    TriG and N-Quads keep their graphs; Turtle and N-Triples go into the default graph, or into
    ``graph`` when given. A store that already holds data is refused unless ``append``, so an old
    export is not silently mixed into newer article graphs.
    """
    is_stdin = str(source) == "-"
    try:
        chosen = format_for(None if is_stdin else str(source), fmt, default="")
    except StoreError:
        chosen = ""  # said below, with the import's own advice
    if chosen not in FORMATS:
        raise InputError(
            f"{source}: cannot tell the RDF format; pass --format "
            f"({', '.join(FORMATS)})" + (f", not {fmt!r}" if fmt else "")
        )
    if not is_stdin and not Path(source).is_file():
        raise InputError(f"{source}: no such file")
    target = None
    if graph:
        try:
            target = NamedNode(graph)
        except ValueError as e:
            raise InputError(f"--graph {graph!r} is not an IRI ({e})") from None
    with writer_lock(Path(store)):
        db = open_store(store)
        try:
            return _load(db, store, source, chosen, target, append, stdin)
        except KgError as e:
            traceback.clear_frames(e.__traceback__)  # a kept traceback must not keep the store open
            raise
        finally:
            del db


def _load(db: Store, path, source, chosen: str, target, append: bool, stdin) -> ImportSummary:
    before = len(db)
    if before and not append:
        raise StoreError(
            f"{path}: the store already holds {before} quads; import into an empty store, "
            "or pass --append to add to them"
        )
    is_stdin = str(source) == "-"
    data = (stdin or sys.stdin.buffer).read() if is_stdin else None
    try:
        db.load(
            data,
            format=FORMATS[chosen],
            path=None if is_stdin else str(source),
            to_graph=target,
        )
    except SyntaxError as e:
        raise InputError(f"{source}: not valid {chosen} ({e}); nothing was imported") from None
    except (ValueError, OSError) as e:
        raise InputError(f"{source}: cannot import ({e}); nothing was imported") from None
    db.flush()
    return ImportSummary(len(db) - before, sum(1 for _ in db.named_graphs()), chosen)
