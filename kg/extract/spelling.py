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

import numpy as np

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
    rows = doc.to_array(["POS", "LEMMA"])  # read at once, tested per distinct lemma: few qualify
    strings = doc.vocab.strings
    for pos, noun in (("VERB", False), ("NOUN", True)):
        of_pos = rows[:, 0] == strings[pos]  # the part of speech's id
        lemmas = rows[of_pos, 1]
        for key in np.unique(lemmas).tolist():
            lemma = strings[key]
            if lemma[-3:].lower() not in ("ise", "yse", "ion"):
                continue
            variant = american_lemma(lemma, lexicon, noun)
            if variant is not None:
                for i in np.flatnonzero(of_pos & (rows[:, 1] == key)).tolist():
                    doc[i].lemma_ = variant
