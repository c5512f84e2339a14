"""Federation services: peers, notices and syncs, as the commands, views and tasks call them."""

from __future__ import annotations

import logging

from django.conf import settings

from .client import CircuitBreaker, FederationClientError
from .models import Peer, SyncRun
from .selectors import feed_head
from .signing import key_id_for, public_key_load
from .sync.engine import peer_sync
from .transport import transport_for

logger = logging.getLogger(__name__)
PUBLIC_KEYS_KEPT = 2


def peer_add(*, slug: str, base_url: str, public_key: str, name: str = "") -> Peer:
    """Add or update a peer; a new public key joins its current one (rotation)."""
    public_key = public_key.strip() + "\n"
    public_key_load(public_key)  # a clear error now rather than a 401 later
    peer, _ = Peer.objects.get_or_create(slug=slug, defaults={"base_url": base_url})
    peer.base_url = base_url
    peer.name = name or peer.name
    keys = [k for k in peer.public_keys if key_id_for(k) != key_id_for(public_key)]
    peer.public_keys = [*keys, public_key][-PUBLIC_KEYS_KEPT:]
    peer.save()
    return peer


def peers_sync(*, slugs=None, full=False, trigger="manual", on_page=None, **limits):
    """Sync each enabled peer in turn; a failing peer does not stop the others."""
    peers = Peer.objects.filter(enabled=True)
    if slugs:
        peers = peers.filter(slug__in=slugs)
    runs = []
    for peer in peers:
        try:
            runs.append(peer_sync(peer=peer, full=full, trigger=trigger, on_page=on_page, **limits))
        except Exception:
            # The run is recorded with the error; the other peers still get their turn.
            logger.exception("sync from %s failed unexpectedly", peer.slug)
    return runs


def peer_sync_by_slug(*, slug: str, trigger: str) -> SyncRun | None:
    peer = Peer.objects.filter(slug=slug, enabled=True).first()
    return peer_sync(peer=peer, trigger=trigger) if peer else None


def peers_notify() -> dict[str, str]:
    """Send our feed head to every enabled peer; {slug: "ok" or the error}."""
    cursor = feed_head()
    results = {}
    for peer in Peer.objects.filter(enabled=True):
        # A short fuse: a notice is a hint, and a dead peer must not hold up the others.
        client = transport_for(peer=peer, breaker=CircuitBreaker(failure_threshold=1))
        client.retries = 0
        try:
            client.notify(cursor)
            results[peer.slug] = "ok"
        except FederationClientError as exc:
            results[peer.slug] = str(exc)
            logger.info("notice to %s failed: %s", peer.slug, exc)
    return results


def cluster_name() -> str:
    return settings.CLUSTER.get("name", {}).get("en", settings.CLUSTER_SLUG)
