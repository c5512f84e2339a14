"""Reading the federation's data: the feed this cluster serves, mirrors, peers."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .models import ChangeEntry, MirrorItem, MirrorTranslation
from .protocol import (
    DELETE,
    FeedPage,
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
