"""Gold attributions and predictions read into plain values, checked against their texts.

Gold comes as JSONL (one article per line with ``attributions``) or as brat standoff (``X.txt`` +
``X.ann``, PolNeAR style); predictions come as ``kg extract --format jsonl`` lines or as the same
dicts in memory. Offsets are code points into the gold text, end exclusive. A gold article is run
through the extractor as the ``Article`` that ``kg.read`` would make of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.data import words
from kg.errors import InputError
from kg.read import split_publishers
from kg.types import Article, Span

ROLES = ("source", "cue", "content")
KINDS = ("direct", "indirect", "mixed")
DEFAULT_TIERS = ("core",)
PRONOUNS = words("gold_pronouns")
# brat role and text-bound type names that mean each of our roles
BRAT_ROLES = {
    "source": "source",
    "claimant": "source",
    "speaker": "source",
    "cue": "cue",
    "content": "content",
    "message": "content",
}


@dataclass(frozen=True)
class GoldClaim:
    """One gold attribution: spans per role plus optional speaker label, kind and tier."""

    id: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    speaker: str | None = None
    kind: str | None = None
    tier: str | None = None
    type: str | None = None  # statement / belief / knowledge / intention, when annotated
    carried: bool = False  # cue and claimant carried over: a floating or continued quote


@dataclass(frozen=True)
class GoldDoc:
    """One gold article. ``speaker_names`` maps a normalised speaker label to accepted names."""

    id: str
    text: str
    claims: tuple[GoldClaim, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    speaker_names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    origin: str = ""
    body_end: int | None = None

    def to_article(self) -> Article:
        """The article to run extraction on; offsets stay those of ``text``."""
        meta = self.metadata
        pubs = meta.get("publishers") or meta.get("publisher") or ()
        if isinstance(pubs, str):
            pubs = split_publishers(pubs)  # as kg.read reads a publisher field
        return Article(
            id=self.id,
            text=self.text,
            title=_str_or_none(meta.get("title")),
            url=_str_or_none(meta.get("url")),
            publishers=tuple(p for p in pubs if isinstance(p, str) and p),
            published=_str_or_none(meta.get("published") or meta.get("publication_date")),
            author=_str_or_none(meta.get("author")),
            origin=self.origin or None,
            body_end=self.body_end,
        )


@dataclass(frozen=True)
class PredClaim:
    """A predicted claim reduced to what scoring needs; ``where`` locates it for messages."""

    doc: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    speaker: str | None
    kind: str | None
    where: str
    type: str | None = None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    return value if type(value) is int else None


def normalise_label(label: str) -> str:
    """Lower-case, collapse white space and drop a leading article, for speaker comparison."""
    words = label.lower().split()
    if words and words[0] in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _parse_spans(value: Any, text: str, where: str, role: str) -> tuple[Span, ...]:
    """Accept null, one ``{start,end[,text]}`` dict or a list of them; check them against text."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    spans = []
    for item in items:
        if not isinstance(item, dict):
            raise InputError(f"{where}: {role} span must be an object with start and end")
        start, end = item.get("start"), item.get("end")
        if type(start) is not int or type(end) is not int:
            raise InputError(f"{where}: {role} span needs integer start and end, got {item!r}")
        if not 0 <= start <= end <= len(text):
            raise InputError(
                f"{where}: {role} span {start}-{end} lies outside the text (length {len(text)})"
            )
        got = item.get("text")
        if isinstance(got, str) and got != text[start:end]:
            raise InputError(
                f"{where}: {role} span {start}-{end} says {got[:40]!r} but the text there is "
                f"{text[start:end][:40]!r}; offsets must be code points into the article text"
            )
        spans.append(Span(start, end, text[start:end]))
    return tuple(spans)


def load_gold(paths: Sequence[Path], entities: Path | None = None) -> list[GoldDoc]:
    """Read gold from JSONL files, brat directories or single ``.ann``/``.txt`` pairs.

    Speaker aliases come from ``entities`` when given, else from ``<stem>.entities.json`` beside
    each gold file (or inside a brat directory).
    """
    explicit = _load_entities(entities) if entities is not None else None
    docs: list[GoldDoc] = []
    for path in map(Path, paths):
        if path.is_dir():
            anns = sorted(path.glob("*.ann"))
            if not anns:
                raise InputError(f"{path}: no .ann files in this directory; expected brat standoff")
            docs.extend(_load_brat(ann, explicit) for ann in anns)
        elif path.suffix in (".ann", ".txt"):
            docs.append(_load_brat(path.with_suffix(".ann"), explicit))
        elif path.is_file():
            docs.extend(_load_jsonl(path, explicit))
        else:
            raise InputError(f"{path}: no such gold file or directory")
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise InputError(f"{doc.origin}: article id {doc.id!r} appears twice in the gold")
        seen.add(doc.id)
    return docs


@dataclass(frozen=True)
class _Entities:
    names: Mapping[str, frozenset[str]]
    body_end: int | None


def _load_entities(path: Path) -> _Entities:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ents = data["entities"]
        names: dict[str, frozenset[str]] = {}
        for key, ent in ents.items():
            label = ent["label"]
            accepted = {normalise_label(label)}
            for alias in ent.get("aliases", []):
                norm = normalise_label(alias)
                if norm and norm not in PRONOUNS:
                    accepted.add(norm)
            names[normalise_label(label)] = frozenset(accepted)
            names.setdefault(normalise_label(key), frozenset(accepted))
    except OSError as e:
        raise InputError(f"{path}: cannot read entities file ({e.strerror})") from e
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(
            f'{path}: not an entities file; expected {{"entities": {{ID: {{"label", '
            f'"aliases"}}}}}} ({e})'
        ) from e
    body_end = data.get("body_end")
    return _Entities(names, _int(body_end))


def _entities_beside(path: Path, explicit: _Entities | None) -> _Entities | None:
    if explicit is not None:
        return explicit
    candidate = path.with_name(path.stem + ".entities.json")
    return _load_entities(candidate) if candidate.is_file() else None


def _make_doc(
    doc_id: str, text: str, claims: list[GoldClaim], meta: dict, origin: str, ents: _Entities | None
) -> GoldDoc:
    return GoldDoc(
        id=doc_id,
        text=text,
        claims=tuple(claims),
        metadata=meta,
        speaker_names=dict(ents.names) if ents else {},
        origin=origin,
        body_end=ents.body_end
        if ents and ents.body_end is not None
        else _int(meta.get("body_end")),
    )


def _load_jsonl(path: Path, explicit: _Entities | None) -> list[GoldDoc]:
    ents = _entities_beside(path, explicit)
    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read gold file ({e})") from e
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(
                f"{where}: not valid JSON ({e.msg}); one article object per line"
            ) from e
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected an article object, got {type(obj).__name__}")
        doc_id, text, atts = obj.get("id"), obj.get("text"), obj.get("attributions")
        if not isinstance(doc_id, str) or not isinstance(text, str) or not isinstance(atts, list):
            raise InputError(
                f"{where}: an article needs string 'id', 'text' and list 'attributions'"
            )
        claims = []
        for i, att in enumerate(atts):
            if not isinstance(att, dict):
                raise InputError(f"{where}: attribution #{i} is not an object")
            claim = _gold_claim(att, text, f"{where}: attribution #{i}", f"{doc_id}#{i}")
            if claim is not None:  # an attribution without cue or content cannot be matched
                claims.append(claim)
        meta = {k: v for k, v in obj.items() if k not in ("id", "text", "attributions")}
        docs.append(_make_doc(doc_id, text, claims, meta, where, ents))
    return docs


def _gold_claim(att: dict, text: str, where: str, default_id: str) -> GoldClaim | None:
    """One gold attribution; None for an incomplete one (no cue or no content span), which
    annotated corpora contain (PolNeAR train has a few) and no extractor could match."""
    spans = {role: _parse_spans(att.get(role), text, where, role) for role in ROLES}
    if not spans["cue"] or not spans["content"]:
        return None
    speaker = att.get("speaker")
    return GoldClaim(
        id=str(att.get("id") or default_id),
        speaker=speaker if isinstance(speaker, str) and speaker else None,
        kind=_str_or_none(att.get("kind")),
        tier=_str_or_none(att.get("tier")),
        type=_str_or_none(att.get("type")),
        carried=bool(att.get("cue_carried_over") or att.get("floating")),
        **spans,
    )


@dataclass
class _Brat:
    """The lines of one ``.ann`` file, by kind (each with its line number for messages)."""

    bounds: dict[str, tuple[str, tuple[Span, ...], int]] = field(default_factory=dict)
    events: list[tuple[str, list[tuple[str, str]], int]] = field(default_factory=list)
    relations: list[tuple[str, str, int]] = field(default_factory=list)
    extras: dict[str, dict[str, str]] = field(default_factory=dict)


def _load_brat(ann: Path, explicit: _Entities | None) -> GoldDoc:
    txt = ann.with_suffix(".txt")
    try:
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        with open(ann, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{ann}: cannot read brat pair {ann.name} + {txt.name} ({e})") from e
    brat = _Brat()
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        try:
            _brat_line(brat, line.split("\t"), text, f"{ann}:{lineno}", lineno)
        except (IndexError, ValueError) as e:
            raise InputError(f"{ann}:{lineno}: malformed brat line ({e}): {line[:60]!r}") from e
    claims = _brat_claims(brat, ann)
    ents = _entities_beside(ann, explicit)
    return _make_doc(ann.stem, text, claims, {}, str(ann), ents)


def _brat_line(brat: _Brat, parts: list[str], text: str, where: str, lineno: int) -> None:
    ident = parts[0]
    if ident.startswith("T"):
        brat.bounds[ident] = (*_brat_textbound(parts, text, where), lineno)
    elif ident.startswith("E"):
        args = [tuple(a.split(":", 1)) for a in parts[1].split()]
        if not args or any(len(a) != 2 for a in args):
            raise ValueError("event arguments must be Role:ID")
        brat.events.append((ident, args, lineno))
    elif ident.startswith("R"):
        fields = parts[1].split()
        ids = [f.split(":", 1)[1] for f in fields[1:]]
        if len(ids) != 2:
            raise ValueError("a relation needs two Arg:ID arguments")
        brat.relations.append((ids[0], ids[1], lineno))
    elif ident.startswith(("A", "M")):
        fields = parts[1].split()
        brat.extras.setdefault(fields[1], {})[fields[0].lower()] = (
            fields[2] if len(fields) > 2 else "true"
        )
    elif ident.startswith("#"):
        note_type, target = parts[1].split()[:2]
        note = parts[2].strip() if len(parts) > 2 else ""
        if note_type.lower() == "speaker":
            brat.extras.setdefault(target, {})["speaker"] = note
        elif note.lower().startswith("speaker:"):
            brat.extras.setdefault(target, {})["speaker"] = note[8:].strip()
    elif not ident.startswith(("N", "*")):
        raise ValueError(f"unknown annotation id {ident!r}")


def _brat_claims(brat: _Brat, ann: Path) -> list[GoldClaim]:
    """Attribution events, then cue-centred relations, as gold claims."""

    def spans_of(tid: str, lineno: int) -> tuple[str, tuple[Span, ...]]:
        if tid not in brat.bounds:
            raise InputError(f"{ann}:{lineno}: {tid} is not a text-bound annotation in this file")
        return brat.bounds[tid][0], brat.bounds[tid][1]

    claims: list[GoldClaim] = []
    for eid, args, lineno in brat.events:
        roles: dict[str, list[Span]] = {r: [] for r in ROLES}
        for n, (role, tid) in enumerate(args):
            _, spans = spans_of(tid, lineno)
            key = BRAT_ROLES.get(re.sub(r"\d+$", "", role).lower())
            if n == 0 and key is None:
                key = "cue"  # the trigger of an Attribution event marks the cue
            if key:
                roles[key].extend(s for s in spans if s not in roles[key])
        claims.append(_brat_claim(eid, roles, brat.extras.get(eid, {}), f"{ann}:{lineno}"))
    by_cue: dict[str, dict[str, list[Span]]] = {}
    for a, b, lineno in brat.relations:
        (ta, sa), (tb, sb) = spans_of(a, lineno), spans_of(b, lineno)
        ra, rb = BRAT_ROLES.get(ta.lower()), BRAT_ROLES.get(tb.lower())
        if rb == "cue":
            (a, ra, sa), (b, rb, sb) = (b, rb, sb), (a, ra, sa)
        if ra != "cue" or rb is None:
            continue
        roles = by_cue.setdefault(a, {"source": [], "cue": list(sa), "content": []})
        roles[rb].extend(s for s in sb if s not in roles[rb])
    for cue_id, roles in by_cue.items():
        claims.append(_brat_claim(f"R:{cue_id}", roles, brat.extras.get(cue_id, {}), str(ann)))
    return claims


def _brat_textbound(parts: list[str], text: str, where: str) -> tuple[str, tuple[Span, ...]]:
    kind, _, offsets = parts[1].partition(" ")
    spans = []
    for frag in offsets.split(";"):
        start_s, end_s = frag.split()
        spans.append({"start": int(start_s), "end": int(end_s)})
    parsed = _parse_spans(spans, text, where, kind)
    if len(parts) > 2 and " ".join(s.text for s in parsed).split() != parts[2].split():
        raise InputError(
            f"{where}: {kind} text {parts[2][:40]!r} does not match the .txt at {offsets}"
        )
    return kind, parsed


def _brat_claim(
    cid: str, roles: dict[str, list[Span]], extra: dict[str, str], where: str
) -> GoldClaim:
    if not roles["cue"] or not roles["content"]:
        raise InputError(f"{where}: attribution {cid} needs a cue and a content span")
    return GoldClaim(
        id=cid,
        source=tuple(roles["source"]),
        cue=tuple(roles["cue"]),
        content=tuple(roles["content"]),
        speaker=extra.get("speaker") or None,
        kind=extra.get("kind"),
        tier=extra.get("tier"),
    )


def load_predictions(path: Path) -> dict[str, list[dict]]:
    """Read ``kg extract --format jsonl`` output: one claim object per line, grouped by doc."""
    out: dict[str, list[dict]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read predictions ({e})") from e
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(
                f"{path}:{lineno}: not valid JSON ({e.msg}); one claim per line"
            ) from e
        if not isinstance(obj, dict) or not isinstance(obj.get("doc"), str):
            raise InputError(f"{path}:{lineno}: a predicted claim must be an object with 'doc'")
        out.setdefault(obj["doc"], []).append({**obj, "_where": f"{path}:{lineno}"})
    return out


def pred_claim(obj: Any, doc: GoldDoc, where: str) -> PredClaim:
    if hasattr(obj, "to_json"):  # a kg.types.Claim
        obj = obj.to_json()
    if not isinstance(obj, Mapping):
        raise InputError(f"{where}: a predicted claim must be a dict, got {type(obj).__name__}")
    where = obj.get("_where", where)
    spans = {role: _parse_spans(obj.get(role), doc.text, where, role) for role in ROLES}
    if not spans["cue"] or not spans["content"]:
        raise InputError(f"{where}: a predicted claim needs a cue and a content span")
    speaker = obj.get("speaker")
    label = speaker.get("label") if isinstance(speaker, dict) else speaker
    return PredClaim(
        doc=doc.id,
        speaker=label if isinstance(label, str) and label else None,
        kind=_str_or_none(obj.get("kind")),
        where=where,
        type=_str_or_none(obj.get("type")),
        **spans,
    )
