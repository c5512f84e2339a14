"""Reading news: listings, topics in the visitor's language, entries for templates.

Listings work on ``NewsEntry`` objects rather than pages so that items from other
sources (the federation's mirrors of peer clusters' news) can be merged into the
same newest-first list: a source is any sequence of entries, newest first, that
supports ``len()`` and slicing (see ``LocalNewsEntries``); ``news_entries`` merges
sources lazily, so a paginator only loads what the requested page needs.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.models import Locale, PageQuerySet

from .models import NewsIndexPage, NewsPage, NewsTopic


@dataclass(frozen=True)
class TopicRef:
    name: str
    slug: str


@dataclass(frozen=True)
class NewsEntry:
    """One news item as listings show it, whatever its source.

    ``key`` is the item's network-wide id (a local page's ``translation_key``);
    ``origin`` is empty for this cluster's own news and names the peer cluster for
    federated items; ``image`` is a Wagtail image (local) and ``image_url`` an
    absolute URL (remote), either may be empty.
    """

    key: str
    title: str
    url: str
    date: datetime.date
    summary: str
    language: str
    topics: tuple[TopicRef, ...] = ()
    image: object | None = None
    image_url: str = ""
    origin: str = ""
    origin_name: str = ""
    canonical_url: str = ""  # where the item lives at its origin (federated items)


def news_list(*, locale: Locale, topic_slug: str | None = None) -> PageQuerySet:
    """Live, public news pages of ``locale``, newest first, optionally of one topic."""
    pages = NewsPage.objects.live().public().filter(locale=locale)
    if topic_slug:
        # Match by translation_key: a translated page may still point at the
        # source language's topic rows.
        keys = NewsTopic.objects.filter(slug=topic_slug).values("translation_key")
        tagged = NewsPage.objects.filter(topics__translation_key__in=keys).values("pk")
        pages = pages.filter(pk__in=tagged)
    return pages.select_related("locale", "hero_image").order_by(
        "-date", "-first_published_at", "-pk"
    )


def news_live_pages(*, locale: Locale | None = None) -> PageQuerySet:
    """Live, public news pages of every language (or of ``locale``), topics prefetched,
    the language versions of one item adjacent (ordered by ``translation_key``)."""
    pages = NewsPage.objects.live().public().select_related("locale", "hero_image")
    if locale is not None:
        pages = pages.filter(locale=locale)
    return pages.prefetch_related("topics").order_by("translation_key", "locale__language_code")


def news_live_translations() -> dict[str, dict[str, NewsPage]]:
    """Every live news item: ``{translation_key: {language_code: page}}``.

    ``translation_key`` is the item's network-wide id; the inner dict holds each
    language version that is live.
    """
    items: dict[str, dict[str, NewsPage]] = {}
    for page in news_live_pages():
        items.setdefault(str(page.translation_key), {})[page.locale.language_code] = page
    return items


def topics_localized(*, topics: Iterable[NewsTopic], locale: Locale) -> list[NewsTopic]:
    """``topics`` in ``locale`` where a translation exists (else as given), deduplicated
    by translation_key and sorted by name."""
    topics = list(topics)
    keys = {t.translation_key for t in topics}
    local = {
        t.translation_key: t
        for t in NewsTopic.objects.filter(translation_key__in=keys, locale=locale)
    }
    chosen = {}
    for topic in topics:
        chosen.setdefault(topic.translation_key, local.get(topic.translation_key, topic))
    return sorted(chosen.values(), key=lambda t: t.name.casefold())


def news_topics(*, locale: Locale) -> list[NewsTopic]:
    """The topics that live news pages of ``locale`` use, in that language."""
    used = NewsTopic.objects.filter(news_pages__in=news_list(locale=locale).values("pk"))
    return topics_localized(topics=used.distinct(), locale=locale)


def news_topic_by_slug(*, slug: str | None, locale: Locale) -> NewsTopic | None:
    """The topic called ``slug``, in ``locale`` if it has that translation."""
    if not slug:
        return None
    found = list(NewsTopic.objects.filter(slug=slug))
    return next((t for t in found if t.locale_id == locale.pk), found[0] if found else None)


def news_index_for(*, locale: Locale) -> NewsIndexPage | None:
    """The live news index page of ``locale``, if there is one."""
    return NewsIndexPage.objects.live().filter(locale=locale).order_by("path").first()


def news_entries_from_pages(*, pages: Iterable[NewsPage], locale: Locale) -> list[NewsEntry]:
    """Entries for ``pages`` with their topics in ``locale`` (two queries in all)."""
    pages = list(pages)
    through = NewsPage.topics.through.objects.filter(newspage_id__in=[p.pk for p in pages])
    topic_ids_by_page = {}
    for row in through.values("newspage_id", "newstopic_id"):
        topic_ids_by_page.setdefault(row["newspage_id"], []).append(row["newstopic_id"])
    all_topics = NewsTopic.objects.in_bulk(
        [tid for ids in topic_ids_by_page.values() for tid in ids]
    )
    localized = {
        t.translation_key: t for t in topics_localized(topics=all_topics.values(), locale=locale)
    }
    entries = []
    for page in pages:
        topics = [all_topics[tid] for tid in topic_ids_by_page.get(page.pk, [])]
        refs = sorted(
            {localized[t.translation_key] for t in topics}, key=lambda t: t.name.casefold()
        )
        entries.append(
            NewsEntry(
                key=str(page.translation_key),
                title=page.title,
                url=page.get_url(),
                date=page.date,
                summary=page.summary,
                language=page.locale.language_code,
                topics=tuple(TopicRef(name=t.name, slug=t.slug) for t in refs),
                image=page.hero_image,
            )
        )
    return entries


class LocalNewsEntries(Sequence):
    """A lazy, sliceable sequence of entries over a newest-first page queryset."""

    def __init__(self, pages: QuerySet, *, locale: Locale):
        self.pages = pages
        self.locale = locale

    def __len__(self):
        return self.pages.count()

    def __getitem__(self, item):
        if isinstance(item, slice):
            return news_entries_from_pages(pages=self.pages[item], locale=self.locale)
        return news_entries_from_pages(pages=[self.pages[item]], locale=self.locale)[0]


class NewestFirstMerge(Sequence):
    """Several newest-first sequences (lists, lazy sequences or querysets) read as one.

    Slicing ``[start:stop]`` reads at most ``stop`` items from each source, so
    pagination stays cheap for early pages. Items with equal ``key`` keep the order
    of the sources. Subclasses turn each merged item into what they list (``entry``).
    """

    def __init__(self, sources, *, key):
        self.sources = list(sources)
        self.key = key

    def entry(self, item):
        return item

    def __len__(self):
        return sum(_length(source) for source in self.sources)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            found = self[item : item + 1] if item >= 0 else self[len(self) + item :][:1]
            if not found:
                raise IndexError(item)
            return found[0]
        start, stop, step = item.start or 0, item.stop, item.step or 1
        if start < 0 or stop is None or stop < 0:
            start, stop, step = item.indices(len(self))
        if len(self.sources) == 1:
            return [self.entry(one) for one in self.sources[0][start:stop:step]]
        heads = [source[0:stop] for source in self.sources]
        merged = heapq.merge(*heads, key=self.key, reverse=True)
        return [self.entry(one) for one in itertools.islice(merged, start, stop, step)]


def _length(source) -> int:
    """A queryset is counted by the database; anything else by ``len``."""
    return source.count() if isinstance(source, QuerySet) else len(source)


class MergedNewsEntries(NewestFirstMerge):
    """Several newest-first ``NewsEntry`` sequences read as one (local news first
    among entries of the same date)."""

    def __init__(self, sources: Sequence[Sequence[NewsEntry]]):
        super().__init__(sources, key=lambda entry: entry.date)


def news_entries(
    *,
    locale: Locale,
    topic_slug: str | None = None,
    extra_sources: Sequence[Sequence[NewsEntry]] = (),
) -> MergedNewsEntries:
    """This cluster's news of ``locale`` merged with ``extra_sources`` (each a
    newest-first sequence of ``NewsEntry``, e.g. federated items), newest first."""
    local = LocalNewsEntries(news_list(locale=locale, topic_slug=topic_slug), locale=locale)
    return MergedNewsEntries([local, *extra_sources])


def news_latest(*, locale: Locale, limit: int = 3) -> list[NewsEntry]:
    """The ``limit`` newest entries of ``locale``."""
    return list(news_entries(locale=locale)[0:limit])
