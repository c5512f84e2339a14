"""The partner API's projects: this cluster's from the change log, peers' from the mirrors."""

import pytest

from tests.federation.feeds import project
from tests.plugins.projects.factories import (
    directory_pages,
    member_translations,
    project_create,
    project_indexes,
)

from .conftest import api_get, api_walk, key_make, mirrors_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(home_pages):
    directory_pages(home_pages=home_pages)
    indexes = project_indexes(home_pages=home_pages)
    fund = member_translations(home_pages=home_pages, slug="fund", names={"en": "Growth Fund"})
    local = project_create(index=indexes["en"], title="Local project", funders=[fund["en"]])
    mirrors_apply("kiel", [project(1, 1, title="Kiel project", origin="kiel")])
    mirrors_apply("izmir", [project(2, 1, title="Izmir project", origin="izmir")])
    return {"local": local, "fund": fund["en"]}


def test_projects_come_from_this_cluster_and_its_peers(client, projects):
    _, plain = key_make()

    items = api_walk(client, "projects", plain)

    by_origin = {item["origin"]: item for item in items}
    assert set(by_origin) == {"testland", "kiel", "izmir"}
    assert {item["type"] for item in items} == {"projects.project"}
    local = by_origin["testland"]
    assert local["id"] == str(projects["local"].translation_key)
    english = local["translations"]["en"]
    assert (english["title"], english["funders"]) == ("Local project", ["Growth Fund"])
    assert english["funder_ids"] == [str(projects["fund"].translation_key)]
    assert by_origin["kiel"]["translations"]["en"]["title"] == "Kiel project (en)"


def test_a_keys_scope_limits_the_projects_clusters_and_languages(client, projects):
    _, plain = key_make(clusters=["testland", "kiel"], languages=["bg"])

    items = api_walk(client, "projects", plain)

    assert sorted(item["origin"] for item in items) == ["kiel", "testland"]
    kiel = next(item for item in items if item["origin"] == "kiel")
    assert set(kiel["translations"]) == {"bg"}
    local = next(item for item in items if item["origin"] == "testland")
    assert local["deleted"] is True  # no translation in the key's languages


def test_a_key_without_projects_may_not_read_them(client, projects):
    _, plain = key_make(content_types=["news"])

    assert api_get(client, "projects", plain).status_code == 403
