"""Canonical JSON and the content hash of a translation set."""

import hashlib
import json
from typing import Any

HASH_PREFIX = "sha256:"


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8 (not ASCII-escaped), no NaN/Infinity."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(translations: dict[str, dict[str, Any]]) -> str:
    """``sha256:<hex>`` of the canonical JSON of a translation set."""
    return HASH_PREFIX + hashlib.sha256(canonical_json(translations)).hexdigest()
