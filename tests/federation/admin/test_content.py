"""The Federated content admin: a read-only list of the peers' items, and nothing
in the admin may add, change or delete them (not even a superuser)."""

import pytest
from django.urls import reverse

from federation.models import MirrorItem, MirrorTranslation

from .conftest import mirror_item_make
from .html import headers, row_of, rows

pytestmark = pytest.mark.django_db

INDEX = "federation_content:index"


def test_list_shows_federated_items_with_origin_and_public_link(superuser_client, home_pages):
    item = mirror_item_make(
        origin="sofia",
        type="news.article",
        titles={"bg": "Мрежова новина", "en": "A network story"},
        revision=12,
    )

    response = superuser_client.get(reverse(INDEX))

    assert response.status_code == 200
    html = response.content.decode()
    assert headers(html) == ["Title", "Origin", "Type", "Revision", "Updated", "Deleted"]
    row = row_of(html, "A network story")
    assert "<td>sofia</td>" in row and "<td>news.article</td>" in row and "<td>12</td>" in row
    public_url = f"/en/network/sofia/{item.object_id}/"
    assert f'href="{public_url}"' in row
    assert "Deleted (tombstone)" not in row
    page = superuser_client.get(public_url)
    assert page.status_code == 200
    assert "A network story" in page.content.decode()


def test_title_falls_back_to_the_first_translation(superuser_client):
    item = mirror_item_make(origin="izmir", titles={"tr": "Ağ haberi"})

    html = superuser_client.get(reverse(INDEX)).content.decode()

    # No English: linked under the site's own language, the page falls back itself.
    assert f'href="/pl/network/izmir/{item.object_id}/"' in row_of(html, "Ağ haberi")


def test_tombstones_are_flagged_and_not_linked(superuser_client):
    mirror_item_make(titles={"en": "Withdrawn story"}, deleted=True)

    html = superuser_client.get(reverse(INDEX)).content.decode()

    (row,) = rows(html)
    assert "Withdrawn story" in row
    assert "Deleted (tombstone)" in row
    assert "/network/" not in row


def test_filter_by_origin_and_type_and_search_by_title(superuser_client):
    mirror_item_make(origin="sofia", type="news.article", titles={"en": "Sofia news"})
    mirror_item_make(origin="kiel", type="news.article", titles={"en": "Kiel news"})
    mirror_item_make(
        origin="kiel", type="directory.member", titles={"de": "Mitglied", "en": "Member"}
    )

    def titles(**query):
        html = superuser_client.get(reverse(INDEX), query).content.decode()
        return sorted(
            title
            for title in ("Sofia news", "Kiel news", "Member")
            if any(f">{title}</a>" in row for row in rows(html))
        )

    assert titles(origin="kiel") == ["Kiel news", "Member"]
    assert titles(type="news.article") == ["Kiel news", "Sofia news"]
    assert titles(origin="kiel", type="news.article") == ["Kiel news"]
    assert titles(q="news") == ["Kiel news", "Sofia news"]
    assert titles(q="mitglied") == ["Member"]  # any language's title is searched


def test_editors_can_read_federated_content(editor_client):
    mirror_item_make(titles={"en": "A network story"})

    response = editor_client.get(reverse(INDEX))

    assert response.status_code == 200
    assert "A network story" in response.content.decode()


@pytest.mark.parametrize("user", ["superuser", "editor"])
def test_federated_copies_cannot_be_created_edited_or_deleted(
    request, user, client, django_user_model
):
    client = request.getfixturevalue(f"{user}_client")
    item = mirror_item_make(titles={"en": "A network story"}, revision=7)
    before = (MirrorItem.objects.count(), MirrorTranslation.objects.count())
    attack = {"origin": "evil", "type": "x", "revision": "99", "title": "Changed"}

    for name, args in [
        ("add", []),
        ("edit", [item.pk]),
        ("delete", [item.pk]),
        ("history", [item.pk]),
        ("usage", [item.pk]),
    ]:
        url = reverse(f"federation_content:{name}", args=args)
        for method in (client.get, client.post):
            status = method(url, attack).status_code
            assert status in (403, 404, 405), f"{method.__name__.upper()} {url} -> {status}"

    item.refresh_from_db()
    assert (item.origin, item.type, item.revision) == ("sofia", "news.article", 7)
    assert item.translations.get().title == "A network story"
    assert (MirrorItem.objects.count(), MirrorTranslation.objects.count()) == before


def test_the_listing_offers_no_write_action(superuser_client):
    item = mirror_item_make(titles={"en": "A network story"})

    html = superuser_client.get(reverse(INDEX)).content.decode()

    for name, args in [("add", []), ("edit", [item.pk]), ("delete", [item.pk])]:
        assert reverse(f"federation_content:{name}", args=args) not in html
