"""The search backend interface, Wagtail-style: chosen by a settings dict.

    NETWORK_SEARCH_BACKEND = {
        "BACKEND": "plugins.search.backends.database.DatabaseSearchBackend",
        "OPTIONS": {},
    }

Every backend indexes the same ``SearchDocument`` (built from local content
and from federated mirrors alike) and answers a ``SearchQuery`` with
``SearchResults``. ``DummySearchBackend`` (in-memory) is for unit tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

FACETS = ("cluster", "type", "kind", "sector", "country", "language")
DEFAULT_BACKEND = {"BACKEND": "plugins.search.backends.database.DatabaseSearchBackend"}


@dataclass(frozen=True)
class SearchDocument:
    """One searchable thing in one language: a member, news item or project, local or remote.

    ``id`` is unique per document: "<cluster>:<object id>:<language>".
    """

    id: str
    object_id: str
    type: str  # "member", "news", "project"
    cluster: str  # slug of the cluster the object comes from
    language: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    date: datetime.date | None = None
    kind: str = ""
    sectors: tuple[str, ...] = ()
    country: str = ""
    city: str = ""


@dataclass(frozen=True)
class SearchQuery:
    text: str
    language: str  # the visitor's language: its documents first, English as fallback
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> value
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class SearchHit:
    document: SearchDocument
    score: float
    highlight: str = ""  # HTML-safe snippet with <mark> around matches


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]]  # facet name -> {value: count}


class SearchBackendError(Exception):
    """The engine failed; views show a friendly message, never the engine's text."""


class BaseSearchBackend:
    def __init__(self, options: dict):
        self.options = options

    def documents_index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (in batches); return how many were indexed."""
        raise NotImplementedError

    def documents_delete(self, ids: Iterable[str]) -> None:
        raise NotImplementedError

    def objects_delete(self, *, cluster: str, object_ids: Iterable[str]) -> None:
        """Delete every language's document of these objects (a tombstone)."""
        raise NotImplementedError

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index; readers see the old one until the new is complete."""
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError


def search_backend() -> BaseSearchBackend:
    config = getattr(settings, "NETWORK_SEARCH_BACKEND", DEFAULT_BACKEND)
    return import_string(config["BACKEND"])(config.get("OPTIONS", {}))
