"""The rank window (base.py): a backend given ``RANK_WINDOW`` ranks, and pages through,
only the matches most recently added to the index; the total and the facets still count
every match. Run on the database backend (SQLite here, PostgreSQL in the second pass of
``make test``) and on the in-memory one; the Elasticsearch backend ranks every match.
"""

from __future__ import annotations

import pytest

from plugins.search.backends.base import DEFAULT_RANK_WINDOW, SearchQuery
from plugins.search.backends.database import DatabaseSearchBackend
from plugins.search.backends.dummy import DummySearchBackend

from .conftest import DUMMY, backend_make, doc, titles

pytestmark = pytest.mark.django_db

# Oldest first; each is indexed on its own, so this is the order they entered the index.
DOCS = [
    doc("Enzyme centre", object_id="oldest", cluster="kiel"),  # the best match, outside
    doc("Lab notes", object_id="old", cluster="kiel", body="An enzyme assay."),
    doc("Grant call", object_id="mid", summary="An enzyme grant."),
    doc("Report", object_id="new", body="Enzyme kinetics."),
    doc("Enzyme day", object_id="newest", type="member"),
]


def backend_of(kind: str, **options):
    if kind == "dummy":
        return DummySearchBackend({"NAME": "rank-window", **options})
    return DatabaseSearchBackend(options)


@pytest.fixture(params=["database", "dummy"])
def windowed(request, db):
    backend = backend_of(request.param, RANK_WINDOW=3)
    backend.rebuild([])
    for document in DOCS:
        backend.documents_index([document])
    yield backend
    backend.rebuild([])


def search(backend, *, page=1, page_size=10, **filters):
    return backend.search(
        SearchQuery(text="enzyme", language="pl", filters=filters, page=page, page_size=page_size)
    )


def test_the_newest_matches_are_ranked_and_every_match_counted(windowed):
    results = search(windowed)
    assert (results.total, results.ranked, results.pageable) == (5, 3, 3)
    # Title, then summary, then body: among the three newest; "Enzyme centre" is older.
    assert titles(results) == ["Enzyme day", "Grant call", "Report"]
    assert results.facets["type"] == {"news": 4, "member": 1}
    assert results.facets["cluster"] == {"testland": 3, "kiel": 2}


def test_the_pages_end_with_the_window(windowed):
    first, second, third = (search(windowed, page=n, page_size=2) for n in (1, 2, 3))
    assert (len(first.hits), len(second.hits), third.hits) == (2, 1, [])
    assert titles(first) + titles(second) == ["Enzyme day", "Grant call", "Report"]
    assert third.total == 5


def test_a_filter_ranks_its_own_newest_matches(windowed):
    results = search(windowed, cluster="kiel")
    assert (results.total, results.ranked) == (2, 2)
    assert titles(results) == ["Enzyme centre", "Lab notes"]


def test_a_reindexed_document_keeps_its_place(windowed):
    windowed.documents_index([doc("Enzyme centre", object_id="oldest", cluster="kiel", body="x")])
    assert "Enzyme centre" not in titles(search(windowed))


def test_a_window_wider_than_the_matches_ranks_them_all(windowed):
    backend = backend_of("dummy" if isinstance(windowed, DummySearchBackend) else "database")
    wide = type(windowed)({**windowed.options, "RANK_WINDOW": 50})
    results = search(wide)
    assert (results.total, results.ranked, titles(results)[0]) == (5, 5, "Enzyme centre")
    assert backend.rank_window(DEFAULT_RANK_WINDOW) == DEFAULT_RANK_WINDOW


def test_without_the_option_the_in_memory_backend_ranks_everything(db):
    backend = backend_of("dummy")
    backend.rebuild(DOCS)
    results = search(backend)
    assert (results.total, results.ranked, results.pageable) == (5, None, 5)
    backend.rebuild([])


def test_the_elasticsearch_backend_ranks_every_match(engine, db):
    backend = backend_make(engine)
    backend.rebuild(DOCS)
    try:
        results = search(backend)
        assert (results.total, results.pageable, titles(results)[0]) == (5, 5, "Enzyme centre")
    finally:
        backend.client.indices.delete(index=f"{backend.index_prefix}-*")


@pytest.fixture
def windowed_site(settings, home_pages):
    options = {"NAME": "rank-window", "RANK_WINDOW": 2}
    settings.NETWORK_SEARCH_BACKEND = {**DUMMY, "OPTIONS": options}
    backend = DummySearchBackend(options)
    backend.rebuild(DOCS)
    yield
    backend.rebuild([])


NOTE = "Only the newest matches are ranked"


def test_the_search_page_pages_the_window_and_says_so(client, windowed_site):
    page = client.get("/en/search/", {"q": "enzyme", "lang": "pl"})
    assert page.status_code == 200
    assert page.text.count('class="card search-result"') == 2
    assert "5 results" in page.text and NOTE in page.text
    assert client.get("/en/search/", {"q": "enzyme", "lang": "pl", "page": "2"}).status_code == 404
    narrowed = client.get("/en/search/", {"q": "enzyme", "lang": "pl", "cluster": "kiel"})
    assert NOTE not in narrowed.text


def test_the_api_gives_the_total_and_the_ranked_matches(client, windowed_site):
    data = client.get("/api/v1/search", {"q": "enzyme", "lang": "pl"}).json()
    assert (data["total"], data["ranked"], len(data["results"])) == (5, 2, 2)
