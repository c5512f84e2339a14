"""peer_sync against a real, misbehaving HTTP peer: faults never lose or change mirrored
data, and the cursor never passes the last page actually applied."""

from urllib.parse import parse_qs, urlsplit

import pytest

from federation.models import MirrorItem, Peer, SyncRun
from federation.sync.engine import peer_sync

from ..feeds import SOFIA, article, member, object_id, page_bytes, tombstone
from ..misbehaving_peer import Reply, error, hang, oversized, truncated, valid
from .conftest import mirror_state

# Page 1 creates three objects and says more follows; page 2 would delete one and
# change another, so a partly applied page 2 would show in the mirror.
PAGE_1 = page_bytes(article(1, 1), article(2, 2), member(3, 3), seq=3, has_more=True)
PAGE_2 = page_bytes(tombstone(1, 4), article(2, 5, title="Changed"), seq=5)


def since_of(recorded) -> str | None:
    values = parse_qs(urlsplit(recorded.path).query).get("since")
    return values[0] if values else None


def sync_recording_snapshots(peer):
    """Run a sync; return (run, mirror state after each applied page)."""
    snapshots = []
    run = peer_sync(peer=peer, on_page=lambda run: snapshots.append(mirror_state()))
    return run, snapshots


FAULTS = {
    "500 on every attempt": ([error(500)] * 3, "PeerError: peer answered 500"),
    "429 on every attempt": ([error(429, retry_after="0")] * 3, "PeerError: peer answered 429"),
    "hang longer than the read timeout": ([hang(3)] * 3, "PeerUnreachable"),
    "slow drip past the page deadline": (
        [Reply(body=PAGE_2 * 4, drip_interval=0.02, drip_size=4)],
        "PageDeadlineExceeded",
    ),
    "connection closed mid-body": ([truncated(PAGE_2)] * 3, "PeerUnreachable"),
    "truncated JSON": (
        [valid(PAGE_2[: len(PAGE_2) // 2])],
        "ProtocolError: feed page is not valid",
    ),
    "malformed JSON": ([valid(b'{"format": "clusterweb.federation/1",, }')], "ProtocolError"),
    "JSON that is not a page": ([valid(b'{"changes": "all of them"}')], "ProtocolError"),
    "a page from another origin": (
        [valid(page_bytes(tombstone(1, 4, origin="izmir"), seq=5, origin="izmir"))],
        "ProtocolError: feed page comes from origin 'izmir'",
    ),
    "oversized body (announced)": ([oversized(300_000)], "ResponseTooLarge"),
    "oversized body (chunked)": ([oversized(300_000, chunked=True)], "ResponseTooLarge"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_after_a_valid_page_keeps_the_mirror_and_the_cursor(sofia, server, fault):
    replies, error_text = FAULTS[fault]
    server.script(valid(PAGE_1), *replies)

    run, snapshots = sync_recording_snapshots(sofia)

    assert len(snapshots) == 1  # page 1 was applied, page 2 never
    assert mirror_state() == snapshots[0]
    assert MirrorItem.objects.filter(deleted_at=None).count() == 3
    run = SyncRun.objects.get(pk=run.pk)
    assert not run.ok
    assert error_text in run.error
    assert (run.pages, run.created, run.deleted) == (1, 3, 0)
    assert run.cursor_before == ""
    assert run.cursor_after == "c1.3"
    peer = Peer.objects.get(pk=sofia.pk)
    assert peer.cursor == "c1.3"
    assert peer.last_error == run.error
    assert peer.last_success_at is None
    assert [since_of(r) for r in server.requests[:2]] == [None, "c1.3"]


@pytest.mark.parametrize(
    "fault", ["500 on every attempt", "malformed JSON", "hang longer than the read timeout"]
)
def test_a_fault_on_the_first_page_of_a_later_sync_changes_nothing(sofia, server, fault):
    server.script(valid(page_bytes(article(1, 1), member(3, 3), seq=3)))
    assert peer_sync(peer=sofia).ok
    before = mirror_state()
    server.script(*FAULTS[fault][0])

    run = peer_sync(peer=Peer.objects.get(pk=sofia.pk))

    assert not run.ok
    assert mirror_state() == before
    assert run.pages == 0
    assert run.cursor_before == run.cursor_after == "c1.3"
    assert Peer.objects.get(pk=sofia.pk).cursor == "c1.3"
    assert since_of(server.requests[1]) == "c1.3"


def test_a_resumed_sync_starts_from_the_stored_cursor_and_applies_page_two(sofia, server):
    server.script(valid(PAGE_1), *[error(500)] * 3)
    assert not peer_sync(peer=sofia).ok
    server.requests.clear()
    server.script(valid(PAGE_2))

    run = peer_sync(peer=Peer.objects.get(pk=sofia.pk))

    assert run.ok, run.error
    assert [since_of(r) for r in server.requests] == ["c1.3"]
    assert (run.cursor_before, run.cursor_after) == ("c1.3", "c1.5")
    assert (run.pages, run.created, run.updated, run.deleted) == (1, 0, 1, 1)
    gone = MirrorItem.objects.get(object_id=object_id(1))
    assert gone.deleted_at is not None
    assert not gone.translations.exists()
    changed = MirrorItem.objects.get(object_id=object_id(2))
    assert changed.revision == 5
    assert changed.translations.get(language="en").title == "Changed (en)"
    peer = Peer.objects.get(pk=sofia.pk)
    assert (peer.cursor, peer.last_error) == ("c1.5", "")
    assert peer.last_success_at is not None


def test_503_with_retry_after_is_retried_and_the_sync_completes(sofia, server):
    server.script(valid(PAGE_1), error(503, retry_after="1"), valid(PAGE_2))

    run = peer_sync(peer=sofia)

    assert run.ok, run.error
    assert run.pages == 2
    assert [since_of(r) for r in server.requests] == [None, "c1.3", "c1.3"]
    assert Peer.objects.get(pk=sofia.pk).cursor == "c1.5"
    assert MirrorItem.objects.filter(deleted_at=None).count() == 2


def test_items_claiming_another_origin_are_rejected_and_the_rest_applied(sofia, server):
    server.script(
        valid(page_bytes(article(1, 1), article(2, 2, origin="izmir"), member(3, 3), seq=3))
    )

    run = peer_sync(peer=sofia)

    assert run.ok, run.error
    assert (run.created, run.rejected) == (2, 1)
    assert run.rejections[0]["id"] == object_id(2)
    assert run.rejections[0]["code"] == "foreign_origin"
    assert {(o, str(i)) for o, i in MirrorItem.objects.values_list("origin", "object_id")} == {
        (SOFIA, object_id(1)),
        (SOFIA, object_id(3)),
    }
    assert Peer.objects.get(pk=sofia.pk).cursor == "c1.3"


def test_an_empty_page_deletes_nothing(sofia, server):
    server.script(valid(page_bytes(article(1, 1), member(3, 3), seq=3)))
    peer_sync(peer=sofia)
    before = mirror_state()
    server.script(valid(page_bytes(seq=3)))

    run = peer_sync(peer=Peer.objects.get(pk=sofia.pk))

    assert run.ok, run.error
    assert (run.pages, run.deleted, run.unchanged) == (1, 0, 0)
    assert mirror_state() == before


def test_the_same_page_twice_writes_nothing_the_second_time(sofia, server):
    body = page_bytes(article(1, 1), member(3, 3), tombstone(4, 4), seq=4)
    server.script(valid(body))
    peer_sync(peer=sofia, full=True)
    before = mirror_state()
    server.script(valid(body))

    run = peer_sync(peer=Peer.objects.get(pk=sofia.pk), full=True)

    assert run.ok, run.error
    assert since_of(server.requests[1]) is None  # a full sync starts over
    assert (run.created, run.updated, run.deleted, run.unchanged) == (0, 0, 0, 3)
    assert mirror_state() == before  # not even synced_at moved


def test_a_peer_repeating_its_cursor_with_has_more_is_stopped(sofia, server):
    # has_more with a cursor that does not advance would ask for the same page forever.
    looping = page_bytes(article(1, 1), seq=3, has_more=True)
    server.script(*[valid(looping)] * 20)

    run = peer_sync(peer=sofia)

    assert not run.ok
    assert "did not advance" in run.error
    assert len(server.requests) == 2
    assert Peer.objects.get(pk=sofia.pk).cursor == "c1.3"
    assert MirrorItem.objects.count() == 1


def test_rejections_kept_on_a_run_are_capped_over_all_pages(sofia, server):
    foreign = [article(n, n, origin="izmir") for n in range(10, 40)]
    server.script(
        valid(page_bytes(article(1, 1), *foreign, seq=40, has_more=True)),
        valid(page_bytes(*foreign, member(3, 41), seq=41)),
    )

    run = SyncRun.objects.get(pk=peer_sync(peer=sofia).pk)

    assert run.ok, run.error
    assert run.rejected == 60
    assert len(run.rejections) == 50
