"""Running a sync plan against the mirror tables: bulk writes in one transaction.

What an upsert writes that does not depend on the database (the sanitised
translations, their values converted for the database, the parsed object id) is
worked out by ``page_prepare``, pure, in the sync's validation thread; the
transaction then only reads what is held, plans, and inserts.

A constant number of queries per page whatever its size: one upsert of the
items, one read of their ids, one delete and one insert of translations (each
write one ``executemany``, see rows.py), and the cursor update, all in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import MirrorItem, MirrorTranslation, Peer
from ..protocol import UPSERT, Change, FeedPage
from ..sanitize import translations_sanitize
from .planner import Held, SyncPlan
from .rows import rows_delete, rows_insert, values_preparer
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


@dataclass(frozen=True)
class PreparedChange:
    """A change's values for the database, ready for ``rows_insert``."""

    object_id: object  # as ``values_prepare`` leaves a UUIDField's value
    updated_at: object
    translations: list[list] = field(default_factory=list)  # TRANSLATION_FIELDS, no item


@dataclass
class PreparedPage:
    """A validated page and its changes' prepared values (``page_prepare``)."""

    page: FeedPage
    prepared: dict[int, PreparedChange]  # by id() of the page's Change objects

    def of(self, change) -> PreparedChange:
        return self.prepared[id(change)]


def page_prepare(page: FeedPage) -> PreparedPage:
    """Pure (no query, no connection): safe in the prefetch thread."""
    prepare = changes_preparer()
    return PreparedPage(page=page, prepared={id(c): prepare(c) for c in page.changes})


def changes_preparer() -> Callable[[Change], PreparedChange]:
    """Prepares one change at a time; the conversions are looked up once for all."""
    item = values_preparer(model=MirrorItem, fields=["object_id", "updated_at"])
    translation = values_preparer(model=MirrorTranslation, fields=TRANSLATION_FIELDS)

    def prepare(change: Change) -> PreparedChange:
        object_id, updated_at = item((change.id, change.updated_at))
        rows = _translation_rows(change, None) if change.action == UPSERT else []
        return PreparedChange(object_id, updated_at, [translation(row) for row in rows])

    return prepare


@transaction.atomic
def plan_apply(*, plan: SyncPlan, peer: Peer, prepared: PreparedPage | None = None) -> None:
    """Write the plan's items and advance the peer's cursor, all or nothing.
    ``prepared``: the page's ``page_prepare``; without it, the changes are prepared here."""
    now = timezone.now()
    changes = plan.upserts + plan.tombstones
    if changes:
        of = prepared.of if prepared is not None else changes_preparer()
        ready = {id(change): of(change) for change in changes}
        first_seq = mirror_seq_reserve(count=len(changes))
        rows_insert(
            model=MirrorItem,
            fields=ITEM_FIELDS,
            rows=[
                _item_row(change, ready[id(change)], plan.origin, now, seq=first_seq + n)
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
            rows=[[ids[c.id], *row[1:]] for c in plan.upserts for row in ready[id(c)].translations],
        )
    peer.cursor = plan.cursor
    peer.save(update_fields=["cursor"])


def _item_row(change, ready: PreparedChange, origin: str, now, *, seq: int) -> tuple:
    """The values of ``ITEM_FIELDS``, prepared (``now`` is an aware datetime)."""
    deleted_at = None if change.action == UPSERT else now
    return (
        origin, ready.object_id, change.type, change.revision, change.content_hash or "",
        ready.updated_at, now, deleted_at, seq,
    )  # fmt: skip


def _translation_rows(change, item_id: int | None) -> list[tuple]:
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
