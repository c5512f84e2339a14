"""Fetching a peer's feed pages ahead of applying them: one thread, a bounded queue.

While the sync applies page N (database work), this thread downloads and parses
page N+1 (the peer's time and the network's). It only talks HTTP and runs the
pure parser: it never touches the ORM, whose connections belong to the thread
that opened them. Pages come out in the order they were fetched, and an error
comes out in its place after every page fetched before it, so the sync applies
exactly the pages a one-after-the-other sync would have applied before stopping.
At most ``ahead`` parsed pages wait, plus one being fetched.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from ..protocol import FeedPage, ProtocolError

AHEAD = 1
_END = object()
_PUT_WAIT = 0.1  # seconds between looks at the stop flag while the queue is full


class PagePrefetch:
    """``with PagePrefetch(fetch_page, cursor=..., max_pages=...) as feed:
    for page in feed.pages(): ...``; ``fetch_page(cursor)`` returns a parsed page."""

    def __init__(
        self,
        fetch_page: Callable[[str | None], FeedPage],
        *,
        cursor: str | None,
        max_pages: int,
        ahead: int = AHEAD,
    ):
        self._fetch_page = fetch_page
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(cursor, max_pages), name="federation-prefetch", daemon=True
        )

    def __enter__(self) -> PagePrefetch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        # Waits for a fetch under way (bounded by the client's time limits), so that
        # nothing touches the client or its breaker once the sync has finished.
        self._stop.set()
        self._thread.join()

    def pages(self) -> Iterator[FeedPage]:
        while (item := self._queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self, cursor: str | None, max_pages: int) -> None:
        seen = {cursor}
        try:
            for _ in range(max_pages):
                page = self._fetch_page(cursor)
                if page.has_more and page.cursor in seen:
                    # Following has_more would fetch the same pages again, up to max_pages.
                    raise ProtocolError(f"the peer's cursor did not advance past {page.cursor!r}")
                if not self._put(page) or not page.has_more:
                    break
                cursor = page.cursor
                seen.add(cursor)
        except BaseException as exc:  # handed to the sync, which decides what it means
            self._put(exc)
            return
        self._put(_END)

    def _put(self, item) -> bool:
        """Queue ``item`` once there is room; False if the sync stopped meanwhile."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_PUT_WAIT)
                return True
            except queue.Full:
                continue
        return False
