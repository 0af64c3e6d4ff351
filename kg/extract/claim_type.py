"""What act a claim's cue reports: a statement, a belief, knowledge or an intention.

A user asking "everything X said" wants speech and writing, not "MPs want the backstop dropped"
or "she plans to apply"; the type lets them filter (docs/guidelines.md, "Claim types"). It is
derived, not learned: the cue lemma looked up in ``kg/data/claim_types.tsv`` (falling back to the
class column of the cue lexicon), then two constructions —
- an infinitive or a "for"/"on" complement turns a directive into an intention ("asked them to
  leave", "called for a ban"), while "asked whether …" stays a statement;
- a direct quotation is words somebody said: whatever cue introduces one ("“Come back,” she
  urged", "“It will fail,” she predicted", a quote floating after "she predicted that S"), it
  reports a statement.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import get_args

from kg.extract.lexicon import Lexicon
from kg.types import ClaimType, RawClaim

CLASS_TYPES: dict[str, ClaimType] = {
    "speech": "statement",
    "report": "statement",
    "question": "statement",
    "belief": "belief",
    "hedge": "belief",
    "intention": "intention",
}
INFINITIVE_RULES = ("object-xcomp",)
PREP_ENDINGS = frozenset({"for", "on", "to"})


@lru_cache(maxsize=1)
def load_claim_types() -> dict[str, tuple[ClaimType, ClaimType]]:
    """``{cue: (type, type with an infinitive)}`` from ``kg/data/claim_types.tsv``."""
    text = resources.files("kg.data").joinpath("claim_types.tsv").read_text("utf-8")
    rows = (line for line in io.StringIO(text) if line.strip() and not line.startswith("#"))
    table: dict[str, tuple[ClaimType, ClaimType]] = {}
    valid = get_args(ClaimType)
    for row in csv.reader(rows, delimiter="\t"):
        cue, kind = row[0].strip().lower(), row[1].strip()
        with_inf = row[2].strip() if len(row) > 2 and row[2].strip() else kind
        if kind not in valid or with_inf not in valid:
            raise ValueError(f"kg/data/claim_types.tsv: {cue!r} has an unknown type")
        table[cue] = (kind, with_inf)  # type: ignore[assignment]
    return table


def _infinitival(text: str, claim: RawClaim) -> bool:
    """The content is an infinitive or a prepositional object of the cue."""
    if claim.rule.startswith(INFINITIVE_RULES):
        return True
    first = claim.content[0]
    between = text[claim.cue.end : first.start].strip().lower()
    if first.text.lower().startswith("to ") or between.endswith(("to", "for", "on")):
        return True
    last_cue_word = claim.cue.text.lower().split()[-1]
    return last_cue_word in PREP_ENDINGS and first.start >= claim.cue.end


def claim_type(text: str, claim: RawClaim, lexicon: Lexicon | None = None) -> ClaimType:
    """The type of one raw claim (see the module docstring)."""
    table = load_claim_types()
    lemma = claim.cue_lemma.lower()
    words = claim.cue.text.lower().split()
    entry = None
    if len(words) > 1:
        entry = table.get(f"{lemma} {words[-1]}")  # "call for", "find out"
    entry = entry or table.get(lemma)
    if entry is None and lexicon is not None:
        info = lexicon.verb(lemma) or lexicon.noun(lemma)
        if info is not None and info.cls in CLASS_TYPES:
            entry = (CLASS_TYPES[info.cls], CLASS_TYPES[info.cls])
    if entry is None:
        return "statement"
    kind, with_inf = entry
    result = with_inf if _infinitival(text, claim) else kind
    if claim.kind == "direct":
        return "statement"  # a quotation is words somebody said ("“It will fail,” she predicted")
    return result
