"""Deciding what one feed page does to the mirrors (pure: no ORM, no HTTP).

``sync_plan`` takes a parsed page and what this cluster already holds of the
page's objects, and returns the operations to run. Rules:
- an older or equal revision never overwrites what we hold (applying a page
  twice changes nothing);
- only explicit tombstones delete; absence from a page means nothing;
- a peer only touches its own objects (the protocol already rejected others).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..protocol import UPSERT, Change, FeedPage, RejectedChange, changes_compact


@dataclass(frozen=True)
class Held:
    """What the mirror holds of one object."""

    revision: int
    deleted: bool


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
    for change in changes_compact(page.changes):
        current = held.get(change.id)
        if current is not None and change.revision <= current.revision:
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
