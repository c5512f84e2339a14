"""Property tests (hypothesis) for search input: whatever a visitor types, the text that
reaches an engine is plain words, and neither the API nor the page answers 500.

Modest and deterministic: 200 examples, no deadline, derandomised, no example database.
"""

from __future__ import annotations

import importlib

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Visitor text: engine syntax (FTS5, Lucene, SQL), unicode, controls and plain words.
SYNTAX = ['"', "'", "*", ":", "(", ")", "^", "~", "-", "+", "\\", "/", "AND", "OR", "NOT",
          "NEAR", "TO", "{", "}", "[", "]", "?", "%", "_", ";", "--", "\x00", "\u202e",
          "title:", "OR 1=1", "' OR '1'='1", "*:*", "🧬", "İzmir", "Łódź", "Ünye"]  # fmt: skip
visitor_text = st.lists(
    st.sampled_from(SYNTAX) | st.text(max_size=12) | st.sampled_from([" ", "  ", "\t"]),
    max_size=30,
).map("".join)


def search_base():
    module = importlib.import_module("plugins.search.backends.base")
    if not hasattr(module, "query_terms"):
        pytest.skip("the search plugin's query parsing is not there yet")
    return module


@FUZZ
@given(visitor_text)
def test_only_plain_words_reach_the_engine(text):
    """Guards: query_terms, the one function that turns visitor text into what engines
    see: letters and digits only, no operator words, bounded in count and length."""
    base = search_base()

    terms = base.query_terms(text)

    assert len(terms) <= base.MAX_QUERY_TERMS
    assert sum(map(len, terms)) <= base.MAX_QUERY_LENGTH
    for term in terms:
        assert term and all(ch.isalnum() for ch in term), term
        assert term.casefold() not in base.QUERY_OPERATORS


@pytest.fixture
def unlimited(settings):
    # Hundreds of requests from one address: the rate limit is tested elsewhere.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_api": None}


@FUZZ
@given(
    q=visitor_text,
    extra=st.dictionaries(
        st.sampled_from(["page", "lang", "type", "cluster", "sector", "country", "kind"]),
        visitor_text | st.integers(-5, 10**7).map(str),
        max_size=3,
    ),
)
def test_the_search_api_and_page_never_fail_on_any_text(client, home_pages, unlimited, q, extra):
    """Guards: the search API and page handle any query text and parameters with an
    answer (results, 400 or 404), never a server error."""
    api = client.get("/api/v1/search", {"q": q, **extra})
    page = client.get("/en/search/", {"q": q, **extra})

    assert api.status_code < 500, (q, extra, api.content[:300])
    assert page.status_code < 500, (q, extra)
