"""Saved SPARQL queries: loading their headers, binding parameters as RDF terms, rendering results.

A saved query is a ``.rq`` file whose first lines are grlc-style ``#+ key: value`` headers::

    #+ summary: Claims whose claimant's name contains the given text
    #+ description: (optional, one line)
    #+ tags: claims, claimant
    #+ param: name string — part of the claimant's name
    #+ param: limit integer = 20 — how many rows

A ``param`` line is ``NAME TYPE [= DEFAULT] — description``; TYPE is one of string, iri, integer,
decimal, date; a parameter without a default is required. Values are bound as typed terms with
pyoxigraph's ``substitutions=`` and never pasted into the query text, so a value cannot change the
query (grlc's string replacement can). pyoxigraph (oxigraph issue 1837) refuses a substituted
variable that is not in the SELECT list, so saved queries project their parameters.

SPARQL cannot bind ``LIMIT``, so a parameter named ``limit`` is not a query variable: ``run``
keeps only that many result rows. The parameters a query projects (for pyoxigraph's sake) are
dropped from its result columns: a query answers with what it found, not with what it was given.

The default graph of every query is the union of all graphs (the article graphs and the store's
own default graph), as Oxigraph server's ``--union-default-graph`` gives: an ad-hoc
``SELECT * WHERE { ?s ?p ?o }`` sees the claims; ``GRAPH ?g`` still names each article's graph.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.iris import PREFIXES, XSD
from kg.rdf.lookup import lookup_key

PARAM_TYPES = ("string", "name", "iri", "integer", "decimal", "date")
LIMIT_PARAM = "limit"  # applied by run(), not substituted: SPARQL has no variable LIMIT
SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("table", "turtle", "ntriples", "nquads")

_HEADER = re.compile(r"^#\+\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s?(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>[A-Za-z]+)"
    r"(?:\s*=\s*(?P<default>.*?))?"
    r"(?:\s+(?:—|–|--|-)\s+(?P<desc>.*))?\s*$"
)
_SPARQL_START = re.compile(
    r"^\s*(?:#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Param:
    """One declared query parameter; ``default`` is the text form, parsed like a user value."""

    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    sparql: str
    path: Path | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default=())

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# ---------------------------------------------------------------- loading


def parse_query(text: str, name: str = "<inline>", path: Path | None = None) -> SavedQuery:
    """Read the ``#+`` header lines at the top of ``text``; the whole text stays the SPARQL."""
    headers: dict[str, list[str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        m = _HEADER.match(stripped)
        if not m:
            break
        headers.setdefault(m["key"].lower(), []).append(m["value"].strip())
    params = tuple(_parse_param(v, name) for v in headers.get("param", []))
    seen: set[str] = set()
    for p in params:
        if p.name in seen:
            raise QueryError(f"query {name}: parameter {p.name!r} is declared twice")
        seen.add(p.name)
    tags = tuple(t.strip() for v in headers.get("tags", []) for t in v.split(",") if t.strip())
    return SavedQuery(
        name=name,
        sparql=text,
        path=path,
        summary=" ".join(headers.get("summary", [])),
        description=" ".join(headers.get("description", [])),
        tags=tags,
        params=params,
    )


def _parse_param(spec: str, query_name: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise QueryError(
            f"query {query_name}: cannot read '#+ param: {spec}'; "
            "write '#+ param: NAME TYPE [= DEFAULT] — description'"
        )
    ptype = m["type"].lower()
    if ptype not in PARAM_TYPES:
        raise QueryError(
            f"query {query_name}: parameter {m['name']!r} has unknown type {ptype!r}; "
            f"use one of {', '.join(PARAM_TYPES)}"
        )
    default = m["default"]
    if default is not None:
        default = default.strip()
        if len(default) >= 2 and default[0] == default[-1] and default[0] in "\"'":
            default = default[1:-1]
    return Param(m["name"], ptype, default, (m["desc"] or "").strip())


def load_query_file(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise QueryError(f"cannot read query file {path}: {e.strerror or e}") from e
    return parse_query(text, name=path.stem, path=path)


def load_saved_queries(dirs: list[Path] | None = None) -> dict[str, SavedQuery]:
    """The shipped queries plus those in ``dirs``; a later directory's query overrides by name."""
    from kg.resources import queries_dir

    folders = [queries_dir(), *(dirs or [])]
    queries: dict[str, SavedQuery] = {}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise QueryError(f"query folder {folder} does not exist")
        for path in sorted(folder.glob("*.rq")):
            q = load_query_file(path)
            queries[q.name] = q
    return dict(sorted(queries.items()))


@cache
def internal_query(name: str) -> str:
    """A query kg runs itself (``kg show``, ``kg stats``, ``kg serve``'s pages): the file
    ``queries/internal/NAME.rq``, with the prefixes of ``kg.rdf.iris`` declared. Not listed by
    ``kg queries``: these answer the program, not the user."""
    from kg.resources import queries_dir

    text = (queries_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + text


def resolve_query(spec: str, dirs: list[Path] | None = None) -> SavedQuery:
    """A saved query's name, a path to a ``.rq`` file, or SPARQL text given inline."""
    queries = load_saved_queries(dirs)
    if spec in queries:
        return queries[spec]
    if _SPARQL_START.match(spec) or "{" in spec:
        return parse_query(spec)
    path = Path(spec)
    if path.is_file():
        return load_query_file(path)
    if path.suffix == ".rq" or "/" in spec:
        raise QueryError(f"query file {spec} does not exist")
    raise QueryError(
        f"no saved query named {spec!r}; available: {', '.join(queries) or '(none)'} "
        "(or give a path to a .rq file, or SPARQL text)"
    )


# ---------------------------------------------------------------- binding


_MASK = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"{}|^`\\\s]*>|#[^\n]*",
    re.DOTALL,
)


def masked_sparql(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords and braces can be found."""
    return _MASK.sub(lambda m: " " * len(m.group()), sparql)


def with_values(sparql: str, bindings: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` at the start of every ``WHERE`` group (the query's and
    each sub-select's), so the parameters are bound wherever the query uses them."""
    if not bindings:
        return sparql
    masked = masked_sparql(sparql)
    ends = [m.end() for m in re.finditer(r"\bWHERE\s*\{", masked, re.IGNORECASE)]
    if not ends:  # "SELECT * { … }" / "ASK { … }": the first brace opens the WHERE group
        m = re.search(r"\b(?:SELECT|ASK)\b[^{]*\{", masked, re.IGNORECASE)
        if m is None:
            raise QueryError("cannot find the WHERE clause of the query to bind its parameters")
        ends = [m.end()]
    names = " ".join(str(v) for v in bindings)
    terms = " ".join(str(t) for t in bindings.values())  # N-Triples form: validated, escaped
    block = f"\n  VALUES ({names}) {{ ({terms}) }}\n"
    parts, last = [], 0
    for end in ends:
        parts += [sparql[last:end], block]
        last = end
    return "".join(parts) + sparql[last:]




def _term(param: Param, value: str, query_name: str) -> ox.NamedNode | ox.Literal:
    where = f"parameter {param.name!r} of query {query_name}"
    if param.type == "string":
        return ox.Literal(value)
    if param.type == "name":  # looked up in the kg:nameKey / kg:claimantKey index (kg.rdf.lookup)
        # keys are whole words; a value without any ("}}{{") matches no key, except the empty
        # string, which a query may declare as its "no filter" default
        return ox.Literal(lookup_key(value) or value.strip().casefold())
    if param.type == "integer":
        try:
            return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(XSD + "integer"))
        except ValueError:
            raise QueryError(f"{where} must be an integer, got {value!r}") from None
    if param.type == "decimal":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise QueryError(f"{where} must be a decimal number, got {value!r}") from None
        if not number.is_finite():
            raise QueryError(f"{where} must be a finite decimal number, got {value!r}")
        return ox.Literal(format(number, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    if param.type == "date":
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise QueryError(f"{where} must be a date as YYYY-MM-DD, got {value!r}") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if param.type == "iri":
        return ox.NamedNode(expand_iri(value, where))
    raise QueryError(f"{where} has unknown type {param.type!r}")


def expand_iri(value: str, where: str = "IRI") -> str:
    """``<iri>``, a full IRI, or a prefixed name (``claim:abc``, ``kgd:claim/abc``) → a full IRI."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif ":" in text and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        prefix, _, local = text.partition(":")
        if prefix in PREFIXES:
            text = PREFIXES[prefix] + local
    try:
        node = ox.NamedNode(text)
    except ValueError as e:
        raise QueryError(f"{where} must be an IRI or a prefixed name, got {value!r} ({e})") from e
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", node.value):
        raise QueryError(f"{where} must be an absolute IRI, got {value!r}")
    return node.value


def bind(query: SavedQuery, values: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Typed substitutions for the query's parameters (defaults filled in; ``limit`` excluded)."""
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        declared = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(
            f"query {query.name} has no parameter {', '.join(map(repr, unknown))}; "
            f"its parameters: {declared}"
        )
    bound: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for param in query.params:
        if param.name == LIMIT_PARAM:
            continue
        value = values.get(param.name, param.default)
        if value is None:
            raise QueryError(
                f"query {query.name} needs parameter {param.name!r} ({param.type}"
                f"{': ' + param.description if param.description else ''}); "
                f"pass it as {param.name}=VALUE"
            )
        bound[ox.Variable(param.name)] = _term(param, value, query.name)
    return bound


def row_limit(query: SavedQuery, values: dict[str, str]) -> int | None:
    """The row cap from a ``limit`` parameter, or None when the query declares none."""
    param = query.param(LIMIT_PARAM)
    if param is None:
        return None
    value = values.get(LIMIT_PARAM, param.default)
    if value is None:
        raise QueryError(f"query {query.name} needs parameter 'limit' (integer)")
    term = _term(Param(LIMIT_PARAM, "integer"), value, query.name)
    n = int(term.value)
    if n < 0:
        raise QueryError(f"parameter 'limit' of query {query.name} must be >= 0, got {n}")
    return n


# ---------------------------------------------------------------- running

Results = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def run(
    store: ox.Store,
    query: SavedQuery,
    values: dict[str, str] | None = None,
    *,
    timeout: float | None = None,
    default_graph: list[ox.NamedNode] | None = None,
    named_graphs: list[ox.NamedNode] | None = None,
) -> Results:
    """Run ``query`` with ``values`` bound; results stream unless a timeout or limit applies.

    ``default_graph`` and ``named_graphs`` set the query's dataset (the SPARQL protocol's
    ``default-graph-uri`` and ``named-graph-uri``); by default it is the whole store, with the
    union of all graphs as the default graph.

    With ``timeout`` the query is evaluated to the end in a worker thread (pyoxigraph releases the
    GIL), so a slow query raises QueryError after ``timeout`` seconds; the abandoned evaluation
    cannot be cancelled and finishes in the background.
    """
    values = values or {}
    substitutions = bind(query, values)
    limit = row_limit(query, values)
    hidden = frozenset(v.value for v in substitutions)
    # name lookups go in as VALUES: Oxigraph plans before it substitutes, and only a value
    # written in the query lets the plan start from the name index (kg.rdf.lookup)
    names = {v: t for v, t in substitutions.items() if query.param(v.value).type == "name"}
    sparql = with_values(query.sparql, names) if names else query.sparql
    substitutions = {v: t for v, t in substitutions.items() if v not in names}

    def start() -> Results:
        try:
            return store.query(
                sparql,
                prefixes=PREFIXES,
                substitutions=substitutions,
                default_graph=default_graph,
                named_graphs=named_graphs,
                # without a dataset from the caller: the union of the article graphs
                use_default_graph_as_union=default_graph is None,
            )
        except SyntaxError as e:
            raise QueryError(f"invalid SPARQL in query {query.name}: {e}") from e
        except RuntimeError as e:
            raise _runtime_error(query, e) from e
        except OSError as e:
            raise QueryError(f"query {query.name} cannot read the store: {e}") from e

    if timeout is None and limit is None and not hidden:
        return start()
    if timeout is None:
        return _rebuild(*_evaluate(start(), limit, query, hidden))
    # pyoxigraph result objects may only be used by the thread that made them: the worker
    # hands back serialized bytes and this thread parses them again
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = _evaluate(start(), limit, query, hidden)
        except BaseException as e:  # handed back to the caller's thread
            box["error"] = e

    worker = threading.Thread(target=work, name=f"kg-query-{query.name}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(
            f"query {query.name} did not finish within {timeout:g} s; "
            "narrow it with parameters or raise the timeout"
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return _rebuild(*box["result"])  # type: ignore[misc]


def _runtime_error(query: SavedQuery, e: RuntimeError) -> QueryError:
    msg = str(e)
    m = re.search(r"variable \?(\w+) in its SELECT projection", msg)
    if m:
        return QueryError(
            f"query {query.name}: parameter ?{m[1]} must also appear in the SELECT list "
            "(pyoxigraph cannot substitute a variable it does not project)"
        )
    return QueryError(f"query {query.name} failed: {msg}")


def without_columns(payload: dict, hidden: Iterable[str]) -> dict:
    """SPARQL JSON results without the columns named in ``hidden`` (a query's parameters)."""
    hidden = set(hidden)
    if not hidden or "head" not in payload:
        return payload
    payload["head"]["vars"] = [v for v in payload["head"].get("vars", []) if v not in hidden]
    for row in payload.get("results", {}).get("bindings", []):
        for name in hidden & row.keys():
            del row[name]
    return payload


def trimmed_solutions(data: bytes, limit: int | None, hidden: Iterable[str] = ()) -> bytes:
    """SPARQL JSON results cut to ``limit`` rows and without the ``hidden`` columns; the one
    place that does it for the store (``run``) and for remote endpoints (``kg.rdf.remote``)."""
    hidden = set(hidden)
    if limit is None and not hidden:
        return data
    payload = json.loads(data)
    if limit is not None and "results" in payload:
        payload["results"]["bindings"] = payload["results"]["bindings"][:limit]
    return json.dumps(without_columns(payload, hidden)).encode("utf-8")


def triples_result(triples: Iterable, limit: int | None = None) -> Results:
    """Triples (at most ``limit``) as the results of a CONSTRUCT query, which ``render``
    writes: for results rebuilt in another thread or read from a remote endpoint."""
    triples = list(triples)
    if limit is not None:
        triples = triples[:limit]
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def _evaluate(
    results: Results, limit: int | None, query: SavedQuery, hidden: frozenset[str] = frozenset()
) -> tuple[str, bytes]:
    """Evaluate to the end (cut to ``limit`` rows, without the ``hidden`` columns) and
    serialize: ("solutions" | "boolean" | "triples", bytes)."""
    try:
        if isinstance(results, ox.QuerySolutions):
            data = results.serialize(format=ox.QueryResultsFormat.JSON)
            return "solutions", trimmed_solutions(data, limit, hidden)
        if isinstance(results, ox.QueryBoolean):
            return "boolean", results.serialize(format=ox.QueryResultsFormat.JSON)
        triples = list(results)
        if limit is not None:
            triples = triples[:limit]
        return "triples", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    except RuntimeError as e:
        raise _runtime_error(query, e) from e
    except OSError as e:
        raise QueryError(f"query {query.name} cannot read the store: {e}") from e


def _rebuild(kind: str, data: bytes) -> Results:
    """pyoxigraph result objects again, made in the calling thread."""
    if kind in ("solutions", "boolean"):
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return triples_result(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


# ---------------------------------------------------------------- rendering

_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
}


def render(results: Results, fmt: str, out: BinaryIO, *, width: int | None = None) -> None:
    """Write results to ``out`` (binary): SELECT as table/csv/tsv/json, CONSTRUCT as
    table/turtle/ntriples/nquads, ASK as table (true/false) or csv/tsv/json."""
    fmt = {"nt": "ntriples", "nq": "nquads", "ttl": "turtle"}.get(fmt.lower(), fmt.lower())
    if isinstance(results, ox.QueryBoolean):
        if fmt == "table":
            out.write(b"true\n" if bool(results) else b"false\n")
        elif fmt in _RESULT_FORMATS:
            results.serialize(out, format=_RESULT_FORMATS[fmt])
        else:
            raise QueryError(
                f"an ASK result cannot be written as {fmt}; use {', '.join(SELECT_FORMATS)}"
            )
        return
    if isinstance(results, ox.QuerySolutions):
        if fmt == "table":
            variables = [v.value for v in results.variables]
            rows = ([s[v] for v in variables] for s in results)
            _write_table(variables, rows, out, width)
        elif fmt in _RESULT_FORMATS:
            results.serialize(out, format=_RESULT_FORMATS[fmt])
        else:
            raise QueryError(
                f"SELECT results cannot be written as {fmt}; use {', '.join(SELECT_FORMATS)}"
            )
        return
    if fmt == "table":
        rows = ([t.subject, t.predicate, t.object] for t in results)
        _write_table(["subject", "predicate", "object"], rows, out, width)
    elif fmt == "turtle":  # laid out like 'kg export': prefixes used, subjects in order
        from kg.rdf.turtle import write_store

        graph = ox.Store()
        graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in results)
        write_store(graph, out, "turtle")
    elif fmt in _RDF_FORMATS:
        ox.serialize(results, out, _RDF_FORMATS[fmt])
    else:
        raise QueryError(
            f"CONSTRUCT/DESCRIBE results cannot be written as {fmt}; use {', '.join(GRAPH_FORMATS)}"
        )


def compact_iri(iri: str) -> str:
    """The display form of an IRI given as text: ``org:home-office`` (``<iri>`` without prefix)."""
    return compact(ox.NamedNode(iri))


def compact(term: object) -> str:
    """A short display form: prefixed names for IRIs, bare values for literals, '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        best = max(
            ((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{iri[len(best[1]) :]}" if best else f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {compact(term.subject)} {compact(term.predicate)} {compact(term.object)} >>"
    return str(term)


def _write_table(
    headers: list[str], rows: Iterable[list], out: BinaryIO, width: int | None
) -> None:
    """A plain text table; IRI columns never fold (they are copied into other commands)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    cells: list[list[str]] = []
    iri_widths = [0] * len(headers)
    for terms in rows:
        row_cells = [compact(term) for term in terms]
        for i, (term, cell) in enumerate(zip(terms, row_cells, strict=True)):
            if isinstance(term, ox.NamedNode | ox.BlankNode):
                iri_widths[i] = max(iri_widths[i], len(cell))
        cells.append(row_cells)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header, iri_width in zip(headers, iri_widths, strict=True):
        table.add_column(header, overflow="fold", min_width=iri_width or None)
    for row_cells in cells:
        table.add_row(*(Text(cell) for cell in row_cells))
    if width is None:
        isatty = getattr(out, "isatty", lambda: False)
        width = shutil.get_terminal_size().columns if isatty() else 160
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False)
    console.print(table, markup=False)
    count = len(cells)
    console.print(f"{count} row{'s' if count != 1 else ''}", markup=False, highlight=False)
    out.write(buffer.getvalue().encode("utf-8"))
