"""The change feed page: ``GET /federation/v1/changes?since=<cursor>&limit=<n>``.

``feed_page_parse`` is strict about the page (any problem raises ProtocolError) and
lenient about single changes: a change the reader cannot accept goes to
``page.rejected`` with a reason, so one bad or unknown item never blocks a feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .canonical import HASH_PREFIX, content_hash
from .cursor import cursor_is_wellformed
from .errors import ProtocolError
from .schema import FieldError, TypeRegistry, default_registry
from .values import (
    FORMAT,
    format_check,
    is_language,
    is_origin,
    is_revision,
    is_uuid,
    json_dump_bytes,
    json_load,
    origin_check,
    timestamp_dump,
    timestamp_parse,
)

FEED_LIMIT_DEFAULT = 500
FEED_LIMIT_MAX = 500
LANGUAGES_MAX = 50
UPSERT = "upsert"
DELETE = "delete"
DELETE_REASONS = ("deleted", "unpublished")

# RejectedChange.code values.
REJECT_UNKNOWN_TYPE = "unknown_type"
REJECT_FOREIGN_ORIGIN = "foreign_origin"
REJECT_INVALID = "invalid"


@dataclass(frozen=True)
class Change:
    """One upsert of a whole translation set, or one delete tombstone.

    Invariant after parsing: ``content_hash == content_hash(translations)`` for upserts;
    ``translations == {}`` and ``content_hash is None`` for deletes.
    """

    id: str
    type: str
    origin: str
    action: str
    revision: int
    updated_at: datetime
    content_hash: str | None = None
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    reason: str | None = None


@dataclass(frozen=True)
class RejectedChange:
    """A change the reader did not accept; ``raw`` is the change as received."""

    index: int
    code: str
    reason: str
    raw: Any
    id: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class FeedPage:
    origin: str
    cursor: str
    has_more: bool
    changes: list[Change] = field(default_factory=list)
    rejected: list[RejectedChange] = field(default_factory=list)


def change_upsert(
    *, id: str, type: str, origin: str, revision: int, updated_at: datetime, translations: dict
) -> Change:
    """An upsert with its content hash filled in (for the serving side)."""
    return Change(
        id=id,
        type=type,
        origin=origin,
        action=UPSERT,
        revision=revision,
        updated_at=updated_at,
        content_hash=content_hash(translations),
        translations=translations,
    )


def change_delete(
    *, id: str, type: str, origin: str, revision: int, updated_at: datetime, reason="deleted"
) -> Change:
    return Change(
        id=id,
        type=type,
        origin=origin,
        action=DELETE,
        revision=revision,
        updated_at=updated_at,
        reason=reason,
    )


def feed_limit_parse(raw: str | None) -> int:
    """The ``limit`` query parameter: default and maximum 500, larger values are capped."""
    if raw is None or raw == "":
        return FEED_LIMIT_DEFAULT
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise ProtocolError(f"limit must be a positive integer, got {raw[:20]!r}")
    return min(int(raw), FEED_LIMIT_MAX)


@dataclass(frozen=True)
class OpenedPage:
    """A feed page whose envelope is valid (``feed_page_open``); changes not read yet."""

    origin: str
    cursor: str
    has_more: bool
    raw_changes: list


def feed_page_parse(
    raw: bytes | str, *, expected_origin: str, registry: TypeRegistry | None = None
) -> FeedPage:
    """Parse and validate a feed page from the peer ``expected_origin``."""
    return feed_page_read(feed_page_open(raw, expected_origin=expected_origin), registry=registry)


def feed_page_open(raw: bytes | str, *, expected_origin: str) -> OpenedPage:
    """Decode a feed page and check everything but its changes: all that can make the
    whole page fatal, and all a reader needs to ask for the next one (the cursor)."""
    data = json_load(raw, what="feed page")
    if not isinstance(data, dict):
        raise ProtocolError("feed page must be a JSON object")
    format_check(data.get("format"))
    origin = origin_check(data.get("origin"), expected=expected_origin, what="feed page")
    cursor = data.get("cursor")
    if not cursor_is_wellformed(cursor):
        raise ProtocolError(f"feed page cursor {cursor!r:.80} is missing or malformed")
    has_more = data.get("has_more")
    if not isinstance(has_more, bool):
        raise ProtocolError("feed page has_more must be true or false")
    raw_changes = data.get("changes")
    if not isinstance(raw_changes, list):
        raise ProtocolError("feed page changes must be a list")
    if len(raw_changes) > FEED_LIMIT_MAX:
        raise ProtocolError(
            f"feed page has {len(raw_changes)} changes, the limit is {FEED_LIMIT_MAX}"
        )
    if has_more and not raw_changes:
        # A client following has_more would ask for the same page forever.
        raise ProtocolError("feed page says has_more but carries no changes")
    return OpenedPage(origin, cursor, has_more, raw_changes)


def feed_page_read(page: OpenedPage, *, registry: TypeRegistry | None = None) -> FeedPage:
    """Validate each change of an opened page: a bad one is rejected, never fatal."""
    registry = registry or default_registry
    changes, rejected = [], []
    for index, item in enumerate(page.raw_changes):
        result = _change_read(index, item, origin=page.origin, registry=registry)
        (changes if isinstance(result, Change) else rejected).append(result)
    return FeedPage(page.origin, page.cursor, page.has_more, changes, rejected)


def _change_read(index: int, item: Any, *, origin: str, registry: TypeRegistry):
    def reject(code: str, reason: str) -> RejectedChange:
        change_id = item.get("id") if isinstance(item, dict) else None
        change_type = item.get("type") if isinstance(item, dict) else None
        return RejectedChange(
            index=index,
            code=code,
            reason=f"change {index}: {reason}",
            raw=item,
            id=change_id if is_uuid(change_id) else None,
            type=change_type if isinstance(change_type, str) else None,
        )

    if not isinstance(item, dict):
        return reject(REJECT_INVALID, "must be a JSON object")
    if not is_uuid(item.get("id")):
        return reject(REJECT_INVALID, f"id {item.get('id')!r:.60} is not a lowercase UUID")
    item_origin = item.get("origin")
    if not is_origin(item_origin):
        return reject(REJECT_INVALID, f"origin {item_origin!r:.60} is not a cluster slug")
    if item_origin != origin:
        return reject(
            REJECT_FOREIGN_ORIGIN,
            f"origin {item_origin!r} differs from the peer {origin!r} (a peer may only "
            "publish its own items)",
        )
    schema = registry.get(item.get("type")) if isinstance(item.get("type"), str) else None
    if schema is None:
        return reject(REJECT_UNKNOWN_TYPE, f"unknown type {item.get('type')!r:.80}")
    try:
        return _change_build(item, schema=schema)
    except (FieldError, ValueError) as exc:
        return reject(REJECT_INVALID, str(exc))


def _change_build(item: dict, *, schema) -> Change:
    action = item.get("action")
    if action not in (UPSERT, DELETE):
        raise ValueError(f"action must be 'upsert' or 'delete', got {action!r:.40}")
    if not is_revision(item.get("revision")):
        raise ValueError(f"revision must be a positive integer, got {item.get('revision')!r:.40}")
    updated_at = timestamp_parse(item.get("updated_at"))
    common = {
        "id": item["id"],
        "type": schema.name,
        "origin": item["origin"],
        "action": action,
        "revision": item["revision"],
        "updated_at": updated_at,
    }
    if action == DELETE:
        if "translations" in item or "content_hash" in item:
            raise ValueError("a delete tombstone carries no translations or content_hash")
        reason = item.get("reason")
        if reason is not None and reason not in DELETE_REASONS:
            raise ValueError(f"delete reason must be one of {DELETE_REASONS}, got {reason!r:.40}")
        return Change(**common, reason=reason)
    if "reason" in item:
        raise ValueError("only a delete carries a reason")
    translations = item.get("translations")
    sent = item.get("content_hash")
    _hash_check(sent, translations)
    cleaned = _translations_clean(translations, schema=schema)
    # Cleaning keeps values as sent and only drops fields and keys: equal means the
    # same canonical JSON, so the sent (verified) hash is the hash of what we keep.
    digest = sent if cleaned == translations else content_hash(cleaned)
    return Change(**common, content_hash=digest, translations=cleaned)


def _hash_check(sent: Any, translations: Any) -> None:
    if not isinstance(sent, str) or not sent.startswith(HASH_PREFIX) or len(sent) != 71:
        raise ValueError(f"content_hash must be 'sha256:<64 hex>', got {sent!r:.80}")
    if not isinstance(translations, dict):
        raise ValueError("translations must be an object of language code -> fields")
    actual = content_hash(translations)
    if actual != sent:
        raise ValueError(f"content_hash {sent} does not match the translations ({actual})")


def _translations_clean(translations: dict, *, schema) -> dict[str, dict[str, Any]]:
    if not translations:
        raise ValueError("an upsert needs at least one translation")
    if len(translations) > LANGUAGES_MAX:
        raise ValueError(f"{len(translations)} translations, the limit is {LANGUAGES_MAX}")
    cleaned = {}
    for language, fields in translations.items():
        if not is_language(language):
            raise ValueError(f"language code {language!r:.20} is not two lowercase letters")
        try:
            cleaned[language] = schema.translation_clean(fields)
        except FieldError as exc:
            raise ValueError(f"translations.{language}.{exc}") from None
    return cleaned


def feed_page_dump(page: FeedPage) -> dict[str, Any]:
    """The JSON-ready dict of a page; the exact inverse of ``feed_page_parse``.

    Rejected changes are written back at their original positions, as received.
    """
    changes: list[Any] = [_change_dump(change) for change in page.changes]
    for rejected in sorted(page.rejected, key=lambda r: r.index):
        changes.insert(rejected.index, rejected.raw)
    return {
        "format": FORMAT,
        "origin": page.origin,
        "cursor": page.cursor,
        "has_more": page.has_more,
        "changes": changes,
    }


def feed_page_dump_bytes(page: FeedPage, *, indent: int | None = None) -> bytes:
    return json_dump_bytes(feed_page_dump(page), indent=indent)


def _change_dump(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": change.id,
        "type": change.type,
        "origin": change.origin,
        "action": change.action,
        "revision": change.revision,
        "updated_at": timestamp_dump(change.updated_at),
    }
    if change.action == DELETE:
        if change.reason is not None:
            data["reason"] = change.reason
        return data
    data["content_hash"] = change.content_hash
    data["translations"] = change.translations
    return data


def changes_compact(changes: list[Change]) -> list[Change]:
    """Only the latest change per id, in order of last occurrence (oldest first)."""
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.id, None)  # re-inserting moves the id to the end
        latest[change.id] = change
    return list(latest.values())
