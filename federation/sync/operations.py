"""Running a sync plan against the mirror tables: bulk writes in one transaction.

A constant number of queries per page whatever its size: one upsert of the
items, one read of their ids, one delete and one insert of translations (each
write one ``executemany``, see rows.py), and the cursor update, all in the same
transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import MirrorItem, MirrorTranslation, Peer
from ..sanitize import translations_sanitize
from .planner import Held, SyncPlan
from .rows import rows_delete, rows_insert
from .sequence import mirror_seq_reserve

ITEM_UPDATE_FIELDS = [
    "type", "revision", "content_hash", "updated_at", "synced_at", "deleted_at", "seq",
]  # fmt: skip
ITEM_FIELDS = ["origin", "object_id", *ITEM_UPDATE_FIELDS]
TRANSLATION_FIELDS = ["item", "language", "title", "summary", "date", "url", "data"]


def mirror_held(*, origin: str, object_ids: list[str]) -> dict[str, Held]:
    rows = MirrorItem.objects.filter(origin=origin, object_id__in=object_ids).values_list(
        "object_id", "revision", "deleted_at", "content_hash"
    )
    return {
        str(oid): Held(revision=rev, deleted=deleted is not None, content_hash=digest)
        for oid, rev, deleted, digest in rows
    }


@transaction.atomic
def plan_apply(*, plan: SyncPlan, peer: Peer) -> None:
    """Write the plan's items and advance the peer's cursor, all or nothing."""
    now = timezone.now()
    changes = plan.upserts + plan.tombstones
    if changes:
        first_seq = mirror_seq_reserve(count=len(changes))
        rows_insert(
            model=MirrorItem,
            fields=ITEM_FIELDS,
            rows=[
                _item_row(change, plan.origin, now, seq=first_seq + n)
                for n, change in enumerate(changes)
            ],
            unique=["origin", "object_id"],
            update=ITEM_UPDATE_FIELDS,
        )
        # The page's rows are exactly those holding its sequence numbers (reserved
        # under the counter's lock): a range read, not a list of 500 ids to look up.
        rows = MirrorItem.objects.filter(seq__gte=first_seq, seq__lt=first_seq + len(changes))
        ids = {str(key): pk for key, pk in rows.values_list("object_id", "id")}
        rows_delete(queryset=MirrorTranslation.objects.filter(item__in=rows))
        rows_insert(
            model=MirrorTranslation,
            fields=TRANSLATION_FIELDS,
            rows=[row for c in plan.upserts for row in _translation_rows(c, ids[c.id])],
        )
    peer.cursor = plan.cursor
    peer.save(update_fields=["cursor"])


def _item_row(change, origin: str, now, *, seq: int) -> tuple:
    """The values of ``ITEM_FIELDS``."""
    deleted_at = None if change.action == "upsert" else now
    return (
        origin, change.id, change.type, change.revision, change.content_hash or "",
        change.updated_at, now, deleted_at, seq,
    )  # fmt: skip


def _translation_rows(change, item_id: int) -> list[tuple]:
    """The values of ``TRANSLATION_FIELDS``, one row per language."""
    translations = translations_sanitize(wire_type=change.type, translations=change.translations)
    return [
        (
            item_id,
            language,
            (fields.get("title") or fields.get("name") or "")[:500],
            fields.get("summary") or fields.get("description") or "",
            fields.get("date") or fields.get("start_date") or fields.get("member_since"),
            fields.get("url") or "",
            fields,
        )
        for language, fields in translations.items()
    ]
