"""The partner API's pages: one cursor over the change log and the mirrors, filters,
tombstones, public fields only, parameter errors."""

import datetime

import pytest
from django.utils import timezone

from federation.models import ChangeEntry, MirrorItem
from federation.protocol import DIRECTORY_MEMBER, NEWS_ARTICLE
from plugins.syndication.partner_feed import Cursor, cursor_parse
from tests.plugins.directory.factories import MemberFactory

from .conftest import (
    api_get,
    api_walk,
    article_publish,
    article_translate,
    key_make,
    mirror_article,
    mirror_member,
    mirror_tombstone,
    mirrors_apply,
    object_id,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain():
    return key_make()[1]


def titles(items, language="en"):
    return sorted(
        item["translations"][language]["title"]
        for item in items
        if not item["deleted"] and language in item["translations"]
    )


def test_a_walk_serves_local_and_federated_items_once_each(client, indexes, plain):
    local = [article_publish(indexes["en"], title=f"Local {n}") for n in range(3)]
    mirrors_apply("kiel", [mirror_article("kiel", n, titles={"en": f"Kiel {n}"}) for n in range(4)])
    article_publish(indexes["en"], title="Local 3")

    items = api_walk(client, "news", plain, limit=2)

    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == 8
    assert titles(items) == sorted(
        [f"Local {n}" for n in range(4)] + [f"Kiel {n}" for n in range(4)]
    )
    origins = {item["translations"]["en"]["title"]: item["origin"] for item in items}
    assert origins["Local 0"] == "testland" and origins["Kiel 0"] == "kiel"
    assert str(local[0].translation_key) in ids


def test_the_last_cursor_picks_up_later_changes_from_both_sources(client, indexes, plain):
    page = article_publish(indexes["en"], title="First")
    mirrors_apply("kiel", [mirror_article("kiel", 1, titles={"en": "Kiel first"})])
    body = api_get(client, "news", plain).json()
    assert titles(body["items"]) == ["First", "Kiel first"] and body["has_more"] is False

    again = api_get(client, "news", plain, cursor=body["next_cursor"]).json()
    assert again == {"items": [], "next_cursor": body["next_cursor"], "has_more": False}

    page.title = "First, edited"
    page.save_revision().publish()
    mirrors_apply("kiel", [mirror_article("kiel", 1, revision=2, titles={"en": "Kiel edited"})])
    mirrors_apply("kiel", [mirror_article("kiel", 2, titles={"en": "Kiel second"})])

    later = api_get(client, "news", plain, cursor=body["next_cursor"]).json()
    assert titles(later["items"]) == ["First, edited", "Kiel edited", "Kiel second"]


def test_an_item_changed_during_a_walk_comes_again_with_its_latest_state(client, indexes, plain):
    pages = [article_publish(indexes["en"], title=f"Story {n}") for n in range(3)]
    first = api_get(client, "news", plain, limit=2).json()
    pages[0].title = "Story 0, corrected"
    pages[0].save_revision().publish()

    rest = api_walk_from(client, plain, first["next_cursor"])

    assert titles(rest) == ["Story 0, corrected", "Story 2"]


def api_walk_from(client, plain, cursor):
    body = api_get(client, "news", plain, cursor=cursor).json()
    assert body["has_more"] is False
    return body["items"]


def test_tombstones_for_deleted_unpublished_and_withdrawn_items(
    client, indexes, plain, django_capture_on_commit_callbacks
):
    deleted = article_publish(indexes["en"], title="Deleted")
    unpublished = article_publish(indexes["en"], title="Unpublished")
    mirrors_apply("kiel", [mirror_article("kiel", 1, titles={"en": "Withdrawn"})])
    deleted_id, unpublished_id = str(deleted.translation_key), str(unpublished.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()  # recorded once the deletion is committed
    unpublished.unpublish()
    mirrors_apply("kiel", [mirror_tombstone("kiel", 1, revision=2)])

    items = {item["id"]: item for item in api_walk(client, "news", plain)}

    assert items[deleted_id] == {
        "id": deleted_id,
        "type": NEWS_ARTICLE,
        "origin": "testland",
        "updated_at": items[deleted_id]["updated_at"],
        "deleted": True,
        "reason": "deleted",
    }
    assert items[unpublished_id]["reason"] == "unpublished"
    assert items[object_id(1)]["deleted"] is True
    assert items[object_id(1)]["origin"] == "kiel"
    assert "translations" not in items[object_id(1)]


def test_translations_are_limited_to_the_keys_languages(client, indexes):
    _, english = key_make(languages=["en"])
    both = article_publish(indexes["pl"], title="Po polsku")
    article_translate(both, language="en", title="In English")
    polish_only = article_publish(indexes["pl"], title="Tylko po polsku")
    mirrors_apply("kiel", [mirror_article("kiel", 1, titles={"de": "Deutsch", "en": "English"})])

    items = {item["id"]: item for item in api_walk(client, "news", english)}

    assert set(items[str(both.translation_key)]["translations"]) == {"en"}
    assert set(items[object_id(1)]["translations"]) == {"en"}
    # Once it may have had an English version: a partner must be able to drop it.
    assert items[str(polish_only.translation_key)]["deleted"] is True
    assert items[str(polish_only.translation_key)]["reason"] == "no_translation"
    assert all(set(item.get("translations", {})) <= {"en"} for item in items.values())
    assert "Tylko po polsku" not in str(items) and "Deutsch" not in str(items)


def test_lang_and_cluster_parameters_narrow_within_the_scope(client, indexes, plain):
    page = article_publish(indexes["pl"], title="Po polsku")
    article_translate(page, language="en", title="In English")
    mirrors_apply("kiel", [mirror_article("kiel", 1, titles={"en": "From Kiel"})])
    mirrors_apply("izmir", [mirror_article("izmir", 2, titles={"en": "From Izmir"})])

    polish = api_get(client, "news", plain, lang="pl", cluster="testland").json()["items"]
    assert [list(item["translations"]) for item in polish] == [["pl"]]
    kiel = api_get(client, "news", plain, cluster="kiel,izmir").json()["items"]
    assert titles(kiel) == ["From Izmir", "From Kiel"]


def test_a_key_for_some_clusters_sees_only_their_items(client, indexes):
    _, kiel_only = key_make(clusters=["kiel"])
    article_publish(indexes["en"], title="Local")
    mirrors_apply("kiel", [mirror_article("kiel", 1, titles={"en": "From Kiel"})])
    mirrors_apply("izmir", [mirror_article("izmir", 2, titles={"en": "From Izmir"})])

    assert titles(api_walk(client, "news", kiel_only)) == ["From Kiel"]


def test_updated_since_filters_on_when_the_change_was_recorded(client, indexes, plain):
    old = article_publish(indexes["en"], title="Old")
    mirrors_apply("kiel", [mirror_article("kiel", 1, titles={"en": "Old Kiel"})])
    past = timezone.now() - datetime.timedelta(days=2)
    ChangeEntry.objects.filter(object_id=old.translation_key).update(created_at=past)
    MirrorItem.objects.filter(origin="kiel").update(synced_at=past)
    article_publish(indexes["en"], title="New")
    mirrors_apply("kiel", [mirror_article("kiel", 2, titles={"en": "New Kiel"})])

    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert titles(api_get(client, "news", plain, updated_since=since).json()["items"]) == [
        "New",
        "New Kiel",
    ]
    day = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()  # a date: midnight
    assert "Old" not in titles(api_get(client, "news", plain, updated_since=day).json()["items"])
    assert (
        len(api_get(client, "news", plain, updated_since="2000-01-01T00:00:00Z").json()["items"])
        == 4
    )


def test_members_carry_public_fields_only_also_from_peers(client, home_pages, plain):
    MemberFactory(name="Lokalna", email="biuro@lokalna.pl", phone="+48 81 100 200")
    mirrors_apply(
        "kiel",
        [
            mirror_member(
                "kiel", 1, name="Kieler GmbH", email="info@kieler.de", website="https://kieler.de",
                network_only=["email"],
            )
        ],
    )  # fmt: skip

    items = api_walk(client, "members", plain)

    fields = {item["translations"]["pl" if item["origin"] == "testland" else "en"]["name"]: item
              for item in items}  # fmt: skip
    local = fields["Lokalna"]["translations"]["pl"]
    kiel = fields["Kieler GmbH"]["translations"]["en"]
    assert "email" not in local and "phone" not in local and "network_only" not in local
    assert "email" not in kiel and "network_only" not in kiel
    assert kiel["website"] == "https://kieler.de"
    assert {item["type"] for item in items} == {DIRECTORY_MEMBER}


def test_a_network_only_logo_stays_out_of_the_public_api(client, home_pages, plain):
    from tests.plugins.directory.factories import image_create

    member = MemberFactory(name="Z logo", logo=image_create())
    member.field_visibility = {"logo": "network"}
    member.save()
    entry = ChangeEntry.objects.get(object_id=member.translation_key)
    assert entry.translations["pl"]["network_only"] == ["logo"]  # peers' staff may see it

    (item,) = api_get(client, "members", plain).json()["items"]
    assert "logo" not in item["translations"]["pl"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"cursor": "c1.5"}, "cursor"),  # a federation cursor is not ours
        ({"cursor": "p1.zz.0"}, "cursor"),
        ({"cursor": "p1.ffffffffffffffff.0"}, "cursor"),  # out of range
        ({"cursor": "p1.\x00.0"}, "cursor"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2026-13-01T00:00:00Z"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-05:00"}, "updated_since"),  # overflows UTC
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ({"cluster": "Not A Slug"}, "cluster"),
        ({"cluster": "kiel\x00"}, "cluster"),
        ({"lang": "english"}, "lang"),
    ],
)
def test_bad_parameters_answer_400_with_a_json_error(client, db, plain, params, parameter):
    response = api_get(client, "news", plain, **params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "invalid_parameter" and body["parameter"] == parameter
    assert body["message"]


def test_limit_defaults_to_100_and_500_is_allowed(client, db, plain):
    mirrors_apply("kiel", [mirror_article("kiel", n, titles={"en": f"N{n}"}) for n in range(120)])

    default = api_get(client, "news", plain).json()
    assert len(default["items"]) == 100 and default["has_more"] is True
    assert len(api_get(client, "news", plain, limit="500").json()["items"]) == 120


def test_the_cursor_holds_one_position_per_source():
    assert cursor_parse("p1.1a.0") == Cursor(local=26, mirror=0)
    assert cursor_parse(Cursor(local=5, mirror=2**40).encode()) == Cursor(5, 2**40)
    assert cursor_parse("") == Cursor(0, 0)


def test_mirror_writes_move_items_to_the_end_of_the_mirror_sequence(db):
    mirrors_apply("kiel", [mirror_article("kiel", n, titles={"en": f"N{n}"}) for n in range(3)])
    first = dict(MirrorItem.objects.values_list("object_id", "seq"))
    assert sorted(first.values()) == [1, 2, 3]

    mirrors_apply("kiel", [mirror_article("kiel", 0, titles={"en": "N0"})])  # unchanged
    assert dict(MirrorItem.objects.values_list("object_id", "seq")) == first
    mirrors_apply("izmir", [mirror_tombstone("izmir", 9, revision=1)])
    mirrors_apply("kiel", [mirror_article("kiel", 0, revision=2, titles={"en": "N0 again"})])

    seqs = dict(MirrorItem.objects.values_list("object_id", "seq"))
    assert seqs[MirrorItem.objects.get(origin="kiel", revision=2).object_id] == max(seqs.values())
    assert len(set(seqs.values())) == len(seqs)
