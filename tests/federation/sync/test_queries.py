"""Applying a feed page costs a constant number of queries, whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federation.client import CircuitBreaker
from federation.models import MirrorItem, MirrorTranslation, Peer
from federation.sync.engine import peer_sync

from ..feeds import SOFIA, article, member, page_bytes, tombstone

pytestmark = pytest.mark.django_db


class Pages:
    """A peer serving prepared page bodies, one per request."""

    def __init__(self, *bodies):
        self.bodies = list(bodies)
        self.breaker = CircuitBreaker()

    def fetch_changes(self, cursor, limit):
        return self.bodies.pop(0)


def sync_queries(peer, *changes, seq):
    with CaptureQueriesContext(connection) as queries:
        run = peer_sync(peer=peer, transport=Pages(page_bytes(*changes, seq=seq)))
    assert run.ok, run.error
    return len(queries)


def test_a_page_of_thirty_changes_takes_the_queries_of_a_page_of_three():
    small = Peer.objects.create(slug=SOFIA, base_url="http://127.0.0.1:9")
    few = sync_queries(small, article(1, 1), member(2, 2), tombstone(3, 3), seq=3)
    many = [article(n, n) for n in range(10, 25)] + [member(n, n) for n in range(30, 45)]
    MirrorTranslation.objects.all().delete()
    MirrorItem.objects.all().delete()
    small.cursor = ""
    assert sync_queries(small, *many, seq=44) == few
    assert MirrorItem.objects.count() == 30
    assert MirrorTranslation.objects.count() == 15 * 2 + 15


def test_updating_held_mirrors_takes_the_same_queries_as_creating_them():
    peer = Peer.objects.create(slug=SOFIA, base_url="http://127.0.0.1:9")
    created = sync_queries(peer, *[article(n, n) for n in range(1, 11)], seq=10)
    changed = [article(n, n + 10, title="Changed") for n in range(1, 11)]
    assert sync_queries(peer, *changed, seq=20) == created
    assert set(MirrorTranslation.objects.values_list("title", flat=True)) == {
        "Changed (bg)",
        "Changed (en)",
    }
