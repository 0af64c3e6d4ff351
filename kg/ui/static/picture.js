// kg graph: pan, zoom and click-to-list-claims for the claim network. No libraries, no network:
// it reads the SVG in the page and the JSON in <script id="kg-network">, and works the same on
// kg's own layout and on Graphviz's (both give nodes the ids n0, n1 … and edges e0, e1 …).
(function () {
  "use strict";
  const box = document.querySelector(".picture");
  const svg = box && box.querySelector("svg");
  const dataEl = document.getElementById("kg-network");
  if (!svg || !dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const panel = document.getElementById("kg-panel");
  const base = svg.viewBox.baseVal;
  const home = base && base.width ? [base.x, base.y, base.width, base.height] : null;
  if (!home) return;
  document.body.classList.add("interactive-on");
  box.classList.add("interactive");
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  const view = home.slice();
  const show = () => svg.setAttribute("viewBox", view.join(" "));
  const toSvg = (clientX, clientY) => {
    const p = svg.createSVGPoint();
    p.x = clientX;
    p.y = clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  };
  const zoom = (factor, cx, cy) => {
    const w = view[2] * factor, h = view[3] * factor;
    if (w < home[2] / 20 || w > home[2] * 4) return;
    view[0] = cx - (cx - view[0]) * factor;
    view[1] = cy - (cy - view[1]) * factor;
    view[2] = w;
    view[3] = h;
    show();
  };
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const p = toSvg(ev.clientX, ev.clientY);
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  document.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
    const how = b.getAttribute("data-zoom");
    if (how === "fit") {
      home.forEach((v, i) => { view[i] = v; });
      show();
    } else {
      zoom(how === "in" ? 1 / 1.3 : 1.3, view[0] + view[2] / 2, view[1] + view[3] / 2);
    }
  }));

  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, moved: false, view: view.slice() };
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) svg.setPointerCapture(ev.pointerId);
    drag.moved = true;
    box.classList.add("dragging");
    const scale = 1 / svg.getScreenCTM().a;
    view[0] = drag.view[0] - dx * scale;
    view[1] = drag.view[1] - dy * scale;
    show();
  });
  const release = () => {
    box.classList.remove("dragging");
    setTimeout(() => { drag = null; }, 0);
  };
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  const text = (tag, content, cls) => {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  };
  const claimList = (edges, side) => {
    const list = document.createElement("ul");
    edges.forEach((e) => e.claims.forEach(([cue, content]) => {
      const item = document.createElement("li");
      const who = data.nodes[e.source].label, other = data.nodes[e.target].label;
      item.append(side === "made" ? "" : who + " ", text("span", cue, "cue"),
        e.role === "to" ? " → " + other : " (about " + other + ")", ": “" + content + "”",
        text("span", " " + e.kind, "kind"));
      list.append(item);
    }));
    return list;
  };
  const select = (id) => {
    const mine = data.edges.filter((e) => e.source === id || e.target === id);
    const near = new Set([id]);
    mine.forEach((e) => { near.add(e.source); near.add(e.target); });
    const edgeIds = new Set(mine.map((e) => e.id));
    svg.querySelectorAll("g.node").forEach((g) => {
      g.classList.toggle("faded", id !== null && !near.has(g.id));
      g.classList.toggle("selected", g.id === id);
    });
    svg.querySelectorAll("g.edge").forEach((g) => {
      g.classList.toggle("faded", id !== null && !edgeIds.has(g.id));
    });
    if (!panel) return;
    panel.replaceChildren();
    panel.classList.toggle("open", id !== null);
    if (id === null) return;
    const node = data.nodes[id];
    panel.append(text("h2", node.label), text("p", node.type + " · " + node.iri));
    if (node.href) {
      const open = text("a", "Open the page of " + node.label, "open");
      open.href = node.href;
      panel.append(open);
    }
    const made = mine.filter((e) => e.source === id);
    const received = mine.filter((e) => e.target === id && e.source !== id);
    if (made.length) {
      panel.append(text("h3", "Claims made (" + node.made + ")"), claimList(made, "made"));
    }
    if (received.length) {
      panel.append(text("h3", "Claims to or about " + node.label), claimList(received, "to"));
    }
  };
  svg.querySelectorAll("g.node").forEach((g) => g.addEventListener("click", (ev) => {
    if (drag && drag.moved) return;
    ev.stopPropagation();
    select(g.classList.contains("selected") ? null : g.id);
  }));
  svg.addEventListener("click", () => {
    if (!(drag && drag.moved)) select(null);
  });
})();
