"""Building peer feed pages for sync and API tests (valid wire documents)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from federation.protocol import (
    DIRECTORY_MEMBER,
    NEWS_ARTICLE,
    PROJECTS_PROJECT,
    FeedPage,
    change_delete,
    change_upsert,
    cursor_encode,
    feed_page_dump_bytes,
)

SOFIA = "sofia"
T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def object_id(n: int) -> str:
    """A stable canonical UUID for object number ``n``."""
    return str(uuid.UUID(int=n))


def article(n: int, revision: int, *, title="Article", body_html=None, origin=SOFIA, **extra):
    """A news.article upsert in bg and en (``title`` gets the language appended)."""
    translations = {
        language: {
            "title": f"{title} ({language})",
            "slug": f"article-{n}",
            "summary": f"Summary {n} ({language})",
            "body_html": body_html if body_html is not None else f"<p>Body {n} r{revision}</p>",
            "date": "2026-01-02",
            "topics": ["biotech"],
            "url": f"https://{origin}.example/{language}/news/article-{n}/",
            **extra,
        }
        for language in ("bg", "en")
    }
    return change_upsert(
        id=object_id(n),
        type=NEWS_ARTICLE,
        origin=origin,
        revision=revision,
        updated_at=T0 + timedelta(seconds=revision),
        translations=translations,
    )


def member(n: int, revision: int, *, name="Member", origin=SOFIA):
    translations = {
        "en": {
            "name": f"{name} {n}",
            "slug": f"member-{n}",
            "kind": "company",
            "sectors": ["pharmacy"],
            "city": "Sofia",
            "country": "BG",
            "member_since": "2020-05-01",
            "url": f"https://{origin}.example/en/members/member-{n}/",
        }
    }
    return change_upsert(
        id=object_id(n),
        type=DIRECTORY_MEMBER,
        origin=origin,
        revision=revision,
        updated_at=T0 + timedelta(seconds=revision),
        translations=translations,
    )


def project(
    n: int, revision: int, *, title="Project", origin=SOFIA, languages=("bg", "en"), **extra
):
    """A projects.project upsert (``title`` gets the language appended)."""
    translations = {
        language: {
            "title": f"{title} ({language})",
            "slug": f"project-{n}",
            "summary": f"Summary of project {n} ({language})",
            "goals": [f"Goal of project {n}"],
            "start_date": "2025-01-01",
            "end_date": "2099-12-31",
            "funders": ["Fund"],
            "funder_ids": [""],
            "partners": [],
            "partner_ids": [],
            "url": f"https://{origin}.example/{language}/projects/project-{n}/",
            **extra,
        }
        for language in languages
    }
    return change_upsert(
        id=object_id(n),
        type=PROJECTS_PROJECT,
        origin=origin,
        revision=revision,
        updated_at=T0 + timedelta(seconds=revision),
        translations=translations,
    )


def tombstone(n: int, revision: int, *, type=NEWS_ARTICLE, reason="deleted", origin=SOFIA):
    return change_delete(
        id=object_id(n),
        type=type,
        origin=origin,
        revision=revision,
        updated_at=T0 + timedelta(seconds=revision),
        reason=reason,
    )


def page_of(*changes, seq: int, has_more=False, origin=SOFIA) -> FeedPage:
    return FeedPage(
        origin=origin, cursor=cursor_encode(seq), has_more=has_more, changes=list(changes)
    )


def page_bytes(*changes, seq: int, has_more=False, origin=SOFIA) -> bytes:
    """The wire body of a feed page whose cursor is ``cursor_encode(seq)``."""
    return feed_page_dump_bytes(page_of(*changes, seq=seq, has_more=has_more, origin=origin))
