"""Benchmark on a second corpus annotated by others: the Gender Gap Tracker's hand-annotated quotes.

The SFU Discourse Lab's GenderGapTracker repository (MIT licence) held, in its history, 98
Canadian news articles (CBC, CTV, Global News, Huffington Post, The Globe and Mail, National Post,
Toronto Star) whose quotes were annotated by hand for its own evaluation: each quote with its
speaker as written, its verb and the speaker's full name. Those annotations were made to other
guidelines than ours (only speech; a quote without a verb continues the last speaker), which is
the point: this measures quotes and speakers as another team sees them. The texts are
copyrighted news, so they stay out of this project: the script reads them from a clone you make
and writes the converted gold file under ``.kg/ggt/`` (git-ignored).

    git clone https://github.com/sfu-discourse-lab/GenderGapTracker /tmp/GenderGapTracker
    .venv/bin/python bench/ggt.py --repo /tmp/GenderGapTracker
    .venv/bin/python bench/ggt.py --gold .kg/ggt/ggt.jsonl --errors 10   # convert once, rerun

Conversion: the annotation table (``AnnotationTable_byArticle_withReplacementArticles.xlsx``,
read with the standard library) gives each quote's text and character offsets into a copy of the
article that lost its non-ASCII characters; each quote is anchored at the occurrence nearest its
offset in the raw article text (``rawtext.zip``), its speaker and verb at the occurrence nearest
theirs shifted by the same amount. A quote without a verb (a continued quote) takes the cue and
claimant of the quote before it with the same speaker and is marked ``floating``. Scores are
those of ``kg eval`` (DESIGN.md §7), the quote-level ones (``kg.eval.quotes``) being the fair
comparison: the relation scores count our beliefs, intentions and reports the corpus does not
annotate as false positives.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from kg.eval.gold import load_gold  # noqa: E402
from kg.eval.report import errors, format_errors, score  # noqa: E402

COMMIT = "fe82ba213b6acfac66c83181ba45ecb088a3c908"  # the commit that added the evaluation data
TABLE = "NLP/evaluation/src/eval/AnnotationTable_byArticle_withReplacementArticles.xlsx"
RAWTEXT = "NLP/evaluation/src/rawtext.zip"
DEFAULT_GOLD = REPO / ".kg" / "ggt" / "ggt.jsonl"
_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_OFFSETS = re.compile(r"\((\d+),(\d+)\)")
MAX_SHIFT = 400  # how far a speaker or verb may sit from its offset once the quote is anchored


def _blob(repo: Path, path: str) -> bytes:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "show", f"{COMMIT}:{path}"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(
            f"Error: cannot read {path} at {COMMIT[:7]} from {repo} ({e}); clone the "
            "whole history of sfu-discourse-lab/GenderGapTracker"
        )


def _cells(xlsx: bytes) -> list[list[str]]:
    """The rows of the workbook's first sheet as strings (shared and inline strings, numbers)."""
    book = zipfile.ZipFile(io.BytesIO(xlsx))
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", _NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{_NS['x']}}}t")))
    sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{_NS['x']}}}row"):
        cells: dict[int, str] = {}
        for c in row.findall("x:c", _NS):
            col = 0
            for ch in re.match(r"[A-Z]+", c.get("r", "A")).group():
                col = col * 26 + ord(ch) - 64
            kind, v = c.get("t"), c.find("x:v", _NS)
            if kind == "s" and v is not None:
                cells[col - 1] = shared[int(v.text)]
            elif kind == "inlineStr":
                cells[col - 1] = "".join(t.text or "" for t in c.iter(f"{{{_NS['x']}}}t"))
            elif v is not None:
                cells[col - 1] = v.text or ""
        rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
    return rows


def _nearest(text: str, needle: str, around: int) -> int | None:
    best, i = None, text.find(needle)
    while i != -1:
        if best is None or abs(i - around) < abs(best - around):
            best = i
        i = text.find(needle, i + 1)
    return best


def _offset(value: str) -> int | None:
    m = _OFFSETS.match(value or "")
    return int(m.group(1)) if m else None


def convert(repo: Path, out: Path) -> dict[str, int]:
    """Write the corpus as kg gold JSONL; returns counts of what was kept and dropped."""
    rows = _cells(_blob(repo, TABLE))
    header, rows = rows[0], rows[1:]
    raw = zipfile.ZipFile(io.BytesIO(_blob(repo, RAWTEXT)))
    counts = {"articles": 0, "quotes": 0, "floating": 0, "dropped": 0}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            rec = dict(zip(header, row, strict=False))
            doc_id = re.sub(r"\W", "", rec.get("_id", "").replace("ObjectId", ""))
            name = f"rawtext/{doc_id}.txt"
            try:
                text = raw.read(name).decode("utf-8")
                quotes = json.loads(rec.get("quotations") or "[]")
            except (KeyError, ValueError):
                counts["dropped"] += 1  # one row's annotation is not valid JSON
                continue
            attributions, last_by_speaker = [], {}
            for q in quotes:
                att = _attribution(text, q, last_by_speaker)
                if att is None:
                    counts["dropped"] += 1
                    continue
                counts["floating" if att.get("floating") else "quotes"] += 1
                attributions.append(att)
            record = {"id": doc_id, "text": text, "publisher": rec.get("outlet", "")}
            f.write(json.dumps({**record, "attributions": attributions}, ensure_ascii=False))
            f.write("\n")
            counts["articles"] += 1
    return counts


def _attribution(text: str, q: dict, last_by_speaker: dict) -> dict | None:
    """One annotated quote anchored in the raw text, or None when it cannot be found."""
    at = _offset(q.get("quote_index"))
    start = _nearest(text, q.get("quote") or "", at or 0) if q.get("quote") else None
    if start is None or at is None:
        return None
    shift = start - at
    att: dict = {
        "content": [{"start": start, "end": start + len(q["quote"])}],
        "speaker": (q.get("reference") or "").strip() or None,
        "type": "statement",
    }
    for key, role in (("speaker", "source"), ("verb", "cue")):
        written, offset = q.get(key) or "", _offset(q.get(f"{key}_index"))
        found = _nearest(text, written, offset + shift) if written and offset is not None else None
        if found is not None and abs(found - (offset + shift)) <= MAX_SHIFT:
            att[role] = [{"start": found, "end": found + len(written)}]
    previous = last_by_speaker.get(att["speaker"])
    if "cue" not in att:  # a continued quote: the cue and claimant of the speaker's last quote
        if previous is None:
            return None
        att.update(cue=previous["cue"], source=previous.get("source", []), floating=True)
    else:
        last_by_speaker[att["speaker"]] = att
    att.setdefault("source", [])
    return att


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", help="a clone of sfu-discourse-lab/GenderGapTracker (converts)")
    parser.add_argument("--gold", help=f"the converted gold JSONL (default {DEFAULT_GOLD})")
    parser.add_argument("--model", help="spaCy pipeline to load")
    parser.add_argument("--errors", type=int, default=0, help="list N missed and N spurious claims")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = parser.parse_args(argv)
    gold = Path(args.gold) if args.gold else DEFAULT_GOLD
    if args.repo:
        counts = convert(Path(args.repo), gold)
        print(f"converted: {counts} -> {gold}", file=sys.stderr)
    if not gold.is_file():
        print(f"skipped: no converted corpus at {gold}; run with --repo PATH (see --help)")
        return 0
    from polnear import run_extractor

    docs = load_gold([gold])
    preds, seconds = run_extractor(docs, args.model)
    report = score(docs, preds)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_text())
        print(f"{len(docs)} articles in {seconds:.1f} s")
    if args.errors:
        print(format_errors(errors(report, args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
