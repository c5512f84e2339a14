"""Field kinds and the per-type schema registry: what each shared type may carry.

A plugin declares what it shares once, at import or in ``AppConfig.ready()``:

    register_type("events.event", fields={"title": Text(max_length=500), "body_html": html,
                                          "start": date, "url": url}, required={"title", "url"})

Values stay JSON-native after validation (a date is the string ``"2026-01-02"``), so a
parsed translation set dumps back unchanged and hashes the same on both sides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from types import MappingProxyType
from typing import Any, ClassVar
from urllib.parse import urlsplit

TEXT_MAX = 100_000
SHORT_TEXT_MAX = 500
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACE = re.compile(r"\s")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_TYPE_NAME = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


class FieldError(ValueError):
    """A value does not match its field kind; the message names the problem."""


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _check_text(value: Any, max_length: int, what: str) -> str:
    if not isinstance(value, str):
        raise FieldError(f"expected {what} (string), got {_type_name(value)}")
    if len(value) > max_length:
        raise FieldError(f"{what} is {len(value)} characters long, the limit is {max_length}")
    if "\x00" in value:
        raise FieldError(f"{what} contains a NUL character")
    return value


class FieldKind:
    """A kind of field value; ``clean`` returns the value to keep or raises FieldError."""

    kind: ClassVar[str]

    def clean(self, value: Any) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def is_blank(self, value: Any) -> bool:
        return isinstance(value, str | list) and not value


@dataclass(frozen=True)
class Text(FieldKind):
    """Plain text (no markup is interpreted)."""

    max_length: int = TEXT_MAX
    kind: ClassVar[str] = "text"

    def clean(self, value: Any) -> str:
        return _check_text(value, self.max_length, self.kind)

    def is_blank(self, value: Any) -> bool:
        return isinstance(value, str) and not value.strip()


@dataclass(frozen=True)
class Html(Text):
    """An HTML fragment. Untrusted: receivers sanitise it (nh3) before storing."""

    kind: ClassVar[str] = "html"


@dataclass(frozen=True)
class Date(FieldKind):
    """A calendar date as ``YYYY-MM-DD``."""

    kind: ClassVar[str] = "date"

    def clean(self, value: Any) -> str:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise FieldError(f"expected a date YYYY-MM-DD, got {value!r:.40}")
        try:
            _date.fromisoformat(value)
        except ValueError as exc:
            raise FieldError(f"invalid date {value!r}") from exc
        return value


@dataclass(frozen=True)
class Url(FieldKind):
    """An absolute http(s) URL."""

    max_length: int = 2048
    kind: ClassVar[str] = "url"

    def clean(self, value: Any) -> str:
        _check_text(value, self.max_length, "url")
        # str.isspace and the pattern's \s are the same test (Py_UNICODE_ISSPACE).
        if not value.isprintable() or _SPACE.search(value):
            raise FieldError(f"url {value[:80]!r} contains whitespace or control characters")
        try:
            parts = urlsplit(value)
        except ValueError as exc:
            raise FieldError(f"malformed url {value[:80]!r}") from exc
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FieldError(f"url {value[:80]!r} is not an absolute http(s) URL")
        return value


@dataclass(frozen=True)
class TextList(FieldKind):
    """A list of short texts (topic names, sector names, funders)."""

    max_items: int = 200
    max_item_length: int = SHORT_TEXT_MAX
    kind: ClassVar[str] = "list-of-text"

    def clean(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise FieldError(f"expected a list of text, got {_type_name(value)}")
        if len(value) > self.max_items:
            raise FieldError(f"list has {len(value)} items, the limit is {self.max_items}")
        for index, item in enumerate(value):
            try:
                _check_text(item, self.max_item_length, "text")
            except FieldError as exc:
                raise FieldError(f"item {index}: {exc}") from None
        return value


@dataclass(frozen=True)
class Image(FieldKind):
    """``{"url", "sha256"?, "width"?, "height"?, "alt"?}``; unknown keys are dropped."""

    kind: ClassVar[str] = "image"

    def clean(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise FieldError(f"expected an image object, got {_type_name(value)}")
        if "url" not in value:
            raise FieldError("image has no url")
        cleaned: dict[str, Any] = {}
        for key, item in value.items():  # keeps the sender's key order
            if key == "url":
                cleaned[key] = Url().clean(item)
            elif key == "sha256":
                if not isinstance(item, str) or not _SHA256_HEX.fullmatch(item):
                    raise FieldError("image sha256 must be 64 lowercase hex digits")
                cleaned[key] = item
            elif key in {"width", "height"}:
                if type(item) is not int or not 0 < item <= 100_000:
                    raise FieldError(f"image {key} must be a positive integer")
                cleaned[key] = item
            elif key == "alt":
                cleaned[key] = _check_text(item, SHORT_TEXT_MAX * 2, "image alt")
        return cleaned


@dataclass(frozen=True)
class Scalar(FieldKind):
    """A JSON scalar: string, number, boolean or null."""

    max_length: int = TEXT_MAX
    kind: ClassVar[str] = "json-scalar"

    def clean(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | int):
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                raise FieldError("number is not finite")
            return value
        if isinstance(value, str):
            return _check_text(value, self.max_length, "text")
        raise FieldError(f"expected a JSON scalar, got {_type_name(value)}")


# Ready-made kinds with default limits, for terse declarations.
text = Text()
short_text = Text(max_length=SHORT_TEXT_MAX)
html = Html()
date = Date()
url = Url()
text_list = TextList()
image = Image()
scalar = Scalar()
_ALIASES: dict[Any, FieldKind] = {str: text, _date: date, list: text_list}


@dataclass(frozen=True)
class TypeSchema:
    """The fields one shared type carries in each translation."""

    name: str
    fields: Mapping[str, FieldKind]
    required: frozenset[str] = field(default_factory=frozenset)

    def translation_clean(self, data: Any) -> dict[str, Any]:
        """Validate one translation; unknown fields are dropped (newer peers add fields)."""
        if not isinstance(data, dict):
            raise FieldError(f"expected an object, got {_type_name(data)}")
        for name in sorted(self.required):
            value = data.get(name)
            if value is None or self.fields[name].is_blank(value):
                raise FieldError(f"{name}: required field is missing or empty")
        cleaned: dict[str, Any] = {}
        for name, value in data.items():
            kind = self.fields.get(name)
            if kind is None:
                continue
            try:
                cleaned[name] = None if value is None else kind.clean(value)
            except FieldError as exc:
                raise FieldError(f"{name}: {exc}") from None
        return cleaned


class TypeRegistry:
    """Shared types by name. ``default_registry`` is the process-wide one."""

    def __init__(self) -> None:
        self._types: dict[str, TypeSchema] = {}

    def register(
        self, name: str, *, fields: Mapping[str, Any], required: Iterable[str] = ()
    ) -> TypeSchema:
        schema = _schema_build(name, fields=fields, required=required)
        existing = self._types.get(name)
        if existing is not None and existing != schema:
            raise ValueError(f"shared type {name!r} is already registered with other fields")
        self._types[name] = schema
        return schema

    def get(self, name: str) -> TypeSchema | None:
        return self._types.get(name)

    def names(self) -> list[str]:
        return sorted(self._types)


def _schema_build(name: str, *, fields: Mapping[str, Any], required: Iterable[str]) -> TypeSchema:
    if not isinstance(name, str) or not _TYPE_NAME.fullmatch(name):
        raise ValueError(f"shared type name {name!r} must look like '<plugin>.<kind>'")
    kinds: dict[str, FieldKind] = {}
    for field_name, kind in fields.items():
        if not _FIELD_NAME.fullmatch(field_name):
            raise ValueError(f"{name}: field name {field_name!r} must be lower_snake_case")
        kind = _ALIASES.get(kind, kind)
        if not isinstance(kind, FieldKind):
            raise ValueError(f"{name}.{field_name}: {kind!r} is not a field kind")
        kinds[field_name] = kind
    required_set = frozenset(required)
    if not required_set <= kinds.keys():
        raise ValueError(f"{name}: required fields {sorted(required_set - kinds.keys())} unknown")
    return TypeSchema(name=name, fields=MappingProxyType(kinds), required=required_set)


default_registry = TypeRegistry()


def register_type(
    name: str, *, fields: Mapping[str, Any], required: Iterable[str] = ()
) -> TypeSchema:
    """Declare a shared type in the process-wide registry (idempotent for equal schemas).

    ``fields`` maps field names to kinds (``text``, ``Text(max_length=500)``, ``html``,
    ``date``, ``url``, ``text_list``, ``image``, ``scalar``); ``str`` means text.
    """
    return default_registry.register(name, fields=fields, required=required)


def type_get(name: str) -> TypeSchema | None:
    return default_registry.get(name)
