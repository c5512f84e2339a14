"""Projects as a shared type: what the change log records, and peers' projects here."""

import json
import re
from pathlib import Path

import pytest
from wagtail.models import Locale

from federation.models import ChangeEntry, MirrorItem, Peer
from federation.protocol import (
    DELETE,
    PROJECTS_PROJECT,
    UPSERT,
    FeedPage,
    content_hash,
    cursor_encode,
    type_get,
)
from federation.sync.operations import mirror_held, plan_apply
from federation.sync.planner import sync_plan
from plugins.projects.models import ProjectPage

from ...federation.feeds import member, object_id, project, tombstone
from .factories import (
    days_from_today,
    directory_pages,
    member_translations,
    project_create,
    project_indexes,
)

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parents[2] / "federation" / "golden" / "feed_page_project.json"


@pytest.fixture
def indexes(home_pages):
    directory_pages(home_pages=home_pages)
    return project_indexes(home_pages=home_pages)


def entry_of(page) -> ChangeEntry:
    (entry,) = ChangeEntry.objects.filter(object_id=page.translation_key)
    return entry


def translated(page: ProjectPage, *, title: str) -> ProjectPage:
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = title
    english.save_revision().publish()
    return ProjectPage.objects.get(pk=english.pk)


def mirrors_apply(*changes, origin="sofia"):
    """Apply a feed page from ``origin`` with the sync's own planner and writer."""
    peer, _ = Peer.objects.get_or_create(
        slug=origin, defaults={"name": "BHC Bulgaria", "base_url": f"https://{origin}.example"}
    )
    page = FeedPage(
        origin=origin,
        cursor=cursor_encode(max(change.revision for change in changes)),
        has_more=False,
        changes=list(changes),
    )
    held = mirror_held(origin=origin, object_ids=[change.id for change in changes])
    plan_apply(plan=sync_plan(page=page, held=held), peer=peer)


# --- what this cluster shares ------------------------------------------------------


def test_publishing_a_project_records_its_translations_in_the_wire_format(home_pages, indexes):
    fund = member_translations(
        home_pages=home_pages, slug="fund", names={"pl": "Fundusz", "en": "Fund"}
    )
    page = project_create(
        index=indexes["pl"],
        title="Projekt pilotażowy",
        slug="pilot",
        start_date=days_from_today(-10),
        end_date=days_from_today(100),
        goals=[("goal", "Połączyć naukę i przemysł")],
        funders=[fund["pl"]],
    )
    translated(page, title="Pilot project")

    entry = entry_of(page)

    assert (entry.type, entry.action) == (PROJECTS_PROJECT, UPSERT)
    assert set(entry.translations) == {"pl", "en"}
    polish, english = entry.translations["pl"], entry.translations["en"]
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["changes"][0]["translations"]["en"]
    assert set(polish) == set(golden)  # the golden example shows every field
    assert type_get(PROJECTS_PROJECT).translation_clean(polish) == polish
    assert (polish["title"], english["title"]) == ("Projekt pilotażowy", "Pilot project")
    assert polish["goals"] == ["Połączyć naukę i przemysł"]
    assert polish["start_date"] == days_from_today(-10).isoformat()
    assert polish["end_date"] == days_from_today(100).isoformat()
    assert polish["funders"] == ["Fundusz"]
    # The English page keeps the Polish participant rows; it names the English member.
    assert english["funders"] == ["Fund"]
    assert polish["funder_ids"] == english["funder_ids"] == [str(fund["pl"].translation_key)]
    assert (polish["partners"], polish["partner_ids"]) == ([], [])
    assert english["url"].startswith("http://testserver/en/")
    assert entry.content_hash == content_hash(entry.translations)


def test_unpublishing_and_deleting_a_project_record_tombstones(
    indexes, django_capture_on_commit_callbacks
):
    page = project_create(index=indexes["pl"], title="Do wycofania", slug="wycofanie")
    page.unpublish()
    assert (entry_of(page).action, entry_of(page).reason) == (DELETE, "unpublished")

    page.save_revision().publish()
    assert entry_of(page).action == UPSERT
    with django_capture_on_commit_callbacks(execute=True):
        ProjectPage.objects.get(pk=page.pk).delete()
    assert (entry_of(page).action, entry_of(page).reason) == (DELETE, "deleted")


def test_renaming_or_deleting_a_member_records_the_projects_naming_it(
    home_pages, indexes, django_capture_on_commit_callbacks
):
    fund = member_translations(home_pages=home_pages, slug="fund", names={"pl": "Fundusz"})
    partner = member_translations(home_pages=home_pages, slug="uni", names={"pl": "Uczelnia"})
    page = project_create(
        index=indexes["pl"], title="Nazwy", funders=[fund["pl"]], partners=[partner["pl"]]
    )

    fund["pl"].name = "Fundusz Rozwoju"
    fund["pl"].save()
    assert entry_of(page).translations["pl"]["funders"] == ["Fundusz Rozwoju"]

    with django_capture_on_commit_callbacks(execute=True):
        partner["pl"].delete()
    assert entry_of(page).translations["pl"]["partners"] == []


# --- peers' projects ---------------------------------------------------------------


def test_a_peers_project_is_listed_in_the_visitors_language_with_its_origin(client, indexes):
    mirrors_apply(project(1, 1, title="Genome centre", languages=("bg", "en")))
    mirrors_apply(project(2, 2, title="Bulgarian only", languages=("bg",)))

    english = client.get("/en/projects/").content.decode()
    polish = client.get("/pl/projekty/").content.decode()

    assert "Genome centre (en)" in english
    assert "Genome centre (en)" in polish  # English is the fallback
    assert "Bulgarian only" not in english + polish
    assert "BHC Bulgaria" in english  # attributed to its cluster
    assert f"/en/network/sofia/{object_id(1)}/" in english


def test_local_and_federated_projects_share_the_index_order(indexes):
    from plugins.projects.selectors import project_network_list

    project_create(index=indexes["en"], title="Local running", start_date=days_from_today(-5))
    project_create(index=indexes["en"], title="Local planned", start_date=days_from_today(50))
    mirrors_apply(
        project(1, 1, title="Peer completed", start_date="2020-01-01", end_date="2021-01-01"),
        project(2, 2, title="Peer running", start_date="2020-01-01", end_date="2099-01-01"),
    )

    listed = project_network_list(locale=indexes["en"].locale)

    assert [p.title for p in listed] == [
        "Peer running (en)",
        "Local running",
        "Local planned",
        "Peer completed (en)",
    ]


def test_a_peers_project_reads_as_a_mirror_linking_to_its_members_mirrors(client, indexes):
    member_change = member(7, 1, name="Sofia Tech Park")
    mirrors_apply(
        member_change,
        project(
            1,
            2,
            title="BioCenter",
            partners=["Sofia Tech Park", "Sofia Municipality"],
            partner_ids=[member_change.id, ""],
            start_date="2020-01-01",
            end_date="2021-06-30",
        ),
    )

    response = client.get(f"/en/network/sofia/{object_id(1)}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "BioCenter (en)" in html
    assert "Goal of project 1" in html
    assert 'href="https://sofia.example/en/projects/project-1/"' in html  # canonical
    assert f'<a href="/en/network/sofia/{member_change.id}/">Sofia Tech Park</a>' in html
    assert re.search(r"<li>\s*Sofia Municipality\s*</li>", html)  # not shared: a plain name
    assert "Completed" in html  # the status is derived from the dates
    assert "BHC Bulgaria" in html


def test_a_peers_withdrawn_project_leaves_the_index(client, indexes):
    mirrors_apply(project(1, 1, title="Short-lived"))
    mirrors_apply(tombstone(1, 2, type=PROJECTS_PROJECT, reason="unpublished"))

    assert MirrorItem.objects.get(object_id=object_id(1)).deleted_at is not None
    assert "Short-lived" not in client.get("/en/projects/").content.decode()
    assert client.get(f"/en/network/sofia/{object_id(1)}/").status_code == 404
