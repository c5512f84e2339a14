"""``manage.py demo generate --projects N``: synthetic projects written in bulk, in the
change log through the same serializer, served like any other project."""

import pytest
from django.core.management import call_command

from federation.models import ChangeEntry
from federation.protocol import PROJECTS_PROJECT, UPSERT
from federation.registry import shared_types
from plugins.projects.models import ProjectPage
from sites.core.generate import content_generate

pytestmark = pytest.mark.django_db


def test_generated_projects_have_one_change_entry_each_as_if_published(home_pages, client):
    content_generate(counts={"members": 5})
    made = content_generate(counts={"projects": 6})

    assert made == {"projects": 6}
    assert ProjectPage.objects.live().filter(locale__language_code="en").count() == 6
    entries = ChangeEntry.objects.filter(type=PROJECTS_PROJECT, action=UPSERT)
    assert entries.count() == 6
    page = ProjectPage.objects.get(locale__language_code="pl", slug="generated-project-1")
    entry = entries.get(object_id=page.translation_key)
    expected = shared_types()[PROJECTS_PROJECT].translation_set(
        translation_key=page.translation_key
    )
    assert entry.translations == expected
    assert set(entry.translations) == {"pl", "en"}
    assert entry.translations["en"]["title"] == "Generated project 1"
    assert client.get(page.url).status_code == 200
    assert "Generated project 1" in client.get("/en/projects/").content.decode()
    index = page.get_parent()
    assert index.numchild == index.get_children().count()


def test_the_demo_command_generates_projects(home_pages):
    call_command("demo", "generate", "--projects", "2", verbosity=0)

    assert ChangeEntry.objects.filter(type=PROJECTS_PROJECT).count() == 2
