"""The name index: whole words in order, case-folded, the same rule for stored keys and for
searched names, so a lookup is an index hit (kg.rdf.lookup)."""

from __future__ import annotations

import pytest
from sample_graph import make_store

from kg.rdf import queries as Q
from kg.rdf.lookup import lookup_key, name_keys


def test_keys_are_runs_of_whole_words():
    assert name_keys("Donald J. Trump") == [
        "donald", "donald j", "donald j trump", "j", "j trump", "trump",
    ]
    assert name_keys("the Home Office’s") == ["home", "home office", "office"]
    assert name_keys("a b c d e") == [  # runs of at most four words
        "b", "b c", "b c d", "b c d e", "c", "c d", "c d e", "d", "d e", "e",
    ]
    assert name_keys("Ségolène Royal") == ["royal", "ségolène", "ségolène royal"]


@pytest.mark.parametrize(
    "searched, key",
    [("Home  OFFICE", "home office"), ("  trump ", "trump"), ("Ségolène", "ségolène"), ("}{", "")],
)
def test_a_searched_name_is_normalised_like_the_keys(searched, key):
    assert lookup_key(searched) == key


@pytest.mark.parametrize(
    "name, found",
    [("jane", True), ("JANE DOE", True), ("doe", True), ("ane", False), ("jane smith", False)],
)
def test_claims_by_claimant_matches_whole_words(name, found):
    query = Q.load_saved_queries()["claims-by-claimant"]
    rows = list(Q.run(make_store(), query, {"name": name}))
    assert bool(rows) is found
