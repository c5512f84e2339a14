"""What publishing, editing, unpublishing and deleting shared objects write to the change log."""

import pytest
from wagtail.models import Locale

from federation.models import ChangeEntry
from federation.protocol import DELETE, DIRECTORY_MEMBER, NEWS_ARTICLE, UPSERT, content_hash
from plugins.news.models import NewsPage
from sites.core.services import locales_ensure

from ..plugins.directory.factories import MemberFactory, member_translate
from ..plugins.news.factories import NewsPageFactory, NewsTopicFactory, news_indexes

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexes(home_pages):
    return news_indexes(home_pages)


def entries_of(obj) -> list[ChangeEntry]:
    return list(ChangeEntry.objects.filter(object_id=obj.translation_key).order_by("seq"))


def the_entry_of(obj) -> ChangeEntry:
    (entry,) = entries_of(obj)
    return entry


def published_article(indexes, **fields) -> NewsPage:
    """A Polish news page, published (which is what records a change)."""
    page = NewsPageFactory(parent=indexes["pl"], live=False, **fields)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def translate_and_publish(page: NewsPage, *, title: str) -> NewsPage:
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = title
    english.save_revision().publish()
    return NewsPage.objects.get(pk=english.pk)


def test_an_unpublished_draft_records_nothing(indexes):
    NewsPageFactory(parent=indexes["pl"], live=False)
    assert not ChangeEntry.objects.exists()


def test_publishing_records_one_upsert_with_every_live_translation(indexes):
    topic = NewsTopicFactory(locale=locales_ensure()["pl"], name="Biotechnologia")
    page = published_article(indexes, title="Nowe laboratorium", topics=[topic])
    translate_and_publish(page, title="New laboratory")

    entry = the_entry_of(page)

    assert (entry.type, entry.action, entry.reason) == (NEWS_ARTICLE, UPSERT, "")
    assert set(entry.translations) == {"pl", "en"}
    assert entry.translations["pl"]["title"] == "Nowe laboratorium"
    assert entry.translations["en"]["title"] == "New laboratory"
    assert entry.translations["pl"]["topics"] == ["Biotechnologia"]
    assert entry.translations["en"]["url"].startswith("http://testserver/en/")
    assert entry.content_hash == content_hash(entry.translations)


def test_editing_and_republishing_replaces_the_entry_with_a_newer_one(indexes):
    page = published_article(indexes, title="Pierwsza wersja")
    first = the_entry_of(page)

    page.title = "Druga wersja"
    page.save_revision().publish()

    entry = the_entry_of(page)  # the older entry is gone: the log stays compacted
    assert entry.seq > first.seq
    assert entry.translations["pl"]["title"] == "Druga wersja"


def test_republishing_without_a_change_records_nothing(indexes):
    page = published_article(indexes)
    first = the_entry_of(page)

    page.save_revision().publish()

    assert entries_of(page) == [first]
    assert ChangeEntry.objects.count() == 1


def test_unpublishing_the_only_live_translation_records_an_unpublished_tombstone(indexes):
    page = published_article(indexes)

    page.unpublish()

    entry = the_entry_of(page)
    assert (entry.action, entry.reason, entry.translations) == (DELETE, "unpublished", {})


def test_unpublishing_one_of_two_translations_shares_the_other_one(indexes):
    page = published_article(indexes)
    english = translate_and_publish(page, title="English")

    english.unpublish()

    entry = the_entry_of(page)
    assert entry.action == UPSERT
    assert set(entry.translations) == {"pl"}


def test_deleting_records_a_deleted_tombstone(indexes, django_capture_on_commit_callbacks):
    page = published_article(indexes)

    with django_capture_on_commit_callbacks(execute=True):
        NewsPage.objects.get(pk=page.pk).delete()

    entry = the_entry_of(page)
    assert (entry.action, entry.reason) == (DELETE, "deleted")


def test_a_page_that_was_never_shared_leaves_no_tombstone(
    indexes, django_capture_on_commit_callbacks
):
    page = NewsPageFactory(parent=indexes["pl"], live=False)

    with django_capture_on_commit_callbacks(execute=True):
        page.delete()

    assert not ChangeEntry.objects.exists()


# --- directory members --------------------------------------------------------------

CONTACT = {
    "website": "https://vitagenum.example/",
    "email": "office@vitagenum.example",
    "phone": "+48 81 000 00 00",
    "address": "ul. Tajna 1, 20-001 Lublin",
    "description": "Producent suplementów.",
}
# Always shared; "logo" is there (null without an image) because its level is public,
# "network_only" names the shared fields meant for the peers' staff only.
ALWAYS_SHARED = {"name", "slug", "kind", "role", "city", "country", "sectors", "url"}
METADATA = {"logo", "network_only"}


def contact_member(**visibility):
    return MemberFactory(name="Vitagenum", slug="vitagenum", field_visibility=visibility, **CONTACT)


def test_saving_a_member_records_exactly_what_the_network_may_see(db):
    member = contact_member()

    entry = the_entry_of(member)

    assert (entry.type, entry.action) == (DIRECTORY_MEMBER, UPSERT)
    fields = entry.translations["pl"]
    # email and phone are visible to the network by default, like the public fields
    assert set(fields) == ALWAYS_SHARED | METADATA | set(CONTACT)
    assert fields["email"] == "office@vitagenum.example"
    assert fields["network_only"] == ["email", "phone"]
    assert fields["url"].startswith("http://testserver/")


def test_a_cluster_only_field_never_leaves_the_cluster(db):
    member = contact_member(email="cluster", description="cluster", logo="cluster")

    fields = the_entry_of(member).translations["pl"]

    assert set(fields) == ALWAYS_SHARED | {"network_only"} | set(CONTACT) - {
        "email",
        "description",
    }
    assert fields["network_only"] == ["phone"]
    assert "office@vitagenum.example" not in str(the_entry_of(member).translations)


def test_making_a_field_cluster_only_later_removes_it_from_the_entry(db):
    member = contact_member()

    member.field_visibility = {"phone": "cluster"}
    member.save()

    assert "phone" not in the_entry_of(member).translations["pl"]


def test_a_members_sectors_are_recorded_once_they_are_saved(db):
    # ClusterableModel writes ParentalManyToMany fields after post_save.
    member = MemberFactory(sectors=["pharmacy"])

    assert the_entry_of(member).translations["pl"]["sectors"] == ["pharmacy"]

    member.sectors.clear()
    member.save()

    assert the_entry_of(member).translations["pl"]["sectors"] == []


def test_a_members_translations_travel_together(db):
    member = contact_member()
    member_translate(member, language="en", name="Vitagenum EN", description="Supplements.")

    entry = the_entry_of(member)

    assert set(entry.translations) == {"pl", "en"}
    assert entry.translations["en"]["description"] == "Supplements."


def test_deleting_a_member_records_a_deleted_tombstone(db, django_capture_on_commit_callbacks):
    member = contact_member()

    with django_capture_on_commit_callbacks(execute=True):
        member.delete()

    entry = the_entry_of(member)
    assert (entry.action, entry.reason) == (DELETE, "deleted")
