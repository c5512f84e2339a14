"""The database backend's index: one row per document, its sectors, full-text columns.

Full text lives outside these columns' plain values: on PostgreSQL in
``search_vector`` (a weighted tsvector under a GIN index), on SQLite in the FTS5
table ``search_indexeddocument_fts`` (rowid = document id). Both are created by the
migrations for their database only and written by ``DatabaseSearchBackend``.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedDocument(models.Model):
    """A ``SearchDocument`` as the database backend stores it."""

    doc_id = models.CharField(max_length=200, unique=True)
    object_id = models.CharField(max_length=64)
    cluster = models.CharField(max_length=40)
    type = models.CharField(max_length=20)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")
    url = models.CharField(max_length=2000, blank=True, default="")
    date = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=40, blank=True, default="")
    country = models.CharField(max_length=8, blank=True, default="")
    city = models.CharField(max_length=100, blank=True, default="")
    # The document's sectors in one value (``database_facets.sector_key_of``): with the
    # facet columns in one index, counting a search's facets reads that index only (no
    # join to the sector rows, no read of the wide rows).
    sector_key = models.TextField(blank=True, default="")
    # The text search configuration of ``language`` (PostgreSQL only; see fulltext.py).
    fts_config = models.CharField(max_length=20, blank=True, default="simple")
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name = _("indexed document")
        indexes = [
            # An object's documents (tombstones, the visitor-language fallback).
            models.Index(fields=["cluster", "object_id", "language"], name="search_doc_object"),
            # Every column that facets count: a search counts its matches from this
            # index alone (SQLite; PostgreSQL reads the rows the GIN index found).
            models.Index(
                fields=["language", "cluster", "type", "kind", "country", "sector_key"],
                name="search_doc_facets",
            ),
        ]

    def __str__(self):
        return self.doc_id


class IndexedDocumentSector(models.Model):
    """One sector slug of a document: a plain table so counting works on every database."""

    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, related_name="sectors")
    sector = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("indexed document sector")
        constraints = [
            models.UniqueConstraint(fields=["document", "sector"], name="search_doc_sector_once")
        ]
        indexes = [models.Index(fields=["sector"], name="search_doc_sector")]
