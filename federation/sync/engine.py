"""Pulling a peer's change feed: fetch a page, validate, plan, apply, repeat.

The next pages are fetched and validated in background threads while the current
one is applied (``prefetch.pages_ahead``); pages are applied in order, and only
this thread touches the database.

Each page is applied in one transaction together with the cursor, so a sync
stopped at any point (peer down, process killed) resumes after the last page
applied. Nothing but an explicit tombstone deletes, and a page that fails
validation is not applied at all.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from plugins.core.hooks import hook_call

from ..client import CircuitBreaker, CircuitOpen, FederationClientError
from ..images import images_fetch
from ..keys import NoSigningKey
from ..models import Peer, SyncRun
from ..protocol import (
    FEED_LIMIT_MAX,
    ProtocolError,
    cursor_decode,
    feed_page_open,
    feed_page_read,
)
from ..transport import transport_for
from .operations import changes_preparer, mirror_held, page_prepare, plan_apply
from .planner import sync_plan
from .prefetch import pages_ahead

logger = logging.getLogger(__name__)
MAX_PAGES_PER_RUN = 10_000
REJECTIONS_KEPT = 50  # per run: enough to diagnose, small enough to store


def peer_sync(
    *,
    peer: Peer,
    full: bool = False,
    trigger: str = "manual",
    on_page: Callable[[SyncRun], None] | None = None,
    transport=None,
    limit: int = FEED_LIMIT_MAX,
    max_pages: int = MAX_PAGES_PER_RUN,
) -> SyncRun:
    """Pull everything new from ``peer``; return the finished SyncRun."""
    breaker = CircuitBreaker.from_dict(peer.breaker)
    client = None
    run = SyncRun.objects.create(
        peer=peer,
        started_at=timezone.now(),
        trigger=trigger,
        cursor_before=peer.cursor,
        cursor_after=peer.cursor,  # until a page is applied, the cursor stays put
    )
    cursor = None if full else (peer.cursor or None)
    try:
        client = transport or transport_for(peer=peer, breaker=breaker)
        shared = SerialClient(client)
        # Made here, with this thread's connection; preparing then queries nothing.
        prepare = changes_preparer()

        def open_page(since):  # in a prefetch thread: HTTP and the pure parser, no ORM
            return feed_page_open(shared.fetch_changes(since, limit), expected_origin=peer.slug)

        def read_page(opened):  # in the other prefetch thread: validation, values prepared
            return page_prepare(feed_page_read(opened), prepare=prepare)

        with pages_ahead(open_page, read_page, cursor=cursor, max_pages=max_pages) as pages:
            for prepared in pages:
                _page_apply(prepared=prepared, peer=peer, run=run)
                # After the commit: a slow or broken image never holds back the text.
                images_fetch(client=shared, origin=peer.slug, refs=prepared.image_refs)
                if on_page:
                    on_page(run)
        run.ok = True
    except (FederationClientError, ProtocolError, NoSigningKey) as exc:
        run.error = _error_text(exc)
        logger.warning("sync from %s stopped: %s", peer.slug, run.error)
    except Exception as exc:
        run.error = f"internal error: {_error_text(exc)}"
        raise
    finally:
        _run_finish(run=run, peer=peer, breaker=client.breaker if client else breaker)
    return run


def _page_apply(*, prepared, peer: Peer, run: SyncRun) -> None:
    page = prepared.page
    with transaction.atomic():
        locked = Peer.objects.select_for_update().get(pk=peer.pk)
        held = mirror_held(origin=peer.slug, keys=prepared.keys)
        plan = sync_plan(page=page, held=held)
        if _cursor_seq(plan.cursor) < _cursor_seq(locked.cursor):
            plan.cursor = locked.cursor  # another sync got further: never move back
        plan_apply(plan=plan, peer=locked, prepared=prepared)
        if plan.writes:  # once committed, whatever follows the mirrors (the search index)
            applied = {
                "origin": peer.slug,
                "upserted_ids": [c.id for c in plan.upserts],
                "deleted_ids": [c.id for c in plan.tombstones],
            }
            transaction.on_commit(
                lambda: hook_call("federation_page_applied", **applied), robust=True
            )
    peer.cursor = locked.cursor
    peer.remote_head = page.cursor
    run.pages += 1
    run.created += plan.created
    run.updated += plan.updated
    run.deleted += plan.deleted
    run.unchanged += plan.unchanged
    run.rejected += len(plan.rejected)
    rejections = [{"id": r.id, "code": r.code, "reason": r.reason} for r in plan.rejected]
    run.rejections = (run.rejections + rejections)[:REJECTIONS_KEPT]
    run.cursor_after = peer.cursor


class SerialClient:
    """The peer's client shared by the prefetch thread (feed pages) and the sync
    (images): one request at a time, as a requests session and the breaker expect."""

    def __init__(self, client):
        self.client = client
        self._lock = threading.Lock()

    def fetch_changes(self, since, limit):
        with self._lock:
            return self.client.fetch_changes(since, limit)

    def fetch_image(self, url, *, max_bytes):
        with self._lock:
            return self.client.fetch_image(url, max_bytes=max_bytes)


def _cursor_seq(cursor: str) -> int:
    try:
        return cursor_decode(cursor) if cursor else 0
    except ProtocolError:
        return 0


def _run_finish(*, run: SyncRun, peer: Peer, breaker) -> None:
    now = timezone.now()
    run.finished_at = now
    run.save()
    peer.last_sync_at = now
    if run.ok:
        peer.last_success_at = now
        peer.last_error = ""
    else:
        peer.last_error = run.error
    peer.breaker = breaker.to_dict()
    peer.save(
        update_fields=["last_sync_at", "last_success_at", "last_error", "breaker", "remote_head"]
    )


def _error_text(exc: Exception) -> str:
    kind = "circuit open" if isinstance(exc, CircuitOpen) else type(exc).__name__
    return f"{kind}: {exc}"[:2000]
