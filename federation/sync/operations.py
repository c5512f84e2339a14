"""Running a sync plan against the mirror tables: bulk writes in one transaction.

What an upsert writes that does not depend on the transaction (the sanitised
translations, every value converted for the database, the images it announces)
is worked out by ``page_prepare``, which queries nothing, in the sync's validation
thread; the transaction then only reads what is held, plans, and inserts.

A constant number of queries per page whatever its size: one read of what is
held, one reservation of sequence numbers, one upsert of the items, one read of
their ids, one delete and one insert of translations (each write one
``executemany``, see rows.py), and the cursor update, all in the same transaction.
The reads and writes are SQL built once per statement from the models' metadata,
with every value a parameter: compiling 500 values through the ORM per query cost
more than running the query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..images import image_refs
from ..models import MirrorItem, MirrorTranslation, Peer
from ..protocol import UPSERT, Change, FeedPage
from ..sanitize import translations_sanitize
from .planner import Held, SyncPlan
from .rows import model_connection, rows_delete, rows_insert, values_converter
from .sequence import mirror_seq_reserve

ITEM_UPDATE_FIELDS = [
    "type", "revision", "content_hash", "updated_at", "synced_at", "deleted_at", "seq",
]  # fmt: skip
ITEM_FIELDS = ["origin", "object_id", *ITEM_UPDATE_FIELDS]
TRANSLATION_FIELDS = ["item", "language", "title", "summary", "date", "url", "data"]


def mirror_held(
    *, origin: str, object_ids: Iterable[str] = (), keys: dict | None = None
) -> dict[str, Held]:
    """What the mirrors hold of ``origin``'s ``object_ids``: one index-backed query.
    ``keys``: the ids as the database stores them, {stored: id} (``PreparedPage.keys``),
    if already converted."""
    if keys is None:
        convert = values_converter(model=MirrorItem, fields=["object_id"])
        keys = {convert((oid,))[0]: oid for oid in object_ids}
    if not keys:
        return {}
    rows = _select(
        MirrorItem,
        "SELECT {object_id}, {revision}, {deleted_at} IS NOT NULL, {content_hash} FROM {table}"
        " WHERE {origin} = %s AND {object_id} IN ({listed})",
        [origin, *keys],
        listed=len(keys),
    )
    return {
        keys[key]: Held(revision=revision, deleted=bool(deleted), content_hash=digest)
        for key, revision, deleted, digest in rows
    }


@dataclass(frozen=True)
class PreparedChange:
    """A change's values converted for the database, ready for ``rows_insert``."""

    object_id: object
    updated_at: object
    translations: list[tuple] = field(default_factory=list)  # TRANSLATION_FIELDS but item


@dataclass
class PreparedPage:
    """A validated page and its changes' prepared values (``page_prepare``)."""

    page: FeedPage
    prepared: dict[int, PreparedChange]  # by id() of the page's Change objects
    image_refs: dict[str, str] = field(default_factory=dict)  # images.image_refs

    def of(self, change) -> PreparedChange:
        return self.prepared[id(change)]

    @property
    def keys(self) -> dict:
        """{object id as the database stores it: object id} of the page's changes."""
        return {
            ready.object_id: change.id
            for change in self.page.changes
            for ready in (self.prepared[id(change)],)
        }


def page_prepare(page: FeedPage, *, prepare=None) -> PreparedPage:
    """Queries nothing: safe in the prefetch thread, given a ``changes_preparer`` made
    in the sync's own thread (without one, it is made here)."""
    prepare = prepare or changes_preparer()
    return PreparedPage(
        page=page,
        prepared={id(c): prepare(c) for c in page.changes},
        image_refs=image_refs(page.changes),
    )


def changes_preparer() -> Callable[[Change], PreparedChange]:
    """Prepares one change at a time for this thread's connection to the mirrors;
    the conversions are looked up once for all."""
    item = values_converter(model=MirrorItem, fields=["object_id", "updated_at"])
    translation = values_converter(model=MirrorTranslation, fields=TRANSLATION_FIELDS[1:])

    def prepare(change: Change) -> PreparedChange:
        object_id, updated_at = item((change.id, change.updated_at))
        rows = _translation_rows(change) if change.action == UPSERT else []
        return PreparedChange(object_id, updated_at, [translation(row) for row in rows])

    return prepare


@transaction.atomic
def plan_apply(*, plan: SyncPlan, peer: Peer, prepared: PreparedPage | None = None) -> None:
    """Write the plan's items and advance the peer's cursor, all or nothing.
    ``prepared``: the page's ``page_prepare``; without it, the changes are prepared here."""
    changes = plan.upserts + plan.tombstones
    if changes:
        of = prepared.of if prepared is not None else changes_preparer()
        ready = {id(change): of(change) for change in changes}
        (now,) = values_converter(model=MirrorItem, fields=["synced_at"])((timezone.now(),))
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
        seqs = [first_seq, first_seq + len(changes)]
        ids = dict(
            _select(
                MirrorItem,
                "SELECT {object_id}, {id} FROM {table} WHERE {seq} >= %s AND {seq} < %s",
                seqs,
            )
        )
        items = MirrorItem.objects.filter(seq__gte=seqs[0], seq__lt=seqs[1])
        rows_delete(queryset=MirrorTranslation.objects.filter(item__in=items))
        rows_insert(
            model=MirrorTranslation,
            fields=TRANSLATION_FIELDS,
            rows=[
                (ids[ready[id(c)].object_id], *row)
                for c in plan.upserts
                for row in ready[id(c)].translations
            ],
        )
    peer.cursor = plan.cursor
    peer.save(update_fields=["cursor"])


def _select(model, sql: str, params: list, *, listed: int = 0) -> list[tuple]:
    """Rows of ``sql`` whose ``{table}`` and ``{field}`` names are ``model``'s, quoted,
    and whose ``{listed}`` is that many parameters."""
    connection = model_connection(model)
    quote = connection.ops.quote_name
    names = {f.name: quote(f.column) for f in model._meta.concrete_fields}
    listed_sql = ", ".join(["%s"] * listed)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(table=quote(model._meta.db_table), listed=listed_sql, **names), params
        )
        return cursor.fetchall()


def _item_row(change, ready: PreparedChange, origin: str, now, *, seq: int) -> tuple:
    """The values of ``ITEM_FIELDS``, converted (``now`` too)."""
    deleted_at = None if change.action == UPSERT else now
    return (
        origin, ready.object_id, change.type, change.revision, change.content_hash or "",
        ready.updated_at, now, deleted_at, seq,
    )  # fmt: skip


def _translation_rows(change) -> list[tuple]:
    """The values of ``TRANSLATION_FIELDS`` but the item, one row per language."""
    translations = translations_sanitize(wire_type=change.type, translations=change.translations)
    return [
        (
            language,
            (fields.get("title") or fields.get("name") or "")[:500],
            fields.get("summary") or fields.get("description") or "",
            fields.get("date") or fields.get("start_date") or fields.get("member_since"),
            fields.get("url") or "",
            fields,
        )
        for language, fields in translations.items()
    ]
