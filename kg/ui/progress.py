"""Progress bars and run summaries on stderr, for long work (build, eval, push).

Why a module of its own: the library stays silent (it takes a plain callback), and every command
that walks over articles shows the same bar — articles done, articles/s and an ETA — the same way:
only when stderr is a terminal, never on stdout (which stays clean for pipes), and not at all with
``--quiet``. ``--verbose`` adds one line per article.

Typical use in a command::

    with ArticleProgress("build", total=count_articles(paths)) as bar:
        summary = build_store(articles, path, progress=bar.article_done)
    print_summary(f"Built {path}", {"articles": 1, "claims": 20}, seconds=0.8)

or, around any iterable::

    for item in track(items, "push", total=len(items)):
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

T = TypeVar("T")

QUIET, NORMAL, VERBOSE = -1, 0, 1
_state = {"verbosity": NORMAL}


def set_verbosity(quiet: bool = False, verbose: bool = False) -> None:
    """Set the level for this run (the global ``kg --quiet/--verbose`` options); quiet wins."""
    _state["verbosity"] = QUIET if quiet else VERBOSE if verbose else NORMAL


def raise_verbosity(quiet: bool = False, verbose: bool = False) -> None:
    """Apply a command's own ``--quiet``/``--verbose`` on top of the global level."""
    if quiet:
        _state["verbosity"] = QUIET
    elif verbose and _state["verbosity"] != QUIET:
        _state["verbosity"] = VERBOSE


def verbosity() -> int:
    return _state["verbosity"]


def stderr_console() -> Console:
    """A console on the current ``sys.stderr`` (made per call: test runners swap stderr)."""
    return Console(stderr=True, highlight=False)


def say(message: str, *, verbose_only: bool = False) -> None:
    """One line on stderr, unless ``--quiet`` (or, for ``verbose_only``, unless ``--verbose``)."""
    level = verbosity()
    if level == QUIET or (verbose_only and level < VERBOSE):
        return
    stderr_console().print(message, markup=False, soft_wrap=True)


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """How many articles ``kg.read.iter_articles(paths)`` will yield, for the ETA; None if unknown.

    Counts text files and the non-blank lines of JSON Lines files without parsing them (cheap next
    to spaCy); stdin and unreadable paths make the total unknown, and the bar then shows the rate
    without an ETA. The reader itself reports any error.
    """
    from kg.read import JSONL_SUFFIXES, is_article_file
    from kg.read.warc import is_warc

    total = 0
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-" or not path.exists():
            return None
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.is_file() and is_article_file(p)]
        else:
            files = [path]
        for f in files:
            if is_warc(f):
                return None  # how many of its records are articles is known only by reading it
            if f.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    return None
            else:
                total += 1
    return total


class RateColumn(ProgressColumn):
    """Items per second, e.g. ``3.2 articles/s``."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text(f"– {self.unit}/s", style="progress.data.speed")
        return Text(f"{speed:.1f} {self.unit}/s", style="progress.data.speed")


class ArticleProgress:
    """A progress bar over articles on stderr: done/total, articles/s, elapsed and ETA.

    Shown only when stderr is a terminal and the run is not ``--quiet``; otherwise every method
    is a no-op, so callers never branch. With ``--verbose`` each ``article_done`` also prints
    one line naming the article and its claims.
    """

    def __init__(
        self,
        description: str,
        total: int | None = None,
        *,
        unit: str = "articles",
        console: Console | None = None,
    ) -> None:
        self.description = description
        self.total = total
        self.unit = unit
        self.console = console or stderr_console()
        self.enabled = self.console.is_terminal and verbosity() != QUIET
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> ArticleProgress:
        if self.enabled:
            columns = [
                SpinnerColumn(),
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn() if self.total else TextColumn("{task.completed}"),
                TextColumn(self.unit),
                RateColumn(self.unit),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
            ]
            self._progress = Progress(*columns, console=self.console, transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task(self.description, total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
            self._progress = None

    def advance(self, n: int = 1, note: str | None = None) -> None:
        """Count ``n`` more items done; ``note`` is printed above the bar with ``--verbose``."""
        if note and verbosity() >= VERBOSE:
            self.console.print(note, markup=False, highlight=False, soft_wrap=True)
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def article_done(self, result) -> None:
        """Callback for ``build_store(progress=...)``: one ``ArticleResult`` finished."""
        claims = len(result.claims)
        self.advance(1, note=f"{result.article.id}: {claims} claim{'s' * (claims != 1)}")


def track(
    items: Iterable[T], description: str, *, total: int | None = None, unit: str = "articles"
) -> Iterator[T]:
    """Yield ``items`` while a progress bar counts them (see ``ArticleProgress``)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with ArticleProgress(description, total, unit=unit) as bar:
        for item in items:
            yield item
            bar.advance()


def summary_table(counts: Mapping[str, object], seconds: float | None = None) -> Table:
    """A one-row table of counts, with the time taken and the rate of the first count."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    row: list[str] = []
    for name, value in counts.items():
        table.add_column(name, justify="right")
        row.append(str(value))
    if seconds is not None:
        table.add_column("seconds", justify="right")
        row.append(f"{seconds:.1f}")
        first, value = next(iter(counts.items()), ("", None))
        if isinstance(value, int | float) and seconds > 0:
            table.add_column(f"{first}/s", justify="right")
            row.append(f"{value / seconds:.1f}")
    table.add_row(*row)
    return table


def print_summary(title: str, counts: Mapping[str, object], seconds: float | None = None) -> None:
    """The end-of-run summary table on stderr (nothing with ``--quiet``)."""
    if verbosity() == QUIET:
        return
    console = stderr_console()
    console.print(title, markup=False, soft_wrap=True)  # a long store path stays on one line
    console.print(summary_table(counts, seconds))
