"""pages_ahead: pages in feed order, errors in their place, a bounded look-ahead."""

import threading

import pytest

from federation.client import PeerUnreachable
from federation.protocol import FeedPage, ProtocolError, cursor_encode
from federation.sync.prefetch import pages_ahead

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


def as_read(page):
    return page


def ahead(feed, *, cursor=None, max_pages=100, read=as_read):
    return pages_ahead(feed, read, cursor=cursor, max_pages=max_pages)


def test_pages_come_out_in_feed_order_and_each_asks_from_the_previous_cursor():
    feed = Feed(4)
    with ahead(feed, cursor="c1.0") as feed_pages:
        pages = list(feed_pages)
    assert cursors(pages) == ["c1.1", "c1.2", "c1.3", "c1.4"]
    assert feed.asked == ["c1.0", "c1.1", "c1.2", "c1.3"]


def test_an_error_comes_out_after_the_pages_fetched_before_it():
    feed = Feed(5, fail_at=3)
    received = []
    with (
        ahead(feed) as pages,
        pytest.raises(PeerUnreachable),
    ):
        for page in pages:
            received.append(page.cursor)
    assert received == ["c1.1", "c1.2"]
    assert len(feed.asked) == 3  # nothing is asked for after the failure


def test_a_cursor_that_does_not_advance_is_a_protocol_error_in_its_place():
    feed = Feed(10, repeat_at=3)  # page 3 repeats page 2's cursor and says has_more
    received = []
    with (
        ahead(feed) as pages,
        pytest.raises(ProtocolError, match="did not advance"),
    ):
        for page in pages:
            received.append(page.cursor)
    assert received == ["c1.1", "c1.2"]
    assert len(feed.asked) == 3


def test_max_pages_ends_the_feed_without_an_error():
    feed = Feed(10)
    with ahead(feed, max_pages=3) as pages:
        assert cursors(pages) == ["c1.1", "c1.2", "c1.3"]
    assert len(feed.asked) == 3


def test_a_page_that_fails_validation_stops_the_feed_in_its_place():
    def read(page):
        if page.cursor == "c1.2":
            raise ProtocolError("page 2 is bad")
        return page

    received = []
    with ahead(Feed(5), read=read) as pages, pytest.raises(ProtocolError, match="page 2"):
        for page in pages:
            received.append(page.cursor)
    assert received == ["c1.1"]


def test_it_looks_a_bounded_number_of_pages_ahead():
    feed = Feed(20)
    with ahead(feed) as pages:
        next(pages)
        # Taken: 1. Read and waiting: 1, being read (waiting for room): 1; opened and
        # waiting: 1, being fetched (waiting for room): 1. Nothing more.
        for _ in range(5):
            assert feed.fetched.acquire(timeout=WAIT)
        assert not feed.fetched.acquire(timeout=0.3)
        assert len(feed.asked) == 5


def test_leaving_early_stops_the_threads():
    feed = Feed(1000)
    before = set(threading.enumerate())
    with ahead(feed, max_pages=10_000) as pages:
        next(pages)
        started = {t for t in threading.enumerate() if t.name.startswith("federation-")} - before
    assert len(started) == 2
    assert not any(thread.is_alive() for thread in started)
    assert len(feed.asked) <= 5
