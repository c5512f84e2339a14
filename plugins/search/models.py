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


class FacetGroup(models.Model):
    """One combination of facet values (and of their object's languages) that documents
    share: a search counts its matches per group (``backends/database_groups.py``)."""

    language = models.CharField(max_length=8)
    cluster = models.CharField(max_length=40)
    type = models.CharField(max_length=20)
    kind = models.CharField(max_length=40, blank=True, default="")
    country = models.CharField(max_length=8, blank=True, default="")
    # The sectors in one value (``database_facets.sector_key_of``).
    sector_key = models.TextField(blank=True, default="")
    # Every language the document's object has in the index, sorted, space-separated:
    # whether a visitor gets the document follows from the group alone.
    object_languages = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("facet group")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "language",
                    "cluster",
                    "type",
                    "kind",
                    "country",
                    "sector_key",
                    "object_languages",
                ],  # fmt: skip
                name="search_facet_group_once",
            )
        ]

    def __str__(self):
        return f"{self.cluster}/{self.language}/{self.type}"


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
    # The document's sectors in one value (``database_facets.sector_key_of``).
    sector_key = models.TextField(blank=True, default="")
    # Its facet values as one integer: what a search's count groups by. Null only for
    # rows indexed before migration 0004 filled it.
    facet_group = models.ForeignKey(
        FacetGroup, on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    # The text search configuration of ``language`` (PostgreSQL only; see fulltext.py).
    fts_config = models.CharField(max_length=20, blank=True, default="simple")
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name = _("indexed document")
        indexes = [
            # An object's documents (tombstones, the visitor-language fallback).
            models.Index(fields=["cluster", "object_id", "language"], name="search_doc_object"),
            # What a search counts, by document id: on SQLite the count looks each
            # full-text match up in this narrow index, not in the wide rows.
            models.Index(fields=["id", "language", "facet_group"], name="search_doc_group"),
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
