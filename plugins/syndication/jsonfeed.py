"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) for Django's syndication framework."""

from __future__ import annotations

import json

from django.utils.feedgenerator import SyndicationFeed

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.feed_document(), ensure_ascii=False).encode(encoding))

    def feed_document(self) -> dict:
        feed = self.feed
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}] if feed.get("author_name") else [],
            "items": [self.item_document(item) for item in self.items],
        }
        return {key: value for key, value in document.items() if value not in (None, "")}

    @staticmethod
    def item_document(item: dict) -> dict:
        extra = item.get("clusterweb", {})
        document = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "external_url": extra.get("canonical_url") or None,
            "title": item["title"],
            "summary": item["description"],
            "content_text": item["description"] or item["title"],
            "date_published": item["pubdate"].isoformat() if item["pubdate"] else None,
            "date_modified": item["updateddate"].isoformat() if item["updateddate"] else None,
            "tags": list(item["categories"] or []),
            "language": extra.get("language"),
            "authors": [_without_empty({"name": item["author_name"], "url": item["author_link"]})]
            if item.get("author_name")
            else None,
            "_clusterweb": {
                "origin": extra.get("origin"),
                "canonical_url": extra.get("canonical_url"),
            },
        }
        return _without_empty(document)


def _without_empty(document: dict) -> dict:
    return {key: value for key, value in document.items() if value not in (None, [], "")}
