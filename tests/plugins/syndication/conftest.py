"""Helpers for the syndication tests: partner keys, API calls, local news and members,
and peers' items written to the mirrors the way the sync writes them."""

from __future__ import annotations

import datetime
import uuid

import pytest
from wagtail.models import Locale
from wagtail.rich_text import RichText

from federation.models import Peer
from federation.protocol import (
    DIRECTORY_MEMBER,
    NEWS_ARTICLE,
    FeedPage,
    change_delete,
    change_upsert,
    cursor_encode,
)
from federation.sync.operations import mirror_held, plan_apply
from federation.sync.planner import sync_plan
from plugins.news.models import NewsPage
from plugins.syndication.services import partner_key_create
from tests.plugins.news.factories import NewsPageFactory, news_indexes

T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


def key_make(**fields):
    """(PartnerKey, plain key); every scope unless given."""
    defaults = {"name": "Test key", "organisation": "Partner network", "rate_limit": 1000}
    return partner_key_create(**{**defaults, **fields})


def api_get(client, endpoint: str, plain: str | None, **params):
    headers = {"Authorization": f"Bearer {plain}"} if plain else {}
    return client.get(f"/api/v1/{endpoint}", params, headers=headers)


def api_walk(client, endpoint: str, plain: str, *, limit: int = 2, **params) -> list[dict]:
    """Every item from the start, following next_cursor until has_more is false."""
    items, cursor = [], ""
    for _ in range(100):
        response = api_get(client, endpoint, plain, cursor=cursor, limit=limit, **params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return items
    raise AssertionError("the walk did not end")


@pytest.fixture
def indexes(home_pages):
    return news_indexes(home_pages)


def article_publish(index, **fields) -> NewsPage:
    page = NewsPageFactory(parent=index, live=False, **fields)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def article_translate(page: NewsPage, *, language: str, title: str) -> NewsPage:
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    translation.title = title
    translation.summary = f"Summary of {title}."  # nothing of the source language stays
    translation.body = [("paragraph", RichText(f"<p>Body of {title}.</p>"))]
    translation.save_revision().publish()
    return NewsPage.objects.get(pk=translation.pk)


# --- peers' items, applied as the sync applies a page -------------------------------


def object_id(n: int) -> str:
    return str(uuid.UUID(int=n))


def mirror_article(origin: str, n: int, *, revision: int = 1, titles: dict) -> object:
    translations = {
        language: {
            "title": title,
            "slug": f"article-{n}",
            "summary": f"{title}: summary",
            "body_html": f"<p>{title}</p>",
            "date": "2026-02-01",
            "topics": ["biotech"],
            "url": f"https://{origin}.example/{language}/news/article-{n}/",
        }
        for language, title in titles.items()
    }
    return change_upsert(
        id=object_id(n), type=NEWS_ARTICLE, origin=origin, revision=revision,
        updated_at=T0, translations=translations,
    )  # fmt: skip


def mirror_member(origin: str, n: int, *, revision: int = 1, name: str, **fields) -> object:
    translation = {
        "name": name,
        "slug": f"member-{n}",
        "kind": "company",
        "sectors": ["biotechnology"],
        "city": "Kiel",
        "country": "DE",
        "url": f"https://{origin}.example/en/members/member-{n}/",
        **fields,
    }
    return change_upsert(
        id=object_id(n), type=DIRECTORY_MEMBER, origin=origin, revision=revision,
        updated_at=T0, translations={"en": translation},
    )  # fmt: skip


def mirror_tombstone(origin: str, n: int, *, revision: int, type: str = NEWS_ARTICLE):
    return change_delete(
        id=object_id(n), type=type, origin=origin, revision=revision, updated_at=T0
    )


def mirrors_apply(origin: str, changes: list) -> None:
    """Apply ``changes`` from peer ``origin`` with the sync's own planner and writer."""
    peer, _ = Peer.objects.get_or_create(
        slug=origin, defaults={"name": origin.title(), "base_url": f"https://{origin}.example"}
    )
    page = FeedPage(
        origin=origin,
        cursor=cursor_encode(max(change.revision for change in changes)),
        has_more=False,
        changes=changes,
    )
    held = mirror_held(origin=origin, object_ids=[change.id for change in changes])
    plan_apply(plan=sync_plan(page=page, held=held), peer=peer)
