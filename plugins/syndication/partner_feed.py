"""What the partner API serves: this cluster's change log and its mirrors of the network.

Two sources, one walk. This cluster's own news and members come from the
federation's change log (``ChangeEntry``, one compacted entry per object,
``seq`` increasing); the other clusters' items from the mirrors the sync keeps
(``MirrorItem``, one row per object, ``seq`` from the mirror write sequence,
moved to the end by every upsert or tombstone written). Both are "latest state
per object, in write order", so each can be walked with a position.

The cursor holds both positions: ``p1.<local seq>.<mirror seq>`` (hex; ``p1``
is the version, so the format can change without partners noticing: they
only store and echo it). A page reads up to ``limit + 1`` rows after each
position, merges the two runs by time (``created_at`` / ``synced_at``; a
merge keeps each run's own order) and takes the first ``limit``. The next
cursor is, per source, the seq of the last row taken from it (or its old
position), so nothing is skipped or served twice; ``has_more`` is true when
either source had rows left. An object changed again after a partner read it
comes back later with its new state (the log is compacted: a partner always
converges on the latest state, it does not replay history).

Scope and filters apply inside the queries: the key's (and the request's)
content type, clusters (the local source counts as this cluster's slug) and
``updated_since`` (``created_at`` / ``synced_at`` at or after it: the time this
site recorded the change, which is also the ``updated_at`` served). Languages
filter the translations; an item left with none in scope is served as a
tombstone (reason ``no_translation``), since a partner may hold an earlier
version that did have one. The change log holds what peers may see; members'
``network_only`` fields (and that list) are removed here: the partner API is
public.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from federation.models import ChangeEntry, MirrorItem
from federation.protocol import DELETE, timestamp_dump
from federation.registry import shared_types

CURSOR_PATTERN = re.compile(r"p1\.(0|[1-9a-f][0-9a-f]{0,15})\.(0|[1-9a-f][0-9a-f]{0,15})")
SEQ_MAX = 2**63 - 1
REASON_NO_TRANSLATION = "no_translation"
REASONS = ("deleted", "unpublished", REASON_NO_TRANSLATION)


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    local: int = 0
    mirror: int = 0

    def encode(self) -> str:
        return f"p1.{self.local:x}.{self.mirror:x}"


def cursor_parse(raw: str | None) -> Cursor:
    """The cursor a partner echoes back; CursorError if it is not one we made."""
    if raw is None or raw == "":
        return Cursor()
    match = CURSOR_PATTERN.fullmatch(raw)
    if match is None:
        raise CursorError("malformed cursor")
    local, mirror = (int(group, 16) for group in match.groups())
    if local > SEQ_MAX or mirror > SEQ_MAX:
        raise CursorError("cursor out of range")
    return Cursor(local, mirror)


@dataclass(frozen=True)
class Scope:
    """What one request may read: wire types, clusters and languages (None = all)."""

    wire_types: tuple[str, ...]
    clusters: frozenset[str] | None
    languages: frozenset[str] | None

    def allows_cluster(self, slug: str) -> bool:
        return self.clusters is None or slug in self.clusters

    def allows_language(self, code: str) -> bool:
        return self.languages is None or code in self.languages


@dataclass(frozen=True)
class PartnerPage:
    items: list[dict]
    next_cursor: str
    has_more: bool


def partner_page(*, scope: Scope, cursor: Cursor, limit: int, since=None) -> PartnerPage:
    """One page of items in ``scope`` after ``cursor``, oldest change first."""
    local_rows = _local_rows(scope=scope, after=cursor.local, limit=limit, since=since)
    mirror_rows = _mirror_rows(scope=scope, after=cursor.mirror, limit=limit, since=since)
    merged = heapq.merge(
        ((entry.created_at, 0, entry.seq, entry) for entry in local_rows),
        ((item.synced_at, 1, item.seq, item) for item in mirror_rows),
    )
    taken = [merged_row[-1] for merged_row in itertools.islice(merged, limit)]
    local_taken = [row for row in taken if isinstance(row, ChangeEntry)]
    mirror_taken = [row for row in taken if isinstance(row, MirrorItem)]
    next_cursor = Cursor(
        local=local_taken[-1].seq if local_taken else cursor.local,
        mirror=mirror_taken[-1].seq if mirror_taken else cursor.mirror,
    )
    has_more = len(local_taken) < len(local_rows) or len(mirror_taken) < len(mirror_rows)
    local_origin = settings.CLUSTER_SLUG
    items = [
        _local_item(row, origin=local_origin, scope=scope)
        if isinstance(row, ChangeEntry)
        else _mirror_item(row, scope=scope)
        for row in taken
    ]
    return PartnerPage(items=items, next_cursor=next_cursor.encode(), has_more=has_more)


def _local_rows(*, scope: Scope, after: int, limit: int, since) -> list[ChangeEntry]:
    if not scope.allows_cluster(settings.CLUSTER_SLUG):
        return []
    entries = ChangeEntry.objects.filter(type__in=scope.wire_types, seq__gt=after)
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    return list(entries.order_by("seq")[: limit + 1])


def _mirror_rows(*, scope: Scope, after: int, limit: int, since) -> list[MirrorItem]:
    items = MirrorItem.objects.filter(type__in=scope.wire_types, seq__gt=after)
    # Our own slug never names a mirror: a peer cannot publish this cluster's items.
    items = items.exclude(origin=settings.CLUSTER_SLUG)
    if scope.clusters is not None:
        items = items.filter(origin__in=scope.clusters)
    if since is not None:
        items = items.filter(synced_at__gte=since)
    return list(items.order_by("seq").prefetch_related("translations")[: limit + 1])


def _local_item(entry: ChangeEntry, *, origin: str, scope: Scope) -> dict:
    common = _common(
        id=str(entry.object_id), type=entry.type, origin=origin, updated_at=entry.created_at
    )
    if entry.action == DELETE:
        return _tombstone(common, reason=entry.reason or "deleted")
    translations = _translations_public(
        entry.type, entry.translations.items(), allowed=scope.allows_language
    )
    return _upsert(common, revision=entry.seq, translations=translations)


def _mirror_item(item: MirrorItem, *, scope: Scope) -> dict:
    common = _common(
        id=str(item.object_id), type=item.type, origin=item.origin, updated_at=item.synced_at
    )
    if item.deleted_at is not None:
        # The mirror keeps no reason: the origin withdrew the item.
        return _tombstone(common, reason="deleted")
    rows = ((t.language, t.data) for t in item.translations.all())
    translations = _translations_public(item.type, rows, allowed=scope.allows_language)
    return _upsert(common, revision=item.revision, translations=translations)


def _common(*, id: str, type: str, origin: str, updated_at) -> dict:
    return {"id": id, "type": type, "origin": origin, "updated_at": timestamp_dump(updated_at)}


def _tombstone(common: dict, *, reason: str) -> dict:
    return {**common, "deleted": True, "reason": reason}


def _upsert(common: dict, *, revision: int, translations: dict) -> dict:
    if not translations:
        return _tombstone(common, reason=REASON_NO_TRANSLATION)
    return {**common, "deleted": False, "revision": revision, "translations": translations}


def _translations_public(wire_type: str, rows, *, allowed: Callable[[str], bool]) -> dict:
    """{language: fields} in the allowed languages, with only what the public may see."""
    shared = shared_types().get(wire_type)
    result = {}
    for language, fields in sorted(rows, key=lambda row: row[0]):
        if not allowed(language) or not isinstance(fields, dict):
            continue
        # Whatever the type: fields flagged network-only never reach the public.
        hidden = set(fields.get("network_only") or ()) | {"network_only"}
        public = {name: value for name, value in fields.items() if name not in hidden}
        result[language] = shared.public_fields(public, staff=False) if shared else public
    return result
