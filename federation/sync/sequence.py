"""Sequence numbers for mirror writes (``MirrorItem.seq``).

A database sequence would hand out numbers in the order transactions start, not
the order they commit, so a reader could pass a number whose row commits later
and never see it. A counter row updated in the writing transaction is locked
until that transaction commits: the next writer waits, and numbers become
visible in order on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Max

from ..models import MirrorItem, MirrorSequence

COUNTER_PK = 1


def mirror_seq_reserve(*, count: int) -> int:
    """The first of ``count`` consecutive new sequence numbers; call inside the transaction
    that writes them (the counter stays locked until it commits)."""
    last = _counter_advance(count)
    if last is None:
        # No counter yet (a new database, or a flushed one): start after the highest
        # number in use, so a lost counter never hands a number out twice.
        start = MirrorItem.objects.aggregate(top=Max("seq"))["top"] or 0
        try:
            with transaction.atomic():
                MirrorSequence.objects.create(pk=COUNTER_PK, last=start + count)
        except IntegrityError:  # another writer created it meanwhile
            MirrorSequence.objects.filter(pk=COUNTER_PK).update(last=F("last") + count)
        last = MirrorSequence.objects.values_list("last", flat=True).get(pk=COUNTER_PK)
    return last - count + 1


def _counter_advance(count: int) -> int | None:
    """The counter's new value after adding ``count``, or None without a counter row:
    one ``UPDATE ... RETURNING`` where the database has it (every page pays this)."""
    connection = connections[router.db_for_write(MirrorSequence)]
    rows = MirrorSequence.objects.filter(pk=COUNTER_PK)
    returning = connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and connection.features.can_return_columns_from_insert
    )  # SQLite from 3.35
    if not returning:
        if not rows.update(last=F("last") + count):
            return None
        return rows.values_list("last", flat=True).get()
    quote = connection.ops.quote_name
    opts = MirrorSequence._meta
    table, column, pk = quote(opts.db_table), quote("last"), quote(opts.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = {column} + %s WHERE {pk} = %s"  # noqa: S608
            f" RETURNING {column}",
            [count, COUNTER_PK],
        )
        row = cursor.fetchone()
    return row[0] if row else None
