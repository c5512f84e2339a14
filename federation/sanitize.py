"""Making a peer's content safe to store and show (pure).

Rich text is cleaned with nh3 down to the elements Wagtail's rich text editor
produces; links keep only http(s) and mailto targets. Plain text is stored as
sent and escaped by the templates when shown.
"""

from __future__ import annotations

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
    schema = type_get(wire_type)
    html_fields = {name for name, kind in schema.fields.items() if isinstance(kind, Html)}
    return {
        language: {
            name: html_sanitize(value) if name in html_fields and isinstance(value, str) else value
            for name, value in fields.items()
        }
        for language, fields in translations.items()
    }
