"""The notify body: ``POST /federation/v1/notify`` tells a peer "I have new changes".

A notification is only a hint to fetch soon; the receiver always reads the feed
itself from its stored cursor, so a lost or repeated notify is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cursor import cursor_is_wellformed
from .errors import ProtocolError
from .values import FORMAT, format_check, json_dump_bytes, json_load, origin_check


@dataclass(frozen=True)
class Notify:
    origin: str
    cursor: str


def notify_parse(raw: bytes | str, *, expected_origin: str) -> Notify:
    data = json_load(raw, what="notify body")
    if not isinstance(data, dict):
        raise ProtocolError("notify body must be a JSON object")
    format_check(data.get("format"))
    origin = origin_check(data.get("origin"), expected=expected_origin, what="notify body")
    cursor = data.get("cursor")
    if not cursor_is_wellformed(cursor):
        raise ProtocolError(f"notify cursor {cursor!r:.80} is missing or malformed")
    return Notify(origin=origin, cursor=cursor)


def notify_dump(notify: Notify) -> dict[str, Any]:
    return {"format": FORMAT, "origin": notify.origin, "cursor": notify.cursor}


def notify_dump_bytes(notify: Notify, *, indent: int | None = None) -> bytes:
    return json_dump_bytes(notify_dump(notify), indent=indent)
