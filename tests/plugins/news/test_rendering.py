import datetime
import json
import re

import pytest
from wagtail.rich_text import RichText

from .factories import ImageFactory, NewsPageFactory, NewsTopicFactory

pytestmark = pytest.mark.django_db


def jsonld_of(html: str) -> dict:
    """The NewsArticle of ``html`` (the base theme may add other JSON-LD blocks)."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    [article] = [d for d in map(json.loads, found) if d.get("@type") == "NewsArticle"]
    return article


@pytest.fixture
def translated_item(indexes, locales):
    pl_topic = NewsTopicFactory(locale=locales["pl"], name="Partnerstwa", slug="partnerships")
    NewsTopicFactory(
        locale=locales["en"],
        name="Partnerships",
        slug="partnerships",
        translation_key=pl_topic.translation_key,
    )
    pl = NewsPageFactory(
        parent=indexes["pl"],
        title="Memorandum podpisane",
        slug="memorandum",
        date=datetime.date(2024, 5, 10),
        summary="Klaster i uczelnia współpracują.",
        topics=[pl_topic],
        hero_image=ImageFactory(),
    )
    en = NewsPageFactory(
        parent=indexes["en"],
        locale=locales["en"],
        translation_key=pl.translation_key,
        title="Memorandum signed",
        slug="memorandum",
        date=datetime.date(2024, 5, 10),
        summary="The cluster and a university work together.",
        topics=[pl_topic],  # as wagtail-localize leaves it: the source's topic
        hero_image=pl.hero_image,
    )
    return {"pl": pl, "en": en}


@pytest.mark.parametrize(
    ("language", "path", "title", "topic", "index_title"),
    [
        ("pl", "/pl/aktualnosci/memorandum/", "Memorandum podpisane", "Partnerstwa", "Aktualności"),
        ("en", "/en/news/memorandum/", "Memorandum signed", "Partnerships", "News"),
    ],
)
def test_news_page_renders_in_each_language(
    client, translated_item, language, path, title, topic, index_title
):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert topic in html
    assert index_title in html
    assert '<time datetime="2024-05-10">' in html
    assert "<img" in html  # the hero image
    assert f"Body of {title}." in html
    assert 'hreflang="pl"' in html and 'hreflang="en"' in html


def test_news_page_jsonld_carries_schema_org_fields(client, translated_item):
    html = client.get("/en/news/memorandum/").content.decode()
    data = jsonld_of(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Memorandum signed"
    assert data["datePublished"] == "2024-05-10"
    assert data["dateModified"] >= data["datePublished"]
    assert data["description"] == "The cluster and a university work together."
    assert data["inLanguage"] == "en"
    assert data["url"] == translated_item["en"].full_url
    assert data["url"].endswith("/en/news/memorandum/")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": data["url"]}
    assert data["publisher"] == {"@type": "Organization", "name": "Test Cluster"}
    assert data["image"][0].startswith("http://testserver/")
    assert data["keywords"] == ["Partnerships"]
    pl = jsonld_of(client.get("/pl/aktualnosci/memorandum/").content.decode())
    assert pl["publisher"]["name"] == "Klaster Testowy"
    assert pl["inLanguage"] == "pl"


def test_jsonld_cannot_break_out_of_its_script(client, indexes):
    evil = 'Bad </script><script>alert("x")</script> & <!--'
    NewsPageFactory(parent=indexes["pl"], slug="evil", title=evil, summary=evil, body=[])
    html = client.get("/pl/aktualnosci/evil/").content.decode()
    assert "<script>alert" not in html
    assert jsonld_of(html)["headline"] == evil


def test_jsonld_has_no_image_without_hero_image(client, indexes):
    NewsPageFactory(parent=indexes["pl"], slug="plain")
    data = jsonld_of(client.get("/pl/aktualnosci/plain/").content.decode())
    assert "image" not in data


def test_index_lists_news_of_its_language_with_topic_filter(client, translated_item, indexes):
    NewsPageFactory(parent=indexes["en"], locale=indexes["en"].locale, title="Other English news")
    html = client.get("/en/news/").content.decode()
    assert "Memorandum signed" in html and "Other English news" in html
    assert "Memorandum podpisane" not in html
    assert 'href="/en/news/?topic=partnerships"' in html
    filtered = client.get("/en/news/?topic=partnerships").content.decode()
    assert "Memorandum signed" in filtered and "Other English news" not in filtered
    assert 'aria-current="true">Partnerships</a>' in filtered
    pl = client.get("/pl/aktualnosci/").content.decode()
    assert "Memorandum podpisane" in pl and "Partnerstwa" in pl and "Memorandum signed" not in pl
    # The interface speaks the visitor's language too.
    assert "All topics" in html and "Wszystkie tematy" in pl


def test_index_paginates_with_the_page_size_option(client, settings, indexes):
    settings.CLUSTER = {**settings.CLUSTER, "plugin_options": {"news": {"page_size": 2}}}
    for n in range(1, 6):
        NewsPageFactory(
            parent=indexes["pl"], title=f"Wiadomość {n}", date=datetime.date(2024, 1, n)
        )
    first = client.get("/pl/aktualnosci/").content.decode()
    assert "Wiadomość 5" in first and "Wiadomość 4" in first and "Wiadomość 3" not in first
    assert 'href="/pl/aktualnosci/?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert re.search(r'<span aria-current="page">(<span[^>]*>[^<]*</span>)?1</span>', first)
    last = client.get("/pl/aktualnosci/?page=3").content.decode()
    assert "Wiadomość 1" in last and "Wiadomość 2" not in last
    assert 'href="/pl/aktualnosci/?page=2" rel="prev"' in last and 'rel="next"' not in last
    # Out-of-range and junk page numbers fall back instead of failing.
    assert client.get("/pl/aktualnosci/?page=99").status_code == 200
    assert client.get("/pl/aktualnosci/?page=x").status_code == 200


def test_pagination_keeps_the_topic_filter(client, settings, indexes, locales):
    settings.CLUSTER = {**settings.CLUSTER, "plugin_options": {"news": {"page_size": 1}}}
    topic = NewsTopicFactory(locale=locales["pl"], slug="energy")
    for _ in range(2):
        NewsPageFactory(parent=indexes["pl"], topics=[topic])
    html = client.get("/pl/aktualnosci/?topic=energy").content.decode()
    assert 'href="/pl/aktualnosci/?topic=energy&amp;page=2" rel="next"' in html


def test_body_blocks_render(client, indexes):
    NewsPageFactory(
        parent=indexes["pl"],
        slug="blocks",
        body=[
            ("paragraph", RichText("<p>Pierwszy akapit</p>")),
            ("quote", {"text": "Cytat", "attribution": "Ktoś"}),
        ],
    )
    html = client.get("/pl/aktualnosci/blocks/").content.decode()
    assert "Pierwszy akapit" in html and "Cytat" in html


def test_home_page_shows_the_three_latest_news_in_its_language(client, indexes, locales):
    for n in range(1, 5):
        NewsPageFactory(
            parent=indexes["en"],
            locale=locales["en"],
            title=f"Story {n}",
            date=datetime.date(2024, 2, n),
        )
    NewsPageFactory(parent=indexes["pl"], title="Polska wiadomość")
    html = client.get("/en/").content.decode()
    assert "Latest news" in html
    assert "Story 4" in html and "Story 2" in html and "Story 1" not in html
    assert "Polska wiadomość" not in html
    assert 'href="/en/news/"' in html
    pl = client.get("/pl/").content.decode()
    assert "Najnowsze aktualności" in pl and "Polska wiadomość" in pl and "Story 4" not in pl


def test_home_page_without_news_has_no_news_section(client, home_pages):
    assert "Latest news" not in client.get("/en/").content.decode()


def test_a_made_up_topic_lists_nothing_and_adds_no_cached_entries(client, translated_item):
    from django.core.cache import cache

    assert "Memorandum signed" not in client.get("/en/news/?topic=no-such-topic").text
    entries = len(cache._cache)
    html = client.get("/en/news/?topic=another-made-up-one").text
    assert "Memorandum signed" not in html and "There is no news here yet." in html
    assert len(cache._cache) == entries
    assert "Memorandum signed" in client.get("/en/news/?topic=partnerships").text
