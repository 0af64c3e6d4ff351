"""A small hand-made claim graph (2 articles, 2 publishers, 6 claims) as kg/rdf/graph.py writes.

The article texts are invented. Evidence offsets are written by hand below and checked against the
texts when the TriG is built, so a wrong offset fails loudly instead of testing the wrong thing.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.rdf.lookup import name_keys

PREFIXES = """\
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kg: <https://w3id.org/claimgraph/ns#> .
@base <https://w3id.org/claimgraph/id/> .
"""

KGD = "https://w3id.org/claimgraph/id/"

TEXT = {
    "a1": 'Jane Doe said the plan was late. "It will fail," Jane Doe told the council. '
    "A source said costs rose.",
    "a2": "The council said the plan is on track. Jane Doe warned that costs were rising. "
    'Officials claimed the plan was "fine".',
}

ARTICLES = (
    """
<article/a1> a schema:NewsArticle ; schema:identifier "a1" ; schema:headline "Plan is late" ;
    schema:url <http://example.org/news/a1> ; schema:datePublished "2019-12-01"^^xsd:date ;
    schema:publisher <org/sunday-times> , <org/daily-planet> ;
    schema:articleBody BODY_a1 .
<org/sunday-times> a schema:Organization ; schema:name "The Sunday Times" .
<org/daily-planet> a schema:Organization ; schema:name "The Daily Planet" .
""",
    """
<article/a2> a schema:NewsArticle ; schema:identifier "a2" ; schema:headline "Plan on track" ;
    schema:url <http://example.org/news/a2> ; schema:datePublished "2020-01-15"^^xsd:date ;
    schema:publisher <org/daily-planet> ;
    schema:articleBody BODY_a2 .
<org/daily-planet> a schema:Organization ; schema:name "The Daily Planet" .
""",
)

ENTITIES = {
    "jane": '<person/jane-doe> a schema:Person ; schema:name "Jane Doe" ; '
    'schema:alternateName "Doe" .',
    "council": '<org/council> a schema:Organization ; schema:name "the council" ; '
    'schema:alternateName "City Council" .',
    "plan": '<thing/plan> a schema:Thing ; schema:name "the plan" .',
    "costs": '<thing/costs> a schema:Thing ; schema:name "costs" .',
    "source": '<unnamed/5f1e> a kg:UnnamedSource ; schema:name "A source" .',
    "officials": '<group/officials> a kg:Group ; schema:name "Officials" .',
}

# the claim type of a lemma the sample uses, when not a statement
CLAIM_TYPES = {"want": "Intention", "believe": "Belief", "know": "Knowledge"}

# id, article, author, claimant span, cue span, lemma, content spans, kind, addressee span,
# about, sentence span; spans are (start, end) into TEXT[article]
CLAIMS = [
    (
        "c1",
        "a1",
        "person/jane-doe",
        (0, 8),
        (9, 13),
        "say",
        [(14, 31)],
        "Indirect",
        None,
        ["thing/plan"],
        (0, 32),
    ),
    (
        "c2",
        "a1",
        "person/jane-doe",
        (49, 57),
        (58, 62),
        "tell",
        [(34, 46)],
        "Direct",
        ((63, 74), "org/council"),
        [],
        (33, 75),
    ),
    (
        "c3",
        "a1",
        "unnamed/5f1e",
        (76, 84),
        (85, 89),
        "say",
        [(90, 100)],
        "Indirect",
        None,
        ["thing/costs"],
        (76, 101),
    ),
    (
        "c4",
        "a2",
        "org/council",
        (0, 11),
        (12, 16),
        "say",
        [(17, 37)],
        "Indirect",
        None,
        ["thing/plan"],
        (0, 38),
    ),
    (
        "c5",
        "a2",
        "person/jane-doe",
        (39, 47),
        (48, 54),
        "warn",
        [(60, 77)],
        "Indirect",
        None,
        ["thing/costs"],
        (39, 78),
    ),
    (
        "c6",
        "a2",
        "group/officials",
        (79, 88),
        (89, 96),
        "claim",
        [(97, 116)],
        "Mixed",
        None,
        ["thing/plan"],
        (79, 117),
    ),
]

RUN = """
<run/r1> a prov:Activity ; prov:wasAssociatedWith <agent/kg-0.1.0> ;
    kg:spacyPipeline "en_core_web_sm 3.8.0" ; kg:rulesVersion "1" .
<agent/kg-0.1.0> a prov:SoftwareAgent ; rdfs:label "kg 0.1.0" ; schema:softwareVersion "0.1.0" .
"""

ENTITY_KEYS = {
    "person/jane-doe": "jane",
    "org/council": "council",
    "thing/plan": "plan",
    "thing/costs": "costs",
    "unnamed/5f1e": "source",
    "group/officials": "officials",
}


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _evidence(claim: str, name: str, role: str, article: str, span: tuple[int, int]) -> str:
    text = TEXT[article]
    start, end = span
    node = f"claim/{claim}/{name}"
    return (
        f"<claim/{claim}> kg:evidence <{node}> .\n"
        f"<{node}> a oa:SpecificResource ; kg:role kg:{role} ; oa:hasSource <article/{article}> ;\n"
        f"    oa:hasSelector <{node}/position> , <{node}/quote> .\n"
        f"<{node}/position> a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .\n"
        f"<{node}/quote> a oa:TextQuoteSelector ; oa:exact {_lit(text[start:end])} ;\n"
        f"    oa:prefix {_lit(text[max(0, start - 32) : start])} ; "
        f"oa:suffix {_lit(text[end : end + 32])} .\n"
    )


def claim_turtle(row: tuple) -> str:
    cid, art, author, who, cue, lemma, content, kind, addressee, about, sentence = row
    text = TEXT[art]
    parts = [f"<claim/{cid}> a schema:Claim ;"]
    parts.append(f"    schema:author <{author}> ; kg:claimantText {_lit(text[slice(*who)])} ;")
    names = re.findall(r'schema:(?:name|alternateName) "([^"]*)"', ENTITIES[ENTITY_KEYS[author]])
    keys = " , ".join(_lit(k) for k in name_keys(text[slice(*who)], *names))
    if keys:
        parts.append(f"    kg:claimantKey {keys} ;")
    parts.append(f"    schema:text {_lit(' … '.join(text[s:e] for s, e in content))} ;")
    parts.append(f"    kg:kind kg:{kind} ; kg:cueText {_lit(text[slice(*cue)])} ;")
    parts.append(
        f"    kg:cueLemma {_lit(lemma)} ; kg:claimType kg:{CLAIM_TYPES.get(lemma, 'Statement')} ;"
    )
    if addressee:
        parts.append(f"    schema:recipient <{addressee[1]}> ;")
        parts.append(f"    kg:addresseeText {_lit(text[slice(*addressee[0])])} ;")
    for a in about:
        parts.append(f"    schema:about <{a}> ;")
    parts.append(f"    schema:appearance <article/{art}> ;")
    parts.append('    kg:confidence "0.85"^^xsd:decimal ; kg:extractionRule "test-rule" ;')
    parts.append("    prov:wasGeneratedBy <run/r1> .")
    out = "\n".join(parts) + "\n"
    for i, span in enumerate(content):
        out += _evidence(cid, f"content/{i}", "ContentRole", art, span)
    out += _evidence(cid, "cue", "CueRole", art, cue)
    out += _evidence(cid, "claimant", "ClaimantRole", art, who)
    if addressee:
        out += _evidence(cid, "addressee", "AddresseeRole", art, addressee[0])
    out += _evidence(cid, "sentence", "SentenceRole", art, sentence)
    return out


def build_trig(claims: list[tuple] = CLAIMS) -> str:
    """TriG with one named graph per article, entities described in each article that uses them."""
    graphs = []
    for art, meta in zip(("a1", "a2"), ARTICLES, strict=True):
        rows = [c for c in claims if c[1] == art]
        used = set()
        for c in rows:
            used.add(c[2])
            used.update(c[9])
            if c[8]:
                used.add(c[8][1])
        body = meta.replace(f"BODY_{art}", _lit(TEXT[art])) + RUN
        body += "\n".join(_with_name_keys(ENTITIES[ENTITY_KEYS[e]]) for e in sorted(used)) + "\n"
        body += "".join(claim_turtle(c) for c in rows)
        graphs.append(f"<graph/{art}> {{\n{body}}}\n")
    return PREFIXES + "\n".join(graphs)


def _with_name_keys(description: str) -> str:
    """An entity's Turtle with the name index kg's graph mapping writes (kg.rdf.lookup)."""
    names = re.findall(r'schema:(?:name|alternateName) "([^"]*)"', description)
    keys = " , ".join(_lit(k) for k in name_keys(*names))
    return description[:-1].rstrip() + f" ; kg:nameKey {keys} ." if keys else description


def make_store(trig: str | None = None) -> ox.Store:
    store = ox.Store()
    store.load(trig if trig is not None else build_trig(), format=ox.RdfFormat.TRIG)
    return store


def iri(local: str) -> str:
    return KGD + local
