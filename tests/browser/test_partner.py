"""A partner network takes Sofia's content: the feeds its pages announce, opened in the
browser, and the partner API called with a key."""

from __future__ import annotations

import json

import feedparser
import pytest
from playwright.sync_api import expect

from .support import shell_json

pytestmark = [pytest.mark.browser, pytest.mark.instances]

KEY_SNIPPET = """
import json
from plugins.syndication.services import partner_key_create
key, plain = partner_key_create(name="Browser journey", organisation="A partner network")
print(json.dumps(plain))
"""


@pytest.fixture(scope="module")
def partner_key(network) -> str:
    """A partner API key of Sofia's, made as its admin would (the plain key is shown once)."""
    return shell_json(network.sofia, KEY_SNIPPET)


def test_partner_reads_the_feeds_a_news_page_announces(network, new_context, screens):
    sofia, kiel_name = network.sofia, network.names["kiel"]
    page = new_context().new_page()
    page.goto(sofia.url + "/en/news/")
    local = page.locator("article.news-card").filter(has_not=page.locator(".news-card__origin"))
    newest = local.first.get_by_role("heading").inner_text()
    screens(page, "news-index")

    def feed_url(title: str) -> str:
        # What a feed reader finds in the page's head (autodiscovery).
        link = page.locator(f'head link[rel="alternate"][title="{title}"]')
        return sofia.url + link.get_attribute("href")

    feeds = {name: feed_url(title) for name, title in _FEED_TITLES.items()}
    assert feeds["rss"] == sofia.url + "/en/feeds/news.rss"

    for name in ("rss", "atom"):
        response = page.goto(feeds[name])
        assert response.status == 200
        assert response.headers["content-type"].startswith(f"application/{name}+xml")
        expect(page.locator("body")).to_contain_text(newest)  # shown as the XML text it is
        screens(page, f"news-feed-{name}")
        parsed = feedparser.parse(response.body())
        assert not parsed.bozo, parsed.get("bozo_exception")
        entry = next(e for e in parsed.entries if e.title == newest)
        assert entry.link.startswith(sofia.url + "/en/news/")

    response = page.goto(feeds["json"])
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/feed+json")
    screens(page, "news-feed-json")
    feed = json.loads(response.body())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert newest in [item["title"] for item in feed["items"]]

    # The network feed carries the peers' news too, each credited to its cluster.
    response = page.goto(feeds["network-rss"])
    assert response.status == 200
    screens(page, "network-feed-rss")
    parsed = feedparser.parse(response.body())
    kiel_entries = [e for e in parsed.entries if e.get("author") == kiel_name]
    assert kiel_entries, "no item of Kiel's in Sofia's network feed"
    assert all("/en/network/kiel/" in e.link for e in kiel_entries)


_FEED_TITLES = {
    "rss": "News (RSS)",
    "atom": "News (ATOM)",
    "json": "News (JSON)",
    "network-rss": "Network news (RSS)",
}


def test_partner_calls_the_api_with_its_key(network, new_context, screens, partner_key):
    sofia = network.sofia
    context = new_context()
    page = context.new_page()
    page.goto(sofia.url + "/en/news/")
    local = page.locator("article.news-card").filter(has_not=page.locator(".news-card__origin"))
    newest = local.first.get_by_role("heading").inner_text()

    refused = context.request.get(sofia.url + "/api/v1/news")
    assert refused.status == 401
    assert refused.json()["error"] == "missing_key"
    assert refused.headers["www-authenticate"].startswith("Bearer")
    wrong = context.request.get(
        sofia.url + "/api/v1/news", headers={"Authorization": "Bearer cwk_00000000_" + "x" * 43}
    )
    assert wrong.status == 401
    assert wrong.json()["error"] == "invalid_key"

    answer = context.request.get(
        sofia.url + "/api/v1/news?lang=en", headers={"Authorization": f"Bearer {partner_key}"}
    )
    assert answer.status == 200
    body = answer.json()
    assert {language for item in body["items"] for language in item["translations"]} == {"en"}
    assert newest in [item["translations"]["en"]["title"] for item in body["items"]]
    # Sofia's own news and the news it holds of its peers.
    assert {item["origin"] for item in body["items"]} == {"sofia", "kiel"}

    # The same answer as a developer trying the API in a browser sees it.
    page.set_extra_http_headers({"Authorization": f"Bearer {partner_key}"})
    response = page.goto(sofia.url + "/api/v1/news?lang=en&limit=3")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    expect(page.locator("body")).to_contain_text('"items"')
    screens(page, "partner-api-news")
