import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from federation.protocol import (
    FORMAT,
    REJECT_FOREIGN_ORIGIN,
    REJECT_INVALID,
    REJECT_UNKNOWN_TYPE,
    Change,
    FeedPage,
    Notify,
    ProtocolError,
    Text,
    TypeRegistry,
    change_delete,
    change_upsert,
    changes_compact,
    content_hash,
    cursor_decode,
    cursor_encode,
    feed_limit_parse,
    feed_page_dump,
    feed_page_dump_bytes,
    feed_page_parse,
    html,
    image,
    notify_dump,
    notify_dump_bytes,
    notify_parse,
    register_type,
    scalar,
    text_list,
    type_get,
    url,
)

GOLDEN = Path(__file__).parent / "golden"
NEWS_ID = "0b6f1c52-3f0e-4d6a-9a57-2c1de4a0b001"
MEMBER_ID = "5d2e8a41-7c3b-4f19-8e6d-1a9b0c7d2002"
GONE_ID = "e3c4b5a6-1d2e-4f30-9a8b-7c6d5e4f3003"
ITEM_ID = "11111111-2222-4333-8444-55555555abcd"
EN_NEWS = {
    "title": "A short note",
    "slug": "a-short-note",
    "date": "2026-01-05",
    "url": "https://sofia.example.org/en/news/a-short-note/",
}


def golden_text(name):
    return (GOLDEN / name).read_text(encoding="utf-8")


def as_golden(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def news_change(**overrides):
    translations = overrides.pop("translations", {"en": dict(EN_NEWS)})
    change = {
        "id": ITEM_ID,
        "type": "news.article",
        "origin": "sofia",
        "action": "upsert",
        "revision": 1,
        "updated_at": "2026-01-05T00:00:00Z",
        "content_hash": content_hash(translations),
        "translations": translations,
    }
    change.update(overrides)
    return change


def page_with(*changes, **overrides):
    page = {"format": FORMAT, "origin": "sofia", "cursor": "c1.1", "has_more": False}
    page["changes"] = list(changes)
    page.update(overrides)
    return json.dumps(page)


def parse_one(change):
    return feed_page_parse(page_with(change), expected_origin="sofia")


# --- golden files -----------------------------------------------------------------


def test_golden_feed_page_parses_to_the_expected_objects():
    page = feed_page_parse(golden_text("feed_page_valid.json"), expected_origin="sofia")

    assert (page.origin, page.cursor, page.has_more, page.rejected) == ("sofia", "c1.2a", False, [])
    news, member, gone = page.changes
    assert (news.id, news.type, news.action, news.revision) == (
        NEWS_ID,
        "news.article",
        "upsert",
        7,
    )
    assert news.updated_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert set(news.translations) == {"bg", "en"}
    assert news.translations["bg"]["title"] == "Стартира БиоЦентър София"
    assert news.translations["en"]["topics"] == ["Partnerships", "Biotechnology"]
    assert news.translations["en"]["image"]["width"] == 800
    assert news.content_hash == content_hash(news.translations)
    assert (member.id, member.type, member.translations["en"]["name"]) == (
        MEMBER_ID,
        "directory.member",
        "Sofia Tech Park",
    )
    assert member.translations["en"]["website"] is None
    assert gone == Change(
        id=GONE_ID,
        type="directory.member",
        origin="sofia",
        action="delete",
        revision=8,
        updated_at=datetime(2026, 1, 3, 10, 20, 30, tzinfo=UTC),
        reason="unpublished",
    )


@pytest.mark.parametrize(
    "name", ["feed_page_valid.json", "feed_page_rejections.json", "feed_page_project.json"]
)
def test_dump_of_parsed_golden_feed_page_is_the_golden_file_exactly(name):
    page = feed_page_parse(golden_text(name), expected_origin="sofia")

    assert as_golden(feed_page_dump(page)) == golden_text(name)
    assert feed_page_dump_bytes(page, indent=2).decode() + "\n" == golden_text(name)


def test_golden_project_page_carries_partners_with_their_member_ids():
    page = feed_page_parse(golden_text("feed_page_project.json"), expected_origin="sofia")

    project, gone = page.changes
    assert (project.type, project.action, page.rejected) == ("projects.project", "upsert", [])
    english = project.translations["en"]
    assert english["partners"] == ["Sofia Municipality", "Sofia Tech Park"]
    assert english["partner_ids"][1] == MEMBER_ID  # the member of feed_page_valid.json
    assert (english["start_date"], english["end_date"]) == (None, None)
    assert project.content_hash == content_hash(project.translations)
    assert (gone.type, gone.action, gone.reason) == ("projects.project", "delete", "unpublished")


def test_golden_rejections_come_back_with_codes_and_do_not_block_the_page():
    page = feed_page_parse(golden_text("feed_page_rejections.json"), expected_origin="sofia")

    assert [c.id for c in page.changes] == ["11111111-2222-4333-8444-555555555003"]
    assert [(r.index, r.code) for r in page.rejected] == [
        (0, REJECT_UNKNOWN_TYPE),
        (1, REJECT_FOREIGN_ORIGIN),
        (3, REJECT_INVALID),
        (4, REJECT_INVALID),
    ]
    assert "events.event" in page.rejected[0].reason
    assert "content_hash" in page.rejected[2].reason
    assert "'EN'" in page.rejected[3].reason
    assert page.has_more is True


def test_golden_notify_round_trips_exactly():
    notify = notify_parse(golden_text("notify_valid.json").encode(), expected_origin="sofia")

    assert notify == Notify(origin="sofia", cursor="c1.2a")
    assert as_golden(notify_dump(notify)) == golden_text("notify_valid.json")
    assert notify_parse(notify_dump_bytes(notify), expected_origin="sofia") == notify


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("invalid_feed_page_format_2.json", "unsupported format 'clusterweb.federation/2'"),
        ("invalid_feed_page_not_object.json", "must be a JSON object"),
        ("invalid_feed_page_has_more_empty.json", "has_more but carries no changes"),
        ("invalid_feed_page_truncated.json", "not valid JSON"),
    ],
)
def test_invalid_golden_feed_pages_raise_a_clear_protocol_error(name, message):
    with pytest.raises(ProtocolError, match=message):
        feed_page_parse(golden_text(name), expected_origin="sofia")


def test_invalid_golden_notify_raises():
    with pytest.raises(ProtocolError, match="cursor"):
        notify_parse(golden_text("invalid_notify_no_cursor.json"), expected_origin="sofia")


# --- round trips --------------------------------------------------------------------


def test_built_page_round_trips_through_dump_and_parse():
    when = datetime(2026, 2, 3, 4, 5, 6, 789000, tzinfo=UTC)
    page = FeedPage(
        origin="kiel",
        cursor=cursor_encode(99),
        has_more=True,
        changes=[
            change_upsert(
                id=ITEM_ID,
                type="projects.project",
                origin="kiel",
                revision=4,
                updated_at=when,
                translations={
                    "de": {"title": "P.I.L.O.T.", "slug": "pilot", "url": "https://k.example/p/"},
                    "en": {"title": "P.I.L.O.T.", "slug": "pilot", "goals": ["one", "two"]}
                    | {"url": "https://k.example/en/p/", "start_date": "2026-01-01"},
                },
            ),
            change_delete(
                id=NEWS_ID, type="news.article", origin="kiel", revision=5, updated_at=when
            ),
        ],
    )

    assert feed_page_parse(feed_page_dump_bytes(page), expected_origin="kiel") == page


def test_delete_without_reason_round_trips():
    tombstone = {k: v for k, v in news_change(action="delete").items() if k in {"id", "type"}}
    tombstone |= {"origin": "sofia", "action": "delete", "revision": 2}
    tombstone["updated_at"] = "2026-01-05T00:00:00Z"
    page = parse_one(tombstone)

    assert page.changes[0].reason is None
    assert feed_page_dump(page)["changes"] == [tombstone]


def test_unknown_fields_are_ignored_and_the_hash_covers_what_was_kept():
    translations = {"en": {**EN_NEWS, "mood": "sunny", "image": {"url": "https://x.example/i.jpg"}}}
    translations["en"]["image"]["focal_point"] = [1, 2]
    raw = news_change(translations=translations, colour="blue")
    page = feed_page_parse(page_with(raw, extra={"a": 1}), expected_origin="sofia")

    (change,) = page.changes
    assert "mood" not in change.translations["en"]
    assert change.translations["en"]["image"] == {"url": "https://x.example/i.jpg"}
    assert change.content_hash == content_hash(change.translations) != raw["content_hash"]
    assert feed_page_parse(feed_page_dump_bytes(page), expected_origin="sofia") == page


# --- page-level errors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe", "not UTF-8"),
        ("", "not valid JSON"),
        ('{"format": NaN}', "NaN is not valid JSON"),
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (page_with(format=None), "unsupported format None"),
        (page_with(origin="kiel"), "comes from origin 'kiel', expected 'sofia'"),
        (page_with(origin="Sofia!"), "is not a cluster slug"),
        (page_with(cursor=""), "cursor '' is missing or malformed"),
        (page_with(cursor="a b"), "cursor 'a b' is missing or malformed"),
        (page_with(has_more="no"), "has_more must be true or false"),
        (page_with(changes={}), "changes must be a list"),
        (page_with(*[{}] * 501), "501 changes, the limit is 500"),
    ],
)
def test_malformed_pages_raise_protocol_error(raw, message):
    with pytest.raises(ProtocolError, match=message):
        feed_page_parse(raw, expected_origin="sofia")


def test_parse_refuses_non_text_input():
    with pytest.raises(ProtocolError, match="must be bytes or str"):
        feed_page_parse(123, expected_origin="sofia")


# --- change-level rejections -------------------------------------------------------

LONG = "x" * 100_001


@pytest.mark.parametrize(
    ("change", "code", "reason"),
    [
        ("not an object", REJECT_INVALID, "must be a JSON object"),
        (news_change(id="not-a-uuid"), REJECT_INVALID, "is not a lowercase UUID"),
        (news_change(id=ITEM_ID.upper()), REJECT_INVALID, "is not a lowercase UUID"),
        (news_change(origin=None), REJECT_INVALID, "origin None is not a cluster slug"),
        (news_change(origin="kiel"), REJECT_FOREIGN_ORIGIN, "may only publish its own items"),
        (news_change(type="events.event"), REJECT_UNKNOWN_TYPE, "unknown type 'events.event'"),
        (news_change(type=7), REJECT_UNKNOWN_TYPE, "unknown type 7"),
        (news_change(action="patch"), REJECT_INVALID, "action must be 'upsert' or 'delete'"),
        (news_change(revision=0), REJECT_INVALID, "revision must be a positive integer"),
        (news_change(revision=True), REJECT_INVALID, "revision must be a positive integer"),
        (news_change(revision="3"), REJECT_INVALID, "revision must be a positive integer"),
        (news_change(updated_at="2026-01-05 00:00:00"), REJECT_INVALID, "UTC timestamp"),
        (news_change(updated_at="2026-02-30T00:00:00Z"), REJECT_INVALID, "day is out of range"),
        (news_change(content_hash="md5:abc"), REJECT_INVALID, "content_hash must be"),
        (news_change(content_hash="sha256:" + "0" * 64), REJECT_INVALID, "does not match"),
        (news_change(reason="deleted"), REJECT_INVALID, "only a delete carries a reason"),
        (news_change(translations=[]), REJECT_INVALID, "translations must be an object"),
        (news_change(translations={}), REJECT_INVALID, "at least one translation"),
        (news_change(translations={"en-gb": EN_NEWS}), REJECT_INVALID, "two lowercase letters"),
        (news_change(translations={"en": "x"}), REJECT_INVALID, "translations.en.expected an"),
        (
            news_change(
                translations={f"{a}{b}": EN_NEWS for a in "abc" for b in "abcdefghijklmnopq"}
            ),
            REJECT_INVALID,
            "51 translations, the limit is 50",
        ),
    ],
)
def test_bad_changes_are_rejected_with_a_reason(change, code, reason):
    page = parse_one(change)

    assert page.changes == []
    (rejected,) = page.rejected
    assert rejected.code == code
    assert reason in rejected.reason
    assert rejected.raw == change
    assert rejected.index == 0


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None}, "title: required field is missing or empty"),
        ({"title": "  "}, "title: required field is missing or empty"),
        ({"title": 5}, "title: expected text (string), got int"),
        ({"title": "x" * 501}, "title: text is 501 characters long, the limit is 500"),
        ({"summary": LONG}, "summary: text is 100001 characters long, the limit is 100000"),
        ({"body_html": LONG}, "body_html: html is 100001 characters long"),
        ({"summary": "a\x00b"}, "summary: text contains a NUL character"),
        ({"date": "05.01.2026"}, "date: expected a date YYYY-MM-DD"),
        ({"date": "2026-13-01"}, "date: invalid date"),
        ({"url": "ftp://x.example/"}, "url: url 'ftp://x.example/' is not an absolute http(s)"),
        ({"url": "/en/news/x/"}, "url: url '/en/news/x/' is not an absolute http(s) URL"),
        ({"url": "https://x.example/a b"}, "url: url 'https://x.example/a b' contains whitespace"),
        ({"url": "https://[::1/"}, "url: malformed url"),
        ({"topics": "Biotech"}, "topics: expected a list of text, got str"),
        ({"topics": ["ok", 3]}, "topics: item 1: expected text (string), got int"),
        ({"topics": ["t"] * 201}, "topics: list has 201 items, the limit is 200"),
        ({"image": "https://x.example/i.jpg"}, "image: expected an image object, got str"),
        ({"image": {"alt": "no url"}}, "image: image has no url"),
        (
            {"image": {"url": "https://x.example/i", "sha256": "ABC"}},
            "image: image sha256 must be 64",
        ),
        (
            {"image": {"url": "https://x.example/i", "width": 0}},
            "image: image width must be a positive",
        ),
        (
            {"image": {"url": "https://x.example/i", "height": 1.5}},
            "image: image height must be a positive",
        ),
        ({"image": {"url": "https://x.example/i", "alt": 1}}, "image: expected image alt"),
    ],
)
def test_field_kind_violations_are_rejected(fields, reason):
    page = parse_one(news_change(translations={"en": {**EN_NEWS, **fields}}))

    (rejected,) = page.rejected
    assert rejected.code == REJECT_INVALID
    assert f"translations.en.{reason}" in rejected.reason


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"translations": {}}, "carries no translations or content_hash"),
        ({"content_hash": "sha256:" + "0" * 64}, "carries no translations or content_hash"),
        ({"reason": "gone"}, "delete reason must be one of"),
    ],
)
def test_bad_tombstones_are_rejected(extra, reason):
    tombstone = {"id": ITEM_ID, "type": "news.article", "origin": "sofia", "action": "delete"}
    tombstone |= {"revision": 3, "updated_at": "2026-01-05T00:00:00Z", **extra}

    (rejected,) = parse_one(tombstone).rejected
    assert reason in rejected.reason


def test_one_bad_change_does_not_hide_the_good_ones():
    good = news_change()
    page = feed_page_parse(page_with(news_change(revision=-1), good), expected_origin="sofia")

    assert [c.revision for c in page.changes] == [1]
    assert [r.index for r in page.rejected] == [0]


# --- type registry ----------------------------------------------------------------


def test_plugin_types_validate_their_own_fields_in_a_separate_registry():
    registry = TypeRegistry()
    registry.register(
        "events.event",
        fields={"title": Text(max_length=10), "body": html, "link": url, "seats": scalar},
        required={"title"},
    )
    ok = news_change(type="events.event", translations={"en": {"title": "Expo", "seats": 40}})
    bad = news_change(type="events.event", translations={"en": {"title": "Expo", "seats": [1]}})
    page = feed_page_parse(page_with(ok, bad), expected_origin="sofia", registry=registry)

    assert page.changes[0].translations == {"en": {"title": "Expo", "seats": 40}}
    assert "seats: expected a JSON scalar, got list" in page.rejected[0].reason
    # The default registry does not know the plugin's type.
    assert parse_one(ok).rejected[0].code == REJECT_UNKNOWN_TYPE


@pytest.mark.parametrize("value", ["text", 3, 2.5, True, None])
def test_scalar_kind_accepts_json_scalars(value):
    registry = TypeRegistry()
    registry.register("x.y", fields={"v": scalar})
    page = feed_page_parse(
        page_with(news_change(type="x.y", translations={"en": {"v": value}})),
        expected_origin="sofia",
        registry=registry,
    )
    assert page.changes[0].translations["en"]["v"] == value


def test_register_type_is_idempotent_but_refuses_conflicts():
    registry = TypeRegistry()
    first = registry.register("x.y", fields={"name": str, "tags": text_list})

    assert registry.register("x.y", fields={"name": str, "tags": text_list}) == first
    with pytest.raises(ValueError, match="already registered"):
        registry.register("x.y", fields={"name": image})


@pytest.mark.parametrize(
    ("name", "fields", "required", "message"),
    [
        ("events", {"a": str}, (), "must look like '<plugin>.<kind>'"),
        ("events.Event", {"a": str}, (), "must look like"),
        ("events.event", {"Title": str}, (), "lower_snake_case"),
        ("events.event", {"a": int}, (), "is not a field kind"),
        ("events.event", {"a": str}, ("b",), r"required fields \['b'\] unknown"),
    ],
)
def test_register_type_validates_declarations(name, fields, required, message):
    with pytest.raises(ValueError, match=message):
        TypeRegistry().register(name, fields=fields, required=required)


def test_builtin_types_are_registered_globally():
    member = type_get("directory.member")

    assert member.fields["logo"] == image
    assert member.fields["sectors"] == text_list
    assert type_get("projects.project").required == {"title", "slug", "url"}
    news = type_get("news.article")
    assert register_type("news.article", fields=news.fields, required=news.required) == news
    with pytest.raises(ValueError, match="already registered"):
        register_type("news.article", fields={"title": str})


# --- cursor, limit, hash, compaction, notify -----------------------------------------


@pytest.mark.parametrize("seq", [0, 1, 42, 2**63 - 1])
def test_cursor_round_trips(seq):
    assert cursor_decode(cursor_encode(seq)) == seq


@pytest.mark.parametrize("seq", [-1, 2**63, True, 1.0, "1"])
def test_cursor_encode_refuses_bad_sequences(seq):
    with pytest.raises(ProtocolError):
        cursor_encode(seq)


@pytest.mark.parametrize(
    "cursor", ["", "42", "c1.", "c1.-1", "c1.01", "c1.2A", "c1.2a\n", "c2.2a", "c1.1" + "0" * 16, 5]
)
def test_malformed_cursors_raise_protocol_error(cursor):
    with pytest.raises(ProtocolError):
        cursor_decode(cursor)


@pytest.mark.parametrize(
    ("raw", "limit"), [(None, 500), ("", 500), ("1", 1), ("80", 80), ("9999", 500)]
)
def test_feed_limit_defaults_and_caps(raw, limit):
    assert feed_limit_parse(raw) == limit


@pytest.mark.parametrize("raw", ["0", "-5", "ten", "1.5", "١٢", "9" * 10])
def test_feed_limit_refuses_garbage(raw):
    with pytest.raises(ProtocolError, match="limit must be a positive integer"):
        feed_limit_parse(raw)


def test_content_hash_is_canonical():
    a = {"en": {"title": "Ä", "slug": "a"}, "bg": {"title": "Б"}}
    b = {"bg": {"title": "Б"}, "en": {"slug": "a", "title": "Ä"}}
    canonical = '{"bg":{"title":"Б"},"en":{"slug":"a","title":"Ä"}}'.encode()
    import hashlib

    assert content_hash(a) == content_hash(b) == "sha256:" + hashlib.sha256(canonical).hexdigest()
    assert content_hash({"en": {"title": "a"}}) != content_hash({"en": {"title": "b"}})


def test_changes_compact_keeps_the_latest_per_id_in_order_of_last_occurrence():
    when = datetime(2026, 1, 1, tzinfo=UTC)

    def change(item_id, revision):
        return change_delete(
            id=item_id, type="news.article", origin="sofia", revision=revision, updated_at=when
        )

    a1, b2, a3, c4, b5 = (
        change("a", 1),
        change("b", 2),
        change("a", 3),
        change("c", 4),
        change("b", 5),
    )

    assert changes_compact([a1, b2, a3, c4, b5]) == [a3, c4, b5]
    assert changes_compact([]) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[]", "must be a JSON object"),
        ('{"format": "x", "origin": "sofia", "cursor": "c1.1"}', "unsupported format 'x'"),
        (json.dumps({"format": FORMAT, "origin": "kiel", "cursor": "c1.1"}), "expected 'sofia'"),
    ],
)
def test_bad_notify_bodies_raise(body, message):
    with pytest.raises(ProtocolError, match=message):
        notify_parse(body, expected_origin="sofia")
