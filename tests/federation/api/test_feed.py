"""GET /federation/v1/changes: our change log, oldest first, in cursor-linked pages."""

import uuid

import pytest

from federation.models import ChangeEntry
from federation.protocol import NEWS_ARTICLE, cursor_encode, feed_page_parse
from federation.selectors import feed_head
from plugins.news.models import NewsPage

from ...plugins.news.factories import NewsPageFactory, news_indexes

pytestmark = pytest.mark.django_db


def translations(n: int) -> dict:
    return {
        "en": {
            "title": f"Article {n}",
            "slug": f"article-{n}",
            "date": "2026-01-02",
            "url": f"http://testserver/en/news/article-{n}/",
        }
    }


def log_entries(count: int) -> list[ChangeEntry]:
    return ChangeEntry.objects.bulk_create(
        ChangeEntry(
            object_id=uuid.uuid4(), type=NEWS_ARTICLE, action="upsert", translations=translations(n)
        )
        for n in range(count)
    )


def fetch(client, key, path):
    return client.get(path, headers=key.headers("GET", path))


def test_the_feed_pages_through_the_log_oldest_first(client, kiel, kiel_key):
    entries = log_entries(5)
    pages, since = [], None

    while True:
        path = "/federation/v1/changes?limit=2" + (f"&since={since}" if since else "")
        response = fetch(client, kiel_key, path)
        assert response.status_code == 200
        page = feed_page_parse(response.content, expected_origin="testland")
        assert page.rejected == []
        pages.append(page)
        since = page.cursor
        if not page.has_more:
            break

    assert [len(p.changes) for p in pages] == [2, 2, 1]
    assert [p.has_more for p in pages] == [True, True, False]
    got = [c.id for p in pages for c in p.changes]
    assert got == [str(e.object_id) for e in sorted(entries, key=lambda e: e.seq)]
    assert [c.revision for p in pages for c in p.changes] == sorted(e.seq for e in entries)
    assert pages[-1].cursor == feed_head()


def test_after_the_head_the_feed_is_empty_and_repeats_the_cursor(client, kiel, kiel_key):
    log_entries(2)
    head = feed_head()

    response = fetch(client, kiel_key, f"/federation/v1/changes?since={head}")

    assert response.json() == {
        "format": "clusterweb.federation/1",
        "origin": "testland",
        "cursor": head,
        "has_more": False,
        "changes": [],
    }


def test_a_limit_above_500_is_capped(client, kiel, kiel_key):
    log_entries(501)

    response = fetch(client, kiel_key, "/federation/v1/changes?limit=100000")

    data = response.json()
    assert response.status_code == 200
    assert (len(data["changes"]), data["has_more"]) == (500, True)


@pytest.mark.parametrize(
    "query", ["since=c1.zz", "since=c2.1", "since=" + "a" * 200, "limit=0", "limit=x"]
)
def test_a_malformed_cursor_or_limit_is_a_400(client, kiel, kiel_key, query):
    response = fetch(client, kiel_key, f"/federation/v1/changes?{query}")

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_only_get_is_allowed(client, kiel, kiel_key):
    path = "/federation/v1/changes"
    response = client.post(path, headers=kiel_key.headers("POST", path))
    assert response.status_code == 405


def test_published_news_appears_in_the_feed_and_deletes_as_tombstones(
    client, kiel, kiel_key, home_pages
):
    indexes = news_indexes(home_pages)
    page = NewsPageFactory(parent=indexes["pl"], live=False, title="Nowe laboratorium")
    page.save_revision().publish()
    first = feed_page_parse(
        fetch(client, kiel_key, "/federation/v1/changes").content, expected_origin="testland"
    )
    NewsPage.objects.get(pk=page.pk).unpublish()

    later = feed_page_parse(
        fetch(client, kiel_key, f"/federation/v1/changes?since={first.cursor}").content,
        expected_origin="testland",
    )

    (upsert,) = first.changes
    assert upsert.id == str(page.translation_key)
    assert upsert.translations["pl"]["title"] == "Nowe laboratorium"
    (tombstone,) = later.changes
    assert (tombstone.id, tombstone.action, tombstone.reason) == (
        upsert.id,
        "delete",
        "unpublished",
    )
    assert tombstone.revision > upsert.revision
    assert later.cursor != first.cursor and later.cursor != cursor_encode(0)
