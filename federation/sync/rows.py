"""Writing many rows of one model with one ``executemany``, for the sync's page writes.

``bulk_create`` compiles every value of every row through the ORM's SQL compiler:
for a page of 500 items and their translations that was most of the time spent
applying it. Here the statement is built once and the database driver loops over
the rows. Values go through the same field conversion as the ORM's
(``get_db_prep_save``), except for the columns whose conversion leaves a str or
int as it is (text, integers, foreign keys). No signals, no ``pk`` set on
anything: the caller reads back what it needs. ``rows_delete`` likewise deletes
without loading the rows first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

from django.db import connections, router
from django.db.models.constants import OnConflict

# Fields whose conversion for the database returns a str or int value unchanged.
AS_IS = frozenset(
    {"CharField", "TextField", "IntegerField", "BigIntegerField", "PositiveIntegerField"}
)


def rows_insert(
    *,
    model,
    fields: Sequence[str],
    rows: Iterable[Sequence],
    unique: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """INSERT ``rows`` (tuples in the order of ``fields``) into ``model``'s table; with
    ``unique`` and ``update``, a row that conflicts on ``unique`` updates ``update``."""
    rows = list(rows)
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Names from the model's metadata, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(opts.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    if unique:
        sql += " " + connection.ops.on_conflict_suffix_sql(
            columns,
            OnConflict.UPDATE,
            [opts.get_field(name).column for name in update],
            [opts.get_field(name).column for name in unique],
        )
    converters = [
        (index, _converter(field, connection))
        for index, field in enumerate(columns)
        if _internal_type(field) not in AS_IS
    ]
    params = [_row_prepare(row, converters) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def rows_delete(*, queryset) -> int:
    """DELETE the rows of ``queryset`` in one statement; how many went.

    ``QuerySet.delete()`` first loads every row to send ``post_delete`` (receivers
    connected for all models) and to follow cascades: only for models that nothing
    references and no receiver needs to hear about.
    """
    return queryset._raw_delete(queryset.db)


def _internal_type(field) -> str:
    if field.get_internal_type() == "ForeignKey":
        return _internal_type(field.target_field)
    internal = field.get_internal_type()
    return "IntegerField" if internal.endswith("AutoField") else internal


def _converter(field, connection):
    convert = partial(field.get_db_prep_save, connection=connection)
    if _internal_type(field) == "JSONField":
        return convert  # every document differs; dicts cannot be remembered anyway
    done = {None: None}  # a page repeats its timestamps and dates: convert each once

    def remembered(value):
        try:
            return done[value]
        except KeyError:
            done[value] = converted = convert(value)
            return converted

    return remembered


def _row_prepare(row: Sequence, converters) -> list:
    values = list(row)
    for index, convert in converters:
        values[index] = convert(values[index])
    return values
