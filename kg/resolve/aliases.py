"""Canonical names across articles, and the user's alias file (CSV or YAML).

Why this module: a named entity's IRI and its ``schema:name`` are minted from its canonical name
(``Entity.key``), and every article is mapped to RDF on its own — in another process, or months
later. So the canonical name must be a pure function of the name as written: ``canonical_name``
drops a leading article and a possessive ("the Home Office's" → "Home Office"), and an alias file
merges what that rule cannot ("HO", "UK Home Office" → "Home Office"; "Khan" → "Usman Khan") and
can attach a Wikidata id, written as ``owl:sameAs``.

Alias files are matched on ``kg.resolve.names.slug`` (the same normalisation that mints IRIs),
so case, a leading "the" and a possessive never matter. Formats:

CSV (``.csv``; ``.tsv`` tab-separated), an optional header row, ``#`` comments::

    alias,canonical,wikidata,type
    HO,Home Office,Q1141022,Organization
    Khan,Usman Khan,,Person

YAML (``.yaml``/``.yml``), canonical names as keys::

    Home Office:
      aliases: [HO, UK Home Office]
      wikidata: Q1141022
      type: Organization
    Usman Khan: [Khan]          # a list: the aliases
    Sunday Times: The Sunday Times   # a string: the key is an alias of that name

The table is loaded once (``kg build --aliases FILE``) and passed to the stages that name
entities (resolution, the publisher of an article); worker processes get it with their settings
(``kg.pipeline.Settings``). Unnamed sources and article-scoped groups are
never touched: their keys carry the article id and must not merge across articles.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.resolve.names import normalize, slug
from kg.types import Entity, EntityType

WIKIDATA = "http://www.wikidata.org/entity/"
ENTITY_TYPES: tuple[EntityType, ...] = ("Person", "Organization", "Place", "Group", "Thing")
_QID = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q[1-9]\d*)$")


canonical_name = normalize  # the one rule of kg.resolve.names, also behind keys and IRIs


def article_scoped(entity: Entity) -> bool:
    """Unnamed sources and loose groups are keyed per article (``article#…``): never merged."""
    return entity.type == "UnnamedSource" or "#" in entity.key


@dataclass(frozen=True)
class AliasEntry:
    canonical: str
    same_as: tuple[str, ...] = ()
    type: EntityType | None = None


@dataclass
class AliasTable:
    """Alias (matched on its slug) → canonical name, Wikidata id and type."""

    entries: dict[str, AliasEntry] = field(default_factory=dict)
    origin: str = ""
    _where: dict[str, str] = field(default_factory=dict, repr=False)

    def add(self, alias: str, entry: AliasEntry, where: str) -> None:
        key = slug(alias)
        known = self.entries.get(key)
        if known is not None and slug(known.canonical) != slug(entry.canonical):
            raise InputError(
                f"{where}: {alias!r} is already an alias of {known.canonical!r} "
                f"({self._where[key]}); give each alias one canonical name"
            )
        if known is not None:  # the same name again: keep every Wikidata id, the first type
            entry = AliasEntry(
                known.canonical,
                tuple(dict.fromkeys(known.same_as + entry.same_as)),
                known.type or entry.type,
            )
        self.entries[key] = entry
        self._where.setdefault(key, where)

    def lookup(self, name: str) -> AliasEntry | None:
        return self.entries.get(slug(name))

    def canonical(self, entity: Entity) -> Entity:
        """The entity under its canonical name; the name it had becomes an alternate name."""
        if article_scoped(entity):
            return entity
        entry = self.lookup(entity.key)
        for alias in entity.aliases:
            if entry is not None:
                break
            entry = self.lookup(alias)
        if entry is None:
            return entity
        variants = {entity.key, entity.label, *entity.aliases} - {entry.canonical}
        return Entity(
            key=entry.canonical,
            label=entry.canonical,
            type=entry.type or entity.type,
            aliases=tuple(sorted(variants)),
            same_as=tuple(dict.fromkeys(entity.same_as + entry.same_as)),
        )

    def fingerprint(self) -> bytes:
        """What the table maps, as bytes: part of the extractor's version (``kg.version``), so
        a changed table re-extracts on the next incremental build."""
        return repr(sorted(self.entries.items())).encode("utf-8")

    def __len__(self) -> int:
        return len(self.entries)


def _wikidata(value: str, where: str) -> tuple[str, ...]:
    value = (value or "").strip()
    if not value:
        return ()
    m = _QID.match(value)
    if not m:
        raise InputError(
            f"{where}: {value!r} is not a Wikidata id; write it as Q1141022 "
            "or http://www.wikidata.org/entity/Q1141022"
        )
    return (WIKIDATA + m.group(1),)


def _type(value: str | None, where: str) -> EntityType | None:
    value = (value or "").strip()
    if not value:
        return None
    for t in ENTITY_TYPES:
        if t.lower() == value.lower():
            return t
    raise InputError(f"{where}: unknown type {value!r}; use one of {', '.join(ENTITY_TYPES)}")


def _from_csv(text: str, origin: str, delimiter: str) -> AliasTable:
    table = AliasTable(origin=origin)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)]
    for lineno, line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        cells = [c.strip() for c in row] + ["", "", ""]
        where = f"{origin}:{lineno}"
        if cells[0].lower() == "alias" and cells[1].lower() == "canonical":
            continue  # the header
        alias, canonical, qid, etype = cells[:4]
        if not alias or not canonical:
            raise InputError(
                f"{where}: write 'alias{delimiter}canonical[{delimiter}wikidata"
                f"{delimiter}type]', both names non-empty"
            )
        entry = AliasEntry(canonical, _wikidata(qid, where), _type(etype, where))
        table.add(canonical, entry, where)
        table.add(alias, entry, where)
    return table


def _names(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | int | float):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    raise InputError(f"{where}: aliases must be a name or a list of names")


def _from_yaml(text: str, origin: str) -> AliasTable:
    try:
        import yaml
    except ImportError:  # pragma: no cover - pyyaml is a dependency
        raise InputError(
            f"{origin}: reading YAML needs PyYAML (pip install pyyaml), or write the aliases as CSV"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"{origin}{line}: not valid YAML ({problem})") from None
    table = AliasTable(origin=origin)
    if data is None:
        return table
    if not isinstance(data, dict):
        raise InputError(f"{origin}: the YAML must be a mapping of canonical names")
    for name, value in data.items():
        name = str(name)
        where = f"{origin}: {name!r}"
        if isinstance(value, str):  # "alias: canonical"
            entry = AliasEntry(value)
            table.add(value, entry, where)
            table.add(name, entry, where)
            continue
        if isinstance(value, dict):
            unknown = set(map(str, value)) - {"aliases", "wikidata", "type"}
            if unknown:
                raise InputError(
                    f"{where}: unknown key {sorted(unknown)[0]!r}; use aliases, wikidata, type"
                )
            qids = tuple(
                q for v in _names(value.get("wikidata"), where) for q in _wikidata(v, where)
            )
            entry = AliasEntry(name, qids, _type(value.get("type"), where))
            aliases = _names(value.get("aliases"), where)
        else:
            entry = AliasEntry(name)
            aliases = _names(value, where)
        table.add(name, entry, where)
        for alias in aliases:
            table.add(alias, entry, where)
    return table


def load_aliases(path: str | Path) -> AliasTable:
    """Read an alias file; errors name the file and line and say how to fix it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such alias file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the alias file ({e})") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _from_yaml(text, str(path))
    if suffix in (".csv", ".tsv", ".txt"):
        return _from_csv(text, str(path), "\t" if suffix == ".tsv" else ",")
    raise InputError(f"{path}: alias files are .csv, .tsv, .yaml or .yml")


def canonical_entity(entity: Entity, table: AliasTable | None) -> Entity:
    """``entity`` after the alias table (unchanged without one)."""
    return table.canonical(entity) if table is not None else entity


def publisher_entity(name: str, table: AliasTable | None = None) -> Entity:
    """A publisher as an organisation, with the IRI it gets as a claimant ("The Sunday Times")."""
    key = canonical_name(name)
    aliases = (name,) if name != key else ()
    return canonical_entity(Entity(key=key, label=key, type="Organization", aliases=aliases), table)
