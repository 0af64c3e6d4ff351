"""Check one entity per real person across articles: PolNeAR built into one store, no alias file.

Why a script: PolNeAR has no licence and stays in ../shared; this builds a split with ``kg build``
(the whole pipeline, including the consolidation across articles) into a fresh store, then checks
with its own queries, independent of kg's name rules:

- each named person (default: the eight of issue 11) is **exactly one** entity bearing the full
  name (as ``schema:name`` or ``schema:alternateName``; a middle name or initial may stand between),
  typed ``schema:Person`` and nothing else;
- **no entity bears the full names of two different people** (different first names or suffixes,
  "Ivanka Trump" and "Donald Trump"), over all entities of the store;
- surname-only entities ("Clinton") and the top people by claims are listed for a reader to judge.

Run from the repo root (the build takes minutes; timings on a busy 2-core machine):

    .venv/bin/python bench/entities.py                      # dev, the eight people
    .venv/bin/python bench/entities.py --split train --top 50 --people "Ted Cruz,Marco Rubio"
    .venv/bin/python bench/entities.py --store /tmp/dev-store   # check a store already built

Exit code 1 when a check fails, 0 when all hold; a message and 0 when PolNeAR is absent.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
DEFAULT_PEOPLE = (
    "Donald Trump,Hillary Clinton,Bill Clinton,Barack Obama,Mike Pence,Bernie Sanders,"
    "Tim Kaine,Paul Ryan"
)
# words that stand before a name in news prose; the bench's own list, not kg's
TITLE = set(
    "mr mrs ms miss dr sen senator rep gov governor president vice secretary speaker house "
    "state former democrat democratic republican gop candidate nominee presidential mayor "
    "judge first lady sir gen general attorney chief leader majority minority the justice "
    "reverend rev pastor chairman chairwoman director ambassador admiral adm king queen prince "
    "princess billionaire witness representative congressman congresswoman sheriff officer "
    "american british french german russian mexican israeli iranian syrian chinese filipino "
    "texas florida ohio new jersey york california".split()
)
SUFFIX = {"jr", "sr", "ii", "iii", "iv"}
P = "PREFIX schema: <http://schema.org/>\n"


def build(split_file: Path, store: Path) -> float:
    from kg.build import build_store
    from kg.read import iter_articles

    os.environ.pop("KG_ALIASES", None)  # no alias file: the rules alone
    start = time.perf_counter()
    build_store(iter_articles([split_file]), store)
    gc.collect()
    return time.perf_counter() - start


def entity_names(store) -> dict[str, dict]:
    """IRI -> {"types": set, "names": set, "label": str, "claims": int}."""
    out: dict[str, dict] = defaultdict(lambda: {"types": set(), "names": set(), "label": ""})
    for r in store.query(
        P + "SELECT DISTINCT ?e ?t ?n WHERE { GRAPH ?g { ?e a ?t ; schema:name ?n } }"
    ):
        e = out[r["e"].value]
        e["types"].add(r["t"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        e["names"].add(r["n"].value)
        e["label"] = r["n"].value
    for r in store.query(
        P + "SELECT DISTINCT ?e ?n WHERE { GRAPH ?g { ?e schema:alternateName ?n } }"
    ):
        if r["e"].value in out:
            out[r["e"].value]["names"].add(r["n"].value)
    claims = store.query(
        P + "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c schema:author ?e } } "
        "GROUP BY ?e"
    )
    counts = {r["e"].value: int(r["n"].value) for r in claims}
    for iri, e in out.items():
        e["claims"] = counts.get(iri, 0)
    return dict(out)


def tokens(name: str) -> list[str]:
    """Capitalised words of a name, leading title words dropped ("Sen. Tim Kaine" -> Tim Kaine);
    [] for a description ("statements made by Donald Trump", "the campaign of …")."""
    name = unicodedata.normalize("NFKC", name).replace("’", "'")
    words = [w.strip(".,;:'\"()[]") for w in name.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE:
        words.pop(0)
    return words if all(w[:1].isupper() for w in words) else []


def last_name(name: str) -> str:
    """The surname of a name: its last word that is not a suffix ("Biden" of "Joseph Biden Jr")."""
    words = [w for w in tokens(name) if w.lower().rstrip(".") not in SUFFIX] or [name]
    return words[-1].lower()


def full_name(name: str) -> tuple[str, str, str, tuple[str, ...]] | None:
    """(first, surname, suffix, all words) of a name of two or more words, else None."""
    words = tokens(name)
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(".") in SUFFIX:
        suffix = words.pop().lower().rstrip(".")
    if len(words) < 2:
        return None
    return words[0].lower(), words[-1].lower(), suffix, tuple(w.lower() for w in words)


def same_person(a, b) -> bool:
    """Whether two full names can be one person: same surname and suffix, a given name in
    common ("Crooked Hillary Clinton", "Hillary Rodham Clinton") or an initial of it."""
    if a[1] != b[1] or a[2] != b[2]:
        return False
    given_a, given_b = set(a[3][:-1]), set(b[3][:-1])
    return bool(given_a & given_b) or a[0][:1] == b[0] or b[0][:1] == a[0]


def bears(names: set[str], person: str) -> bool:
    """Whether one of ``names`` is the person's full name: title words before it, a middle name
    or initial, one other word before it ("Crooked Hillary Clinton") are allowed; a longer
    phrase ("the Donald Trump campaign", "a spokeswoman for Hillary Clinton") is not."""
    want = full_name(person)
    for name in names:
        got = full_name(name)
        if (
            got
            and len(got[3]) <= 4
            and got[2] == want[2]
            and got[1] == want[1]
            and want[0] in got[3]
        ):
            return True
    return False


def check(store, people: list[str], top: int) -> int:
    ents = entity_names(store)
    failures = 0
    print(f"{len(ents)} entities in the store\n")
    print("Each person is exactly one schema:Person entity:")
    for person in people:
        found = {iri: e for iri, e in ents.items() if bears(e["names"], person)}
        types = set().union(*(e["types"] for e in found.values())) if found else set()
        ok = len(found) == 1 and types == {"Person"}
        failures += not ok
        surname = person.split()[-1].lower()
        bare = [
            e
            for iri, e in ents.items()
            if iri not in found and [w.lower() for w in tokens(e["label"])] == [surname]
        ]
        detail = "; ".join(
            f"{iri.rsplit('/id/', 1)[-1]} {sorted(e['types'])} {e['claims']} claims"
            for iri, e in found.items()
        )
        mark = "ok  " if ok else "FAIL"
        line = f"  {mark} {person}: {len(found)} entities ({detail})"
        if bare:
            listed = ", ".join(
                f"{b['label']} [{'/'.join(sorted(b['types']))}] ({b['claims']} claims)"
                for b in bare
            )
            line += f"; surname-only entities: {listed}"
        print(line)
    print("\nNo Person entity bears the full names of two different people:")
    mixed = 0
    for iri, e in sorted(ents.items()):
        if "Person" not in e["types"]:
            continue
        fulls = [f for f in (full_name(n) for n in e["names"]) if f]
        clash = sorted(
            {
                " ".join(a[3]) + " / " + " ".join(b[3])
                for a in fulls
                for b in fulls
                if a < b and not same_person(a, b)
            }
        )
        if clash:
            mixed += 1
            print(
                f"  FAIL {iri.rsplit('/id/', 1)[-1]}: {clash[0]}"
                + (f" (+{len(clash) - 1})" if len(clash) > 1 else "")
            )
    print(f"  {'ok  ' if not mixed else 'FAIL'} {mixed} entities bear two people's names")
    failures += mixed
    if top:
        print(f"\nTop {top} people by claims (with other Person entities of the same surname):")
        persons = sorted(
            ((e["claims"], iri, e) for iri, e in ents.items() if "Person" in e["types"]),
            key=lambda x: (-x[0], x[1]),
        )[:top]
        for n, iri, e in persons:
            surname = last_name(e["label"])
            same = [
                f"{o['label']} ({o['claims']})"
                for oiri, o in ents.items()
                if oiri != iri
                and "Person" in o["types"]
                and last_name(o["label"]) == surname
            ]
            print(
                f"  {n:4d} {e['label']}"
                + (f"   | same surname: {', '.join(sorted(same))}" if same else "")
            )
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", help="PolNeAR split: dev or train")
    parser.add_argument(
        "--data", help="the split's JSONL (default ../shared/data/polnear/SPLIT.jsonl)"
    )
    parser.add_argument("--store", help="check this store; build it first if it does not exist")
    parser.add_argument("--people", default=DEFAULT_PEOPLE, help="comma-separated full names")
    parser.add_argument("--top", type=int, default=0, help="list the top N people by claims")
    args = parser.parse_args(argv)
    split_file = (
        Path(args.data) if args.data else SHARED / "data" / "polnear" / f"{args.split}.jsonl"
    )
    store_dir = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="kg-entities-"))
    if not (store_dir / "CURRENT").exists():
        if not split_file.is_file():
            print(f"skipped: {split_file} not found (PolNeAR is not shipped with kg)")
            return 0
        seconds = build(split_file, store_dir)
        print(f"built {split_file.name} into {store_dir} in {seconds:.0f} s")
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    people = [p.strip() for p in args.people.split(",") if p.strip()]
    failures = check(store, people, args.top)
    print(f"\n{'all checks hold' if not failures else f'{failures} checks fail'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
