"""Running a sync plan against the mirror tables: bulk writes in one transaction.

A constant number of queries per page whatever its size: one upsert of the
items, one read of their ids, one delete and one insert of translations, and
the cursor update, all in the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import MirrorItem, MirrorTranslation, Peer
from ..sanitize import translations_sanitize
from .planner import Held, SyncPlan
from .sequence import mirror_seq_reserve

ITEM_UPDATE_FIELDS = [
    "type", "revision", "content_hash", "updated_at", "synced_at", "deleted_at", "seq",
]  # fmt: skip


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
        MirrorItem.objects.bulk_create(
            [
                _item_row(change, plan.origin, now, seq=first_seq + n)
                for n, change in enumerate(changes)
            ],
            update_conflicts=True,
            unique_fields=["origin", "object_id"],
            update_fields=ITEM_UPDATE_FIELDS,
            batch_size=500,
        )
        ids = dict(
            MirrorItem.objects.filter(
                origin=plan.origin, object_id__in=[c.id for c in changes]
            ).values_list("object_id", "id")
        )
        ids = {str(k): v for k, v in ids.items()}
        MirrorTranslation.objects.filter(item_id__in=ids.values()).delete()
        MirrorTranslation.objects.bulk_create(
            [row for change in plan.upserts for row in _translation_rows(change, ids[change.id])],
            batch_size=500,
        )
    peer.cursor = plan.cursor
    peer.save(update_fields=["cursor"])


def _item_row(change, origin: str, now, *, seq: int) -> MirrorItem:
    return MirrorItem(
        origin=origin,
        object_id=change.id,
        type=change.type,
        revision=change.revision,
        content_hash=change.content_hash or "",
        updated_at=change.updated_at,
        synced_at=now,
        deleted_at=None if change.action == "upsert" else now,
        seq=seq,
    )


def _translation_rows(change, item_id: int) -> list[MirrorTranslation]:
    translations = translations_sanitize(wire_type=change.type, translations=change.translations)
    return [
        MirrorTranslation(
            item_id=item_id,
            language=language,
            title=(fields.get("title") or fields.get("name") or "")[:500],
            summary=fields.get("summary") or fields.get("description") or "",
            date=fields.get("date") or fields.get("start_date") or fields.get("member_since"),
            url=fields.get("url") or "",
            data=fields,
        )
        for language, fields in translations.items()
    ]
