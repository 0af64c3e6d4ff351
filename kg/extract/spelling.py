"""British spellings of cue words read as the lexicon's (American) ones.

The cue lexicon and the models come from PolNeAR, US news: *criticized*, *emphasized*,
*apologized*. A British or Commonwealth wire story writes *criticised*, *emphasised*,
*apologised*, whose lemmas the lexicon has never seen, so the cue model scores them as unknown
words and real claims are lost ("She emphasised that the scheme was voluntary"). Before the
patterns run, a lemma in *-ise*/*-yse* (and its inflections, which the pipeline lemmatises to
it) whose *-ize*/*-yze* form is a known cue, and which is not a cue itself (*promise*,
*advise*, *praise*), takes the known form.
"""

from __future__ import annotations

from kg.extract.lexicon import Lexicon

BRITISH_ENDINGS = (("ise", "ize"), ("yse", "yze"), ("isation", "ization"))


def american_lemma(lemma: str, lexicon: Lexicon, noun: bool = False) -> str | None:
    """The lexicon's spelling of a British ``lemma``, or None when there is nothing to change."""
    known = lexicon.noun if noun else lexicon.verb
    low = lemma.lower()
    if known(low) is not None:
        return None
    for british, american in BRITISH_ENDINGS:
        if low.endswith(british):
            variant = low[: -len(british)] + american
            if known(variant) is not None:
                return variant
    return None


def americanize_lemmas(doc, lexicon: Lexicon) -> None:
    """Give the tokens of ``doc`` with a British spelling of a known cue the lexicon's lemma
    (in place: the cue model, the claim gate and the cue lemma all read ``lemma_``)."""
    rows = doc.to_array(["POS", "LEMMA"]).tolist()  # read at once: few tokens qualify
    names = {k: doc.vocab.strings[k] for k in {k for row in rows for k in row}}
    for i, (pos, lemma) in enumerate(rows):
        pos, lemma = names[pos], names[lemma]
        if pos in ("VERB", "NOUN") and lemma[-3:].lower() in ("ise", "yse", "ion"):
            variant = american_lemma(lemma, lexicon, pos == "NOUN")
            if variant is not None:
                doc[i].lemma_ = variant
