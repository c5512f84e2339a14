"""Making a peer's content safe to store and show (pure).

Rich text is cleaned with nh3 down to the elements Wagtail's rich text editor
produces; links keep only http(s) and mailto targets. Plain text is stored as
sent and escaped by the templates when shown.
"""

from __future__ import annotations

import functools

import nh3

from .protocol import Html, type_get

RICH_TEXT_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em",
    "a", "ul", "ol", "li", "hr", "blockquote", "code", "sub", "sup",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def html_sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def translations_sanitize(*, wire_type: str, translations: dict) -> dict:
    """A copy of ``translations`` with every HTML field of the type's schema cleaned."""
    html_fields = _html_fields(wire_type)
    return {lang: _fields_sanitize(fields, html_fields) for lang, fields in translations.items()}


def _fields_sanitize(fields: dict, html_fields: frozenset) -> dict:
    cleaned = dict(fields)
    for name in html_fields & fields.keys():  # most fields are not HTML: look only at those
        if isinstance(cleaned[name], str):
            cleaned[name] = html_sanitize(cleaned[name])
    return cleaned


@functools.lru_cache(maxsize=64)
def _html_fields(wire_type: str) -> frozenset:
    # A registered type never changes its fields (the registry refuses that).
    kinds = type_get(wire_type).fields
    return frozenset(name for name, kind in kinds.items() if isinstance(kind, Html))
