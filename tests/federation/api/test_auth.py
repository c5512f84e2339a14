"""Every federation request must carry a fresh, untampered signature of a known peer key."""

import time

import pytest

from federation.models import Nonce, Peer
from federation.protocol import Notify, notify_dump_bytes
from federation.services import peer_add

from ..feeds import page_bytes
from ..misbehaving_peer import valid
from .conftest import PeerKey

CHANGES = "/federation/v1/changes?limit=5"
NOTIFY = "/federation/v1/notify"


def notice(origin="kiel", cursor="c1.0") -> bytes:
    return notify_dump_bytes(Notify(origin=origin, cursor=cursor))


def get(client, path, headers):
    return client.get(path, headers=headers)


def post(client, path, body, headers):
    return client.post(path, data=body, content_type="application/json", headers=headers)


def assert_refused(response, reason: str):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "unauthorized"
    assert response.json()["message"].startswith(f"{reason}:")


def test_a_signed_request_of_a_known_peer_is_served(client, kiel, kiel_key):
    response = get(client, CHANGES, kiel_key.headers("GET", CHANGES))

    assert response.status_code == 200
    assert response.json()["origin"] == "testland"


@pytest.mark.parametrize("path", [CHANGES, NOTIFY])
def test_an_unsigned_request_is_refused_with_a_json_error(client, kiel, path):
    response = client.get(path) if path == CHANGES else post(client, path, notice(), {})
    assert_refused(response, "missing_header")


@pytest.mark.parametrize(
    ("signed_path", "sent_path"),
    [
        (CHANGES, "/federation/v1/changes?limit=6"),  # query
        (CHANGES, "/federation/v1/changes?limit=5&since=c1.0"),  # query extended
        ("/federation/v1/changez?limit=5", CHANGES),  # path
    ],
)
def test_a_tampered_path_or_query_is_refused(client, kiel, kiel_key, signed_path, sent_path):
    response = get(client, sent_path, kiel_key.headers("GET", signed_path))
    assert_refused(response, "bad_signature")


def test_a_tampered_body_is_refused(client, kiel, kiel_key):
    headers = kiel_key.headers("POST", NOTIFY, notice(cursor="c1.1"))

    response = post(client, NOTIFY, notice(cursor="c1.ff"), headers)

    assert_refused(response, "digest_mismatch")


def test_a_tampered_body_with_a_recomputed_digest_is_refused(client, kiel, kiel_key):
    headers = kiel_key.headers("POST", NOTIFY, notice(cursor="c1.1"))
    forged = kiel_key.headers("POST", NOTIFY, notice(cursor="c1.ff"))
    headers["Content-Digest"] = forged["Content-Digest"]

    response = post(client, NOTIFY, notice(cursor="c1.ff"), headers)

    assert_refused(response, "bad_signature")


def test_a_signature_for_another_method_is_refused(client, kiel, kiel_key):
    response = post(client, NOTIFY, notice(), kiel_key.headers("GET", NOTIFY, notice()))
    assert_refused(response, "bad_signature")


def test_an_expired_signature_is_refused(client, kiel, kiel_key):
    headers = kiel_key.headers("GET", CHANGES, created=int(time.time()) - 301)
    assert_refused(get(client, CHANGES, headers), "expired")


def test_a_signature_from_the_future_is_refused(client, kiel, kiel_key):
    headers = kiel_key.headers("GET", CHANGES, created=int(time.time()) + 120)
    assert_refused(get(client, CHANGES, headers), "future")


def test_a_replayed_request_is_refused_the_second_time(client, kiel, kiel_key):
    headers = kiel_key.headers("GET", CHANGES)

    assert get(client, CHANGES, headers).status_code == 200
    assert_refused(get(client, CHANGES, headers), "replay")
    assert Nonce.objects.filter(key_id=kiel_key.key_id).count() == 1


def test_a_replayed_notice_is_refused_the_second_time(client, kiel, kiel_key, server):
    server.script(*[valid(page_bytes(seq=0, origin="kiel"))] * 2)
    headers = kiel_key.headers("POST", NOTIFY, notice())

    assert post(client, NOTIFY, notice(), headers).status_code == 202
    assert_refused(post(client, NOTIFY, notice(), headers), "replay")
    assert len(server.requests) == 1  # only the first notice triggered a pull


def test_an_unknown_key_is_refused(client, kiel):
    stranger = PeerKey()
    assert_refused(get(client, CHANGES, stranger.headers("GET", CHANGES)), "unknown_key")


def test_a_disabled_peer_is_refused(client, kiel, kiel_key):
    Peer.objects.filter(pk=kiel.pk).update(enabled=False)
    assert_refused(get(client, CHANGES, kiel_key.headers("GET", CHANGES)), "unknown_key")


def test_during_rotation_both_keys_are_accepted_and_a_third_pushes_the_oldest_out(
    client, kiel, kiel_key
):
    second, third = PeerKey(), PeerKey()
    peer_add(slug="kiel", base_url=kiel.base_url, public_key=second.public_pem)

    for key in (kiel_key, second):
        assert get(client, CHANGES, key.headers("GET", CHANGES)).status_code == 200

    peer_add(slug="kiel", base_url=kiel.base_url, public_key=third.public_pem)

    assert_refused(get(client, CHANGES, kiel_key.headers("GET", CHANGES)), "unknown_key")
    for key in (second, third):
        assert get(client, CHANGES, key.headers("GET", CHANGES)).status_code == 200
    assert len(Peer.objects.get(slug="kiel").public_keys) == 2


def test_adding_the_same_key_again_keeps_one_copy(kiel, kiel_key):
    peer = peer_add(slug="kiel", base_url=kiel.base_url, public_key=kiel_key.public_pem)
    assert peer.public_keys == [kiel_key.public_pem.strip() + "\n"]
