"""Counting the database backend's matches: found once, counted every way in one statement.

Each document belongs to a facet group (``FacetGroup``: one combination of cluster,
type, kind, country, language and sectors). The engine's statement (``grouped`` in
``fulltext.py``) counts the matching documents of the searched languages per group
and ``shown`` (1 when the visitor gets that document: in their language, or in
English for an object without one), *without* the facet filters: grouping by one
integer costs a fraction of grouping by the text columns. The groups' values are
joined to those few rows, and the filters are applied here, to the groups: a group
that passes every filter counts in the total and every facet, one that fails a
single filter counts in that filter's facet only (a facet counts the matches under
every *other* filter), so a filtered search takes no extra statement.
"""

from __future__ import annotations

from django.db import connection

COLUMNS = ("cluster", "type", "kind", "country", "language")
GROUP_COLUMNS = ("language", "cluster", "type", "kind", "country", "sector_key")
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


def facet_groups_assign(rows, known: dict[tuple, int]) -> None:
    """Set the ``facet_group_id`` of each unsaved ``IndexedDocument``, creating the groups
    no document had before; ``known`` maps group keys to ids and learns the new ones
    (one dict for a whole write, so a rebuild looks each group up once)."""
    from ..models import FacetGroup

    keys = {_group_key(row) for row in rows} - known.keys()
    if keys:
        known |= _groups_read(keys)
    if missing := keys - known.keys():
        fresh = [FacetGroup(**dict(zip(GROUP_COLUMNS, key, strict=True))) for key in missing]
        FacetGroup.objects.bulk_create(fresh, ignore_conflicts=True)  # a concurrent writer
        known |= _groups_read(missing)
    for row in rows:
        row.facet_group_id = known[_group_key(row)]


def _group_key(row) -> tuple:
    return tuple(getattr(row, name) for name in GROUP_COLUMNS)


def _groups_read(keys: set[tuple]) -> dict[tuple, int]:
    from ..models import FacetGroup

    clusters = {key[1] for key in keys}
    sector_keys = {key[-1] for key in keys}
    rows = FacetGroup.objects.filter(cluster__in=clusters, sector_key__in=sector_keys)
    found = {tuple(key): pk for pk, *key in rows.values_list("pk", *GROUP_COLUMNS)}
    return {key: pk for key, pk in found.items() if key in keys}


def matches_count(grouped: tuple[str, list], *, filters: dict[str, str]) -> tuple[int, dict]:
    """(shown documents under ``filters``, {facet: {value: documents}}) of ``grouped``,
    a statement of (facet_group_id, shown, n) rows over the matches not filtered by
    facet. The language facet counts the documents under every filter, shown or not."""
    with connection.cursor() as cursor:  # plain rows: no converters on thousands of groups
        cursor.execute(*matches_statement(grouped))
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


def matches_statement(grouped: tuple[str, list]) -> tuple[str, list]:
    """(cluster, type, kind, country, language, sector_key, shown, documents) rows of
    the grouped matches: the groups' values joined to the counted rows."""
    from ..models import FacetGroup

    inner, params = grouped
    table = connection.ops.quote_name(FacetGroup._meta.db_table)
    columns = ", ".join(f"g.{name}" for name in COLUMNS)
    sql = (
        f"SELECT {columns}, g.sector_key, m.shown, m.n FROM ({inner}) m "  # noqa: S608 (names)
        f"JOIN {table} g ON g.id = m.facet_group_id"
    )
    return sql, list(params)
