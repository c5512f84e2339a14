"""An in-memory backend for unit tests of views: substring matching, same semantics
(the ``RANK_WINDOW`` option included; without it every match is ranked).

Documents live in a class-level store (every ``search_backend()`` call makes a new
backend object), keyed by the ``NAME`` option; ``rebuild([])`` empties it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from django.utils.html import escape

from .base import (
    FALLBACK_LANGUAGE,
    BaseSearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    query_terms,
)

FIELD_WEIGHTS = (("title", 10.0), ("summary", 4.0), ("body", 1.0))
SNIPPET_CHARS = 160


class DummySearchBackend(BaseSearchBackend):
    stores: dict[str, dict[str, SearchDocument]] = {}

    @property
    def store(self) -> dict[str, SearchDocument]:
        return self.stores.setdefault(self.options.get("NAME", "default"), {})

    def documents_index(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        for doc in documents:
            self.store[doc.id] = doc
            count += 1
        return count

    def documents_delete(self, ids: Iterable[str]) -> None:
        for doc_id in ids:
            self.store.pop(doc_id, None)

    def objects_delete(self, *, cluster: str, object_ids: Iterable[str]) -> None:
        gone = {str(object_id) for object_id in object_ids}
        for doc_id, doc in list(self.store.items()):
            if doc.cluster == cluster and doc.object_id in gone:
                del self.store[doc_id]

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        fresh = {doc.id: doc for doc in documents}
        self.store.clear()
        self.store.update(fresh)
        return len(fresh)

    def document_counts(self) -> dict[str, dict[str, int]]:
        docs = list(self.store.values())
        return {
            name: dict(Counter(getattr(d, name) for d in docs))
            for name in ("cluster", "type", "language")
        }

    def search(self, query: SearchQuery) -> SearchResults:
        terms = [t.casefold() for t in query_terms(query.text)]
        if not terms:
            return SearchResults(hits=[], total=0, facets={})
        scored = []
        for doc in self._candidates(query):  # in the order they entered the store
            score = self._score(doc, terms)
            if score:
                scored.append((score, doc))
        total, window = len(scored), self.rank_window()
        if window:
            scored = scored[-window:]  # the most recently indexed
        scored.sort(key=lambda pair: (-pair[0], pair[1].id))
        start = (max(query.page, 1) - 1) * query.page_size
        hits = [
            SearchHit(document=doc, score=score, highlight=self._highlight(doc, terms))
            for score, doc in scored[start : start + query.page_size]
        ]
        facets = self._facets(query, terms) if scored or query.filters else {}
        ranked = min(total, window) if window else None
        return SearchResults(hits=hits, total=total, facets=facets, ranked=ranked)

    def _candidates(self, query: SearchQuery) -> list[SearchDocument]:
        docs = list(self.store.values())
        filters = query.filters
        if filters.get("language"):
            docs = [d for d in docs if d.language == filters["language"]]
        else:
            present = {(d.cluster, d.object_id) for d in docs if d.language == query.language}
            docs = [
                d
                for d in docs
                if d.language == query.language
                or d.language == FALLBACK_LANGUAGE
                and (d.cluster, d.object_id) not in present
            ]
        return self._filtered(docs, filters)

    @staticmethod
    def _filtered(docs: list[SearchDocument], filters: dict) -> list[SearchDocument]:
        for name in ("cluster", "type", "kind", "country"):
            if filters.get(name):
                docs = [d for d in docs if getattr(d, name) == filters[name]]
        if filters.get("sector"):
            docs = [d for d in docs if filters["sector"] in d.sectors]
        return docs

    @staticmethod
    def _score(doc: SearchDocument, terms: list[str]) -> float:
        texts = {name: getattr(doc, name).casefold() for name, _ in FIELD_WEIGHTS}
        if not all(any(term in text for text in texts.values()) for term in terms):
            return 0.0
        return sum(
            weight for term in terms for name, weight in FIELD_WEIGHTS if term in texts[name]
        )

    @staticmethod
    def _highlight(doc: SearchDocument, terms: list[str]) -> str:
        text = doc.summary or doc.body
        folded = text.casefold()
        found = [(folded.find(t), t) for t in terms if folded.find(t) >= 0]
        if not found:
            return escape(text[:SNIPPET_CHARS])
        at, term = min(found)
        start = max(0, at - SNIPPET_CHARS // 2)
        end = at + len(term)
        return (
            escape(text[start:at])
            + "<mark>"
            + escape(text[at:end])
            + "</mark>"
            + escape(text[end : start + SNIPPET_CHARS])
        )

    def _facets(self, query: SearchQuery, terms: list[str]) -> dict[str, dict[str, int]]:
        """Each facet over the matches under every other filter (base.py); the language
        facet over every searched language's matches, without the fallback."""
        facets = {}
        for name in ("cluster", "type", "kind", "country", "sector", "language"):
            others = {k: v for k, v in query.filters.items() if k != name}
            scoped = replace(query, filters=others)
            if name == "language" and not query.filters.get("language"):
                languages = {query.language, FALLBACK_LANGUAGE}
                docs = [d for d in self.store.values() if d.language in languages]
                docs = self._filtered(docs, others)
            else:  # a chosen language is the only one searched: it keeps its own filter
                docs = self._candidates(query if name == "language" else scoped)
            docs = [d for d in docs if self._score(d, terms)]
            if name == "sector":
                facets[name] = dict(Counter(s for d in docs for s in d.sectors))
            else:
                facets[name] = dict(Counter(getattr(d, name) for d in docs if getattr(d, name)))
        return facets
