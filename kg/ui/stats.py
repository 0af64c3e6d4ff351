"""``kg stats``: the numbers of ``kg.rdf.stats`` as a table for people or JSON for scripts."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from typing import BinaryIO

from kg.rdf.stats import Stats


def render_stats(stats: Stats, fmt: str, out: BinaryIO) -> None:
    """``table`` for people, ``json`` for scripts."""
    if fmt == "json":
        out.write(json.dumps(asdict(stats), indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, no_color=True, highlight=False)
    summary = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
    summary.add_column("what")
    summary.add_column("count", justify="right")
    summary.add_row("articles", str(stats.articles))
    summary.add_row("claims", str(stats.claims))
    for kind, n in stats.claims_by_kind.items():
        summary.add_row(f"  {kind}", str(n))
    summary.add_row("entities", str(sum(stats.entities_by_type.values())))
    for etype, n in stats.entities_by_type.items():
        summary.add_row(f"  {etype}", str(n))
    summary.add_row("publishers", str(len(stats.publishers)))
    summary.add_row("named graphs", str(stats.graphs))
    summary.add_row("triples (distinct)", str(stats.triples))
    summary.add_row("quads", str(stats.quads))
    console.print(summary)
    if stats.publishers:
        console.print()
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for col in ("publisher", "articles", "claims"):
            table.add_column(col, justify="left" if col == "publisher" else "right")
        for p in stats.publishers:
            table.add_row(p.name, str(p.articles), str(p.claims))
        console.print(table)
    if stats.possible_duplicates:
        console.print()
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("possible duplicates (kept apart)")
        table.add_column("why")
        for d in stats.possible_duplicates:
            table.add_row(" · ".join(d.names), d.reason)
        console.print(table)
    out.write(buffer.getvalue().encode("utf-8"))
