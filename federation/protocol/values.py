"""Strict readers for the scalar values every federation message uses."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from .errors import ProtocolError

FORMAT = "clusterweb.federation/1"
REVISION_MAX = 2**63 - 1
_ORIGIN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


def json_load(raw: bytes | str, *, what: str) -> Any:
    """Decode a JSON document strictly: UTF-8, no NaN/Infinity, no duplicate keys."""
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(f"{what} is not UTF-8: {exc}") from None
    if not isinstance(raw, str):
        raise ProtocolError(f"{what} must be bytes or str, got {type(raw).__name__}")
    try:
        return json.loads(raw, object_pairs_hook=_object_unique, parse_constant=_constant_reject)
    except json.JSONDecodeError as exc:
        raise ProtocolError(f"{what} is not valid JSON: {exc}") from None
    except RecursionError:
        raise ProtocolError(f"{what} is nested too deeply") from None


def _object_unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # built in C: this runs for every object of every page
    if len(result) != len(pairs):
        # Two readers could pick different values: refuse instead of guessing.
        seen: set[str] = set()
        key = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ProtocolError(f"duplicate key {key!r} in a JSON object")
    return result


def _constant_reject(name: str) -> Any:
    raise ProtocolError(f"{name} is not valid JSON")


def json_dump_bytes(data: Any, *, indent: int | None = None) -> bytes:
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(
        data, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
    )
    return text.encode("utf-8")


def format_check(value: Any) -> None:
    if value != FORMAT:
        raise ProtocolError(f"unsupported format {value!r:.80}; this reader speaks {FORMAT!r}")


def origin_check(value: Any, *, expected: str, what: str) -> str:
    if not isinstance(value, str) or not _ORIGIN.fullmatch(value):
        raise ProtocolError(f"{what} origin {value!r:.80} is not a cluster slug")
    if value != expected:
        raise ProtocolError(f"{what} comes from origin {value!r}, expected {expected!r}")
    return value


def is_origin(value: Any) -> bool:
    return isinstance(value, str) and _ORIGIN.fullmatch(value) is not None


def is_language(value: Any) -> bool:
    return isinstance(value, str) and _LANGUAGE.fullmatch(value) is not None


def is_uuid(value: Any) -> bool:
    """Only the canonical lowercase hyphenated form, so ids compare as plain strings."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def is_revision(value: Any) -> bool:
    return type(value) is int and 0 < value <= REVISION_MAX


def timestamp_parse(value: Any) -> datetime:
    """RFC 3339 UTC with a ``Z`` suffix, e.g. ``2026-01-02T03:04:05Z``."""
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise ValueError(f"expected a UTC timestamp like 2026-01-02T03:04:05Z, got {value!r:.40}")
    return datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)


def timestamp_dump(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    value = value.astimezone(UTC)
    spec = "seconds" if value.microsecond == 0 else "microseconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
