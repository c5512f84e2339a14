"""The search backend interface, Wagtail-style: chosen by a settings dict.

    NETWORK_SEARCH_BACKEND = {
        "BACKEND": "plugins.search.backends.database.DatabaseSearchBackend",
        "OPTIONS": {},
    }

Every backend indexes the same ``SearchDocument`` (built from local content
and from federated mirrors alike) and answers a ``SearchQuery`` with
``SearchResults``. ``DummySearchBackend`` (in-memory) is for unit tests.

What every backend does with a ``SearchQuery`` (the tests in tests/plugins/search
hold each backend to it):
- the text is reduced with ``query_terms`` (never passed to an engine as is); a
  document matches when it holds every term, the last one as a prefix, in its
  title, summary or body; no terms, no results;
- candidates are the documents in ``query.language`` plus the English documents of
  objects that have none in that language (one result per object); a
  ``filters["language"]`` value disables this and keeps that language only;
- filters are exact values (an unknown value simply matches nothing);
- a facet's count is the total its link gives: the matches under every *other* filter
  (a chosen value keeps its siblings' counts), each object once; the language facet
  counts each searched language's own matches (an object in both counts in both);
- hits are ranked best first (a title match above a body match);
- a backend given the ``RANK_WINDOW`` option (the database backend, by default
  ``DEFAULT_RANK_WINDOW``) ranks and pages through only the matches most recently added
  to the index, that many of them; the total and the facets still count every match and
  ``SearchResults.ranked`` says how many can be paged. Scoring costs time in proportion to
  the matches (a broad word matches every document), and a visitor refines rather than
  pages that far: Elasticsearch pages through 10,000 hits at most, for the same reason.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

FACETS = ("cluster", "type", "kind", "sector", "country", "language")
DEFAULT_BACKEND = {"BACKEND": "plugins.search.backends.database.DatabaseSearchBackend"}
FALLBACK_LANGUAGE = "en"
MAX_QUERY_LENGTH = 200  # characters of the visitor's text, after trimming
MAX_QUERY_TERMS = 16
# Matches the database backend ranks at most (its RANK_WINDOW option): 100 pages of 20.
DEFAULT_RANK_WINDOW = 2000
# Words of the query languages (FTS5, Lucene) that an engine could read as operators.
QUERY_OPERATORS = frozenset({"and", "or", "not", "near", "to"})
_WORD = re.compile(r"[^\W_]+")


def query_terms(text: str) -> list[str]:
    """The searchable words of a visitor's text: runs of letters and digits only.

    Punctuation, quotes, brackets, ``*``, ``:`` and operator words are dropped, so
    the result is safe to quote into any engine's query language.
    """
    words = _WORD.findall(text.strip()[:MAX_QUERY_LENGTH])
    return [w for w in words if w.casefold() not in QUERY_OPERATORS][:MAX_QUERY_TERMS]


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
    ranked: int | None = None  # the matches ranked, which pages go through; None: all

    @property
    def pageable(self) -> int:
        """How many hits the pages hold: every match, or the ranked window of them."""
        return self.total if self.ranked is None else min(self.ranked, self.total)


class SearchBackendError(Exception):
    """The engine failed; views show a friendly message, never the engine's text."""


class BaseSearchBackend:
    def __init__(self, options: dict):
        self.options = options

    def rank_window(self, default: int | None = None) -> int | None:
        """The ``RANK_WINDOW`` option (a positive number of matches), else ``default``."""
        window = self.options.get("RANK_WINDOW", default)
        return None if window is None else max(1, int(window))

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

    def document_counts(self) -> dict[str, dict[str, int]]:
        """{"cluster"|"type"|"language": {value: documents}} over the whole index, for
        ``manage.py search status``. Optional: the command says when a backend lacks it."""
        raise NotImplementedError


def search_backend() -> BaseSearchBackend:
    config = getattr(settings, "NETWORK_SEARCH_BACKEND", DEFAULT_BACKEND)
    return import_string(config["BACKEND"])(config.get("OPTIONS", {}))
