"""Recording publish, update, unpublish and delete of shared objects in the change log.

The log holds one entry per object, its latest state: recording a change deletes
the object's older entries (compaction at write time), so serving a page of the
feed is one indexed range query. An object whose last shareable translation
goes away gets a delete tombstone, kept for good.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F

from .models import ChangeEntry, MirrorSequence
from .protocol import DELETE, UPSERT, content_hash
from .types import SharedType

logger = logging.getLogger(__name__)


CHANGELOG_LOCK_PK = 2  # a MirrorSequence row used only as a lock (pk 1 counts mirrors)


def _changelog_lock() -> None:
    """Serialise change recording until commit, so that ``seq`` values become visible
    in order: a database sequence alone hands them out in start order, and a reader
    could pass a lower number that commits later (PostgreSQL)."""
    if not MirrorSequence.objects.filter(pk=CHANGELOG_LOCK_PK).update(last=F("last") + 1):
        MirrorSequence.objects.get_or_create(pk=CHANGELOG_LOCK_PK)
        MirrorSequence.objects.filter(pk=CHANGELOG_LOCK_PK).update(last=F("last") + 1)


@transaction.atomic
def change_record(*, shared_type: SharedType, translation_key, reason: str = "deleted"):
    """Record the current state of one object; return the new entry or None if unchanged.

    ``reason`` ("unpublished" or "deleted") is used when nothing is left to share.
    """
    _changelog_lock()
    translations = shared_type.translation_set(translation_key=translation_key)
    last = ChangeEntry.objects.filter(object_id=translation_key).order_by("-seq").first()
    if translations:
        digest = content_hash(translations)
        if last is not None and last.action == UPSERT and last.content_hash == digest:
            return None
        entry = ChangeEntry.objects.create(
            object_id=translation_key,
            type=shared_type.wire_type,
            action=UPSERT,
            translations=translations,
            content_hash=digest,
        )
    else:
        if last is None or last.action == DELETE:
            return None  # never shared, or already tombstoned
        entry = ChangeEntry.objects.create(
            object_id=translation_key, type=shared_type.wire_type, action=DELETE, reason=reason
        )
    ChangeEntry.objects.filter(object_id=translation_key, seq__lt=entry.seq).delete()
    transaction.on_commit(_peers_notify_enqueue)
    return entry


@transaction.atomic
def change_record_bulk(*, shared_type: SharedType, translation_keys) -> int:
    """Record the current state of many objects written in bulk (bulk writes send no
    signals); return how many entries were written.

    Same rules as ``change_record`` (unchanged objects record nothing, a vanished
    object gets a tombstone, older entries are compacted away, recording is
    serialised until commit) and the same serializer, one object at a time; the reads
    (``SharedType.translation_sets`` and the previous entries), the inserts and the
    compaction are batched. Peers are notified once.
    """
    _changelog_lock()
    keys = list(dict.fromkeys(str(key) for key in translation_keys))
    last = {}
    for entry in ChangeEntry.objects.filter(object_id__in=keys).order_by("seq"):
        last[str(entry.object_id)] = entry
    entries = []
    sets = shared_type.translation_sets(translation_keys=keys)
    for key in keys:
        translations = sets.get(key, {})
        previous = last.get(key)
        if translations:
            digest = content_hash(translations)
            if previous and previous.action == UPSERT and previous.content_hash == digest:
                continue
            entries.append(
                ChangeEntry(
                    object_id=key,
                    type=shared_type.wire_type,
                    action=UPSERT,
                    translations=translations,
                    content_hash=digest,
                )
            )
        elif previous is not None and previous.action != DELETE:
            entries.append(
                ChangeEntry(
                    object_id=key, type=shared_type.wire_type, action=DELETE, reason="deleted"
                )
            )
    if not entries:
        return 0
    # The newest seq before our inserts: every older entry of these objects goes.
    before = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    ChangeEntry.objects.bulk_create(entries, batch_size=500)
    ChangeEntry.objects.filter(
        object_id__in=[entry.object_id for entry in entries], seq__lte=before
    ).delete()
    transaction.on_commit(_peers_notify_enqueue)
    return len(entries)


def _peers_notify_enqueue():
    from .tasks import peers_notify_task

    try:
        peers_notify_task.enqueue()
    except Exception:
        # The periodic pull is the safety net: a lost notice only delays a peer.
        logger.exception("could not enqueue the federation notice")
