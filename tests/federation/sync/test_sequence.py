"""Mirror sequence numbers: consecutive ranges, never handed out twice."""

import pytest

from federation.models import MirrorItem, MirrorSequence
from federation.sync.sequence import mirror_seq_reserve

pytestmark = pytest.mark.django_db


def test_reservations_are_consecutive_ranges():
    first = mirror_seq_reserve(count=500)
    second = mirror_seq_reserve(count=3)
    assert second == first + 500
    assert mirror_seq_reserve(count=1) == second + 3
    assert MirrorSequence.objects.get().last == second + 3


def test_without_a_counter_numbers_start_after_the_highest_in_use():
    MirrorItem.objects.create(
        origin="sofia",
        object_id="00000000-0000-0000-0000-000000000001",
        type="news.article",
        revision=1,
        updated_at="2026-01-02T03:04:05Z",
        synced_at="2026-01-02T03:04:05Z",
        seq=41,
    )
    MirrorSequence.objects.all().delete()
    assert mirror_seq_reserve(count=10) == 42
    assert mirror_seq_reserve(count=1) == 52
