"""The embedded default backend: the index in this cluster's own database.

Documents are rows of ``search.IndexedDocument`` (facet columns, the sectors also
in ``sector_key`` for counting, plus one ``IndexedDocumentSector`` row per sector for
filtering); full text is SQLite FTS5 or PostgreSQL tsvector (``fulltext.py``).
Writes go in batches with a constant number of queries per batch; a rebuild runs
in one transaction, so readers see the old index until the new one is complete.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from contextlib import nullcontext

from django.db import DatabaseError, connection, transaction
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from .base import (
    DEFAULT_RANK_WINDOW,
    FACETS,
    FALLBACK_LANGUAGE,
    BaseSearchBackend,
    SearchBackendError,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    query_terms,
)
from .database_facets import SECTOR_SEPARATOR, matches_count, sector_key_of, sectors_clean
from .database_groups import facet_groups_settle
from .fulltext import fulltext_engine, pg_config, text_clean

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
# Facets that are columns (the language aside): plain conditions when ranking the hits.
COLUMN_FACETS = ("cluster", "type", "kind", "country")
UPDATE_FIELDS = [
    "object_id", "cluster", "type", "language", "title", "summary", "body", "url", "date",
    "kind", "country", "city", "sector_key", "facet_group", "fts_config",
]  # fmt: skip


def _models():
    from ..models import IndexedDocument, IndexedDocumentSector

    return IndexedDocument, IndexedDocumentSector


def _read_guarded():
    """A savepoint when the caller is inside a transaction (a failing query must not
    break it on PostgreSQL); else nothing: on SQLite an atomic block would begin with
    a write lock (BEGIN IMMEDIATE) that every concurrent search would wait for."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


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
        count, groups = 0, {}
        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, BATCH_SIZE)):
            with transaction.atomic():
                count += self._batch_write(batch, groups)
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
        from ..models import FacetGroup

        IndexedDocument, IndexedDocumentSector = _models()
        with transaction.atomic():
            _raw_delete(IndexedDocumentSector.objects.all())
            _raw_delete(IndexedDocument.objects.all())
            _raw_delete(FacetGroup.objects.all())  # the only time groups go (unused ones stay)
            fulltext_engine().clear()
            return self._fresh_index(documents)

    def _fresh_index(self, documents: Iterable[SearchDocument]) -> int:
        """Fill the index just emptied: plain inserts whose ids come back, with nothing
        to look up or delete first; a batch holding an id met before is upserted."""
        count, written, groups = 0, set(), {}
        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, BATCH_SIZE)):
            unique = {doc.id: doc for doc in batch}  # the last version of an id wins
            if written.isdisjoint(unique):
                self._batch_insert(list(unique.values()), groups)
            else:
                self._batch_write(batch, groups)
            written.update(unique)
            count += len(unique)
        return count

    def document_counts(self) -> dict[str, dict[str, int]]:
        IndexedDocument, _ = _models()
        return {
            name: self._counts(IndexedDocument.objects.all(), name)
            for name in ("cluster", "type", "language")
        }

    def _rows_delete(self, documents: QuerySet) -> None:
        _, IndexedDocumentSector = _models()
        with transaction.atomic():
            rows = list(documents.values_list("pk", "cluster", "object_id"))
            if rows:
                pks = [pk for pk, _, _ in rows]
                fulltext_engine().delete(pks)
                _raw_delete(IndexedDocumentSector.objects.filter(document_id__in=pks))
                _raw_delete(documents.model.objects.filter(pk__in=pks))
                # The objects' other languages, if any stay, lost one.
                facet_groups_settle([], {}, objects={(c, o) for _, c, o in rows})

    def _batch_write(self, batch: list[SearchDocument], groups: dict) -> int:
        IndexedDocument, _ = _models()
        unique = {doc.id: doc for doc in batch}  # the last version of an id wins
        docs = list(unique.values())
        rows = IndexedDocument.objects.bulk_create(
            self._rows(docs, groups),
            update_conflicts=True,
            unique_fields=["doc_id"],
            update_fields=UPDATE_FIELDS,
        )
        self._sectors_and_text(docs, self._pks(docs, rows), replace=True)
        return len(unique)

    def _batch_insert(self, docs: list[SearchDocument], groups: dict) -> None:
        """New documents only (no id of theirs in the index)."""
        IndexedDocument, _ = _models()
        rows = IndexedDocument.objects.bulk_create(self._rows(docs, groups))
        self._sectors_and_text(docs, self._pks(docs, rows), replace=False)

    @staticmethod
    def _pks(docs: list[SearchDocument], rows) -> list[int]:
        """The rows' ids, as bulk_create returned them (SQLite >= 3.35, PostgreSQL), else
        looked up."""
        if all(row.pk is not None for row in rows):
            return [row.pk for row in rows]
        IndexedDocument, _ = _models()
        ids = [row.doc_id for row in rows]
        found = dict(IndexedDocument.objects.filter(doc_id__in=ids).values_list("doc_id", "pk"))
        return [found[doc_id] for doc_id in ids]

    def _sectors_and_text(self, docs, pks: list[int], *, replace: bool) -> None:
        """Each document's sector rows and full text; ``replace`` first removes those the
        documents had (an emptied index has none to remove)."""
        _, IndexedDocumentSector = _models()
        if replace:
            _raw_delete(IndexedDocumentSector.objects.filter(document_id__in=pks))
        IndexedDocumentSector.objects.bulk_create(
            [
                IndexedDocumentSector(document_id=pk, sector=sector)
                for doc, pk in zip(docs, pks, strict=True)
                for sector in sectors_clean(doc.sectors)
            ]
        )
        text = [
            (pk, text_clean(doc.title), text_clean(doc.summary), text_clean(doc.body))
            for doc, pk in zip(docs, pks, strict=True)
        ]
        if replace:
            fulltext_engine().write(text)
        else:
            fulltext_engine().insert(text)

    def _rows(self, docs: list[SearchDocument], groups: dict) -> list:
        rows = [self._row(doc) for doc in docs]
        facet_groups_settle(rows, groups)
        return rows

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
            sector_key=sector_key_of(doc.sectors),
            fts_config=pg_config(doc.language),
        )

    # --- reads ------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        terms = query_terms(query.text)
        if not terms:
            return SearchResults(hits=[], total=0, facets={})
        try:
            with _read_guarded():
                return self._search(query, terms)
        except DatabaseError as exc:
            logger.exception("search failed")
            raise SearchBackendError("the search index could not be read") from exc

    def _search(self, query: SearchQuery, terms: list[str]) -> SearchResults:
        engine = fulltext_engine()
        languages = self._languages(query)
        filters = {name: value for name, value in query.filters.items() if name in FACETS and value}
        visitor = query.language if len(set(languages)) > 1 else None
        total, facets = matches_count(
            engine.grouped(terms, languages=languages), filters=filters, visitor_language=visitor
        )
        window = self.rank_window(DEFAULT_RANK_WINDOW)
        pageable = min(total, window)
        offset = (max(query.page, 1) - 1) * query.page_size
        ranked = []
        if offset < pageable:
            ranked = engine.ranked(
                self._candidates(query, filters),
                terms,
                offset=offset,
                limit=min(query.page_size, pageable - offset),
                languages=languages,
                window=window if total > window else None,
            )
        if not (total or filters):
            facets = {}
        return SearchResults(hits=self._hits(ranked), total=total, facets=facets, ranked=pageable)

    @staticmethod
    def _languages(query: SearchQuery) -> list[str]:
        if query.filters.get("language"):
            return [query.filters["language"]]
        return [query.language, FALLBACK_LANGUAGE]

    def _candidates(self, query: SearchQuery, filters: dict[str, str]) -> QuerySet:
        """The documents a visitor of ``query.language`` may get, filtered by ``filters``."""
        IndexedDocument, _ = _models()
        documents = IndexedDocument.objects.all()
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
        return self._filtered(documents, filters)

    @staticmethod
    def _filtered(documents: QuerySet, filters: dict[str, str]) -> QuerySet:
        _, IndexedDocumentSector = _models()
        for name in COLUMN_FACETS:
            if filters.get(name):
                documents = documents.filter(**{name: filters[name]})
        if filters.get("sector"):
            tagged = IndexedDocumentSector.objects.filter(
                document=OuterRef("pk"), sector=filters["sector"]
            )
            documents = documents.filter(Exists(tagged))
        return documents

    @staticmethod
    def _counts(documents: QuerySet, name: str) -> dict[str, int]:
        rows = documents.exclude(**{name: ""}).values_list(name).annotate(n=Count("pk")).order_by()
        return dict(rows)

    def _hits(self, ranked: list[tuple[int, float, str]]) -> list[SearchHit]:
        IndexedDocument, _ = _models()
        if not ranked:
            return []
        pks = [pk for pk, _, _ in ranked]
        rows = IndexedDocument.objects.filter(pk__in=pks).defer("search_vector")
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
            sectors=tuple(row.sector_key.split(SECTOR_SEPARATOR)) if row.sector_key else (),
            country=row.country,
            city=row.city,
        )
