"""schema.org ``NewsArticle`` structured data for news pages (and, later, mirrored items)."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# What Django's json_script escapes: no "</script>", "<!--" or "&" survives in the
# JSON text, and it still parses to the same data.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def cluster_name(*, language: str) -> str:
    """The cluster's name in ``language`` (English, then the slug, as fallbacks)."""
    names = settings.CLUSTER.get("name", {})
    return names.get(language) or names.get("en") or settings.CLUSTER_SLUG


def news_article_jsonld(
    *,
    headline: str,
    url: str,
    language: str,
    date_published: datetime.date | datetime.datetime,
    date_modified: datetime.date | datetime.datetime | None = None,
    description: str = "",
    publisher_name: str = "",
    image_url: str = "",
    keywords: list[str] | None = None,
) -> dict:
    """A ``NewsArticle`` dict from plain values; usable for local and remote items."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": date_published.isoformat(),
        "dateModified": (date_modified or date_published).isoformat(),
        "inLanguage": language,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": {"@type": "Organization", "name": publisher_name},
    }
    if description:
        data["description"] = description
    if image_url:
        data["image"] = [image_url]
    if keywords:
        data["keywords"] = keywords
    return data


def news_page_jsonld(*, page, request=None, topics=None) -> dict:
    """The ``NewsArticle`` dict of a local ``NewsPage``; ``topics``: its topics in its
    language where the caller has them already (``topics_localized``)."""
    from .selectors import topics_localized

    language = page.locale.language_code
    image_url = ""
    if page.hero_image is not None:
        rendition = page.hero_image.get_rendition("fill-1200x675")
        image_url = rendition.full_url
        if request is not None and image_url.startswith("/"):
            image_url = request.build_absolute_uri(image_url)
    if topics is None:
        topics = topics_localized(topics=page.topics.all(), locale=page.locale)
    return news_article_jsonld(
        headline=page.title,
        url=page.get_full_url(request),
        language=language,
        date_published=page.date,
        date_modified=page.last_published_at or page.latest_revision_created_at,
        description=page.summary or page.search_description,
        publisher_name=cluster_name(language=language),
        image_url=image_url,
        keywords=[t.name for t in topics],
    )


def jsonld_script(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` element, safe in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
