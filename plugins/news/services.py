"""Writing news: loading the demo content file (``sites/demo_content/<slug>/news.toml``).

The file's schema::

    [topics.<slug>]            # one table per topic: a name per language code
    pl = "Partnerstwa"
    en = "Partnerships"

    [index.<language>]         # the news index page of each language
    title = "..."  slug = "..."  intro = "..."

    [[item]]                   # one news item
    key = "stable-slug"        # the page slug in every language
    date = 2024-05-10          # publication date
    topics = ["<slug>", ...]
    [item.<language>]
    title = "..."  summary = "..."  body = ["paragraph", ...]

Pages and topics are created in the cluster's own language first; the other
languages become translations of them (same ``translation_key``).
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText

from .models import NewsIndexPage, NewsPage, NewsTopic


def news_seed_path(*, cluster_slug: str) -> Path:
    return Path(settings.BASE_DIR) / "sites" / "demo_content" / cluster_slug / "news.toml"


def news_seed_from_file(*, cluster_slug: str, home_pages: dict) -> dict[str, int]:
    """Load the cluster's news demo file if it exists; return what was created."""
    path = news_seed_path(cluster_slug=cluster_slug)
    if not path.is_file():
        return {"topics": 0, "indexes": 0, "items": 0}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return news_seed(cluster_slug=cluster_slug, home_pages=home_pages, data=data)


@transaction.atomic
def news_seed(*, cluster_slug: str, home_pages: dict, data: dict) -> dict[str, int]:
    """Create the topics, index pages and news items of ``data`` that do not exist yet.

    ``home_pages`` maps language codes to home pages that are translations of each
    other. Returns counts of created objects (topics and pages per language).
    """
    languages = _languages(home_pages)
    created = {"topics": 0, "indexes": 0, "items": 0}
    topics = _seed_topics(data.get("topics", {}), home_pages, languages, created)
    indexes = _seed_indexes(data.get("index", {}), home_pages, languages, created)
    for item in data.get("item", []):
        _seed_item(item, indexes, topics, languages, created)
    return created


def _languages(home_pages: dict) -> list[str]:
    """The home pages' languages, the cluster's own (the translation source) first."""
    source = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in home_pages else None
    source = source or next(iter(home_pages))
    return [source, *(code for code in home_pages if code != source)]


def _seed_topics(topics_data, home_pages, languages, created) -> dict[str, dict[str, NewsTopic]]:
    """{slug: {language: NewsTopic}} for every topic of the file."""
    found: dict[str, dict[str, NewsTopic]] = {}
    for slug, names in topics_data.items():
        source = None
        for language in languages:
            if not names.get(language):
                continue
            locale = home_pages[language].locale
            topic = NewsTopic.objects.filter(locale=locale, slug=slug).first()
            if topic is None:
                key = {"translation_key": source.translation_key} if source else {}
                topic = NewsTopic.objects.create(
                    locale=locale, slug=slug, name=names[language], **key
                )
                created["topics"] += 1
            source = source or topic
            found.setdefault(slug, {})[language] = topic
    return found


def _seed_indexes(index_data, home_pages, languages, created) -> dict[str, NewsIndexPage]:
    """{language: NewsIndexPage}, creating the missing ones as translations."""
    indexes: dict[str, NewsIndexPage] = {}
    source = None
    for language in languages:
        home = home_pages[language]
        existing = NewsIndexPage.objects.child_of(home).first()
        fields = index_data.get(language)
        if existing is None and fields:
            existing = _publish_child(
                home,
                NewsIndexPage(
                    title=fields["title"],
                    slug=fields.get("slug") or "news",
                    intro=fields.get("intro", ""),
                ),
                locale=home.locale,
                source=source,
            )
            created["indexes"] += 1
        if existing is not None:
            indexes[language] = existing
            source = source or existing
    return indexes


def _seed_item(item, indexes, topics, languages, created) -> None:
    source = None
    for language in languages:
        index, fields = indexes.get(language), item.get(language)
        if index is None or not fields:
            continue
        existing = NewsPage.objects.child_of(index).filter(slug=item["key"]).first()
        if existing is not None:
            source = source or existing
            continue
        date = _as_date(item["date"])
        page = NewsPage(
            title=fields["title"],
            slug=item["key"],
            date=date,
            summary=fields.get("summary", ""),
            body=[("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in fields["body"]],
            topics=[
                topics[slug][language]
                for slug in item.get("topics", [])
                if language in topics.get(slug, {})
            ],
            first_published_at=_noon_utc(date),
        )
        _publish_child(index, page, locale=index.locale, source=source)
        source = source or page
        created["items"] += 1


def _publish_child(parent: Page, page: Page, *, locale, source: Page | None) -> Page:
    """Add ``page`` under ``parent`` as a draft in ``locale`` (a translation of
    ``source`` if given), then publish it through a revision like an editor would."""
    page.locale = locale
    page.live = False
    if source is not None:
        page.translation_key = source.translation_key
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _noon_utc(date: datetime.date) -> datetime.datetime:
    # Noon UTC keeps the calendar date the same in every European time zone.
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
