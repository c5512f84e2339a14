"""Hostile and odd input: results or a clear 400, never a 500, never the engine's words."""

import re

import pytest

from plugins.search.backends.base import SearchQuery, query_terms

from .conftest import doc, query

pytestmark = pytest.mark.django_db

BAD_TEXTS = [
    "x" * 10_000,
    "?!.,;:-–—()[]{}<>",
    "*:*",
    "title:(a OR b)",
    '"abc',
    'abc"',
    "NEAR(a b)",
    "a AND OR",
    "OR",
    "a NOT",
    "abc*",
    "^abc",
    "col:abc",
    "'; DROP TABLE search_indexeddocument; --",
    "abc\x00def",
    "\\",
    "%_%",
    "a & | ! <-> b",
    "🧬 genom",
    "a" * 300,
]
ENGINE_WORDS = ("fts5", "syntax error", "tsquery", "MATCH", "Traceback", "OperationalError")


@pytest.fixture
def indexed(search_backend, home_pages):
    search_backend.documents_index(
        [doc("Genom abc", summary="a b abc def col title", language="pl")]
    )


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_backend_answers_every_text(search_backend, text):
    search_backend.documents_index([doc("Genom abc", summary="abc def")])
    results = search_backend.search(query(text))
    assert results.total >= 0


def test_operators_and_quotes_are_plain_words():
    assert query_terms('title:(a OR b) "abc NEAR(x y)*') == ["title", "a", "b", "abc", "x", "y"]
    assert query_terms("?!.*:*") == []
    assert len(query_terms("a " * 1000)) <= 16


def test_a_quoted_term_does_not_match_as_a_phrase_operator(search_backend):
    search_backend.documents_index([doc("Genom abc", summary="abc def")])
    assert search_backend.search(query('"abc')).total == 1
    assert search_backend.search(query("abc AND OR def")).total == 1
    assert search_backend.search(query("*:*")).total == 0


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_api_answers_every_text(client, indexed, text):
    response = client.get("/api/v1/search", {"q": text})
    assert response.status_code in (200, 400)
    body = response.text
    assert not any(word in body for word in ENGINE_WORDS)
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "query_too_long"
    else:
        assert {"results", "total", "page", "facets"} <= set(response.json())


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_page_answers_every_text(client, indexed, text):
    response = client.get("/pl/search/", {"q": text})
    assert response.status_code == 200
    assert not any(word in response.text for word in ENGINE_WORDS)


def test_the_page_shortens_long_text_and_says_so(client, indexed):
    response = client.get("/en/search/", {"q": "genom " + "x" * 10_000})
    assert response.status_code == 200
    assert "Your search was shortened to its first 200 characters." in response.text
    value = re.search(r'id="search-page-q" name="q" value="([^"]*)"', response.text).group(1)
    assert value == ("genom " + "x" * 10_000)[:200]


def test_only_punctuation_explains_itself(client, indexed):
    response = client.get("/pl/search/", {"q": "?!"})
    assert response.status_code == 200
    assert 'class="search-status meta"' in response.text
    assert 'class="card search-result"' not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"type": "spaceship"},
        {"cluster": "atlantis"},
        {"sector": "no-such-sector"},
        {"kind": "<script>"},
        {"country": "a" * 500},
        {"lang": "../../etc"},
    ],
)
def test_unknown_facet_values_are_no_results(client, indexed, params):
    api = client.get("/api/v1/search", {"q": "genom", **params})
    assert api.status_code == 200 and api.json()["total"] == 0
    page = client.get("/pl/search/", {"q": "genom", **params})
    assert page.status_code == 200 and 'class="card search-result"' not in page.text
    assert "<script>" not in page.text


@pytest.mark.parametrize("page", ["99999", "-1", "abc", "1e3", "٣"])
def test_impossible_pages_are_a_400_or_404(client, indexed, page):
    assert client.get("/api/v1/search", {"q": "genom", "page": page}).status_code == 400
    assert client.get("/pl/search/", {"q": "genom", "page": page}).status_code == 404


def test_a_backend_query_for_a_far_page_is_empty_with_the_total(search_backend):
    search_backend.documents_index([doc("Genom abc")])
    results = search_backend.search(SearchQuery(text="genom", language="pl", page=99999))
    assert (results.hits, results.total) == ([], 1)
