"""Learned span boundaries: where a claim's content and claimant start and end.

The rules find a claim and propose its spans from the parse (a clause's subtree, a quote, a noun
phrase). Annotators draw the edges by conventions the subtree does not always follow: a trailing
"…, he said" or "who …" is out, a fronted adverbial is in, a quote runs on past the parser's
sentence. For each edge of each span (content start and end, claimant start and end) this module
lists the candidate tokens around the proposed edge and scores each with a linear model over
readable features of the token, its neighbours, its place in the parse and what the edge leaves
out (``edge_features``: a relative clause, a coordinated clause with its own subject, an
apposition); the best-scoring candidate wins, and the proposal itself is one of the candidates,
so the model only moves an edge when the data say so. The weights are trained to rank the gold
edge first among each edge's candidates (``kg.eval.boundaries``).

Weights are a small JSON table (``kg/data/boundary_model.json``, made by ``kg train``;
``KG_BOUNDARY_MODEL`` points at another file, ``none`` switches it off). Without a model file
the rules' spans are kept as they are. Scoring is plain Python: no machine-learning library at
extraction time.
"""

from __future__ import annotations

import bisect
import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path

from kg.errors import KgError
from kg.extract.quotes import ALL_MARKS
from kg.extract.spans import char_span, with_relative_clause
from kg.types import RawClaim, Span

MODEL_ENV = "KG_BOUNDARY_MODEL"
MODEL_FILE = "boundary_model.json"
EDGES = ("content_start", "content_end", "source_start", "source_end")
WINDOW = 16  # candidate edges lie this many tokens either side of the proposed one
NEAR = 4  # ... and beyond this many, only next to punctuation, a clause word or a line break
STRIP = " \t\r\n,;:–—-.`" + ALL_MARKS  # ` for the typewriter quote ``…
FUNCTION_POS = frozenset({"ADP", "DET", "PRON", "AUX", "SCONJ", "CCONJ", "PART", "PUNCT"})


@dataclass(frozen=True)
class BoundaryModel:
    """Weights over edge features, one table per edge kind (``EDGES``)."""

    weights: dict[str, dict[str, float]]
    version: str
    window: int = WINDOW
    _memo: dict = field(default_factory=dict, compare=False, repr=False)  # see _score

    def score(self, edge: str, features: list[str]) -> float:
        table = self.weights.get(edge, {})
        return sum(map(table.get, features, repeat(0.0)))  # in order: the same sum

    def to_json(self) -> dict:
        return {"version": self.version, "window": self.window, "weights": self.weights}


def parse_boundary_model(data: dict, origin: str) -> BoundaryModel:
    try:
        return BoundaryModel(
            weights={
                str(edge): {str(k): float(v) for k, v in table.items()}
                for edge, table in data["weights"].items()
            },
            version=str(data.get("version", "")),
            window=int(data.get("window", WINDOW)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise KgError(
            f"{origin}: not a boundary model file ({e}); make one with 'kg train'"
        ) from None


@lru_cache(maxsize=4)
def load_boundary_model(path: str | None = None) -> BoundaryModel | None:
    """The boundary model from ``path``, ``$KG_BOUNDARY_MODEL`` or the package; None if there is
    none (then the rules' spans stand). ``KG_BOUNDARY_MODEL=none`` switches it off."""
    path = path or os.environ.get(MODEL_ENV)
    if path and path.lower() == "none":
        return None
    if path:
        p = Path(path)
        if not p.is_file():
            raise KgError(
                f"{p}: model file not found (set by {MODEL_ENV}); make one with 'kg train'"
            )
        return parse_boundary_model(json.loads(p.read_text("utf-8")), str(p))
    res = resources.files("kg.data").joinpath(MODEL_FILE)
    if not res.is_file():
        return None
    return parse_boundary_model(json.loads(res.read_text("utf-8")), f"kg/data/{MODEL_FILE}")


# --- the document view: token positions, quotes, and per-token features -----------------------


@dataclass
class DocView:
    """What edge features need of one parsed article, read off the parse once per article into
    plain lists (token objects are slow to make), with the features of a token that do not
    depend on the claim cached, so scoring stays cheap."""

    doc: object
    starts: list[int]
    in_quote: list[bool]
    cache: dict = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # ``_word`` of each token
    dep: list[str] = field(default_factory=list)
    verb: list[bool] = field(default_factory=list)
    skip: list[bool] = field(default_factory=list)  # white space or punctuation
    space: list[bool] = field(default_factory=list)
    sent_start: list[bool] = field(default_factory=list)
    head: list[int] = field(default_factory=list)
    left: list[int] = field(default_factory=list)
    right: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # dependency label, "V" before a verb's
    subj: frozenset[int] = frozenset()  # tokens with a subject of their own
    sent_starts: list[int] = field(default_factory=list)  # first token of each sentence
    glued: frozenset[int] = frozenset()  # hyphens inside a word ("re-election")
    clitics: frozenset[int] = frozenset()  # words written onto the word before ("'s", "n't")
    demonstratives: frozenset[int] = frozenset()  # "That" opening a sentence or a quotation

    @classmethod
    def of(cls, doc, quotes) -> DocView:
        """The view of ``doc``; the last one made is reused (extraction asks twice per article:
        content edges, then claimant edges)."""
        last = _LAST_VIEW.get("last")
        if last is not None and last[0] is doc and last[1] is quotes:
            return last[2]
        rows = doc.to_array(
            [
                "IDX",
                "HEAD",
                "DEP",
                "POS",
                "IS_PUNCT",
                "IS_SPACE",
                "IS_STOP",
                "SENT_START",
                "ORTH",
                "LOWER",
            ]
        )
        # one list per attribute (unsigned: HEAD and SENT_START wrap below zero)
        starts, heads, deps, poss, puncts, spaces, stops, sents, orths, lowers = rows.T.tolist()
        strings = doc.vocab.strings
        names = {key: strings[key] for key in {*deps, *poss, *orths, *lowers}}
        n = len(starts)
        view = cls(doc, starts, [])
        view.text = text = [names[k] for k in orths]
        view.lower = lower = [names[k] for k in lowers]
        view.dep = [names[k] for k in deps]
        pos = [names[k] for k in poss]
        view.verb = [p in ("VERB", "AUX") for p in pos]
        view.space = [bool(x) for x in spaces]
        view.skip = [bool(x or y) for x, y in zip(spaces, puncts, strict=True)]
        view.sent_start = [x == 1 for x in sents]
        view.head = [i + (h - 2**64 if h >= 2**63 else h) for i, h in enumerate(heads)]
        view.words = [
            ("NL" if "\n" in text[i] else "SP")
            if spaces[i]
            else ("Q" if lower[i] in QUOTE_TOKENS else lower[i])
            if puncts[i] or pos[i] in FUNCTION_POS or stops[i]
            else pos[i]
            for i in range(n)
        ]
        view.left, view.right = _subtree_edges(view.head)
        view.labels = [f"V{d}" if v else d for d, v in zip(view.dep, view.verb, strict=True)]
        view.subj = frozenset(view.head[i] for i, d in enumerate(view.dep) if d in SUBJECTS)
        view.sent_starts = [i for i, x in enumerate(view.sent_start) if x]
        view.glued = frozenset(
            k
            for k in range(1, n - 1)
            if text[k] in HYPHENS
            and starts[k - 1] + len(text[k - 1]) == starts[k]
            and starts[k] + 1 == starts[k + 1]
        )
        skip = view.skip
        view.clitics = frozenset(
            k
            for k in range(1, n)
            if starts[k - 1] + len(text[k - 1]) == starts[k] and not skip[k] and not skip[k - 1]
        )
        view.demonstratives = frozenset(
            k
            for k in range(n)
            if lower[k] == "that"
            and view.dep[k] != "mark"
            and (view.sent_start[k] or (k > 0 and text[k - 1] in QUOTE_TOKENS))
            and not (k + 2 < n and lower[k + 1] in BE_FORMS and lower[k + 2] in WH_WORDS)
        )  # not "That was what Lee said": a cleft whose content is the "what"
        flags = [False] * n
        for q in quotes:
            if q.depth != 0:
                continue
            lo = bisect.bisect_left(view.starts, q.open_at + 1)
            hi = bisect.bisect_left(view.starts, q.close_at)
            for i in range(lo, hi):
                flags[i] = True
        view.in_quote = flags
        _LAST_VIEW["last"] = (doc, quotes, view)
        return view

    def first_token(self, offset: int) -> int:
        """Index of the token that starts at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def last_token(self, end: int) -> int:
        """Index of the last token that starts before ``end``."""
        return bisect.bisect_left(self.starts, end) - 1

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else "BOUND"

    def is_quote(self, i: int) -> bool:
        return self.text[i] in QUOTE_TOKENS

    def can_edge(self, i: int, start: bool) -> bool:
        """A word (not white space or punctuation), not a piece of a hyphenated word ("re" of
        "re-election") nor of a word with a clitic ("That" of "That's"), and for a start not
        a leading that/how."""
        if self.skip[i] or (i - 1 if start else i + 1) in self.glued:
            return False
        if (i if start else i + 1) in self.clitics:
            return False
        return not (
            start
            and self.lower[i] in LEADING_MARKS
            and self.dep[i] in ("mark", "advmod")
            and not (self.lower[i] == "how" and not self.verb[self.head[i]])  # "how tough"
        )

    def at_break(self, i: int) -> bool:
        """Token ``i`` (the one outside a far edge) is punctuation, a line break, a clause word
        or a sentence edge: the only places a far edge is worth scoring."""
        if not 0 <= i < len(self.starts):
            return True
        return self.marker(i) is not None or self.sent_start[i]

    def marker(self, i: int) -> str | None:
        """What token ``i`` signals when an edge moves over it: punctuation, a clause word, a
        line break, or a sentence start."""
        if self.space[i]:
            return "NL" if "\n" in self.text[i] else None
        if self.text[i] in QUOTE_TOKENS:
            return "Q"
        if self.skip[i] or self.lower[i] in CLAUSE_WORDS:
            return self.lower[i]
        return None

    def phrase(self, i: int, left: bool) -> int:
        """The head of the largest phrase that starts (``left``) or ends at token ``i``."""
        best = node = i
        edges = self.left if left else self.right
        for _ in range(12):
            if edges[node] != i:
                break
            best = node
            if self.head[node] == node:
                break
            node = self.head[node]
        return best

    def label(self, node: int) -> str:
        """The dependency label of ``node`` ("V" before a verb's)."""
        return self.labels[node]

    def clause_edge(self, i: int, left: bool) -> str:
        """The dependency label of the largest phrase that starts (``left``) or ends at token
        ``i`` ("V" before the label of a verb's phrase)."""
        return self.label(self.phrase(i, left))

    def sent_end(self, i: int) -> int:
        """The last token of token ``i``'s sentence."""
        k = bisect.bisect_right(self.sent_starts, i)
        return self.sent_starts[k] - 1 if k < len(self.sent_starts) else len(self.starts) - 1

    def cut(self, i: int, start: bool) -> tuple[int, str]:
        """The head of the phrase an edge at token ``i`` leaves out and its label: the largest
        phrase that ends at the word before a start edge, or starts at the word after an end
        edge (punctuation skipped, quote marks not); (-1, "") if there is none."""
        step = -1 if start else 1
        k = i + step
        n = len(self.starts)
        while 0 <= k < n and self.skip[k] and not self.is_quote(k):
            k += step
        if not 0 <= k < n or self.skip[k]:
            return -1, ""
        node = self.phrase(k, not start)
        return node, self.label(node)

    def static_parts(self, i: int, start: bool, cut: tuple[int, str] | None = None) -> tuple:
        """What the claim-independent features of token ``i`` as an edge are made of: its
        word, the two outside it, its dependency label and phrase edge, the quote flags and
        whether it is a sentence edge. Tokens with the same parts have the same features."""
        n = len(self.starts)
        j1, j2 = (i - 1, i - 2) if start else (i + 1, i + 2)
        qo = (self.in_quote[i], self.in_quote[j1]) if 0 <= j1 < n else None
        sent_edge = self.sent_start[i] if start else (i + 1 >= n or self.sent_start[i + 1])
        cut, label = cut or self.cut(i, start)
        return (
            self.word(i),
            self.word(j1),
            self.word(j2),
            self.dep[i],
            self.clause_edge(i, start),
            qo,
            sent_edge,
            f"{label}|{cut in self.subj}" if cut >= 0 else None,
            None if start else _bucket(self.sent_end(i) - i),
        )

    def static(self, i: int, start: bool) -> list[str]:
        """The features of token ``i`` as a start (or end) edge that hold for any claim."""
        key = ("s", i, start)
        if key in self.cache:
            return self.cache[key]
        f = _static_features(*self.static_parts(i, start))
        self.cache[key] = f
        return f


def _static_features(w, o1, o2, dep, edge, qo, sent_edge, cut, rest) -> list[str]:
    f = [
        "bias",
        f"w={w}",
        f"o1={o1}",
        f"o1|w={o1}|{w}",
        f"o2|o1={o2}|{o1}",
        f"dep={dep}",
        f"dep|o1={dep}|{o1}",
        f"edge={edge}",
        f"edge|o1={edge}|{o1}",
    ]
    if qo is not None:
        f.append(f"qo={qo[0]}|{qo[1]}")
    if sent_edge:
        f.append("sent_edge")
    if cut is not None:  # what the edge leaves out: its phrase, whether it has its own subject
        f += [f"cut={cut}", f"cut|o1={cut}|{o1}", f"cut|edge={cut}|{edge}"]
    if rest is not None:  # how much of the sentence is left after an end
        f.append(f"rest={rest}|{o1}")
    return f


def _subtree_edges(head: list[int]) -> tuple[list[int], list[int]]:
    """The first and last token of each token's subtree (itself and everything below it), in
    one pass over the tree: children before their head, so each head takes its children's
    edges once (walking up from every token costs its depth per token)."""
    n = len(head)
    left, right = list(range(n)), list(range(n))
    children: list[list[int]] = [[] for _ in range(n)]
    order = [i for i in range(n) if head[i] == i]  # roots, then a pre-order of the trees
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    k = 0
    while k < len(order):
        order += children[order[k]]
        k += 1
    if len(order) != n:  # not a forest (a head cycle): walk up from every token instead
        return _walked_edges(head)
    for node in reversed(order):
        up = head[node]
        if up != node:
            if left[node] < left[up]:
                left[up] = left[node]
            if right[node] > right[up]:
                right[up] = right[node]
    return left, right


def _walked_edges(head: list[int]) -> tuple[list[int], list[int]]:
    n = len(head)
    left, right = list(range(n)), list(range(n))
    for i in range(n):
        node = i
        for _ in range(n):
            up = head[node]
            if up == node:
                break
            left[up] = min(left[up], i)
            right[up] = max(right[up], i)
            node = up
    return left, right


CLAUSE_WORDS = frozenset({"that", "who", "which", "and", "but", "because"})
HYPHENS = frozenset({"-", "‐", "‑"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_LAST_VIEW: dict = {}


def _bucket(d: int) -> str:
    if -4 <= d <= 4:
        return str(d)
    if d < 0:
        return "<-8" if d < -8 else "<-4"
    return ">8" if d > 8 else ">4"


BUCKETS = {d: _bucket(d) for d in range(-64, 65)}


def _distance_part(d: int, family: str, kind: str) -> list[str]:
    b = _bucket(d)
    return [f"d={b}", f"rule|d={family}|{b}", f"kind|d={kind}|{b}"]


def _token_part(w: str, o1: str, family: str, q_edge: bool, q_proposed: bool) -> list[str]:
    return [f"rule|w={family}|{w}", f"rule|o1={family}|{o1}", f"q={q_edge}|{q_proposed}"]


def _mark_part(mark: str, o1: str) -> list[str]:
    return [f"mark_o1={mark}", f"mark_o1|o1={mark}|{o1}"]


def _between_part(sign: str, between: frozenset[str]) -> list[str]:
    return [f"between={sign}{m}" for m in sorted(between)]


def _attach_part(label: str, attach: str, family: str) -> list[str]:
    return [f"attach={label}|{attach}", f"rule|attach={family}|{label}|{attach}"]


def _attach(view: DocView, i: int, start: bool, marks: dict[int, str]) -> tuple[str, str]:
    """The label of the phrase the edge leaves out and the role in the claim of the word it
    hangs from: a relative clause on a word of the content, a clause on the cue, a root."""
    node, label = view.cut(i, start)
    if node < 0:
        return "", "none"
    up = view.head[node]
    return label, "root" if up == node else marks.get(up, "out")


def claim_features(
    view: DocView,
    i: int,
    proposed: int,
    start: bool,
    rule: str,
    kind: str,
    marks: dict[int, str],
    between: frozenset[str],
) -> list[str]:
    """The features of token ``i`` as an edge that depend on the claim: the distance from the
    proposed edge (by pattern and kind), what the edge moves over (``between``), and which role
    the token outside the edge plays in the claim."""
    family = rule.split("+")[0]
    j1 = i - 1 if start else i + 1
    o1 = view.word(j1)
    return (
        _distance_part(i - proposed, family, kind)
        + _token_part(view.word(i), o1, family, view.in_quote[i], view.in_quote[proposed])
        + _mark_part(marks.get(j1, "-"), o1)
        + _between_part("+" if i > proposed else "-", between)
        + _attach_part(*_attach(view, i, start, marks), family)
    )


def scan(view: DocView, proposed: int, cands: list[int], start: bool) -> dict[int, frozenset]:
    """For each candidate, the markers (``DocView.marker``) of the tokens the edge moves over
    from the proposal to it, and "SENT" when it crosses a sentence boundary; one pass outward
    on each side. Edges are gaps between tokens: a start before its token, an end after it."""
    n = len(view.starts)
    home = proposed if start else proposed + 1
    out: dict[int, frozenset] = {}
    for step in (-1, 1):
        side = [i for i in cands if ((i if start else i + 1) - home) * step > 0]
        side.sort(key=lambda i: abs((i if start else i + 1) - home))
        seen: set[str] = set()
        gap = home
        for i in side:
            target = i if start else i + 1
            while gap != target:
                if 0 < gap < n and view.sent_start[gap]:
                    seen.add("SENT")
                k = gap - 1 if step < 0 else gap
                m = view.marker(k)
                if m:
                    seen.add(m)
                gap += step
            out[i] = frozenset(seen)
    return out


def edge_features(
    view: DocView,
    i: int,
    proposed: int,
    edge: str,
    rule: str,
    kind: str,
    marks: dict[int, str],
    between: frozenset[str] = frozenset(),
) -> list[str]:
    """All features of token ``i`` as the ``edge`` of a span whose rules-proposed edge is token
    ``proposed`` (``marks`` labels the claim's tokens: cue, source, content)."""
    start = edge.endswith("start")
    return view.static(i, start) + claim_features(
        view, i, proposed, start, rule, kind, marks, between
    )


QUOTE_TOKENS = frozenset(ALL_MARKS) | {"``", "''"}
LEADING_MARKS = frozenset({"that", "how"})  # left out of contents (docs/guidelines.md)


def quoted_edges(kind: str, edge: str, rule: str) -> bool:
    """Whether the edges of a content stay inside its quote marks: those of a direct quote do,
    except the start when the quote is part of a reported clause ("said Cruz will “leave …”",
    rule quote-complement), whose subject is outside the marks."""
    if kind != "direct" or not edge.startswith("content"):
        return False
    return not (edge == "content_start" and rule.startswith("quote-compl"))


def _candidates(
    view: DocView, proposed: int, other: int, start: bool, window: int, blocked, quoted: bool
) -> list[int]:
    """Token indices that may be the edge: within ``window`` of the proposal, on the right side
    of the other edge, not white space, punctuation or a leading "that"/"how" (one that grades
    a word, "how tough", may start), and with no ``blocked`` token (the claim's cue and
    claimant, a sibling claim's content) between them and the other edge. A ``quoted`` content
    (see ``quoted_edges``) keeps its edges inside the quote marks."""
    n = len(view.starts)
    if start:
        lo = max([0, proposed - window] + [b + 1 for b in blocked if b <= other])
        hi = min(other, proposed + window)
    else:
        lo = max(other, proposed - window)
        hi = min([n - 1, proposed + window] + [b - 1 for b in blocked if b >= other])
    if quoted:  # not over a quote mark, either way from the proposal
        for k in range(proposed, lo - 1, -1):
            if view.is_quote(k):
                lo = k + 1
                break
        for k in range(proposed, hi + 1):
            if view.is_quote(k):
                hi = k - 1
                break
    out = [
        i
        for i in range(lo, hi + 1)
        if view.can_edge(i, start)
        and (abs(i - proposed) <= NEAR or view.at_break(i - 1 if start else i + 1))
    ]
    if proposed not in out and not view.skip[proposed] and proposed + 1 not in view.glued:
        out.append(proposed)
    return out


RELATIVE_WORDS = frozenset({"who", "whom", "whose", "which"})
BE_FORMS = frozenset({"is", "was", "'s", "’s"})
WH_WORDS = frozenset({"what", "why", "how", "where", "when"})


def blocked_tokens(marks: dict[int, str], role: str, view: DocView, end: int) -> list[int]:
    """Tokens a span of ``role`` may not reach over: its claim's cue and other role, and the
    contents of sibling claims (the same cue with another content). A claimant also stops
    before a relative clause after its end (``end``): "Ann Lee, who chairs the board," is
    written "Ann Lee" (docs/guidelines.md; PolNeAR is split on it, the seed gold is not)."""
    other_role = "source" if role == "content" else "content"
    out = [i for i, m in marks.items() if m in ("cue", other_role, "sibling")]
    if role == "source":
        doc = view.doc
        stop = min(len(doc), end + WINDOW + 1)
        out += [i for i in range(end + 1, stop) if view.lower[i] in RELATIVE_WORDS]
    return out


def _score(model, view, i, proposed, edge, family, kind, marks, between) -> float:
    """``model.score(edge, edge_features(...))``, summed from memoised groups of features: the
    same number, a fraction of the work (extraction speed is measured against the parse). The
    memo lookups are written out (no ``BoundaryModel.part`` call, no closure per group): this
    runs for every candidate edge of every claim."""
    start = edge.endswith("start")
    slots = view.cache.get(edge)
    if slots is None:  # claim-independent parts, one slot per token (a list: cheaper than keys)
        slots = view.cache[edge] = [None] * len(view.starts)
    got = slots[i]
    memo = model._memo
    if got is None:  # tokens with the same parts share the score (no strings to build)
        node, label = view.cut(i, start)
        parts = view.static_parts(i, start, (node, label))
        key = (edge, "s", *parts)
        static = memo.get(key)
        if static is None:
            static = memo[key] = model.score(edge, _static_features(*parts))
        up = -1 if node < 0 else -2 if view.head[node] == node else view.head[node]
        got = slots[i] = (static, up, label, parts[0], parts[1])
    static, up, label, w, o1 = got
    attach = "none" if up == -1 else "root" if up == -2 else marks.get(up, "out")
    qi, qp = view.in_quote[i], view.in_quote[proposed]
    mark = marks.get(i - 1 if start else i + 1, "-")
    d = i - proposed
    sign = "+" if d > 0 else "-"
    bucket = BUCKETS.get(d) or _bucket(d)
    k_d = ("d", edge, bucket, family, kind)
    k_t = ("t", edge, w, o1, family, qi, qp)
    k_m = ("m", edge, mark, o1, label, attach, family)
    k_b = ("b", edge, sign, between)
    p_d = memo.get(k_d)
    if p_d is None:
        p_d = memo[k_d] = model.score(edge, _distance_part(d, family, kind))
    p_t = memo.get(k_t)
    if p_t is None:
        p_t = memo[k_t] = model.score(edge, _token_part(w, o1, family, qi, qp))
    p_m = memo.get(k_m)
    if p_m is None:
        p_m = memo[k_m] = model.score(
            edge, _mark_part(mark, o1) + _attach_part(label, attach, family)
        )
    p_b = memo.get(k_b)
    if p_b is None:
        p_b = memo[k_b] = model.score(edge, _between_part(sign, between))
    return static + p_d + p_t + p_m + p_b


def keep_relatives(
    view: DocView, proposed: int, cands: list[int], marks: dict[int, str]
) -> list[int]:
    """The content end candidates that do not cut off a relative clause on a word of the
    content ("…the report, which was sent to the Home Office"): the reference article keeps
    them (PolNeAR is split; cutting them gains 0.4 points of content F1 on dev and loses a
    strict match on the seed article)."""
    out = []
    for i in cands:
        if i < proposed:
            node, label = view.cut(i, False)
            if node >= 0 and label == "Vrelcl" and marks.get(view.head[node]) == "content":
                continue
        out.append(i)
    return out


def _best_edge(model, view, proposed, other, edge, rule, kind, marks, blocked, floor=-1):
    start = edge.endswith("start")
    quoted = quoted_edges(kind, edge, rule)
    cands = _candidates(view, proposed, other, start, model.window, blocked, quoted)
    cands = [i for i in cands if i >= floor]  # an end the rules put inside a quotation
    if edge == "content_end":
        cands = keep_relatives(view, proposed, cands, marks)
    if not cands:
        return proposed
    between = scan(view, proposed, cands, start)
    family = rule.split("+")[0]
    empty: frozenset[str] = frozenset()
    scored = [
        (
            _score(model, view, i, proposed, edge, family, kind, marks, between.get(i, empty)),
            -abs(i - proposed),
            i,
        )
        for i in cands
    ]
    best = max(scored)[2]
    if start and best - 1 in view.demonstratives and best - 1 not in blocked:
        # “That chart is wrong,” she said: a "That" opening a sentence or a quotation is part
        # of what was said (the model learnt to skip every leading "that", as kg eval trims)
        return best - 1
    if edge == "content_start":
        return _leading_word(view, best, blocked)
    return best


def _leading_word(view: DocView, best: int, blocked) -> int:
    """A content start moved back over the word that opens its clause where annotators keep it
    (PolNeAR train: 25 of 28 "recalled how S", 19 of 21 "said that, given T, S"): the "how" of
    an indirect question ("explained how he saved the hotel") and a "that" an aside follows
    (kg eval trims a leading "that " but not "that,")."""
    k = best - 1
    if k < 1 or k in blocked or k - 1 in blocked:
        return best
    if view.lower[k] == "how" and view.dep[k] == "advmod" and view.verb[view.head[k]]:
        return k
    if view.text[k] == "," and view.lower[k - 1] == "that" and view.dep[k - 1] == "mark":
        return k - 1
    return best


def _token_range(view: DocView, span: Span) -> tuple[int, int] | None:
    """First and last word of the span (edge punctuation and quote marks left out, as ``kg
    eval`` trims them)."""
    a = view.first_token(span.start)
    b = view.last_token(span.end)
    while a < b and view.skip[a]:
        a += 1
    while b > a and view.skip[b]:
        b -= 1
    if a > b or a >= len(view.starts):
        return None
    return a, b


def claim_marks(view: DocView, claim: RawClaim, siblings: tuple[Span, ...] = ()) -> dict[int, str]:
    """Token index -> the role it plays in ``claim`` (cue, source, content), or "sibling" for
    the content of another claim with the same cue."""
    marks: dict[int, str] = {}
    for role, spans in (
        ("sibling", siblings),
        ("content", claim.content),
        ("source", (claim.source.span,) if claim.source else ()),
        ("cue", (claim.cue,)),
    ):
        for s in spans:
            r = _token_range(view, s)
            if r:
                for i in range(r[0], r[1] + 1):
                    marks[i] = role
    return marks


def refine_span(
    model: BoundaryModel,
    view: DocView,
    text: str,
    span: Span,
    role: str,
    claim: RawClaim,
    marks: dict[int, str],
    cues: list[int] | None = None,
) -> Span:
    """The span with both edges chosen by the model (``role`` is "content" or "source"). An
    edge never moves out over a claim's cue (``cues``: the sorted cue tokens of the article):
    "The union said S, saying T" keeps ", saying T" out of S (a cue inside the rules' span,
    "said she plans to go", stays in)."""
    r = _token_range(view, span)
    if r is None:
        return span
    a, b = r
    blocked = blocked_tokens(marks, role, view, b)
    if cues:
        k = bisect.bisect_left(cues, a)
        blocked += cues[k - 1 : k] if k else []  # the nearest cue before the span
        k = bisect.bisect_right(cues, b)
        blocked += cues[k : k + 1]  # and after it
    infinitive = span.text[:3].lower() == "to "
    if claim.addressee is not None and role == "content" and not infinitive:
        # "told the bank it had until March": the one told is not the content of a clause
        # (but "urged the bank to comply" is annotated "the bank to comply")
        to = _token_range(view, claim.addressee.span)
        blocked += list(range(to[0], to[1] + 1)) if to else []
    kind = claim.kind
    new_a = _best_edge(model, view, a, b, f"{role}_start", claim.rule, kind, marks, blocked)
    # "said he heard them shout, “Q1!” and “Q2!”": a paraphrase the rules end inside a
    # quotation does not end before it
    floor = -1
    if role == "content" and kind == "mixed" and view.in_quote[b]:
        floor = b
        while floor > new_a and not view.is_quote(floor - 1):
            floor -= 1
    new_b = _best_edge(
        model, view, b, new_a, f"{role}_end", claim.rule, kind, marks, blocked, floor
    )
    if (new_a, new_b) == (a, b):
        return span
    doc = view.doc
    start = doc[new_a].idx
    end = doc[new_b].idx + len(doc[new_b].text)
    out = char_span(text, start, end, STRIP)
    return out or span


def sibling_contents(claim: RawClaim, claims: list[RawClaim]) -> tuple[Span, ...]:
    """The content spans of the other claims with the same cue ("recalled how S1 – and that
    S2"): one claim's edges never move into another's content."""
    cue = (claim.cue.start, claim.cue.end)
    return tuple(
        s
        for c in claims
        if c is not claim and c.cue.start == cue[0] and c.cue.end == cue[1]
        for s in c.content
    )


# claims read off the layout (kg.extract.signatures): their edges are the text's, not the parse's
LAYOUT_RULES = ("signature", "headline", "transcript")
# "What they said is that S": the content is what follows the copula, a reading the model, which
# has not seen it, would stretch over "is"
FIXED_EDGE_RULES = (*LAYOUT_RULES, "cleft")


def refine_claims(
    text: str, doc, quotes, claims: list[RawClaim], model: BoundaryModel | None
) -> list[RawClaim]:
    """Every claim with its content edges chosen by the model (unchanged without one)."""
    if model is None or not claims:
        return claims
    view = DocView.of(doc, quotes)
    cues = sorted(
        {i for c in claims if (r := _token_range(view, c.cue)) for i in range(r[0], r[1] + 1)}
    )
    out = []
    for claim in claims:
        if claim.rule in FIXED_EDGE_RULES:
            out.append(claim)
            continue
        marks = claim_marks(view, claim, sibling_contents(claim, claims))
        content = tuple(
            refine_span(model, view, text, s, "content", claim, marks, cues)
            for s in claim.content
        )
        out.append(replace(claim, content=content))
    return out


def claimant_spans(
    text: str, doc, quotes, claims: list[RawClaim], model: BoundaryModel | None
) -> list[Span | None]:
    """The claimant span of each claim as the model draws it (the rules' span without a model).
    Kept apart from the claimant mention, which resolution reads: a longer written span ("Ann
    Lee, who chairs the board") names the same person. A claimant shared by several claims (a
    carried-over quote) moves once, for all."""
    spans = [c.source.span if c.source else None for c in claims]
    if not claims:
        return spans
    view = DocView.of(doc, quotes)
    cues = frozenset(
        i for c in claims if (r := _token_range(view, c.cue)) for i in range(r[0], r[1] + 1)
    )
    moved: dict[Span, Span] = {}
    for k, claim in enumerate(claims):
        span = spans[k]
        if span is None or claim.rule in LAYOUT_RULES:
            continue
        if span not in moved:
            new = span
            if model is not None:
                marks = claim_marks(view, claim, sibling_contents(claim, claims))
                new = refine_span(model, view, text, span, "source", claim, marks)
            after = claim.cue.end <= span.start
            moved[span] = with_relative_clause(text, doc, new, cues, after)
        spans[k] = moved[span]
    return spans
