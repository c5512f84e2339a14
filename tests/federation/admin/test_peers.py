"""The Peers admin: health columns, the edit form, "Sync now" and "Sync all"."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from federation.keys import signing_key_generate
from federation.models import Peer, SyncRun
from federation.signing import keypair_generate

from .conftest import editor_make, login, manager_make, peer_make, peer_synced
from .html import headers, row_of

pytestmark = pytest.mark.django_db

INDEX = "federation_peers:index"
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens, connecting fails fast


@pytest.fixture
def fast_failing_transport(settings):
    settings.FEDERATION_TRANSPORT = {
        "BACKEND": "federation.client.PeerClient",
        "OPTIONS": {"retries": 0, "connect_timeout": 0.5},
    }
    signing_key_generate()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_peers_list_shows_each_peers_health(superuser_client):
    peer_synced("sofia", ok=True, cursor=40, head=42)
    peer_synced("kiel", ok=False, cursor=3, head=3)
    peer_make("izmir")

    response = superuser_client.get(reverse(INDEX))

    assert response.status_code == 200
    html = response.content.decode()
    assert headers(html) == [
        "Slug",
        "Name",
        "Base URL",
        "Enabled",
        "State",
        "Last sync",
        "Last success",
        "Lag",
        "Breaker",
        "Last error",
        "Sync",
    ]
    sofia = row_of(html, "sofia")
    assert "federation-state--ok" in sofia and ">OK<" in sofia
    assert ">2 changes behind<" in sofia
    assert "https://sofia.example.org" in sofia
    kiel = row_of(html, "kiel")
    assert ">Failing<" in kiel
    assert "PeerUnreachable: GET https://x/ failed: refused" in kiel
    assert "0 changes behind" in kiel
    izmir = row_of(html, "izmir")
    assert ">Never synced<" in izmir and "Unknown" in izmir
    assert reverse("federation_peers:sync", args=[Peer.objects.get(slug="izmir").pk]) in izmir
    assert reverse("federation_peers:sync_all") in html


def test_open_breaker_is_shown_on_the_peer(superuser_client):
    import time

    peer_synced("lublin", ok=False, breaker={"failures": 5, "opened_at": time.time()})

    html = superuser_client.get(reverse(INDEX)).content.decode()

    row = row_of(html, "lublin")
    assert ">Breaker open<" in row
    assert "Open (retry in" in row


def test_sync_now_enqueues_a_sync_that_runs_and_records_its_failure(
    superuser_client, fast_failing_transport
):
    peer = peer_make("sofia", base_url=UNREACHABLE)

    response = superuser_client.post(reverse("federation_peers:sync", args=[peer.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse(INDEX)
    assert messages_of(response) == ["Sync from sofia queued; its run appears under Sync runs."]
    run = SyncRun.objects.get(peer=peer)
    assert run.trigger == "admin"
    assert run.ok is False
    assert "PeerUnreachable" in run.error
    peer.refresh_from_db()
    assert peer.last_error == run.error


def test_sync_now_only_enqueues(superuser_client, monkeypatch):
    calls = []

    class FakeTask:
        def enqueue(self, **kwargs):
            calls.append(kwargs)

    monkeypatch.setattr("federation.admin.views.peer_sync_task", FakeTask())
    peer = peer_make("sofia", base_url=UNREACHABLE)

    response = superuser_client.post(reverse("federation_peers:sync", args=[peer.pk]))

    assert response.status_code == 302
    assert calls == [{"peer_slug": "sofia", "trigger": "admin"}]
    assert not SyncRun.objects.exists()  # nothing ran inside the request


def test_sync_now_refuses_get(superuser_client, fast_failing_transport):
    peer = peer_make("sofia", base_url=UNREACHABLE)

    response = superuser_client.get(reverse("federation_peers:sync", args=[peer.pk]))

    assert response.status_code == 405
    assert not SyncRun.objects.exists()


def test_sync_now_on_a_disabled_peer_does_nothing(superuser_client, fast_failing_transport):
    peer = peer_make("sofia", base_url=UNREACHABLE, enabled=False)

    response = superuser_client.post(reverse("federation_peers:sync", args=[peer.pk]))

    assert response.status_code == 302
    assert messages_of(response) == ["sofia is disabled: enable it to sync."]
    assert not SyncRun.objects.exists()


def test_sync_all_enqueues_every_enabled_peer(superuser_client, fast_failing_transport):
    peer_make("sofia", base_url=UNREACHABLE)
    peer_make("kiel", base_url=UNREACHABLE)
    peer_make("izmir", base_url=UNREACHABLE, enabled=False)

    response = superuser_client.post(reverse("federation_peers:sync_all"))

    assert response.status_code == 302
    assert messages_of(response) == ["Sync queued for 2 peers."]
    synced = set(SyncRun.objects.values_list("peer__slug", flat=True))
    assert synced == {"sofia", "kiel"}


def test_editor_cannot_see_peers_nor_sync(editor_client, fast_failing_transport):
    peer = peer_make("sofia", base_url=UNREACHABLE)

    assert editor_client.get(reverse(INDEX)).status_code == 403
    assert editor_client.get(reverse("federation_peers:edit", args=[peer.pk])).status_code == 403
    assert editor_client.post(reverse("federation_peers:sync", args=[peer.pk])).status_code == 403
    assert editor_client.post(reverse("federation_peers:sync_all")).status_code == 403
    assert not SyncRun.objects.exists()


def test_federation_manager_can_see_peers_and_sync(manager_client, fast_failing_transport):
    peer = peer_make("sofia", base_url=UNREACHABLE)

    assert manager_client.get(reverse(INDEX)).status_code == 200
    response = manager_client.post(reverse("federation_peers:sync", args=[peer.pk]))

    assert response.status_code == 302
    assert SyncRun.objects.filter(peer=peer, trigger="admin").count() == 1


def test_menu_shows_peers_to_managers_and_only_content_to_editors(client, django_user_model):
    login(client, manager_make(django_user_model))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) in html
    assert reverse("federation_runs:index") in html
    assert reverse("federation_content:index") in html

    login(client, editor_make(django_user_model))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) not in html
    assert reverse("federation_runs:index") not in html
    assert reverse("federation_content:index") in html


# --- the edit form ------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "name": "Sofia cluster",
        "base_url": "https://sofia.example.org",
        "enabled": "on",
        "public_keys": "",
    }
    data.update(overrides)
    return data


def test_edit_form_saves_each_pem_key(superuser_client):
    peer = peer_make("sofia")
    first, second = keypair_generate()[1], keypair_generate()[1]

    response = superuser_client.post(
        reverse("federation_peers:edit", args=[peer.pk]),
        form_data(public_keys=f"{first}\n\n{second}"),
    )

    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.public_keys == [first.strip() + "\n", second.strip() + "\n"]
    assert peer.name == "Sofia cluster"


def test_edit_form_shows_the_keys_one_after_the_other(superuser_client):
    key = keypair_generate()[1]
    peer = peer_make("sofia", public_keys=[key])

    html = superuser_client.get(reverse("federation_peers:edit", args=[peer.pk])).content.decode()

    assert "-----BEGIN PUBLIC KEY-----" in html
    assert "[&#x27;" not in html and "[&quot;" not in html  # not a Python or JSON list


@pytest.mark.parametrize(
    "text, message",
    [
        ("not a key", "Paste PEM public keys only"),
        (
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "Key 1 is not a valid Ed25519 public key.",
        ),
        ("", "This field is required."),
    ],
)
def test_edit_form_refuses_bad_keys(superuser_client, text, message):
    key = keypair_generate()[1]
    peer = peer_make("sofia", public_keys=[key])

    response = superuser_client.post(
        reverse("federation_peers:edit", args=[peer.pk]), form_data(public_keys=text)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    peer.refresh_from_db()
    assert peer.public_keys == [key]


def test_edit_form_refuses_more_than_two_keys(superuser_client):
    peer = peer_make("sofia")
    keys = "\n".join(keypair_generate()[1] for _ in range(3))

    response = superuser_client.post(
        reverse("federation_peers:edit", args=[peer.pk]), form_data(public_keys=keys)
    )

    assert response.status_code == 200
    assert "At most 2 keys" in response.content.decode()


def test_a_peer_cannot_be_deleted_from_the_admin(superuser_client):
    peer = peer_make("sofia")

    url = reverse("federation_peers:delete", args=[peer.pk])

    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url).status_code == 403
    assert Peer.objects.filter(pk=peer.pk).exists()


def test_a_peer_can_be_added_with_its_slug(superuser_client):
    key = keypair_generate()[1]

    response = superuser_client.post(
        reverse("federation_peers:add"), form_data(slug="kiel", public_keys=key)
    )

    assert response.status_code == 302
    peer = Peer.objects.get(slug="kiel")
    assert peer.public_keys == [key.strip() + "\n"]
    assert peer.cursor == ""
