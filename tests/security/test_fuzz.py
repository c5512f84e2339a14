"""Property tests (hypothesis) for what peers send: the feed parser only ever raises
ProtocolError, and sanitised rich text carries no active content whatever comes in.

Modest and deterministic: 200 examples, no deadline, derandomised, no example database.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from federation.protocol import (
    FeedPage,
    ProtocolError,
    content_hash,
    cursor_encode,
    default_registry,
    feed_page_parse,
)
from federation.sanitize import RICH_TEXT_TAGS, html_sanitize

FUZZ = hypothesis_settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- JSON values --------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


def parses_or_protocol_error(raw) -> None:
    try:
        page = feed_page_parse(raw, expected_origin="sofia")
    except ProtocolError:
        return
    assert isinstance(page, FeedPage)


@FUZZ
@given(st.binary(max_size=2000))
def test_feed_parser_on_arbitrary_bytes(raw):
    """Guards: json_load's strictness (UTF-8, JSON) surfaces only as ProtocolError."""
    parses_or_protocol_error(raw)


@FUZZ
@given(
    st.lists(
        st.sampled_from(['{"', '"}', "[", "]", ",", ":", "1e999", "NaN", "-", '"\\u', "\\ud800"])
        | st.text(max_size=8),
        max_size=40,
    ).map("".join)
)
def test_feed_parser_on_json_ish_text(text):
    """Guards: malformed JSON of every sort (bad escapes, NaN, huge numbers) is a
    ProtocolError, never a JSONDecodeError or ValueError leaking out."""
    parses_or_protocol_error(text)


@FUZZ
@given(json_values)
def test_feed_parser_on_arbitrary_json_values(value):
    """Guards: a well-formed document of any shape is refused as a ProtocolError."""
    parses_or_protocol_error(json.dumps(value))


# --- nearly valid pages: exercise the per-change validation ---------------------------

TYPE_NAMES = default_registry.names()
FIELD_NAMES = sorted(
    {name for type_name in TYPE_NAMES for name in default_registry.get(type_name).fields}
)
plausible = st.one_of(
    json_values,
    st.sampled_from(
        [
            "A title",
            "<p>x</p><script>alert(1)</script>",
            "https://sofia.example.org/x",
            "javascript:alert(1)",
            "2026-01-02",
            "2026-13-45",
            "x\x00y",
        ]
    ),
    st.fixed_dictionaries(
        {"url": st.sampled_from(["https://sofia.example.org/i.png", "ftp://x", ""])},
        optional={"sha256": st.sampled_from(["0" * 64, "zz", ""]), "alt": st.text(max_size=5)},
    ),
)
translations = st.dictionaries(
    st.sampled_from(["en", "bg", "pl", "EN", "e", "", "xx"]) | st.text(max_size=3),
    st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), plausible, max_size=6),
    max_size=3,
)


@st.composite
def changes(draw):
    change = {
        "id": draw(st.uuids().map(str) | json_values),
        "type": draw(st.sampled_from([*TYPE_NAMES, "x.y"]) | json_values),
        "origin": draw(st.sampled_from(["sofia", "kiel"]) | json_values),
        "action": draw(st.sampled_from(["upsert", "delete"]) | json_values),
        "revision": draw(st.integers(min_value=-2, max_value=2**64) | json_values),
        "updated_at": draw(
            st.sampled_from(["2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123456Z"]) | json_values
        ),
    }
    if draw(st.booleans()):
        change["translations"] = draw(translations | json_values)
        try:
            right = content_hash(change["translations"])
        except (TypeError, ValueError, ProtocolError):
            right = "sha256:" + "0" * 64
        change["content_hash"] = draw(st.just(right) | json_values)
    if draw(st.booleans()):
        change["reason"] = draw(st.sampled_from(["deleted", "unpublished"]) | json_values)
    extra = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=2))
    return {**extra, **change}


@FUZZ
@given(
    st.fixed_dictionaries(
        {
            "format": st.sampled_from(["clusterweb.federation/1"]) | json_values,
            "origin": st.sampled_from(["sofia"]) | json_values,
            "cursor": st.integers(min_value=0, max_value=10**6).map(cursor_encode) | json_values,
            "has_more": st.booleans() | json_values,
            "changes": st.lists(changes() | json_values, max_size=6),
        }
    )
)
def test_feed_parser_on_nearly_valid_pages(page):
    """Guards: every per-change check (ids, origins, types, revisions, timestamps, hashes,
    field kinds) turns bad input into a rejected change or a ProtocolError."""
    parses_or_protocol_error(json.dumps(page))


# --- sanitised HTML -----------------------------------------------------------------

DANGEROUS_TAGS = ["script", "img", "svg", "iframe", "a", "style", "object", "embed", "math"]
TAGS = [*DANGEROUS_TAGS, "p", "b", "form", "base", "meta", "link", "input", "h2", "ul", "li"]
ATTRIBUTES = ["onclick", "OnError", "onload", "href", "src", "style", "xlink:href",
              "formaction", "srcdoc", "data", "action", "class"]  # fmt: skip
SCHEMES = ["javascript:", "JaVaScRiPt:", "vbscript:", "VBScript:", "data:", "DATA:",
           "java\tscript:", "java\nscript:", " javascript:", "\x01javascript:",
           "&#106;avascript:", "&#x6A;avascript:", "&#0000106;avascript:", "javascript&colon;",
           "jav&#x09;ascript:", "https://", "mailto:", "//", ""]  # fmt: skip
PAYLOADS = ["alert(1)", "text/html;base64,PHNjcmlwdD4=", "msgbox(1)", "example.org/x"]


@st.composite
def attribute(draw):
    name = draw(st.sampled_from(["href", "src"]) | st.sampled_from(ATTRIBUTES))
    value = draw(st.sampled_from(SCHEMES)) + draw(st.sampled_from(PAYLOADS))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote:
        value = value.replace(" ", "")
    spacing = draw(st.sampled_from([" ", "\n", "\t", "/"]))
    return f"{spacing}{name}={quote}{value}{quote}"


@st.composite
def html_pieces(draw):
    tag = draw(st.sampled_from(["a", "img", "script", "svg"]) | st.sampled_from(TAGS))
    case = draw(st.sampled_from([str.lower, str.upper, str.title]))
    kind = draw(st.integers(0, 6))
    if kind >= 4:  # start tags most often: they carry the attacks
        attrs = "".join(draw(st.lists(attribute(), max_size=3)))
        close = draw(st.sampled_from([">", "/>", " >", ">", ""]))
        return f"<{case(tag)}{attrs}{close}"
    if kind == 1:
        return f"</{case(tag)}>"
    if kind == 2:
        return draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<", ">", "&", "\x00"]))
    if kind == 3:
        return draw(st.sampled_from(PAYLOADS + SCHEMES))
    return draw(st.text(max_size=10))


class ActiveContent(HTMLParser):
    """Collects what a browser would treat as active in parsed HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.handlers, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if re.fullmatch(r"on\w+", name):
                self.handlers.append(name)
            if name in ("href", "src", "xlink:href", "action", "formaction", "data"):
                self.urls.append(value or "")

    handle_startendtag = handle_starttag


def url_scheme(url: str) -> str:
    """The scheme a browser sees: ASCII whitespace and control characters removed."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


@FUZZ
@given(st.lists(html_pieces(), max_size=25).map("".join))
def test_sanitised_html_has_no_active_content(html):
    """Guards: html_sanitize (nh3 with our allow-lists): after parsing the output there
    is no script or other active element, no on* handler, and no href/src whose
    scheme is javascript:, vbscript: or data:; only the rich-text tags survive."""
    parser = ActiveContent()
    parser.feed(html_sanitize(html))
    parser.close()

    assert set(parser.tags) <= RICH_TEXT_TAGS
    assert "script" not in parser.tags
    assert parser.handlers == []
    for url in parser.urls:
        assert url_scheme(url) in ("", "http", "https", "mailto"), url


@FUZZ
@given(st.lists(html_pieces(), max_size=25).map("".join))
def test_sanitising_is_stable(html):
    """Guards: sanitised output is a fixed point (cleaning it again changes nothing), so
    nothing dangerous can be assembled by a second pass, e.g. when a mirror is re-sent."""
    once = html_sanitize(html)
    assert html_sanitize(once) == once
