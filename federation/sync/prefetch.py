"""Fetching and validating a peer's feed pages ahead of applying them.

Two background threads form a pipeline in front of the sync: one downloads a
page and opens it (decoding, the page-level checks, the cursor of the next
page), the other validates its changes and converts their values for the
database; meanwhile the sync applies the page before (database work). The
threads only talk HTTP, run the pure protocol code and convert values with
converters the sync made in its own thread: they never query, and never open a
connection (connections belong to the thread that opened them). Pages come out
in feed order, and an error comes out in its place after every page before it,
so the sync applies exactly the pages a one-after-the-other sync would have
applied before stopping. Each stage holds
at most ``AHEAD`` finished pages, plus the one it is working on.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from ..protocol import FeedPage, OpenedPage, ProtocolError

AHEAD = 1
_END = object()
_WAIT = 0.1  # seconds between looks at the stop flag or the producer while blocked


class Ahead:
    """Runs the iterator ``source`` in a thread, at most ``size`` items ahead of the
    reader; an exception of ``source`` is raised to the reader in its place."""

    def __init__(self, source: Iterable, *, name: str, size: int = AHEAD):
        self._source = source
        self._queue: queue.Queue = queue.Queue(maxsize=size)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self) -> None:
        self._thread.join()

    def __iter__(self) -> Iterator:
        while True:
            try:
                item = self._queue.get(timeout=_WAIT)
            except queue.Empty:
                if not self._thread.is_alive() and self._queue.empty():
                    return  # stopped before the end
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the reader, which decides what it means
            self._put(exc)
            return
        self._put(_END)

    def _put(self, item) -> bool:
        """Queue ``item`` once there is room; False if the reader stopped meanwhile."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_WAIT)
                return True
            except queue.Full:
                continue
        return False


@contextmanager
def pages_ahead(
    open_page: Callable[[str | None], OpenedPage],
    read_page: Callable[[OpenedPage], FeedPage],
    *,
    cursor: str | None,
    max_pages: int,
) -> Iterator[Iterator[FeedPage]]:
    """``with pages_ahead(open_page, read_page, cursor=..., max_pages=...) as pages:``;
    ``open_page(since)`` fetches and opens one page, ``read_page`` validates it."""
    opened = Ahead(_pages_follow(open_page, cursor, max_pages), name="federation-fetch")
    read = Ahead(map(read_page, opened), name="federation-read")
    stages = (opened, read)
    for stage in stages:
        stage.start()
    try:
        yield iter(read)
    finally:
        # Waits for a request under way (bounded by the client's time limits), so that
        # nothing touches the client or its breaker once the sync has finished.
        for stage in stages:
            stage.stop()
        for stage in stages:
            stage.join()


def _pages_follow(open_page, cursor: str | None, max_pages: int) -> Iterator[OpenedPage]:
    seen = {cursor}
    for _ in range(max_pages):
        page = open_page(cursor)
        if page.has_more and page.cursor in seen:
            # Following has_more would fetch the same pages again, up to max_pages.
            raise ProtocolError(f"the peer's cursor did not advance past {page.cursor!r}")
        yield page
        if not page.has_more:
            return
        cursor = page.cursor
        seen.add(cursor)
