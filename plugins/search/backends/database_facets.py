"""Counting the database backend's matches: found once, counted every way in one statement.

The total, the column facets, the language facet and (without a sector filter) the
sector facet come from one grouped select over the matching documents of the searched
languages, each with ``shown`` (1 when the visitor gets that document: in their
language, or in English for an object without one). Every grouped column, the sectors
included (``sector_key``), is in the index ``search_doc_facets``, so on SQLite the
count reads that index and the full-text matches only: no join, no wide row read.
The sectors are summed from the groups' keys here.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, QuerySet

COLUMNS = ("cluster", "type", "kind", "country", "language")
SECTOR_SEPARATOR = "\x1f"  # never part of a stored sector (``sector_key_of`` drops it)


def sectors_clean(sectors) -> list[str]:
    """A document's sectors as the index stores them: each once, sorted, at most 100
    characters, without the separator."""
    return sorted({sector.replace(SECTOR_SEPARATOR, "")[:100] for sector in sectors} - {""})


def sector_key_of(sectors) -> str:
    """The ``sector_key`` of a document's sectors (the same ones as its sector rows)."""
    return SECTOR_SEPARATOR.join(sectors_clean(sectors))


def matches_count(found: QuerySet) -> tuple[dict[tuple, int], dict[str, int], dict[str, int]]:
    """({(cluster, type, kind, country, language): shown documents},
    {language: documents, shown or not}, {sector: shown documents}) of ``found``, a
    queryset of matching documents annotated with ``shown``."""
    grouped: dict[tuple, int] = {}
    languages: dict[str, int] = {}
    sector_counts: dict[str, int] = {}
    with connection.cursor() as cursor:  # plain rows: no converters on thousands of groups
        cursor.execute(*matches_statement(found))
        rows = cursor.fetchall()
    for *key, sector_key, shown, n in rows:
        language = key[-1]
        languages[language] = languages.get(language, 0) + n
        if not shown:
            continue
        key = tuple(key)
        grouped[key] = grouped.get(key, 0) + n
        _sectors_add(sector_counts, sector_key, n)
    return grouped, languages, sector_counts


def sector_counts_of(matched: QuerySet) -> dict[str, int]:
    """{sector: documents} of ``matched`` (one grouped select, no join)."""
    counts: dict[str, int] = {}
    grouped = matched.values_list("sector_key").annotate(n=Count("pk")).order_by()
    with connection.cursor() as cursor:
        cursor.execute(*grouped.query.sql_with_params())
        rows = cursor.fetchall()
    for sector_key, n in rows:
        _sectors_add(counts, sector_key, n)
    return counts


def _sectors_add(counts: dict[str, int], sector_key: str, n: int) -> None:
    if sector_key:
        for sector in sector_key.split(SECTOR_SEPARATOR):
            counts[sector] = counts.get(sector, 0) + n


def matches_grouped(found: QuerySet) -> QuerySet:
    """(cluster, type, kind, country, language, sector_key, shown, documents) rows."""
    return found.values_list(*COLUMNS, "sector_key", "shown").annotate(n=Count("pk")).order_by()


def matches_statement(found: QuerySet) -> tuple[str, list]:
    """The SQL of ``matches_grouped`` (for EXPLAIN)."""
    sql, params = matches_grouped(found).query.sql_with_params()
    return sql, list(params)
