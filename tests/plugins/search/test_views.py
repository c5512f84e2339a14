"""The search page at /<lang>/search/ and the search box of the site header."""

import datetime
import re

import pytest

from plugins.search.backends.base import BaseSearchBackend, SearchBackendError

from .conftest import article_fields, doc, mirror_create

pytestmark = pytest.mark.django_db


class FailingBackend(BaseSearchBackend):
    def search(self, query):
        raise SearchBackendError("engine said: syntax error near MATCH")


@pytest.fixture
def indexed(search_backend, home_pages):
    item = mirror_create(origin="sofia", translations={"en": article_fields("Genome fair")})
    search_backend.documents_index(
        [
            doc("Genom i zdrowie", summary="Nowe badania genomu.", date=datetime.date(2025, 4, 1)),
            doc(
                "Genomika Sp. z o.o.",
                type="member",
                kind="company",
                sectors=("biotechnology",),
                country="PL",
                city="Lublin",
            ),
            doc(
                "Genome fair",
                cluster="sofia",
                language="en",
                object_id=str(item.object_id),
                url="https://sofia.example/en/news/fair/",
            ),
        ]
    )
    return item


def test_results_show_highlights_clusters_and_facets(client, indexed):
    response = client.get("/pl/search/", {"q": "genom"})
    assert response.status_code == 200
    html = response.text
    assert "<mark>genomu</mark>" in html
    assert re.search(r'aria-atomic="true">3 ', html)  # "3 results", in Polish
    assert "Klaster Testowy" in html and "Sofia Cluster" in html
    # The peer's item opens on this site, in the visitor's language.
    assert f'href="/pl/network/sofia/{indexed.object_id}/"' in html
    assert 'hreflang="en"' in html
    facet_link = re.search(r'<a href="([^"]*type=member[^"]*)"', html)
    assert facet_link and "(1)" in html


def test_the_page_is_accessible(client, indexed):
    html = client.get("/pl/search/", {"q": "genom"}).text
    assert re.search(r'<form class="search-form"[^>]*role="search"', html)
    assert '<label for="search-page-q">' in html and 'id="search-page-q"' in html
    assert re.search(r'role="status" aria-live="polite"', html)
    assert re.search(r'<nav class="search-facet" aria-label="[^"]+">', html)


def test_a_chosen_facet_is_marked_and_links_back(client, indexed):
    html = client.get("/pl/search/", {"q": "genom", "type": "member"}).text
    assert "Genomika Sp. z o.o." in html and "Genom i zdrowie" not in html
    selected = re.search(r'<a href="([^"]*)" aria-current="true">', html)
    assert selected and "type=" not in selected.group(1)
    assert '<input type="hidden" name="type" value="member">' in html


def test_no_results_and_no_query_have_helpful_text(client, search_backend, home_pages):
    nothing = client.get("/pl/search/", {"q": "xylofon"})
    assert nothing.status_code == 200
    assert "xylofon" in nothing.text and "search-empty" in nothing.text
    start = client.get("/pl/search/")
    assert start.status_code == 200 and "search-empty" in start.text


def test_pages_of_results_and_a_page_after_the_last(client, search_backend, home_pages):
    search_backend.documents_index([doc(f"Komórka {n}") for n in range(25)])
    second = client.get("/pl/search/", {"q": "komórka", "page": "2"})
    assert second.status_code == 200
    assert second.text.count('class="card search-result"') == 5
    assert 'aria-current="page"' in second.text
    assert client.get("/pl/search/", {"q": "komórka", "page": "3"}).status_code == 404


def test_an_engine_failure_is_a_friendly_503(client, settings, home_pages):
    settings.NETWORK_SEARCH_BACKEND = {"BACKEND": f"{__name__}.FailingBackend"}
    response = client.get("/pl/search/", {"q": "genom"})
    assert response.status_code == 503
    assert "syntax error" not in response.text and "MATCH" not in response.text


def test_the_page_works_with_the_dummy_backend(client, dummy_backend, home_pages):
    dummy_backend.documents_index([doc("Enzym roku", summary="Enzym <b>nagrodzony</b>")])
    html = client.get("/en/search/", {"q": "enzym", "lang": "pl"}).text
    assert "Enzym roku" in html and "<mark>Enzym</mark>" in html
    assert "<b>nagrodzony" not in html


def test_every_page_has_the_header_search_box(client, home_pages):
    html = client.get("/pl/").text
    assert re.search(r'<form class="site-search" method="get" action="/pl/search/"', html)
    assert '<label class="visually-hidden" for="site-search-q">' in html
