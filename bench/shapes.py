"""Wire and quotation shapes, filled with invented names and sentences: how often does kg find
the claim, its speaker and its addressee?

Each template is a common way news reports speech ("“Q,” said NAME, ROLE.", "NAME told ADDR
that S.", a dateline, a pronoun after a named person ...). The bench fills every template many
times with different invented people, roles, organisations, quotations and a varying sentence
before it, so that a shape that works for one sentence and fails when the parser reads the
next one differently shows up as a rate below 1. The text is all made up here; no corpus text.

    .venv/bin/python bench/shapes.py                 # every template, 16 fillings each
    .venv/bin/python bench/shapes.py --per 40 --show 3 --only inverted-direct

A claim counts as found when a claim has the expected cue word and a content whose characters
overlap the expected content's by a Jaccard of at least 0.8; its speaker is right when the
resolved speaker's label is the expected name; its addressee when the addressee span holds
the expected addressee.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PEOPLE = [
    ("Maria Lopez", "she"),
    ("Tomasz Nowak", "he"),
    ("Aisha Bello", "she"),
    ("Kenji Watanabe", "he"),
    ("Priya Raman", "she"),
    ("Daniel Okafor", "he"),
    ("Sofia Marchetti", "she"),
    ("Liam O'Connor", "he"),
    ("Fatima Haddad", "she"),
    ("Pedro Alves", "he"),
    ("Hannah Fischer", "she"),
    ("Omar Siddiqui", "he"),
    ("Chloe Dubois", "she"),
    ("Mateo Herrera", "he"),
    ("Ingrid Larsen", "she"),
    ("Samuel Adeyemi", "he"),
]
ROLES = [
    "a spokeswoman for the city council",
    "the union's general secretary",
    "an economist at Northbridge Bank",
    "the mayor of Eastport",
    "a senior lecturer at the university",
    "chief executive of Harbor Freight Lines",
    "a farmer from the valley",
    "who chairs the committee",
]
ORGS = [
    "Northbridge Bank",
    "the Transport Ministry",
    "Harbor Freight Lines",
    "the city council",
    "Greenfield Energy",
    "the teachers' union",
]
UNUSUAL_NAMES = [
    "Anne-Marie Duval-Smith",
    "John Q. Public",
    "Maria de la Cruz",
    "Ludwig van der Berg",
    "Zoë Müller",
    "José Núñez",
    "Martin Lutz Jr.",
    "Nguyen Van An",
    "Siobhán Ní Bhriain",
    "Mohammed bin Rashid",
]
TITLES = ["Mayor", "Sen.", "Dr.", "Professor", "Police Chief", "Judge"]
QUOTES = [
    "We are not going to back down",
    "Safety",
    "Absolutely not",
    "The numbers simply do not add up",
    "This is the worst flooding we have seen in decades",
    "I think we can do better than that",
    "Nobody told us anything",
    "It was a mistake, and we have said so",
    "Every single family on this street",
    "We will keep the library open as long as we can",
]
CLAUSES = [
    "the bridge would reopen in May",
    "prices were likely to rise again next year",
    "the talks had broken down",
    "the company had done nothing wrong",
    "more officers would be deployed over the weekend",
    "the plan was never properly costed",
    "the school will stay closed until the inspection is over",
    "voters deserved a clearer answer",
]
CONTEXT = [
    "",
    "Heavy rain closed several roads on Tuesday. ",
    "The vote is expected later this month. ",
    "Shares fell 3 percent in early trading. ",
    "Residents gathered outside the town hall. ",
    "The report was published on Monday.\n\n",
]
ADDRESSEES = ["reporters", "the committee", "Reuters", "staff", "parents"]
CITIES = ["LISBON", "NAIROBI", "OTTAWA", "MANILA"]


@dataclass
class Case:
    template: str
    text: str = ""
    cue: tuple[int, int] = (0, 0)
    content: list[tuple[int, int]] = field(default_factory=list)
    speaker: str = ""
    addressee: str | None = None
    negative: bool = False  # a sentence that reports nobody's words: no claim is right

    def add(self, s: str, mark: str | None = None) -> None:
        start = len(self.text)
        self.text += s
        if mark == "cue":
            self.cue = (start, len(self.text))
        elif mark == "content":
            self.content.append((start, len(self.text)))


def _person(r: random.Random) -> tuple[str, str]:
    return r.choice(PEOPLE)


def _fill(template: str, r: random.Random) -> Case:
    c = Case(template)
    name, pronoun = _person(r)
    q, s, org = r.choice(QUOTES), r.choice(CLAUSES), r.choice(ORGS)
    c.add(r.choice(CONTEXT))
    c.speaker = name
    if template == "inverted-direct":  # “Q,” said NAME, ROLE.
        c.add("“"), c.add(q, "content"), c.add(",” "), c.add("said", "cue"), c.add(" " + name)
        c.add(", " + r.choice(ROLES) + "." if r.random() < 0.5 else ".")
    elif template == "direct-then-name":  # “Q,” NAME said.
        c.add("“"), c.add(q, "content"), c.add(",” " + name + " "), c.add("said", "cue")
        c.add(".")
    elif template == "name-colon-direct":  # NAME said: “Q.”
        c.add(name + " "), c.add("said", "cue"), c.add(": “"), c.add(q, "content"), c.add(".”")
    elif template == "indirect-that":  # NAME, ROLE, said (that) S.
        c.add(name + (", " + r.choice(ROLES[:6]) + "," if r.random() < 0.5 else "") + " ")
        c.add("said", "cue"), c.add(" that " if r.random() < 0.5 else " "), c.add(s, "content")
        c.add(".")
    elif template == "indirect-trailing":  # S, NAME said.
        c.add(s[0].upper() + s[1:], "content"), c.add(", " + name + " "), c.add("said", "cue")
        c.add(".")
    elif template == "inverted-indirect":  # S, said NAME, ROLE.
        c.add(s[0].upper() + s[1:], "content"), c.add(", "), c.add("said", "cue"), c.add(" " + name)
        c.add(", " + r.choice(ROLES[:6]) + "." if r.random() < 0.5 else ".")
    elif template == "told-that":  # NAME told ADDR that S.
        addr = r.choice(ADDRESSEES)
        c.addressee = addr
        c.add(name + " "), c.add("told", "cue"), c.add(f" {addr} that "), c.add(s, "content")
        c.add(".")
    elif template == "org-statement":  # ORG said in a statement that S.
        c.speaker = org
        c.add(org[0].upper() + org[1:] + " "), c.add("said", "cue")
        c.add(" in a statement that "), c.add(s, "content"), c.add(".")
    elif template == "org-apposition-statement":  # ORG, one of three bidders, said ... that S.
        c.speaker = org
        c.add(org[0].upper() + org[1:] + ", one of three bidders, "), c.add("said", "cue")
        c.add(" in a statement that ")
        c.add("it remained “fully committed” to the process", "content")
        c.add(".")
    elif template == "according-to":  # According to NAME, S.
        c.add("According", "cue"), c.add(" to " + name + ", "), c.add(s, "content"), c.add(".")
    elif template == "split-quote":  # “Q1,” NAME said. “Q2.”
        q2 = r.choice([x for x in QUOTES if x != q])
        c.add("“"), c.add(q, "content"), c.add(",” " + name + " "), c.add("said", "cue")
        c.add(". “"), c.add(q2 + ".", "content"), c.add("”")
    elif template == "pronoun-after-name":  # NAME visited … “Q,” she said.
        c.add(f"{name} visited the flooded school on Monday. “"), c.add(q, "content")
        c.add(f",” {pronoun} "), c.add("said", "cue"), c.add(".")
    elif template == "title-name":  # TITLE NAME said S.
        c.add(r.choice(TITLES) + " " + name + " "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "letter-to":  # NAME wrote in a letter to TITLE NAME2 that S.
        other = r.choice([p for p, _ in PEOPLE if p != name])
        c.addressee = other
        c.add(name + " "), c.add("wrote", "cue")
        c.add(f" in a letter to Prime Minister {other} that ")
        c.add(s, "content"), c.add(".")
    elif template == "dateline":  # CITY, March 12 (Reuters) - NAME said on Tuesday S.
        c.text = ""
        c.add(f"{r.choice(CITIES)}, March 12 (Reuters) - {name} ")
        c.add("said", "cue"), c.add(" on Tuesday that "), c.add(s, "content"), c.add(".")
    elif template == "two-claims":  # Union leaders warned S1. ORG told Reuters S2.
        c.speaker = org
        c.addressee = "Reuters"
        s1 = r.choice([x for x in CLAUSES if x != s])
        c.add(f"Union leaders warned that {s1}. {org[0].upper() + org[1:]} ")
        c.add("told", "cue"), c.add(" Reuters "), c.add(s, "content"), c.add(".")
    elif template == "told-reporters-direct":  # “Q,” NAME told reporters on Tuesday.
        c.addressee = "reporters"
        c.add("“"), c.add(q, "content"), c.add(",” " + name + " "), c.add("told", "cue")
        c.add(" reporters on Tuesday.")
    elif template == "adding-that":  # NAME said S1, adding that S2.
        s2 = r.choice([x for x in CLAUSES if x != s])
        c.add(name + " "), c.add("said", "cue"), c.add(" "), c.add(s, "content")
        c.add(f", adding that {s2}.")
    elif template == "role-colon-direct":  # NAME, ROLE, said on Tuesday: “Q.”
        c.add(f"{name}, {r.choice(ROLES[:6])}, "), c.add("said", "cue"), c.add(" on Tuesday: “")
        c.add(q + ".", "content"), c.add("”")
    elif template == "split-in-sentence":  # “Q1,” NAME said, “q2.”
        q2 = r.choice(CLAUSES)
        c.add("“"), c.add(q + ",", "content"), c.add("” " + name + " "), c.add("said", "cue")
        c.add(", “"), c.add(q2 + ".", "content"), c.add("”")
    elif template == "in-a-statement-first":  # In a statement, ORG said S.
        c.speaker = org
        c.add(f"In a statement, {org} "), c.add("said", "cue"), c.add(" "), c.add(s, "content")
        c.add(".")
    elif template == "interview-with":  # NAME said in an interview with ORG that S.
        c.add(name + " "), c.add("said", "cue")
        c.add(" in an interview with the Eastport Herald that ")
        c.add(s, "content"), c.add(".")
    elif template == "question-asked":  # “Q?” asked NAME.
        c.add("“"), c.add("Who is going to pay for all of this?", "content"), c.add("” ")
        c.add("asked", "cue"), c.add(f" {name}.")
    elif template == "says-present":  # “Q,” says NAME, ROLE.
        c.add("“"), c.add(q, "content"), c.add(",” "), c.add("says", "cue")
        c.add(f" {name}, {r.choice(ROLES[:6])}.")
    elif template == "org-role-name":  # ORG spokeswoman NAME said S.
        org_name = r.choice([o for o in ORGS if not o.startswith("the ")])
        c.add(f"{org_name} spokesperson {name} "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "age-apposition":  # NAME, 45, said S.
        c.add(f"{name}, {r.randint(19, 88)}, "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "trailing-according":  # S, according to ORG.
        c.speaker = org
        c.add(s[0].upper() + s[1:], "content"), c.add(", "), c.add("according", "cue")
        c.add(f" to {org}.")
    elif template == "other-verbs":  # NAME warned / insisted / denied / argued that S.
        verb = r.choice(["warned", "insisted", "denied", "argued", "claimed", "admitted"])
        c.add(name + " "), c.add(verb, "cue"), c.add(" that "), c.add(s, "content"), c.add(".")
    elif template == "pronoun-past-other":  # NAME met OTHER (other gender). “Q,” she said.
        other = r.choice([p for p, g in PEOPLE if g != pronoun])
        c.add(f"{name} met {other} at the station on Monday. “"), c.add(q, "content")
        c.add(f",” {pronoun} "), c.add("said", "cue"), c.add(".")
    elif template == "multi-paragraph-quote":  # “Q1.¶“Q2,” NAME said.
        q2 = r.choice([x for x in QUOTES if x != q])
        c.add(f"{name} spoke to residents on Monday.\n\n“"), c.add(q + ".", "content")
        c.add("\n\n“"), c.add(q2, "content")
        c.add(",” she said." if pronoun == "she" else ",” he said.")
        c.cue = (len(c.text) - 5, len(c.text) - 1)
    elif template == "said-of":  # “Q,” NAME said of the plan.
        c.add("“"), c.add(q, "content"), c.add(f",” {name} "), c.add("said", "cue")
        c.add(" of the plan.")
    elif template == "question-mark-after":  # “Q?” NAME asked.
        (
            c.add("“"),
            c.add("Why did nobody tell us?", "content"),
            c.add(f"” {name} "),
            c.add("asked", "cue"),
        )
        c.add(".")
    elif template == "single-quotes":  # ‘Q,’ said NAME.
        c.add("‘"), c.add(q, "content"), c.add(",’ "), c.add("said", "cue"), c.add(f" {name}.")
    elif template == "straight-quotes":  # "Q," NAME said.
        c.add('"'), c.add(q, "content"), c.add(f'," {name} '), c.add("said", "cue"), c.add(".")
    elif template == "name-role-after-quote":  # “Q,” NAME, ROLE, said.
        c.add("“"), c.add(q, "content"), c.add(f",” {name}, {r.choice(ROLES[:6])}, ")
        c.add("said", "cue"), c.add(".")
    elif template == "who-clause":  # NAME, who ROLE, said S.
        c.add(f"{name}, who has lived on the street for 30 years, "), c.add("said", "cue")
        c.add(" "), c.add(s, "content"), c.add(".")
    elif template == "statement-trailing":  # S, ORG said in a statement.
        c.speaker = org
        c.add(s[0].upper() + s[1:], "content"), c.add(f", {org} "), c.add("said", "cue")
        c.add(" in a statement.")
    elif template == "added-pronoun":  # “Q1,” NAME said. “Q2,” she added.
        q2 = r.choice([x for x in QUOTES if x != q])
        c.add(f"“{q},” {name} said. “"), c.add(q2, "content"), c.add(f",” {pronoun} ")
        c.add("added", "cue"), c.add(".")
    elif template == "spokesperson-of":  # NAME's spokesperson, OTHER, said S.
        other = r.choice([p for p, _ in PEOPLE if p != name])
        c.speaker = other
        c.add(f"{name}'s spokesperson, {other}, "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "unusual-names":  # NAME said S, with initials, particles, accents
        c.speaker = name = r.choice(UNUSUAL_NAMES)
        c.add(f"{name} "), c.add("said", "cue"), c.add(" "), c.add(s, "content"), c.add(".")
    elif template == "asked-whether":  # NAME asked whether S.
        c.add(f"{name} "), c.add("asked", "cue"), c.add(" "), c.add("whether " + s, "content")
        c.add(".")
    elif template == "in-an-interview-colon":  # In an interview, NAME said: “Q.”
        c.add(f"In an interview, {name} "), c.add("said", "cue"), c.add(": “")
        c.add(q + ".", "content"), c.add("”")
    elif template == "two-sentence-quote":  # “Q1. Q2,” NAME said.
        q2 = r.choice([x for x in QUOTES if x != q])
        c.add("“"), c.add(f"{q}. {q2},", "content"), c.add(f"” {name} "), c.add("said", "cue")
        c.add(".")
    elif template == "nested-single-quotes":  # “He told me ‘no way,’ and left,” NAME said.
        c.add("“"), c.add("He looked at me, said ‘no way,’ and walked out,", "content")
        c.add(f"” {name} "), c.add("said", "cue"), c.add(".")
    elif template == "wrote-on-social":  # NAME wrote on X that S.
        c.add(f"{name} "), c.add("wrote", "cue"), c.add(" on social media that ")
        c.add(s, "content"), c.add(".")
    elif template == "participle-interruption":  # NAME, speaking at a news conference, said S.
        c.add(f"{name}, speaking at a news conference in Eastport, "), c.add("said", "cue")
        c.add(" "), c.add(s, "content"), c.add(".")
    elif template == "asked-whether-then-quote":  # Asked whether S, NAME said: “Q.”
        c.add(f"Asked whether {s}, {name} "), c.add("said", "cue"), c.add(": “")
        c.add(q + ".", "content"), c.add("”")
    elif template == "speaking-to-reporters":  # Speaking to reporters, NAME said S.
        c.addressee = "reporters"
        c.add(f"Speaking to reporters, {name} "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "said-weekday-that":  # NAME said Tuesday that S.
        c.add(f"{name} "), c.add("said", "cue"), c.add(" Tuesday that "), c.add(s, "content")
        c.add(".")
    elif template == "parenthesised-role":  # NAME (ROLE) said S.
        c.add(f"{name} (Liberal, Eastport North) "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "dashed-role":  # NAME — a ROLE — said S.
        c.add(f"{name} — {r.choice(ROLES[:6])} — "), c.add("said", "cue"), c.add(" ")
        c.add(s, "content"), c.add(".")
    elif template == "trailing-told-reporters":  # S, NAME told reporters.
        c.addressee = "reporters"
        c.add(s[0].upper() + s[1:], "content"), c.add(f", {name} "), c.add("told", "cue")
        c.add(" reporters.")
    elif template == "quote-in-a-statement":  # “Q,” NAME said in a statement.
        c.add("“"), c.add(q, "content"), c.add(f",” {name} "), c.add("said", "cue")
        c.add(" in a statement.")
    elif template == "role-renames-named":  # NAME, the mayor, toured … “Q,” the mayor said.
        c.add(f"{name}, the mayor of Eastport, toured the flooded streets on Monday. “")
        c.add(q, "content"), c.add(",” the mayor "), c.add("said", "cue"), c.add(".")
    elif template in NEGATIVES:
        c.negative = True
        c.add(NEGATIVES[template].format(name=name, org=org[0].upper() + org[1:], q=q))
    else:
        raise SystemExit(f"unknown template {template!r}")
    return c


TEMPLATES = [
    "inverted-direct",
    "direct-then-name",
    "name-colon-direct",
    "indirect-that",
    "indirect-trailing",
    "inverted-indirect",
    "told-that",
    "org-statement",
    "org-apposition-statement",
    "according-to",
    "split-quote",
    "pronoun-after-name",
    "title-name",
    "letter-to",
    "dateline",
    "two-claims",
    "told-reporters-direct",
    "adding-that",
    "role-colon-direct",
    "split-in-sentence",
    "in-a-statement-first",
    "interview-with",
    "question-asked",
    "says-present",
    "org-role-name",
    "age-apposition",
    "trailing-according",
    "other-verbs",
    "pronoun-past-other",
    "multi-paragraph-quote",
    "said-of",
    "question-mark-after",
    "single-quotes",
    "straight-quotes",
    "name-role-after-quote",
    "who-clause",
    "statement-trailing",
    "added-pronoun",
    "spokesperson-of",
    "unusual-names",
    "asked-whether",
    "in-an-interview-colon",
    "two-sentence-quote",
    "nested-single-quotes",
    "wrote-on-social",
    "participle-interruption",
    "asked-whether-then-quote",
    "speaking-to-reporters",
    "said-weekday-that",
    "parenthesised-role",
    "dashed-role",
    "trailing-told-reporters",
    "quote-in-a-statement",
    "role-renames-named",
]


# sentences that report nobody's words (the sentence before them reports none either). Not
# "X declined to comment": PolNeAR's annotators read that as an attribution (28 of 28 in train)
NEGATIVES = {
    "not-available": "{org} was not immediately available for comment.",
    "narration": "{name}, who founded the firm in 1998, retired last year.",
    "quoted-title": "The film “{q}” opened in cinemas on Friday.",
    "photo-caption": "Photo: {name} / Reuters",
}
TEMPLATES += list(NEGATIVES)


def _chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def _norm(label: str | None) -> str:
    label = (label or "").lower().replace(".", "").strip()
    return label[4:] if label.startswith("the ") else label


def judge(case: Case, claims) -> tuple[bool, bool | None, bool | None, object]:
    """(found, speaker right, addressee right, the matching claim); for a negative case,
    found means that no claim came out."""
    if case.negative:
        return not claims, not claims, None, claims[0] if claims else None
    want = _chars(case.content)
    best, best_j = None, 0.0
    for claim in claims:
        if not (claim.cue.start < case.cue[1] and case.cue[0] < claim.cue.end):
            continue
        got = _chars([(s.start, s.end) for s in claim.content])
        j = len(want & got) / len(want | got) if want | got else 0.0
        if j > best_j:
            best, best_j = claim, j
    if best is None or best_j < 0.8:
        return False, None, None, best
    speaker = _norm(best.speaker.label if best.speaker else None) == _norm(case.speaker)
    addressee = None
    if case.addressee is not None:
        addressee = best.addressee is not None and case.addressee in best.addressee.text
    return True, speaker, addressee, best


def _show(claim) -> str:
    if claim is None:
        return "no claim"
    source = claim.source.text if claim.source else None
    speaker = claim.speaker.label if claim.speaker else None
    addressee = claim.addressee.text if claim.addressee else None
    return (
        f"{source!r} / {speaker!r} / {claim.cue.text!r} / {claim.content_text!r} / to {addressee!r}"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--per", type=int, default=16, help="fillings per template (16)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated template names")
    ap.add_argument("--show", type=int, default=2, help="failures to print per template")
    args = ap.parse_args(argv)

    import kg
    from kg.api import extract

    templates = [t for t in TEMPLATES if not args.only or t in args.only.split(",")]
    r = random.Random(args.seed)
    cases = [_fill(t, r) for t in templates for _ in range(args.per)]
    articles = [kg.article(c.text, id=f"case{i}") for i, c in enumerate(cases)]
    results = list(extract(articles))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    failures: dict[str, list[str]] = defaultdict(list)
    for case, result in zip(cases, results, strict=True):
        found, speaker, addressee, claim = judge(case, result.claims)
        t = tally[case.template]
        t[0] += 1
        t[1] += found
        t[2] += bool(speaker)
        t[3] += case.addressee is not None
        t[4] += bool(addressee)
        if not (found and speaker and addressee is not False):
            failures[case.template].append(f"{case.text.strip()!r}\n        -> {_show(claim)}")
    total = [sum(v[i] for v in tally.values()) for i in range(5)]
    print(f"{'template':28} {'n':>4} {'found':>6} {'speaker':>8} {'addressee':>10}")
    for name in templates:
        n, f, s, na, a = tally[name]
        adr = f"{a / na:.2f}" if na else ""
        print(f"{name:28} {n:4} {f / n:6.2f} {s / n:8.2f} {adr:>10}")
    n, f, s, na, a = total
    print(f"{'all':28} {n:4} {f / n:6.3f} {s / n:8.3f} {a / na if na else 0:10.3f}")
    for name in templates:
        for line in failures[name][: args.show]:
            print(f"  [{name}] {line}")


if __name__ == "__main__":
    main()
