"""PagePrefetch: pages in feed order, errors in their place, a bounded look-ahead."""

import threading

import pytest

from federation.client import PeerUnreachable
from federation.protocol import FeedPage, ProtocolError, cursor_encode
from federation.sync.prefetch import PagePrefetch

WAIT = 5  # seconds: a generous bound for the thread to get somewhere, never a timing


class Feed:
    """``count`` pages whose cursors are c1.1, c1.2, ...; records the cursors asked for."""

    def __init__(self, count, *, fail_at=None, repeat_at=None):
        self.count = count
        self.fail_at = fail_at
        self.repeat_at = repeat_at
        self.asked = []
        self.fetched = threading.Semaphore(0)

    def __call__(self, since):
        self.asked.append(since)
        number = len(self.asked)
        self.fetched.release()
        if number == self.fail_at:
            raise PeerUnreachable("the peer went away")
        seq = number - 1 if number == self.repeat_at else number
        return FeedPage(
            origin="sofia", cursor=cursor_encode(seq), has_more=number < self.count, changes=[]
        )


def cursors(pages):
    return [page.cursor for page in pages]


def test_pages_come_out_in_feed_order_and_each_asks_from_the_previous_cursor():
    feed = Feed(4)
    with PagePrefetch(feed, cursor="c1.0", max_pages=100) as prefetch:
        pages = list(prefetch.pages())
    assert cursors(pages) == ["c1.1", "c1.2", "c1.3", "c1.4"]
    assert feed.asked == ["c1.0", "c1.1", "c1.2", "c1.3"]


def test_an_error_comes_out_after_the_pages_fetched_before_it():
    feed = Feed(5, fail_at=3)
    received = []
    with (
        PagePrefetch(feed, cursor=None, max_pages=100) as prefetch,
        pytest.raises(PeerUnreachable),
    ):
        for page in prefetch.pages():
            received.append(page.cursor)
    assert received == ["c1.1", "c1.2"]
    assert len(feed.asked) == 3  # nothing is asked for after the failure


def test_a_cursor_that_does_not_advance_is_a_protocol_error_in_its_place():
    feed = Feed(10, repeat_at=3)  # page 3 repeats page 2's cursor and says has_more
    received = []
    with (
        PagePrefetch(feed, cursor=None, max_pages=100) as prefetch,
        pytest.raises(ProtocolError, match="did not advance"),
    ):
        for page in prefetch.pages():
            received.append(page.cursor)
    assert received == ["c1.1", "c1.2"]
    assert len(feed.asked) == 3


def test_max_pages_ends_the_feed_without_an_error():
    feed = Feed(10)
    with PagePrefetch(feed, cursor=None, max_pages=3) as prefetch:
        assert cursors(prefetch.pages()) == ["c1.1", "c1.2", "c1.3"]
    assert len(feed.asked) == 3


def test_it_fetches_at_most_one_page_ahead_plus_one_in_flight():
    feed = Feed(10)
    with PagePrefetch(feed, cursor=None, max_pages=100) as prefetch:
        pages = prefetch.pages()
        next(pages)
        # The page taken, one waiting in the queue, one fetched and waiting for room.
        for _ in range(3):
            assert feed.fetched.acquire(timeout=WAIT)
        assert not feed.fetched.acquire(timeout=0.3)
        assert len(feed.asked) == 3


def test_leaving_early_stops_the_thread():
    feed = Feed(1000)
    with PagePrefetch(feed, cursor=None, max_pages=10_000) as prefetch:
        next(prefetch.pages())
        thread = prefetch._thread
    assert not thread.is_alive()
    assert len(feed.asked) <= 3
