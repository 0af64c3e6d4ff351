"""Draw a claim network as SVG in pure Python: a layered layout, left to right, like Graphviz's dot.

Why our own layout: ``kg graph`` must work where only Python packages are installed (Graphviz's
``dot`` is a system program), and the networks it draws are small (``--limit`` claimants and what
they point at). A Sugiyama-style layout is enough for that and stays deterministic — the same
network gives the same picture on every machine:

1. break cycles (a claimant told someone who told them back) by reversing DFS back edges;
2. put each node in a layer by its longest path from a claimant (who → to whom / about what);
3. cut edges that span several layers with virtual points, so they route around nodes;
4. order each layer to reduce crossings (barycentre sweeps, down and up, a fixed number of times);
5. place nodes in a layer near the average of their neighbours, without overlaps;
6. draw: shapes by entity type, edges as smooth curves coloured by claim kind, cues as labels.

Text widths are estimated (no font metrics without a browser), generously, so labels fit.

Cost: crossings are counted by merge sort and label overlaps through a grid, so a network of 800
nodes and 3,000 edges (``--limit 0`` on a large store) lays out in about a second; the default
``--limit 50`` in a fraction of that.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

# sizes in SVG user units (px)
FONT = 11
EDGE_FONT = 9
CHAR = 0.62 * FONT  # a generous average advance for sans-serif at FONT px
EDGE_CHAR = 0.6 * EDGE_FONT
NODE_PAD_X, NODE_PAD_Y, LINE = 14, 8, FONT + 3
LAYER_GAP = 170  # horizontal room between layers (for cue labels)
NODE_GAP = 22  # vertical room between nodes of a layer
MARGIN = 20
SWEEPS = 8
PARALLEL_GAP = 9  # between edges that join the same two nodes


@dataclass
class Box:
    """A node (or a virtual point of a long edge) with its place."""

    key: str
    width: float = 0.0
    height: float = 0.0
    layer: int = 0
    order: float = 0.0
    x: float = 0.0  # centre
    y: float = 0.0
    virtual: bool = False


@dataclass
class Route:
    """One edge of the network as drawn: from source to target through virtual points."""

    index: int
    points: list[tuple[float, float]] = field(default_factory=list)
    reversed: bool = False


def _lines(label: str, claims: int) -> list[str]:
    return [label] + ([f"{claims} claim{'s' * (claims != 1)}"] if claims else [])


def _node_size(label: str, claims: int) -> tuple[float, float]:
    lines = _lines(label, claims)
    width = max(len(line) for line in lines) * CHAR + 2 * NODE_PAD_X
    return max(width, 60.0), len(lines) * LINE + 2 * NODE_PAD_Y


def layout(nodes: list, edges: list) -> tuple[dict[str, Box], list[Route], float, float]:
    """Place ``nodes`` (objects with .iri, .label, .claims_made; in a stable order) and route
    ``edges`` (with .source, .target). Returns boxes by key, routes, width and height."""
    boxes: dict[str, Box] = {}
    for n in nodes:
        w, h = _node_size(n.label, n.claims_made)
        boxes[n.iri] = Box(n.iri, w, h)
    rank = {n.iri: i for i, n in enumerate(nodes)}
    pairs = [(e.source, e.target) for e in edges if e.source != e.target]
    flipped = _back_edges(list(boxes), pairs, rank)
    dag = [(t, s) if (s, t) in flipped else (s, t) for s, t in pairs]
    _assign_layers(boxes, dag, rank)

    # virtual points on long edges; each distinct (source, target) pair gets its own chain
    chains: dict[tuple[str, str], list[str]] = {}
    links: set[tuple[str, str]] = set()
    for s, t in sorted(set(dag), key=lambda p: (rank[p[0]], rank[p[1]])):
        chain = [s]
        for layer in range(boxes[s].layer + 1, boxes[t].layer):
            key = f"v:{s}>{t}:{layer}"
            boxes[key] = Box(key, 2.0, 2.0, layer, virtual=True)
            chain.append(key)
        chain.append(t)
        chains[(s, t)] = chain
        links.update(zip(chain, chain[1:], strict=False))

    layers = _order(boxes, links, rank)
    width, height = _place(boxes, layers, links)

    routes = []
    for i, e in enumerate(edges):
        if e.source == e.target:
            routes.append(Route(i, [(boxes[e.source].x, boxes[e.source].y)]))
            continue
        rev = (e.source, e.target) in flipped
        chain = chains[(e.target, e.source) if rev else (e.source, e.target)]
        points = [(boxes[k].x, boxes[k].y) for k in chain]
        routes.append(Route(i, points[::-1] if rev else points, rev))
    return boxes, routes, width, height


def _back_edges(keys: list[str], pairs: list[tuple[str, str]], rank: dict[str, int]) -> set:
    """Edges that close a cycle in a depth-first search (visited in the nodes' order)."""
    out: dict[str, list[str]] = {k: [] for k in keys}
    for s, t in pairs:
        out[s].append(t)
    for k in out:
        out[k] = sorted(set(out[k]), key=rank.__getitem__)
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    back: set[tuple[str, str]] = set()
    for root in keys:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(out[child])))
    return back


def _assign_layers(boxes: dict[str, Box], dag: list[tuple[str, str]], rank) -> None:
    """Longest path from the sources: a claimant left of everyone it talks to or about."""
    incoming: dict[str, list[str]] = {k: [] for k in boxes}
    outgoing: dict[str, list[str]] = {k: [] for k in boxes}
    for s, t in set(dag):
        incoming[t].append(s)
        outgoing[s].append(t)
    pending = {k: len(v) for k, v in incoming.items()}
    ready = sorted((k for k, n in pending.items() if n == 0), key=rank.__getitem__)
    while ready:
        node = ready.pop(0)
        for t in sorted(outgoing[node], key=rank.__getitem__):
            boxes[t].layer = max(boxes[t].layer, boxes[node].layer + 1)
            pending[t] -= 1
            if pending[t] == 0:
                ready.append(t)


def _order(boxes: dict[str, Box], links: set[tuple[str, str]], rank) -> list[list[Box]]:
    """Order nodes inside layers by barycentre sweeps; the best ordering seen is kept."""
    depth = max((b.layer for b in boxes.values()), default=0) + 1
    layers: list[list[Box]] = [[] for _ in range(depth)]
    for b in sorted(boxes.values(), key=lambda b: (rank.get(b.key, len(rank)), b.key)):
        layers[b.layer].append(b)
    up: dict[str, list[str]] = {k: [] for k in boxes}
    down: dict[str, list[str]] = {k: [] for k in boxes}
    for s, t in links:
        down[s].append(t)
        up[t].append(s)

    def renumber():
        for layer in layers:
            for i, b in enumerate(layer):
                b.order = i

    renumber()
    best = [list(layer) for layer in layers]
    best_crossings = _crossings(layers, down)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = range(1, depth) if downward else range(depth - 2, -1, -1)
        for li in sequence:
            neighbours = up if downward else down

            def centre(b: Box, neighbours=neighbours) -> float:
                near = [boxes[k].order for k in neighbours[b.key]]
                return sum(near) / len(near) if near else b.order

            layers[li].sort(key=lambda b: (centre(b), b.order))
            for i, b in enumerate(layers[li]):
                b.order = i
        crossings = _crossings(layers, down)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in layers], crossings
    layers = best
    renumber()
    return layers


def _crossings(layers: list[list[Box]], down: dict[str, list[str]]) -> int:
    """Edge crossings between neighbouring layers: pairs of edges whose ends are in opposite
    orders (counted by merge sort, O(E log E))."""
    index = {b.key: b.order for layer in layers for b in layer}
    total = 0
    for layer in layers:
        ends = sorted((b.order, index[t]) for b in layer for t in down[b.key])
        total += _inversions([t for _, t in ends])
    return total


def _inversions(values: list[float]) -> int:
    """Pairs i < j with values[i] > values[j]."""
    if len(values) < 2:
        return 0
    mid = len(values) // 2
    left, right = values[:mid], values[mid:]
    count = _inversions(left) + _inversions(right)
    left.sort()
    right.sort()
    j = 0
    for v in left:  # for each left value, the right values strictly below it
        while j < len(right) and right[j] < v:
            j += 1
        count += j
    return count


def _place(boxes: dict[str, Box], layers: list[list[Box]], links) -> tuple[float, float]:
    """x by layer; y near the neighbours' average, keeping the order and the gaps."""
    x = MARGIN
    for layer in layers:
        widest = max((b.width for b in layer), default=0)
        for b in layer:
            b.x = x + widest / 2
        x += widest + LAYER_GAP
    width = x - LAYER_GAP + MARGIN
    for layer in layers:  # first: stacked
        y = MARGIN
        for b in layer:
            b.y = y + b.height / 2
            y += b.height + NODE_GAP
    near: dict[str, list[str]] = {k: [] for k in boxes}
    for s, t in links:
        near[s].append(t)
        near[t].append(s)
    for _ in range(6):  # then: pulled towards neighbours, pushed apart
        for layer in layers:
            wanted = [
                sum(boxes[k].y for k in near[b.key]) / len(near[b.key]) if near[b.key] else b.y
                for b in layer
            ]
            for b, w in zip(layer, wanted, strict=True):
                b.y = w
            _separate(layer)
    top = min((b.y - b.height / 2 for b in boxes.values()), default=MARGIN)
    for b in boxes.values():
        b.y += MARGIN - top
    height = max((b.y + b.height / 2 for b in boxes.values()), default=0) + MARGIN
    return width, height


def _separate(layer: list[Box]) -> None:
    """Keep the layer's order with NODE_GAP between boxes, moving as little as possible."""
    if not layer:
        return
    centre = sum(b.y for b in layer) / len(layer)
    for prev, b in zip(layer, layer[1:], strict=False):  # push down
        low = prev.y + prev.height / 2 + _gap(prev, b) + b.height / 2
        b.y = max(b.y, low)
    shift = centre - sum(b.y for b in layer) / len(layer)
    for b in layer:
        b.y += shift
    for prev, b in zip(layer[::-1][1:], layer[::-1], strict=False):  # then up, from the bottom
        high = b.y - b.height / 2 - _gap(prev, b) - prev.height / 2
        prev.y = min(prev.y, high)


def _gap(a: Box, b: Box) -> float:
    return NODE_GAP / 3 if a.virtual or b.virtual else NODE_GAP


# ---------------------------------------------------------------- SVG


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _shape(kind: str, b: Box, fill: str, dashed: bool, thick: bool) -> str:
    x0, y0, w, h = b.x - b.width / 2, b.y - b.height / 2, b.width, b.height
    common = f'fill="{fill}" stroke="#333" stroke-width="{2 if thick else 1}"' + (
        ' stroke-dasharray="5,3"' if dashed else ""
    )
    if kind == "ellipse":
        return (
            f'<ellipse cx="{b.x:.1f}" cy="{b.y:.1f}" rx="{w / 2 + 6:.1f}" ry="{h / 2 + 2:.1f}" '
            f"{common}/>"
        )
    if kind == "hexagon":
        d = h / 2
        pts = [
            (x0 - d / 2, b.y), (x0 + d / 2, y0), (x0 + w - d / 2, y0),
            (x0 + w + d / 2, b.y), (x0 + w - d / 2, y0 + h), (x0 + d / 2, y0 + h),
        ]  # fmt: skip
        return f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in pts)}" {common}/>'
    if kind == "note":
        f = 8
        pts = [(x0, y0), (x0 + w - f, y0), (x0 + w, y0 + f), (x0 + w, y0 + h), (x0, y0 + h)]
        return f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in pts)}" {common}/>'
    radius = ' rx="8"' if kind == "rounded" else ""
    return f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}"{radius} {common}/>'


def _path(
    points: list[tuple[float, float]], ends: tuple[Box, Box], offset: float
) -> tuple[str, tuple[float, float]]:
    """A smooth curve through the points, leaving and entering the boxes at their sides
    (``offset`` apart from parallel edges), and where its label goes: on the last stretch,
    where edges into one node have already separated."""
    a, b = ends
    (sx, sy), (tx, ty) = points[0], points[-1]
    forward = tx >= sx
    start = (sx + (a.width / 2 if forward else -a.width / 2), sy + offset)
    end = (tx - (b.width / 2 + 6 if forward else -(b.width / 2 + 6)), ty + offset)
    pts = [start, *points[1:-1], end]
    d = f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"
    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
        mx = (x1 + x2) / 2
        d += f" C{mx:.1f},{y1:.1f} {mx:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    (x1, y1), (x2, y2) = pts[-2], pts[-1]
    t = 0.62 if len(pts) == 2 else 0.5
    u = 1 - t
    mx = (x1 + x2) / 2
    label_x = u**3 * x1 + 3 * u * u * t * mx + 3 * u * t * t * mx + t**3 * x2
    label_y = (u**3 + 3 * u * u * t) * y1 + (3 * u * t * t + t**3) * y2
    return d, (label_x, label_y)


def _declutter(labels: list[tuple[float, float, str]], boxes) -> list[tuple[float, float]]:
    """Move each edge label up or down by a line until it overlaps no label placed before it
    and no node (greedy, in a fixed order: deterministic). A grid of cells finds the
    neighbours, so large pictures stay fast."""
    cell = 120.0
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def cells(r):
        for cx in range(int(r[0] // cell), int(r[2] // cell) + 1):
            for cy in range(int(r[1] // cell), int(r[3] // cell) + 1):
                yield cx, cy

    def place(r) -> None:
        for c in cells(r):
            grid.setdefault(c, []).append(r)

    def free(r) -> bool:
        return not any(
            r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]
            for c in cells(r)
            for o in grid.get(c, ())
        )

    for b in boxes:
        if not b.virtual:
            place((b.x - b.width / 2, b.y - b.height / 2, b.x + b.width / 2, b.y + b.height / 2))
    step = EDGE_FONT + 2
    spots = []
    for x, y, text in labels:
        half = len(text) * EDGE_CHAR / 2 + 2
        for k in (0, 1, -1, 2, -2, 3, -3, 4, -4):
            top = y - step + k * step
            rect = (x - half, top, x + half, top + step)
            if free(rect):
                break
        place(rect)
        spots.append((x, top + step))
    return spots


def _loop(b: Box) -> tuple[str, tuple[float, float]]:
    x, y = b.x + b.width / 4, b.y - b.height / 2
    d = f"M{x - 10:.1f},{y:.1f} C{x - 20:.1f},{y - 40:.1f} "
    d += f"{x + 30:.1f},{y - 40:.1f} {x + 8:.1f},{y:.1f}"
    return d, (x + 5, y - 34)


def to_svg(net, styles: dict, kind_colours: dict, role_dash: dict, tooltips) -> str:
    """The network as an SVG document; ``tooltips`` gives (node tooltip, edge tooltip) texts.

    Each node is ``<g class="node" id="nI">`` and each edge ``<g class="edge" id="eJ">`` (the
    ids the page's script and Graphviz's output share), with a ``<title>`` for hover text.
    """
    node_tip, edge_tip, cue_label, ids = tooltips
    nodes = [net.nodes[k] for k in ids]
    boxes, routes, width, height = layout(nodes, net.edges)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="Helvetica, Arial, sans-serif">',
        f"<title>{_esc(net.title())}</title>",
        "<defs>",
    ]
    for kind, colour in kind_colours.items():
        out.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append('<g class="graph">')
    parallel: dict[frozenset, list[int]] = {}
    for i, edge in enumerate(net.edges):
        parallel.setdefault(frozenset((edge.source, edge.target)), []).append(i)
    drawn = []
    for route, edge in zip(routes, net.edges, strict=True):
        a, b = boxes[edge.source], boxes[edge.target]
        if edge.source == edge.target:
            d, (lx, ly) = _loop(a)
        else:
            siblings = parallel[frozenset((edge.source, edge.target))]
            spread = min(PARALLEL_GAP, (min(a.height, b.height) - 4) / max(len(siblings), 1))
            offset = (siblings.index(route.index) - (len(siblings) - 1) / 2) * spread
            d, (lx, ly) = _path(route.points, (a, b), offset)
        drawn.append((route, edge, d, lx, ly, cue_label(edge)))
    spots = _declutter([(lx, ly, label) for _, _, _, lx, ly, label in drawn], boxes.values())
    for (route, edge, d, _, _, label), (lx, ly) in zip(drawn, spots, strict=True):
        colour = kind_colours.get(edge.kind, "#555555")
        dash = ' stroke-dasharray="6,4"' if role_dash.get(edge.role) == "dashed" else ""
        stroke = 1 + 1.5 * math.log2(max(edge.claims, 1))
        out.append(
            f'<g class="edge" id="e{route.index}" data-source="{ids[edge.source]}" '
            f'data-target="{ids[edge.target]}"><title>{_esc(edge_tip(edge))}</title>'
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{stroke:.2f}"{dash} '
            f'marker-end="url(#arrow-{edge.kind})"/>'
            f'<text x="{lx:.1f}" y="{ly - 3:.1f}" text-anchor="middle" font-size="{EDGE_FONT}" '
            f'fill="{colour}" stroke="white" stroke-width="3" paint-order="stroke">'
            f"{_esc(label)}</text></g>"
        )
    for key, node in zip(ids, nodes, strict=True):
        b = boxes[node.iri]
        shape, fill, extra = styles[node.type]
        kind = "rounded" if extra == "rounded" else shape
        lines = _lines(node.label, node.claims_made)
        out.append(
            f'<g class="node" id="{ids[key]}"><title>{_esc(node_tip(node))}</title>'
            + _shape(kind, b, fill, extra == "dashed", bool(node.claims_made))
        )
        first = b.y - (len(lines) - 1) * LINE / 2 + FONT / 3
        for i, line in enumerate(lines):
            size = FONT if i == 0 else FONT - 2
            out.append(
                f'<text x="{b.x:.1f}" y="{first + i * LINE:.1f}" text-anchor="middle" '
                f'font-size="{size}" fill="#222">{_esc(line)}</text>'
            )
        out.append("</g>")
    out.append("</g></svg>")
    return "\n".join(out) + "\n"
