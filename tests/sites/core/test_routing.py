"""Page routing from the cache (sites/core/routing.py): the same answers as Wagtail's
own walk down the tree, in one query for the page once the route is known."""

import pytest
from django.db import connection
from django.test import Client as client_class
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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


def test_a_known_route_reads_neither_the_tree_nor_the_page_nor_its_restrictions(client, home_pages):
    section = page_add(home_pages["pl"], "Klaster", "klaster")
    page_add(section, "Zarząd", "zarzad")
    client.get("/pl/klaster/zarzad/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/pl/klaster/zarzad/").status_code == 200
    read = " ".join(q["sql"] for q in queries)
    # No walk down the tree, no page row, no privacy check's ancestors or restrictions.
    for table in ("wagtailcore_site", "wagtailcore_page", "core_standardpage"):
        assert f'FROM "{table}"' not in read
    assert "wagtailcore_pageviewrestriction" not in read


def test_a_published_edit_is_served_at_once(client, home_pages):
    page = page_add(home_pages["pl"], "O nas", "o-nas")
    assert "O nas" in client.get("/pl/o-nas/").text
    page.title = "O klastrze"
    page.save_revision().publish()
    assert "O klastrze" in client.get("/pl/o-nas/").text


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


def test_a_removed_restriction_serves_the_page_again(client, home_pages):
    page = page_add(home_pages["pl"], "Tajne", "tajne")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sekret"
    )
    assert 'name="password"' in client.get("/pl/tajne/").text
    restriction.delete()
    response = client.get("/pl/tajne/")
    assert 'name="password"' not in response.text
    assert "Tajne" in response.text


def test_a_restricted_section_asks_for_the_password_on_its_pages(client, home_pages):
    section = page_add(home_pages["pl"], "Klaster", "klaster")
    page_add(section, "Zarząd", "zarzad")
    assert "Zarząd" in client.get("/pl/klaster/zarzad/").text
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="sekret"
    )
    assert 'name="password"' in client.get("/pl/klaster/zarzad/").text


def test_the_password_is_checked_per_visitor(client, home_pages):
    page = page_add(home_pages["pl"], "Tajne", "tajne")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sekret"
    )
    assert 'name="password"' in client.get("/pl/tajne/").text
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    client.post(url, {"password": "sekret", "return_url": "/pl/tajne/"})
    assert 'name="password"' not in client.get("/pl/tajne/").text
    other = client_class()
    assert 'name="password"' in other.get("/pl/tajne/").text


def test_a_changed_password_is_the_one_asked_for(client, home_pages):
    page = page_add(home_pages["pl"], "Tajne", "tajne")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="stare"
    )
    client.get("/pl/tajne/")
    restriction.password = "nowe"
    restriction.save()
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    client.post(url, {"password": "nowe", "return_url": "/pl/tajne/"})
    assert "Tajne" in client.get("/pl/tajne/").text
    assert 'name="password"' not in client.get("/pl/tajne/").text
