import datetime
import tomllib

import pytest

from plugins.news.models import NewsIndexPage, NewsPage, NewsTopic
from plugins.news.selectors import news_list
from plugins.news.services import news_seed, news_seed_path
from plugins.news.wagtail_hooks import seed_news

pytestmark = pytest.mark.django_db

NEWS_TOML = """
[topics.partnerships]
pl = "Partnerstwa"
en = "Partnerships"

[topics.research]
pl = "Badania"

[index.pl]
title = "Aktualności"
slug = "aktualnosci"
intro = "Co słychać w klastrze."
[index.en]
title = "News"
slug = "news"
intro = "What is happening in the cluster."

[[item]]
key = "memorandum"
date = 2024-05-10
topics = ["partnerships", "research"]
[item.pl]
title = "Memorandum podpisane"
summary = "Klaster i uczelnia współpracują."
body = ["Pierwszy akapit & więcej.", "Drugi <akapit>."]
[item.en]
title = "Memorandum signed"
summary = "The cluster and a university work together."
body = ["First paragraph."]

[[item]]
key = "only-polish"
date = 2023-01-02
topics = []
[item.pl]
title = "Tylko po polsku"
summary = "Bez tłumaczenia."
body = ["Akapit."]
"""


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "news.toml"
    path.write_text(NEWS_TOML, encoding="utf-8")
    with path.open("rb") as fh:
        return tomllib.load(fh)


def test_seed_creates_translated_topics_indexes_and_items(home_pages, data):
    created = news_seed(cluster_slug="testland", home_pages=home_pages, data=data)
    assert created == {"topics": 3, "indexes": 2, "items": 3}

    pl_index = NewsIndexPage.objects.get(locale=home_pages["pl"].locale)
    en_index = NewsIndexPage.objects.get(locale=home_pages["en"].locale)
    assert pl_index.get_parent().pk == home_pages["pl"].pk and pl_index.slug == "aktualnosci"
    assert en_index.get_parent().pk == home_pages["en"].pk and en_index.intro.startswith("What")
    assert pl_index.translation_key == en_index.translation_key
    assert pl_index.live and en_index.live

    pl = NewsPage.objects.get(locale=home_pages["pl"].locale, slug="memorandum")
    en = NewsPage.objects.get(locale=home_pages["en"].locale, slug="memorandum")
    assert pl.translation_key == en.translation_key
    assert pl.live and en.live and en.live_revision is not None
    assert en.date == datetime.date(2024, 5, 10)
    assert pl.first_published_at.date() == datetime.date(2024, 5, 10)
    assert en.first_published_at.date() == datetime.date(2024, 5, 10)
    assert [b.block_type for b in pl.body] == ["paragraph", "paragraph"]
    assert pl.body[1].value.source == "<p>Drugi &lt;akapit&gt;.</p>"
    assert {t.name for t in pl.topics.all()} == {"Partnerstwa", "Badania"}
    # "research" has no English name: the English page gets the topics that exist in English.
    assert [t.name for t in en.topics.all()] == ["Partnerships"]

    partnerships = NewsTopic.objects.filter(slug="partnerships")
    assert {t.locale.language_code for t in partnerships} == {"pl", "en"}
    assert len({t.translation_key for t in partnerships}) == 1
    assert not NewsPage.objects.filter(locale=home_pages["en"].locale, slug="only-polish").exists()
    assert [p.slug for p in news_list(locale=home_pages["pl"].locale)] == [
        "memorandum",
        "only-polish",
    ]


def test_seed_is_idempotent(home_pages, data):
    news_seed(cluster_slug="testland", home_pages=home_pages, data=data)
    counts = (NewsTopic.objects.count(), NewsIndexPage.objects.count(), NewsPage.objects.count())
    again = news_seed(cluster_slug="testland", home_pages=home_pages, data=data)
    assert again == {"topics": 0, "indexes": 0, "items": 0}
    assert counts == (3, 2, 3)
    assert (
        NewsTopic.objects.count(),
        NewsIndexPage.objects.count(),
        NewsPage.objects.count(),
    ) == counts


def test_seeded_news_renders_in_both_languages(client, home_pages, data):
    news_seed(cluster_slug="testland", home_pages=home_pages, data=data)
    assert "Memorandum podpisane" in client.get("/pl/aktualnosci/memorandum/").content.decode()
    en = client.get("/en/news/memorandum/").content.decode()
    assert "Memorandum signed" in en and "Partnerships" in en
    assert "Memorandum signed" in client.get("/en/news/?topic=partnerships").content.decode()


def test_hook_reads_the_cluster_file_and_ignores_a_missing_one(home_pages, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    seed_news(cluster={"slug": "testland"}, home_pages=home_pages)
    assert not NewsPage.objects.exists()

    path = news_seed_path(cluster_slug="testland")
    assert path == tmp_path / "sites" / "demo_content" / "testland" / "news.toml"
    path.parent.mkdir(parents=True)
    path.write_text(NEWS_TOML, encoding="utf-8")
    seed_news(cluster={"slug": "testland"}, home_pages=home_pages)
    seed_news(cluster={"slug": "testland"}, home_pages=home_pages)
    assert NewsPage.objects.count() == 3


@pytest.mark.parametrize("cluster_slug", ["lublin", "krakow"])
def test_shipped_polish_demo_news_loads(home_pages, cluster_slug):
    # The test cluster speaks pl + en, like these two demo clusters.
    path = news_seed_path(cluster_slug=cluster_slug)
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    created = news_seed(cluster_slug=cluster_slug, home_pages=home_pages, data=data)
    assert created["items"] == 2 * len(data["item"])
    assert NewsPage.objects.live().count() == created["items"]
