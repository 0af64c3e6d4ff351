"""Features of a candidate cue token, shared by training (``kg train``) and extraction.

Plain strings, so the learned weights are a readable table (``kg/data/cue_model.json``): a user
can see that ``lemma=say|child=ccomp`` pushes towards a cue and ``lemma=be`` away from it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from kg.extract.spans import FIRST_SECOND_PERSON, PRONOUNS

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "PUNCT", "PROPN", "ADV"})
CHILD_DEPS = frozenset(
    {
        "ccomp",
        "xcomp",
        "dobj",
        "dative",
        "agent",
        "nsubj",
        "nsubjpass",
        "prt",
        "neg",
        "acomp",
        "attr",
        "parataxis",
        "advcl",
        "acl",
        "relcl",
        "conj",
        "oprd",
        "pobj",
        "poss",
    }
)
QUOTE_CHARS = frozenset("\"'“”‘’«»")


def is_candidate(tok) -> bool:
    """Tokens that may head a cue: content words, "according", and a colon before a quote."""
    if tok.pos_ not in CANDIDATE_POS or tok.is_space:
        return False
    if tok.pos_ == "PUNCT":
        return tok.text == ":"
    if tok.pos_ == "ADP":
        return tok.lower_ in ("according", "for", "by", "from", "to")
    if tok.pos_ == "AUX":
        return tok.dep_ not in ("aux", "auxpass")
    return True


_QUOTED_SENTENCES: list = [None]  # (the last parse seen, its token -> "has a quote" flags)


def sentence_has_quote(tok) -> bool:
    """Whether the token's sentence holds a quote mark; worked out once per parse (every
    candidate token asks, and walking its sentence each time was a third of the features' cost)
    from the token texts' hashes (``ORTH``), without a Python object per token."""
    doc = tok.doc
    last = _QUOTED_SENTENCES[0]  # one read of one tuple: safe when threads extract side by side
    if last is None or last[0] is not doc:
        is_quote = np.isin(doc.to_array("ORTH"), _quote_ids(doc.vocab.strings))
        flags = [False] * len(doc)
        for sent in doc.sents:
            if is_quote[sent.start : sent.end].any():
                flags[sent.start : sent.end] = [True] * (sent.end - sent.start)
        last = _QUOTED_SENTENCES[0] = (doc, flags)
    return last[1][tok.i]


@lru_cache(maxsize=4)
def _quote_ids(strings):
    """The ``ORTH`` hashes of the quote marks (a token that is one of ``QUOTE_CHARS``); a
    string's hash does not depend on the string store, which only looks it up."""
    return np.array([strings[c] for c in sorted(QUOTE_CHARS)], dtype=np.uint64)


def _subject_kind(tok, children=None) -> str:
    for c in tok.children if children is None else children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            low = c.lower_
            if low in FIRST_SECOND_PERSON:
                return "pron12"
            if low in PRONOUNS:
                return "pron3"
            if c.ent_type_ == "PERSON":
                return "person"
            if c.ent_type_ in ("ORG", "GPE", "NORP"):
                return "org"
            if c.pos_ == "PROPN":
                return "propn"
            return "noun"
    return "none"


def cue_features(tok, in_quote: bool, lexicon_precision: float | None) -> list[str]:
    """The cue token's features, in a fixed order (the model sums their weights in this order).

    Every candidate token of every article comes here, so each attribute is read once: a spaCy
    attribute or ``tok.children`` makes new Python objects on every access."""
    lemma = tok.lemma_.lower()
    pos, tag, dep = tok.pos_, tok.tag_, tok.dep_
    f = [
        "bias",
        f"lemma={lemma}",
        f"pos={pos}",
        f"tag={tag}",
        f"dep={dep}",
        f"lemma|dep={lemma}|{dep}",
        f"lemma|tag={lemma}|{tag}",
        f"inq={in_quote}",
        f"lemma|inq={lemma}|{in_quote}",
    ]
    children = list(tok.children)
    child_deps = [c.dep_ for c in children]
    subj = _subject_kind(tok, children)
    f += [f"subj={subj}", f"lemma|subj={lemma}|{subj}", f"subj|inq={subj}|{in_quote}"]
    deps = set()
    marks = []  # the lower-cased words of "mark" children
    for c, d in zip(children, child_deps, strict=True):
        if d == "prep" or d == "mark":
            low = c.lower_
            if d == "mark":
                marks.append(low)
            d = f"{d}:{low}"
        elif d not in CHILD_DEPS:
            continue
        deps.add(d)
    for d in sorted(deps):
        f.append(f"child={d}")
        f.append(f"lemma|child={lemma}|{d}")
    if not deps & {"ccomp", "xcomp", "dobj"}:
        f.append(f"lemma|nocomp={lemma}")
    f += _child_features(lemma, children, child_deps)
    ancestors = {a.dep_ for a in tok.ancestors}
    for a in ("relcl", "advcl", "acl", "ccomp", "xcomp", "pcomp"):
        if a in ancestors:
            f.append(f"under={a}")
    if any(low in ("if", "unless", "whether") for low in marks):
        f.append("conditional")
    if sentence_has_quote(tok):
        f.append("sent_has_quote")
        f.append(f"lemma|sent_has_quote={lemma}")
    head = tok.head
    f += [
        f"hlemma={head.lemma_.lower()}",
        f"hdep={head.dep_}",
        f"lemma|hdep={lemma}|{dep}|{head.pos_}",
    ]
    doc = tok.doc
    i = tok.i
    if i + 1 < len(doc):
        nxt = doc[i + 1]
        text = nxt.text
        n = text if (nxt.is_punct or text in QUOTE_CHARS) else nxt.pos_
        f += [f"next={n}", f"lemma|next={lemma}|{n}"]
        f.append(f"lemma|nextw={lemma}|{nxt.lower_}")
    if i > 0:
        prv = doc[i - 1]
        text = prv.text
        p = text if (prv.is_punct or text in QUOTE_CHARS) else prv.pos_
        f += [f"prev={p}", f"lemma|prev={lemma}|{p}"]
        f.append(f"prevw|lemma={prv.lower_}|{lemma}")
    if lexicon_precision is not None:
        bucket = min(9, int(lexicon_precision * 10))
        f += [f"lex={bucket}", "inlex"]
    else:
        f.append("nolex")
    return f


def _child_features(lemma: str, children: list, child_deps: list[str]) -> list[str]:
    """The subject's lemma and entity type, and each clausal complement with whether it has a
    subject of its own, in the order of the children."""
    f = []
    for c, d in zip(children, child_deps, strict=True):
        if d in ("nsubj", "nsubjpass"):
            f.append(f"subjlemma={c.lemma_.lower()}")
            f.append(f"subjent={c.ent_type_ or 'none'}")
        elif d in ("ccomp", "xcomp"):
            has_subj = any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            c_pos = c.pos_
            f.append(f"comp={d}|{c_pos}|subj={has_subj}")
            f.append(f"lemma|comp={lemma}|{d}|{c_pos}|{has_subj}")
    return f
