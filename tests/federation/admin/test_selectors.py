"""peer_health and peer_lag: the states and lag the admin shows."""

import datetime
import time

import pytest
from django.utils import timezone

from federation import selectors
from federation.models import Peer
from federation.protocol import cursor_encode


def peer(**fields):
    return Peer(slug="sofia", base_url="https://sofia.example.org", **fields)


@pytest.mark.parametrize(
    "cursor, head, lag",
    [
        (cursor_encode(5), cursor_encode(9), 4),
        ("", cursor_encode(9), 9),  # never applied anything
        (cursor_encode(9), cursor_encode(9), 0),
        (cursor_encode(9), cursor_encode(5), 0),  # never negative
        (cursor_encode(5), "", None),  # head unknown
        (cursor_encode(5), "garbage!", None),
    ],
)
def test_peer_lag(cursor, head, lag):
    assert selectors.peer_lag(peer=peer(cursor=cursor, remote_head=head)) == lag


def test_peer_states():
    now = timezone.now()
    earlier = now - datetime.timedelta(hours=1)

    def state(**fields):
        return selectors.peer_health(peer=peer(**fields)).state

    assert state() == selectors.PEER_NEVER_SYNCED
    assert state(last_sync_at=now, last_success_at=now) == selectors.PEER_OK
    assert state(last_sync_at=now, last_success_at=earlier) == selectors.PEER_FAILING
    assert state(last_sync_at=now) == selectors.PEER_FAILING
    open_breaker = {"failures": 5, "opened_at": time.time()}
    assert state(last_sync_at=now, breaker=open_breaker) == selectors.PEER_BREAKER_OPEN
    # Once the reset timeout has passed the breaker lets a try through: failing, not open.
    half_open = {"failures": 5, "opened_at": time.time() - 3600}
    assert state(last_sync_at=now, last_success_at=earlier, breaker=half_open) == "failing"
