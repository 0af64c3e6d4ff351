"""A picture of the claim network: claimants → addressees and what their claims are about.

Two layouts, one look. The default draws the SVG in pure Python (:mod:`kg.ui.layout`: a layered
layout read left to right, who → to whom / about what), so ``kg graph`` works where only Python
packages are installed and gives the same picture on every machine; ``--layout dot`` hands the
same nodes and edges to Graphviz's ``dot`` (the ``graphviz`` Python package, and Debian's
``graphviz``) when it is installed, for its more careful edge routing. ``-o FILE.dot`` writes the
Graphviz source and needs neither.

The HTML page inlines the SVG, a legend, the claims behind each node and edge (JSON) and a small
script shipped in the package (``kg/ui/static/picture.js``): pan by dragging, zoom with the wheel
or the buttons, click a node to list its claims and fade the rest. Nothing is fetched, so the page
works offline; without scripts it is still the picture with hover tooltips.

The data comes from the saved query ``claim-network`` (``queries/claim-network.rq``), so what the
picture shows can be checked row by row with ``kg query claim-network``.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

NETWORK_QUERY = "claim-network"
FORMATS = {".html": "html", ".htm": "html", ".svg": "svg", ".dot": "dot", ".gv": "dot"}
LAYOUTS = ("python", "dot")  # who lays out the SVG: kg itself, or Graphviz's dot

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
    claim_cues: list[str] = field(default_factory=list)  # the cue of each of ``contents``

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
        shown = f"{self.claimants} claimant{'s' * (self.claimants != 1)}"
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
        edge.claim_cues.append(row["cue"] or "?")
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
    ids = node_ids(net)
    for iri, node_id in ids.items():
        node = net.nodes[iri]
        shape, fill, extra = TYPE_STYLES[node.type]
        graph.node(
            node_id,
            id=node_id,
            label=esc(node.label) + (f"\\n{_claims(node.claims_made)}" if node.claims_made else ""),
            shape=shape,
            fillcolor=fill,
            style=",".join(filter(None, ["filled", extra])),
            penwidth="2" if node.claims_made else "1",
            tooltip=esc(_node_tooltip(node)),
        )
    for i, edge in enumerate(net.edges):
        graph.edge(
            ids[edge.source],
            ids[edge.target],
            id=f"e{i}",
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


def _claims(n: int) -> str:
    return f"{n} claim{'s' * (n != 1)}"


def node_ids(net: Network) -> dict[str, str]:
    """IRI → ``nI``: most claims first; the ids of both layouts' SVG and of the page's data."""
    return {iri: f"n{i}" for i, iri in enumerate(sorted(net.nodes, key=_node_order(net)))}


def _node_tooltip(node: Node) -> str:
    said = f", {node.claims_made} claims made" if node.claims_made else ""
    return f"{node.label} ({node.type}{said})\n{node.iri}"


def render_svg(net: Network, layout: str = "python") -> str:
    """The picture as an SVG document: laid out by kg (``python``) or by Graphviz (``dot``)."""
    if layout not in LAYOUTS:
        raise PictureError(f"unknown layout {layout!r}; choose {' or '.join(LAYOUTS)}")
    if layout == "python":
        from kg.ui.layout import to_svg

        tips = (_node_tooltip, lambda e: _edge_tooltip(e, net.nodes), _cue_label, node_ids(net))
        return to_svg(net, TYPE_STYLES, KIND_COLOURS, ROLE_STYLES, tips)
    import graphviz

    try:
        return to_dot(net).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise PictureError(
            "Graphviz's 'dot' program is not installed (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz); draw without it with --layout python, or write the "
            "source with -o FILE.dot"
        ) from None
    except graphviz.CalledProcessError as e:
        raise PictureError(f"Graphviz failed to draw the network: {e}") from None


def legend() -> str:
    """The key to colours, lines and shapes, as HTML (no style attributes: fine under a strict
    Content-Security-Policy, as in kg serve)."""
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
        f'<span class="key"><svg width="14" height="11"><rect x="0.5" y="0.5" width="13" '
        f'height="10" fill="{fill}" stroke="#999"/></svg> {name}</span>'
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
.frame {{ display: flex; gap: 1em; margin-top: .8em; border-top: 1px solid #ddd;
          padding-top: .5em; }}
.picture {{ flex: 1 1 auto; overflow: auto; min-width: 0; }}
.picture svg {{ max-width: none; height: auto; }}
.picture.interactive {{ overflow: hidden; height: 78vh; border: 1px solid #eee; cursor: grab; }}
.picture.interactive svg {{ width: 100%; height: 100%; touch-action: none; }}
.picture.interactive.dragging {{ cursor: grabbing; }}
.controls {{ display: none; gap: .3em; margin: .3em 0; }}
.interactive-on .controls {{ display: flex; }}
.controls button {{ font-size: .9em; padding: .1em .6em; }}
#kg-panel {{ flex: 0 0 22em; font-size: .85em; max-height: 78vh; overflow: auto; display: none; }}
#kg-panel.open {{ display: block; }}
#kg-panel h2 {{ font-size: 1.1em; margin: .2em 0; }}
#kg-panel li {{ margin: .3em 0; }}
#kg-panel .cue {{ font-weight: bold; }}
g.node {{ cursor: pointer; }}
g.faded {{ opacity: .15; }}
g.node.selected polygon, g.node.selected ellipse, g.node.selected rect,
g.node.selected path {{ stroke: #d1242f; stroke-width: 3; }}
footer {{ font-size: .75em; color: #777; margin-top: 1em; }}
</style>
</head>
<body>
<h1>{title}</h1>
{legend}
<p class="legend">Hover a node or an edge to see who it is and the claims behind it.<span
class="interactive-hint"></span></p>
<div class="controls"><button type="button" data-zoom="in">+</button><button type="button"
data-zoom="out">−</button><button type="button" data-zoom="fit">fit</button></div>
<div class="frame">
<div class="picture">
{svg}
</div>
<aside id="kg-panel" aria-live="polite"></aside>
</div>
<footer>Drawn by kg {version} ({drawn}) from the saved query claim-network.</footer>
<script type="application/json" id="kg-network">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""


def network_data(net: Network, href=None) -> dict:
    """What the page's script shows on a click: nodes and edges with their claims; ``href``
    gives each node a link (kg serve: its entity page)."""
    ids = node_ids(net)
    return {
        "nodes": {
            node_id: {
                "label": net.nodes[iri].label,
                "type": net.nodes[iri].type,
                "iri": iri,
                "made": net.nodes[iri].claims_made,
            }
            | ({"href": href(iri)} if href else {})
            for iri, node_id in ids.items()
        },
        "edges": [
            {
                "id": f"e{i}",
                "source": ids[e.source],
                "target": ids[e.target],
                "role": e.role,
                "kind": e.kind,
                "claims": [[c, t] for c, t in zip(e.claim_cues, e.contents, strict=True)],
            }
            for i, e in enumerate(net.edges)
        ],
    }


def _script() -> str:
    from importlib.resources import files

    return files("kg.ui").joinpath("static/picture.js").read_text(encoding="utf-8")


def html_page(net: Network, svg: str, layout: str = "python") -> str:
    """A self-contained page: title, legend, the inline SVG, its data and the script inline
    (nothing is fetched from elsewhere)."""
    from kg import __version__

    start = svg.find("<svg")
    data = json.dumps(network_data(net), ensure_ascii=False, sort_keys=True)
    return _PAGE.format(
        version=html.escape(__version__),
        title=html.escape(net.title()),
        legend=legend(),
        svg=svg[start:] if start >= 0 else svg,
        drawn="laid out by kg" if layout == "python" else "laid out by Graphviz",
        data=data.replace("</", "<\\/"),  # never closes the script element
        script=_script(),
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


def write_picture(
    net: Network, path: str | Path, fmt: str | None = None, layout: str = "python"
) -> str:
    """Write the network to ``path`` as HTML, SVG or DOT; returns the format used."""
    chosen = picture_format(path, fmt)
    if chosen == "dot":
        text = to_dot(net).source
    elif chosen == "svg":
        text = render_svg(net, layout)
    else:
        text = html_page(net, render_svg(net, layout), layout)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise PictureError(f"{path}: cannot write there ({e.strerror})") from None
    return chosen
