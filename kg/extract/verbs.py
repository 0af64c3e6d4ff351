"""Reporting verbs (``verb_cues``): a quote before or after the cue, a clausal complement
("said that S", "and that S"), an inverted "S, said X", and looser readings (an object, an
infinitive, a prepositional object, the rest of the sentence) that need a surer cue.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.data import words
from kg.extract.context import (
    OBJECT_CONTROL,
    SENDING_VERBS,
    STRIP_CONTENT,
    TO_ADDRESSEE_VERBS,
    Context,
    addressee_of,
    clause_span,
    cue_probability,
    cue_span,
    cue_threshold,
    inverted_clause,
    kind_of,
    lowest_rule_threshold,
    medium_nouns,
    questioned,
    rule_threshold,
    sentence_span,
    subject_of,
    tokens_before,
    under_passive_hedge,
)
from kg.extract.lexicon import ADDRESSEE_OBJECT_VERBS, OBJECT_CONTENT_VERBS
from kg.extract.quotes import ALL_MARKS, Quote, enclosing
from kg.extract.spans import (
    FIRST_SECOND_PERSON,
    ORG_HEADS,
    char_span,
    mention_for,
    overlap,
    token_range_span,
)
from kg.types import Mention, RawClaim, Span

COMPLEMENT_DEPS = ("ccomp",)
OBJECT_PREPS = words("object_preps")
CONTENT_PREPS = words("content_preps")
MIN_REST_WORDS = 4  # a shorter remainder of a sentence is not a claim ("he said on Monday")
FRONTED_MISPARSES = ("dep", "nsubj", "advcl", "npadvmod")
RELATIVE_PRONOUNS = frozenset({"what", "which", "that", "whom"})
# "tweeted in the early hours that S": time nouns a that-clause is misparsed onto
TIME_NOUNS = frozenset(
    "hours hour morning evening night day days week weeks interview weekend afternoon".split()
)
RAISING_VERBS = words("raising_verbs")
BELIEF_VERBS = words("belief_verbs")
ADVICE_VERBS = words("advice_verbs")
QUOTING_VERBS = words("quoting_verbs")
PERSONAL_SUBJECTS = frozenset("i you he she it we they".split())
CLAUSE_SUBJECTS = ("nsubj", "nsubjpass", "expl")
# prepositions of an adverbial that opens the reported clause ("said in his area, S"), unless
# their object is the occasion or medium of saying ("said in a statement, …", "on CNN")
CLAUSE_PREPS = frozenset({"in", "for", "despite", "among", "under", "without", "unlike"})
OCCASION_NOUNS = words("talk_nouns") | words("document_heads") | {"statement", "speech"}
SUBORDINATORS = frozenset({"when", "after", "before", "once", "while", "if", "since"})  # not "as"
INDEFINITES = frozenset("anything something everything nothing thing things".split())
CONSTRUCTION_CONFIDENCE = 0.6
# inside a quotation, only a verb of speech introduces nested speech ("called me and said, ‘…’")
NESTED_SPEECH_CLASSES = ("speech", "question")
# "who asked not to be named": a request for anonymity, not a claim
ANONYMITY = re.compile(r"(?:not )?to be (?:named|identified|quoted)\b", re.IGNORECASE)
QUOTE_GAP_AFTER = re.compile(r"[^.!?\n“”\"‘]{0,80}?[,:][ \t]*|[ \t]*")
QUOTE_GAP_PARAGRAPH = re.compile(r"[^.!?\n“”\"‘]{0,80}?:[ \t]*\n\s*")  # "said:" ¶ "…"
QUOTE_GAP_BEFORE_MAX = 80


def _quote_after(ctx: Context, verb, sentence) -> Quote | None:
    """A quote opening right after the cue ("said: ‘…’", "said, “…”")."""
    end = verb.idx + len(verb.text)
    reach = sentence.end_char + 2
    if ctx.text[end : sentence.end_char].rstrip().endswith(":"):
        # "the company said:" closing a paragraph, the quotation opening the next one
        reach = len(ctx.text) - len(ctx.text[sentence.end_char :].lstrip()) + 1
    for q in ctx.quotes.opening_in(end, reach):
        if ctx.quote_at(verb.idx) is q:
            continue
        gap = ctx.text[end : q.open_at]
        gap_verbs = [
            t
            for t in tokens_before(verb.doc, verb.i + 1, q.open_at)
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")
        ]
        if (QUOTE_GAP_AFTER.fullmatch(gap) or QUOTE_GAP_PARAGRAPH.fullmatch(gap)) and not gap_verbs:
            return q
        return None
    return None


def _quote_before(ctx: Context, verb, subject) -> Quote | None:
    """A quote closing right before the cue and its subject ("‘…,’ the officer added")."""
    start = verb.idx
    if subject is not None and subject.i < verb.i:
        if _comma_between(subject, verb):
            return None
        start = min(start, _subject_start(ctx, subject))
    best = None
    for q in ctx.quotes.closing_in(start - QUOTE_GAP_BEFORE_MAX, start):
        if ctx.quote_at(verb.idx) is not None and ctx.quote_at(verb.idx) is not enclosing(
            ctx.quotes, q.open_at, q.close_at
        ):
            continue
        gap = ctx.text[q.after : start]
        if re.fullmatch(r"[ \t,]*", gap) and (best is None or q.close_at > best.close_at):
            best = q
    if best is None or _ends_a_clause(ctx, verb, best):
        return None
    inner = ctx.text[best.start : best.end].rstrip().rstrip(ALL_MARKS).rstrip()
    if (
        inner.endswith((",", "?", "!", "—", "-", "…"))
        or ctx.text[best.after : start].strip() == ","
    ):
        return best
    if (
        inner.endswith(".")
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)
        and _opens_a_sentence(ctx.text, best.open_at)
    ):
        return best  # “… end.” he said — sloppy punctuation, but the verb has nothing else to say
    return None


def _opens_a_sentence(text: str, offset: int) -> bool:
    """The quotation opening at ``offset`` starts its paragraph or follows a sentence's end:
    'the warning is “due to the risk.” It also warns …' ends another sentence's clause."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset].rstrip()
    return not before or before[-1] in ".!?…" + ALL_MARKS


def _ends_a_clause(ctx: Context, verb, quote: Quote) -> bool:
    """ "The gunmen fired at them “like hunters,” he said": a quotation that ends a clause it
    opened inside, with no comma or colon before its opening mark, is a quoted fragment of
    what was said (the whole clause, a mixed content), not the whole of it. (After "In a
    statement, " or "She wrote: " the quotation is all of it.)"""
    before = ctx.text[verb.sent.start_char : quote.open_at].rstrip()
    if not before or before[-1] in ",:;—–-(….!?" or before[-1] in ALL_MARKS:
        return False  # "The minimum is … “One!” says the owner": the answer is what was said
    return sum(1 for ch in before if ch.isalpha()) > 0 and quote.open_at > verb.sent.start_char


def _subject_start(ctx: Context, subject) -> int:
    """Where the subject starts, for a quote closing right before it. The parser may hang the
    closing mark of a quote that opens the sentence on the subject (“Q,” Smith, the mayor,
    said); a closing mark of a quote inside the sentence (On “Face the Nation,” Sen. Ruiz …) is
    left on it, so that the title is not taken for the quote."""
    left = subject.left_edge
    while left.i < subject.i and left.text == ",":  # the quote's own comma (“Q,” Smith …)
        left = subject.doc[left.i + 1]
    if left.i < subject.i and left.is_quote:
        for q in ctx.quotes.closing_in(left.idx, left.idx + 1):
            opening = ctx.text[subject.sent.start_char : q.open_at]
            if not opening.strip():
                return subject.doc[left.i + 1].idx
    return subject.left_edge.idx


def _comma_between(subject, verb) -> bool:
    """ "“Q,” the minister warned, urging lawmakers to …": a participle whose subject it shares
    with an earlier verb, across a comma, takes no quote before it: the quote is that verb's."""
    if subject.head.i == verb.i:
        return False
    return any(t.text == "," for t in verb.doc[subject.right_edge.i + 1 : verb.i])


def _mostly_inside(root, quote: Quote) -> bool:
    toks = [t for t in root.subtree if not t.is_punct]
    inside = sum(1 for t in toks if quote.open_at < t.idx < quote.close_at)
    return inside * 2 > len(toks)


def _passive_non_expletive(verb) -> bool:
    """ "lessons are learnt": a passive cue whose subject is not an expletive "it" has no
    reported content of its own."""
    return any(c.dep_ == "nsubjpass" and c.lower_ != "it" for c in verb.children)


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
    if first.head.i != verb.i:  # "warned of more delays over the summer": first is a pobj
        toks.extend(_without_trailing_apposition(first))
    return sorted({t.i: t for t in toks}.values(), key=lambda t: t.i) or list(first.subtree)


def _object_content(ctx: Context, verb) -> tuple[Span, object, str] | None:
    """Content that is not a clause: an object ("criticized the plan"), an infinitive ("vowed to
    fight"), or a prepositional object ("called for a ban", "advise him against speaking")."""
    for dep in ("xcomp", "dobj", "prep"):
        for child in verb.children:
            if child.dep_ != dep or child.i < verb.i:
                continue  # "what they call X": a fronted object is not the content
            if dep == "dobj" and verb.lemma_.lower() in ADDRESSEE_OBJECT_VERBS:
                if child.lemma_.lower() in INDEFINITES or not any(
                    c.dep_ == "dative" and verb.i < c.i < child.i for c in verb.children
                ):
                    continue  # "told reporters": the object is the addressee (but in "told
                    # HuffPost Canada the rules …" the one told is the dative)
            if dep == "prep":
                if child.lower_ not in CONTENT_PREPS:
                    continue
                if child.lower_ == "to" and verb.lemma_.lower() in TO_ADDRESSEE_VERBS:
                    continue  # "wrote to the attorney general": the addressee, not the content
                target = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if target is None or target.ent_type_ in ("DATE", "TIME"):
                    continue  # "said on Monday": when, not what
                start_tok = target
            else:
                start_tok = child
            toks = _right_complements(verb, start_tok)
            span = token_range_span(ctx.text, toks, strip=STRIP_CONTENT + ".")
            if span is not None:
                return span, child, dep
    return None


def _relative_content(ctx: Context, verb, subject) -> tuple | None:
    """ "which Mr. Lee says is too costly", "what the senators said was a giveaway": a relative
    pronoun before the claimant belongs to the clause the cue reports, so the content is the
    pronoun and the rest of that clause after the cue (two spans)."""
    if subject is None or subject.i > verb.i:
        return None
    cleft = _pseudo_cleft(ctx, verb, subject)
    if cleft is not None:
        return cleft
    comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if comp is None:
        return None
    # the pronoun inside the reported clause, or (parsed as the cue's object) right before
    # the claimant: "what officials say is a record"
    wh = next(
        (
            t
            for t in [*comp.subtree, *verb.children]
            if t.i < subject.left_edge.i
            and t.lower_ in RELATIVE_PRONOUNS
            and t.dep_ in ("nsubj", "nsubjpass", "dobj")
            and (t.head.i != verb.i or t.i == subject.left_edge.i - 1)
        ),
        None,
    )
    if wh is None:
        return None
    rest = token_range_span(
        ctx.text, [t for t in comp.subtree if t.i > verb.i], strip=STRIP_CONTENT + "."
    )
    if rest is None:
        return None
    return ((Span(wh.idx, wh.idx + len(wh.text), wh.text), rest), None, "relative", comp)


def _pseudo_cleft(ctx: Context, verb, subject) -> tuple | None:
    """ "What the inspectors said is that the bridge was unsafe": the cue in a "what" clause
    that is the subject of a copula reports what follows the copula (without "is" and
    "that")."""
    head = verb.head
    if verb.dep_ != "csubj" or head.lemma_ != "be" or head.i < verb.i:
        return None
    wh = next(
        (c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ == "what"), None
    )
    if wh is None or wh.i > subject.i:
        return None
    comp = next(
        (c for c in head.children if c.dep_ in ("ccomp", "attr", "acomp") and c.i > head.i),
        None,
    )
    if comp is None:
        return None
    span = (
        clause_span(ctx, comp)
        if comp.dep_ == "ccomp"
        else token_range_span(ctx.text, list(comp.subtree), strip=STRIP_CONTENT + ".")
    )
    return None if span is None else ((span,), None, "cleft", comp)


def _rest_of_sentence(ctx: Context, verb, sentence) -> tuple[Span, ...] | None:
    """ "Growth will slow, he said." parsed with "said" as a parataxis, an adverbial clause or a
    bare root: the content is the sentence outside the cue's own subtree, on the side that is
    not the claimant's (the longest contiguous run), and, when the cue interrupts the clause
    between commas ("The pills have few uses, he says, and are meant …"), its rest too."""
    own = ({t.i for t in verb.subtree} - _misattached_rest(ctx, verb)) | _next_report(ctx, verb)
    runs: list[list] = [[]]
    for tok in sentence[: _subordinate_end(verb, sentence)]:
        if tok.i in own:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(tok)
    best = max(runs, key=lambda r: sum(1 for t in r if not t.is_punct and not t.is_space))
    words = [t for t in best if not t.is_punct and not t.is_space]
    if len(words) < MIN_REST_WORDS and not (len(words) >= 2 and _has_clause(best)):
        return None
    span = token_range_span(ctx.text, best, strip=STRIP_CONTENT + ".")
    if span is None:
        return None
    after = next((r for r in runs if r and r[0].i > verb.i and best[-1].i < verb.i), None)
    if after is not None and _continues_clause(after):
        rest = token_range_span(ctx.text, after, strip=STRIP_CONTENT + ".")
        if rest is not None:
            return (span, rest)
    return (span,)


def _subordinate_end(verb, sentence) -> int:
    """ "When Ellen told Cable she loved him, he fell silent": a cue in a fronted adverbial
    clause reports nothing past the comma that closes it (relative to ``sentence``)."""
    if (
        verb.dep_ != "advcl"
        or not verb.i < verb.head.i
        or not any(
            c.dep_ in ("mark", "advmod") and c.lower_ in SUBORDINATORS and c.i < verb.i
            for c in verb.children
        )
    ):
        return len(sentence)
    comma = next((t.i for t in sentence if t.i > verb.i and t.text == ","), None)
    return len(sentence) if comma is None else comma - sentence.start


def _misattached_rest(ctx: Context, verb) -> set[int]:
    """ "The pills have few uses, he says, and are meant …": a coordinated verb without a
    subject after an interrupting cue, which the parser hangs on the cue, goes on with the
    interrupted clause (not when it is a cue itself: "he said, and added that …")."""
    out: set[int] = set()
    for conj in verb.children:
        if (
            conj.dep_ == "conj"
            and conj.i > verb.i
            and verb.dep_ == "parataxis"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
            and not _speech_verb(ctx, conj)
        ):
            out.update(t.i for t in conj.subtree)
            out.update(c.i for c in verb.children if c.dep_ == "cc" and verb.i < c.i < conj.i)
    return out


def _next_report(ctx: Context, verb) -> set[int]:
    """ "The plan is flawed, she said, and added that S": the next reporting verb after an
    interrupting cue (coordinated with the clause it interrupts) is a claim of its own, not
    part of this one's content."""
    if verb.dep_ != "parataxis":
        return set()
    out: set[int] = set()
    for conj in verb.head.children:
        if conj.dep_ == "conj" and conj.i > verb.i and _speech_verb(ctx, conj):
            out.update(t.i for t in conj.subtree)
            out.update(
                c.i
                for c in verb.head.children
                if c.dep_ in ("cc", "punct") and verb.i < c.i < conj.i
            )
    return out


def _has_clause(run) -> bool:
    """A short run that is a clause all the same ("Growth will slow"): a verb with its subject
    in the run."""
    inside = {t.i for t in run}
    return any(
        t.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i in inside for c in t.children)
        for t in run
    )


def _speech_verb(ctx: Context, verb) -> bool:
    info = ctx.lexicon.verb(verb.lemma_)
    return info is not None and info.cls == "speech"


def _continues_clause(run) -> bool:
    """A run of words after an interrupting cue that goes on with the interrupted clause: it
    follows a comma and has a verb of its own ("…, he says, and are meant to …")."""
    first = run[0]
    after_comma = first.text == "," or (first.i > 0 and first.doc[first.i - 1].text == ",")
    words = [t for t in run if not t.is_punct and not t.is_space]
    return (
        after_comma
        and len(words) >= 3
        and words[0].lower_ != "according"  # "…, he said, according to the complaint"
        and any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") for t in run)
    )


def _explicit_construction(verb) -> bool:
    """Constructions that attribute by their grammar whatever the verb's corpus statistics:
    "quoted X as saying S", "leading the officer to believe S" (a belief given to the object
    of lead/prompt/cause) and "advise/warn/urge him against … / to …" (advice with its
    addressee)."""
    lemma = verb.lemma_.lower()
    if _quoted_as_saying(verb):
        return True
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


TELLING_VERBS = frozenset({"tell", "inform", "assure", "notify", "reassure", "remind", "brief"})
REALIS_PASSIVE = frozenset({"was", "were", "is", "are", "been", "has", "have", "had"})


def _told_in_the_passive(verb) -> bool:
    """ "Lawmakers were told in a briefing that S", "Staff have been informed that S": a
    telling whose addressee is the passive subject and whose teller is unstated. Whatever the
    claim gate makes of a claim without a claimant far from its content, the grammar says
    somebody told them S. (Not "will be told", "being told": nothing was told yet.)"""
    if verb.lemma_.lower() not in TELLING_VERBS or verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    if not any(c.dep_ == "auxpass" for c in aux):
        return False
    if any(c.lower_ not in REALIS_PASSIVE for c in aux) or any(
        c.dep_ == "agent" for c in verb.children
    ):
        return False  # "will be told"; "told by the minister" has its claimant (_reported_by)
    if not any(c.dep_ == "nsubjpass" and c.lower_ != "it" for c in verb.children):
        return False
    return any(c.dep_ == "ccomp" for c in verb.children) or bool(_medium_complements(verb))


def _quoted_as_saying(verb) -> bool:
    """ "The agency quoted the minister as saying S", "was cited as saying S": the words are
    the quoted person's, whatever the cue model makes of a participle after "as"."""
    head = verb.head
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and head.lower_ == "as"
        and head.head.lemma_.lower() in QUOTING_VERBS
        and any(c.dep_ == "ccomp" for c in verb.children)
    )


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
    own = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if own is not None and own.lower_ not in RELATIVE_PRONOUNS | {"who"}:
        # "two wounds that police said were not self-inflicted": police said so
        for comp in (c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i):
            if any(t.lower_ in RELATIVE_PRONOUNS and t.i < own.i for t in comp.subtree):
                return False
    head = verb.head
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
        return False
    left = verb.left_edge.i
    if verb.dep_ == "relcl" and left > head.i and verb.doc[left - 1].text in (",", "—", "–"):
        return False  # "union leaders, who said it would cost jobs": set off, it reports
    return head.lower_ in ("those", "people", "anyone", "everyone") or head.tag_ == "NNS"


def _claimant_mention(ctx: Context, subject, in_quote: bool) -> Mention | None:
    """The claimant mention of ``subject``. "Ana Reyes, who said S": the span stays the
    relative pronoun (as annotators mark it), but the mention names the person it stands for,
    so that resolution finds her."""
    if subject is None:
        return None
    mention = mention_for(ctx.text, subject, in_quote)
    head = subject.head.head
    if subject.lower_ == "who" and subject.head.dep_ == "relcl":
        head = _person_behind(head)
    if (
        mention is not None
        and subject.lower_ in ("who", "that")
        and subject.head.dep_ == "relcl"
        and head.pos_ == "PROPN"
        and head.i < subject.i
    ):
        named = mention_for(ctx.text, head, in_quote)
        if named is not None and named.kind == "name":
            return replace(named, span=mention.span)
    return mention


def _person_behind(head):
    """ "X, medical director of Ottawa's Bariatric Medical Institute, who writes …": "who" is a
    person, so when the parser hangs it on an organisation's name, the person that phrase
    describes (up through "of" and the apposition) is meant; else ``head`` itself."""
    if head.ent_type_ != "ORG" and head.lower_ not in ORG_HEADS:
        return head
    tok = head
    while tok.dep_ in ("pobj", "prep", "appos", "poss", "compound") and tok.head is not tok:
        tok = tok.head
        if tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON":
            return tok
    return head


def _reported_by(ctx: Context, verb):
    """ "The plan was criticised by unions", "X was accused by lawmakers of …": a passive
    reporting verb (a speech or report cue of the lexicon) whose by-agent names who reported;
    the agent's token, else None."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    info = ctx.lexicon.verb(verb.lemma_)
    if info is None or info.cls not in ("speech", "report"):
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN", "PRON"):
                return pobj
    return None


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
    if ctx.top_quote_at(verb.idx) is not None:
        return None
    if subject is None:  # “Is it fair?” asked a resident: the question is the verb's ccomp
        closing = ctx.quotes.closing_in(verb.idx - 4, verb.idx)
        quote = closing[-1] if closing else None
        if quote is None or ctx.text[quote.after : verb.idx].strip(" ,"):
            return None
    elif subject.i > verb.i:
        return None
    else:
        quote = ctx.top_quote_at(subject.idx)
    if quote is None or quote.close_at > verb.idx:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN"):
        return None
    first = verb.i + 1
    if first < len(verb.doc) and verb.doc[first].dep_ == "prt" and verb.doc[first].head == verb:
        first += 1  # “…,” points out the resident
    if obj.left_edge.i != first:
        return None  # only an object right after the verb ("reply the mayor …")
    return obj


def verb_cues(ctx: Context, sentence) -> list[RawClaim]:
    """Reporting verbs with a complement: direct quotes around the verb, ccomp paraphrase,
    coordinated "and that …" complements, and non-clausal contents (objects, infinitives,
    prepositional objects). A cue inside a quote counts only when it introduces a nested quote
    ("… called me and said, ‘…’"): annotators treat other words in a quote as the quote's."""
    claims: list[RawClaim] = []
    threshold = cue_threshold(ctx)
    for verb in ctx.tokens(sentence, ("VERB", "AUX")):  # what _gate lets through
        gate = _gate(ctx, verb, sentence, threshold)
        if gate is None:
            continue
        prob, explicit, verb_quote, q_after = gate
        in_quote = verb_quote is not None
        asked = None if in_quote else questioned(verb)
        subject = None if asked is not None else subject_of(verb)
        subject = _inverted_object(ctx, verb, subject) or subject
        if in_quote and subject is None:
            continue
        found = _contents(ctx, verb, sentence, subject, verb_quote, q_after)
        claimant, claimant_in_quote = subject, in_quote
        trailing = None if in_quote or asked is not None else _trailing_cue(ctx, verb, sentence)
        if trailing is not None and (
            not found or subject is None or subject.idx < trailing[0].end
        ):  # "S, Ortiz writes." parsed with S's subjects on "writes", "S, argued Lee."
            content, claimant = trailing
            claimant_in_quote = False
            found = [((content,), None, "rest-of-sentence", None)]
        found = [_with_resumed(ctx, verb, sentence, claimant, f) for f in found]
        if not explicit:
            found = [f for f in found if prob >= rule_threshold(ctx, f[2], threshold)]
        found = [f for f in found if not ANONYMITY.match(f[0][-1].text)]
        if not found:
            continue  # no reading: the claimant (a mention) is not worth drawing
        source = _claimant_mention(ctx, claimant, claimant_in_quote)
        if in_quote and source is not None and source.span.text.lower() in FIRST_SECOND_PERSON:
            continue  # "we recommend …" inside a quote is the quoted speaker's own assertion
        base = dict(
            cue_lemma=verb.lemma_.lower(), sentence=sentence_span(ctx, sentence), source=source
        )
        if asked is not None:  # a question put to somebody: a claim whatever the cue model says
            asked_of = mention_for(ctx.text, asked, False)
            found = [f for f in found if not f[2].startswith("quote")]
            claims += _claims(
                ctx, verb, found, base, max(prob, CONSTRUCTION_CONFIDENCE), True, asked_of
            )
            continue
        claims += _claims(ctx, verb, found, base, prob, explicit)
    return claims


NAME_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART"})
# words that resume what was said after a cue set off inside its sentence ("S1, he said,
# because S2"); not "who"/"a …" (about the claimant) nor "adding …" (the cue's own aside)
RESUMING = frozenset(
    {"because", "that", "while", "whereas", "although", "though", "unless", "rather", "before"}
)


def _with_resumed(ctx: Context, verb, sentence, claimant, reading: tuple) -> tuple:
    """ "He is leaning toward Kasich, he said, because he prizes electability": a cue set off
    by commas after the content, inside its sentence, is an aside; a subordinate clause after
    it resumes what was said and is a second content span (PolNeAR train: 13 of 14 so)."""
    content, quote, rule, root = reading
    if quote is not None or content[-1].end > verb.idx:
        return reading
    doc = verb.doc
    last = verb.i
    if claimant is not None and claimant.i > verb.i:
        last = max(last, claimant.right_edge.i)
    k = last + 1
    if k + 2 >= sentence.end or doc[k].text != "," or doc[k + 1].lower_ not in RESUMING:
        return reading
    if "," not in ctx.text[content[-1].end : doc[min(verb.i, last)].idx]:
        return reading  # the cue must be set off from the content before it
    toks = [t for t in doc[k + 1 : sentence.end] if not t.is_space]
    if toks[0].lower_ == "that" and toks[1].text != ",":
        toks = toks[1:]  # "It is no surprise, he said, that S": S (a leading "that" stays out)
    span = token_range_span(ctx.text, toks, strip=STRIP_CONTENT + ".")
    if span is None or "\n" in span.text or ctx.quote_at(span.start) is not None:
        return reading
    return ((*content, span), quote, rule, root)


def _trailing_cue(ctx: Context, verb, sentence) -> tuple[Span, object] | None:
    """ "S, Ortiz writes.", "S, argued Ann Lee, a pollster.": a speech verb in the last
    comma-led stretch of its sentence, with one noun phrase beside it (before or after) and
    nothing else but circumstances, reports the sentence before that comma, whatever the parser
    made of it (S's subjects hung on the verb, the name read as an adverb). Returns the content
    and the claimant's head token, or None."""
    info = ctx.lexicon.verb(verb.lemma_)
    if info is None or info.cls != "speech" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # not a participle: ", echoing Mr. Putin" is the subject's own claim
    doc = verb.doc
    reach = range(verb.i - 1, max(sentence.start, verb.i - 6) - 1, -1)
    comma = next((k for k in reach if doc[k].text == ","), None)
    if comma is None or comma <= sentence.start:
        return None
    end = sentence.end
    while end > verb.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    after = list(doc[verb.i + 1 : end])
    if any(t.pos_ in ("VERB", "AUX") for t in after):
        return None  # "X, says Khan, 27, seemed sincere": a clause follows, not a name
    stop = next((k for k, t in enumerate(after) if t.text == ","), len(after))
    before, beside = list(doc[comma + 1 : verb.i]), after[:stop]
    if any(t.is_quote for t in doc[comma + 1 : end]):
        return None
    before = [t for t in before if t.dep_ not in ("aux", "neg") and t.pos_ != "ADV"]
    beside = beside[: next((k for k, t in enumerate(beside) if t.pos_ == "ADP"), len(beside))]
    if not before and verb.lemma_.lower() in ADDRESSEE_OBJECT_VERBS:
        return None  # "S, his aide, Tad Devine, told reporters": those told are not the teller
    names = [run for run in (before, beside) if run]
    if len(names) != 1 or not all(t.pos_ in NAME_POS for t in names[0]):
        return None
    heads = [t for t in names[0] if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not heads:
        return None
    if any(t.ent_type_ in ("DATE", "TIME") for t in heads):
        return None  # "…,” said Tuesday": when, not who
    run = [t for t in doc[sentence.start : comma] if not t.is_space]
    words = [t for t in run if not t.is_punct]
    if len(words) < MIN_REST_WORDS or not _has_clause(run) or any(t.is_quote for t in run):
        return None  # the words before the comma must be a clause: "Ann Lee, a professor,
        # described the plan" is no "S, X said"
    content = token_range_span(ctx.text, run, strip=STRIP_CONTENT + ".")
    return None if content is None else (content, heads[-1])


def _gate(ctx: Context, verb, sentence, threshold: float):
    """(cue probability, explicit construction, the quote the verb is in, the quote after it)
    for a verb that may be a reporting cue; None for one that is not."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
        return None
    if verb.lower_ == "according":
        return None  # "according to X" has its own pattern
    if _defines_a_group(verb):
        return None
    verb_quote = ctx.top_quote_at(verb.idx)
    q_after = _quote_after(ctx, verb, sentence)
    explicit = False
    if verb_quote is not None:
        info = ctx.lexicon.verb(verb.lemma_)
        if q_after is None or info is None or info.cls not in NESTED_SPEECH_CLASSES:
            return None  # "should take ‘yes’ for an answer": a quoted word, not nested speech
        prob = 0.8
    else:
        prob = cue_probability(ctx, verb, False)
        # whatever the threshold (a claim gate's too)
        explicit = (
            _explicit_construction(verb)
            or _reported_by(ctx, verb) is not None
            or under_passive_hedge(ctx.lexicon, verb)
            or _told_in_the_passive(verb)
        )
        if explicit:
            prob = max(prob, CONSTRUCTION_CONFIDENCE)
        if prob < min(threshold, lowest_rule_threshold(ctx)):
            return None
    if ctx.model is None and _passive_non_expletive(verb):
        if not any(c.dep_ in COMPLEMENT_DEPS + ("agent",) for c in verb.children):
            return None  # without a model, "lessons are learnt" is not an attribution
    return prob, explicit, verb_quote, q_after


def _contents(ctx: Context, verb, sentence, subject, verb_quote, q_after) -> list:
    """(content spans, quote, rule, content root) for each reading of what ``verb`` reports:
    quotes around it, clausal complements, else an inverted clause, an object, the rest of
    the sentence."""
    in_quote = verb_quote is not None
    found: list[tuple[tuple[Span, ...], Quote | None, str, object]] = []
    relative = None if in_quote else _relative_content(ctx, verb, subject)
    if relative is not None:
        return [relative]
    q_before = _quote_before(ctx, verb, subject)
    for q, rule in ((q_before, "quote-cue-after"), (q_after, "quote-cue-before")):
        if q is not None:
            span = char_span(ctx.text, q.start, q.end)
            if span:
                found.append(((span,), q, rule, None))
    _complements(ctx, verb, verb_quote, found)
    inverted = inverted_clause(verb)
    if not found and not in_quote and inverted is not None:
        span = token_range_span(ctx.text, list(inverted[0].subtree), strip=STRIP_CONTENT + ".")
        if span is not None:
            found.append(((span,), None, "inverted", inverted[0]))
    if not found and not in_quote:
        obj = _object_content(ctx, verb)
        if obj is not None:
            span, root, dep = obj
            found.append(((span,), None, f"object-{dep}", root))
    if not found and not in_quote and _reported_by(ctx, verb) is not None:
        # "The claim was denied by the ministry": what was denied is the passive's subject
        raised = _raised_subject(ctx, verb)
        if raised is not None:
            found.append(((raised,), None, "object-dobj", None))
    if not found and not in_quote:
        rest = _rest_of_sentence(ctx, verb, sentence)
        if rest is not None:
            found.append((rest, None, "rest-of-sentence", None))
    return [_with_fronted(ctx, verb, subject, sentence, f) for f in found]


def _with_fronted(ctx: Context, verb, subject, sentence, reading: tuple) -> tuple:
    """ "Acts of protest, the mayor said, are acts of courage": the words before a claimant set
    off by commas open the content the cue interrupts, which then has two spans; so do they
    before a quotation that goes on in lower case ("Still, she said, “we must win”")."""
    content, quote, rule, root = reading
    # "That, the board said, “would help”": a quotation that goes on with a lower-case word
    # continues the sentence the words before the claimant begin, whatever they hang from
    goes_on = (
        rule == "quote-cue-before"
        and quote is not None
        and content[0].text.lstrip(ALL_MARKS + " ")[:1].islower()
    )
    if not goes_on and (
        quote is not None or rule not in ("complement", "rest-of-sentence") or len(content) != 1
    ):
        return reading
    if subject is None or not subject.i < verb.i < len(verb.doc) - 1:
        return reading
    doc, left = verb.doc, subject.left_edge.i
    if left - 1 <= sentence.start or doc[left - 1].text != ",":
        return reading
    if content[0].start <= verb.idx or "," not in ctx.text[verb.idx : content[0].start]:
        return reading  # the cue must sit between commas: ", the mayor said, …"
    fronted = [t for t in doc[sentence.start : left - 1] if not t.is_space]
    inside = {t.i for t in fronted}
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in fronted)
    for tok in fronted:
        head = tok.head
        in_content = content[0].start <= head.idx < content[0].end
        # "Taxes on fuel, Ms. Lee told reporters, will rise": a noun phrase hung on the cue
        misparsed = head.i == verb.i and tok.dep_ in FRONTED_MISPARSES and not has_verb
        if head.i not in inside and not in_content and not misparsed and not goes_on:
            return reading
    if not any(not t.is_punct for t in fronted) or ctx.quote_at(fronted[0].idx) is not None:
        return reading
    if goes_on and any(ch in ALL_MARKS for t in fronted for ch in t.text):
        return reading  # “Q1,” said X, D-Conn. Schumer, he said, “q2”: a missed sentence end
    span = token_range_span(ctx.text, fronted, strip=STRIP_CONTENT)
    return reading if span is None else ((span, *content), quote, rule, root)


# subordinators of purpose, cause and concession: a clause they open is the narrator's
# circumstance even when the parser hangs it on the cue as a complement
ADVERBIAL_MARKS = frozenset({"so", "because", "although", "though", "unless"})


def _adverbial(clause) -> bool:
    """ "told detectives he stole the plates so police could not track him", parsed with the
    "so" clause as the cue's complement: what was told is the clause before it."""
    return any(
        c.dep_ == "mark" and c.lower_ in ADVERBIAL_MARKS and c.i == clause.left_edge.i
        for c in clause.children
    )


def _that_clause(tok):
    """A clause opened by "that" hanging on ``tok`` (directly or through one "to X")."""
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" and g.i < c.i for g in c.children
        ):
            return c
        if c.dep_ == "relcl" and _complement_read_as_relative(c):
            return c
        if c.dep_ == "prep" and c.lower_ == "to":
            for g in c.children:
                if g.dep_ == "pobj" and (clause := _that_clause(g)) is not None:
                    return clause
    return None


def _complement_read_as_relative(clause) -> bool:
    """ "told in a briefing that the bridge would close": a that-clause after the medium of a
    claim, parsed as a relative clause with "that" as its object. Read as the complement when
    the clause has a subject of its own and the tense of reported speech (an auxiliary or a
    copula: "would close", "had fallen", "was unsafe"); "in a statement that the firm
    released" stays a relative clause."""
    first = clause.doc[clause.left_edge.i]
    if first.lower_ != "that" or first.dep_ not in ("dobj", "pobj") or first.head.i != clause.i:
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i > first.i for c in clause.children):
        return False
    return clause.lemma_ == "be" or any(c.dep_ in ("aux", "auxpass") for c in clause.children)


def _medium_complements(verb) -> list:
    """ "said in a statement that S", "tweeted in the early hours that S", "told a meeting of
    leaders that S" parsed with the that-clause on a noun after the verb: S is the verb's
    complement all the same. (Not on the object of other verbs: in "denied the claim that S",
    S is the claim's content.)"""
    if any(c.dep_ in COMPLEMENT_DEPS and not _adverbial(c) for c in verb.children):
        return []
    nouns = medium_nouns(verb) + [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.i > verb.i
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN" and g.lemma_.lower() in TIME_NOUNS
    ]
    if verb.lemma_.lower() in TO_ADDRESSEE_VERBS:  # "said in a note to clients that S"
        nouns += [
            g
            for c in verb.children
            if c.dep_ in ("prep", "dative") and c.lower_ == "to" and c.i > verb.i
            for g in c.children
            if g.dep_ == "pobj"
        ]
    found = []
    if verb.lemma_.lower() in ADDRESSEE_OBJECT_VERBS:
        for c in verb.children:
            if c.dep_ in ("dobj", "dative") and c.i > verb.i:
                nouns.append(c)
                nouns += [g for p in c.children if p.lower_ == "of" for g in p.children]
                found += _bare_clause(c)
    return [c for n in nouns if (c := _that_clause(n)) is not None] + found


def _bare_clause(addressee) -> list:
    """ "told the bank it had until March": a clause without "that" right after the addressee
    of a verb of telling, opened by a personal pronoun, that the parser read as a relative
    clause on the addressee. (Only after a noun that names somebody: after "anything" it is a
    relative clause.)"""
    out = []
    if addressee.pos_ not in ("NOUN", "PROPN") or addressee.lemma_.lower() in INDEFINITES:
        return out  # "wouldn't tell anything it doesn't know" is a relative clause
    for c in addressee.children:
        if c.dep_ != "relcl" or addressee.doc[c.left_edge.i - 1].is_punct:
            continue
        subject = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
        if (
            subject is not None
            and subject.i == c.left_edge.i
            and subject.lower_ in PERSONAL_SUBJECTS
            and not any(g.tag_ in ("WDT", "WP", "WRB") for g in c.children)
        ):
            out.append(c)
    return out


def _complements(ctx: Context, verb, verb_quote, found: list) -> None:
    """Clausal complements of ``verb`` ("said that S", "and that S") added to ``found``: a
    quote when the complement is mostly quoted, else the clause."""
    complements = [c for c in verb.children if c.dep_ in COMPLEMENT_DEPS and not _adverbial(c)]
    complements += _medium_complements(verb)
    complements += [
        c
        for c in verb.children
        if c.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
    ]
    for comp in complements:
        if verb_quote is not None and not verb_quote.contains(comp.idx):
            continue  # a cue inside a quote takes its content inside the same quote
        if _absolute(comp, found):
            continue
        q = ctx.top_quote_at(comp.idx)
        if q is not None and not _mostly_inside(comp, q):
            q = None  # a quoted fragment inside a paraphrase: mixed, not direct
        if q is not None and q is not verb_quote:
            if any(f[1] is q for f in found):
                continue
            span = char_span(ctx.text, q.start, q.end)
            clause = clause_span(ctx, comp, stop_at_quote=False)
            if (
                span
                and clause
                and verb.idx < clause.start < q.open_at
                and _subject_only(comp, clause.start, q.open_at)
            ):
                # "said the council's refusal “was meant to …”": the clause's subject,
                # outside the marks, is part of what was said
                span = char_span(ctx.text, clause.start, q.end) or span
            if span:
                found.append(((span,), q, "quote-complement", comp))
            continue
        if any(f[1] is not None and f[1].contains(comp.idx) for f in found):
            continue
        span = clause_span(ctx, comp)
        previous = found[-1] if found else None
        if span and verb_quote is None and previous and _goes_on(previous, comp, span, ctx.text):
            # "says he drank too much, used drugs and was …": the parser's second complement
            # goes on with the first, one content
            joined = char_span(ctx.text, previous[0][0].start, span.end, STRIP_CONTENT)
            if joined is not None:
                found[-1] = ((joined,), None, "complement", previous[3])
                continue
        if span and verb_quote is not None:
            span = char_span(
                ctx.text,
                max(span.start, verb_quote.start),
                min(span.end, verb_quote.end),
                STRIP_CONTENT,
            )
        if span and verb_quote is None:
            span = _to_closing_mark(ctx, _with_clause_adverbial(ctx, verb, comp, span))
        if span:
            found.append(((span,), None, "complement", comp))


def _with_clause_adverbial(ctx: Context, verb, comp, span: Span) -> Span:
    """ "Chapman says too often, that's not happening", "said in his area, a bust is …": an
    adverbial between the cue and its clause, set off from the clause by a comma, opens the
    clause (the parser hangs it on the cue). Not a time ("said Tuesday, …"), nor the medium
    or occasion of saying ("said in a statement, …", "said at a news conference, …")."""
    doc = verb.doc
    first = next((t.i for t in comp.subtree if not t.is_punct), comp.i)
    if first < 2 or doc[first - 1].text != "," or not verb.i < first:
        return span
    mods = [c for c in verb.children if verb.i < c.i < first - 1]
    if not mods or doc[first - 2].i != mods[-1].right_edge.i:
        return span
    for mod in mods:
        if mod.dep_ not in ("advmod", "prep") or mod.ent_type_ in ("DATE", "TIME"):
            return span
        if any(t.ent_type_ in ("DATE", "TIME") for t in mod.subtree):
            return span
        pobj = next((g for g in mod.children if g.dep_ == "pobj"), None)
        if mod.dep_ == "prep" and (
            mod.lower_ not in CLAUSE_PREPS
            or pobj is None
            or pobj.pos_ == "PROPN"
            or pobj.lemma_.lower() in OCCASION_NOUNS
        ):
            return span
    start = mods[0].left_edge
    cue = cue_span(ctx, verb)
    if start.idx < cue.end:
        return span
    return char_span(ctx.text, start.idx, span.end, STRIP_CONTENT) or span


def _to_closing_mark(ctx: Context, span: Span) -> Span:
    """ "said he was “very pleased with the ruling. This levels the field.”": a paraphrase
    that opens a quotation goes on to its closing mark, past the end of the parser's sentence
    (in the same paragraph), and over the quotations listed after it ("heard them shout,
    “Q1!” and “Q2!”")."""
    text, end = ctx.text, span.end
    opened = [q for q in ctx.quotes.opening_in(span.start, span.end) if q.depth == 0]
    q = next((q for q in opened if q.close_at > end and "\n" not in text[end : q.close_at]), None)
    while q is not None:
        end = q.end
        after = q.after
        q = next(iter(ctx.quotes.opening_in(after, after + 6)), None)
        if q is not None and (
            text[after : q.open_at].strip(" ,") not in ("", "and", "or")
            or "\n" in text[q.open_at : q.close_at]
        ):
            q = None
    if end == span.end:
        return span
    return char_span(text, span.start, end, STRIP_CONTENT) or span


def _subject_only(comp, start: int, end: int) -> bool:
    """Whether the words of clause ``comp`` from offset ``start`` to ``end`` are its subject
    and the little words around it (auxiliary, negation, adverb, "that")."""
    subjects = {t.i for c in comp.children if c.dep_ in CLAUSE_SUBJECTS for t in c.subtree}
    words = [t for t in comp.subtree if start <= t.idx < end and not t.is_punct]
    return bool(subjects) and all(
        t.i in subjects or t.dep_ in ("aux", "auxpass", "neg", "advmod", "mark") for t in words
    )


def _absolute(comp, found: list) -> bool:
    """ "“We will rebuild,” he said, his voice breaking": after a cue whose quote is its
    content, a participle with a subject and no auxiliary (an absolute clause) says how it
    was said, not what."""
    return (
        comp.i > comp.head.i
        and comp.tag_ in ("VBG", "VBN")
        and any(f[1] is not None and f[1].end <= comp.head.idx for f in found)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children)
        and not any(c.dep_ in ("aux", "auxpass", "mark") for c in comp.children)
    )


def _goes_on(previous: tuple, comp, span: Span, text: str) -> bool:
    """Whether clausal complement ``comp`` (text ``span``) continues the complement read just
    before it: both paraphrase, after the verb, the second not opened by a subordinator and
    apart from the first by a comma (or a comma and "and") only: one verb, one list of what
    it reports ("said the river rose, the road flooded and the roof gave way")."""
    content, quote, rule, root = previous
    if quote is not None or rule != "complement" or root is None or len(content) != 1:
        return False
    if not (root.dep_ == comp.dep_ == "ccomp" and root.head.i == comp.head.i < root.i < comp.i):
        return False
    if any(c.dep_ == "mark" for c in comp.children):
        return False
    gap = text[content[0].end : span.start].strip()
    return gap in (",", ", and", ",and", "and")


def _addressee_read_as_compound(ctx: Context, verb, content: tuple, root) -> tuple | None:
    """ "The union told Reuters voters deserved more": without "that", the parser reads the
    addressee's name as part of the clause's subject ("Reuters voters"), or the two as the
    object, leaving the clause without its subject. A name right after "told", hung as a
    compound on a common noun, is the addressee; the content starts at that noun. Returns
    (addressee, content), or None when the sentence has no such shape."""
    doc = verb.doc
    first = verb.i + 1
    if verb.lemma_.lower() not in ADDRESSEE_OBJECT_VERBS or len(content) != 1:
        return None
    end = first
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].dep_ == "compound":
        end += 1
    if end == first or end >= len(doc) or doc[end].pos_ != "NOUN" or doc[end - 1].head.i != end:
        return None
    noun = doc[end]
    subjectless = (
        noun.dep_ == "dobj"
        and noun.head == verb
        and root is not None
        and root.left_edge.i == end + 1
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
    )
    if content[0].start != doc[first].idx and not subjectless:
        return None
    rest = char_span(ctx.text, noun.idx, content[0].end, STRIP_CONTENT)
    if rest is None:
        return None
    in_quote = ctx.quote_at(verb.idx) is not None
    return mention_for(ctx.text, doc[end - 1], in_quote), (rest,)


def _claims(
    ctx: Context,
    verb,
    found: list,
    base: dict,
    prob: float,
    explicit: bool,
    asked_of: Mention | None = None,
):
    """The claims of ``verb``'s readings (``found``), with cue span, addressee and kind
    (``asked_of``: the addressee of a question participle, "Asked whether S, X said")."""
    claims = []
    raised = _raised_subject(ctx, verb)
    for content, quote, rule, root in found:
        addressee = asked_of or addressee_of(ctx, verb, root if rule.startswith("object") else None)
        split = (
            _addressee_read_as_compound(ctx, verb, content, root) if rule == "complement" else None
        )
        if split is not None:
            addressee, content = split
        if addressee is not None and base["source"] is not None:
            if overlap(addressee.span, base["source"].span):
                addressee = None  # “Why?” asked the mayor: the object is the asker
        prep = root if rule == "object-prep" else None
        claim_base = base
        if raised is not None and rule.startswith("object") and raised not in content:
            # "Trump is expected to win": the subject is part of what is expected (and with
            # a by-agent, "X was accused by Y of …", the agent is the claimant)
            content = (raised,) + content
            if _reported_by(ctx, verb) is None:
                claim_base = {**base, "source": None}
        cue = cue_span(ctx, verb, prep)
        source_span = claim_base["source"].span if claim_base["source"] else None
        if any(overlap(s, cue) or (source_span and overlap(s, source_span)) for s in content):
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
