"""The API through a real HTTP server, with our own PeerClient as the calling peer."""

import uuid

import pytest
import requests

from federation.client import PeerClient, PeerError
from federation.models import ChangeEntry, SyncRun
from federation.protocol import NEWS_ARTICLE, feed_page_parse
from federation.services import peer_add

from ..feeds import page_bytes
from ..misbehaving_peer import valid
from .conftest import PeerKey


def as_kiel(api_server, key) -> PeerClient:
    session = requests.Session()
    session.trust_env = False
    return PeerClient(
        api_server,
        key_id=key.key_id,
        private_key_pem=key.private_pem,
        origin="kiel",
        read_timeout=5,
        retries=0,
        session=session,
    )


def test_a_peer_client_pages_through_our_feed(api_server, kiel, kiel_key):
    ids = [uuid.uuid4() for _ in range(3)]
    for n, object_id in enumerate(ids):
        ChangeEntry.objects.create(
            object_id=object_id,
            type=NEWS_ARTICLE,
            action="upsert",
            translations={
                "en": {
                    "title": f"A{n}",
                    "slug": f"a{n}",
                    "date": "2026-01-02",
                    "url": "https://t.example/",
                }
            },
        )
    client = as_kiel(api_server, kiel_key)

    first = feed_page_parse(client.fetch_changes(None, 2), expected_origin="testland")
    second = feed_page_parse(client.fetch_changes(first.cursor, 2), expected_origin="testland")

    assert [c.id for c in first.changes + second.changes] == [str(i) for i in ids]
    assert (first.has_more, second.has_more) == (True, False)


def test_a_malformed_cursor_is_a_400_for_a_peer_client(api_server, kiel, kiel_key):
    with pytest.raises(PeerError) as raised:
        as_kiel(api_server, kiel_key).fetch_changes("c1.zz")
    assert raised.value.status == 400


def test_a_client_with_an_unknown_key_gets_a_401(api_server, kiel):
    with pytest.raises(PeerError) as raised:
        as_kiel(api_server, PeerKey()).fetch_changes(None)
    assert raised.value.status == 401
    assert "unknown_key" in raised.value.snippet


def test_a_notice_from_a_peer_client_triggers_a_pull(api_server, kiel, kiel_key, server):
    server.script(valid(page_bytes(seq=0, origin="kiel")))

    as_kiel(api_server, kiel_key).notify("c1.0")

    (request,) = server.requests
    assert request.path.startswith("/federation/v1/changes")
    run = SyncRun.objects.get(peer=kiel)
    assert (run.trigger, run.ok) == ("notify", True)


def test_a_peer_client_signing_with_either_rotated_key_is_served(api_server, kiel, kiel_key):
    new_key = PeerKey()
    peer_add(slug="kiel", base_url=kiel.base_url, public_key=new_key.public_pem)

    for key in (kiel_key, new_key):
        page = feed_page_parse(
            as_kiel(api_server, key).fetch_changes(None), expected_origin="testland"
        )
        assert page.changes == []

    peer_add(slug="kiel", base_url=kiel.base_url, public_key=PeerKey().public_pem)
    with pytest.raises(PeerError) as raised:
        as_kiel(api_server, kiel_key).fetch_changes(None)
    assert raised.value.status == 401
