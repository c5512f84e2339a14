"""Reading the federation's data: the feed this cluster serves, mirrors, peers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .client import OPEN as BREAKER_OPEN
from .client import CircuitBreaker
from .models import ChangeEntry, MirrorItem, MirrorTranslation, Peer
from .protocol import (
    DELETE,
    FeedPage,
    ProtocolError,
    change_delete,
    change_upsert,
    cursor_decode,
    cursor_encode,
)


def feed_page(*, origin: str, since: str | None, limit: int, types=None) -> FeedPage:
    """The changes after cursor ``since``, oldest first (the log is compacted at write)."""
    start = cursor_decode(since) if since else 0
    entries = ChangeEntry.objects.filter(seq__gt=start).order_by("seq")
    if types is not None:
        entries = entries.filter(type__in=types)
    rows = list(entries[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = cursor_encode(rows[-1].seq) if rows else (since or cursor_encode(0))
    return FeedPage(
        origin=origin,
        cursor=cursor,
        has_more=has_more,
        changes=[_change_of(entry, origin) for entry in rows],
    )


def feed_head() -> str:
    last = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    return cursor_encode(last or 0)


def _change_of(entry: ChangeEntry, origin: str):
    common = {
        "id": str(entry.object_id),
        "type": entry.type,
        "origin": origin,
        "revision": entry.seq,
        "updated_at": entry.created_at,
    }
    if entry.action == DELETE:
        return change_delete(**common, reason=entry.reason or "deleted")
    return change_upsert(**common, translations=entry.translations)


def mirror_translations(*, type: str, language: str, fallback: str = "en", origin=None):
    """Live mirrored objects of ``type``, one row each: in ``language``, else ``fallback``."""
    rows = MirrorTranslation.objects.filter(item__type=type, item__deleted_at=None)
    if origin:
        rows = rows.filter(item__origin=origin)
    has_language = MirrorTranslation.objects.filter(item=OuterRef("item"), language=language)
    return rows.filter(
        Q(language=language) | Q(language=fallback) & ~Exists(has_language)
    ).select_related("item")


def mirror_translation_get(*, origin: str, object_id, language: str, fallback: str = "en"):
    """One mirrored object in the visitor's language (or the fallback), or None."""
    item = MirrorItem.objects.filter(origin=origin, object_id=object_id, deleted_at=None).first()
    if item is None:
        return None
    translations = {t.language: t for t in item.translations.all()}
    return (
        translations.get(language)
        or translations.get(fallback)
        or next(iter(translations.values()), None)
    )


def peer_names() -> dict[str, str]:
    """{peer slug: display name} for attributing mirrored items."""
    from .models import Peer

    return {slug: name or slug for slug, name in Peer.objects.values_list("slug", "name")}


# --- health of the network (admin peers list and dashboard) ---------------------

PEER_OK = "ok"
PEER_FAILING = "failing"
PEER_BREAKER_OPEN = "breaker_open"
PEER_NEVER_SYNCED = "never_synced"


@dataclass(frozen=True)
class PeerHealth:
    """How syncing from one peer goes; ``state`` is one of the PEER_* codes."""

    peer: Peer
    state: str
    lag: int | None  # changes the peer has that we have not applied; None if unknown
    breaker_state: str
    breaker_failures: int
    breaker_retry_in: float


@dataclass(frozen=True)
class NetworkHealth:
    peers: list[PeerHealth]
    items_per_type: dict[str, int]  # live (not tombstoned) federated items
    feed_changes: int  # entries in our own change feed


def peer_lag(*, peer: Peer) -> int | None:
    """The peer's head minus our cursor, in changes; None while either is unknown."""
    if not peer.remote_head:
        return None
    try:
        head = cursor_decode(peer.remote_head)
        ours = cursor_decode(peer.cursor) if peer.cursor else 0
    except ProtocolError:
        return None
    return max(0, head - ours)


def peer_health(*, peer: Peer) -> PeerHealth:
    breaker = CircuitBreaker.from_dict(peer.breaker)
    if breaker.state == BREAKER_OPEN:
        state = PEER_BREAKER_OPEN
    elif peer.last_sync_at is None:
        state = PEER_NEVER_SYNCED
    elif peer.last_success_at is None or peer.last_success_at < peer.last_sync_at:
        state = PEER_FAILING
    else:
        state = PEER_OK
    return PeerHealth(
        peer=peer,
        state=state,
        lag=peer_lag(peer=peer),
        breaker_state=breaker.state,
        breaker_failures=breaker.failures,
        breaker_retry_in=breaker.retry_in(),
    )


def network_health() -> NetworkHealth:
    counts = (
        MirrorItem.objects.filter(deleted_at=None)
        .values("type")
        .annotate(count=Count("pk"))
        .order_by("type")
    )
    return NetworkHealth(
        peers=[peer_health(peer=peer) for peer in Peer.objects.all()],
        items_per_type={row["type"]: row["count"] for row in counts},
        feed_changes=ChangeEntry.objects.count(),
    )


def mirror_items_titled():
    """Federated items with ``title`` (English, else the first translation) and
    ``title_language`` annotated, for the admin listing."""
    translations = MirrorTranslation.objects.filter(item=OuterRef("pk"))
    english = translations.filter(language="en")
    first = translations.order_by("language", "pk")
    return MirrorItem.objects.annotate(
        title=Coalesce(Subquery(english.values("title")[:1]), Subquery(first.values("title")[:1])),
        title_language=Coalesce(
            Subquery(english.values("language")[:1]), Subquery(first.values("language")[:1])
        ),
    )


def mirror_items_search(*, items, query: str):
    """``items`` with a title containing ``query`` in any language."""
    matching = MirrorTranslation.objects.filter(item=OuterRef("pk"), title__icontains=query)
    return items.filter(Exists(matching))


def mirror_origins() -> list[str]:
    return list(MirrorItem.objects.order_by("origin").values_list("origin", flat=True).distinct())


def mirror_types() -> list[str]:
    return list(MirrorItem.objects.order_by("type").values_list("type", flat=True).distinct())
