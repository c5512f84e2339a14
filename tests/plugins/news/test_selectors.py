import datetime

import pytest

from plugins.news.selectors import (
    MergedNewsEntries,
    NewsEntry,
    news_entries,
    news_latest,
    news_list,
    news_live_translations,
    news_topic_by_slug,
    news_topics,
    topics_localized,
)

from .factories import NewsPageFactory, NewsTopicFactory

pytestmark = pytest.mark.django_db


def day(n):
    return datetime.date(2024, 5, n)


@pytest.fixture
def topics(locales):
    pl = NewsTopicFactory(locale=locales["pl"], name="Partnerstwa", slug="partnerships")
    en = NewsTopicFactory(
        locale=locales["en"],
        name="Partnerships",
        slug="partnerships",
        translation_key=pl.translation_key,
    )
    other = NewsTopicFactory(locale=locales["pl"], name="Badania", slug="research")
    return {"pl": pl, "en": en, "research": other}


def test_lists_live_pages_of_its_locale_newest_first(indexes, locales):
    older = NewsPageFactory(parent=indexes["pl"], date=day(1))
    newest = NewsPageFactory(parent=indexes["pl"], date=day(9))
    middle = NewsPageFactory(parent=indexes["pl"], date=day(5))
    NewsPageFactory(parent=indexes["pl"], date=day(20), live=False)
    NewsPageFactory(parent=indexes["en"], locale=locales["en"], date=day(30))
    assert list(news_list(locale=locales["pl"])) == [newest, middle, older]


def test_same_date_is_ordered_by_first_publication(indexes, locales):
    first = NewsPageFactory(parent=indexes["pl"], date=day(1))
    second = NewsPageFactory(parent=indexes["pl"], date=day(1))
    first.first_published_at = datetime.datetime(2024, 5, 1, 8, tzinfo=datetime.UTC)
    second.first_published_at = datetime.datetime(2024, 5, 1, 9, tzinfo=datetime.UTC)
    first.save()
    second.save()
    assert list(news_list(locale=locales["pl"])) == [second, first]


def test_topic_filter_matches_translated_topics(indexes, locales, topics):
    tagged = NewsPageFactory(parent=indexes["pl"], topics=[topics["pl"]])
    NewsPageFactory(parent=indexes["pl"], topics=[topics["research"]])
    # An English translation still pointing at the Polish topic row is found too.
    en_tagged = NewsPageFactory(parent=indexes["en"], locale=locales["en"], topics=[topics["pl"]])
    assert list(news_list(locale=locales["pl"], topic_slug="partnerships")) == [tagged]
    assert list(news_list(locale=locales["en"], topic_slug="partnerships")) == [en_tagged]
    assert list(news_list(locale=locales["pl"], topic_slug="unknown")) == []


def test_entries_show_topics_in_the_page_language(indexes, locales, topics):
    page = NewsPageFactory(parent=indexes["en"], locale=locales["en"], topics=[topics["pl"]])
    [entry] = news_entries(locale=locales["en"])[0:10]
    assert entry.key == str(page.translation_key)
    assert entry.url == "/en/news/" + page.slug + "/"
    assert entry.language == "en"
    assert [(t.name, t.slug) for t in entry.topics] == [("Partnerships", "partnerships")]
    assert entry.origin == ""


def test_topics_localized_prefers_the_locale_and_deduplicates(locales, topics):
    both = [topics["pl"], topics["en"], topics["research"]]
    assert topics_localized(topics=both, locale=locales["en"]) == [
        topics["research"],  # no English translation: shown as it is
        topics["en"],
    ]


def test_news_topics_lists_only_topics_in_use(indexes, locales, topics):
    NewsPageFactory(parent=indexes["en"], locale=locales["en"], topics=[topics["pl"]])
    assert news_topics(locale=locales["en"]) == [topics["en"]]
    assert news_topics(locale=locales["pl"]) == []
    assert news_topic_by_slug(slug="partnerships", locale=locales["en"]) == topics["en"]
    assert news_topic_by_slug(slug="nope", locale=locales["en"]) is None


def test_latest_and_len(indexes, locales):
    pages = [NewsPageFactory(parent=indexes["pl"], date=day(n)) for n in range(1, 6)]
    latest = news_latest(locale=locales["pl"], limit=3)
    assert [e.title for e in latest] == [p.title for p in reversed(pages)][:3]
    assert len(news_entries(locale=locales["pl"])) == 5


def test_live_translations_groups_language_versions(indexes, locales):
    pl = NewsPageFactory(parent=indexes["pl"], slug="same")
    en = NewsPageFactory(
        parent=indexes["en"], locale=locales["en"], slug="same", translation_key=pl.translation_key
    )
    alone = NewsPageFactory(parent=indexes["pl"])
    NewsPageFactory(parent=indexes["pl"], live=False)
    items = news_live_translations()
    assert items == {
        str(pl.translation_key): {"pl": pl, "en": en},
        str(alone.translation_key): {"pl": alone},
    }


def entry(title, date):
    return NewsEntry(key=title, title=title, url="/", date=date, summary="", language="pl")


def test_merged_entries_interleave_sources_newest_first():
    local = [entry("l3", day(3)), entry("l1", day(1))]
    remote = [entry("r4", day(4)), entry("r3", day(3)), entry("r2", day(2))]
    merged = MergedNewsEntries([local, remote])
    assert len(merged) == 5
    assert [e.title for e in merged[0:5]] == ["r4", "l3", "r3", "r2", "l1"]
    assert [e.title for e in merged[2:4]] == ["r3", "r2"]
    assert merged[0].title == "r4"
    assert merged[-1].title == "l1"
    assert [e.title for e in merged[3:]] == ["r2", "l1"]


def test_extra_sources_merge_with_local_news(indexes, locales):
    NewsPageFactory(parent=indexes["pl"], title="local", date=day(2))
    remote = [entry("remote", day(3))]
    merged = news_entries(locale=locales["pl"], extra_sources=[remote])
    assert [e.title for e in merged[0:2]] == ["remote", "local"]
