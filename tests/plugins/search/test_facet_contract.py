"""What a facet count means, the same on every backend (base.py): run on the database
backend, the Elasticsearch backend (osmem-server, or ELASTICSEARCH_URL) and the
in-memory one the view tests use.

A count is the number of results its link gives: the matches under every *other*
filter, so a chosen value's siblings keep their counts; the language facet counts
each searched language's own matches (an object in both languages counts in both).
"""

from __future__ import annotations

import pytest

from plugins.search.backends.base import SearchQuery
from plugins.search.backends.database import DatabaseSearchBackend
from plugins.search.backends.dummy import DummySearchBackend

from .conftest import backend_make, doc

pytestmark = pytest.mark.django_db

DOCS = [
    doc("Energia dla firm", object_id="m1", language="pl", type="member", kind="company",
        sectors=("energy",), country="PL"),
    doc("Energy for companies", object_id="m1", language="en", type="member", kind="company",
        sectors=("energy",), country="PL"),
    doc("Energy university", object_id="m2", language="en", type="member", kind="university",
        sectors=("energy",), country="PL"),
    doc("Energia z biomasy", object_id="n1", language="pl", type="news",
        sectors=("energy", "food")),
    doc("Energy storage project", object_id="p1", language="en", type="project",
        cluster="kiel", country="DE"),
    doc("Energiespeicher", object_id="p2", language="de", type="project", cluster="kiel",
        country="DE"),
    doc("Unrelated news", object_id="n2", language="pl", type="news"),
]  # fmt: skip


@pytest.fixture(params=["database", "elasticsearch", "dummy"])
def backend(request, db):
    if request.param == "elasticsearch":
        backend = backend_make(request.getfixturevalue("engine"))
    elif request.param == "dummy":
        backend = DummySearchBackend({"NAME": "facet-contract"})
    else:
        backend = DatabaseSearchBackend({})
    backend.rebuild(DOCS)
    yield backend
    backend.rebuild([])
    if request.param == "elasticsearch":
        backend.client.indices.delete(index=f"{backend.index_prefix}-*")


def search(backend, language="pl", filters=None):
    return backend.search(SearchQuery(text="energ", language=language, filters=filters or {}))


def test_counts_follow_the_query_and_count_each_object_once(backend):
    results = search(backend)
    assert results.total == 4  # m1 (pl), m2 (en), n1 (pl), p1 (en); p2 is German only
    assert results.facets["type"] == {"member": 2, "news": 1, "project": 1}
    assert results.facets["cluster"] == {"testland": 3, "kiel": 1}
    assert results.facets["kind"] == {"company": 1, "university": 1}
    assert results.facets["sector"] == {"energy": 3, "food": 1}
    assert results.facets["country"] == {"PL": 2, "DE": 1}


def test_the_language_facet_counts_each_languages_own_matches(backend):
    # m1 is found in Polish, yet choosing English shows its English document too.
    assert search(backend).facets["language"] == {"pl": 2, "en": 3}
    assert search(backend, language="en").facets["language"] == {"en": 3}
    chosen = search(backend, filters={"language": "de"})
    assert (chosen.total, chosen.facets["language"]) == (1, {"de": 1})


def test_a_chosen_value_keeps_its_siblings_and_narrows_the_other_facets(backend):
    results = search(backend, filters={"type": "member"})
    assert results.total == 2
    assert results.facets["type"] == {"member": 2, "news": 1, "project": 1}
    assert results.facets["kind"] == {"company": 1, "university": 1}
    assert results.facets["cluster"] == {"testland": 2}
    assert results.facets["sector"] == {"energy": 2}
    assert results.facets["language"] == {"pl": 1, "en": 2}
    both = search(backend, filters={"type": "member", "kind": "company"})
    assert both.total == 1
    assert both.facets["kind"] == {"company": 1, "university": 1}
    assert both.facets["type"] == {"member": 1}


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_count_is_the_total_its_link_gives(backend, language):
    results = search(backend, language=language)
    for facet, counts in results.facets.items():
        for value, count in counts.items():
            chosen = search(backend, language, filters={facet: value})
            assert chosen.total == count, (facet, value)


@pytest.mark.parametrize(
    "filters",
    [
        {"type": "member", "sector": "energy"},
        {"type": "news", "country": "DE"},
        {"sector": "food", "cluster": "kiel", "kind": "company"},
    ],
)
def test_under_several_filters_every_count_is_the_total_its_link_gives(backend, filters):
    # A document failing one chosen filter counts in that filter's facet only; failing
    # two, in none (the database backend applies the filters to its counted groups).
    every = search(backend).facets
    results = search(backend, filters=filters)
    for facet in ("cluster", "type", "kind", "sector", "country"):
        for value in every[facet]:
            chosen = search(backend, filters={**filters, facet: value})
            assert chosen.total == results.facets[facet].get(value, 0), (facet, value)
