"""sync_plan: what one feed page does to the mirrors (pure, no database)."""

from dataclasses import replace

from federation.protocol import REJECT_FOREIGN_ORIGIN, RejectedChange
from federation.sync.planner import Held, SyncPlan, sync_plan

from ..feeds import article, member, object_id, page_of, tombstone


def held_after(held: dict[str, Held], plan: SyncPlan) -> dict[str, Held]:
    """What the mirror holds once ``plan`` is applied (the planner's model of the tables)."""
    result = dict(held)
    for change in plan.upserts:
        result[change.id] = Held(change.revision, deleted=False, content_hash=change.content_hash)
    for change in plan.tombstones:
        result[change.id] = Held(change.revision, deleted=True)
    return result


def ids(changes) -> list[str]:
    return [c.id for c in changes]


def test_counts_creates_updates_deletes_and_unchanged():
    held = {
        object_id(1): Held(1, deleted=False),
        object_id(2): Held(5, deleted=False, content_hash=article(2, 5).content_hash),
        object_id(4): Held(2, deleted=True),
        object_id(5): Held(3, deleted=False),
    }
    page = page_of(
        article(1, 3),  # newer than held: update
        article(2, 5),  # same revision, same content: unchanged
        member(3, 4),  # unknown: create
        article(4, 6),  # newer than a tombstone: created again (republished)
        tombstone(5, 7),  # held and live: deleted
        seq=7,
    )

    plan = sync_plan(page=page, held=held)

    assert (plan.created, plan.updated, plan.deleted, plan.unchanged) == (2, 1, 1, 1)
    assert ids(plan.upserts) == [object_id(1), object_id(3), object_id(4)]
    assert ids(plan.tombstones) == [object_id(5)]
    assert plan.cursor == "c1.7"
    assert plan.origin == "sofia"


def test_an_older_or_equal_revision_never_overwrites_what_is_held():
    newer = article(1, 5, title="Newer")
    held = {object_id(1): Held(5, deleted=False, content_hash=newer.content_hash)}

    for change in (article(1, 4, title="Older"), tombstone(1, 4), newer, tombstone(1, 5)):
        plan = sync_plan(page=page_of(change, seq=9), held=held)
        assert not plan.writes, change
        assert plan.unchanged == 1


def test_an_equal_revision_never_overwrites_a_tombstone():
    held = {object_id(1): Held(5, deleted=True)}

    plan = sync_plan(page=page_of(article(1, 5), seq=9), held=held)

    assert not plan.writes
    assert plan.unchanged == 1


def test_same_revision_with_other_content_is_reapplied_as_the_protocol_says():
    # docs/federation-protocol.md: a reader that learns new fields recomputes the hash
    # over what it keeps, "sees a different hash for the same revision and re-applies it".
    held = {object_id(1): Held(5, deleted=False, content_hash=article(1, 5).content_hash)}
    richer = article(1, 5, image={"url": "https://sofia.example/a.png"})

    plan = sync_plan(page=page_of(richer, seq=9), held=held)

    assert ids(plan.upserts) == [object_id(1)]
    assert plan.updated == 1


def test_applying_the_same_page_twice_writes_nothing_the_second_time():
    page = page_of(article(1, 1), member(2, 2), tombstone(3, 3), article(4, 4), seq=4)

    first = sync_plan(page=page, held={})
    second = sync_plan(page=page, held=held_after({}, first))

    assert first.writes and first.created == 3
    assert not second.writes
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 4)


def test_tombstones_of_unknown_ids_are_kept_so_an_older_upsert_cannot_resurrect():
    plan = sync_plan(page=page_of(tombstone(1, 7), seq=7), held={})

    assert ids(plan.tombstones) == [object_id(1)]
    assert plan.deleted == 0  # nothing we showed went away

    later = sync_plan(page=page_of(article(1, 6), seq=8), held=held_after({}, plan))
    assert not later.writes
    assert later.unchanged == 1


def test_compaction_keeps_only_the_latest_change_of_an_id_in_a_page():
    page = page_of(article(1, 1, title="First"), member(2, 2), article(1, 3, title="Last"), seq=3)

    plan = sync_plan(page=page, held={})

    assert [(c.id, c.revision) for c in plan.upserts] == [(object_id(2), 2), (object_id(1), 3)]
    assert plan.upserts[1].translations["en"]["title"] == "Last (en)"
    assert plan.created == 2


def test_compaction_lets_a_later_tombstone_win_over_an_earlier_upsert():
    plan = sync_plan(page=page_of(article(1, 1), tombstone(1, 2), seq=2), held={})

    assert plan.upserts == []
    assert [(c.id, c.revision) for c in plan.tombstones] == [(object_id(1), 2)]


def test_an_out_of_order_page_cannot_resurrect_with_an_older_upsert():
    # A misbehaving peer lists the tombstone before an older upsert of the same id.
    plan = sync_plan(page=page_of(tombstone(1, 4), article(1, 2), seq=4), held={})

    assert plan.upserts == []
    assert [(c.id, c.revision) for c in plan.tombstones] == [(object_id(1), 4)]


def test_rejected_changes_of_the_page_are_carried_into_the_plan():
    rejected = RejectedChange(index=1, code=REJECT_FOREIGN_ORIGIN, reason="x", raw={})
    page = replace(page_of(article(1, 1), seq=1), rejected=[rejected])

    plan = sync_plan(page=page, held={})

    assert plan.rejected == [rejected]
    assert ids(plan.upserts) == [object_id(1)]


def test_an_empty_page_plans_nothing_but_moves_the_cursor():
    plan = sync_plan(page=page_of(seq=12), held={object_id(1): Held(3, deleted=False)})

    assert not plan.writes
    assert plan.cursor == "c1.c"
    assert (plan.created, plan.updated, plan.deleted, plan.unchanged) == (0, 0, 0, 0)
