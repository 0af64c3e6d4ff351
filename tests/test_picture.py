"""``kg graph``: the claim network from the store, laid out by kg or by Graphviz; the HTML opened
in Chromium.

The network is checked against the hand-made sample graph (tests/sample_graph.py): what is
expected is derived from its claim table, not written out. The default layout is pure Python and
is tested with only the virtual environment on PATH; ``--layout dot`` needs Graphviz's ``dot``
and the browser tests need Debian's ``chromium``; each skips with the reason where its tool is
absent (``.ci/run`` installs both).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from sample_graph import CLAIMS, ENTITIES, ENTITY_KEYS, build_trig, iri, make_store
from typer.testing import CliRunner

from kg.ui import picture
from kg.ui.cli import app

runner = CliRunner()
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot is not installed (apt-get install graphviz; .ci/run does)",
)
LAYOUTS = [
    "python",
    pytest.param("dot", marks=needs_dot),
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)"
)


def _name(local: str) -> str:
    return re.search(r'schema:name "([^"]+)"', ENTITIES[ENTITY_KEYS[local]])[1]


def _expected_edges() -> Counter:
    """(claimant, target, role, kind) → number of claims, from the sample's claim table."""
    edges: Counter = Counter()
    for _, _, author, _, _, _, _, kind, addressee, about, _ in CLAIMS:
        if addressee:
            edges[(iri(author), iri(addressee[1]), "to", kind.lower())] += 1
        for topic in about:
            edges[(iri(author), iri(topic), "about", kind.lower())] += 1
    return edges


@pytest.fixture(scope="module")
def net() -> picture.Network:
    return picture.load_network(make_store())


def test_network_has_every_claim_claimant_and_edge(net):
    assert net.claims == len(CLAIMS)
    made = Counter(iri(c[2]) for c in CLAIMS)
    assert {k: n.claims_made for k, n in net.nodes.items() if n.claims_made} == dict(made)
    got = Counter({(e.source, e.target, e.role, e.kind): e.claims for e in net.edges})
    assert got == _expected_edges()
    for node in net.nodes.values():
        assert node.label == _name(node.iri.removeprefix(iri("")))


def test_edge_cues_and_node_types(net):
    cues = Counter()
    for _, _, author, _, _, lemma, _, _, addressee, about, _ in CLAIMS:
        for target in [addressee[1]] if addressee else []:
            cues[(iri(author), iri(target), "to", lemma)] += 1
        for target in about:
            cues[(iri(author), iri(target), "about", lemma)] += 1
    got = Counter()
    for e in net.edges:
        for lemma, n in e.cues.items():
            got[(e.source, e.target, e.role, lemma)] += n
    assert got == cues
    assert net.nodes[iri("group/officials")].type == "Group"
    assert net.nodes[iri("unnamed/5f1e")].type == "UnnamedSource"


def test_filters_by_claimant_and_about():
    store = make_store()
    jane = picture.load_network(store, claimant="doe")  # matches the alternate name too
    assert {n.iri for n in jane.nodes.values() if n.claims_made} == {iri("person/jane-doe")}
    assert jane.claims == sum(1 for c in CLAIMS if c[2] == "person/jane-doe")
    costs = picture.load_network(store, about="COSTS")
    assert costs.claims == sum(1 for c in CLAIMS if "thing/costs" in c[9])
    assert "about ~ “COSTS”" in costs.title()
    with pytest.raises(picture.PictureError, match="no claim matches --claimant 'nobody'"):
        picture.load_network(store, claimant="nobody")


def test_limit_keeps_the_claimants_with_most_claims():
    top = picture.load_network(make_store(), limit=1)
    assert [n.iri for n in top.nodes.values() if n.claims_made] == [iri("person/jane-doe")]
    assert top.claimants_total == len({c[2] for c in CLAIMS})
    assert "the top 1 of" in top.title()


def test_dot_source_escapes_labels_and_styles_by_kind():
    rows = [
        {
            "claim": "c1",
            "speaker": "s",
            "speakerName": '<b>Bold</b> \\ "Ltd"',
            "speakerType": "http://schema.org/Organization",
            "role": "to",
            "target": "t",
            "targetName": "Them",
            "targetType": "http://schema.org/Person",
            "cue": "say",
            "kind": kind,
            "content": "x",
        }
        for kind in ("direct", "mixed")
    ]
    rows[1]["claim"] = "c2"
    net = picture.network_from_rows(rows)
    source = picture.to_dot(net).source
    assert '"<b>Bold</b> \\\\ \\"Ltd\\"' in source  # not an HTML label; backslash kept
    for kind in ("direct", "mixed"):
        assert picture.KIND_COLOURS[kind] in source
    assert "2 claims" in source


def test_unknown_picture_format_is_one_line_error():
    with pytest.raises(picture.PictureError, match=r"\.html, \.svg or \.dot"):
        picture.picture_format("net.png")
    assert picture.picture_format("net.png", "svg") == "svg"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("picture") / "store"
    store = ox.Store(str(path))
    store.load(build_trig(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return path


def test_cli_writes_dot_without_graphviz(disk_store, tmp_path):
    out = tmp_path / "net.dot"
    result = runner.invoke(app, ["graph", "--store", str(disk_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("digraph claims {")
    assert re.search(rf"Wrote .*net\.dot: {len(CLAIMS)} claims", result.stderr)


def test_cli_errors_are_one_line(disk_store, tmp_path):
    result = runner.invoke(
        app, ["graph", "--store", str(disk_store), "--about", "zzz", "-o", str(tmp_path / "x.svg")]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: nothing to draw: no claim matches --about 'zzz' (see kg query claims)"
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_svg_has_a_node_per_entity_and_an_edge_per_group(net, layout):
    svg = picture.render_svg(net, layout)
    assert svg.count('class="node"') == len(net.nodes)
    assert svg.count('class="edge"') == len(net.edges)
    for node in net.nodes.values():
        assert node.label in svg
    # both layouts give the nodes and edges the ids the page's script and data use
    ids = picture.node_ids(net)
    for node_id in ids.values():
        assert re.search(
            rf'<g[^>]*\bid="{node_id}"[^>]*class="node"|<g class="node" id="{node_id}"', svg
        )
    for i in range(len(net.edges)):
        assert re.search(rf'<g[^>]*\bid="e{i}"[^>]*class="edge"|<g class="edge" id="e{i}"', svg)


def test_python_layout_is_deterministic_and_inside_its_frame(net):
    svg = picture.render_svg(net)
    assert svg == picture.render_svg(picture.load_network(make_store()))
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    for x, y in re.findall(r'<text x="([-\d.]+)" y="([-\d.]+)"', svg):
        assert 0 <= float(x) <= width and 0 <= float(y) <= height


def test_layout_keeps_claimants_left_of_what_they_point_at():
    from kg.ui.layout import layout

    net = picture.load_network(make_store())
    nodes = [net.nodes[k] for k in picture.node_ids(net)]
    boxes, routes, _, _ = layout(nodes, net.edges)
    for edge, route in zip(net.edges, routes, strict=True):
        if not route.reversed and edge.source != edge.target:
            assert boxes[edge.source].x < boxes[edge.target].x
    for a in boxes.values():  # no two nodes overlap
        for b in boxes.values():
            if a.key < b.key and not (a.virtual or b.virtual) and a.layer == b.layer:
                assert abs(a.y - b.y) >= (a.height + b.height) / 2


def test_layout_breaks_cycles():
    """A told B and B told A: still a left-to-right picture, one edge drawn backwards."""
    rows = [
        {"claim": f"c{i}", "speaker": s, "speakerName": s.upper(), "speakerType": None,
         "role": "to", "target": t, "targetName": t.upper(), "targetType": None, "cue": "say",
         "kind": "direct", "content": "x"}
        for i, (s, t) in enumerate([("a", "b"), ("b", "a"), ("b", "c"), ("c", "a")])
    ]  # fmt: skip
    net = picture.network_from_rows(rows)
    svg = picture.render_svg(net)
    assert svg.count('class="edge"') == 4 and svg.count('class="node"') == 3


@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_is_self_contained(disk_store, tmp_path, layout):
    out = tmp_path / "net.html"
    args = ["graph", "--store", str(disk_store), "-o", str(out), "--layout", layout]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    # nothing to fetch: the script is inline; no stylesheets, images or fonts from elsewhere
    assert not re.search(r"<script[^>]*\ssrc=|<link|<img|@import|url\((?!#)|src=", page, re.I)
    fetchable = re.findall(r'(?:href|src)="(https?://[^"]+)"', page)
    assert fetchable == []
    data = json.loads(
        re.search(r'<script type="application/json" id="kg-network">(.*?)</script>', page, re.S)[1]
    )
    assert sum(len(e["claims"]) for e in data["edges"]) == sum(
        e.claims for e in picture.load_network(ox.Store.read_only(str(disk_store))).edges
    )


@pytest.mark.slow
def test_graph_works_with_only_the_virtualenv_on_path(disk_store, tmp_path):
    """No Debian package needed: PATH holds the virtual environment's bin and nothing else."""
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k not in ("PATH",)} | {"PATH": str(bin_dir)}
    out = tmp_path / "net.html"
    done = subprocess.run(
        ["kg", "graph", "--store", str(disk_store), "-o", str(out)],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count('class="node"') == len(
        {iri(c[2]) for c in CLAIMS}
        | {iri(t) for c in CLAIMS for t in c[9]}
        | {iri(c[8][1]) for c in CLAIMS if c[8]}
    )
    svg = tmp_path / "net.svg"
    done = subprocess.run(
        ["kg", "graph", "--store", str(disk_store), "-o", str(svg)],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0 and svg.read_text(encoding="utf-8").startswith("<svg")
    dot = subprocess.run(
        ["kg", "graph", "--store", str(disk_store), "-o", str(svg), "--layout", "dot"],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert dot.returncode == 1
    [line] = dot.stderr.strip().splitlines()
    assert (
        line.startswith("Error: Graphviz's 'dot' program is not installed")
        and "--layout python" in line
    )


def _chromium_dom(html_file: Path, tmp_path: Path) -> str:
    profile = tmp_path / "chromium-profile"
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--proxy-server=127.0.0.1:9",  # any network fetch would fail: the page must not need one
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",
        "--dump-dom",
        html_file.as_uri(),
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 90 s on this machine")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# Appended to a copy of the page by the test only: counts the nodes and edges that the browser
# actually laid out with a visible size, and the node labels it drew.
PROBE = """
<script>
const seen = (sel) => [...document.querySelectorAll(sel)].filter(g => {
  const b = g.getBBox(); return b.width > 0 && b.height > 0; });
const nodes = seen('svg g.node'), edges = seen('svg g.edge');
document.body.setAttribute('data-nodes', nodes.length);
document.body.setAttribute('data-edges', edges.length);
document.body.setAttribute('data-labels',
  nodes.map(g => [...g.querySelectorAll('text')].map(t => t.textContent).join(' ')).join('|'));
// the page's script: a click on the first node lists its claims and fades what is not its own
document.querySelector('svg g.node').dispatchEvent(new MouseEvent('click', {bubbles: true}));
document.body.setAttribute('data-panel', document.getElementById('kg-panel').textContent);
document.body.setAttribute('data-faded', document.querySelectorAll('svg g.faded').length);
</script>
"""


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
@needs_chromium
def test_html_renders_in_headless_chromium(net, tmp_path, layout):
    page = tmp_path / "net.html"
    picture.write_picture(net, page, layout=layout)
    probed = tmp_path / "probed.html"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    dom = _chromium_dom(probed, tmp_path)
    body = re.search(r"<body[^>]*>", dom)[0]
    assert f'data-nodes="{len(net.nodes)}"' in body, body
    assert f'data-edges="{len(net.edges)}"' in body, body
    labels = re.search(r'data-labels="([^"]*)"', body)[1]
    for node in net.nodes.values():
        assert node.label in labels
    # the first node is the claimant with most claims: the panel lists them, others fade
    first = net.nodes[next(iter(picture.node_ids(net)))]
    panel = html.unescape(re.search(r'data-panel="([^"]*)"', body)[1])
    assert panel.startswith(first.label) and f"Claims made ({first.claims_made})" in panel
    mine = [e for e in net.edges if first.iri in (e.source, e.target)]
    for e in mine:
        for content in e.contents:
            assert content in panel
    assert int(re.search(r'data-faded="(\d+)"', body)[1]) > 0
