"""Claim extraction: spaCy Doc -> ``RawClaim`` values (claimants not yet resolved).

Order of work per article (``candidates`` then ``finish``): find the quotations in the text; run
the per-sentence patterns (reporting verbs scored by the cue model, "according to", reporting
nouns); drop duplicates; then attach each quotation that no pattern took to the claim before it
(a split quote "“Q1,” he said. “Q2.”" becomes one claim with two content spans; a quote after a
colon becomes a claim with the same claimant). The pattern families are ``kg.extract.verbs``,
``kg.extract.according`` and ``kg.extract.nouns`` (sharing ``kg.extract.context``); quote
continuation is ``kg.extract.continuation``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from kg.extract.according import according_to
from kg.extract.boundaries import BoundaryModel, load_boundary_model, refine_claims
from kg.extract.claim_model import (
    ClaimModel,
    Rivals,
    claim_features,
    gated,
    load_claim_model,
    model_hash,
)
from kg.extract.claim_type import claim_type
from kg.extract.context import Context, kind_of
from kg.extract.continuation import (
    balanced_brackets,
    join_split_quotes,
    link_quoted_speakers,
    orphan_quotes,
    split_paragraphs,
)
from kg.extract.furniture import caption_spans, headline_label, speech_quotes
from kg.extract.intervals import SpanIndex
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.model import CueModel, load_cue_model
from kg.extract.nouns import noun_cues
from kg.extract.quotes import find_quotes
from kg.extract.signatures import (
    headline_claim,
    pull_quotes,
    signed_quotes,
    transcript_turns,
)
from kg.extract.spans import overlap
from kg.extract.spelling import americanize_lemmas
from kg.extract.verbs import verb_cues
from kg.types import Article, RawClaim, Span

LOOSE_RULES = ("object-", "rest-of-sentence")  # readings of loose structure (see _dedupe)
# patterns with their own cue threshold (kg.extract.context.RULE_MIN_PROBABILITY)
LOOSE_THRESHOLD_RULES = ("object-dobj", "object-prep", "object-xcomp", "rest-of-sentence")

__all__ = ["candidates", "extract_raw", "finish", "load_lexicon", "models_version"]


def models_version() -> str:
    """The learned models in use, for provenance: "cue <hash>; claim-gate <hash>" with a hash of
    each model's weights and configuration, or "none" (rules and lexicon only)."""
    parts = []
    cue = load_cue_model()
    if cue is not None:
        parts.append(f"cue {model_hash(cue.to_json())}")
    gate_model = load_claim_model()
    if gate_model is not None:
        parts.append(f"claim-gate {model_hash(gate_model.to_json())}")
    return "; ".join(parts) or "none"


def _length(claim: RawClaim) -> int:
    return sum(s.end - s.start for s in claim.content)


def _clashes(claim: RawClaim, other: RawClaim) -> bool:
    """Two readings of one act: same cue and mostly the same content, or one quote."""
    shared = sum(overlap(a, b) for a in claim.content for b in other.content)
    if overlap(claim.cue, other.cue) > 0 and shared > 0.5 * min(_length(claim), _length(other)):
        return True
    both_direct = claim.kind == "direct" and other.kind == "direct"
    return both_direct and shared > 0.8 * max(_length(claim), _length(other))  # one quote


def _dedupe(claims: list[RawClaim]) -> list[RawClaim]:
    """One claim per cue and content: the more confident of two overlapping readings wins.

    Only claims whose contents overlap can clash, so each claim is compared with those alone
    (found through a ``SpanIndex``): linear in the number of claims, not quadratic.
    """
    kept: list[RawClaim] = []
    contents = SpanIndex()
    for claim in sorted(claims, key=lambda c: -c.confidence):
        near = set().union(*(contents.overlapping(s.start, s.end) for s in claim.content))
        if any(_clashes(claim, kept[k]) for k in near):
            continue
        for s in claim.content:
            contents.add(s.start, s.end, len(kept))
        kept.append(claim)
    # a loose reading ("wrote to X to advise her against …") whose content holds another
    # claim's cue and content is that claim seen from outside: keep only the inner one
    by_cue = sorted((c.cue.start, i) for i, c in enumerate(kept))
    cue_starts = [start for start, _ in by_cue]

    def holds_another(i: int, c: RawClaim, s: Span) -> bool:
        for _, j in by_cue[bisect_left(cue_starts, s.start) : bisect_left(cue_starts, s.end)]:
            if kept[j].cue.start == c.cue.end + 1 or kept[j].rule in ("relative", "cleft"):
                # "is said" + "to have told S": a hedge and the act it hedges; "attacked
                # rivals for donations, which he said were bribes": a claim about the object
                continue
            if j != i and all(
                any(u.start <= t.start and t.end <= u.end for u in c.content)
                for t in kept[j].content
            ):
                return True
        return False

    out = []
    for i, c in enumerate(kept):
        if not c.rule.startswith(LOOSE_RULES):
            out.append(c)
            continue
        free = tuple(s for s in c.content if not holds_another(i, c, s))
        if len(free) == len(c.content):
            out.append(c)
        elif free and c.rule.startswith("rest-of-sentence") and free[0] == c.content[0]:
            # "S, he said, though he gave no names" / ", while the union said T": the rest
            # after the interrupting cue is another claim's; the sentence before is this one's
            out.append(replace(c, content=free))
    kept = out
    return sorted(kept, key=lambda c: (c.cue.start, c.content[0].start))


def _rekind(ctx: Context, claim: RawClaim) -> RawClaim:
    """A paraphrase whose edges the boundary model moved is mixed or not by its final spans
    ("called the vote" became "called the vote “a victory …”"); so is a quoted predicate whose
    content took in the clause's subject outside the marks ("Voters were “fed up,” said X")."""
    if claim.kind == "direct" and not (
        claim.rule.startswith("quote-complement") and ctx.quote_at(claim.content[0].start) is None
    ):
        return claim
    kind = kind_of(ctx, claim.content, None)
    return claim if kind == claim.kind else replace(claim, kind=kind)


def gate(ctx: Context, found: list[RawClaim], claim_model: ClaimModel) -> list[RawClaim]:
    """The candidates the claim gate keeps, each with the gate's score as its confidence."""
    rivals = Rivals(found)
    scored = [c for c in found if gated(c, ctx)]
    probs = claim_model.probabilities([claim_features(ctx, c, rivals) for c in scored])
    score = {id(c): p for c, p in zip(scored, probs, strict=True)}
    kept = []
    for claim in found:
        p = score.get(id(claim))
        if p is None:
            kept.append(claim)
        elif p >= claim_model.threshold:
            kept.append(replace(claim, confidence=round(p, 3)))
    return kept


def permissive(model: CueModel, threshold: float) -> CueModel:
    """The cue model with its thresholds lowered to ``threshold``: a claim gate after it
    decides which of the (many more) candidates are claims."""
    rules = {r: min(threshold, v) for r, v in model.rule_thresholds.items()}
    for rule in LOOSE_THRESHOLD_RULES:
        rules.setdefault(rule, threshold)
    return CueModel(model.weights, min(threshold, model.threshold), model.version, rules)


def candidates(
    article: Article,
    doc,
    lexicon: Lexicon,
    model: CueModel | None,
    claim_model: ClaimModel | None = None,
) -> tuple[Context, list, list[RawClaim]]:
    """Every claim the patterns propose, before deduplication and quote continuation. With a
    claim gate, the patterns propose more (``permissive``) and the gate picks."""
    if claim_model is not None and model is not None:
        model = permissive(model, claim_model.candidate_threshold)
    body_end = article.body_end if article.body_end is not None else len(article.text)
    captions = caption_spans(article.text, article.body_start, body_end)
    all_quotes = find_quotes(article.text, article.body_start, body_end)
    parsed_text = doc.text  # spaCy joins every token to make it: once, not once per quote
    titles = [
        (q.open_at, q.after) for q in all_quotes if headline_label(article.text, parsed_text, q)
    ]
    quotes = [
        q
        for q in speech_quotes(article.text, parsed_text, all_quotes)
        if not any(a <= q.open_at < b for a, b in captions)
    ]
    americanize_lemmas(doc, lexicon)  # "criticised" is read as the lexicon's "criticize"
    ctx = Context(article.text, doc, quotes, lexicon, model)
    # sentences with a word (``s.text.strip()``, without building each sentence's text)
    sentences = [s for s in doc.sents if not all(t.is_space for t in s)]
    # "according to" is in a quarter of articles: the others skip its pattern's token scan
    according = "according" in parsed_text.lower()
    found: list[RawClaim] = []
    for sent in sentences:
        if sent.end_char <= article.body_start or sent.start_char >= body_end:
            continue
        found.extend(verb_cues(ctx, sent))
        if according:
            found.extend(according_to(ctx, sent))
        found.extend(noun_cues(ctx, sent))
    found.extend(signed_quotes(ctx, article.body_start, body_end))
    found.extend(pull_quotes(ctx, article.body_start, body_end))
    found.extend(headline_claim(ctx, article.body_start, body_end))
    found.extend(transcript_turns(ctx, article.body_start, body_end))
    found = [
        c
        for c in found
        if not any(a <= c.cue.start < b for a, b in captions)
        and not any(a < s.end and s.start < b for a, b in titles for s in c.content)
    ]
    if claim_model is not None and model is not None:
        found = gate(ctx, found, claim_model)
    return ctx, sentences, found


def extract_raw(
    article: Article,
    doc,
    lexicon: Lexicon | None = None,
    model: CueModel | None | bool = True,
    claim_model: ClaimModel | None | bool = True,
) -> list[RawClaim]:
    """All claims found in one parsed article (``candidates`` then ``finish``).

    ``model=True`` uses the shipped (or ``$KG_CUE_MODEL``) cue model when there is one, and
    ``claim_model=True`` the shipped (or ``$KG_CLAIM_MODEL``) claim gate; pass models of your
    own, or ``None`` for rules and lexicon only.
    """
    lexicon = lexicon or load_lexicon()
    if model is True:
        model = load_cue_model()
    if claim_model is True:
        claim_model = load_claim_model()
    return finish(*candidates(article, doc, lexicon, model or None, claim_model or None))


def finish(
    ctx: Context,
    sentences: list,
    found: list[RawClaim],
    boundaries: BoundaryModel | None | bool = True,
) -> list[RawClaim]:
    """From candidates to claims: drop duplicates, attach continued and colon-introduced quotes,
    let the boundary model draw the content edges (``boundaries=True``: the shipped one, if
    any; ``None``: the rules' edges; claimant edges: ``boundaries.claimant_spans``), link nested
    speech to the claim that quotes it."""
    claims = _dedupe(orphan_quotes(ctx, join_split_quotes(_dedupe(found)), sentences))
    claims = split_paragraphs(ctx.text, claims)
    if boundaries is True:
        boundaries = load_boundary_model()
    claims = refine_claims(ctx.text, ctx.doc, ctx.quotes, claims, boundaries or None)
    claims = [_rekind(ctx, c) for c in balanced_brackets(ctx.text, claims)]
    # carried-over claims repeat their donor's claimant: point them at it for resolution
    first_with_cue: dict[Span, int] = {}
    for i, d in enumerate(claims):
        if not d.carried_over:
            first_with_cue.setdefault(d.cue, i)
    final = [
        replace(
            replace(c, inherit_from=first_with_cue.get(c.cue)) if c.carried_over else c,
            type=claim_type(ctx.text, c, ctx.lexicon),
        )
        for c in claims
    ]
    return link_quoted_speakers(final)
