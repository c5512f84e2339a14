"""Counting the database backend's matches: found once, counted every way in one statement.

Each document belongs to a facet group (``database_groups.py``). The engine's
statement (``grouped`` in ``fulltext.py``) counts the matching documents of the
searched languages per group, *without* the facet filters: grouping by one integer
costs a fraction of grouping by the text columns. The groups' values are joined to
those few rows; whether the visitor gets a group's documents (``shown``: in their
language, or in English for an object without one) follows from the group. The
filters are applied here, to the groups: a group
that passes every filter counts in the total and every facet, one that fails a
single filter counts in that filter's facet only (a facet counts the matches under
every *other* filter), so a filtered search takes no extra statement.
"""

from __future__ import annotations

from django.db import connection

from .database_groups import group_shown

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


def matches_count(
    grouped: tuple[str, list], *, filters: dict[str, str], visitor_language: str | None
) -> tuple[int, dict]:
    """(shown documents under ``filters``, {facet: {value: documents}}) of ``grouped``,
    a statement of (facet_group_id, n) rows over the matches not filtered by facet;
    ``visitor_language`` None: every match is shown (one language searched). The
    language facet counts the documents under every filter, shown or not."""
    with connection.cursor() as cursor:  # plain rows: no converters on thousands of groups
        cursor.execute(*matches_statement(grouped))
        rows = [
            (*values, sector_key, _shown(values[4], object_languages, visitor_language), n)
            for *values, sector_key, object_languages, n in cursor.fetchall()
        ]
    return groups_count(rows, filters=filters)


def _shown(language: str, object_languages: str, visitor_language: str | None) -> int:
    if visitor_language is None:
        return 1
    return int(group_shown(language, object_languages, visitor_language=visitor_language))


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


def matches_statement(grouped: tuple[str, list]) -> tuple[str, list]:
    """(cluster, type, kind, country, language, sector_key, object_languages, documents)
    rows of the grouped matches: the groups' values joined to the counted rows."""
    from ..models import FacetGroup

    inner, params = grouped
    table = connection.ops.quote_name(FacetGroup._meta.db_table)
    columns = ", ".join(f"g.{name}" for name in COLUMNS)
    sql = (
        f"SELECT {columns}, g.sector_key, g.object_languages, m.n FROM ({inner}) m "  # noqa: S608
        f"JOIN {table} g ON g.id = m.facet_group_id"
    )
    return sql, list(params)
