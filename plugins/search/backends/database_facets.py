"""Counting the database backend's matches: found once, counted every way in one statement.

The total and every facet come from one grouped select over the matching documents of
the searched languages *without* the facet filters, each group with ``shown`` (1 when
the visitor gets that document: in their language, or in English for an object
without one). The filters are applied here, to the groups: a group that passes every
filter counts in the total and every facet, one that fails a single filter counts in
that filter's facet only (a facet counts the matches under every *other* filter), so a
filtered search takes no extra statement. Every grouped column, the sectors included
(``sector_key``), is in the index ``search_doc_facets`` and the only condition on it is
the language, its first column: on SQLite the count reads that index in its order
(no temporary B-tree for the grouping, whatever the filters) and the full-text
matches; a filter in the statement would make SQLite sort the groups instead.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, QuerySet

COLUMNS = ("cluster", "type", "kind", "country", "language")
FILTERED_COLUMNS = COLUMNS[:4]  # the language filter chooses the searched languages
POSITIONS = {name: position for position, name in enumerate(FILTERED_COLUMNS)}
COUNTED = (*FILTERED_COLUMNS, "sector")  # the facets a group that passes every filter adds to
SECTOR_SEPARATOR = "\x1f"  # never part of a stored sector (``sector_key_of`` drops it)


def sectors_clean(sectors) -> list[str]:
    """A document's sectors as the index stores them: each once, sorted, at most 100
    characters, without the separator."""
    return sorted({sector.replace(SECTOR_SEPARATOR, "")[:100] for sector in sectors} - {""})


def sector_key_of(sectors) -> str:
    """The ``sector_key`` of a document's sectors (the same ones as its sector rows)."""
    return SECTOR_SEPARATOR.join(sectors_clean(sectors))


def matches_count(found: QuerySet, *, filters: dict[str, str]) -> tuple[int, dict]:
    """(shown documents under ``filters``, {facet: {value: documents}}) of ``found``, a
    queryset of matching documents annotated with ``shown`` and not filtered by facet.
    The language facet counts the documents under every filter, shown or not."""
    with connection.cursor() as cursor:  # plain rows: no converters on thousands of groups
        cursor.execute(*matches_statement(found))
        rows = cursor.fetchall()
    counter = _Counter(filters)
    for row in rows:
        counter.add(row)
    return counter.total, counter.facets


class _Counter:
    """The total and the facets, summed group by group."""

    def __init__(self, filters: dict[str, str]):
        self.checks = [
            (name, position, filters[name])
            for position, name in enumerate(FILTERED_COLUMNS)
            if filters.get(name)
        ]
        self.sector = filters.get("sector") or ""
        self.total = 0
        self.facets: dict[str, dict[str, int]] = {
            name: {} for name in (*FILTERED_COLUMNS, "sector", "language")
        }
        self.sectors: dict[str, list[str]] = {}  # sector_key: its sectors (keys repeat)

    def add(self, row) -> None:
        *key, sector_key, shown, n = row
        sectors = self._sectors_of(sector_key)
        failed = [name for name, position, value in self.checks if key[position] != value]
        if self.sector and self.sector not in sectors:
            failed.append("sector")
        if not failed:
            _add(self.facets["language"], key[4], n)
            if shown:
                self.total += n
        if shown and len(failed) <= 1:
            for name in failed or COUNTED:
                self._count(name, key, sectors, n)

    def _count(self, name: str, key: list, sectors: list[str], n: int) -> None:
        if name == "sector":
            for sector in sectors:
                _add(self.facets["sector"], sector, n)
        elif value := key[POSITIONS[name]]:
            _add(self.facets[name], value, n)

    def _sectors_of(self, sector_key: str) -> list[str]:
        sectors = self.sectors.get(sector_key)
        if sectors is None:
            sectors = sector_key.split(SECTOR_SEPARATOR) if sector_key else []
            self.sectors[sector_key] = sectors
        return sectors


def _add(counts: dict[str, int], value: str, n: int) -> None:
    counts[value] = counts.get(value, 0) + n


def matches_grouped(found: QuerySet) -> QuerySet:
    """(cluster, type, kind, country, language, sector_key, shown, documents) rows."""
    return found.values_list(*COLUMNS, "sector_key", "shown").annotate(n=Count("pk")).order_by()


def matches_statement(found: QuerySet) -> tuple[str, list]:
    """The SQL of ``matches_grouped`` (for EXPLAIN)."""
    sql, params = matches_grouped(found).query.sql_with_params()
    return sql, list(params)
