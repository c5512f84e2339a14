"""Fixtures of the search tests.

Backend tests take ``search_backend``: the backend the settings configure, emptied
with ``rebuild([])``. ``engine`` is an Elasticsearch-API server for the tests that run
on it (osmem-server, or the one ELASTICSEARCH_URL names); ``backend_make`` a backend
writing to it under an index prefix of its own.
"""

from __future__ import annotations

import datetime
import os
import uuid
from dataclasses import dataclass

import pytest

from federation.models import MirrorItem, Peer
from plugins.search.backends.base import SearchDocument, SearchQuery
from plugins.search.backends.base import search_backend as configured
from plugins.search.documents import document_id
from tests.support.factories import mirror_item_create


@dataclass(frozen=True)
class Engine:
    url: str
    options: dict


@pytest.fixture(scope="session")
def engine():
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        yield Engine(url, {})
        return
    try:
        from osmem_server import OsmemError, OsmemServer
    except ImportError:
        pytest.skip("osmem-server is not installed: pip install -e '.[test]'")
    try:
        # Port 0: the server binds a free loopback port and reports its URL once ready.
        server = OsmemServer.start(addr="127.0.0.1:0", japanese=False, startup_timeout=30)
    except OsmemError as exc:
        pytest.skip(f"osmem-server could not start: {exc}")
    yield Engine(server.url, {"COMPATIBILITY_HEADER": False})
    server.close()


def backend_make(engine: Engine, **options):
    from plugins.search.backends.elasticsearch import ElasticsearchSearchBackend

    base = {"URLS": [engine.url], "INDEX_PREFIX": f"test-{uuid.uuid4().hex[:12]}", "REFRESH": True}
    return ElasticsearchSearchBackend({**base, **engine.options, **options})


DUMMY = {"BACKEND": "plugins.search.backends.dummy.DummySearchBackend", "OPTIONS": {}}


@pytest.fixture
def search_backend(db):
    backend = configured()
    backend.rebuild([])
    yield backend
    backend.rebuild([])


@pytest.fixture
def dummy_backend(settings):
    """The in-memory backend as the configured one (views' unit tests)."""
    settings.NETWORK_SEARCH_BACKEND = DUMMY
    backend = configured()
    backend.rebuild([])
    yield backend
    backend.rebuild([])


def doc(
    title: str,
    *,
    object_id: str | None = None,
    cluster: str = "testland",
    language: str = "pl",
    type: str = "news",
    **fields,
) -> SearchDocument:
    """A document with a generated object id unless given."""
    object_id = object_id or str(uuid.uuid4())
    fields.setdefault("url", f"/{language}/{type}/{object_id}/")
    return SearchDocument(
        id=document_id(cluster=cluster, object_id=object_id, language=language),
        object_id=object_id,
        type=type,
        cluster=cluster,
        language=language,
        title=title,
        **fields,
    )


def query(text: str, *, language: str = "pl", page: int = 1, **filters) -> SearchQuery:
    return SearchQuery(text=text, language=language, filters=filters, page=page)


def titles(results) -> list[str]:
    return [hit.document.title for hit in results.hits]


def mirror_create(
    *,
    origin: str = "sofia",
    type: str = "news.article",
    translations: dict[str, dict],
    object_id: uuid.UUID | None = None,
    deleted: bool = False,
) -> MirrorItem:
    """A mirrored object with its translations, as a sync would have stored it."""
    Peer.objects.get_or_create(
        slug=origin, defaults={"name": origin.capitalize() + " Cluster", "base_url": "http://x"}
    )
    rows = {
        language: {
            "title": fields.get("title") or fields.get("name", ""),
            "summary": fields.get("summary") or fields.get("description") or "",
            "date": _date(fields.get("date") or fields.get("start_date")),
            "url": fields.get("url", f"https://{origin}.example/{language}/x/"),
            "data": fields,
        }
        for language, fields in translations.items()
    }
    return mirror_item_create(
        origin=origin, type=type, translations=rows, deleted=deleted, object_id=object_id
    )


def article_fields(title: str, *, language: str = "en", body="", origin="sofia") -> dict:
    return {
        "title": title,
        "slug": "x",
        "summary": f"Summary of {title}",
        "body_html": body or f"<p>Text of {title}</p>",
        "date": "2026-01-02",
        "topics": [],
        "url": f"https://{origin}.example/{language}/news/{uuid.uuid4().hex[:6]}/",
    }


def _date(value):
    return datetime.date.fromisoformat(value) if value else None
