"""Page routing from the cache (sites/core/routing.py): the same answers as Wagtail's
own walk down the tree, in one query for the page once the route is known."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from sites.core.models import StandardPage

pytestmark = pytest.mark.django_db


def page_add(parent, title, slug, **kwargs) -> StandardPage:
    page = StandardPage(title=title, slug=slug, **kwargs)
    parent.add_child(instance=page)
    return page


def test_nested_pages_are_served_in_each_language(client, home_pages):
    section = page_add(home_pages["pl"], "Klaster", "klaster")
    page_add(section, "Zarząd", "zarzad")
    page_add(home_pages["en"], "Cluster", "cluster", locale=home_pages["en"].locale)
    assert "Zarząd" in client.get("/pl/klaster/zarzad/").text
    assert "Cluster" in client.get("/en/cluster/").text
    assert client.get("/en/klaster/").status_code == 404  # not in the English tree
    assert client.get("/pl/klaster/nie-ma/").status_code == 404


def test_a_known_route_costs_one_query_for_the_page(client, home_pages):
    section = page_add(home_pages["pl"], "Klaster", "klaster")
    page_add(section, "Zarząd", "zarzad")
    client.get("/pl/klaster/zarzad/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/pl/klaster/zarzad/").status_code == 200
    page_reads = [q for q in queries if 'FROM "core_standardpage"' in q["sql"]]
    assert len(page_reads) == 1
    # No walk down the tree: the site, the root and each level are not read again.
    assert not [q for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]


def test_a_path_not_found_is_not_remembered(client, home_pages):
    assert client.get("/pl/nowa/").status_code == 404
    page_add(home_pages["pl"], "Nowa", "nowa")
    assert client.get("/pl/nowa/").status_code == 200


def test_an_unpublished_page_is_not_served_from_a_known_route(client, home_pages):
    page = page_add(home_pages["pl"], "O nas", "o-nas")
    assert client.get("/pl/o-nas/").status_code == 200
    page.unpublish()
    assert client.get("/pl/o-nas/").status_code == 404


def test_a_renamed_slug_moves_the_page(client, home_pages):
    page = page_add(home_pages["pl"], "O nas", "o-nas")
    assert client.get("/pl/o-nas/").status_code == 200
    page.slug = "o-klastrze"
    page.save_revision().publish()
    assert client.get("/pl/o-klastrze/").status_code == 200
    assert client.get("/pl/o-nas/").status_code in (301, 404)  # Wagtail may redirect


def test_privacy_is_still_checked_on_a_known_route(client, home_pages):
    page = page_add(home_pages["pl"], "Tajne", "tajne")
    assert "Tajne" in client.get("/pl/tajne/").text
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sekret"
    )
    response = client.get("/pl/tajne/")
    assert 'name="password"' in response.text
