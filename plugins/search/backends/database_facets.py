"""Counting the database backend's matches: found once, counted every way in one statement.

The total, the column facets, the language facet and (without a sector filter) the
sector facet come from one statement: a common table expression holds the matching
documents of the searched languages, each with ``shown`` (1 when the visitor gets
that document: in their language, or in English for an object without one), and two
grouped selects count it. SQLite (>= 3.35) and PostgreSQL (>= 12) materialise a CTE
that is read twice, so the full-text condition runs once instead of once per facet.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

COLUMNS = ("cluster", "type", "kind", "country", "language")


def matches_count(found: QuerySet) -> tuple[dict[tuple, int], dict[str, int], dict[str, int]]:
    """({(cluster, type, kind, country, language): shown documents},
    {language: documents, shown or not}, {sector: shown documents}) of ``found``, a
    queryset of matching documents annotated with ``shown``."""
    grouped: dict[tuple, int] = {}
    languages: dict[str, int] = {}
    sector_counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(*matches_statement(found))
        for part, *key, shown, n in cursor.fetchall():
            if part == 1:
                sector_counts[key[0]] = n
                continue
            languages[key[-1]] = languages.get(key[-1], 0) + n
            if shown:
                grouped[tuple(key)] = grouped.get(tuple(key), 0) + n
    return grouped, languages, sector_counts


def matches_statement(found: QuerySet) -> tuple[str, list]:
    from ..models import IndexedDocumentSector

    inner, params = found.values_list("pk", *COLUMNS, "shown").order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in COLUMNS)
    sectors = quote(IndexedDocumentSector._meta.db_table)
    # Only quoted names and Django's compiled SQL are formatted in; values are parameters.
    sql = (
        f"WITH found (id, {columns}, shown) AS ({inner}) "  # noqa: S608
        f"SELECT 0, {columns}, shown, COUNT(*) FROM found GROUP BY {columns}, shown "
        f"UNION ALL SELECT 1, s.sector, '', '', '', '', 1, COUNT(*) FROM {sectors} s "
        "INNER JOIN found ON s.document_id = found.id WHERE found.shown = 1 GROUP BY s.sector"
    )
    return sql, list(params)
