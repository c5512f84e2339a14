"""Factories shared by the tests of several apps (one app's own factories live
beside its tests, e.g. tests/plugins/news/factories.py)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from federation.models import MirrorItem, MirrorTranslation


def mirror_item_create(
    *,
    origin: str = "sofia",
    type: str = "news.article",
    translations: dict[str, dict] | None = None,
    deleted: bool = False,
    **fields,
) -> MirrorItem:
    """A peer's object as a sync would have stored it: the item and one translation
    row per language of ``translations`` (language -> that row's columns)."""
    now = timezone.now()
    item = MirrorItem.objects.create(
        origin=origin,
        object_id=fields.pop("object_id", None) or uuid.uuid4(),
        type=type,
        revision=fields.pop("revision", 1),
        updated_at=fields.pop("updated_at", now),
        synced_at=fields.pop("synced_at", now),
        deleted_at=now if deleted else None,
        **fields,
    )
    for language, columns in (translations or {}).items():
        MirrorTranslation.objects.create(item=item, language=language, **columns)
    return item
