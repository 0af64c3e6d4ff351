"""Attribution patterns on the spaCy dependency parse, one function per pattern family.

Each pattern returns ``RawClaim`` values with character spans; the orchestration (which quote is
already taken, carrying a claimant over to the next quote) lives in ``kg.extract.__init__``.
Dependency-label sets are constants at the top, as in textacy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.features import cue_features
from kg.extract.lexicon import ADDRESSEE_OBJECT_VERBS, OBJECT_CONTENT_VERBS, Lexicon
from kg.extract.model import CueModel
from kg.extract.quotes import ALL_MARKS, Quote, enclosing, outermost, quote_list
from kg.extract.spans import (
    FIRST_SECOND_PERSON,
    char_span,
    mention_for,
    token_range_span,
)
from kg.types import Mention, RawClaim, Span

COMPLEMENT_DEPS = ("ccomp",)
# Verbs whose object controls the subject of their infinitive ("leading the officer to believe").
OBJECT_CONTROL = frozenset(
    "lead persuade convince prompt cause force urge encourage ask tell".split()
)
# Verbs after which "called X and said" makes X the addressee of "said".
CONTACT_VERBS = frozenset(
    "call contact phone email text write approach ring telephone message".split()
)
# Verbs in a relative clause that make their "to" object the addressee ("report, sent to X").
SENDING_VERBS = frozenset("send submit give pass forward hand deliver present".split())
TO_ADDRESSEE_VERBS = frozenset(
    "say speak explain write complain report reveal admit confess tweet announce describe "
    "suggest mention insist plead repeat declare".split()
)
LEADING_MARKS = frozenset({"that", "how"})
CUE_LEFT_DEPS = ("aux", "auxpass", "neg", "advmod", "preconj")
# Prepositions that continue an object content ("praised him as a fighter", "asylum from X").
OBJECT_PREPS = frozenset("as from into to for of against with over about".split())
# Prepositions whose object is what was said, wanted or criticised ("called for a ban").
CONTENT_PREPS = frozenset("for against about on of over to with".split())
MIN_REST_WORDS = 4  # a shorter remainder of a sentence is not a claim ("he said on Monday")
LEXICON_THRESHOLD = 0.45  # without a cue model: lexicon precision needed to count a verb
NOUN_THRESHOLD = 0.45  # the same bar as verbs
NOUN_CONTENT_PREPS = frozenset("over about that regarding of for on against to".split())
RAISING_VERBS = frozenset("seem appear tend".split())
# Patterns that read content off looser structure need a surer cue (measured on PolNeAR train:
# their precision is half that of clausal complements).
RULE_MIN_PROBABILITY = {"object-dobj": 0.6, "object-prep": 0.7, "rest-of-sentence": 0.7}
BELIEF_VERBS = frozenset("believe think suspect conclude assume fear".split())
ADVICE_VERBS = frozenset("advise warn urge caution counsel".split())
CONSTRUCTION_CONFIDENCE = 0.6
STRIP_CONTENT = " \t\r\n,;:–—-"
# "who asked not to be named": a request for anonymity, not a claim
ANONYMITY = re.compile(r"(?:not )?to be (?:named|identified|quoted)\b", re.IGNORECASE)
QUOTE_GAP_AFTER = re.compile(r"[^.!?\n“”\"‘]{0,80}?[,:][ \t]*|[ \t]*")
QUOTE_GAP_BEFORE_MAX = 80


@dataclass
class Context:
    """What every pattern needs: the text, the parse, quotes, the lexicon, the cue model."""

    text: str
    doc: object
    quotes: list[Quote]
    lexicon: Lexicon
    model: CueModel | None = None

    def __post_init__(self) -> None:
        self.quotes = quote_list(self.quotes)  # indexed: lookups by offset are binary searches

    def quote_at(self, offset: int) -> Quote | None:
        return enclosing(self.quotes, offset, offset + 1)

    def top_quote_at(self, offset: int) -> Quote | None:
        return outermost(self.quotes, offset)


# --- small helpers -----------------------------------------------------------------------------


def sentence_span(ctx: Context, sentence) -> Span:
    """The sentence as a span of the article text (the parsed text has page furniture blanked)."""
    span = char_span(ctx.text, sentence.start_char, sentence.end_char)
    return span or Span(sentence.start_char, sentence.start_char, "")


def _inverted_clause(verb):
    """(clause, subject) for "The economy is weak, said Ann Lee" parsed with the clause as a
    second subject of "said"; None otherwise."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    before = [
        c for c in subjects if c.i < verb.i and any(t.pos_ in ("VERB", "AUX") for t in c.subtree)
    ]
    after = [c for c in subjects if c.i > verb.i]
    if before and after:
        return before[0], after[0]
    return None


def subject_of(verb, depth: int = 0):
    """The grammatical subject of ``verb``, following control and coordination up the tree.
    In an inverted "S, said X" misparsed with two subjects, X (after the verb) is the one."""
    inverted = _inverted_clause(verb)
    if inverted is not None:
        return inverted[1]
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    if depth > 3 or verb.dep_ == "ROOT":
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        return subject_of(head.head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl") and head.lemma_ in OBJECT_CONTROL:
        for child in head.children:
            if child.dep_ == "dobj":
                return child
    if verb.dep_ in ("xcomp", "advcl", "conj"):
        return subject_of(head, depth + 1)
    return None


def cue_span(ctx: Context, verb, content_prep=None) -> Span:
    """The cue as annotators draw it (docs/guidelines.md): the verb with its auxiliaries,
    negation and adverbs ("has repeatedly said", "added warily"), a governing verb it is the
    complement of ("began by talking about", "went on to explain"), a particle, and the
    preposition that introduces a prepositional content ("accused them of"). Circumstances
    ("said in a statement", "told Reuters on Monday") stay out: measured on PolNeAR train,
    including them loses more exact matches than it wins."""
    doc = verb.doc
    lo = verb.i
    # left: auxiliaries, negation, adverbs of the verb (with their own modifiers: "long ago
    # showed"), contiguous
    left = sorted(
        (c for c in verb.children if c.i < verb.i and c.dep_ in CUE_LEFT_DEPS), key=lambda c: -c.i
    )
    for c in left:
        if c.right_edge.i == lo - 1 and c.right_edge.i - c.left_edge.i < 3:
            lo = c.left_edge.i
    # a raising/control head: "have taken to saying", "is hard to say", "began by talking"
    infinitive = verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )  # "went on to explain" parsed as an adverbial clause
    if (verb.dep_ in ("xcomp", "pcomp") or infinitive) and verb.head.i < lo:
        head = verb.head if verb.dep_ in ("xcomp", "advcl") else verb.head.head
        between = doc[head.i + 1 : lo]
        if head.i < lo and len(between) <= 3 and head.pos_ in ("VERB", "AUX", "ADJ"):
            if all(
                t.dep_ in CUE_LEFT_DEPS + ("prep", "acomp") or t.head.i == head.i for t in between
            ):
                lo = head.i
                while (
                    lo - 1 >= 0
                    and doc[lo - 1].head.i == head.i
                    and doc[lo - 1].dep_ in CUE_LEFT_DEPS
                ):
                    lo -= 1
    hi = verb.i
    children = sorted((c for c in verb.children if c.i > verb.i), key=lambda c: c.i)
    for c in children:
        if c.left_edge.i != hi + 1:
            break
        is_content_prep = content_prep is not None and c.i == content_prep.i
        if c.dep_ == "prt" or is_content_prep:
            hi = c.i
            if is_content_prep:
                break
            continue
        if c.dep_ == "advmod" and c.pos_ == "ADV" and c.i == hi + 1 and c.ent_type_ == "":
            hi = c.i  # "added warily", "said recently"
            continue
        if c.dep_ in ("acomp", "oprd", "ccomp") and c.pos_ == "ADJ" and c.i == hi + 1:
            hi = c.i  # "made clear"
            continue
        break
    if content_prep is not None and hi < content_prep.i and content_prep.i - hi <= 4:
        hi = content_prep.i  # "accused Republicans of …"
    return token_range_span(ctx.text, doc[lo : hi + 1]) or Span(
        verb.idx, verb.idx + len(verb.text), verb.text
    )


def _excluded_clauses(root):
    """Trailing participle clauses (", leading X to believe …") that are the narrator's, not
    part of the reported content."""
    out = set()
    for tok in root.subtree:
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > root.i:
            prev = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
            if prev is not None and prev.text == ",":
                out.update(t.i for t in tok.subtree)
                out.add(prev.i)
    return out


def clause_span(ctx: Context, root, *, stop_at_quote: bool = True) -> Span | None:
    """The text of a complement clause: its subtree, without a leading that/how, a trailing
    narrator's clause, or a colon-introduced quote that follows it."""
    excluded = _excluded_clauses(root)
    toks = [t for t in root.subtree if t.i not in excluded]
    while toks and (toks[0].lower_ in LEADING_MARKS and toks[0].dep_ in ("mark", "advmod")):
        toks = toks[1:]
    if not toks:
        return None
    start = toks[0].idx
    end = max(t.idx + len(t.text) for t in toks)
    # contiguous part only: stop at the first gap left by an excluded clause
    ordered = sorted(t.i for t in toks)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b != a + 1 and any(i in excluded for i in range(a + 1, b)):
            end = root.doc[a].idx + len(root.doc[a].text)
            break
    if stop_at_quote:
        for q in ctx.quotes.opening_in(start + 1, end):
            if q.depth == 0:
                before = ctx.text[start : q.open_at].rstrip()
                if before.endswith(":"):
                    end = len(before) + start - 1
                    break
    return char_span(ctx.text, start, end, STRIP_CONTENT + ".")


def kind_of(ctx: Context, content: tuple[Span, ...], quote: Quote | None) -> str:
    if quote is not None:
        return "direct"
    for span in content:
        for q in ctx.quotes.opening_in(span.start, span.end):
            if q.close_at < span.end:
                return "mixed"
    return "indirect"


def addressee_of(ctx: Context, verb, content_root=None) -> Mention | None:
    """Whom the claim was addressed to: "told her", "said to reporters", "called me and said",
    "the report, which was sent to the Home Office"."""
    lemma = verb.lemma_.lower()
    in_quote = ctx.quote_at(verb.idx) is not None
    for child in verb.children:
        if child.dep_ in ("dative",) and child.pos_ in ("PRON", "PROPN", "NOUN"):
            return mention_for(ctx.text, child, in_quote)
        if child.dep_ == "dobj" and lemma in ADDRESSEE_OBJECT_VERBS:
            return mention_for(ctx.text, child, in_quote)
        if (
            child.dep_ in ("prep", "dative")
            and child.lower_ == "to"
            and lemma in TO_ADDRESSEE_VERBS
        ):
            for g in child.children:
                if g.dep_ == "pobj":
                    return mention_for(ctx.text, g, in_quote)
    if verb.dep_ == "conj" and verb.head.lemma_.lower() in CONTACT_VERBS:
        for child in verb.head.children:
            if child.dep_ == "dobj":
                return mention_for(ctx.text, child, in_quote)
    if content_root is not None:
        for tok in content_root.subtree:
            if tok.lemma_.lower() in SENDING_VERBS:
                for child in tok.children:
                    if child.dep_ in ("dative", "prep") and child.lower_ == "to":
                        for g in child.children:
                            if g.dep_ == "pobj":
                                return mention_for(ctx.text, g, in_quote)
    return None


def _quote_after(ctx: Context, verb, sentence) -> Quote | None:
    """A quote opening right after the cue ("said: ‘…’", "said, “…”")."""
    end = verb.idx + len(verb.text)
    for q in ctx.quotes.opening_in(end, sentence.end_char + 2):
        if ctx.quote_at(verb.idx) is q:
            continue
        gap = ctx.text[end : q.open_at]
        gap_verbs = [
            t
            for t in _tokens_before(verb.doc, verb.i + 1, q.open_at)
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")
        ]
        if QUOTE_GAP_AFTER.fullmatch(gap) and not gap_verbs:
            return q
        return None
    return None


def _tokens_before(doc, first: int, offset: int):
    """Tokens from index ``first`` on that start before character ``offset``."""
    for i in range(first, len(doc)):
        if doc[i].idx >= offset:
            return
        yield doc[i]


def _quote_before(ctx: Context, verb, subject) -> Quote | None:
    """A quote closing right before the cue and its subject ("‘…,’ the officer added")."""
    start = verb.idx
    if subject is not None and subject.i < verb.i:
        start = min(start, subject.left_edge.idx)
    best = None
    for q in ctx.quotes.closing_in(start - QUOTE_GAP_BEFORE_MAX, start):
        if ctx.quote_at(verb.idx) is not None and ctx.quote_at(verb.idx) is not enclosing(
            ctx.quotes, q.open_at, q.close_at
        ):
            continue
        gap = ctx.text[q.close_at + 1 : start]
        if re.fullmatch(r"[ \t,]*", gap) and (best is None or q.close_at > best.close_at):
            best = q
    if best is None:
        return None
    inner = ctx.text[best.start : best.end].rstrip().rstrip(ALL_MARKS).rstrip()
    if (
        inner.endswith((",", "?", "!", "—", "-", "…"))
        or ctx.text[best.close_at + 1 : start].strip() == ","
    ):
        return best
    if inner.endswith(".") and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
        return best  # “… end.” he said — sloppy punctuation, but the verb has nothing else to say
    return None


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _mostly_inside(root, quote: Quote) -> bool:
    toks = [t for t in root.subtree if not t.is_punct]
    inside = sum(1 for t in toks if quote.open_at < t.idx < quote.close_at)
    return inside * 2 > len(toks)


def _passive_non_expletive(verb) -> bool:
    """ "lessons are learnt": a passive cue whose subject is not an expletive "it" has no
    reported content of its own."""
    return any(c.dep_ == "nsubjpass" and c.lower_ != "it" for c in verb.children)


# --- patterns -----------------------------------------------------------------------------------


def cue_probability(ctx: Context, tok, in_quote: bool) -> float:
    """How likely ``tok`` heads a cue: the learned model if there is one, else the lexicon."""
    info = ctx.lexicon.noun(tok.lemma_) if tok.pos_ == "NOUN" else ctx.lexicon.verb(tok.lemma_)
    if ctx.model is not None:
        return ctx.model.probability(cue_features(tok, in_quote, info.precision if info else None))
    if info is None:
        return 0.0
    return info.precision if info.source != "manual" else max(info.precision, 0.6)


def _threshold(ctx: Context) -> float:
    """Cue score needed to consider a verb."""
    return LEXICON_THRESHOLD if ctx.model is None else ctx.model.threshold


def _rule_threshold(ctx: Context, rule: str, default: float) -> float:
    """The cue score a pattern needs: object and leftover-sentence readings need a surer cue
    word than clausal complements and quotes, which are strong evidence by themselves. The
    model file carries the values ``kg train`` chose; ``RULE_MIN_PROBABILITY`` is the fallback."""
    if ctx.model is None:
        return default
    if ctx.model.rule_thresholds:
        return ctx.model.rule_thresholds.get(rule, default)
    return RULE_MIN_PROBABILITY.get(rule, default)


def _lowest_rule_threshold(ctx: Context) -> float:
    if ctx.model is None:
        return 1.0
    tuned = ctx.model.rule_thresholds or RULE_MIN_PROBABILITY
    return min([*tuned.values(), ctx.model.threshold])


def _without_trailing_apposition(head) -> list:
    """An object without a comma-led apposition or relative clause at its end ("his support for
    Mr. Trump, the presumptive nominee" -> "his support for Mr. Trump")."""
    toks = list(head.subtree)
    for child in head.children:
        if child.i < head.i:
            continue
        prev = head.doc[child.left_edge.i - 1]
        cut: set[int] = set()
        if child.dep_ in ("appos", "relcl", "advcl") and prev.text == ",":
            cut = {t.i for t in child.subtree} | {prev.i}
        elif (
            child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX")
        ):
            # "to coalesce … and tried to make the case": a second action, not the content
            cut = {t.i for t in child.subtree}
            cut |= {c.i for c in head.children if c.dep_ == "cc" and c.i < child.i}
            if prev.text == ",":
                cut.add(prev.i)
        if cut:
            toks = [t for t in toks if t.i not in cut]
    return toks


def _right_complements(verb, first) -> list:
    """From ``first`` to the end of the verb's right-hand complements: "praised Smith as a
    fighter of terrorism", not just "Smith". Stops before a comma-led clause, a coordinated
    verb or a time expression."""
    toks = []
    for child in verb.children:
        if child.i < first.i:
            continue
        if child.dep_ in ("conj", "cc", "punct", "parataxis", "npadvmod", "mark"):
            if child.i > first.i:
                break
            continue
        if child.dep_ == "advcl" and (
            (child.left_edge.i > 0 and verb.doc[child.left_edge.i - 1].text == ",")
            or any(g.dep_ == "mark" for g in child.children)
        ):
            break  # ", leading to …", "because …": the writer's addition
        if child.dep_ == "prep" and child.i != first.i and child.lower_ not in OBJECT_PREPS:
            continue  # "endorsed Clinton during a call": circumstance, not content
        if child.i == first.i:
            toks.extend(_without_trailing_apposition(first))
        else:
            toks.extend(child.subtree)
    return sorted({t.i: t for t in toks}.values(), key=lambda t: t.i) or list(first.subtree)


def _object_content(ctx: Context, verb) -> tuple[Span, object, str] | None:
    """Content that is not a clause: an object ("criticized the plan"), an infinitive ("vowed to
    fight"), or a prepositional object ("called for a ban", "advise him against speaking")."""
    for dep in ("xcomp", "dobj", "prep"):
        for child in verb.children:
            if child.dep_ != dep or child.i < verb.i:
                continue  # "what they call X": a fronted object is not the content
            if dep == "dobj" and verb.lemma_.lower() in ADDRESSEE_OBJECT_VERBS:
                continue  # "told reporters": the object is the addressee
            if dep == "prep":
                if child.lower_ not in CONTENT_PREPS:
                    continue
                target = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if target is None:
                    continue
                start_tok = target
            else:
                start_tok = child
            toks = _right_complements(verb, start_tok)
            span = token_range_span(ctx.text, toks, strip=STRIP_CONTENT + ".")
            if span is not None:
                return span, child, dep
    return None


def _rest_of_sentence(ctx: Context, verb, sentence) -> Span | None:
    """ "Growth will slow, he said." parsed with "said" as a parataxis, an adverbial clause or a
    bare root: the content is the sentence outside the cue's own subtree, on the side that is
    not the claimant's (the longest contiguous run)."""
    own = {t.i for t in verb.subtree}
    if verb.dep_ in ("parataxis", "advcl", "conj") and verb.head.i not in own:
        own = {t.i for t in verb.subtree}
    runs: list[list] = [[]]
    for tok in sentence:
        if tok.i in own:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(tok)
    best = max(runs, key=lambda r: sum(1 for t in r if not t.is_punct and not t.is_space))
    words = [t for t in best if not t.is_punct and not t.is_space]
    if len(words) < MIN_REST_WORDS:
        return None
    return token_range_span(ctx.text, best, strip=STRIP_CONTENT + ".")


def _explicit_construction(verb) -> bool:
    """Constructions that attribute by their grammar whatever the verb's corpus statistics:
    "leading the officer to believe S" (a belief given to the object of lead/prompt/cause) and
    "advise/warn/urge him against … / to …" (advice with its addressee)."""
    lemma = verb.lemma_.lower()
    if (
        lemma in BELIEF_VERBS
        and verb.dep_ in ("xcomp", "advcl")
        and verb.head.lemma_ in OBJECT_CONTROL
    ):
        return any(c.dep_ == "dobj" for c in verb.head.children) and any(
            c.dep_ == "ccomp" for c in verb.children
        )
    if lemma in ADVICE_VERBS:
        has_addressee = any(c.dep_ in ("dobj", "dative") for c in verb.children)
        has_content = any(
            (c.dep_ == "prep" and c.lower_ == "against") or c.dep_ in ("xcomp", "ccomp")
            for c in verb.children
        )
        return has_addressee and has_content
    if lemma in OBJECT_CONTENT_VERBS:
        # "revealed the incident in his report, which was sent to the Home Office": a report
        # with its recipient named is a communication act even when nested in another claim
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return obj is not None and _sent_to(verb) is not None
    return False


def _sent_to(verb):
    """The recipient named by "to X" after a sending verb anywhere under ``verb``."""
    for tok in verb.subtree:
        if tok.lemma_.lower() in SENDING_VERBS or tok.i == verb.i:
            for child in tok.children:
                if child.dep_ in ("dative", "prep") and child.lower_ == "to":
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
    return None


def _defines_a_group(verb) -> bool:
    """ "voters who say the economy matters most", "those who said …", "Americans saying …":
    a reporting verb that picks out a group (poll language) rather than reporting what someone
    said."""
    if verb.dep_ not in ("relcl", "acl"):
        return False
    head = verb.head
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
        return False
    return head.lower_ in ("those", "people", "anyone", "everyone") or head.tag_ == "NNS"


def _raised_subject(ctx: Context, verb) -> Span | None:
    """The subject of a passive or raising cue ("Trump is expected to win", "they appear to
    agree"): it belongs to the content, and the claimant is unstated."""
    subj = None
    for c in verb.children:
        if c.dep_ == "nsubjpass" and c.lower_ != "it":
            subj = c
        elif c.dep_ == "nsubj" and verb.lemma_.lower() in RAISING_VERBS:
            subj = c
    if subj is None or subj.i > verb.i:
        return None
    return token_range_span(ctx.text, list(subj.subtree), strip=STRIP_CONTENT)


def _inverted_object(ctx: Context, verb, subject):
    """ "“No deal,” reply the mayor and her deputy.": the parser reads the quoted words as the
    subject and the claimants after the verb as its object. When the subject lies in a quote
    that closes before the verb, a noun-phrase object after the verb is the claimant."""
    if subject is None or subject.i > verb.i or ctx.top_quote_at(verb.idx) is not None:
        return None
    quote = ctx.top_quote_at(subject.idx)
    if quote is None or quote.close_at > verb.idx:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN") or obj.i != verb.i + 1 + sum(
        1 for c in obj.lefts
    ):
        return None  # only an object right after the verb ("reply the mayor …")
    return obj


def verb_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting verbs with a complement: direct quotes around the verb, ccomp paraphrase,
    coordinated "and that …" complements, and non-clausal contents (objects, infinitives,
    prepositional objects). A cue inside a quote counts only when it introduces a nested quote
    ("… called me and said, ‘…’"): annotators treat other words in a quote as the quote's."""
    claims: list[RawClaim] = []
    threshold = _threshold(ctx)
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
            continue
        if verb.lower_ == "according":
            continue  # "according to X" has its own pattern
        if _defines_a_group(verb):
            continue
        verb_quote = ctx.top_quote_at(verb.idx)
        in_quote = verb_quote is not None
        q_after = _quote_after(ctx, verb, sentence)
        explicit = False
        if in_quote:
            if q_after is None or ctx.lexicon.verb(verb.lemma_) is None:
                continue
            prob = 0.8
        else:
            prob = cue_probability(ctx, verb, False)
            explicit = prob < threshold and _explicit_construction(verb)
            if explicit:
                prob = max(prob, CONSTRUCTION_CONFIDENCE)
            if prob < min(threshold, _lowest_rule_threshold(ctx)):
                continue
        if ctx.model is None and _passive_non_expletive(verb):
            if not any(c.dep_ in COMPLEMENT_DEPS + ("agent",) for c in verb.children):
                continue  # without a model, "lessons are learnt" is not an attribution
        subject = subject_of(verb)
        subject = _inverted_object(ctx, verb, subject) or subject
        if in_quote and subject is None:
            continue
        source = mention_for(ctx.text, subject, in_quote) if subject is not None else None
        if in_quote and source is not None and source.span.text.lower() in FIRST_SECOND_PERSON:
            continue  # "we recommend …" inside a quote is the quoted speaker's own assertion
        sent = sentence_span(ctx, sentence)
        base = dict(cue_lemma=verb.lemma_.lower(), sentence=sent, source=source)

        found: list[tuple[tuple[Span, ...], Quote | None, str, object]] = []
        q_before = _quote_before(ctx, verb, subject)
        for q, rule in ((q_before, "quote-cue-after"), (q_after, "quote-cue-before")):
            if q is not None:
                span = char_span(ctx.text, q.start, q.end)
                if span:
                    found.append(((span,), q, rule, None))
        complements = [c for c in verb.children if c.dep_ in COMPLEMENT_DEPS]
        complements += [
            c
            for c in verb.children
            if c.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ]
        for comp in complements:
            if verb_quote is not None and not verb_quote.contains(comp.idx):
                continue  # a cue inside a quote takes its content inside the same quote
            q = ctx.top_quote_at(comp.idx)
            if q is not None and not _mostly_inside(comp, q):
                q = None  # a quoted fragment inside a paraphrase: mixed, not direct
            if q is not None and q is not verb_quote:
                if any(f[1] is q for f in found):
                    continue
                span = char_span(ctx.text, q.start, q.end)
                if span:
                    found.append(((span,), q, "quote-complement", comp))
                continue
            if any(f[1] is not None and f[1].contains(comp.idx) for f in found):
                continue
            span = clause_span(ctx, comp)
            if span and verb_quote is not None:
                span = char_span(
                    ctx.text,
                    max(span.start, verb_quote.start),
                    min(span.end, verb_quote.end),
                    STRIP_CONTENT,
                )
            if span:
                found.append(((span,), None, "complement", comp))
        inverted = _inverted_clause(verb)
        if not found and not in_quote and inverted is not None:
            span = token_range_span(ctx.text, list(inverted[0].subtree), strip=STRIP_CONTENT + ".")
            if span is not None:
                found.append(((span,), None, "inverted", inverted[0]))
        if not found and not in_quote:
            obj = _object_content(ctx, verb)
            if obj is not None:
                span, root, dep = obj
                found.append(((span,), None, f"object-{dep}", root))
        if not found and not in_quote:
            rest = _rest_of_sentence(ctx, verb, sentence)
            if rest is not None:
                found.append(((rest,), None, "rest-of-sentence", None))
        raised = _raised_subject(ctx, verb)
        if not explicit:
            found = [f for f in found if prob >= _rule_threshold(ctx, f[2], threshold)]
        found = [f for f in found if not ANONYMITY.match(f[0][-1].text)]
        for content, quote, rule, root in found:
            addressee = addressee_of(ctx, verb, root if rule.startswith("object") else None)
            prep = root if rule == "object-prep" else None
            claim_base = base
            if raised is not None and rule.startswith("object"):
                # "Trump is expected to win": the subject is part of what is expected
                content = (raised,) + content
                claim_base = {**base, "source": None}
            cue = cue_span(ctx, verb, prep)
            source_span = claim_base["source"].span if claim_base["source"] else None
            if any(_overlap(s, cue) or (source_span and _overlap(s, source_span)) for s in content):
                continue  # content never holds its own cue or claimant
            kind = kind_of(ctx, content, quote)
            claims.append(
                RawClaim(
                    **claim_base,
                    cue=cue,
                    content=content,
                    kind=kind,
                    rule=f"{rule}+construction" if explicit else rule,
                    confidence=round(min(0.99, prob), 3),
                    addressee=addressee,
                )
            )
    return claims


def according_to(ctx: Context, sentence) -> list[RawClaim]:
    """ "According to X, S" / "S, according to X": the cue is "according to", the content is
    the rest of the sentence."""
    claims = []
    for tok in sentence:
        if (
            tok.lower_ != "according"
            or tok.i + 1 >= len(ctx.doc)
            or ctx.doc[tok.i + 1].lower_ != "to"
        ):
            continue
        to = ctx.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase_end = max(t.idx + len(t.text) for t in pobj.subtree)
        cue = Span(tok.idx, to.idx + len(to.text), ctx.text[tok.idx : to.idx + len(to.text)])
        parts = []
        left = char_span(ctx.text, sentence.start_char, tok.idx, STRIP_CONTENT)
        right = char_span(ctx.text, phrase_end, sentence.end_char, STRIP_CONTENT + ".")
        for part in (left, right):
            if part is not None and len(part.text) > 12:
                parts.append(part)
        if not parts:
            continue
        source = mention_for(ctx.text, pobj, ctx.quote_at(tok.idx) is not None)
        content = tuple(parts)
        claims.append(
            RawClaim(
                cue=cue,
                cue_lemma="according to",
                content=content,
                kind=kind_of(ctx, content, None),
                rule="according-to",
                confidence=0.85,
                sentence=sentence_span(ctx, sentence),
                source=source,
            )
        )
    return claims


def _lexicon_phrase(ctx: Context, noun) -> bool:
    """A verb + noun cue listed in the lexicon ("raise concern", "express concern")."""
    if noun.dep_ != "dobj":
        return False
    return (noun.head.lemma_.lower(), noun.lemma_.lower()) in ctx.lexicon.phrases


def noun_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting nouns: "X's claim that S", "raised concerns over S", "a statement saying S"."""
    claims = []
    for noun in sentence:
        if noun.pos_ != "NOUN":
            continue
        in_quote = ctx.quote_at(noun.idx) is not None
        if in_quote:
            continue
        prob = cue_probability(ctx, noun, False)
        if prob < NOUN_THRESHOLD and not _lexicon_phrase(ctx, noun):
            continue
        governor = noun.head if noun.dep_ == "dobj" else None
        content_root = None
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                content_root = child
            elif child.dep_ == "acl" and child.tag_ in ("VB", "VBG") and content_root is None:
                content_root = child  # "plans to cut taxes", "a statement saying …"
            elif (
                child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and content_root is None
            ):
                content_root = next((g for g in child.children if g.dep_ == "pobj"), None)
        if content_root is None:
            continue
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        subject = None
        if governor is not None and governor.pos_ == "VERB":
            subject = subject_of(governor)
        if (
            subject is None
            and poss is not None
            and poss.lower_ not in ("his", "her", "their", "its")
        ):
            subject = poss
        if subject is None and poss is not None:
            subject = poss
        cue_tokens = [noun]
        if governor is not None and governor.pos_ == "VERB":
            cue_tokens = [t for t in sentence if governor.i <= t.i <= noun.i]
        cue = token_range_span(ctx.text, cue_tokens)
        content = clause_span(ctx, content_root)
        if content is None or cue is None:
            continue
        if governor is not None:
            # "raising concerns over X and that Y": a coordinated that-clause continues the content
            heads = [governor] + ([governor.head] if governor.dep_ == "pcomp" else [])
            for c in (c for h in heads for c in h.children):
                if c.dep_ == "conj" and any(
                    g.lower_ == "that" and g.dep_ == "mark" for g in c.children
                ):
                    tail = clause_span(ctx, c)
                    if tail and tail.end > content.end:
                        content = Span(content.start, tail.end, ctx.text[content.start : tail.end])
        source = mention_for(ctx.text, subject, in_quote) if subject is not None else None
        claims.append(
            RawClaim(
                cue=cue,
                cue_lemma=noun.lemma_.lower(),
                content=(content,),
                kind=kind_of(ctx, (content,), None),
                rule="noun-cue",
                confidence=round(max(prob, 0.3), 3),
                sentence=sentence_span(ctx, sentence),
                source=source,
            )
        )
    return claims
