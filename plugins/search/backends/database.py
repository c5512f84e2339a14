"""The embedded default backend: the index in this cluster's own database.

Documents are rows of ``search.IndexedDocument`` (facet columns, plus one
``IndexedDocumentSector`` row per sector so facets count the same way on every
database); full text is SQLite FTS5 or PostgreSQL tsvector (``fulltext.py``).
Writes go in batches with a constant number of queries per batch; a rebuild runs
in one transaction, so readers see the old index until the new one is complete.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .base import (
    FALLBACK_LANGUAGE,
    BaseSearchBackend,
    SearchBackendError,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    query_terms,
)
from .fulltext import fulltext_engine, pg_config, text_clean

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
COLUMN_FACETS = ("cluster", "type", "kind", "country", "language")
UPDATE_FIELDS = [
    "object_id", "cluster", "type", "language", "title", "summary", "body", "url", "date",
    "kind", "country", "city", "fts_config",
]  # fmt: skip


def _models():
    from ..models import IndexedDocument, IndexedDocumentSector

    return IndexedDocument, IndexedDocumentSector


def _raw_delete(queryset: QuerySet) -> None:
    """Delete rows without loading them: the site's catch-all delete signal receivers
    would otherwise make Django fetch and signal every row."""
    model = queryset.model
    inner, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({inner})", params)  # noqa: S608


class DatabaseSearchBackend(BaseSearchBackend):
    # --- writes -----------------------------------------------------------------------

    def documents_index(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, BATCH_SIZE)):
            with transaction.atomic():
                count += self._batch_write(batch)
        return count

    def documents_delete(self, ids: Iterable[str]) -> None:
        IndexedDocument, _ = _models()
        self._rows_delete(IndexedDocument.objects.filter(doc_id__in=list(ids)))

    def objects_delete(self, *, cluster: str, object_ids: Iterable[str]) -> None:
        IndexedDocument, _ = _models()
        ids = [str(object_id) for object_id in object_ids]
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            self._rows_delete(IndexedDocument.objects.filter(cluster=cluster, object_id__in=chunk))

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        IndexedDocument, IndexedDocumentSector = _models()
        with transaction.atomic():
            _raw_delete(IndexedDocumentSector.objects.all())
            _raw_delete(IndexedDocument.objects.all())
            fulltext_engine().clear()
            return self.documents_index(documents)

    def document_counts(self) -> dict[str, dict[str, int]]:
        IndexedDocument, _ = _models()
        return {
            name: self._counts(IndexedDocument.objects.all(), name)
            for name in ("cluster", "type", "language")
        }

    def _rows_delete(self, documents: QuerySet) -> None:
        _, IndexedDocumentSector = _models()
        with transaction.atomic():
            pks = list(documents.values_list("pk", flat=True))
            if pks:
                fulltext_engine().delete(pks)
                _raw_delete(IndexedDocumentSector.objects.filter(document_id__in=pks))
                _raw_delete(documents.model.objects.filter(pk__in=pks))

    def _batch_write(self, batch: list[SearchDocument]) -> int:
        IndexedDocument, IndexedDocumentSector = _models()
        unique = {doc.id: doc for doc in batch}  # the last version of an id wins
        IndexedDocument.objects.bulk_create(
            [self._row(doc) for doc in unique.values()],
            update_conflicts=True,
            unique_fields=["doc_id"],
            update_fields=UPDATE_FIELDS,
        )
        pks = dict(
            IndexedDocument.objects.filter(doc_id__in=list(unique)).values_list("doc_id", "pk")
        )
        _raw_delete(IndexedDocumentSector.objects.filter(document_id__in=pks.values()))
        IndexedDocumentSector.objects.bulk_create(
            [
                IndexedDocumentSector(document_id=pks[doc.id], sector=sector[:100])
                for doc in unique.values()
                for sector in dict.fromkeys(doc.sectors)
            ]
        )
        fulltext_engine().write(
            [
                (pks[doc.id], text_clean(doc.title), text_clean(doc.summary), text_clean(doc.body))
                for doc in unique.values()
            ]
        )
        return len(unique)

    @staticmethod
    def _row(doc: SearchDocument):
        IndexedDocument, _ = _models()
        return IndexedDocument(
            doc_id=doc.id[:200],
            object_id=str(doc.object_id)[:64],
            cluster=doc.cluster[:40],
            type=doc.type[:20],
            language=doc.language[:8],
            title=text_clean(doc.title)[:500],
            summary=text_clean(doc.summary),
            body=text_clean(doc.body),
            url=doc.url[:2000],
            date=doc.date,
            kind=doc.kind[:40],
            country=doc.country[:8],
            city=text_clean(doc.city)[:100],
            fts_config=pg_config(doc.language),
        )

    # --- reads ------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        terms = query_terms(query.text)
        if not terms:
            return SearchResults(hits=[], total=0, facets={})
        try:
            with transaction.atomic():  # a failing query must not break the caller's transaction
                return self._search(query, terms)
        except DatabaseError as exc:
            logger.exception("search failed")
            raise SearchBackendError("the search index could not be read") from exc

    def _search(self, query: SearchQuery, terms: list[str]) -> SearchResults:
        engine = fulltext_engine()
        languages = self._languages(query)
        candidates = self._candidates(query)
        matched = engine.matching(candidates, terms, languages=languages)
        total = matched.count()
        offset = (max(query.page, 1) - 1) * query.page_size
        ranked = []
        if offset < total:
            ranked = engine.ranked(
                candidates, terms, offset=offset, limit=query.page_size, languages=languages
            )
        return SearchResults(
            hits=self._hits(ranked), total=total, facets=self._facets(matched) if total else {}
        )

    @staticmethod
    def _languages(query: SearchQuery) -> list[str]:
        if query.filters.get("language"):
            return [query.filters["language"]]
        return [query.language, FALLBACK_LANGUAGE]

    def _candidates(self, query: SearchQuery) -> QuerySet:
        """The documents a visitor of ``query.language`` may get, filtered by facets."""
        IndexedDocument, IndexedDocumentSector = _models()
        documents = IndexedDocument.objects.all()
        filters = query.filters
        if filters.get("language"):
            documents = documents.filter(language=filters["language"])
        elif query.language == FALLBACK_LANGUAGE:
            documents = documents.filter(language=FALLBACK_LANGUAGE)
        else:
            in_language = IndexedDocument.objects.filter(
                cluster=OuterRef("cluster"),
                object_id=OuterRef("object_id"),
                language=query.language,
            )
            documents = documents.filter(
                Q(language=query.language) | Q(language=FALLBACK_LANGUAGE) & ~Exists(in_language)
            )
        for name in ("cluster", "type", "kind", "country"):
            if filters.get(name):
                documents = documents.filter(**{name: filters[name]})
        if filters.get("sector"):
            tagged = IndexedDocumentSector.objects.filter(
                document=OuterRef("pk"), sector=filters["sector"]
            )
            documents = documents.filter(Exists(tagged))
        return documents

    def _facets(self, matched: QuerySet) -> dict[str, dict[str, int]]:
        _, IndexedDocumentSector = _models()
        facets = {name: self._counts(matched, name) for name in COLUMN_FACETS}
        sectors = (
            IndexedDocumentSector.objects.filter(document__in=matched.values("pk"))
            .values("sector")
            .annotate(n=Count("pk"))
            .order_by()
        )
        facets["sector"] = {row["sector"]: row["n"] for row in sectors}
        return facets

    @staticmethod
    def _counts(documents: QuerySet, name: str) -> dict[str, int]:
        rows = documents.exclude(**{name: ""}).values(name).annotate(n=Count("pk")).order_by()
        return {row[name]: row["n"] for row in rows}

    def _hits(self, ranked: list[tuple[int, float, str]]) -> list[SearchHit]:
        IndexedDocument, _ = _models()
        if not ranked:
            return []
        pks = [pk for pk, _, _ in ranked]
        rows = IndexedDocument.objects.filter(pk__in=pks).prefetch_related("sectors")
        rows = {row.pk: row for row in rows}
        return [
            SearchHit(document=self._document(rows[pk]), score=float(score), highlight=highlight)
            for pk, score, highlight in ranked
            if pk in rows
        ]

    @staticmethod
    def _document(row) -> SearchDocument:
        return SearchDocument(
            id=row.doc_id,
            object_id=row.object_id,
            type=row.type,
            cluster=row.cluster,
            language=row.language,
            title=row.title,
            url=row.url,
            summary=row.summary,
            body=row.body,
            date=row.date,
            kind=row.kind,
            sectors=tuple(sorted(s.sector for s in row.sectors.all())),
            country=row.country,
            city=row.city,
        )
