"""What every pattern family uses: the ``Context`` of an article (text, parse, quotes, lexicon,
cue model), the subject of a verb, the cue and clause spans as annotators draw them, the kind of
a claim, its addressee, and how sure a cue is. Dependency-label sets are constants at the top, as
in textacy; word lists that are vocabulary, not grammar, come from ``kg/data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kg.data import words
from kg.extract.features import cue_features
from kg.extract.lexicon import ADDRESSEE_OBJECT_VERBS, Lexicon
from kg.extract.model import CueModel
from kg.extract.quotes import Quote, enclosing, outermost, quote_list
from kg.extract.spans import (
    char_span,
    mention_for,
    token_range_span,
)
from kg.types import Mention, Span

OBJECT_CONTROL = words("object_control")
CONTACT_VERBS = words("contact_verbs")
SENDING_VERBS = words("sending_verbs")
TO_ADDRESSEE_VERBS = words("to_addressee_verbs")
QUESTION_PARTICIPLES = words("question_participles")
TALK_NOUNS = words("talk_nouns")
TALK_VERBS = frozenset({"speak", "talk"})
REDUCED_CLAUSE_WORDS = frozenset({"when", "if", "after", "once", "while"})
LEADING_MARKS = frozenset({"that"})  # "how" stays: "recalled how he met X" (PolNeAR)
# Prepositions of the medium a claim was made in ("said in a statement that S", "wrote in a
# letter to X that S", "said on Twitter that S"): the parser may hang the that-clause, or the
# addressee, on the medium's noun instead of the verb.
MEDIUM_PREPS = frozenset("in on through via during".split())
MISREAD_NAME_DEPS = ("advmod", "npadvmod", "dep", "nmod", "intj")
CUE_LEFT_DEPS = ("aux", "auxpass", "neg", "advmod", "preconj")
LEXICON_THRESHOLD = 0.45  # without a cue model: lexicon precision needed to count a verb
# Patterns that read content off looser structure need a surer cue (measured on PolNeAR train:
# their precision is half that of clausal complements).
RULE_MIN_PROBABILITY = {"object-dobj": 0.6, "object-prep": 0.7, "rest-of-sentence": 0.7}
STRIP_CONTENT = " \t\r\n,;:–—-"
CLOSING_PUNCT = " .,;:!?…"  # what may stand between a content's last word and a closing mark


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

    @cached_property
    def pos(self) -> list[str]:
        """Each token's ``pos_``, read off the parse at once: the patterns' token loops skip
        the wrong parts of speech without making a token object for each."""
        ids = self.doc.to_array("POS").tolist()
        names = {k: self.doc.vocab.strings[k] for k in set(ids)}  # a few kinds: look up once
        return [names[k] for k in ids]

    def tokens(self, sentence, pos: tuple[str, ...]):
        """The sentence's tokens whose ``pos_`` is one of ``pos``, in order."""
        tags, doc = self.pos, self.doc
        return (doc[i] for i in range(sentence.start, sentence.end) if tags[i] in pos)

    def top_quote_at(self, offset: int) -> Quote | None:
        return outermost(self.quotes, offset)


def sentence_span(ctx: Context, sentence) -> Span:
    """The sentence as a span of the article text (the parsed text has page furniture blanked)."""
    span = char_span(ctx.text, sentence.start_char, sentence.end_char)
    return span or Span(sentence.start_char, sentence.start_char, "")


def inverted_clause(verb):
    """(clause, subject) for "The economy is weak, said Ann Lee" (or "“Safety,” said Grimm")
    parsed with the clause (the words set off before the verb) as a second subject of "said";
    None otherwise."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    before = [
        c
        for c in subjects
        if c.i < verb.i
        and (any(t.pos_ in ("VERB", "AUX") for t in c.subtree) or _set_off_before(c, verb))
    ]
    # the claimant: after the verb, or between the set-off words and the verb ("“Safety,” Liam
    # O'Connor, a farmer, said" parsed with two subjects)
    after = [c for c in subjects if before and c.i > before[0].i]
    if before and after:
        return before[0], after[0]
    for c in subjects:
        joined = _joined_after_quote(c) if c.i < verb.i else None
        if joined is not None:
            return c, joined
    return None


def _joined_after_quote(subject):
    """ "“Safety,” Mateo Herrera, the mayor, said" parsed as the coordination "Safety … Mateo
    Herrera" (or as an apposition): a conjunct, or a name in apposition, after a closing
    mark with only punctuation before it, is the claimant."""
    doc = subject.doc
    for conj in subject.children:
        if conj.i < subject.i or not (
            conj.dep_ == "conj" or (conj.dep_ == "appos" and conj.pos_ == "PROPN")
        ):
            continue
        first = next((t.i for t in conj.subtree if not t.is_punct), conj.i)
        last = max((t.i for t in subject.subtree if t.i < first and not t.is_punct), default=-1)
        if last < 0:
            continue
        between = doc[last + 1 : first]
        if all(t.is_punct for t in between) and any(t.is_quote for t in between):
            return conj
    return None


def _set_off_before(subject, verb) -> bool:
    """ "“Safety,” said Grimm", "Lower taxes, said Grimm", "“Safety,” Grimm said": the words
    read as a subject end in a comma or a closing mark, followed by the verb or by the verb's
    other subject."""
    doc = subject.doc
    end = subject.right_edge.i + 1
    while end < verb.i and doc[end].is_punct:
        end += 1
    marks = doc[subject.right_edge.i : end]  # (the comma or mark may hang on the subject)
    if not any(t.is_punct and (t.is_quote or t.text == ",") for t in marks):
        return False
    return end == verb.i or any(  # (the other subject may hold the closing mark)
        subject.right_edge.i < c.left_edge.i <= end
        for c in verb.children
        if c.dep_ == "nsubj" and c is not subject
    )


def _quoted_as(verb, saying):
    """ "The minister was quoted as saying S", "The agency quoted the minister as saying S":
    the one quoted (the passive subject, or the object before "as") is the one who says."""
    passive = _passive_subject(verb)
    if passive is not None or saying.tag_ != "VBG":
        return passive
    return next((c for c in verb.children if c.dep_ == "dobj" and c.i < saying.i), None)


def _passive_subject(verb):
    """ "The minister was quoted as saying S": the subject of the passive verb the "as"
    hangs on is the one who says."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _interrupting_participle(verb, subject) -> bool:
    """ "The CEO, asked whether …, said S" misparsed with the CEO as the subject of "asked":
    a verb right after "subject," that hangs on a later verb without a subject of its own is a
    participle set off by commas, and the subject is that later verb's."""
    doc = verb.doc
    return (
        verb.dep_ == "advcl"
        and subject.i < verb.i
        and doc[verb.i - 1].text == ","
        and subject.right_edge.i in (verb.i - 2, verb.i - 1)
        and verb.head.i > verb.i
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.head.children)
    )


def _subject_of_interruption(verb):
    """The subject written before an interrupting participle ("The CEO, asked whether …,
    said S"), for the verb the participle hangs on."""
    for child in verb.children:
        if child.dep_ == "advcl" and child.i < verb.i:
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None and _interrupting_participle(child, subject):
                return subject
    return None


def questioned(verb):
    """ "Asked whether S, Johnson said …", "…, said Petrova, when asked how S", "The CEO, asked
    whether S, said …": the participle reports a question put to the person it describes; the
    asker is unstated (annotators leave the claimant empty), the person is the addressee.
    Returns that person's token, or None when ``verb`` is not such a participle."""
    if verb.lemma_.lower() not in QUESTION_PARTICIPLES or verb.dep_ not in (
        "advcl",
        "relcl",
        "acl",
    ):
        return None
    own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None:
        return own if _interrupting_participle(verb, own) else None
    if any(c.dep_ in ("aux", "auxpass", "agent", "xcomp") for c in verb.children):
        return None  # "when pressed by Holt": the agent asks; "asked to leave": a directive
    reduced = any(c.dep_ == "advmod" and c.lower_ in REDUCED_CLAUSE_WORDS for c in verb.children)
    initial = verb.i == verb.sent.start or verb.doc[verb.i - 1].is_space  # "Asked what …,"
    if verb.tag_ != "VBN" and not reduced and not initial:
        return None
    return verb.head if verb.dep_ in ("relcl", "acl") else subject_of(verb.head, 1)


def subject_of(verb, depth: int = 0):
    """The grammatical subject of ``verb``, following control and coordination up the tree.
    In an inverted "S, said X" misparsed with two subjects, X (after the verb) is the one."""
    inverted = inverted_clause(verb)
    if inverted is not None:
        return inverted[1]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # a closing quote mark read as a subject beside the real one (“…,’’ says the founder)
    words = [c for c in subjects if not c.is_punct]
    for child in _nearest_apart(verb, words) or subjects:
        return None if _interrupting_participle(verb, child) else child
    interrupted = _subject_of_interruption(verb)
    if interrupted is not None:
        return interrupted
    misread = _name_read_as_modifier(verb)
    if misread is not None:
        return misread
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    if depth > 3 or verb.dep_ == "ROOT":
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        quoted_as = _quoted_as(head.head, verb) if head.lower_ == "as" else None
        return quoted_as or subject_of(head.head, depth + 1)
    if (
        verb.dep_ in ("xcomp", "advcl")
        and head.lemma_ in OBJECT_CONTROL
        and verb.i > head.i
        and verb.tag_ != "VBG"  # "told reporters, adding: …": the subject adds, not reporters
    ):
        for child in head.children:  # "told its staff to leave"; not "Citing X, it told …"
            if child.dep_ == "dobj":
                return child
    if verb.dep_ == "xcomp" and (raised := _passive_subject(head)) is not None:
        return raised  # "X is said to have told staff …", "X was forced to admit …"
    if depth == 0 and _trailing_participle_of_report(verb):
        return subject_of(head.head, depth + 1)
    if verb.dep_ == "conj" and (cue := _interrupting_cue(verb)) is not None:
        return subject_of(cue, depth + 1)  # "S, she said, and added that T": she adds
    if verb.dep_ in ("xcomp", "advcl", "conj"):
        return subject_of(head, depth + 1)
    return None


def _nearest_apart(verb, words: list) -> list:
    """Words read as subjects of ``verb``, the one to take first. Of two set apart by
    punctuation the nearer is it (“That, sadly,” he said, “is …”: the quote's first word is
    the reported clause's subject); two side by side are one phrase the parser broke ("Tennis
    great Billie Jean King"), which starts at the first."""
    if len(words) < 2:
        return words
    near = min(words, key=lambda c: abs(c.i - verb.i))
    first = words[0]
    if near is first:
        return words
    doc = verb.doc
    lo, hi = sorted((first, near), key=lambda c: c.i)
    between = doc[lo.right_edge.i + 1 : hi.left_edge.i]
    if not any(t.is_punct for t in between):
        return words
    return [near] + [w for w in words if w is not near]


def _name_read_as_modifier(verb):
    """ "Still, McNeely said S": a finite verb without a subject, right after a name the parser
    read as an adverb or a loose modifier (a surname it does not know): the name is the
    subject."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children
    ):
        return None
    if not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return None  # only a verb that reports a clause: "McNeely said S"
    for child in verb.children:
        if child.i < verb.i and child.pos_ == "PROPN" and child.dep_ in MISREAD_NAME_DEPS:
            if all(t.dep_ in ("aux", "neg", "advmod") for t in verb.doc[child.i + 1 : verb.i]):
                return child
    return None


def _interrupting_cue(verb):
    """The verb that interrupts the clause ``verb`` is coordinated with, between commas, just
    before it (", she said, and added …"), whose subject it shares."""
    for child in verb.head.children:
        if (
            child.dep_ == "parataxis"
            and child.i < verb.i
            and child.i > verb.head.i
            and any(c.dep_ == "nsubj" for c in child.children)
        ):
            return child
    return None


def _trailing_participle_of_report(verb) -> bool:
    """ "The regulator said it had fined the bank, adding that S": a cue participle after a
    comma that the parser hangs on the reported clause belongs to the one who reports it (the
    regulator), not to the reported clause's subject ("it")."""
    head = verb.head
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > 1
        and _after_comma(verb)
        and head.dep_ == "ccomp"
        and head.i < verb.i
        and head.head.pos_ in ("VERB", "AUX")
        and head.head.i < head.i
    )


def _after_comma(tok) -> bool:
    """A comma right before ``tok``, or a comma and a closing quote mark (“…,” citing)."""
    doc, k = tok.doc, tok.i - 1
    if doc[k].is_quote and k > 0:
        k -= 1
    return doc[k].text == ","


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
        (
            c
            for c in verb.children
            if c.i < verb.i and c.dep_ in CUE_LEFT_DEPS and c.pos_ != "PROPN"  # "McNeely said"
        ),
        key=lambda c: -c.i,
    )
    for c in left:
        if c.right_edge.i == lo - 1 and c.right_edge.i - c.left_edge.i < 3:
            lo = c.left_edge.i
    # a raising/control head: "have taken to saying", "is hard to say", "began by talking"
    infinitive = verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )  # "went on to explain" parsed as an adverbial clause
    if (
        (verb.dep_ in ("xcomp", "pcomp") or infinitive)
        and verb.head.i < lo
        and not under_passive_hedge(ctx.lexicon, verb)
    ):
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


HEDGE_CLASSES = ("speech", "report", "belief")


def under_passive_hedge(lexicon: Lexicon, verb) -> bool:
    """ "The director is said to have told staff that S", "She was reported to have written
    that S": a past act of speech under a passive hedge, whose subject is the speaker. The
    hedge is a claim of its own (its content the rest), and so is the act it hedges (cue "to
    have told", not "is said to have told"), whatever the cue model makes of a verb under "is
    said to". (A future act, "is expected to announce", is not reported yet.)"""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i > verb.i:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children):
        return False
    if not any(c.dep_ == "ccomp" for c in verb.children):
        return False
    if not any(c.dep_ == "auxpass" for c in head.children):
        return False
    if not any(c.dep_ == "nsubjpass" and c.lower_ != "it" for c in head.children):
        return False
    info, own = lexicon.verb(head.lemma_), lexicon.verb(verb.lemma_)
    return (
        info is not None and info.cls in HEDGE_CLASSES and own is not None and own.cls == "speech"
    )


def _excluded_clauses(root):
    """Trailing participle clauses (", leading X to believe …", and after a quotation that
    closes the content: 'were “exhausted,” pointing to …') that are the narrator's, not part
    of the reported content."""
    out = set()
    doc = root.doc
    for tok in root.subtree:
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > root.i:
            k = tok.left_edge.i - 1
            if k > 0 and doc[k].is_quote and doc[k - 1].text == ",":
                k -= 1  # the comma inside the closing mark: “…,” pointing to
            if k >= 0 and doc[k].text == ",":
                out.update(t.i for t in tok.subtree)
                out.update(range(k, tok.left_edge.i))
    return out


def _cue_time(root) -> set[int]:
    """ "said on Thursday it would …", "said Tuesday the plan …": a time phrase right after the
    cue, before the reported clause's subject, is when it was said (the parser hangs it on the
    clause)."""
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or root.head.i > root.i:
        return set()
    cue_end = root.head.i
    while (nxt_tok := root.doc[cue_end + 1]).head.i == root.head.i and nxt_tok.dep_ == "advmod":
        cue_end += 1  # "said late on Friday …"
    if root.left_edge.i != cue_end + 1:
        return set()
    out: set[int] = set()
    nxt = root.left_edge.i
    for child in sorted(root.children, key=lambda c: c.i):
        if child.i >= subject.i or child.left_edge.i != nxt:
            break
        if child.dep_ not in ("prep", "npadvmod") or not any(
            t.ent_type_ in ("DATE", "TIME") for t in child.subtree
        ):
            break
        out.update(t.i for t in child.subtree)
        nxt = child.right_edge.i + 1
    return out


def clause_span(ctx: Context, root, *, stop_at_quote: bool = True) -> Span | None:
    """The text of a complement clause: its subtree, without a leading that/how, a trailing
    narrator's clause, or a colon-introduced quote that follows it."""
    excluded = _excluded_clauses(root) | _cue_time(root)
    # white-space tokens stand for blanked text (a dateline), which is nobody's content
    toks = [t for t in root.subtree if t.i not in excluded and not t.is_space]
    while toks and (toks[0].lower_ in LEADING_MARKS and toks[0].dep_ in ("mark", "advmod")):
        if len(toks) > 1 and toks[1].text == ",":
            break  # "that, given the divide, S": kept, as annotated (kg eval trims "that ")
        toks = toks[1:]
    if root.dep_ == "relcl" and toks and toks[0].lower_ == "that":
        toks = toks[1:]  # a complement the parser read as a relative clause (kg.extract.verbs)
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
    """direct (the content is a quotation), mixed (a paraphrase with quoted words: a quote that
    opens inside the content and closes in it or right after its last word, as in *called the
    report "biased."*), else indirect."""
    if quote is not None:
        return "direct"
    for span in content:
        for q in ctx.quotes.opening_in(span.start, span.end):
            if q.close_at < span.end or not ctx.text[span.end : q.close_at].strip(CLOSING_PUNCT):
                return "mixed"
    return "indirect"


def medium_nouns(verb, *, fronted: bool = False) -> list:
    """Objects of the verb's medium prepositions: "statement" in "said in a statement" (and,
    with ``fronted``, in "In an interview with X, she said")."""
    return [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in MEDIUM_PREPS and (fronted or c.i > verb.i)
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")
    ]


def _audience(ctx: Context, verb, in_quote: bool) -> Mention | None:
    """Whom the medium of the claim was addressed to: "in a letter to X", "in a speech to X",
    "in an interview with X" (either side of the cue), "Speaking to X, she said"."""
    for pobj in medium_nouns(verb, fronted=True):
        for prep in pobj.children:
            wanted = ("to", "with") if pobj.lemma_.lower() in TALK_NOUNS else ("to",)
            if prep.dep_ == "prep" and prep.lower_ in wanted:
                for g in prep.children:
                    if g.dep_ == "pobj":
                        return mention_for(ctx.text, g, in_quote)
    for child in verb.children:  # "Speaking to reporters, the minister said …"
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_.lower() in TALK_VERBS:
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    for g in prep.children:
                        if g.dep_ == "pobj":
                            return mention_for(ctx.text, g, in_quote)
    return None


def addressee_of(ctx: Context, verb, content_root=None) -> Mention | None:
    """Whom the claim was addressed to: "told her", "said to reporters", "called me and said",
    "the report, which was sent to the Home Office"."""
    lemma = verb.lemma_.lower()
    in_quote = ctx.quote_at(verb.idx) is not None
    for child in verb.children:
        if (
            child.dep_ == "dative"
            and child.pos_ in ("PRON", "PROPN", "NOUN")
            and child.tag_ != "WP"
        ):
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
    audience = _audience(ctx, verb, in_quote)
    if audience is not None:
        return audience
    if lemma in ADDRESSEE_OBJECT_VERBS and any(c.dep_ == "auxpass" for c in verb.children):
        for child in verb.children:  # "Lawmakers were told in a briefing that S"
            if child.dep_ == "nsubjpass" and child.pos_ in ("PRON", "PROPN", "NOUN"):
                return mention_for(ctx.text, child, in_quote)
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


def tokens_before(doc, first: int, offset: int):
    """Tokens from index ``first`` on that start before character ``offset``."""
    for i in range(first, len(doc)):
        if doc[i].idx >= offset:
            return
        yield doc[i]


def cue_probability(ctx: Context, tok, in_quote: bool) -> float:
    """How likely ``tok`` heads a cue: the learned model if there is one, else the lexicon."""
    info = ctx.lexicon.noun(tok.lemma_) if tok.pos_ == "NOUN" else ctx.lexicon.verb(tok.lemma_)
    if ctx.model is not None:
        return ctx.model.probability(cue_features(tok, in_quote, info.precision if info else None))
    if info is None:
        return 0.0
    return info.precision if info.source != "manual" else max(info.precision, 0.6)


def cue_threshold(ctx: Context) -> float:
    """Cue score needed to consider a verb."""
    return LEXICON_THRESHOLD if ctx.model is None else ctx.model.threshold


def rule_threshold(ctx: Context, rule: str, default: float) -> float:
    """The cue score a pattern needs: object and leftover-sentence readings need a surer cue
    word than clausal complements and quotes, which are strong evidence by themselves. The
    model file carries the values ``kg train`` chose; ``RULE_MIN_PROBABILITY`` is the fallback."""
    if ctx.model is None:
        return default
    if ctx.model.rule_thresholds:
        return ctx.model.rule_thresholds.get(rule, default)
    return RULE_MIN_PROBABILITY.get(rule, default)


def lowest_rule_threshold(ctx: Context) -> float:
    if ctx.model is None:
        return 1.0
    tuned = ctx.model.rule_thresholds or RULE_MIN_PROBABILITY
    return min([*tuned.values(), ctx.model.threshold])
