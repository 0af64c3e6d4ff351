"""Tests for kg.eval (gold, match, report) on a tiny invented gold set (tests/data/eval/), JSONL
and brat form.

The fixture: two invented articles, five gold attributions (four ``core``, one ``optional``):

    harbour-bridge  a1 core  The council / said / the bridge would close for six weeks
                    a2 core  Mayor Jane Holt / told / We have no choice,
                    a3 core  Engineers / warned / that cracks had spread
    school-meals    b1 core  the union / According to / prices will rise by 10 percent
                    b2 opt.  Parents / said / they were angry about the change

and six predictions (predictions.jsonl):

    P1 a1 hit: same spans, content keeps the final "."      (content Jaccard 36/37)
    P2 a2 hit: claimant "Jane Holt" only, content with quotes  (Jaccard 18/20)
    P3 b1 near miss: content "will rise by", 12 of b1's 30 chars (Jaccard 12/30 = 0.4)
    P4 b2 hit on the optional claim
    P5 spurious: Drivers / use / the ferry, which runs hourly
    P6 spurious: The head teacher / available / for comment
    a3 is missed: no prediction at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.eval.gold import GoldClaim, GoldDoc, load_gold, load_predictions, normalise_label
from kg.eval.match import trim_span
from kg.eval.report import errors, run_eval, score, sentence_around
from kg.types import Span

DATA = Path(__file__).parent / "data" / "eval"
JSONL = DATA / "news.jsonl"
BRAT = DATA / "brat"
ENTITIES = DATA / "news.entities.json"
PREDS = DATA / "predictions.jsonl"


@pytest.fixture(scope="module")
def gold() -> list[GoldDoc]:
    return load_gold([JSONL])  # finds news.entities.json beside it


@pytest.fixture(scope="module")
def preds() -> dict[str, list[dict]]:
    return load_predictions(PREDS)


def prf(counts) -> tuple[float, float, float]:
    return counts.precision, counts.recall, counts.f1


# ---------------------------------------------------------------- hand-computed scores


def test_relation_scores_core_tier(gold, preds):
    report = score(gold, preds)  # gold has tiers, so the default is core only
    assert report.tiers == ("core",)
    assert (report.n_gold, report.n_pred) == (4, 6)
    # strict: P1-a1 and P2-a2 match; P4 matches only optional b2 -> not counted;
    # P3 (Jaccard 0.4), P5, P6 spurious; a3, b1 missed.
    # TP=2 FP=3 FN=2 -> P=2/5=0.4, R=2/4=0.5, F1=2*.4*.5/.9=0.4444
    s = report.strict
    assert (s.tp, s.fp, s.fn, s.ignored) == (2, 3, 2, 1)
    assert prf(s) == pytest.approx((0.4, 0.5, 4 / 9))
    # lenient: P3 now matches b1 (content overlaps). TP=3 FP=2 FN=1
    # -> P=3/5=0.6, R=3/4=0.75, F1=2*.6*.75/1.35=0.6667
    le = report.lenient
    assert (le.tp, le.fp, le.fn, le.ignored) == (3, 2, 1, 1)
    assert prf(le) == pytest.approx((0.6, 0.75, 2 / 3))


def test_relation_scores_all_tiers(gold, preds):
    report = score(gold, preds, tiers=("core", "optional"))
    # b2 counts now and P4 hits it: strict TP=3 FP=3 FN=2 -> P=.5 R=.6 F1=6/11
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (3, 3, 2)
    assert prf(report.strict) == pytest.approx((0.5, 0.6, 6 / 11))
    # lenient TP=4 FP=2 FN=1 -> P=4/6 R=4/5 F1=8/11
    assert prf(report.lenient) == pytest.approx((4 / 6, 0.8, 8 / 11))
    assert report.strict.ignored == 0


def test_span_scores(gold, preds):
    spans = score(gold, preds).spans
    # claimant gold {The council, Mayor Jane Holt, Engineers, the union}; predicted
    # {The council, Jane Holt, the union, Parents (optional -> ignored), Drivers, The head teacher}
    # TP=2 FP=3 FN=2
    c = spans["source"]
    assert (c.tp, c.fp, c.fn, c.ignored) == (2, 3, 2, 1)
    # cue gold {said, told, warned, According to}; predicted adds school-meals "said"
    # (optional, ignored), "use", "available": TP=3 FP=2 FN=1 -> P=.6 R=.75
    c = spans["cue"]
    assert (c.tp, c.fp, c.fn, c.ignored) == (3, 2, 1, 1)
    assert prf(c) == pytest.approx((0.6, 0.75, 2 / 3))
    # content: P1 ("weeks." trims to "weeks") and P2 ('"We have no choice,"' trims to the gold's
    # "We have no choice,") are exact after trimming; "will rise by", the ferry, "for comment"
    # are wrong; a3 ("that cracks ...") and b1 missed. TP=2 FP=3 FN=2
    c = spans["content"]
    assert (c.tp, c.fp, c.fn) == (2, 3, 2)


def test_speaker_accuracy_uses_entity_aliases(gold, preds):
    report = score(gold, preds)
    # strict matches: a1 gold "the council" vs "Council" (article dropped, lower-cased) -> right;
    # a2 gold "Jane Holt" vs "Ms Holt", an alias in news.entities.json -> right.
    assert (report.speaker_correct, report.speaker_total) == (2, 2)
    assert report.speaker_accuracy == 1.0


def test_speaker_accuracy_without_entities_file(tmp_path, preds):
    copy = tmp_path / "news.jsonl"
    copy.write_text(JSONL.read_text(encoding="utf-8"), encoding="utf-8")
    report = score(load_gold([copy]), preds)
    # no aliases: "Ms Holt" no longer names "Jane Holt"
    assert (report.speaker_correct, report.speaker_total) == (1, 2)


def test_speaker_pronoun_alias_does_not_count(gold, preds):
    changed = {k: [dict(c) for c in v] for k, v in preds.items()}
    changed["harbour-bridge"][1]["speaker"] = {"label": "she"}  # "she" is a HOLT alias, a pronoun
    changed["harbour-bridge"][0]["speaker"] = None
    report = score(gold, changed)
    assert (report.speaker_correct, report.speaker_total) == (0, 2)


def test_recall_by_kind(gold, preds):
    kinds = score(gold, preds).to_dict()["recall_by_kind"]
    # core gold: direct a2 (hit); indirect a1 (hit), a3 (missed), b1 (lenient only)
    assert kinds["direct"] == {"gold": 1, "strict": 1.0, "lenient": 1.0}
    assert kinds["indirect"] == {"gold": 3, "strict": round(1 / 3, 4), "lenient": round(2 / 3, 4)}


# ---------------------------------------------------------------- formats


def test_brat_and_jsonl_give_identical_reports(gold, preds):
    brat = load_gold([BRAT], entities=ENTITIES)
    assert [d.id for d in brat] == [d.id for d in gold]
    for a, b in zip(gold, brat, strict=True):
        assert a.text == b.text
        assert [(c.source, c.cue, c.content, c.speaker, c.kind, c.tier) for c in a.claims] == [
            (c.source, c.cue, c.content, c.speaker, c.kind, c.tier) for c in b.claims
        ]
    for tiers in (None, ("core", "optional")):
        assert (
            score(brat, preds, tiers=tiers).to_dict() == score(gold, preds, tiers=tiers).to_dict()
        )


def test_single_brat_pair_and_txt_path(preds):
    by_ann = load_gold([BRAT / "school-meals.ann"])
    by_txt = load_gold([BRAT / "school-meals.txt"])
    assert [d.id for d in by_ann] == [d.id for d in by_txt] == ["school-meals"]
    assert len(by_ann[0].claims) == 2


def test_in_memory_claim_dicts_match_file(gold, preds):
    from kg.types import Claim, Entity

    text = gold[0].text

    def span(s: str) -> Span:
        i = text.index(s)
        return Span(i, i + len(s), s)

    claim = Claim(
        doc="harbour-bridge",
        cue=span("said"),
        cue_lemma="say",
        content=(span("the bridge would close for six weeks."),),
        kind="indirect",
        source=span("The council"),
        speaker=Entity(key="the council", label="The council", type="Organization"),
    )
    for pred in (claim.to_json(), claim):
        report = score(gold, {"harbour-bridge": [pred]})
        assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 0, 3)
        assert report.speaker_correct == 1


def test_to_article_keeps_metadata(gold):
    art = gold[1].to_article()
    assert art.id == "school-meals"
    assert art.text == gold[1].text
    assert art.publishers == ("The Example Gazette", "Example Radio")
    assert gold[0].to_article().published == "2024-03-01"


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    "text, expected",
    [
        ('  "We have no choice,"  ', "We have no choice"),
        ("‘self-corrected’", "self-corrected"),
        ("“He should not have been released.”", "He should not have been released"),
        ("that cracks had spread.", "cracks had spread"),
        ("“that it was over”", "it was over"),
        ("That\nhe left", "he left"),
        ("thatcher resigned", "thatcher resigned"),
        ("(the officer)", "the officer"),
        ("...", ""),
    ],
)
def test_trim_span(text, expected):
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "label, expected",
    [("The Home Office", "home office"), ("an  official", "official"), ("The", "the")],
)
def test_normalise_label(label, expected):
    assert normalise_label(label) == expected


def test_sentence_around():
    text = "First one. Then he said: no way! Last\nline"
    i = text.index("said")
    assert sentence_around(text, i, i + 4).text == "Then he said: no way!"
    j = text.index("Last")
    assert sentence_around(text, j, j + 4).text == "Last"


def test_matching_is_maximum_not_just_greedy():
    # two gold claims share a cue; P1's content overlaps both (best with g1), P2 overlaps only g1.
    # Greedy best-first would pair P1-g1 and leave P2 and g2 single; the maximum matching pairs
    # P2-g1 and P1-g2 (lenient).
    text = "He said 0123456789abcdefghij and more."
    base = text.index("0")
    cue = Span(3, 7, "said")

    def sp(a: int, b: int) -> Span:
        return Span(base + a, base + b, text[base + a : base + b])

    doc = GoldDoc(
        id="d",
        text=text,
        claims=(
            GoldClaim("g1", (), (cue,), (sp(0, 10),)),
            GoldClaim("g2", (), (cue,), (sp(10, 20),)),
        ),
    )

    def pred(a: int, b: int) -> dict:
        return {"doc": "d", "cue": cue.to_dict(), "content": sp(a, b).to_dict()}

    report = score([doc], {"d": [pred(4, 15), pred(9, 10)]})
    assert (report.lenient.tp, report.lenient.fp, report.lenient.fn) == (2, 0, 0)


def test_claimant_must_overlap_when_gold_has_one(gold):
    text = gold[0].text
    i = text.index("the bridge would close for six weeks")
    c = text.index("said")
    pred = {
        "doc": "harbour-bridge",
        "source": None,
        "cue": {"start": c, "end": c + 4},
        "content": {"start": i, "end": i + 36},
    }
    assert score(gold, {"harbour-bridge": [pred]}).lenient.tp == 0


def test_errors_lists_missed_and_spurious(gold, preds):
    items = errors(score(gold, preds), 5)
    assert [(e["type"], e["doc"]) for e in items] == [
        ("missed", "harbour-bridge"),
        ("missed", "school-meals"),
        ("spurious", "harbour-bridge"),
        ("spurious", "school-meals"),
        ("spurious", "school-meals"),
    ]
    assert items[0]["sentence"]["text"] == "Engineers warned that cracks had spread."
    assert [(s["role"], s["text"]) for s in items[0]["spans"]] == [
        ("claimant", "Engineers"),
        ("cue", "warned"),
        ("content", "that cracks had spread"),
    ]
    assert len(errors(score(gold, preds), 1)) == 2


def test_run_eval_text_and_json(preds):
    text = run_eval([JSONL], PREDS, None, errors_n=1)
    assert "relation strict      40.0   50.0   44.4      2      3      2" in text
    assert "speaker accuracy: 100.0% (2/2)" in text
    assert "[missed] harbour-bridge" in text and "[spurious] harbour-bridge" in text
    out = json.loads(run_eval([BRAT], PREDS, None, as_json=True, entities=ENTITIES))
    assert out["relation_strict"]["f1"] == round(4 / 9, 4)
    assert out["span_exact"]["cue"]["recall"] == 0.75


def test_run_eval_calls_extract_when_no_predictions(preds):
    seen = []

    def extract(docs):
        seen.extend(d.id for d in docs)
        return preds

    out = json.loads(run_eval([JSONL], None, extract, as_json=True, tiers=("core", "optional")))
    assert seen == ["harbour-bridge", "school-meals"]
    assert out["relation_strict"]["tp"] == 3


# ---------------------------------------------------------------- bad input


def test_bad_gold_json_reports_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text(JSONL.read_text(encoding="utf-8").splitlines()[0] + "\n{oops\n")
    with pytest.raises(InputError, match=r"gold\.jsonl:2: not valid JSON"):
        load_gold([bad])


def test_gold_span_outside_text_reports_line(tmp_path):
    doc = {
        "id": "x",
        "text": "He said so.",
        "attributions": [{"cue": [{"start": 3, "end": 7}], "content": [{"start": 8, "end": 99}]}],
    }
    bad = tmp_path / "gold.jsonl"
    bad.write_text("\n" + json.dumps(doc) + "\n")
    with pytest.raises(InputError, match=r"gold\.jsonl:2: attribution #0: content span 8-99"):
        load_gold([bad])


def test_gold_span_text_mismatch(tmp_path):
    doc = {
        "id": "x",
        "text": "He said so.",
        "attributions": [
            {"cue": [{"start": 3, "end": 7, "text": "says"}], "content": [{"start": 8, "end": 10}]}
        ],
    }
    bad = tmp_path / "gold.jsonl"
    bad.write_text(json.dumps(doc) + "\n")
    with pytest.raises(InputError, match=r"gold\.jsonl:1: .*cue span 3-7 says 'says'"):
        load_gold([bad])


def test_bad_brat_line_reports_line(tmp_path):
    (tmp_path / "d.txt").write_text("He said so.")
    (tmp_path / "d.ann").write_text("T1\tCue 3 7\tsaid\nT2\tContent eight 10\tso\n")
    with pytest.raises(InputError, match=r"d\.ann:2: malformed brat line"):
        load_gold([tmp_path])


def test_brat_event_with_unknown_id(tmp_path):
    (tmp_path / "d.txt").write_text("He said so.")
    (tmp_path / "d.ann").write_text("T1\tCue 3 7\tsaid\nE1\tCue:T1 Content:T9\n")
    with pytest.raises(InputError, match=r"d\.ann:2: T9 is not a text-bound annotation"):
        load_gold([tmp_path / "d.ann"])


def test_bad_prediction_line_reports_line(tmp_path, gold):
    bad = tmp_path / "pred.jsonl"
    lines = PREDS.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1], "[1, 2]"]) + "\n")
    with pytest.raises(InputError, match=r"pred\.jsonl:3: a predicted claim must be an object"):
        load_predictions(bad)
    shifted = json.loads(lines[0])
    shifted["cue"]["start"] += 1
    bad.write_text(json.dumps(shifted) + "\n")
    with pytest.raises(InputError, match=r"pred\.jsonl:1: cue span .* but the text there is"):
        score(gold, load_predictions(bad))


def test_missing_gold_path(tmp_path):
    with pytest.raises(InputError, match="no such gold file"):
        load_gold([tmp_path / "nope.jsonl"])


def test_predictions_for_unknown_docs_are_reported(gold, preds):
    report = score(gold, {**preds, "elsewhere": [{"doc": "elsewhere"}]})
    assert report.unknown_docs == ["elsewhere"]
    assert report.n_pred == 6
