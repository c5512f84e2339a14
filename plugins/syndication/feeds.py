"""News feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1): the cluster's own and the network's.

    /<lang>/feeds/news.<rss|atom|json>[?topic=<slug>]   this cluster's news
    /<lang>/feeds/network.<rss|atom|json>               own + federated news

Each item names its origin cluster and canonical URL; the language is the
URL's. Responses carry ETag and Last-Modified and answer 304 when unchanged.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import feedgenerator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from plugins.news.federation import news_network_entries
from plugins.news.selectors import news_entries, news_topic_by_slug

from .jsonfeed import JsonFeed

FORMATS = {"rss": feedgenerator.Rss201rev2Feed, "atom": feedgenerator.Atom1Feed, "json": JsonFeed}


class ClusterRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the standard <source> element naming the item's origin cluster."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        extra = item.get("clusterweb", {})
        if extra.get("origin_name"):
            handler.addQuickElement(
                "source", extra["origin_name"], {"url": extra.get("origin_feed") or item["link"]}
            )


class NewsFeed(Feed):
    """This cluster's news in the URL's language; ``network=True`` adds peers' news."""

    network = False

    def __init__(self, *, format: str, network: bool = False):
        super().__init__()
        self.feed_type = ClusterRssFeed if format == "rss" else FORMATS[format]
        self.network = network

    def get_object(self, request):
        self.request = request
        language = get_language()
        locale = Locale.objects.get(language_code=language)
        topic_slug = None if self.network else (request.GET.get("topic") or None)
        topic = news_topic_by_slug(slug=topic_slug, locale=locale) if topic_slug else None
        select = news_network_entries if self.network else news_entries
        limit = apps.get_app_config("syndication").options["feed_items"]
        entries = list(select(locale=locale, topic_slug=topic_slug)[0:limit])
        return {"language": language, "entries": entries, "topic": topic}

    def cluster_name(self, language: str) -> str:
        names = settings.CLUSTER.get("name", {})
        return names.get(language) or names.get("en") or settings.CLUSTER_SLUG

    def title(self, obj):
        name = self.cluster_name(obj["language"])
        if self.network:
            return _("%(cluster)s and its network: news") % {"cluster": name}
        if obj["topic"]:
            return _("%(cluster)s: news on %(topic)s") % {
                "cluster": name,
                "topic": obj["topic"].name,
            }
        return _("%(cluster)s: news") % {"cluster": name}

    def link(self, obj):
        return f"/{obj['language']}/"

    def description(self, obj):
        return self.title(obj)

    def author_name(self, obj):
        return self.cluster_name(obj["language"])

    def items(self, obj):
        return obj["entries"]

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.url

    def item_guid(self, entry):
        return f"urn:uuid:{entry.key}"

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return datetime.datetime.combine(entry.date, datetime.time(12), tzinfo=datetime.UTC)

    def item_updateddate(self, entry):
        return self.item_pubdate(entry)

    def item_categories(self, entry):
        return [topic.name for topic in entry.topics]

    def item_author_name(self, entry):
        return entry.origin_name or self.cluster_name(entry.language)

    def item_extra_kwargs(self, entry):
        canonical = entry.canonical_url or self.request.build_absolute_uri(entry.url)
        return {
            "clusterweb": {
                "origin": entry.origin or settings.CLUSTER_SLUG,
                "origin_name": self.item_author_name(entry),
                "canonical_url": canonical,
                "language": entry.language,
            }
        }
