"""Feed cursors: opaque strings to clients, a change sequence number to the server.

The encoding carries a version prefix so the server can change what a cursor
holds later without clients noticing (they only store and echo it).
"""

import re

from .errors import ProtocolError

CURSOR_PREFIX = "c1."
SEQ_MAX = 2**63 - 1  # fits a signed 64-bit database column
# What any cursor on the wire may look like (also future versions): URL-safe, short.
CURSOR_PATTERN = re.compile(r"[A-Za-z0-9._~-]{1,128}")
_V1_PATTERN = re.compile(r"c1\.(0|[1-9a-f][0-9a-f]{0,15})")


def cursor_encode(seq: int) -> str:
    """The cursor for change sequence number ``seq`` (0 = before the first change)."""
    if type(seq) is not int or not 0 <= seq <= SEQ_MAX:
        raise ProtocolError(f"cursor sequence must be an int in 0..{SEQ_MAX}, got {seq!r}")
    return f"{CURSOR_PREFIX}{seq:x}"


def cursor_decode(cursor: str) -> int:
    """The sequence number of a cursor made by ``cursor_encode``; ProtocolError if malformed."""
    if not isinstance(cursor, str):
        raise ProtocolError(f"cursor must be a string, got {type(cursor).__name__}")
    match = _V1_PATTERN.fullmatch(cursor)
    if match is None:
        raise ProtocolError(f"malformed cursor {cursor[:64]!r}")
    seq = int(match.group(1), 16)
    if seq > SEQ_MAX:
        raise ProtocolError(f"cursor {cursor!r} is out of range")
    return seq


def cursor_is_wellformed(cursor: object) -> bool:
    """Whether a peer's cursor is safe to store and echo (clients never decode it)."""
    return isinstance(cursor, str) and CURSOR_PATTERN.fullmatch(cursor) is not None
