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
    return groups_count(rows, filters=filters)


def groups_count(rows, *, filters: dict[str, str]) -> tuple[int, dict]:
    """``matches_count`` of the grouped rows: each shown group goes to the bucket of the
    one filter it fails (None: it fails none); a group failing two counts nowhere."""
    checks = [
        (name, POSITIONS[name], filters[name]) for name in FILTERED_COLUMNS if filters.get(name)
    ]
    sector = filters.get("sector") or ""
    buckets: dict[str | None, dict[tuple, int]] = {}
    languages: dict[str, int] = {}
    for *key, sector_key, shown, n in rows:
        failed = [name for name, position, value in checks if key[position] != value]
        if sector and sector not in sector_key.split(SECTOR_SEPARATOR):
            failed.append("sector")
        if not failed:
            languages[key[4]] = languages.get(key[4], 0) + n
        if shown and len(failed) <= 1:
            bucket = buckets.setdefault(failed[0] if failed else None, {})
            group = (*key[:4], sector_key)
            bucket[group] = bucket.get(group, 0) + n
    passed = buckets.get(None, {})
    facets = {
        name: _column_counts((passed, buckets.get(name, {})), position)
        for name, position in POSITIONS.items()
    }
    facets["sector"] = _sector_counts((passed, buckets.get("sector", {})))
    facets["language"] = languages
    return sum(passed.values()), facets


def _column_counts(buckets, position: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for bucket in buckets:
        for group, n in bucket.items():
            if value := group[position]:
                counts[value] = counts.get(value, 0) + n
    return counts


def _sector_counts(buckets) -> dict[str, int]:
    counts: dict[str, int] = {}
    for bucket in buckets:
        for group, n in bucket.items():
            if group[-1]:
                for sector in group[-1].split(SECTOR_SEPARATOR):
                    counts[sector] = counts.get(sector, 0) + n
    return counts


def matches_grouped(found: QuerySet) -> QuerySet:
    """(cluster, type, kind, country, language, sector_key, shown, documents) rows."""
    return found.values_list(*COLUMNS, "sector_key", "shown").annotate(n=Count("pk")).order_by()


def matches_statement(found: QuerySet) -> tuple[str, list]:
    """The SQL of ``matches_grouped`` (for EXPLAIN)."""
    sql, params = matches_grouped(found).query.sql_with_params()
    return sql, list(params)
