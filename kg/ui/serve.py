"""``kg serve``: the graph as a web site — search, entity pages, articles, saved queries, SPARQL.

Why a web face: most readers of a claims graph would rather click from a name to its claims and
from a claim to the sentence it was read from than write SPARQL. The app has no logic of its own:
pages call the functions ``kg show`` and ``kg query`` call (:mod:`kg.rdf.profile`,
:mod:`kg.rdf.queries`), so a page and the command line never disagree; this module only reads
request parameters, checks them, and renders.

Starlette (with uvicorn) because it is small, typed and well kept, and its test client speaks
HTTP to the app in-process; Jinja2 templates escape everything by default. Every asset (CSS, the
picture's script) ships in the package: nothing is fetched from elsewhere, and the
Content-Security-Policy header says so to the browser.

``/sparql`` is a read-only SPARQL 1.1 Protocol endpoint: the store is opened read-only, and update
requests are refused with 403 before they reach it.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
import socket
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.api import Store
from kg.errors import KgError
from kg.rdf import profile as lookup
from kg.rdf import results as R
from kg.rdf.iris import PREFIXES
from kg.rdf.queries import (
    Results,
    SavedQuery,
    compact,
    compact_iri,
    expand_iri,
    load_saved_queries,
    render,
    run,
)
from kg.ui import picture, show

if TYPE_CHECKING:  # annotations only: pyoxigraph is kg.rdf's
    from pyoxigraph import Store as OxStore

STATIC = Path(__file__).parent / "static"
DEFAULT_TIMEOUT = 30.0  # seconds a query may run before the request gets a 400 saying so
SEARCH_LIMIT = 100  # entities listed for one search
DEFAULT_GRAPH_LIMIT = 50  # claimants drawn on /graph unless ?limit= says otherwise (as kg graph)
PREVIEW_ROWS = 500  # rows of a saved query shown as a table (json/csv give them all)
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

# saved-query downloads: ?format=NAME → (media type, how kg query --format NAME renders it)
DOWNLOADS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "table": "text/plain; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
}
HTML_TYPE = "text/html"
_UPDATE = re.compile(
    r"^\s*(?:(?:#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


class BadRequest(Exception):
    """A request the app refuses; the page says which parameter and why."""

    def __init__(self, message: str, status: int = 400, param: str | None = None):
        super().__init__(message)
        self.status = status
        self.param = param


# ---------------------------------------------------------------- parameters


def _params(
    request: Request, allowed: Iterable[str], pairs: list[tuple[str, str]] | None = None
) -> dict[str, list[str]]:
    """The request's parameters by name; an unknown one is a 400 that lists the known ones."""
    allowed = tuple(allowed)
    values: dict[str, list[str]] = {}
    for key, value in pairs if pairs is not None else request.query_params.multi_items():
        if key not in allowed:
            known = ", ".join(allowed) or "none"
            raise BadRequest(f"unknown parameter {key!r}; this page takes: {known}", param=key)
        values.setdefault(key, []).append(value)
    return values


def _one(values: dict[str, list[str]], name: str, *, required: bool = False, why: str = ""):
    got = values.get(name, [])
    if len(got) > 1:
        raise BadRequest(f"parameter {name!r} is given {len(got)} times; give it once", param=name)
    if not got or not got[0].strip():
        if required:
            raise BadRequest(f"parameter {name!r} is required: {why}", param=name)
        return None
    return got[0]


def _iri(value: str, name: str) -> str:
    try:
        return expand_iri(value, f"parameter {name!r}")
    except KgError as e:
        raise BadRequest(str(e), param=name) from None


# ---------------------------------------------------------------- rendering helpers


def _q(iri: str) -> str:
    """An IRI as a readable URL parameter: ``org:home-office`` rather than %-escapes."""
    shown = compact_iri(iri)
    return quote(iri if shown.startswith("<") else shown, safe=":/")


def link(iri: str) -> str:
    """The page of a resource of the graph (entity, article or claim)."""
    return f"/resource?iri={_q(iri)}"


def entity_link(iri: str) -> str:
    return f"/entity?iri={_q(iri)}"


def claim_anchor(iri: str) -> str:
    return "claim-" + re.sub(r"[^A-Za-z0-9_-]", "-", iri.rsplit("/", 1)[-1])


def article_link(article: str, claim: str | None = None) -> str:
    if not claim:
        return f"/article?iri={_q(article)}"
    return f"/article?iri={_q(article)}&claim={_q(claim)}#{claim_anchor(claim)}"


def highlight(
    text: str, spans: Iterable[tuple[int, int, str]], *, base: int = 0, anchors=None
) -> Markup:
    """``text`` (which starts at offset ``base``) with each (start, end, class) span wrapped in
    ``<span class=…>``; overlapping spans split the text where they begin and end, and each piece
    carries the classes of every span over it. ``anchors`` maps an offset to an element id placed
    there (the start of a claim in the article view)."""
    spans = [(max(s, base), min(e, base + len(text)), c) for s, e, c in spans]
    spans = [(s, e, c) for s, e, c in spans if s < e]
    anchors = {o: a for o, a in (anchors or {}).items() if base <= o <= base + len(text)}
    cuts = sorted({base, base + len(text), *anchors, *(x for s, e, _ in spans for x in (s, e))})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start in anchors:
            out.append(f'<a class="anchor" id="{html.escape(anchors[start])}"></a>')
        piece = html.escape(text[start - base : end - base])
        classes = sorted({c for s, e, c in spans if s <= start and end <= e})
        if classes:
            piece = f'<span class="{" ".join(classes)}">{piece}</span>'
        out.append(piece)
    return Markup("".join(out))


def claim_sentence(claim: lookup.ShownClaim) -> Markup:
    """The claim's sentence with its content, cue and claimant marked (the content alone when
    the claim has no sentence)."""
    if claim.sentence is None:
        return highlight(claim.text, [(0, len(claim.text), "ev-content")])
    start, sentence = claim.sentence
    return highlight(sentence, _claim_spans(claim), base=start)


def _claim_spans(claim: lookup.ShownClaim, extra: str = "") -> list[tuple[int, int, str]]:
    return [(s, e, f"ev-{role}{extra}") for s, e, role in claim.roles_spans()]


def cell(term) -> Markup:
    """One result cell: IRIs of the store link to their page, other values are text."""
    if term is None:
        return Markup("")
    shown, target = compact(term), R.iri(term)
    if target is not None and target.startswith(PREFIXES["kgd"]):
        return Markup('<a href="{}">{}</a>').format(link(target), shown)
    if target is not None and target.startswith(("http://", "https://")):
        return Markup('<a href="{}" rel="nofollow">{}</a>').format(target, shown)
    return Markup("{}").format(shown)


@dataclass
class Table:
    """Results as a table for a page: column names and rows of rendered cells."""

    columns: list[str]
    rows: list[list[Markup]]
    total: int
    boolean: bool | None = None


def results_table(results: Results, limit: int = PREVIEW_ROWS) -> Table:
    answer = R.boolean(results)
    if answer is not None:
        return Table([], [], 0, boolean=answer)
    columns, terms = R.columns_and_rows(results)
    rows, total = [], 0
    for row in terms:
        total += 1
        if total <= limit:
            rows.append([cell(t) for t in row])
    return Table(columns, rows, total)


# ---------------------------------------------------------------- content negotiation


def _accept(header: str | None) -> list[tuple[str, float, int]]:
    """Media ranges of an Accept header as (range, q, position); a missing header is */*."""
    ranges = []
    for i, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q, i))
    return ranges


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers: highest q of the most specific matching range, then the
    client's order, then ours; None when nothing offered is acceptable (→ 406)."""
    ranges = _accept(header)
    best: tuple | None = None
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0] + "/*"
        matches = [
            (specificity, q, pos)
            for media, q, pos in ranges
            for specificity in [2 if media == offer else 1 if media == kind else 0]
            if media in (offer, kind, "*/*")
        ]
        if not matches:
            continue
        specificity, q, pos = max(matches)
        if q <= 0:
            continue
        key = (-q, -specificity, pos, rank)
        if best is None or key < best[0]:
            best = (key, offer)
    return best[1] if best else None


# ---------------------------------------------------------------- the app


def own_thread(handler):
    """Keep pyoxigraph's result objects in the thread that made them.

    They refuse to be dropped on another thread, and an exception's traceback keeps the frames
    (and so the results) of the handler alive until the error page is made in another thread:
    clear those frames here, where the results were made.
    """

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except BaseException as e:
            seen: set[int] = set()
            err: BaseException | None = e
            while err is not None and id(err) not in seen:
                seen.add(id(err))
                traceback.clear_frames(err.__traceback__)
                err = err.__cause__ or err.__context__
            raise

    return wrapper


class Site:
    """The request handlers over one read-only store."""

    def __init__(self, store: OxStore, *, timeout: float | None, label: str):
        self.store = store
        self.timeout = timeout
        self.label = label
        self.env = Environment(
            loader=PackageLoader("kg.ui", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            link=link,
            entity_link=entity_link,
            article_link=article_link,
            claim_anchor=claim_anchor,
            claim_sentence=claim_sentence,
            compact_iri=compact_iri,
            store_label=label,
            prefixes=", ".join(f"{p}:" for p in PREFIXES),
            roles=show.ROLES,
            picture_legend=lambda: Markup(picture.legend()),
            role_titles=show.ROLE_TITLES,
        )

    def page(self, name: str, status: int = 200, **context) -> HTMLResponse:
        from kg import __version__

        body = self.env.get_template(name).render(version=__version__, **context)
        return HTMLResponse(body, status_code=status)

    def queries(self) -> dict[str, SavedQuery]:
        return load_saved_queries()

    def run(self, query: SavedQuery, values: dict[str, str], **dataset) -> Results:
        return run(self.store, query, values, timeout=self.timeout, **dataset)

    # -------------------------------------------------------- pages

    @own_thread
    def home(self, request: Request) -> Response:
        _params(request, ())
        from kg.rdf.stats import store_stats

        stats = store_stats(self.store)
        top = results_table(self.run(self.queries()["top-claimants"], {"limit": "12"}))
        return self.page("home.html", stats=stats, top=top, queries=self.queries())

    @own_thread
    def search(self, request: Request) -> Response:
        values = _params(request, ("q",))
        q = _one(values, "q", required=True, why="the text to look for in names, e.g. 'office'")
        found = lookup.find_entities(self.store, q, limit=SEARCH_LIMIT)
        return self.page("search.html", q=q, found=found, limit=SEARCH_LIMIT)

    @own_thread
    def entity(self, request: Request) -> Response:
        values = _params(request, ("iri",))
        iri = _iri(_one(values, "iri", required=True, why="the entity's IRI"), "iri")
        profile = lookup.entity_profile(self.store, iri)
        if not profile.names and not profile.types:
            raise BadRequest(f"no entity {compact_iri(iri)} in the store", status=404)
        return self.page("entity.html", p=profile)

    @own_thread
    def article(self, request: Request) -> Response:
        values = _params(request, ("iri", "claim"))
        iri = _iri(_one(values, "iri", required=True, why="the article's IRI"), "iri")
        focus = _one(values, "claim")
        focus = _iri(focus, "claim") if focus else None
        try:
            view = lookup.article_view(self.store, iri)
        except KgError as e:
            raise BadRequest(str(e), status=404) from None
        if focus and focus not in {c.iri for c in view.claims}:
            raise BadRequest(
                f"the article has no claim {compact_iri(focus)}", param="claim"
            )
        spans, anchors = [], {}
        for c in view.claims:
            mine = " focus" if c.iri == focus else ""
            spans += _claim_spans(c, mine)
            anchors.setdefault(c.first(), claim_anchor(c.iri))
        body = highlight(view.text, spans, anchors={o: a for o, a in anchors.items()})
        return self.page("article.html", v=view, body=body, focus=focus)

    @own_thread
    def resource(self, request: Request) -> Response:
        values = _params(request, ("iri",))
        iri = _iri(_one(values, "iri", required=True, why="an IRI of the graph"), "iri")
        kind, article = lookup.resource_kind(self.store, iri)
        if kind == "claim" and article:
            return RedirectResponse(article_link(article, iri), status_code=303)
        if kind == "article":
            return RedirectResponse(article_link(iri), status_code=303)
        if kind == "entity":
            return RedirectResponse(entity_link(iri), status_code=303)
        raise BadRequest(f"nothing in the store is {compact_iri(iri)}", status=404)

    @own_thread
    def query_list(self, request: Request) -> Response:
        _params(request, ())
        return self.page("queries.html", queries=self.queries())

    @own_thread
    def saved_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        query = self.queries().get(name)
        if query is None:
            raise BadRequest(f"no saved query named {name!r}; see /queries", status=404)
        values = _params(request, [p.name for p in query.params] + ["format"])
        fmt = _one(values, "format") or "html"
        if fmt not in DOWNLOADS and fmt != "html":
            raise BadRequest(
                f"format must be one of html, {', '.join(DOWNLOADS)}; got {fmt!r}", param="format"
            )
        given = {k: _one(values, k) for k in values if k != "format"}
        given = {k: v for k, v in given.items() if v is not None}  # an empty field: the default
        missing = [p.name for p in query.params if p.required and p.name not in given]
        if fmt == "html" and missing:  # the form, to fill in
            return self.page("query.html", q=query, given=given, table=None, missing=missing)
        results = self.run(query, given)  # a bad value is a KgError: 400 saying which
        if fmt != "html":
            out = io.BytesIO()
            render(results, fmt, out)  # exactly what kg query NAME --format FMT writes
            return Response(out.getvalue(), media_type=DOWNLOADS[fmt])
        downloads = [
            (f, f"/queries/{quote(name)}?" + urlencode({**given, "format": f}))
            for f in (("turtle", "ntriples") if _is_graph(query) else ("json", "csv", "tsv"))
        ]
        return self.page(
            "query.html",
            q=query,
            given=given,
            table=results_table(results),
            missing=[],
            downloads=downloads,
        )

    @own_thread
    def graph(self, request: Request) -> Response:
        """The claim network of ``kg graph``, drawn by kg's layout, with the page's script."""
        values = _params(request, ("claimant", "about", "limit"))
        form = {k: _one(values, k) or "" for k in ("claimant", "about", "limit")}
        limit = DEFAULT_GRAPH_LIMIT
        if form["limit"]:
            try:
                limit = int(form["limit"])
            except ValueError:
                limit = -1
            if limit < 0:
                raise BadRequest(
                    "parameter 'limit' must be a whole number >= 0 (0: all), "
                    f"got {form['limit']!r}",
                    param="limit",
                )
        try:
            net = picture.load_network(
                self.store, claimant=form["claimant"], about=form["about"], limit=limit or None
            )
        except picture.PictureError as e:  # nothing matches: the form again, saying so
            return self.page("graph.html", form=form, svg=None, note=str(e), net=None)
        data = json.dumps(
            picture.network_data(net, entity_link), ensure_ascii=False, sort_keys=True
        )
        svg = picture.render_svg(net)
        return self.page(
            "graph.html",
            form=form,
            net=net,
            note="",
            svg=Markup(svg[svg.find("<svg") :]),  # drawn by kg.ui.layout, every text escaped
            data=Markup(data.replace("</", "<\\/")),  # JSON never closes its script element
        )

    # -------------------------------------------------------- SPARQL protocol

    async def sparql(self, request: Request) -> Response:
        """SPARQL 1.1 Protocol, query operation only: GET ?query=, POST form or sparql-query."""
        names = ("query", "default-graph-uri", "named-graph-uri")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if ctype == "application/sparql-update":
                raise _read_only()
            if ctype == "application/x-www-form-urlencoded":
                pairs = _form_pairs(body)
                if any(k == "update" for k, _ in pairs):
                    raise _read_only()
                values = _params(request, names, pairs + request.query_params.multi_items())
            elif ctype == "application/sparql-query":
                values = _params(request, names[1:])
                try:
                    values["query"] = [body.decode("utf-8")]
                except UnicodeDecodeError:
                    raise BadRequest("the query is not UTF-8 text", param="query") from None
            else:
                raise BadRequest(
                    f"unsupported content type {ctype or '(none)'!r}: POST a query as "
                    "application/x-www-form-urlencoded (query=…) or application/sparql-query",
                    status=415,
                )
        else:
            if "update" in request.query_params:
                raise _read_only()
            values = _params(request, names)
        if not values:  # the console page
            return self.page("sparql.html", text=_EXAMPLE, table=None)
        text = _one(values, "query", required=True, why="the SPARQL query to run")
        if _UPDATE.match(text):
            raise _read_only("this is an update (INSERT/DELETE/LOAD/…); ")
        dataset = {
            arg: R.named_nodes(_iri(v, param) for v in values[param])
            for param, arg in (
                ("default-graph-uri", "default_graph"),
                ("named-graph-uri", "named_graphs"),
            )
            if param in values
        }
        query = SavedQuery(name="(the query)", sparql=text)
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(self._answer, request, query, dataset)

    @own_thread
    def _answer(self, request: Request, query: SavedQuery, dataset: dict) -> Response:
        results = self.run(query, {}, **dataset)
        accept = request.headers.get("accept")
        offers = [*(R.GRAPH_TYPES if R.is_graph(results) else R.SOLUTION_TYPES), HTML_TYPE]
        chosen = negotiate(accept, offers)
        if chosen is None:
            raise BadRequest(
                f"cannot answer in any type the request accepts ({accept}); this result can be "
                f"{', '.join(offers)}",
                status=406,
            )
        headers = {"Vary": "Accept"}
        if chosen == HTML_TYPE:
            page = self.page("sparql.html", text=query.sparql, table=results_table(results))
            page.headers["Vary"] = "Accept"
            return page
        charset = "; charset=utf-8" if chosen.startswith("text/") else ""
        body = R.serialize(results, chosen)
        return Response(body, media_type=chosen + charset, headers=headers)

    # -------------------------------------------------------- errors

    def error_page(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, BadRequest):
            status, message, param = exc.status, str(exc), exc.param
        elif isinstance(exc, HTTPException):
            status, message, param = exc.status_code, exc.detail, None
            if status == 404:
                message = f"no page at {request.url.path}; start from the home page"
        elif isinstance(exc, KgError):
            status, message, param = 400, str(exc), None
        else:  # a bug: say so in one line, never show the traceback to the browser
            status, param = 500, None
            message = f"internal error ({type(exc).__name__}); the server log has the details"
        return self._error(request, status, message, param)

    def _error(self, request: Request, status: int, message: str, param: str | None) -> Response:
        accept = request.headers.get("accept")
        if negotiate(accept, [HTML_TYPE, "text/plain"]) == "text/plain":
            return Response(f"Error: {message}\n", status_code=status, media_type="text/plain")
        return self.page("error.html", status, code=status, message=message, param=param)


_EXAMPLE = """SELECT ?claimant ?cue ?content WHERE {
  ?claim a schema:Claim ; schema:author/schema:name ?claimant ;
         kg:cueText ?cue ; schema:text ?content .
} LIMIT 20"""


def _read_only(why: str = "") -> BadRequest:
    return BadRequest(
        f"{why}this endpoint is read-only: SPARQL updates are refused and the store is not "
        "changed (use kg build to change it)",
        status=403,
    )


def _form_pairs(body: bytes) -> list[tuple[str, str]]:
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError) as e:
        raise BadRequest(f"cannot read the form body: {e}") from None


def _is_graph(query: SavedQuery) -> bool:
    return bool(re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", query.sparql, re.I | re.M))


class _SecurityHeaders:
    """Every response says: nothing from elsewhere, no framing, no sniffing."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    store: OxStore | Store | str | Path,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    label: str = "",
) -> Starlette:
    """The web app over ``store``: a ``kg.Store`` (or its path), opened read-only once and held
    for every request, or a pyoxigraph Store. ``timeout`` caps each query in seconds."""
    from starlette.middleware import Middleware

    if not R.is_store(store):
        store = store if isinstance(store, Store) else Store(store)
        label = label or str(store.path)
        store = store.open()  # as kg query and kg show open it: read-only
    site = Site(store, timeout=timeout, label=label or "the store")
    routes = [
        Route("/", site.home),
        Route("/search", site.search),
        Route("/entity", site.entity),
        Route("/article", site.article),
        Route("/resource", site.resource),
        Route("/queries", site.query_list),
        Route("/queries/{name}", site.saved_query),
        Route("/sparql", site.sparql, methods=["GET", "POST"]),
        Route("/graph", site.graph),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    handlers = {Exception: site.error_page, HTTPException: site.error_page}
    handlers[BadRequest] = site.error_page
    handlers[KgError] = site.error_page
    return Starlette(
        routes=routes,
        exception_handlers=handlers,  # type: ignore[arg-type]
        middleware=[Middleware(_SecurityHeaders)],
    )


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0: any free one), or a KgError saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise KgError(f"cannot listen on {host!r}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        raise KgError(
            f"cannot listen on {host}:{port}: {e.strerror}; choose another with --port"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(
    store: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float | None = DEFAULT_TIMEOUT,
    say=None,
) -> None:
    """Serve ``store`` until interrupted; ``say`` gets the line with the address."""
    import uvicorn

    app = create_app(store, timeout=timeout)
    sock = listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    (say or (lambda m: print(m, file=sys.stderr, flush=True)))(
        f"Serving {store} at http://{shown}:{bound_port}/ (read-only; Ctrl-C stops)"
    )
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
