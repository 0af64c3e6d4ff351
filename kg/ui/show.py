"""``kg show ENTITY``: an entity's profile (``kg.rdf.profile``) as readable text."""

from __future__ import annotations

import io
from typing import BinaryIO

from kg.rdf.profile import ROLES, Profile, ShownClaim
from kg.rdf.queries import compact_iri

ROLE_TITLES = {"by": "Claimed by", "about": "Claimed about", "to": "Said to"}


def _sentence(claim: ShownClaim):
    """The evidence sentence with the content spans in bold (the content alone if no sentence)."""
    from rich.text import Text

    if claim.sentence is None:
        return Text(f"“{claim.text}”", style="bold")
    start, sentence = claim.sentence
    text = Text(sentence)
    for s, e in claim.content:
        if start <= s and e <= start + len(sentence):
            text.stylize("bold yellow", s - start, e - start)
    return text


def render_profile(profile: Profile, out: BinaryIO, *, width: int | None = None) -> None:
    """A readable profile: header, then claims by / about / to the entity, per article."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    isatty = getattr(out, "isatty", lambda: False)()
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or (None if isatty else 100),
        force_terminal=isatty,
        no_color=not isatty,
        highlight=False,
    )
    name = profile.names[0] if profile.names else compact_iri(profile.iri)
    kinds = ", ".join(t.split(":")[-1] for t in profile.types)
    console.print(Text(f"{name}", style="bold"), Text(f"({kinds})  {profile.iri}"))
    if len(profile.names) > 1:
        console.print(Text("also named: " + "; ".join(profile.names[1:])))
    if profile.alternate_names:
        console.print(Text("written as: " + "; ".join(profile.alternate_names)))
    for same in profile.same_as:
        console.print(Text(f"same as: {same}"))
    publishers = sorted({p for a in profile.articles.values() for p in a.publishers})
    counts = ", ".join(f"{len(profile.by_role(r))} {ROLE_TITLES[r].lower()} it" for r in ROLES)
    console.print(
        Text(
            f"{counts.replace('claimed by it', 'claims made')}; in {len(profile.articles)} "
            f"article(s)" + (f" from {', '.join(publishers)}" if publishers else "")
        )
    )
    for role in ROLES:
        shown = profile.by_role(role)
        if not shown:
            continue
        console.print()
        console.rule(Text(f"{ROLE_TITLES[role]} {name} ({len(shown)})"), align="left")
        current = None
        for claim in shown:
            if claim.article != current:
                current = claim.article
                a = profile.articles[claim.article]
                where = ", ".join(x for x in (", ".join(sorted(a.publishers)), a.published) if x)
                title = f"{a.identifier}" + (f" — {a.headline}" if a.headline else "")
                console.print(Text(title + (f" ({where})" if where else ""), style="underline"))
            who = "; ".join(sorted(claim.claimants)) or "?"
            line = f"  {who} {claim.cue}"
            if claim.addressees:
                line += f" → {'; '.join(sorted(claim.addressees))}"
            console.print(Text(f"{line}  [{claim.kind}]  {compact_iri(claim.iri)}"))
            console.print(Padding(_sentence(claim), (0, 0, 0, 4), expand=False))
    if not profile.claims:
        console.print(Text("No claims by, about or to this entity."))
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    out.write(text.encode("utf-8"))
