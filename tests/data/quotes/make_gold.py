"""Build the invented quote gold (``invented.jsonl`` + ``invented.entities.json``) from the
readable annotations below.

Why a script: hand-typed character offsets drift with every edit of a text; here each
attribution names its spans by their words and the script finds the offsets (the content
first, then the nearest cue, then the nearest claimant), so the gold stays checkable by eye.
``tests/test_quote_gold.py`` fails when the JSONL is not what this script writes.

The articles are INVENTED (no news text is copied): short news-like reports written to hold
the shapes issue 11 names — pronoun speakers with a competing name of the other gender or
in object position, a pronoun whose antecedent has not spoken yet, descriptions and roles
("the driver", "the 64-year-old", "the officer") for a person named earlier, inverted and
coordinated claimants, floating quotes (a quoted paragraph with no cue of its own), quotes
left without a speaker (a new topic), multi-paragraph quotes, gerund-subject contents and
claims that are not statements (beliefs, intentions).

Annotation conventions (those of docs/guidelines.md): a direct quote's content is the text
inside the marks; a floating or continued quote repeats the claimant and cue of the claim it
continues and is marked ``cue_carried_over``; ``type`` is statement / belief / knowledge /
intention as the cue reports; ``speaker`` is the person's name as first introduced without a
title, or the description when the article never names them.

Two files: ``invented.jsonl`` (the shapes the resolution rules were developed on) and
``heldout.jsonl`` (two articles written afterwards, never tuned on).

Run: ``python tests/data/quotes/make_gold.py`` (writes beside itself).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Each claim: (claimant, cue, content, speaker, kind, type[, flags]).
# The content is found first (it must be unique), then the cue nearest to it, then the claimant
# nearest to the cue; "words@N" takes the N-th occurrence instead. "" = no claimant.
# flags: "carried" (cue and claimant carried over from the claim it continues: the last one
# before it with the same cue words).
ARTICLES: list[dict] = [
    {
        "id": "harbour-ferry",
        "title": "Ferry fares to rise as council backs harbour plan",
        "text": (
            "Ferry fares to rise as council backs harbour plan\n"
            "Mayor Jane Ortiz stepped up to the microphone on Monday evening as the council "
            'chamber filled. "We are ready," she said. "The new ferry line will run by '
            'spring."\n'
            "Councillor Paul Greene, who chairs the transport committee, was less sure. He said "
            "the budget had not been tested against a hard winter.\n"
            '"It works," insists Ortiz. "It really does."\n'
            "The plan was first floated in 2019, when the old pier was closed for repairs.\n"
            '"Build it and they will come" became the slogan of the campaign that followed.\n'
            'Asked whether the fare rise could be delayed, the mayor shook her head. "No '
            'deal," reply the mayor and her deputy, Alan Marsh.\n'
            "Greene met Ortiz after the vote. He said he still fears the costs will double.\n"
            '"The numbers are optimistic at best. We will be back here in a year."\n'
            "Residents want the fares frozen, and a petition with 3,000 names was handed to the "
            "clerk on Tuesday.\n"
        ),
        "claims": [
            ("she", "said", "We are ready,", "Jane Ortiz", "direct", "statement"),
            (
                "she",
                "said",
                "The new ferry line will run by spring.",
                "Jane Ortiz",
                "direct",
                "statement",
                "carried",
            ),
            (
                "He",
                "said",
                "the budget had not been tested against a hard winter",
                "Paul Greene",
                "indirect",
                "statement",
            ),
            ("Ortiz", "insists", "It works,", "Jane Ortiz", "direct", "statement"),
            ("Ortiz", "insists", "It really does.", "Jane Ortiz", "direct", "statement", "carried"),
            (
                "the mayor and her deputy, Alan Marsh",
                "reply",
                "No deal,",
                "Jane Ortiz and Alan Marsh",
                "direct",
                "statement",
            ),
            (
                "He",
                "said",
                "he still fears the costs will double",
                "Paul Greene",
                "indirect",
                "statement",
            ),
            ("he", "fears", "the costs will double", "Paul Greene", "indirect", "belief"),
            (
                "He",
                "said",
                "The numbers are optimistic at best. We will be back here in a year.",
                "Paul Greene",
                "direct",
                "statement",
                "carried",
            ),
            ("Residents", "want", "the fares frozen", "residents", "indirect", "intention"),
        ],
    },
    {
        "id": "bridge-crash",
        "title": "Lorry driver questioned after bridge crash",
        "text": (
            "Lorry driver questioned after bridge crash\n"
            "A lorry driver was questioned by police on Friday after his vehicle struck the "
            "railing of the Kelling Bridge, closing the road for six hours.\n"
            "The driver had stopped for fuel minutes before the crash. He told the police, "
            "“The brakes just went. I did everything I could.”\n"
            "Officer Dana Wells, who attended the scene, said no one was hurt. “We were lucky "
            "this happened at night,” the officer added.\n"
            "“A few hours later and the bridge would have been full of school buses.”\n"
            "Local resident Tom Baker, 64, said the railing had been damaged twice before. The "
            "64-year-old wants a lower speed limit on the approach.\n"
            "“Every winter it is the same story,” Baker said. “Someone comes down that hill too "
            "fast.”\n"
            "The bridge reopened at 4pm. Engineers will inspect the structure next week.\n"
            "“We expect to find only surface damage,” said a spokeswoman for the county "
            "highways department.\n"
        ),
        "claims": [
            (
                "He",
                "told",
                "The brakes just went. I did everything I could.",
                "the driver",
                "direct",
                "statement",
            ),
            (
                "Officer Dana Wells, who attended the scene",
                "said",
                "no one was hurt",
                "Dana Wells",
                "indirect",
                "statement",
            ),
            (
                "the officer",
                "added",
                "We were lucky this happened at night,",
                "Dana Wells",
                "direct",
                "statement",
            ),
            (
                "the officer",
                "added",
                "A few hours later and the bridge would have been full of school buses.",
                "Dana Wells",
                "direct",
                "statement",
                "carried",
            ),
            (
                "Local resident Tom Baker, 64",
                "said",
                "the railing had been damaged twice before",
                "Tom Baker",
                "indirect",
                "statement",
            ),
            (
                "The 64-year-old",
                "wants",
                "a lower speed limit on the approach",
                "Tom Baker",
                "indirect",
                "intention",
            ),
            (
                "Baker",
                "said",
                "Every winter it is the same story,",
                "Tom Baker",
                "direct",
                "statement",
            ),
            (
                "Baker",
                "said",
                "Someone comes down that hill too fast.",
                "Tom Baker",
                "direct",
                "statement",
                "carried",
            ),
            (
                "a spokeswoman for the county highways department",
                "said",
                "We expect to find only surface damage,",
                "the county highways department",
                "direct",
                "statement",
            ),
        ],
    },
    {
        "id": "rovers-defeat",
        "title": "Rovers slip to third after home defeat",
        "text": (
            "Rovers slip to third after home defeat\n"
            "Coach Marta Silva, in her second season with the club, blamed tired legs for "
            "Saturday's 2-1 defeat to Millbrook. \"We ran out of energy in the last twenty "
            'minutes," she said.\n'
            'Silva\'s captain, Leon Achterberg, was more direct. "We were not good enough," he '
            'said. "Simple as that."\n'
            '"Next week we go again. Nobody in this dressing room is giving up."\n'
            "Achterberg has scored nine goals this season.\n"
            "The coach said losing at home is never easy. She believes the squad is strong "
            "enough to finish in the top two.\n"
            "Fans plan to march before the next home game to protest against ticket prices.\n"
        ),
        "claims": [
            (
                "she",
                "said",
                "We ran out of energy in the last twenty minutes,",
                "Marta Silva",
                "direct",
                "statement",
            ),
            ("he", "said", "We were not good enough,", "Leon Achterberg", "direct", "statement"),
            ("he", "said", "Simple as that.", "Leon Achterberg", "direct", "statement", "carried"),
            (
                "he",
                "said",
                "Next week we go again. Nobody in this dressing room is giving up.",
                "Leon Achterberg",
                "direct",
                "statement",
                "carried",
            ),
            (
                "The coach",
                "said",
                "losing at home is never easy",
                "Marta Silva",
                "indirect",
                "statement",
            ),
            (
                "She",
                "believes",
                "the squad is strong enough to finish in the top two",
                "Marta Silva",
                "indirect",
                "belief",
            ),
            (
                "Fans",
                "plan",
                "to march before the next home game to protest against ticket prices",
                "fans",
                "indirect",
                "intention",
            ),
        ],
    },
    {
        "id": "teachers-strike",
        "title": "Teachers vote to strike over class sizes",
        "text": (
            "Teachers vote to strike over class sizes\n"
            "Teachers at four schools in Dunmore will strike next month, their union said on "
            "Wednesday.\n"
            "The union's regional secretary, Priya Nair, said members had been patient for three "
            'years. "Nobody takes this step lightly," Nair said. "Our members voted by a clear '
            "margin.\n"
            '"If the minister wants to talk, our door is open."\n'
            "Education minister Robert Hale met Nair on Tuesday. She said the meeting was polite "
            "but empty.\n"
            "Hale rejected that account. He told reporters the government had already offered to "
            "hire 200 more teachers.\n"
            '"The offer is on the table," he said. "It has been for weeks."\n'
            "A spokesman for the Dunmore school board said it hopes the strike can be avoided.\n"
        ),
        "claims": [
            (
                "their union",
                "said",
                "Teachers at four schools in Dunmore will strike next month",
                "the union",
                "indirect",
                "statement",
            ),
            (
                "The union's regional secretary, Priya Nair",
                "said",
                "members had been patient for three years",
                "Priya Nair",
                "indirect",
                "statement",
            ),
            (
                "Nair",
                "said",
                "Nobody takes this step lightly,",
                "Priya Nair",
                "direct",
                "statement",
            ),
            (
                "Nair",
                "said",
                'Our members voted by a clear margin.\n"If the minister wants to talk, our door is '
                "open.",
                "Priya Nair",
                "direct",
                "statement",
                "carried",
            ),
            (
                "She",
                "said",
                "the meeting was polite but empty",
                "Priya Nair",
                "indirect",
                "statement",
            ),
            (
                "He",
                "told",
                "the government had already offered to hire 200 more teachers",
                "Robert Hale",
                "indirect",
                "statement",
            ),
            ("he", "said", "The offer is on the table,", "Robert Hale", "direct", "statement"),
            (
                "he",
                "said",
                "It has been for weeks.",
                "Robert Hale",
                "direct",
                "statement",
                "carried",
            ),
            (
                "A spokesman for the Dunmore school board",
                "said",
                "it hopes the strike can be avoided",
                "Dunmore school board",
                "indirect",
                "statement",
            ),
            (
                "it",
                "hopes",
                "the strike can be avoided",
                "Dunmore school board",
                "indirect",
                "intention",
            ),
        ],
    },
    {
        "id": "scan-delays",
        "title": "Hospital trust admits delays in cancer scans",
        "text": (
            "Hospital trust admits delays in cancer scans\n"
            "The North Vale hospital trust has admitted that patients waited up to nine weeks for "
            "cancer scans last year.\n"
            "In a statement, the trust said it was sorry and had hired four more radiographers. "
            "It added that waiting times had fallen since March.\n"
            "Dr Aisha Rahman, a consultant radiologist at the trust, said the machines were "
            "running late into the night. “Staff are exhausted,” she said. “We cannot keep this "
            "up.”\n"
            "Health campaigner Martin Doyle said he learned of the delays from a patient's "
            "daughter.\n"
            "“She came to me in tears. Her mother had been told nothing for a month.”\n"
            "Rahman and Doyle both called for an independent review. They said the trust's "
            "figures did not show the full picture.\n"
        ),
        "claims": [
            (
                "The North Vale hospital trust",
                "has admitted",
                "patients waited up to nine weeks for cancer scans last year",
                "North Vale hospital trust",
                "indirect",
                "statement",
            ),
            (
                "the trust",
                "said",
                "it was sorry and had hired four more radiographers",
                "North Vale hospital trust",
                "indirect",
                "statement",
            ),
            (
                "It",
                "added",
                "waiting times had fallen since March",
                "North Vale hospital trust",
                "indirect",
                "statement",
            ),
            (
                "Dr Aisha Rahman, a consultant radiologist at the trust",
                "said",
                "the machines were running late into the night",
                "Aisha Rahman",
                "indirect",
                "statement",
            ),
            ("she", "said", "Staff are exhausted,", "Aisha Rahman", "direct", "statement"),
            (
                "she",
                "said",
                "We cannot keep this up.",
                "Aisha Rahman",
                "direct",
                "statement",
                "carried",
            ),
            (
                "Health campaigner Martin Doyle",
                "said",
                "he learned of the delays from a patient's daughter",
                "Martin Doyle",
                "indirect",
                "statement",
            ),
            (
                "Health campaigner Martin Doyle",
                "said",
                "She came to me in tears. Her mother had been told nothing for a month.",
                "Martin Doyle",
                "direct",
                "statement",
                "carried",
            ),
            (
                "Rahman and Doyle",
                "called for",
                "an independent review",
                "Aisha Rahman and Martin Doyle",
                "indirect",
                "intention",
            ),
            (
                "They",
                "said",
                "the trust's figures did not show the full picture",
                "Aisha Rahman and Martin Doyle",
                "indirect",
                "statement",
            ),
        ],
    },
    {
        "id": "eastfield-debate",
        "title": "Candidates clash over housing in Eastfield debate",
        "text": (
            "Candidates clash over housing in Eastfield debate\n"
            "Sarah Kimura and Helen Brandt, the two candidates for the Eastfield seat, met for "
            "their only debate on Thursday night.\n"
            "Kimura, 41, opened with housing. She said the town needed 2,000 new homes within "
            'five years. "Young families are leaving because they cannot afford to stay," she '
            "said.\n"
            "Brandt listened, then shook her head. She said the plan would pave over the town's "
            "last green fields.\n"
            '"We can build on brownfield land first. There is plenty of it."\n'
            "The moderator, a retired judge, cut in several times to keep the debate on "
            "schedule.\n"
            '"Nobody is paving anything," the 41-year-old said later.\n'
            "Brandt, 58, did not respond. Her campaign manager, Owen Pryce, said she would "
            "publish a full housing plan next week.\n"
            '"Helen has been working on it since the spring," he said.\n'
        ),
        "claims": [
            (
                "She",
                "said",
                "the town needed 2,000 new homes within five years",
                "Sarah Kimura",
                "indirect",
                "statement",
            ),
            (
                "she",
                "said",
                "Young families are leaving because they cannot afford to stay,",
                "Sarah Kimura",
                "direct",
                "statement",
            ),
            (
                "She",
                "said",
                "the plan would pave over the town's last green fields",
                "Helen Brandt",
                "indirect",
                "statement",
            ),
            (
                "She",
                "said",
                "We can build on brownfield land first. There is plenty of it.",
                "Helen Brandt",
                "direct",
                "statement",
                "carried",
            ),
            (
                "the 41-year-old",
                "said",
                "Nobody is paving anything,",
                "Sarah Kimura",
                "direct",
                "statement",
            ),
            (
                "Her campaign manager, Owen Pryce",
                "said",
                "she would publish a full housing plan next week",
                "Owen Pryce",
                "indirect",
                "statement",
            ),
            (
                "he",
                "said",
                "Helen has been working on it since the spring,",
                "Owen Pryce",
                "direct",
                "statement",
            ),
        ],
    },
]

# Written after the resolution rules, to measure them on text they were not tuned on; scored
# separately (heldout.jsonl) so the number stays honest.
HELD_OUT: list[dict] = [
    {
        "id": "library-closure",
        "title": "Library to close two branches",
        "text": (
            "Library to close two branches\n"
            "Councillor Maria Esposito announced on Thursday that the Westgate and Holm "
            'libraries would close in April. "This is not a decision anyone wanted," she told '
            "the meeting.\n"
            "Her opponent on the council, James Whitaker, called the move short-sighted. He said "
            "the savings would be swallowed by the cost of maintaining empty buildings.\n"
            '"We will be paying to heat two locked doors."\n'
            "Esposito, 52, has led the council's finance committee since 2021. The 52-year-old "
            "insisted the figures had been checked twice.\n"
            "Librarian Ruth Okafor, who has worked at Holm for nineteen years, said she learned "
            'of the closure from a local radio report. "Nobody from the council told us," '
            'Okafor said. "Not a phone call, not an email."\n'
            "Readers plan to hold a sit-in at Holm next Saturday.\n"
        ),
        "claims": [
            (
                "Councillor Maria Esposito",
                "announced",
                "the Westgate and Holm libraries would close in April",
                "Maria Esposito",
                "indirect",
                "statement",
            ),
            (
                "she",
                "told",
                "This is not a decision anyone wanted,",
                "Maria Esposito",
                "direct",
                "statement",
            ),
            (
                "Her opponent on the council, James Whitaker",
                "called",
                "the move short-sighted",
                "James Whitaker",
                "indirect",
                "statement",
            ),
            (
                "He",
                "said",
                "the savings would be swallowed by the cost of maintaining empty buildings",
                "James Whitaker",
                "indirect",
                "statement",
            ),
            (
                "He",
                "said",
                "We will be paying to heat two locked doors.",
                "James Whitaker",
                "direct",
                "statement",
                "carried",
            ),
            (
                "The 52-year-old",
                "insisted",
                "the figures had been checked twice",
                "Maria Esposito",
                "indirect",
                "statement",
            ),
            (
                "Librarian Ruth Okafor",
                "said",
                "she learned of the closure from a local radio report",
                "Ruth Okafor",
                "indirect",
                "statement",
            ),
            (
                "Okafor",
                "said",
                "Nobody from the council told us,",
                "Ruth Okafor",
                "direct",
                "statement",
            ),
            (
                "Okafor",
                "said",
                "Not a phone call, not an email.",
                "Ruth Okafor",
                "direct",
                "statement",
                "carried",
            ),
            (
                "Readers",
                "plan",
                "to hold a sit-in at Holm next Saturday",
                "readers",
                "indirect",
                "intention",
            ),
        ],
    },
    {
        "id": "factory-fire",
        "title": "Fire at paint factory forces evacuation",
        "text": (
            "Fire at paint factory forces evacuation\n"
            "Around 200 homes were evacuated on Sunday after a fire broke out at the Brightline "
            "paint factory in Orrin.\n"
            'Fire chief Daniel Moss told reporters the blaze had started in a storage shed. "It '
            'spread to the main building within minutes," he said.\n'
            "A worker who was on the night shift said he heard two loud bangs before the alarm "
            "sounded. The man, who asked not to be named, said staff had complained about the "
            "shed for months.\n"
            '"We told the managers it was a fire trap. They said it would be fixed in the '
            'spring."\n'
            "Brightline said in a statement that it was cooperating fully with investigators. "
            "The company believes the fire was an accident.\n"
            'Moss and his deputy, Karen Bell, will give an update on Monday. "We will know more '
            'once the site is safe," say the chief and his deputy.\n'
        ),
        "claims": [
            (
                "Fire chief Daniel Moss",
                "told",
                "the blaze had started in a storage shed",
                "Daniel Moss",
                "indirect",
                "statement",
            ),
            (
                "he",
                "said",
                "It spread to the main building within minutes,",
                "Daniel Moss",
                "direct",
                "statement",
            ),
            (
                "A worker",
                "said",
                "he heard two loud bangs before the alarm sounded",
                "the worker",
                "indirect",
                "statement",
            ),
            (
                "The man",
                "said",
                "staff had complained about the shed for months",
                "the worker",
                "indirect",
                "statement",
            ),
            (
                "The man",
                "said",
                "We told the managers it was a fire trap. They said it would be fixed in the "
                "spring.",
                "the worker",
                "direct",
                "statement",
                "carried",
            ),
            (
                "Brightline",
                "said",
                "it was cooperating fully with investigators",
                "Brightline",
                "indirect",
                "statement",
            ),
            (
                "The company",
                "believes",
                "the fire was an accident",
                "Brightline",
                "indirect",
                "belief",
            ),
            (
                "the chief and his deputy",
                "say",
                "We will know more once the site is safe,",
                "Daniel Moss and Karen Bell",
                "direct",
                "statement",
            ),
        ],
    },
]

HELD_OUT_ENTITIES = {
    "ESPOSITO": ("Maria Esposito", ["Councillor Maria Esposito", "Esposito", "the 52-year-old"]),
    "WHITAKER": ("James Whitaker", ["Whitaker"]),
    "OKAFOR": ("Ruth Okafor", ["Okafor", "Librarian Ruth Okafor"]),
    "READERS": ("readers", []),
    "MOSS": ("Daniel Moss", ["Moss", "Fire chief Daniel Moss", "the chief"]),
    "WORKER": ("the worker", ["a worker", "the man", "a worker who was on the night shift"]),
    "BRIGHTLINE": ("Brightline", ["the company", "the Brightline paint factory"]),
    "MOSS_BELL": ("Daniel Moss and Karen Bell", ["the chief and his deputy", "Moss and Bell"]),
}

# Who each speaker label is, with the other names a reader would accept.
ENTITIES = {
    "ORTIZ": ("Jane Ortiz", ["Mayor Jane Ortiz", "Ortiz", "Ms Ortiz", "the mayor"]),
    "GREENE": ("Paul Greene", ["Councillor Paul Greene", "Greene"]),
    "ORTIZ_MARSH": (
        "Jane Ortiz and Alan Marsh",
        ["the mayor and her deputy, Alan Marsh", "the mayor and her deputy"],
    ),
    "RESIDENTS": ("residents", []),
    "DRIVER": ("the driver", ["a lorry driver", "the lorry driver"]),
    "WELLS": ("Dana Wells", ["Officer Dana Wells", "Wells", "the officer"]),
    "BAKER": ("Tom Baker", ["Local resident Tom Baker", "Baker", "the 64-year-old"]),
    "HIGHWAYS": (
        "the county highways department",
        ["county highways department", "the highways department"],
    ),
    "SILVA": ("Marta Silva", ["Coach Marta Silva", "Silva", "the coach"]),
    "ACHTERBERG": ("Leon Achterberg", ["Achterberg"]),
    "FANS": ("fans", []),
    "UNION": ("the union", ["their union", "the teachers' union"]),
    "NAIR": ("Priya Nair", ["Nair"]),
    "HALE": ("Robert Hale", ["Hale", "Education minister Robert Hale"]),
    "SCHOOL_BOARD": ("Dunmore school board", ["the Dunmore school board"]),
    "TRUST": ("North Vale hospital trust", ["the North Vale hospital trust", "the trust"]),
    "RAHMAN": ("Aisha Rahman", ["Dr Aisha Rahman", "Rahman"]),
    "DOYLE": ("Martin Doyle", ["Doyle", "Health campaigner Martin Doyle"]),
    "RAHMAN_DOYLE": ("Aisha Rahman and Martin Doyle", ["Rahman and Doyle"]),
    "KIMURA": ("Sarah Kimura", ["Kimura", "the 41-year-old"]),
    "BRANDT": ("Helen Brandt", ["Brandt", "Helen"]),
    "PRYCE": ("Owen Pryce", ["Pryce"]),
}


def _occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` occurs as whole words ("he" is not in "the")."""
    left = r"(?<!\w)" if needle[0].isalnum() else ""
    right = r"(?!\w)" if needle[-1].isalnum() else ""
    return [m.start() for m in re.finditer(left + re.escape(needle) + right, text)]


def _find(text: str, spec: str, near: int | None, where: str, outside: dict | None = None) -> dict:
    """The span named by ``spec`` ("words" or "words@N"); without @N the occurrence nearest
    to ``near`` (or the only one) that is not inside ``outside``."""
    needle, _, nth = spec.rpartition("@") if "@" in spec else (spec, "", "")
    hits = _occurrences(text, needle)
    if outside is not None:
        hits = [h for h in hits if not outside["start"] <= h < outside["end"]]
    if not hits:
        sys.exit(f"{where}: {needle!r} not in the text")
    if nth:
        start = hits[int(nth) - 1]
    elif near is None:
        if len(hits) > 1:
            sys.exit(f"{where}: {needle!r} occurs {len(hits)} times; say which with @N")
        start = hits[0]
    else:
        lo, hi = (outside["start"], outside["end"]) if outside else (near, near)
        start = min(hits, key=lambda h: min(abs(h - lo), abs(h - hi)))
    return {"start": start, "end": start + len(needle), "text": needle}


def build(articles: list[dict], known: dict) -> tuple[list[dict], dict]:
    lines = []
    for art in articles:
        text = art["text"]
        atts = []
        for n, (source, cue, content, speaker, kind, ctype, *flags) in enumerate(art["claims"]):
            where = f"{art['id']} claim {n + 1}"
            content_span = _find(text, content, None, where)
            if "carried" in flags:  # the cue and claimant of the claim it continues
                donor = next(
                    a
                    for a in reversed(atts)
                    if not a["cue_carried_over"] and a["cue"][0]["text"] == cue
                )
                cue_span, source_spans = donor["cue"][0], donor["source"]
            else:
                cue_span = _find(text, cue, content_span["start"], where, content_span)
                source_spans = [_find(text, source, cue_span["start"], where)] if source else []
            atts.append(
                {
                    "id": f"{art['id']}#{n + 1}",
                    "tier": "core",
                    "kind": kind,
                    "type": ctype,
                    "source": source_spans,
                    "speaker": speaker,
                    "cue": [cue_span],
                    "content": [content_span],
                    "cue_carried_over": "carried" in flags,
                }
            )
        lines.append({"id": art["id"], "title": art["title"], "text": text, "attributions": atts})
    entities = {
        "entities": {
            key: {"label": label, "aliases": aliases} for key, (label, aliases) in known.items()
        }
    }
    return lines, entities


def render(articles: list[dict] = ARTICLES, known: dict = ENTITIES) -> tuple[str, str]:
    """(JSONL, entities JSON) of a set of articles."""
    lines, entities = build(articles, known)
    jsonl = "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in lines)
    return jsonl, json.dumps(entities, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    for stem, articles, known in (
        ("invented", ARTICLES, ENTITIES),
        ("heldout", HELD_OUT, HELD_OUT_ENTITIES),
    ):
        jsonl, ents = render(articles, known)
        (HERE / f"{stem}.jsonl").write_text(jsonl, encoding="utf-8")
        (HERE / f"{stem}.entities.json").write_text(ents, encoding="utf-8")
        print(f"wrote {HERE / stem}.jsonl and {stem}.entities.json")
