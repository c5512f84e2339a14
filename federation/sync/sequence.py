"""Sequence numbers for mirror writes (``MirrorItem.seq``).

A database sequence would hand out numbers in the order transactions start, not
the order they commit, so a reader could pass a number whose row commits later
and never see it. A counter row updated in the writing transaction is locked
until that transaction commits: the next writer waits, and numbers become
visible in order on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Max

from ..models import MirrorItem, MirrorSequence

COUNTER_PK = 1


def mirror_seq_reserve(*, count: int) -> int:
    """The first of ``count`` consecutive new sequence numbers; call inside the transaction
    that writes them (the counter stays locked until it commits)."""
    if not MirrorSequence.objects.filter(pk=COUNTER_PK).update(last=F("last") + count):
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
