"""News feeds: parse with feedparser, JSON Feed against its schema, origins, 304s."""

import datetime
import json
from pathlib import Path

import feedparser
import jsonschema
import pytest

from federation.models import Peer
from tests.plugins.news.factories import NewsPageFactory, NewsTopicFactory, news_indexes
from tests.support.factories import mirror_item_create

JSON_FEED_SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def news(home_pages):
    indexes = news_indexes(home_pages)
    topic = NewsTopicFactory(name="Partnerstwa", slug="partnerships", locale=indexes["pl"].locale)
    first = publish(
        NewsPageFactory(
            parent=indexes["pl"], title="Umowa podpisana", date=datetime.date(2025, 3, 1)
        )
    )
    first.topics.add(topic)
    publish(first)
    publish(
        NewsPageFactory(
            parent=indexes["pl"], title="Nowi członkowie", date=datetime.date(2025, 4, 1)
        )
    )
    publish(
        NewsPageFactory(
            parent=indexes["en"], title="English only item", date=datetime.date(2025, 5, 1)
        )
    )
    return indexes


@pytest.fixture
def federated_news(db):
    Peer.objects.create(slug="sofia", name="BHC Bulgaria", base_url="http://127.0.0.1:9")
    url = "http://sofia.example.org/en/news/biocenter/"
    row = {
        "title": "BioCenter Sofia opens",
        "summary": "A new zone for innovators.",
        "date": datetime.date(2025, 6, 1),
        "url": url,
        "data": {"title": "BioCenter Sofia opens", "url": url},
    }
    return mirror_item_create(translations={"en": row})


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_news_feed_parses_in_the_urls_language(client, news, format):
    response = client.get(f"/pl/feeds/news.{format}")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Nowi członkowie", "Umowa podpisana"]
    assert feed.feed.get("language", "pl").startswith("pl")


def test_topic_feed_has_only_that_topic(client, news):
    feed = feedparser.parse(client.get("/pl/feeds/news.rss?topic=partnerships").content)
    assert [e.title for e in feed.entries] == ["Umowa podpisana"]
    assert feed.entries[0].tags[0].term == "Partnerstwa"


def test_network_feed_adds_federated_news_with_origin_and_canonical_url(
    client, news, federated_news
):
    rss = feedparser.parse(client.get("/en/feeds/network.rss").content)
    titles = [e.title for e in rss.entries]
    assert titles == ["BioCenter Sofia opens", "English only item"]
    assert rss.entries[0].source.title == "BHC Bulgaria"
    document = client.get("/en/feeds/network.json").json()
    jsonschema.validate(document, JSON_FEED_SCHEMA)
    assert document["language"] == "en"
    remote = document["items"][0]
    assert remote["_clusterweb"] == {
        "origin": "sofia",
        "canonical_url": "http://sofia.example.org/en/news/biocenter/",
    }
    assert remote["authors"][0]["name"] == "BHC Bulgaria"
    assert remote["date_modified"]
    local = document["items"][1]
    assert local["_clusterweb"]["origin"] == "testland"


def test_feeds_answer_304_when_unchanged(client, news):
    first = client.get("/pl/feeds/news.atom")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/pl/feeds/news.atom", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/pl/feeds/news.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    changed = client.get("/pl/feeds/news.atom", HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_every_page_advertises_its_feeds(client, news):
    """Feed autodiscovery through the register_head_links hook."""
    html = client.get("/pl/").text
    assert 'type="application/rss+xml"' in html and 'href="/pl/feeds/news.rss"' in html
    assert 'type="application/feed+json"' in html


def test_unknown_feed_format_is_404(client, news):
    assert client.get("/pl/feeds/news.xml").status_code == 404
