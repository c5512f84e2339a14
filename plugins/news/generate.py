"""Synthetic news for load tests and benchmarks (``manage.py demo generate --news N``).

Creating pages one by one through treebeard and revisions runs at tens of pages a
second, far too slow for tens of thousands. Here a batch of news pages is written
as two inserts: the ``wagtailcore_page`` rows (``bulk_create``, with the
materialised paths treebeard would have given them, computed from the index's
last child) and the ``news_newspage`` rows of the same ids; then the index's
``numchild`` is raised once. The pages are live and published like seeded ones
but have no revision (an editor's first edit makes one). Their change-log
entries go through the same serializer as a page published in the admin.
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.rich_text import RichText

from sites.core.generate import pages_children_append, synthetic_label, synthetic_text

from .models import NewsIndexPage, NewsPage
from .services import news_seed

BATCH = 200
SLUG_PREFIX = "generated-news-"
INDEX_TITLES = {"en": "News", "pl": "Aktualności", "de": "Neuigkeiten", "tr": "Haberler"}


def news_generate(*, count, home_pages, plans, rng):
    """Yield (NewsPage, translation keys, news items done) after each batch of ``BATCH``."""
    indexes = _indexes_ensure(home_pages)
    generated = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX)
    first = generated.values("translation_key").distinct().count() + 1
    for start in range(0, count, BATCH):
        batch = plans[start : start + BATCH]
        with transaction.atomic():
            keys = _batch_write(batch, first + start, indexes, rng)
        yield NewsPage, keys, len(batch)


def _indexes_ensure(home_pages) -> dict[str, NewsIndexPage]:
    data = {code: {"title": INDEX_TITLES.get(code, "News"), "slug": "news"} for code in home_pages}
    news_seed(cluster_slug="", home_pages=home_pages, data={"index": data})
    return {code: NewsIndexPage.objects.child_of(home).first() for code, home in home_pages.items()}


def _batch_write(plans, first_number, indexes, rng) -> list[uuid.UUID]:
    content_type = ContentType.objects.get_for_model(NewsPage)
    pages_by_index: dict[int, list[NewsPage]] = {}
    keys = []
    for offset, plan in enumerate(plans):
        n = first_number + offset
        key = uuid.uuid4()
        keys.append(key)
        date = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 2000))
        for language in plan.languages:
            index = indexes.get(language)
            if index is None:
                continue
            page = _page(n, language, key, date, content_type, rng)
            pages_by_index.setdefault(index.pk, []).append(page)
    for index in indexes.values():
        if index is not None and index.pk in pages_by_index:
            pages_children_append(parent=index, pages=pages_by_index[index.pk])
    return keys


def _page(n, language, key, date, content_type, rng) -> NewsPage:
    title = f"{synthetic_label(kind='news', language=language)} {n}"
    published = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
    paragraphs = [synthetic_text(language=language, n=n, rng=rng, sentences=3) for _ in range(3)]
    return NewsPage(
        title=title,
        draft_title=title,
        slug=f"{SLUG_PREFIX}{n}",
        translation_key=key,
        content_type=content_type,
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        date=date,
        summary=synthetic_text(language=language, n=n, rng=rng, sentences=1)[:400],
        body=[("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs],
    )


GENERATORS = {"news": news_generate}
