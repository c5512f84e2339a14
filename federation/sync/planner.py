"""Deciding what one feed page does to the mirrors (pure: no ORM, no HTTP).

``sync_plan`` takes a parsed page and what this cluster already holds of the
page's objects, and returns the operations to run. Rules:
- an older or equal revision never overwrites what we hold (applying a page
  twice changes nothing); the one exception is an upsert of the revision we hold
  whose content hash differs: a reader that learned new fields re-applies it
  (docs/federation-protocol.md, "Content hash");
- within a page the latest change of an id wins; should a misbehaving peer list
  an id out of order, the highest revision wins, so an older upsert placed after
  a tombstone cannot bring the object back;
- only explicit tombstones delete; absence from a page means nothing;
- a peer only touches its own objects (the protocol already rejected others).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..protocol import UPSERT, Change, FeedPage, RejectedChange


@dataclass(frozen=True)
class Held:
    """What the mirror holds of one object."""

    revision: int
    deleted: bool
    content_hash: str = ""


@dataclass
class SyncPlan:
    origin: str
    cursor: str
    upserts: list[Change] = field(default_factory=list)
    tombstones: list[Change] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    rejected: list[RejectedChange] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return bool(self.upserts or self.tombstones)


def sync_plan(*, page: FeedPage, held: dict[str, Held]) -> SyncPlan:
    plan = SyncPlan(origin=page.origin, cursor=page.cursor, rejected=list(page.rejected))
    for change in _latest_per_id(page.changes):
        current = held.get(change.id)
        if current is not None and not _overwrites(change, current):
            plan.unchanged += 1
        elif change.action == UPSERT:
            plan.upserts.append(change)
            if current is None or current.deleted:
                plan.created += 1
            else:
                plan.updated += 1
        else:
            # Tombstones are stored even for objects we never held, so that an
            # older upsert replayed later cannot resurrect them.
            plan.tombstones.append(change)
            if current is not None and not current.deleted:
                plan.deleted += 1
    return plan


def _overwrites(change: Change, current: Held) -> bool:
    if change.revision != current.revision:
        return change.revision > current.revision
    return (
        change.action == UPSERT
        and not current.deleted
        and change.content_hash != current.content_hash
    )


def _latest_per_id(changes: list[Change]) -> list[Change]:
    """``changes_compact`` (order of last occurrence), keeping each id's highest revision."""
    latest: dict[str, Change] = {}
    for change in changes:
        kept = latest.pop(change.id, None)
        latest[change.id] = kept if kept and kept.revision > change.revision else change
    return list(latest.values())
