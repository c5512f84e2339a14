"""Writing many rows of one model with one ``executemany``, for the sync's page writes.

``bulk_create`` compiles every value of every row through the ORM's SQL compiler:
for a page of 500 items and their translations that was most of the time spent
applying it. Here the statement is built once and the database driver loops over
the rows. No signals, no ``pk`` set on anything: the caller reads back what it
needs. ``rows_delete`` likewise deletes without loading the rows first.

Values go through the same field conversion as the ORM's (``get_db_prep_save``),
done by ``values_converter``: parsing UUIDs and dates, encoding JSON documents,
then adapting them to the connection's vendor (a UUID's hex on SQLite, the encoded
document wrapped for jsonb on PostgreSQL). The converter is built with a
connection, in that connection's thread, but converting only reads the
connection's settings (its vendor, its time zone) and never queries: the sync
converts a page's values in its validation thread, ahead of the page's
transaction, which then only hands the rows to the driver.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial

from django.db import connections, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.constants import OnConflict

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Fields whose conversion for the database returns a str or int value unchanged.
AS_IS = frozenset(
    {"CharField", "TextField", "IntegerField", "BigIntegerField", "PositiveIntegerField"}
)


def model_connection(model):
    """The connection ``model`` is written through (this thread's)."""
    return connections[router.db_for_write(model)]


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
    Every value is ready for the connection: converted by ``values_converter`` (or a
    value that converting leaves as it is, such as a str or an int)."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return
    connection = model_connection(model)
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
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def values_converter(
    *, model, fields: Sequence[str], connection=None
) -> Callable[[Sequence], tuple]:
    """Converts one row (values in the order of ``fields``) for ``connection`` (by
    default the model's, looked up in this thread); the conversions are looked up once
    (and the dates converted remembered) for all the rows it is given. Converting
    queries nothing: the converter may run in another thread."""
    connection = connection or model_connection(model)
    connection.timezone  # noqa: B018  (a cached property: read here, not in another thread)
    opts = model._meta
    converters = [
        (index, _converter(field, connection))
        for index, field in enumerate(opts.get_field(name) for name in fields)
        if _internal_type(field) not in AS_IS
    ]
    return partial(_row_convert, converters=converters)


class JsonText(str):
    """A JSON document already encoded by ``values_converter``."""

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


def _converter(field, connection):
    internal = _internal_type(field)
    if internal == "JSONField":
        # Encoded here, so that the driver (psycopg's Jsonb) has nothing left to encode.
        dumps = partial(json.dumps, cls=field.encoder)
        if type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value:
            return lambda value: None if value is None else dumps(value)  # stored as text
        adapt = connection.ops.adapt_json_value
        return lambda value: None if value is None else adapt(JsonText(dumps(value)), _Encoded)
    convert = partial(field.get_db_prep_save, connection=connection)
    if internal == "UUIDField":
        if connection.features.has_native_uuid_field:
            return convert
        # Stored as 32 hex digits: a canonical UUID needs its dashes removed, not a
        # parse (every id differs: remembering them only costs).
        return lambda value: (
            value.replace("-", "")
            if type(value) is str and _CANONICAL_UUID.fullmatch(value)
            else convert(value)
        )
    if internal == "DateTimeField":
        # An aware datetime is what the field's own checks would leave as it is.
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: (
            adapt(value) if isinstance(value, datetime) and value.utcoffset() is not None
            else convert(value)
        )  # fmt: skip
    return _remembered(convert)


def _remembered(convert, *, size: int = 4096):
    done = {None: None}  # a page repeats its timestamps and dates: convert each once

    def remembered(value):
        try:
            return done[value]
        except KeyError:
            if len(done) > size:  # a converter lasts a whole sync: keep its memory bounded
                done.clear()
                done[None] = None
            done[value] = converted = convert(value)
            return converted

    return remembered


def _row_convert(row: Sequence, converters) -> tuple:
    values = list(row)
    for index, convert in converters:
        values[index] = convert(values[index])
    return tuple(values)
