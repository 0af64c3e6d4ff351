"""A picture of the claim network: claimants → addressees and what their claims are about.

Why Graphviz (the ``graphviz`` Python package driving Graphviz's ``dot``): one well-kept library
gives both outputs the command promises — SVG, and an HTML page that is that SVG inlined with a
legend — with no JavaScript and nothing fetched from a CDN, so the page works offline and looks
the same everywhere; ``dot``'s layered layout reads left to right (who → to whom / about what),
its output is deterministic (same store, same picture), and hovering a node or edge shows the
claims behind it. Without ``dot`` installed, ``-o FILE.dot`` still writes the Graphviz source.

The data comes from the saved query ``claim-network`` (``queries/claim-network.rq``), so what the
picture shows can be checked row by row with ``kg query claim-network``.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

NETWORK_QUERY = "claim-network"
FORMATS = {".html": "html", ".htm": "html", ".svg": "svg", ".dot": "dot", ".gv": "dot"}

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
KIND_COLOURS = {"direct": "#0072B2", "indirect": "#E69F00", "mixed": "#CC79A7"}
TYPE_STYLES = {  # entity type → (shape, fill colour, extra style)
    "Person": ("ellipse", "#DCEBF7", ""),
    "Organization": ("box", "#FDE8CC", "rounded"),
    "Group": ("box", "#E9E0F5", ""),
    "UnnamedSource": ("ellipse", "#EEEEEE", "dashed"),
    "Place": ("hexagon", "#DDF0D8", ""),
    "Thing": ("note", "#FFFFFF", ""),
}
ROLE_STYLES = {"to": "solid", "about": "dashed"}
MAX_CUES_IN_LABEL = 3
MAX_CLAIMS_IN_TOOLTIP = 5
TOOLTIP_CHARS = 160


class PictureError(KgError):
    """The picture cannot be drawn (no claims match, unknown format, no Graphviz)."""


@dataclass
class Node:
    iri: str
    label: str
    type: str
    claims_made: int = 0


@dataclass
class Edge:
    """All claims of one kind from one claimant to (or about) one entity."""

    source: str
    target: str
    role: str  # "to" (addressee) or "about"
    kind: str
    cues: Counter = field(default_factory=Counter)
    contents: list[str] = field(default_factory=list)

    @property
    def claims(self) -> int:
        return len(self.contents)


@dataclass
class Network:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    claims: int = 0
    claimants_total: int = 0  # before the --limit cut
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def claimants(self) -> int:
        return sum(1 for n in self.nodes.values() if n.claims_made)

    def title(self) -> str:
        shown = f"{self.claimants} claimants"
        if self.claimants_total > self.claimants:
            shown = f"the top {self.claimants} of {self.claimants_total} claimants"
        where = "".join(f", {k} ~ “{v}”" for k, v in self.filters.items() if v)
        return f"Claim network: {self.claims} claims by {shown}{where}"


def _short_type(iri: str | None) -> str:
    name = (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return name if name in TYPE_STYLES else "Thing"


def network_from_rows(rows: list[dict[str, str | None]], limit: int | None = None) -> Network:
    """Group the ``claim-network`` query's rows (one per claim × target) into nodes and edges.

    ``limit`` keeps the claimants with the most claims (ties by name), and what they point at.
    """
    claims_by_speaker: Counter = Counter()
    names: dict[str, str] = {}
    counted: set[str] = set()
    for row in rows:
        if row["claim"] not in counted:
            counted.add(row["claim"] or "")
            claims_by_speaker[row["speaker"]] += 1
            names[row["speaker"] or ""] = row["speakerName"] or ""
    ranked = sorted(claims_by_speaker, key=lambda s: (-claims_by_speaker[s], names[s], s))
    kept = set(ranked[:limit] if limit else ranked)
    net = Network(claimants_total=len(ranked))
    edges: dict[tuple[str, str, str, str], Edge] = {}
    counted.clear()
    for row in rows:
        speaker = row["speaker"] or ""
        if speaker not in kept:
            continue
        node = net.nodes.setdefault(
            speaker, Node(speaker, row["speakerName"] or speaker, _short_type(row["speakerType"]))
        )
        if row["claim"] not in counted:
            counted.add(row["claim"] or "")
            node.claims_made += 1
            net.claims += 1
        if not row["target"]:
            continue
        target = row["target"]
        net.nodes.setdefault(
            target, Node(target, row["targetName"] or target, _short_type(row["targetType"]))
        )
        key = (speaker, target, row["role"] or "about", row["kind"] or "indirect")
        edge = edges.setdefault(key, Edge(*key))
        edge.cues[row["cue"] or "?"] += 1
        edge.contents.append(row["content"] or "")
    net.edges = sorted(edges.values(), key=lambda e: (e.source, e.target, e.role, e.kind))
    return net


def load_network(store, *, claimant: str = "", about: str = "", limit: int | None = 50) -> Network:
    """Run the saved ``claim-network`` query on ``store`` and group its rows."""
    from kg.rdf.queries import resolve_query, run

    solutions = run(store, resolve_query(NETWORK_QUERY), {"claimant": claimant, "about": about})
    names = [v.value for v in solutions.variables]
    rows = [
        {name: (sol[name].value if sol[name] is not None else None) for name in names}
        for sol in solutions
    ]
    net = network_from_rows(rows, limit=limit)
    net.filters = {"claimant": claimant, "about": about}
    if not net.claims:
        which = " and ".join(f"--{k} {v!r}" for k, v in net.filters.items() if v)
        hint = f"no claim matches {which}" if which else "the store holds no claims"
        raise PictureError(f"nothing to draw: {hint} (see kg query claims)")
    return net


def _cue_label(edge: Edge) -> str:
    parts = [
        f"{cue} ×{n}" if n > 1 else cue
        for cue, n in sorted(edge.cues.items(), key=lambda c: (-c[1], c[0]))
    ]
    more = len(parts) - MAX_CUES_IN_LABEL
    return ", ".join(parts[:MAX_CUES_IN_LABEL]) + (f" +{more}" if more > 0 else "")


def _clip(text: str, n: int = TOOLTIP_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _edge_tooltip(edge: Edge, nodes: dict[str, Node]) -> str:
    verb = "told" if edge.role == "to" else "about"
    head = (
        f"{nodes[edge.source].label} {verb} {nodes[edge.target].label}: "
        f"{edge.claims} {edge.kind} claim{'s' * (edge.claims != 1)}"
    )
    lines = [f"• {_clip(c)}" for c in edge.contents[:MAX_CLAIMS_IN_TOOLTIP]]
    if edge.claims > MAX_CLAIMS_IN_TOOLTIP:
        lines.append(f"… and {edge.claims - MAX_CLAIMS_IN_TOOLTIP} more")
    return "\n".join([head, *lines])


def to_dot(net: Network):
    """The network as a ``graphviz.Digraph`` (left to right; colour = kind, width = claims)."""
    import graphviz

    esc = graphviz.escape
    graph = graphviz.Digraph(
        "claims",
        graph_attr={
            "rankdir": "LR",
            "fontname": "Helvetica",
            "bgcolor": "white",
            "nodesep": "0.3",
            "ranksep": "1.2",
            "tooltip": net.title(),
        },
        node_attr={"fontname": "Helvetica", "fontsize": "11", "style": "filled"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.7"},
    )
    ids = {iri: f"n{i}" for i, iri in enumerate(sorted(net.nodes, key=_node_order(net)))}
    for iri, node_id in ids.items():
        node = net.nodes[iri]
        shape, fill, extra = TYPE_STYLES[node.type]
        said = f", {node.claims_made} claims made" if node.claims_made else ""
        graph.node(
            node_id,
            label=esc(node.label) + (f"\\n{node.claims_made} claims" if node.claims_made else ""),
            shape=shape,
            fillcolor=fill,
            style=",".join(filter(None, ["filled", extra])),
            penwidth="2" if node.claims_made else "1",
            tooltip=esc(f"{node.label} ({node.type}{said})\n{iri}"),
        )
    for edge in net.edges:
        graph.edge(
            ids[edge.source],
            ids[edge.target],
            label=esc(_cue_label(edge)),
            color=KIND_COLOURS.get(edge.kind, "#555555"),
            fontcolor=KIND_COLOURS.get(edge.kind, "#555555"),
            style=ROLE_STYLES.get(edge.role, "solid"),
            penwidth=f"{1 + 1.5 * math.log2(edge.claims):.2f}",
            tooltip=esc(_edge_tooltip(edge, net.nodes)),
        )
    return graph


def _node_order(net: Network):
    return lambda iri: (-net.nodes[iri].claims_made, net.nodes[iri].label.lower(), iri)


def render_svg(net: Network) -> str:
    """Lay out and draw with Graphviz's ``dot``; the SVG document as text."""
    import graphviz

    try:
        return to_dot(net).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise PictureError(
            "Graphviz's 'dot' program is not installed (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz); or write the source with -o FILE.dot"
        ) from None
    except graphviz.CalledProcessError as e:
        raise PictureError(f"Graphviz failed to draw the network: {e}") from None


def _legend() -> str:
    kinds = "".join(
        f'<span class="key"><svg width="28" height="10"><line x1="0" y1="5" x2="28" y2="5" '
        f'stroke="{colour}" stroke-width="3"/></svg> {kind}</span>'
        for kind, colour in KIND_COLOURS.items()
    )
    roles = (
        '<span class="key"><svg width="28" height="10"><line x1="0" y1="5" x2="28" y2="5" '
        'stroke="#333" stroke-width="2"/></svg> told to (addressee)</span>'
        '<span class="key"><svg width="28" height="10"><line x1="0" y1="5" x2="28" y2="5" '
        'stroke="#333" stroke-width="2" stroke-dasharray="5,3"/></svg> about</span>'
    )
    types = "".join(
        f'<span class="key"><span class="swatch" style="background:{fill}"></span> {name}</span>'
        for name, (_, fill, _) in TYPE_STYLES.items()
    )
    return (
        f'<p class="legend"><b>claim kind</b> {kinds}</p>'
        f'<p class="legend"><b>edge</b> {roles} · width grows with the number of claims; '
        f"the label is the cue</p>"
        f'<p class="legend"><b>entity</b> {types} · thick border: made claims</p>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="kg {version}">
<title>{title}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }}
h1 {{ font-size: 1.25em; margin: 0 0 .4em; }}
.legend {{ margin: .2em 0; font-size: .85em; }}
.key {{ margin-right: 1em; white-space: nowrap; }}
.swatch {{ display: inline-block; width: 1em; height: .8em; border: 1px solid #999; }}
.picture {{ overflow: auto; border-top: 1px solid #ddd; margin-top: .8em; padding-top: .5em; }}
.picture svg {{ max-width: none; height: auto; }}
footer {{ font-size: .75em; color: #777; margin-top: 1em; }}
</style>
</head>
<body>
<h1>{title}</h1>
{legend}
<p class="legend">Hover a node or an edge to see who it is and the claims behind it.</p>
<div class="picture">
{svg}
</div>
<footer>Drawn by kg {version} with Graphviz from the saved query claim-network.</footer>
</body>
</html>
"""


def html_page(net: Network, svg: str) -> str:
    """A self-contained page: title, legend and the inline SVG (no scripts, no remote files)."""
    from kg import __version__

    start = svg.find("<svg")
    return _PAGE.format(
        version=html.escape(__version__),
        title=html.escape(net.title()),
        legend=_legend(),
        svg=svg[start:] if start >= 0 else svg,
    )


def picture_format(path: str | Path, fmt: str | None = None) -> str:
    """html, svg or dot, from ``fmt`` or the file's extension."""
    chosen = fmt or FORMATS.get(Path(path).suffix.lower())
    if chosen not in set(FORMATS.values()):
        raise PictureError(
            f"{path}: cannot tell the picture format; name the file .html, .svg or .dot "
            "(or pass --format html|svg|dot)"
        )
    return chosen


def write_picture(net: Network, path: str | Path, fmt: str | None = None) -> str:
    """Write the network to ``path`` as HTML, SVG or DOT; returns the format used."""
    chosen = picture_format(path, fmt)
    if chosen == "dot":
        text = to_dot(net).source
    elif chosen == "svg":
        text = render_svg(net)
    else:
        text = html_page(net, render_svg(net))
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise PictureError(f"{path}: cannot write there ({e.strerror})") from None
    return chosen
