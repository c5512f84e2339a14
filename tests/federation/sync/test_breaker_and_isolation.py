"""The persisted circuit breaker, and one peer being down never stopping the others."""

import socket

from federation.models import MirrorItem, Peer, SyncRun
from federation.services import peers_sync
from federation.sync.engine import peer_sync

from ..feeds import article, page_bytes
from ..misbehaving_peer import error, valid

FAILURES_TO_OPEN = 5  # CircuitBreaker's default failure_threshold


def test_after_consecutive_failed_syncs_the_breaker_opens_and_no_request_is_made(sofia, server):
    server.script(valid(page_bytes(article(1, 1), seq=1)))
    peer_sync(peer=sofia)
    server.script(*[error(500)] * 3 * FAILURES_TO_OPEN)  # 3 attempts per sync

    for n in range(FAILURES_TO_OPEN):
        assert Peer.objects.get(pk=sofia.pk).breaker.get("state") != "open", n
        assert not peer_sync(peer=Peer.objects.get(pk=sofia.pk)).ok

    peer = Peer.objects.get(pk=sofia.pk)
    assert peer.breaker["state"] == "open"
    assert peer.breaker["failures"] == FAILURES_TO_OPEN
    requests_so_far = len(server.requests)
    assert requests_so_far == 1 + 3 * FAILURES_TO_OPEN

    run = peer_sync(peer=peer)

    assert len(server.requests) == requests_so_far
    assert not run.ok
    assert run.error.startswith("circuit open")
    assert SyncRun.objects.get(pk=run.pk).error == run.error
    assert Peer.objects.get(pk=sofia.pk).last_error.startswith("circuit open")
    assert MirrorItem.objects.filter(deleted_at=None).count() == 1


def test_a_success_before_the_threshold_closes_the_breaker_again(sofia, server):
    server.script(*[error(500)] * 3 * (FAILURES_TO_OPEN - 1), valid(page_bytes(seq=0)))

    for _ in range(FAILURES_TO_OPEN - 1):
        peer_sync(peer=Peer.objects.get(pk=sofia.pk))
    run = peer_sync(peer=Peer.objects.get(pk=sofia.pk))

    assert run.ok, run.error
    assert Peer.objects.get(pk=sofia.pk).breaker == {
        "state": "closed",
        "failures": 0,
        "opened_at": None,
    }


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_a_peer_that_refuses_connections_does_not_stop_the_others(sofia, server):
    down = Peer.objects.create(
        slug="izmir", base_url=f"http://127.0.0.1:{closed_port()}", public_keys=[]
    )
    server.script(valid(page_bytes(article(1, 1), seq=1)))

    runs = peers_sync()

    assert {run.peer.slug for run in runs} == {"izmir", "sofia"}
    by_peer = {run.peer_id: run for run in SyncRun.objects.all()}
    assert set(by_peer) == {down.pk, sofia.pk}
    assert not by_peer[down.pk].ok
    assert "PeerUnreachable" in by_peer[down.pk].error
    assert by_peer[sofia.pk].ok, by_peer[sofia.pk].error
    assert by_peer[sofia.pk].created == 1
    assert MirrorItem.objects.filter(origin="sofia").count() == 1
    assert not MirrorItem.objects.filter(origin="izmir").exists()
