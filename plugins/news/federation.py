"""How news is shared with peer clusters, and how their news joins our listings."""

from __future__ import annotations

import datetime
import re

from django.db.models import Exists, F, OuterRef
from wagtail.rich_text import expand_db_html

from federation.models import MirrorTranslation
from federation.protocol import NEWS_ARTICLE
from federation.types import SharedType, image_wire

from .selectors import NewestFirstMerge, NewsEntry, TopicRef

RELATIVE_HREF = re.compile(r'href="/(?!/)')
FALLBACK_LANGUAGE = "en"  # peers' items are shown in English without the visitor's language


class NewsArticleType(SharedType):
    model_label = "news.NewsPage"
    wire_type = NEWS_ARTICLE
    mirror_template = "news/mirror_news_page.html"

    def serialize(self, page) -> dict:
        return {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "body_html": self.body_html(page),
            "date": page.date.isoformat(),
            "topics": sorted(t.name for t in page.topics.all()),
            "url": self.absolute_url(page.get_url() or page.url_path),
            "image": image_wire(page.hero_image, alt=page.title),
        }

    def body_html(self, page) -> str:
        """Text blocks as HTML with absolute links; images and embeds stay at home."""
        parts = []
        for block in page.body:
            if block.block_type == "paragraph":
                parts.append(expand_db_html(block.value.source))
            elif block.block_type == "quote":
                parts.append(f"<blockquote><p>{block.value['text']}</p></blockquote>")
        base = self.absolute_url("/")
        return RELATIVE_HREF.sub(f'href="{base}', "\n".join(parts))


class FederatedNewsEntries(NewestFirstMerge):
    """Peer clusters' news in ``language`` (English fallback) as newest-first entries.

    Two sources read newest first with a limit, then merged: the rows in ``language``,
    and the English rows of items without one. Each can walk the (language, date) index
    and stop early; asked as one query ("in the language, or English where there is
    none") the database reads and sorts every row of both languages for each page.
    """

    def __init__(self, *, language: str, origin_names: dict[str, str] | None = None):
        rows = MirrorTranslation.objects.filter(
            item__type=NEWS_ARTICLE, item__deleted_at=None
        ).select_related("item")
        sources = [rows.filter(language=language)]
        if language != FALLBACK_LANGUAGE:
            in_language = MirrorTranslation.objects.filter(item=OuterRef("item"), language=language)
            sources.append(rows.filter(~Exists(in_language), language=FALLBACK_LANGUAGE))
        order = (F("date").desc(nulls_last=True), "-item__updated_at")
        super().__init__([source.order_by(*order) for source in sources], key=_newest_first)
        self.origin_names = origin_names or {}

    def entry(self, row) -> NewsEntry:
        from django.urls import reverse

        return NewsEntry(
            key=str(row.item.object_id),
            title=row.title,
            url=reverse(
                "mirror_detail",
                kwargs={"origin": row.item.origin, "object_id": row.item.object_id},
            ),
            date=row.date or datetime.date.min,
            summary=row.summary,
            language=row.language,
            topics=tuple(TopicRef(name=t, slug="") for t in row.data.get("topics", [])),
            origin=row.item.origin,
            origin_name=self.origin_names.get(row.item.origin, row.item.origin),
            canonical_url=row.url,
        )


def _newest_first(row) -> tuple:
    """The sources' order as a key (a missing date sorts last)."""
    return (row.date or datetime.date.min, row.item.updated_at)


def news_network_entries(*, locale, topic_slug: str | None = None):
    """This cluster's news merged with its peers' (peers' only when no topic is chosen:
    topics are this cluster's own taxonomy)."""
    from federation.selectors import peer_names

    from .selectors import news_entries

    extra = []
    if not topic_slug:
        extra = [FederatedNewsEntries(language=locale.language_code, origin_names=peer_names())]
    return news_entries(locale=locale, topic_slug=topic_slug, extra_sources=extra)
