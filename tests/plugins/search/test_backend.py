"""What every search backend does (base.py's contract), run on the configured backend.

``search_backend`` (conftest) is the backend of the settings, emptied; parametrise
that fixture to run this module over other backends.
"""

import datetime
import re

import pytest

from plugins.search.backends.base import SearchQuery

from .conftest import doc, query, titles

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_body_match(search_backend):
    search_backend.documents_index(
        [
            doc("Annual report", body="A new enzyme for cleaner detergents."),
            doc("Enzyme research centre opens", body="The centre opens in spring."),
            doc("Unrelated", body="Nothing to see here."),
        ]
    )
    results = search_backend.search(query("enzyme"))
    assert titles(results) == ["Enzyme research centre opens", "Annual report"]
    assert results.total == 2
    assert results.hits[0].score > results.hits[1].score


def test_a_summary_match_ranks_between_title_and_body(search_backend):
    search_backend.documents_index(
        [
            doc("Body one", body="vaccine trial results"),
            doc("Summary one", summary="A vaccine milestone"),
            doc("Vaccine news", body="text"),
        ]
    )
    assert titles(search_backend.search(query("vaccine"))) == [
        "Vaccine news",
        "Summary one",
        "Body one",
    ]


def test_every_word_must_match_and_the_last_one_as_a_prefix(search_backend):
    search_backend.documents_index(
        [
            doc("Biotechnology park in Lublin"),
            doc("Biotechnology park in Kiel"),
            doc("Lublin food festival"),
        ]
    )
    assert titles(search_backend.search(query("lublin biotech"))) == [
        "Biotechnology park in Lublin"
    ]
    assert search_backend.search(query("biotechnology lubl")).total == 1
    assert search_backend.search(query("biotech lublin")).total == 0  # only the last word
    assert search_backend.search(query("biotechnology zebra")).total == 0


def test_matches_are_highlighted_and_the_text_around_them_is_escaped(search_backend):
    search_backend.documents_index(
        [doc("Report", summary='<script>alert("x")</script> The genome & the cell')]
    )
    highlight = search_backend.search(query("genome")).hits[0].highlight
    assert "<mark>genome</mark>" in highlight
    assert "<" not in re.sub(r"</?mark>", "", highlight)  # the only elements are marks
    assert "&amp;" in highlight


def test_facets_count_the_matching_documents(search_backend):
    search_backend.documents_index(
        [
            doc("Pharma one", type="member", kind="company", sectors=("pharmacy",), country="PL"),
            doc(
                "Pharma two",
                type="member",
                kind="university",
                sectors=("pharmacy", "biotechnology"),
                country="PL",
                cluster="sofia",
            ),
            doc("Pharma news", type="news"),
            doc("Unrelated member", type="member", kind="company", country="DE"),
        ]
    )
    facets = search_backend.search(query("pharma")).facets
    assert facets["type"] == {"member": 2, "news": 1}
    assert facets["kind"] == {"company": 1, "university": 1}
    assert facets["sector"] == {"pharmacy": 2, "biotechnology": 1}
    assert facets["country"] == {"PL": 2}
    assert facets["cluster"] == {"testland": 2, "sofia": 1}
    assert facets["language"] == {"pl": 3}


def test_filters_narrow_results_and_their_facets(search_backend):
    search_backend.documents_index(
        [
            doc("Pharma one", type="member", kind="company", sectors=("pharmacy",), country="PL"),
            doc("Pharma two", type="member", kind="university", sectors=("biotechnology",)),
            doc("Pharma news", type="news"),
        ]
    )
    results = search_backend.search(query("pharma", type="member", sector="pharmacy"))
    assert titles(results) == ["Pharma one"]
    assert results.facets["kind"] == {"company": 1}
    assert titles(search_backend.search(query("pharma", kind="university"))) == ["Pharma two"]
    assert titles(search_backend.search(query("pharma", country="PL"))) == ["Pharma one"]


@pytest.mark.parametrize(
    "filters",
    [
        {"type": "spaceship"},
        {"cluster": "atlantis"},
        {"sector": "alchemy"},
        {"kind": "dragon"},
        {"country": "XX"},
        {"language": "tlh"},
    ],
)
def test_unknown_facet_values_find_nothing(search_backend, filters):
    search_backend.documents_index([doc("Pharma one", type="member", kind="company")])
    results = search_backend.search(query("pharma", **filters))
    assert (results.total, results.hits) == (0, [])


def test_an_object_in_both_languages_shows_once_in_the_visitors(search_backend):
    search_backend.documents_index(
        [
            doc("Centrum enzymów", object_id="both", language="pl"),
            doc("Enzyme centre", object_id="both", language="en", summary="centrum enzymów"),
            doc("Enzyme only in English", object_id="english-only", language="en"),
        ]
    )
    results = search_backend.search(query("enzym", language="pl"))
    assert sorted((h.document.object_id, h.document.language) for h in results.hits) == [
        ("both", "pl"),
        ("english-only", "en"),
    ]
    assert results.total == 2
    # Each language counts its own matches: choosing English shows both English documents.
    assert results.facets["language"] == {"pl": 1, "en": 2}


def test_the_fallback_follows_a_language_written_and_deleted_later(search_backend):
    # The visitor's language arrives in a later write and goes again: the English
    # document is replaced in the results and the counts, then comes back.
    search_backend.documents_index([doc("Enzyme centre", object_id="a", language="en")])
    search_backend.documents_index([doc("Centrum enzymów", object_id="a", language="pl")])
    results = search_backend.search(query("enzym", language="pl"))
    assert (titles(results), results.total) == (["Centrum enzymów"], 1)
    search_backend.documents_delete([doc("Centrum enzymów", object_id="a", language="pl").id])
    results = search_backend.search(query("enzym", language="pl"))
    assert (titles(results), results.total) == (["Enzyme centre"], 1)
    assert results.facets["language"] == {"en": 1}


def test_english_visitors_get_english_documents_only(search_backend):
    search_backend.documents_index(
        [
            doc("Centrum enzymów", object_id="both", language="pl"),
            doc("Enzyme centre", object_id="both", language="en"),
            doc("Enzymy po polsku", object_id="polish-only", language="pl"),
        ]
    )
    assert titles(search_backend.search(query("enzym", language="en"))) == ["Enzyme centre"]


def test_a_language_filter_keeps_that_language_without_fallback(search_backend):
    search_backend.documents_index(
        [
            doc("Enzym-Zentrum", object_id="a", language="de", cluster="kiel"),
            doc("Enzyme centre", object_id="a", language="en", cluster="kiel"),
        ]
    )
    assert titles(search_backend.search(query("enzym", language="pl"))) == ["Enzyme centre"]
    results = search_backend.search(
        SearchQuery(text="enzym", language="pl", filters={"language": "de"})
    )
    assert titles(results) == ["Enzym-Zentrum"]


def test_pages_split_the_ranked_results_and_a_page_after_the_last_is_empty(search_backend):
    search_backend.documents_index(
        [doc(f"Cell line {n:02}", date=datetime.date(2025, 1, n + 1)) for n in range(25)]
    )
    first = search_backend.search(SearchQuery(text="cell", language="pl", page_size=10))
    third = search_backend.search(SearchQuery(text="cell", language="pl", page=3, page_size=10))
    far = search_backend.search(SearchQuery(text="cell", language="pl", page=99999, page_size=10))
    assert (first.total, len(first.hits), len(third.hits)) == (25, 10, 5)
    assert not {h.document.id for h in first.hits} & {h.document.id for h in third.hits}
    assert (far.total, far.hits) == (25, [])


def test_reindexing_a_document_replaces_it(search_backend):
    search_backend.documents_index([doc("Old title", object_id="x", sectors=("pharmacy",))])
    search_backend.documents_index([doc("New title", object_id="x", sectors=("medtech",))])
    assert search_backend.search(query("old")).total == 0
    results = search_backend.search(query("new"))
    assert titles(results) == ["New title"]
    assert results.facets["sector"] == {"medtech": 1}


def test_documents_and_objects_are_deleted(search_backend):
    search_backend.documents_index(
        [
            doc("Protein one", object_id="p1", language="pl"),
            doc("Protein one", object_id="p1", language="en"),
            doc("Protein two", object_id="p2"),
            doc("Protein three", object_id="p1", cluster="sofia"),
        ]
    )
    search_backend.objects_delete(cluster="testland", object_ids=["p1"])
    assert sorted(titles(search_backend.search(query("protein")))) == [
        "Protein three",
        "Protein two",
    ]
    search_backend.documents_delete(["testland:p2:pl"])
    assert titles(search_backend.search(query("protein"))) == ["Protein three"]


def test_rebuild_replaces_the_whole_index(search_backend):
    search_backend.documents_index([doc("Stale thing")])
    assert search_backend.rebuild([doc("Fresh thing")]) == 1
    assert titles(search_backend.search(query("thing"))) == ["Fresh thing"]


def test_a_document_returns_as_it_was_indexed(search_backend):
    original = doc(
        "Kiel Life Science",
        cluster="kiel",
        language="en",
        type="member",
        summary="A network",
        body="Kiel marine biotech",
        date=datetime.date(2024, 5, 6),
        kind="network",
        sectors=("biotechnology", "medtech"),
        country="DE",
        city="Kiel",
        url="https://kiel.example/en/members/x/",
    )
    search_backend.documents_index([original])
    (hit,) = search_backend.search(query("kiel", language="en")).hits
    assert hit.document == original
