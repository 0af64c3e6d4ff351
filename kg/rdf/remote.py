"""Talk to a SPARQL 1.1 server over the W3C protocols: queries, and the Graph Store Protocol.

When the graph outgrows the embedded store it goes to a server users already run (Oxigraph
server, Virtuoso, Fuseki, GraphDB …); ``kg`` speaks only the standard protocols to it.

Parameters of a saved query are bound without pasting user text into the query: each value
becomes a typed RDF term (``kg.rdf.queries.bind``, the same as for the local store) and the term's
N-Triples form — which the term constructors validate and escape — goes into one ``VALUES``
block at the start of every ``WHERE`` group (the query's and each sub-select's). A ``VALUES``
block is data, not query syntax, so a value cannot change the query; and since a group's filters
and ``FILTER EXISTS`` see its bindings, it gives the same rows as pyoxigraph's ``substitutions=``
for queries that use their parameters in those groups (all the shipped ones; a test checks).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.iris import PREFIXES
from kg.rdf.queries import masked_sparql, with_values

TOKEN_ENV = "KG_SPARQL_TOKEN"
USER_ENV = "KG_SPARQL_USER"
PASSWORD_ENV = "KG_SPARQL_PASSWORD"
RETRIES = 3
RETRY_STATUS = {408, 425, 429, 502, 503, 504}  # 500 is usually a query error


class RemoteError(KgError):
    """A SPARQL server refused or failed a request."""


@dataclass(frozen=True)
class Auth:
    """Credentials: a bearer token, or a user and password (HTTP Basic, or Digest for Virtuoso's
    ``-auth`` endpoints)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False

    @classmethod
    def from_options(
        cls, user: str | None = None, password: str | None = None, digest: bool = False
    ) -> Auth:
        """Options first, then $KG_SPARQL_USER / $KG_SPARQL_PASSWORD / $KG_SPARQL_TOKEN."""
        user = user or os.environ.get(USER_ENV)
        password = password if password is not None else os.environ.get(PASSWORD_ENV)
        token = None if user else os.environ.get(TOKEN_ENV)
        return cls(user=user, password=password, token=token, digest=digest)


def client(auth: Auth | None = None, timeout: float | None = 60.0):
    """An HTTP client with keep-alive (one connection reused for a whole push)."""
    import httpx

    auth = auth or Auth()
    headers = {"User-Agent": "kg (claimgraph)"}
    http_auth = None
    if auth.token:
        headers["Authorization"] = f"Bearer {auth.token}"
    elif auth.user:
        cls = httpx.DigestAuth if auth.digest else httpx.BasicAuth
        http_auth = cls(auth.user, auth.password or "")
    return httpx.Client(headers=headers, auth=http_auth, timeout=timeout)


def request(http, method: str, url: str, *, retries: int = RETRIES, **kwargs):
    """Send with retries on connection errors and 5xx/429; a clear error on anything else."""
    import httpx

    for attempt in range(retries + 1):
        try:
            response = http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            problem = f"{url}: no answer within the timeout"
        except httpx.TransportError as e:
            problem = f"{url}: cannot connect ({e}); is the server running?"
        else:
            if response.status_code < 400:
                return response
            if response.status_code in (401, 403):
                raise RemoteError(
                    f"{url}: the server refused the credentials (HTTP {response.status_code}); "
                    f"pass --user/--password or set {TOKEN_ENV}"
                )
            problem = f"{url}: HTTP {response.status_code} {_first_line(response.text)}"
            if response.status_code not in RETRY_STATUS:
                raise RemoteError(problem)
        if attempt < retries:
            time.sleep(0.5 * 2**attempt)
    raise RemoteError(f"{problem} (after {retries + 1} attempts)")


def _first_line(text: str) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return line[:200]


# ---------------------------------------------------------------- binding parameters

def prefixed(sparql: str) -> str:
    """Declare the project's prefixes a query uses without declaring them (as local runs do)."""
    masked = masked_sparql(sparql)
    declared = {p.lower() for p in re.findall(r"\bPREFIX\s+([\w-]*):", masked, re.IGNORECASE)}
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in PREFIXES.items()
        if p.lower() not in declared and re.search(rf"(?<![\w?$]){p}:", masked)
    ]
    return "\n".join([*lines, sparql]) if lines else sparql


# ---------------------------------------------------------------- queries

_SELECT_ACCEPT = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"


def remote_query(
    endpoint: str,
    saved,
    values: dict[str, str] | None = None,
    *,
    auth: Auth | None = None,
    timeout: float | None = None,
):
    """Run a saved query on a SPARQL 1.1 endpoint; returns the same result objects as
    ``kg.rdf.queries.run`` (so ``kg.rdf.queries.render`` writes every output format)."""
    from kg.rdf.queries import bind, row_limit

    values = values or {}
    bindings = bind(saved, values)
    text = prefixed(with_values(saved.sparql, bindings))
    limit = row_limit(saved, values)
    construct = re.search(r"\b(CONSTRUCT|DESCRIBE)\b", masked_sparql(text), re.IGNORECASE)
    accept = _GRAPH_ACCEPT if construct else _SELECT_ACCEPT
    with client(auth, timeout=timeout or 300.0) as http:
        response = request(
            http,
            "POST",
            endpoint,
            data={"query": text},
            headers={"Accept": accept},
        )
    return _results(response, limit, saved.name, {v.value for v in bindings})


def _results(response, limit: int | None, name: str, hidden: set[str] | None = None):
    from kg.rdf.queries import trimmed_solutions, triples_result

    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    data = response.content
    try:
        if "sparql-results+json" in ctype or ctype == "application/json":
            data = trimmed_solutions(data, limit, hidden or ())
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        fmt = ox.RdfFormat.TURTLE if "turtle" in ctype else ox.RdfFormat.N_TRIPLES
        triples = list(ox.parse(data, format=fmt))
    except (SyntaxError, ValueError) as e:
        raise RemoteError(f"query {name}: cannot read the server's answer ({ctype}): {e}") from e
    return triples_result(triples, limit)
