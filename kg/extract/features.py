"""Features of a candidate cue token, shared by training (``kg train``) and extraction.

Plain strings, so the learned weights are a readable table (``kg/data/cue_model.json``): a user
can see that ``lemma=say|child=ccomp`` pushes towards a cue and ``lemma=be`` away from it.
"""

from __future__ import annotations

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
    candidate token asks, and walking its sentence each time was a third of the features' cost)."""
    doc = tok.doc
    last = _QUOTED_SENTENCES[0]  # one read of one tuple: safe when threads extract side by side
    if last is None or last[0] is not doc:
        flags = [False] * len(doc)
        for sent in doc.sents:
            quoted = any(t.text in QUOTE_CHARS for t in sent)
            for i in range(sent.start, sent.end):
                flags[i] = quoted
        last = _QUOTED_SENTENCES[0] = (doc, flags)
    return last[1][tok.i]


def _subject_kind(tok) -> str:
    for c in tok.children:
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
    lemma = tok.lemma_.lower()
    f = [
        "bias",
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"lemma|dep={lemma}|{tok.dep_}",
        f"lemma|tag={lemma}|{tok.tag_}",
        f"inq={in_quote}",
        f"lemma|inq={lemma}|{in_quote}",
    ]
    subj = _subject_kind(tok)
    f += [f"subj={subj}", f"lemma|subj={lemma}|{subj}", f"subj|inq={subj}|{in_quote}"]
    deps = set()
    for c in tok.children:
        d = c.dep_
        if d == "prep" or d == "mark":
            d = f"{d}:{c.lower_}"
        elif d not in CHILD_DEPS:
            continue
        deps.add(d)
    for d in sorted(deps):
        f.append(f"child={d}")
        f.append(f"lemma|child={lemma}|{d}")
    if not deps & {"ccomp", "xcomp", "dobj"}:
        f.append(f"lemma|nocomp={lemma}")
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"subjlemma={c.lemma_.lower()}")
            f.append(f"subjent={c.ent_type_ or 'none'}")
        elif c.dep_ in ("ccomp", "xcomp"):
            has_subj = any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            f.append(f"comp={c.dep_}|{c.pos_}|subj={has_subj}")
            f.append(f"lemma|comp={lemma}|{c.dep_}|{c.pos_}|{has_subj}")
    ancestors = {a.dep_ for a in tok.ancestors}
    for dep in ("relcl", "advcl", "acl", "ccomp", "xcomp", "pcomp"):
        if dep in ancestors:
            f.append(f"under={dep}")
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
        f.append("conditional")
    if sentence_has_quote(tok):
        f.append("sent_has_quote")
        f.append(f"lemma|sent_has_quote={lemma}")
    head = tok.head
    f += [
        f"hlemma={head.lemma_.lower()}",
        f"hdep={head.dep_}",
        f"lemma|hdep={lemma}|{tok.dep_}|{head.pos_}",
    ]
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prv = doc[tok.i - 1] if tok.i > 0 else None
    if nxt is not None:
        n = nxt.text if (nxt.is_punct or nxt.text in QUOTE_CHARS) else nxt.pos_
        f += [f"next={n}", f"lemma|next={lemma}|{n}"]
        f.append(f"lemma|nextw={lemma}|{nxt.lower_}")
    if prv is not None:
        p = prv.text if (prv.is_punct or prv.text in QUOTE_CHARS) else prv.pos_
        f += [f"prev={p}", f"lemma|prev={lemma}|{p}"]
        f.append(f"prevw|lemma={prv.lower_}|{lemma}")
    if lexicon_precision is not None:
        bucket = min(9, int(lexicon_precision * 10))
        f += [f"lex={bucket}", "inlex"]
    else:
        f.append("nolex")
    return f
