"""Writing many rows of one model with one ``executemany``, for the sync's page writes.

``bulk_create`` compiles every value of every row through the ORM's SQL compiler:
for a page of 500 items and their translations that was most of the time spent
applying it. Here the statement is built once and the database driver loops over
the rows. Values go through the same field conversion as the ORM's
(``get_db_prep_save``), except for the columns whose conversion leaves a str or
int as it is (text, integers, foreign keys). No signals, no ``pk`` set on
anything: the caller reads back what it needs. ``rows_delete`` likewise deletes
without loading the rows first.

The conversion has two halves. ``values_prepare`` is the part that does not
depend on the database (parsing UUIDs and dates, encoding JSON documents): pure,
so the sync runs it in its validation thread, ahead of the page's transaction.
``rows_insert`` then only adapts those values to the connection's
vendor (a UUID's hex on SQLite, the encoded document wrapped for jsonb on
PostgreSQL), which is cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from django.db import connections, router
from django.db.backends.base.operations import BaseDatabaseOperations
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
    ``unique`` and ``update``, a row that conflicts on ``unique`` updates ``update``.
    Every value already went through ``values_prepare`` (or is a value that preparing
    leaves as it is, such as an aware datetime or an int)."""
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


def values_prepare(*, model, fields: Sequence[str], rows: Iterable[Sequence]) -> list[list]:
    """The database-independent half of converting ``rows`` (in the order of
    ``fields``) for ``rows_insert``: no connection, no query."""
    prepare = values_preparer(model=model, fields=fields)
    return [prepare(row) for row in rows]


def values_preparer(*, model, fields: Sequence[str]) -> Callable[[Sequence], list]:
    """``values_prepare`` for one row at a time, its conversions looked up once (and
    the dates it converted remembered) for all the rows it is given."""
    opts = model._meta
    converters = [
        (index, _preparer(field))
        for index, field in enumerate(opts.get_field(name) for name in fields)
        if _internal_type(field) not in AS_IS
    ]
    return partial(_row_prepare, converters=converters)


class JsonText(str):
    """A JSON document already encoded by ``values_prepare``."""

    __slots__ = ()


class _Encoded(json.JSONEncoder):
    """Passes a ``JsonText`` through where the connection's ops would encode it."""

    def encode(self, o):
        return o if isinstance(o, JsonText) else super().encode(o)


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


def _preparer(field):
    if _internal_type(field) == "JSONField":
        dumps = partial(json.dumps, cls=field.encoder)
        return lambda value: None if value is None else JsonText(dumps(value))
    if _internal_type(field) == "UUIDField":
        return field.get_prep_value  # every id differs: remembering them only costs
    return _remembered(field.get_prep_value)


def _converter(field, connection):
    """The vendor-dependent half of a prepared value's conversion."""
    if _internal_type(field) == "JSONField":
        if type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value:
            return lambda value: value  # the vendor stores the encoded text (SQLite)
        adapt = connection.ops.adapt_json_value
        return lambda value: None if value is None else adapt(value, _Encoded)
    if _internal_type(field) == "UUIDField" and connection.features.has_native_uuid_field:
        return lambda value: value  # parsed by values_prepare, passed as is
    convert = partial(field.get_db_prep_value, connection=connection, prepared=True)
    if _internal_type(field) == "UUIDField":
        return convert  # every id differs: remembering them only costs
    return _remembered(convert)


def _remembered(convert):
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
