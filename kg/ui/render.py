"""Human-readable terminal output: the claims table of ``kg extract --format table``.

The helpers ``as_written``, ``highlight`` and ``claim_console`` are shared by every command that
shows claims to a person (``kg extract --format table``, ``kg show``), so they all read alike:
the claimant as "written → resolved", the content highlighted inside its sentence, long text
wrapped rather than cut. On a terminal the highlight is colour; in a file or a pipe (no colour)
the content is marked ⟦like this⟧ so the highlight survives.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from typing import BinaryIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.types import ArticleResult, Claim

STYLES = {"content": "bold yellow", "cue": "bold cyan", "claimant": "magenta", "addressee": "green"}
PLAIN_MARKS = {"content": ("⟦", "⟧")}  # without colour only the content is marked
PLAIN_WIDTH = 120  # table width in files and pipes (a terminal uses its own width)


def as_written(written: str | None, resolved: str | None) -> str:
    """The claimant (or addressee) "as written → resolved"; just one of them when they agree."""
    written = (written or "").strip()
    resolved = (resolved or "").strip()
    if not written:
        return resolved or "—"
    if not resolved or _bare(written) == _bare(resolved):
        return written
    return f"{written} → {resolved}"


def _bare(name: str) -> str:
    """A name without case or a leading "the", to tell whether resolution changed it."""
    folded = name.casefold()
    return folded[4:] if folded.startswith("the ") else folded


def highlight(
    text: str,
    start: int,
    end: int,
    spans: Iterable[tuple[int, int, str]],
    *,
    color: bool,
) -> Text:
    """``text[start:end]`` with each ``(start, end, role)`` span styled (roles as in ``STYLES``).

    Offsets are code points into ``text``; spans outside the window are clipped. Line breaks
    become spaces so a table cell wraps the passage as one paragraph.
    """
    window = text[start:end].replace("\r", " ").replace("\n", " ")
    clipped = sorted(
        (max(s, start) - start, min(e, end) - start, role)
        for s, e, role in spans
        if e > start and s < end and e > s
    )
    if color:
        out = Text(window)
        for s, e, role in clipped:
            out.stylize(STYLES.get(role, "bold"), s, e)
        return out
    marks = [(s, e, PLAIN_MARKS[role]) for s, e, role in clipped if role in PLAIN_MARKS]
    pieces: list[str] = []
    at = 0
    for s, e, (opening, closing) in marks:
        if s < at:  # overlapping marks: keep the first
            continue
        pieces += [window[at:s], opening, window[s:e], closing]
        at = e
    pieces.append(window[at:])
    return Text("".join(pieces))


def claim_passage(text: str, claim: Claim, *, color: bool) -> Text:
    """The claim's sentence(s) with the content highlighted (and the cue, in colour)."""
    starts = [s.start for s in claim.content]
    ends = [s.end for s in claim.content]
    if claim.sentence is not None:
        starts.append(claim.sentence.start)
        ends.append(claim.sentence.end)
    else:
        starts.append(claim.cue.start)
        ends.append(claim.cue.end)
    spans = [(s.start, s.end, "content") for s in claim.content]
    spans.append((claim.cue.start, claim.cue.end, "cue"))
    if claim.source is not None:
        spans.append((claim.source.start, claim.source.end, "claimant"))
    return highlight(text, min(starts), max(ends), spans, color=color)


def claim_console(out: BinaryIO | None = None, width: int | None = None) -> tuple[Console, bool]:
    """A console writing into a buffer, and whether to colour: only when ``out`` is a terminal.

    Rich honours ``NO_COLOR``; the width is the terminal's, or ``PLAIN_WIDTH`` off a terminal.
    """
    is_tty = bool(out is not None and getattr(out, "isatty", lambda: False)())
    if width is None:
        width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if is_tty else PLAIN_WIDTH
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=is_tty,
        color_system="standard" if is_tty else None,
        highlight=False,
    )
    return console, is_tty


def _addressee(claim: Claim) -> str:
    if claim.addressee is None:
        return ""
    label = claim.addressee_entity.label if claim.addressee_entity else None
    return as_written(claim.addressee.text, label)


def claims_table(results: list[ArticleResult], out: BinaryIO, width: int | None = None) -> None:
    """One table per article: claimant (as written → resolved) and addressee, cue, the content
    highlighted in its sentence, kind. Cells wrap; nothing is cut."""
    console, color = claim_console(out, width)
    for result in results:
        text = result.article.text
        table = Table(
            title=f"{result.article.id}: {len(result.claims)} claims",
            caption=None if color else "⟦…⟧ marks the content inside its sentence",
            show_lines=True,
        )
        table.add_column("claimant → resolved\n(to addressee)", overflow="fold", max_width=26)
        table.add_column("cue", overflow="fold", max_width=16)
        table.add_column("content in its sentence", overflow="fold", ratio=1)
        table.add_column("kind", max_width=8)
        for claim in result.claims:
            who = as_written(
                claim.source.text if claim.source else None,
                claim.speaker.label if claim.speaker else None,
            )
            if claim.addressee is not None:
                who += f"\n(to {_addressee(claim)})"
            table.add_row(who, claim.cue.text, claim_passage(text, claim, color=color), claim.kind)
        console.print(table)
    out.write(console.file.getvalue().encode("utf-8"))  # type: ignore[attr-defined]
