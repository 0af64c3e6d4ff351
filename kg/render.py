"""Human-readable terminal output: the claims table of ``kg extract --format table``."""

from __future__ import annotations

import io
from typing import BinaryIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.types import ArticleResult, Claim


def _claimant(claim: Claim) -> str:
    written = claim.source.text if claim.source else "—"
    resolved = claim.speaker.label if claim.speaker else "?"
    return written if written == resolved else f"{written} → {resolved}"


def _addressee(claim: Claim) -> str:
    if claim.addressee is None:
        return ""
    if claim.addressee_entity and claim.addressee_entity.label != claim.addressee.text:
        return f"{claim.addressee.text} → {claim.addressee_entity.label}"
    return claim.addressee.text


def claims_table(results: list[ArticleResult], out: BinaryIO, width: int | None = None) -> None:
    """One table per article: claimant (as written → resolved), cue, content, addressee, kind."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=False, color_system=None)
    for result in results:
        table = Table(title=f"{result.article.id}: {len(result.claims)} claims", show_lines=True)
        table.add_column("claimant", overflow="fold", max_width=28)
        table.add_column("cue", overflow="fold", max_width=16)
        table.add_column("content", overflow="fold", ratio=1)
        table.add_column("addressee", overflow="fold", max_width=22)
        table.add_column("kind", max_width=8)
        for claim in result.claims:
            table.add_row(
                _claimant(claim),
                claim.cue.text,
                Text(claim.content_text),
                _addressee(claim),
                claim.kind,
            )
        console.print(table)
    out.write(buffer.getvalue().encode("utf-8"))
