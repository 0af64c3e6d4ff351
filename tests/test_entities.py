"""Entities across articles, publishers, dates, aliases, `kg show` and `kg stats`.

The store is built from the reference article and two invented articles in examples/ that mention
the Home Office ("The Home Office said", "A Home Office spokesman said", "the Home Office’s").
Expectations are computed from the graph with independent queries where possible, not typed in.
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build import build_store
from kg.errors import InputError, KgError
from kg.rdf import queries as Q
from kg.rdf.graph import _date_literal
from kg.rdf.iris import entity_iri
from kg.rdf.profile import entity_profile, find_entity
from kg.rdf.stats import store_stats
from kg.rdf.store import export, open_store
from kg.rdf.validate import check_quads, validate_store
from kg.read import iter_articles, make_article
from kg.resolve.aliases import AliasTable, canonical_name, load_aliases, publisher_entity
from kg.types import Entity
from kg.ui.cli import app
from kg.ui.show import render_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = [
    EXAMPLES / "seed-article.txt",
    EXAMPLES / "probation-review.txt",
    EXAMPLES / "mentoring-programme.jsonl",
]
P = "PREFIX schema: <http://schema.org/> PREFIX kg: <https://w3id.org/claimgraph/ns#> "
runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, nlp) -> Path:
    path = tmp_path_factory.mktemp("entities")
    build_store(iter_articles(ARTICLES), path)  # validated as written (conftest)
    gc.collect()
    return path


@pytest.fixture(scope="module")
def store(store_dir) -> ox.Store:
    db = open_store(store_dir, create=False, read_only=True)
    yield db
    del db
    gc.collect()


def select(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    return [
        {v.value: (s[v].value if s[v] is not None else "") for v in r.variables}
        for r in [store.query(P + sparql)]
        for s in r
    ]


# ---------------------------------------------------------------- one entity across articles


def test_one_home_office_entity_in_every_article(store):
    named = select(
        store,
        "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e schema:name|schema:alternateName ?n } "
        'FILTER(REGEX(?n, "^(the )?home office$", "i")) }',
    )
    assert len(named) == 1
    home_office = named[0]["e"]
    graphs = select(
        store,
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?c schema:author <{home_office}> }} }}",
    )
    assert len(graphs) == len(ARTICLES)  # a claimant in each of the three articles


def test_corroboration_finds_the_home_office_in_several_articles(store):
    rows = list(Q.run(store, Q.resolve_query("corroboration"), {}))
    by_iri = {r["author"].value: r for r in rows}
    home = entity_iri(Entity("Home Office", "Home Office", "Organization"))
    assert home in by_iri
    articles_with_it = select(
        store,
        f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?c schema:author <{home}> ; "
        "schema:appearance ?a } }",
    )
    assert int(by_iri[home]["articles"].value) == len(articles_with_it) >= 2
    assert int(by_iri[home]["publishers"].value) >= 2


def test_spokesman_speaks_for_the_organisation(store):
    rows = select(
        store,
        'SELECT ?name WHERE { GRAPH ?g { ?c kg:claimantText "A Home Office spokesman" ; '
        "schema:author/schema:name ?name } }",
    )
    assert [r["name"] for r in rows] == ["Home Office"]


def test_every_entity_has_exactly_one_name_across_articles(store):
    rows = select(
        store,
        "SELECT ?e (COUNT(DISTINCT ?n) AS ?names) WHERE { GRAPH ?g { ?e a ?t ; schema:name ?n } "
        "FILTER(?t IN (schema:Person, schema:Organization, schema:Place, kg:Group, "
        "kg:UnnamedSource)) } GROUP BY ?e",
    )
    assert rows and all(r["names"] == "1" for r in rows), rows


def test_name_variants_are_alternate_names(store):
    rows = select(
        store,
        'SELECT DISTINCT ?alt WHERE { GRAPH ?g { ?e schema:name "Usman Khan" ; '
        "schema:alternateName ?alt } }",
    )
    assert {"Khan"} <= {r["alt"] for r in rows}
    assert not any(re.search(r"\d|,|’s$", r["alt"]) for r in rows)  # no "Khan, 27", no "Khan’s"


def test_unnamed_sources_never_merge_across_articles(store):
    rows = select(
        store,
        "SELECT DISTINCT ?g ?e WHERE { GRAPH ?g { ?c schema:author ?e . ?e a kg:UnnamedSource } }",
    )
    per_graph: dict[str, set[str]] = {}
    for r in rows:
        per_graph.setdefault(r["g"], set()).add(r["e"])
    assert len(per_graph) >= 2
    graphs = list(per_graph.values())
    for i, a in enumerate(graphs):
        for b in graphs[i + 1 :]:
            assert not a & b


def test_same_text_in_two_articles_merges_names_but_not_unnamed(nlp):
    from kg.pipeline import extract_articles

    text = (
        "The Home Office said the review was under way. Campaigners said it was too late. "
        "A source familiar with the review said that it would be delayed.\n"
    )
    first, second = extract_articles([make_article("one", text), make_article("two", text)])

    def iris(result, types):
        return {entity_iri(e) for e in result.entities if e.type in types}

    assert iris(first, ("Organization",)) == iris(second, ("Organization",)) != set()
    unnamed = ("UnnamedSource", "Group")
    assert iris(first, unnamed) and not iris(first, unnamed) & iris(second, unnamed)


def test_what_was_claimed_about_usman_khan(store):
    rows = list(Q.run(store, Q.resolve_query("claims-about"), {"name": "usman khan"}))
    claimants = {r["claimant"].value for r in rows}
    articles = {r["article"].value for r in rows}
    assert len(articles) >= 2 and "Usman Khan" not in claimants
    for r in rows:  # every row's claim really has Usman Khan among its topics
        topics = select(
            store,
            "SELECT ?n WHERE { GRAPH ?g { "
            f"<{r['claim'].value}> schema:about/schema:name ?n }} }}",
        )
        assert "Usman Khan" in {t["n"] for t in topics}


# ---------------------------------------------------------------- articles and publishers


def test_publishers_are_the_same_entities_as_claimants(store):
    rows = select(
        store,
        "SELECT DISTINCT ?p ?t WHERE { GRAPH ?g { ?a schema:publisher ?p . ?p a ?t } }",
    )
    assert {r["t"] for r in rows} == {"http://schema.org/Organization"}
    courier = entity_iri(publisher_entity("The Northern Courier"))
    assert courier in {r["p"] for r in rows}
    told = select(
        store,
        f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c schema:recipient <{courier}> }} }}",
    )
    assert told  # "she told the Northern Courier": the publisher as addressee


def test_article_metadata_from_jsonl(store):
    rows = select(
        store,
        'SELECT ?h ?u ?d ?w WHERE { GRAPH ?g { ?a schema:identifier "mentoring-programme" ; '
        "schema:headline ?h ; schema:url ?u ; schema:datePublished ?d ; schema:author ?w } }",
    )
    record = json.loads((EXAMPLES / "mentoring-programme.jsonl").read_text("utf-8"))
    assert rows == [
        {"h": record["title"], "u": record["url"], "d": rows[0]["d"], "w": record["author"]}
    ]
    date = next(
        q.object
        for q in store.quads_for_pattern(
            None, ox.NamedNode("http://schema.org/datePublished"), None, None
        )
        if q.object.value.startswith(record["published"][:10])
    )
    assert date.datatype.value.endswith("#dateTime")


@pytest.mark.parametrize(
    "value, datatype, text",
    [
        ("2019-12-01", "date", "2019-12-01"),
        ("2020-02-03T09:30:00Z", "dateTime", None),
        ("2020-02-03T09:30", "dateTime", "2020-02-03T09:30:00"),
        ("2020-02-03 09:30:00+01:00", "dateTime", "2020-02-03T09:30:00+01:00"),
        ("2020-13-45", "string", "2020-13-45"),
        ("3 February 2020", "string", "3 February 2020"),
    ],
)
def test_dates_are_typed(value, datatype, text):
    literal = _date_literal(value)
    assert literal.datatype.value.endswith("#" + datatype)
    if text is not None:
        assert literal.value == text


def test_author_byline_is_the_author_not_the_publisher():
    article = make_article("b", "By Sam Carter and Ann Lee\nThe Home Office said no.\n")
    assert article.author == "Sam Carter, Ann Lee" and article.publishers == ()
    assert article.text[article.body_start :].startswith("The Home Office")
    assert make_article("c", "By the Harbour Gazette\nX.\n").publishers == ("The Harbour Gazette",)


# ---------------------------------------------------------------- aliases


def test_canonical_name_drops_article_and_possessive():
    assert {canonical_name(n) for n in ("the Home Office", "Home Office’s", "Home Office")} == {
        "Home Office"
    }


def test_alias_csv_and_yaml_agree(tmp_path):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text(
        "alias,canonical,wikidata,type\n# a comment\nHO,Home Office,Q1141022,organization\n"
        "Khan,Usman Khan,,Person\n",
        encoding="utf-8",
    )
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text(
        "Home Office:\n  aliases: [HO]\n  wikidata: Q1141022\n  type: Organization\n"
        "Usman Khan: [Khan]\n",
        encoding="utf-8",
    )
    for table in (load_aliases(csv_file), load_aliases(yaml_file)):
        ho = table.canonical(Entity("HO", "HO", "Person"))
        assert (ho.key, ho.type) == ("Home Office", "Organization")
        assert ho.same_as == ("http://www.wikidata.org/entity/Q1141022",)
        assert "HO" in ho.aliases
        # matched on the slug: case, "the" and a possessive do not matter
        assert table.canonical(Entity("the home office’s", "x", "Organization")).key == (
            "Home Office"
        )
        assert table.canonical(Entity("Khan", "Khan", "Person")).key == "Usman Khan"
        unnamed = Entity("a1#a source", "a source", "UnnamedSource")
        assert table.canonical(unnamed) is unnamed


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("x.csv", "HO,Home Office,Q12x\n", "x.csv:1: 'Q12x' is not a Wikidata id"),
        ("x.csv", "HO,Home Office\nHO,Foreign Office\n", "x.csv:2: 'HO' is already an alias"),
        ("x.csv", "HO\n", "x.csv:1: write 'alias,canonical"),
        ("x.csv", "HO,Home Office,,Ministry\n", "unknown type 'Ministry'"),
        ("x.yaml", "Home Office: [HO\n", "not valid YAML"),
        ("x.yaml", "- HO\n", "must be a mapping"),
        ("x.yaml", "Home Office:\n  alias: [HO]\n", "unknown key 'alias'"),
        ("x.json", "{}", "alias files are .csv, .tsv, .yaml or .yml"),
    ],
)
def test_alias_file_errors_are_one_clear_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_aliases(path)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_build_with_an_alias_file(tmp_path, nlp):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(
        "Home Office:\n  wikidata: Q1141022\nThe Northern Courier: {}\n", encoding="utf-8"
    )
    store_dir = tmp_path / "store"
    articles = iter_articles([EXAMPLES / "probation-review.txt"])
    build_store(articles, store_dir, aliases=load_aliases(aliases))
    gc.collect()
    db = open_store(store_dir, create=False, read_only=True)
    rows = select(
        db,
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "SELECT DISTINCT ?e ?n ?same WHERE { GRAPH ?g { ?e schema:name ?n . "
        "OPTIONAL { ?e owl:sameAs ?same } } }",
    )
    by_name = {r["n"]: r for r in rows}
    assert by_name["Home Office"]["same"] == "http://www.wikidata.org/entity/Q1141022"
    # the canonical name from the file, same IRI as without it ("the" is not part of the slug)
    assert by_name["The Northern Courier"]["e"] == entity_iri(
        Entity("Northern Courier", "Northern Courier", "Organization")
    )
    assert "Northern Courier" not in by_name
    del db
    gc.collect()


def test_cli_build_aliases_and_validate(tmp_path, nlp):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("HO,Home Office,Q1141022\n", encoding="utf-8")
    store_dir = tmp_path / "store"
    result = runner.invoke(
        app,
        ["build", str(EXAMPLES / "probation-review.txt"), "--store", str(store_dir)]
        + ["--aliases", str(aliases), "--validate"],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["build", "x.txt", "--aliases", str(tmp_path / "missing.csv")])
    assert result.exit_code == 1
    assert "missing.csv: no such alias file" in result.output
    assert "KG_ALIASES" not in os.environ  # the table is passed to the stages, not exported


def test_empty_alias_table_changes_nothing():
    entity = Entity("Home Office", "Home Office", "Organization", ("the Home Office",))
    assert AliasTable().canonical(entity) is entity


# ---------------------------------------------------------------- validation


def test_built_store_conforms(store):
    assert validate_store(store).conforms


def test_a_claim_losing_its_content_or_evidence_fails_readably(store):
    graph = next(g for g in store.named_graphs())
    quads = list(store.quads_for_pattern(None, None, None, graph))
    claim = next(q.subject for q in quads if q.object == ox.NamedNode("http://schema.org/Claim"))
    for predicate, words in [
        ("http://schema.org/text", "schema:text"),
        ("https://w3id.org/claimgraph/ns#evidence", "kg:evidence"),
    ]:
        broken = [q for q in quads if not (q.subject == claim and q.predicate.value == predicate)]
        with pytest.raises(KgError) as e:
            check_quads(broken, "the test graph")
        message = str(e.value)
        assert "does not conform" in message and words in message and claim.value in message


def test_no_https_schema_org_in_the_store_or_exports(store):
    for fmt in ("turtle", "trig", "nquads"):
        buf = io.BytesIO()
        export(store, buf, fmt)
        assert b"https://schema.org/" not in buf.getvalue() and buf.getvalue()


# ---------------------------------------------------------------- kg show, kg stats


def test_show_profile_has_each_claim_with_its_sentence(store):
    iri = find_entity(store, "home office")
    assert find_entity(store, "the Home Office") == iri  # an alternate name finds it too
    profile = entity_profile(store, iri)
    made = select(store, f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?c schema:author <{iri}> }} }}")
    assert {c.iri for c in profile.by_role("by")} == {r["c"] for r in made}
    buf = io.BytesIO()
    render_profile(profile, buf, width=1000)
    text = buf.getvalue().decode("utf-8")
    for claim in profile.claims:
        assert claim.sentence is not None and claim.sentence[1] in text
        for start, end in claim.content:  # the content lies inside its evidence sentence
            s0, sentence = claim.sentence
            assert s0 <= start and end <= s0 + len(sentence)
    assert {"Claimed by Home Office", "Claimed about Home Office"} <= {
        line.split(" (")[0] for line in text.splitlines()
    }


def test_show_cli(store_dir):
    result = runner.invoke(app, ["show", "Usman Khan", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usman Khan (Person)")
    assert "Claimed about Usman Khan" in result.output
    result = runner.invoke(app, ["show", "source familiar", "--store", str(store_dir)])
    assert result.exit_code == 1 and "matches 2 entities" in result.output
    result = runner.invoke(app, ["show", "Nobody Atall", "--store", str(store_dir)])
    assert result.exit_code == 1 and result.output.startswith("Error: no entity named like")


def test_stats_match_independent_counts(store, store_dir):
    stats = store_stats(store)
    assert stats.articles == len(ARTICLES)
    claims = select(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a schema:Claim } }"
    )
    assert stats.claims == int(claims[0]["n"]) == sum(stats.claims_by_kind.values())
    assert stats.entities_by_type["Organization"] >= 1 and stats.quads == len(store)
    assert {p.name for p in stats.publishers} >= {"Northern Courier", "Evening Ledger"}
    result = runner.invoke(app, ["stats", "--store", str(store_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["claims"] == stats.claims
    table = runner.invoke(app, ["stats", "--store", str(store_dir)])
    assert table.exit_code == 0 and re.search(r"articles\s+3\b", table.output)


def test_two_names_for_one_entity_is_a_warning_not_a_violation(store):
    graph = next(iter(store.named_graphs()))
    quads = list(store.quads_for_pattern(None, None, None, graph))
    name = ox.NamedNode("http://schema.org/name")
    first = next(q for q in quads if q.predicate == name)
    extra = ox.Quad(first.subject, name, ox.Literal(first.object.value + " (old)"), graph)
    from kg.rdf.validate import format_violations, validate_quads

    result = validate_quads(quads + [extra])
    assert result.conforms
    assert "more than one schema:name" in format_violations(result)


def test_claims_in_period_reads_date_times(store):
    record = json.loads((EXAMPLES / "mentoring-programme.jsonl").read_text("utf-8"))
    day = record["published"][:10]  # an ISO date-time in the JSONL: xsd:dateTime in the graph
    rows = list(Q.run(store, Q.resolve_query("claims-in-period"), {"from": day, "to": day}))
    assert rows and {r["article"].value.rsplit("/", 1)[-1] for r in rows} == {record["id"]}


def test_show_finds_an_entity_by_iri(store):
    iri = find_entity(store, "home office")
    assert find_entity(store, Q.compact(ox.NamedNode(iri))) == iri
    assert find_entity(store, f"<{iri}>") == iri
    with pytest.raises(KgError, match="no entity kgd:org/nowhere"):
        find_entity(store, "kgd:org/nowhere")


# ---------------------------------------------------------------- one entity per person (#11)
# Invented names and articles; mentions are built by hand so the rules are tested, not the tagger.

from kg.resolve.entities import Record, plan  # noqa: E402
from kg.resolve.names import person_name, slug  # noqa: E402
from kg.resolve.people import article_names  # noqa: E402
from kg.types import Mention, Span  # noqa: E402


@pytest.mark.parametrize(
    "written, key, title",
    [
        ("Senator Maria Ortiz", "Maria Ortiz", "Senator"),
        ("Secretary of State Maria Ortiz", "Maria Ortiz", "Secretary of State"),
        ("Democrat Maria Ortiz", "Maria Ortiz", "Democrat"),
        ("Republican presidential nominee Dan Voss", "Dan Voss", "Republican presidential nominee"),
        ("GOP Sen. Dan Voss", "Dan Voss", "GOP Sen."),
        ("Mexican President Dan Voss", "Dan Voss", "Mexican President"),
        ("Maria Ortiz’s", "Maria Ortiz", ""),
        ("Ms. Ortiz", "Ortiz", "Ms."),
        ("Dan J. Voss", "Dan J. Voss", ""),
        ("Dan Voss Jr.", "Dan Voss Jr", ""),
        ("Rival Maria Ortiz", "Maria Ortiz", "Rival"),
        ("Attorney General", "Attorney General", ""),  # a role alone stays whole
    ],
)
def test_person_key_has_no_title_party_or_possessive(written, key, title):
    parsed = person_name(written)
    assert (parsed.key, parsed.title) == (key, title)


def test_first_names_tell_people_apart():
    assert person_name("Dan J. Voss").compatible(person_name("Dan Voss"))
    assert not person_name("Clara Voss").compatible(person_name("Dan Voss"))
    assert not person_name("Dan Voss Jr.").compatible(person_name("Dan Voss"))
    assert not person_name("Dan W. Voss").compatible(person_name("Dan H. W. Voss"))


def test_one_rule_for_labels_slugs_and_aliases():
    assert canonical_name("the Home Office’s") == "Home Office"
    assert slug("the Home Office’s") == slug("Home Office") == "home-office"


def _article(text: str, names: list[tuple[str, str]], title: str | None = None):
    """An invented article and name mentions (text, NER label) at their first free offsets."""
    article = make_article("a", text, title=title)
    mentions, start = [], 0
    for name, ner in names:
        at = text.index(name, start)
        start = at + len(name)
        mentions.append(Mention(Span(at, at + len(name), name), "name", ner=ner, name=name))
    return article, mentions


def _entities(text, names, title=None):
    article, mentions = _article(text, names, title)
    table = article_names(article, mentions)
    return [(table.entity(m).key, table.entity(m).type) for m in mentions]


def test_titles_and_party_labels_join_the_full_name():
    text = (
        "Senator Maria Ortiz spoke first. Democrat Maria Ortiz's office agreed. "
        "Ms. Ortiz said more. Ortiz left."
    )
    names = [
        ("Senator Maria Ortiz", "PERSON"),
        ("Democrat Maria Ortiz", "ORG"),
        ("Ms. Ortiz", "PERSON"),
        ("Ortiz", "ORG"),
    ]
    assert set(_entities(text, names)) == {("Maria Ortiz", "Person")}


def test_different_first_names_are_different_people_and_a_shared_surname_is_the_last_named():
    text = "Voss arrived. Dan Voss spoke. Voss sat. Clara Voss, his daughter, spoke too. Voss left."
    names = [
        ("Voss", "PERSON"),
        ("Dan Voss", "PERSON"),
        ("Voss", "PERSON"),
        ("Clara Voss", "PERSON"),
        ("Voss", "PERSON"),
    ]
    assert _entities(text, names) == [
        ("Voss", "Person"),  # nobody named in full yet: left for the build to decide
        ("Dan Voss", "Person"),
        ("Dan Voss", "Person"),  # the Voss the article has just introduced
        ("Clara Voss", "Person"),
        ("Clara Voss", "Person"),
    ]


def test_a_full_name_the_tagger_missed_is_found_in_the_text_for_its_bare_surname():
    # the tagger saw only "Cardle": the article still writes the full name once
    text = "Part of Ian Cardle's penalty is a trip abroad. Cardle said he liked it."
    assert _entities(text, [("Cardle", "PERSON")]) == [("Ian Cardle", "Person")]
    # two different first names before the surname: the bare name stays bare
    text = "Ian Cardle and Ruth Cardle met. Cardle said he liked it."
    assert _entities(text, [("Cardle", "PERSON")]) == [("Cardle", "Person")]


def test_a_surname_tagged_as_a_nationality_is_the_person_named_in_full():
    text = "Talia Vorskian runs the group. Vorskian said it grew."
    names = [("Talia Vorskian", "PERSON"), ("Vorskian", "NORP")]
    assert set(_entities(text, names)) == {("Talia Vorskian", "Person")}
    text = "Alfonso Espirans runs the shop. Espirans said it grew."
    names = [("Alfonso Espirans", "PERSON"), ("Espirans", "NORP")]
    assert set(_entities(text, names)) == {("Alfonso Espirans", "Person")}
    # written "the French", the word is the nation, not Anna French
    text = "Anna French wrote it. The French said no."
    names = [("Anna French", "PERSON"), ("French", "NORP")]
    assert _entities(text, names)[1] == ("French", "Group")


def test_untagged_mentions_do_not_outvote_the_tagger():
    # nine untagged "Brightbook says" (the default would be a person) against two ORG tags
    text = " ".join(["Brightbook says no."] * 9) + " Brightbook's app. Brightbook's staff."
    names = [("Brightbook", "")] * 9 + [("Brightbook", "ORG"), ("Brightbook", "ORG")]
    assert set(_entities(text, names)) == {("Brightbook", "Organization")}
    # with nothing but untagged mentions, a bare capitalised word stays a person
    assert set(_entities("Brightbook said no. Brightbook left.", [("Brightbook", "")] * 2)) == {
        ("Brightbook", "Person")
    }


def test_an_acronym_without_a_first_name_is_an_organisation():
    text = "Dunmore RCMP warned residents. EHS said crews were there. NDP MP Jenny Kwan spoke."
    names = [("Dunmore RCMP", ""), ("EHS", "PERSON"), ("NDP MP Jenny Kwan", "PERSON")]
    assert [t for _, t in _entities(text, names)] == ["Organization", "Organization", "Person"]


def test_a_name_described_by_a_person_noun_is_a_person_whatever_the_tagger_says():
    text = "Oleg Varnikov, a leading energy expert, said so."
    article = make_article("a", text)
    m = Mention(
        Span(0, 14, "Oleg Varnikov"),
        "name",
        ner="GPE",
        name="Oleg Varnikov",
        descriptors=("expert",),
    )
    entity = article_names(article, [m]).entity(m)
    assert (entity.key, entity.type) == ("Oleg Varnikov", "Person")


@pytest.mark.parametrize(
    "name, ner, role, kind",
    [
        ("Chloe Dubois", "LOC", "subject", "Person"),  # a first name, a verb's subject
        ("Hannah Fischer", "GPE", "subject", "Person"),
        ("Virginia Beach", "GPE", "subject", "Place"),  # a place named after a person
        ("Chloe Dubois", "LOC", "other", "Place"),  # only a subject says so
    ],
)
def test_a_place_tag_on_a_first_name_that_does_something_is_a_person(name, ner, role, kind):
    text = f"{name} met the mayor on Monday."
    m = Mention(Span(0, len(name), name), "name", ner=ner, name=name, role=role)
    entity = article_names(make_article("a", text), [m]).entity(m)
    assert entity.type == kind


def test_bare_surname_and_first_name_join_the_one_full_name():
    text = "Helen Marsh spoke. Marsh said no. Mr. Dunne agreed. Later Helen left. Marsh won."
    names = [("Helen Marsh", "PERSON"), ("Marsh", "ORG"), ("Mr. Dunne", "PERSON"), ("Helen", "GPE")]
    assert _entities(text, names) == [
        ("Helen Marsh", "Person"),
        ("Helen Marsh", "Person"),  # tagged ORG, still the article's Marsh
        ("Dunne", "Person"),
        ("Helen Marsh", "Person"),
    ]


def test_gendered_honorific_does_not_join_a_woman_of_that_surname():
    text = "Michelle Grant spoke. Mr. Grant said no."
    names = [("Michelle Grant", "PERSON"), ("Mr. Grant", "PERSON")]
    assert _entities(text, names)[1] == ("Grant", "Person")


def test_type_is_voted_over_all_mentions_and_a_place_wins_a_tie():
    text = "Lindmoor grew. In Lindmoor, Bernard Kell spoke. Kell said yes. Bernard Kell won."
    names = [
        ("Lindmoor", "GPE"),
        ("Lindmoor", "ORG"),
        ("Bernard Kell", "ORG"),
        ("Kell", "ORG"),
        ("Bernard Kell", "PERSON"),
    ]
    got = dict(_entities(text, names))
    assert got == {"Lindmoor": "Place", "Bernard Kell": "Person"}


def test_headline_names_start_no_entity():
    title = "Furious Voters Rip Derelict Voss Over Plans"
    text = title + "\n\nDan Voss said the plan would work.\n"
    names = [("Derelict Voss", "PERSON"), ("Dan Voss", "PERSON")]
    article, mentions = _article(text, names, title=title)
    table = article_names(article, mentions)
    assert {table.entity(m).key for m in mentions} == {"Dan Voss"}
    assert not table.written_name(mentions[0])  # not kept as a name of Dan Voss


P_ = "https://w3id.org/claimgraph/id/"


def test_build_votes_types_and_merges_compatible_names():
    records = [
        Record(P_ + "org/bernard-kell", "Organization", "Bernard Kell", articles=1),
        Record(P_ + "person/bernard-kell", "Person", "Bernard Kell", articles=4),
        Record(P_ + "org/lindmoor", "Organization", "Lindmoor", articles=1),
        Record(P_ + "place/lindmoor", "Place", "Lindmoor", articles=3),
        Record(P_ + "person/dan-j-voss", "Person", "Dan J. Voss", articles=1),
        Record(P_ + "person/dan-voss", "Person", "Dan Voss", articles=5),
        Record(P_ + "person/clara-voss", "Person", "Clara Voss", articles=1),
    ]
    decided = plan(records)
    assert decided.merges == {
        P_ + "org/bernard-kell": P_ + "person/bernard-kell",
        P_ + "org/lindmoor": P_ + "place/lindmoor",
        P_ + "person/dan-j-voss": P_ + "person/dan-voss",
    }
    assert decided.types[P_ + "person/dan-voss"] == "Person"


def test_bare_surname_across_articles_joins_only_a_dominant_full_name():
    dominant = [
        Record(P_ + "person/dan-voss", "Person", "Dan Voss", articles=9),
        Record(P_ + "person/clara-voss", "Person", "Clara Voss", articles=1),
        Record(P_ + "person/voss", "Person", "Voss", articles=3),
    ]
    assert plan(dominant).merges == {P_ + "person/voss": P_ + "person/dan-voss"}
    even = [
        Record(P_ + "person/maria-ortiz", "Person", "Maria Ortiz", articles=2),
        Record(P_ + "person/daniel-ortiz", "Person", "Daniel Ortiz", articles=2),
        Record(P_ + "person/ortiz", "Person", "Ortiz", articles=1),
    ]
    decided = plan(even)
    assert decided.merges == {}
    assert [d.labels for d in decided.duplicates] == [("Ortiz", "Maria Ortiz", "Daniel Ortiz")]


def test_middle_names_that_clash_keep_the_plain_name_apart():
    records = [
        Record(P_ + "person/george-w-bush", "Person", "George W. Bush", articles=3),
        Record(P_ + "person/george-h-w-bush", "Person", "George H. W. Bush", articles=2),
        Record(P_ + "person/george-bush", "Person", "George Bush", articles=2),
    ]
    decided = plan(records)
    assert decided.merges == {}
    assert len(decided.duplicates) == 1


def test_a_build_merges_across_articles_and_lists_what_it_kept_apart(tmp_path, nlp):
    articles = [
        make_article("one", "Maria Ortiz said the plan was ready. Ortiz said it was cheap.\n"),
        make_article("two", "Daniel Ortiz said the plan was late. Ortiz said it was dear.\n"),
        make_article("three", "Ortiz said the vote would come on Monday.\n"),
        make_article("four", "Senator Maria Ortiz said the bill was fair.\n"),
    ]
    store_dir = tmp_path / "store"
    build_store(articles, store_dir)
    gc.collect()
    db = open_store(store_dir, create=False, read_only=True)
    people = select(
        db, "SELECT DISTINCT ?e ?n WHERE { GRAPH ?g { ?e a schema:Person ; schema:name ?n } }"
    )
    names = sorted(r["n"] for r in people)
    assert names.count("Maria Ortiz") == 1 and "Senator Maria Ortiz" not in names
    assert "Daniel Ortiz" in names
    stats = store_stats(db)
    assert any(
        {"Maria Ortiz", "Daniel Ortiz"} <= set(d.names) for d in stats.possible_duplicates
    ), stats.possible_duplicates
    del db
    gc.collect()


@pytest.mark.parametrize(
    "written, key",
    [
        ("Voss 60 percent", "Voss"),  # a poll line, not a name
        ("Voss hid", "Voss"),
        ("Khalid bin Tarik", "Khalid bin Tarik"),  # name particles stay
        ("Ana de la Vega", "Ana de la Vega"),
    ],
)
def test_person_key_ends_before_numbers_and_lower_case_words(written, key):
    assert person_name(written).key == key


def test_a_word_before_a_full_name_of_the_build_is_not_another_person():
    records = [
        Record(P_ + "person/dan-voss", "Person", "Dan Voss", articles=6),
        Record(P_ + "person/lindmoorians-dan-voss", "Person", "Lindmoorians Dan Voss", articles=1),
        Record(P_ + "person/voss-dan-voss", "Person", "Voss Dan Voss", articles=1),
        Record(P_ + "person/paul-kell", "Person", "Paul Kell", articles=3),
        Record(P_ + "person/john-paul-kell", "Person", "John Paul Kell", articles=1),
    ]
    merges = plan(records).merges
    assert merges == {
        P_ + "person/lindmoorians-dan-voss": P_ + "person/dan-voss",
        P_ + "person/voss-dan-voss": P_ + "person/dan-voss",
    }  # "John" is a given name: John Paul Kell may be another person than Paul Kell


def test_a_surname_misread_as_a_plural_noun_is_the_articles_person(nlp):
    from kg.pipeline import extract_articles

    text = (
        "Senator Bernard Sanders said the plan would fail. Sanders said voters deserved better.\n"
    )
    (result,) = extract_articles([make_article("s", text)])
    speakers = {c.speaker.key for c in result.claims if c.speaker is not None}
    assert speakers == {"Bernard Sanders"}


def test_a_name_of_punctuation_alone_stands_for_its_phrase():
    text = "45% of Republicans said the tax was fair.\n"
    mention = Mention(Span(0, 17, "45% of Republicans"), "name", name="%")
    table = article_names(make_article("p", text), [])
    assert (table.entity(mention).key, table.entity(mention).type) == (
        "45% of Republicans",
        "Group",
    )


def test_a_pronoun_window_is_the_observations_of_its_last_sentences_in_reading_order():
    """The window is looked up by sentence (linear in a long article), and gives what a scan
    of every earlier observation gives, in the same order."""
    import random

    from kg.resolve.reference import LOOKBACK, Discourse

    rng = random.Random(3)
    starts = tuple(range(0, 4000, 40))  # 100 sentences of 40 characters
    disc = Discourse(starts)
    for k in range(600):  # read mostly in order, now and then a mention written earlier
        at = min(3999, k * 6 + rng.choice([0, 0, 0, -50]))
        at = max(at, 0)
        name = f"P{rng.randrange(30)}"
        m = Mention(Span(at, at + 2, name), "name", ner="PERSON", name=name, role="subject")
        disc.observe(m, Entity(name, name, "Person"))
    for at in (5, 400, 1999, 3999):
        here = disc.sentence(at)
        probe = Mention(Span(at, at + 2, "he"), "pronoun")
        scanned = [o for o in disc.seen if o.offset < at and here - o.sentence <= LOOKBACK]
        assert list(disc._window(probe)) == scanned
