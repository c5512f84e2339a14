"""``python -m django transfer_bench create|import|pull`` in the minimal project; prints
a JSON result on the last line."""

import json
import random
import time

import requests
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from bench.transfer_site.newsapp.models import NewsIndex, NewsItemPage, PulledItem
from sites.core.generate import synthetic_text


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "import", "pull"])
        parser.add_argument("--count", type=int, default=0)
        parser.add_argument("--source-page", type=int, default=0)
        parser.add_argument("--api-url", default="")

    def handle(self, *args, action, **options):
        result = getattr(self, f"do_{action}")(**options)
        self.stdout.write(json.dumps(result))

    def do_create(self, *, count, **_):
        """The news items, with the texts our generator writes (English)."""
        rng = random.Random(0)  # noqa: S311 - reproducible test data
        root = Page.get_first_root_node().get_children().first()
        index = root.add_child(instance=NewsIndex(title="News", slug="news"))
        for n in range(1, count + 1):
            paragraphs = [synthetic_text(language="en", n=n, rng=rng, sentences=3) for _ in "abc"]
            index.add_child(
                instance=NewsItemPage(
                    title=f"Generated news item {n}",
                    slug=f"generated-news-{n}",
                    date="2024-01-01",
                    summary=synthetic_text(language="en", n=n, rng=rng, sentences=1),
                    body="".join(f"<p>{text}</p>" for text in paragraphs),
                )
            )
        return {"index": index.pk, "count": count}

    def do_import(self, *, source_page, **_):
        """What wagtail-transfer's import view does for one page and its descendants."""
        from wagtail_transfer.auth import digest_for_source
        from wagtail_transfer.operations import ImportPlanner
        from wagtail_transfer.views import import_missing_object_data

        base_url = settings.WAGTAILTRANSFER_SOURCES["source"]["BASE_URL"]
        destination = Page.get_first_root_node().get_children().first()
        started = time.perf_counter()
        response = requests.get(
            f"{base_url}api/pages/{source_page}/",
            params={"digest": digest_for_source("source", str(source_page))},
            timeout=600,
        )
        response.raise_for_status()
        importer = ImportPlanner.for_page(
            source=source_page, destination=destination.pk, source_site="source"
        )
        importer.add_json(response.content)
        import_missing_object_data("source", importer)
        seconds = time.perf_counter() - started
        return {"items": NewsItemPage.objects.count(), "seconds": seconds}

    def do_pull(self, *, api_url, **_):
        """Every news item through the API v2 listing (its default page size), each page
        stored in one bulk insert."""
        session = requests.Session()
        started = time.perf_counter()
        offset, pulled, requests_made = 0, 0, 0
        while True:
            response = session.get(
                f"{api_url}pages/",
                params={
                    "type": "newsapp.NewsItemPage",
                    "fields": "date,summary,body",
                    "limit": 20,
                    "offset": offset,
                },
                timeout=60,
            )
            response.raise_for_status()
            requests_made += 1
            items = response.json()["items"]
            if not items:
                break
            with transaction.atomic():
                PulledItem.objects.bulk_create(
                    [
                        PulledItem(
                            source_id=item["id"],
                            title=item["title"],
                            date=item["date"],
                            summary=item["summary"],
                            body=item["body"],
                        )
                        for item in items
                    ],
                    update_conflicts=True,
                    unique_fields=["source_id"],
                    update_fields=["title", "date", "summary", "body"],
                )
            pulled += len(items)
            offset += len(items)
        seconds = time.perf_counter() - started
        return {"items": pulled, "seconds": seconds, "requests": requests_made}
