"""Check a claim graph against the SHACL shapes in ``ontology/shapes.ttl`` (pySHACL).

Shapes are checked against the union of all article graphs: a claim, its evidence and the article
it cites live in one named graph, but entities are shared across graphs, and SHACL (and pySHACL)
knows nothing of named graphs. pySHACL needs rdflib, which is slow, so this is a check to run on
demand, never part of building or querying the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.errors import KgError
from kg.rdf.iris import DATA, PREFIXES
from kg.rdf.store import UNION_QUERY

_SH_IN = SH["in"]
_SH_CLASS = SH["class"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with terms already written for people (prefixed path, full focus IRI)."""

    focus: str
    path: str | None
    message: str
    severity: str  # Violation | Warning | Info
    node_kind: str = "node"  # the failing shape's label: claim, evidence, article, entity …
    value: str | None = None


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def shapes_path(name: str = "shapes.ttl") -> Path:
    from kg.resources import ontology_dir

    return ontology_dir() / name


def shapes_graph(name: str = "shapes.ttl") -> rdflib.Graph:
    """The shapes file ``name`` of ``ontology/``, parsed once."""
    return _load_shapes(str(shapes_path(name)))


@lru_cache(maxsize=4)
def _load_shapes(path: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as e:
        raise KgError(f"cannot read the SHACL shapes {path}: {e}") from e
    return graph


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> ValidationResult:
    """Validate ``data`` (all triples, any named graphs already merged) against the shapes."""
    from pyshacl import validate

    shapes_graph = shapes if shapes is not None else _load_shapes(str(shapes_path()))
    _, report, _ = validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    violations = sorted(
        _violations(report, shapes_graph),
        key=lambda v: (v.node_kind, v.focus, v.path or "", v.message),
    )
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationResult(conforms=conforms, violations=violations)


def validate_store(store: ox.Store) -> ValidationResult:
    """Validate the union of the default graph and every named graph of a pyoxigraph store."""
    try:
        ntriples = store.query(UNION_QUERY).serialize(format=ox.RdfFormat.N_TRIPLES)
    except OSError as e:
        raise KgError(f"cannot read the store to validate it: {e}") from e
    data = rdflib.Graph()
    if ntriples:
        data.parse(data=ntriples.decode("utf-8"), format="nt")
    result = validate_graph(data)
    return ValidationResult(result.conforms, result.violations + duplicate_warnings(store))


def duplicate_warnings(store: ox.Store) -> list[Violation]:
    """Entities that may be one but were kept apart (``kg.resolve.entities``), as warnings."""
    from kg.resolve.entities import possible_duplicates

    return [
        Violation(
            focus=d.iris[0],
            path=None,
            message=f"possible duplicate of {', '.join(repr(x) for x in d.labels[1:])}: {d.reason}",
            severity="Warning",
            node_kind="entity",
        )
        for d in possible_duplicates(store)
    ]


_FILE_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}


def validate_file(path: Path) -> ValidationResult:
    """Validate an RDF file (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD by extension)."""
    return validate_store(load_file(path))


def load_file(path: Path) -> ox.Store:
    """An RDF file, its format told by its extension, in an in-memory store."""
    path = Path(path)
    fmt = _FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FILE_FORMATS))
        raise KgError(f"cannot tell the RDF format of {path}; use one of the extensions {known}")
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt)
    except OSError as e:
        raise KgError(f"cannot read {path}: {e.strerror or e}") from e
    except SyntaxError as e:
        raise KgError(f"cannot parse {path}: {e}") from e
    return store


def validate_nquads(text: str) -> ValidationResult:
    """Validate N-Quads (or N-Triples) text; its graphs are merged before validation."""
    store = ox.Store()
    try:
        store.load(text, format=ox.RdfFormat.N_QUADS)
    except SyntaxError as e:
        raise KgError(f"cannot parse the N-Quads to validate: {e}") from e
    return validate_store(store)


def _violations(report: rdflib.Graph, shapes: rdflib.Graph):
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        component = report.value(result, SH.sourceConstraintComponent)
        pyshacl_messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        yield Violation(
            focus=_show(focus),
            path=_show(path) if path is not None else None,
            message=_message(shapes, shape, component, value, pyshacl_messages),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            node_kind=_shape_label(shapes, shape),
            value=_show(value) if value is not None else None,
        )


def _message(shapes: rdflib.Graph, shape, component, value, fallback: list[str]) -> str:
    """A message in our prefixes: pySHACL's own spell schema: as https and print rdflib reprs."""
    own = shapes.value(shape, SH.message) if shape is not None else None
    if own is not None:
        return str(own)
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")

    def param(p):
        return shapes.value(shape, p) if shape is not None else None

    shown = _show(value) if value is not None else "the value"
    if name == "MinCount":
        return f"Less than {param(SH.minCount)} values"
    if name == "MaxCount":
        return f"More than {param(SH.maxCount)} values"
    if name == "In":
        members = param(_SH_IN)
        allowed = ", ".join(_show(m) for m in Collection(shapes, members)) if members else "?"
        return f"{shown} is not one of {allowed}"
    if name == "Class":
        return f"{shown} is not a {_show(param(_SH_CLASS))}"
    if name == "Datatype":
        return f"{shown} is not a {_show(param(SH.datatype))}"
    if name == "NodeKind":
        return f"{shown} is not a {_show(param(SH.nodeKind))}"
    if name == "MinInclusive":
        return f"{shown} is less than {_show(param(SH.minInclusive))}"
    if name == "MaxInclusive":
        return f"{shown} is greater than {_show(param(SH.maxInclusive))}"
    if name == "LessThanOrEquals":
        return f"{shown} is greater than {_show(param(SH.lessThanOrEquals))}"
    if name == "MinLength":
        return f"{shown} is shorter than {param(SH.minLength)} characters"
    if name == "MaxLength":
        return f"{shown} is longer than {param(SH.maxLength)} characters"
    if name == "Or":
        options = param(SH["or"])
        members = Collection(shapes, options) if options is not None else []
        alternatives = [_describe(shapes, m) for m in members]
        return f"{shown} is not a {' or '.join(alternatives) or 'valid value'}"
    if name == "HasValue":
        return f"does not have the value {_show(param(SH.hasValue))}"
    text = "; ".join(fallback) or "does not conform"
    return re.sub(r" on \S+->\S+$", "", text)


def _describe(shapes: rdflib.Graph, shape) -> str:
    """A member of an sh:or list, in a word: its class, datatype or node kind."""
    for p in (_SH_CLASS, SH.datatype, SH.nodeKind):
        value = shapes.value(shape, p)
        if value is not None:
            return _show(value)
    return "shape"


def _shape_label(shapes: rdflib.Graph, shape) -> str:
    """The rdfs:label of the node shape a (property) shape belongs to."""
    if shape is None:
        return "node"
    label = shapes.value(shape, RDFS.label)
    if label is None:
        owner = next(shapes.subjects(SH.property, shape), None)
        label = shapes.value(owner, RDFS.label) if owner is not None else None
    return str(label) if label is not None else "node"


def _show(term) -> str:
    if isinstance(term, rdflib.URIRef):
        iri = str(term)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if ns.startswith(DATA):
                continue  # data IRIs stay whole so they can be copied into a query
            if iri.startswith(ns) and "/" not in iri[len(ns) :]:
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        if term.datatype is None or term.datatype == XSD.string:
            return '"' + str(term).replace('"', '\\"') + '"'
        if term.datatype in _BARE:
            return str(term)
        return f'"{term}"^^{_show(term.datatype)}'
    # a complex SHACL path (sequence, inverse …) is a blank node in the report
    return str(term)


_BARE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean}


def format_violations(result: ValidationResult, limit: int | None = None) -> str:
    """One line per result (``claim <iri>: schema:text — Less than 1 values``) and a summary."""
    lines = []
    shown = result.violations if limit is None else result.violations[:limit]
    for v in shown:
        where = f"{v.node_kind} {v.focus}"
        if v.path:
            where += f": {v.path}"
        severity = "" if v.severity == "Violation" else f" [{v.severity.lower()}]"
        lines.append(f"{where} — {v.message}{severity}")
    hidden = len(result.violations) - len(shown)
    if hidden > 0:
        lines.append(f"… and {hidden} more")
    counts: dict[str, int] = {}
    for v in result.violations:
        counts[v.severity] = counts.get(v.severity, 0) + 1
    tally = ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in sorted(counts.items()))
    verdict = "conforms to the shapes" if result.conforms else "does not conform to the shapes"
    lines.append(f"The graph {verdict}" + (f" ({tally})." if tally else "."))
    return "\n".join(lines)


VALIDATE_ENV = "KG_VALIDATE_BUILD"  # "1": each build checks what it writes (tests set it)


def validate_quads(quads) -> ValidationResult:
    """Validate pyoxigraph quads (one or more article graphs, merged)."""
    store = ox.Store()
    store.extend(quads)
    return validate_store(store)


def check_quads(quads, what: str) -> None:
    """Raise ``KgError`` with the first violations when ``quads`` do not conform to the shapes.

    Why per article: each article's named graph carries everything its shapes need (claims,
    evidence, the article, its entities' types and names), so a build can check each graph as it
    writes it, in bounded memory, and name the article that failed.
    """
    result = validate_quads(quads)
    if not result.conforms:
        raise KgError(
            f"{what} does not conform to the SHACL shapes; this is a bug in kg, please report it:\n"
            + format_violations(result, limit=5)
        )
