"""Peers' news in the news index: the visitor's language or English, merged newest first
with local news, one page read at a time, in queries that do not grow with the network."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from federation.models import MirrorItem, MirrorTranslation, Peer
from plugins.news.federation import FederatedNewsEntries, news_network_entries
from sites.core.fragments import content_generation_bump
from tests.support.factories import mirror_item_create

from .factories import NewsPageFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
START = datetime.date(2024, 1, 1)


def mirror_add(*, titles: dict[str, str], date, origin="sofia", deleted=False) -> MirrorItem:
    """A peer's news item with one translation per language in ``titles``."""
    rows = {language: {"title": title, "date": date} for language, title in titles.items()}
    return mirror_item_create(origin=origin, translations=rows, deleted=deleted)


@pytest.fixture
def network():
    Peer.objects.create(slug="sofia", name="BHC Bulgaria", base_url="http://127.0.0.1:9")
    mirror_add(titles={"pl": "Sofia PL 1", "en": "Sofia EN 1"}, date=START + 1 * DAY)
    mirror_add(titles={"en": "Sofia EN 2"}, date=START + 3 * DAY)
    mirror_add(titles={"bg": "Sofia BG 3"}, date=START + 4 * DAY)
    mirror_add(titles={"pl": "Sofia PL 4"}, date=START + 5 * DAY)
    mirror_add(titles={"en": "Sofia EN 5"}, date=None)
    mirror_add(titles={"en": "Sofia EN gone"}, date=START + 6 * DAY, deleted=True)


def titles(entries) -> list[str]:
    return [entry.title for entry in entries]


def test_peers_news_come_in_the_visitors_language_else_english(network):
    assert titles(FederatedNewsEntries(language="pl")[0:10]) == [
        "Sofia PL 4",
        "Sofia EN 2",
        "Sofia PL 1",
        "Sofia EN 5",
    ]
    assert titles(FederatedNewsEntries(language="en")[0:10]) == [
        "Sofia EN 2",
        "Sofia EN 1",
        "Sofia EN 5",
    ]
    assert len(FederatedNewsEntries(language="pl")) == 4


def test_local_and_peers_news_merge_newest_first_in_pages(network, indexes, locales):
    for n in (0, 2, 4):
        NewsPageFactory(parent=indexes["pl"], title=f"Lokalne {n}", date=START + n * DAY)
    entries = news_network_entries(locale=locales["pl"])
    everything = titles(entries[0 : len(entries)])
    assert everything == [
        "Sofia PL 4",
        "Lokalne 4",  # same day as nothing else; local news first on a tie
        "Sofia EN 2",
        "Lokalne 2",
        "Sofia PL 1",
        "Lokalne 0",
        "Sofia EN 5",
    ]
    pages = [titles(entries[start : start + 3]) for start in range(0, 7, 3)]
    assert sum(pages, []) == everything


def test_news_index_queries_do_not_grow_with_the_network(client, indexes, locales):
    Peer.objects.create(slug="sofia", name="BHC Bulgaria", base_url="http://127.0.0.1:9")
    for n in range(3):
        mirror_add(titles={"en": f"Item {n}"}, date=START + n * DAY)
        NewsPageFactory(parent=indexes["en"], locale=locales["en"], date=START + n * DAY)
    client.get("/en/news/")  # the site's root paths are cached from here on
    # Each measured request starts a new content generation: nothing read from the
    # fragment cache, so the listing's own reads are counted.
    content_generation_bump()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/news/").status_code == 200
    for n in range(3, 30):
        mirror_add(titles={"en": f"Item {n}", "pl": f"Pozycja {n}"}, date=START + n * DAY)
        NewsPageFactory(parent=indexes["en"], locale=locales["en"], date=START + n * DAY)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=MirrorTranslation)
    content_generation_bump()
    try:
        with CaptureQueriesContext(connection) as many:
            assert client.get("/en/news/", {"page": 2}).status_code == 200
    finally:
        post_init.disconnect(count, sender=MirrorTranslation)
    assert len(many) == len(few)
    # Page 2 of 10 needs at most the 20 newest rows of the peers, not all 30.
    assert len(loaded) <= 20
