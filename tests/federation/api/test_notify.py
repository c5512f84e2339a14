"""POST /federation/v1/notify: a known peer's notice triggers a pull from that peer."""

import pytest

from federation.models import SyncRun
from federation.protocol import Notify, notify_dump_bytes

from ..feeds import article, page_bytes
from ..misbehaving_peer import valid

pytestmark = pytest.mark.django_db
NOTIFY = "/federation/v1/notify"


def post_notice(client, key, body):
    headers = key.headers("POST", NOTIFY, body)
    return client.post(NOTIFY, data=body, content_type="application/json", headers=headers)


def test_a_notice_is_accepted_and_pulls_from_the_peer(client, kiel, kiel_key, server):
    server.script(valid(page_bytes(article(1, 1, origin="kiel"), seq=1, origin="kiel")))

    response = post_notice(client, kiel_key, notify_dump_bytes(Notify("kiel", "c1.1")))

    assert response.status_code == 202
    assert response.json() == {"accepted": True, "cursor": "c1.1"}
    (request,) = server.requests
    assert request.path == "/federation/v1/changes?limit=500"
    run = SyncRun.objects.get(peer=kiel)
    assert (run.trigger, run.ok, run.created) == ("notify", True, 1)


def test_a_notice_naming_another_origin_is_a_400(client, kiel, kiel_key, server):
    response = post_notice(client, kiel_key, notify_dump_bytes(Notify("sofia", "c1.1")))

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert server.requests == []


@pytest.mark.parametrize("body", [b"", b"{", b'{"format": "clusterweb.federation/1"}'])
def test_a_malformed_notice_is_a_400(client, kiel, kiel_key, server, body):
    assert post_notice(client, kiel_key, body).status_code == 400
    assert server.requests == []


def test_a_notice_while_the_peer_is_down_is_still_accepted(client, kiel, kiel_key, server):
    # The pull fails (nothing scripted), the notice itself was fine.
    response = post_notice(client, kiel_key, notify_dump_bytes(Notify("kiel", "c1.1")))

    assert response.status_code == 202
    assert not SyncRun.objects.get(peer=kiel).ok


def test_only_post_is_allowed(client, kiel, kiel_key):
    assert client.get(NOTIFY, headers=kiel_key.headers("GET", NOTIFY)).status_code == 405
