"""The directory's pages read what they show: one page of members, sorted by the database,
in a number of queries that does not grow with the directory."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from plugins.directory.collation import collation_sort_key
from plugins.directory.models import Member
from plugins.directory.selectors import member_list
from sites.core.fragments import content_generation_bump

from .factories import MemberFactory, image_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(settings):
    settings.CLUSTER = {**settings.CLUSTER, "plugin_options": {"directory": {"page_size": 3}}}


@pytest.fixture
def members_loaded():
    """Counts the Member instances built from database rows while the test runs."""
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Member)
    yield loaded
    post_init.disconnect(count, sender=Member)


def members_add(count: int, *, start: int = 0) -> None:
    for n in range(start, start + count):
        MemberFactory(name=f"Firma {n:03d}", slug=f"firma-{n}", sectors=["medtech", "pharmacy"])


def queries_of(client, path: str, **params) -> int:
    """Queries of a request after a first one: adding members made a new content
    generation, whose cached fragments (menu, alternates) the first request computes."""
    client.get(path, params)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


def test_directory_page_queries_do_not_grow_with_members(client, directory, small_pages):
    members_add(4)
    few = queries_of(client, "/pl/czlonkowie/")
    members_add(20, start=4)
    assert queries_of(client, "/pl/czlonkowie/") == few
    assert queries_of(client, "/pl/czlonkowie/", page=3) == few


def test_directory_page_loads_only_the_members_it_shows(
    client, directory, small_pages, members_loaded
):
    members_add(12)
    members_loaded.clear()
    html = client.get("/pl/czlonkowie/", {"page": 2}).content.decode()
    assert [m.name for m in members_loaded] == ["Firma 003", "Firma 004", "Firma 005"]
    assert "12 członków" in html


def uncached_queries_of(client, path: str) -> int:
    """Queries of a request that computes its cached fragments (a new generation)."""
    content_generation_bump()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_member_logos_are_read_in_one_query_per_page(client, directory, small_pages):
    members_add(3)
    few = uncached_queries_of(client, "/pl/czlonkowie/")
    logo = image_create()
    Member.objects.update(logo=logo, field_visibility={"logo": "public"})
    uncached_queries_of(client, "/pl/czlonkowie/")  # the renditions are made once
    # The images come with the members; their renditions: one query, not one per member.
    assert uncached_queries_of(client, "/pl/czlonkowie/") == few + 1


def test_member_page_queries_are_bounded(client, directory):
    members_add(3)
    client.get("/pl/czlonkowie/firma-1/")  # the site root paths are cached from here on
    # Wagtail routing and serving, the menu, the alternates (two queries whatever the
    # number of languages) and the member with its sectors.
    assert queries_of(client, "/pl/czlonkowie/firma-1/") <= 15


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("pl", ["Żary", "Zamość", "Łódź", "Lublin", "alfa", "Ząbki", "Ćma", "Cma"]),
        ("en", ["Ärzte", "Bonn", "apfel", "Zeta", "Äa", "ab"]),
    ],
)
def test_the_database_sorts_names_in_the_languages_order(locales, language, names):
    for n, name in enumerate(names):
        MemberFactory(name=name, slug=f"m-{n}", locale=locales[language])
    listed = [m.name for m in member_list(locale=locales[language])]
    assert listed == sorted(names, key=lambda name: collation_sort_key(name, language=language))
    assert listed.index("Zeta" if language == "en" else "Łódź") > 0


def test_renaming_a_member_moves_it(locales):
    first = MemberFactory(name="Alfa", slug="alfa")
    MemberFactory(name="Beta", slug="beta")
    first.name = "Gamma"
    first.save(update_fields=["name"])
    assert [m.name for m in member_list(locale=locales["pl"])] == ["Beta", "Gamma"]
