"""The dashboard's Network health panel."""

import re
import time

import pytest
from django.urls import reverse

from federation.models import ChangeEntry

from .conftest import mirror_item_make, peer_make, peer_synced
from .html import compact

pytestmark = pytest.mark.django_db


def panel(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = compact(response.content.decode())
    start = html.index('id="federation-health')
    return html[start:]


def state_of(html: str, peer_name: str) -> str:
    match = re.search(
        rf'<th scope="row">{peer_name}.*?<span class="federation-state[^"]*">([^<]+)<', html
    )
    assert match, f"no row for {peer_name}"
    return match.group(1)


def test_panel_shows_each_peers_state_as_text(superuser_client, home_pages):
    peer_synced("sofia", ok=True, cursor=10, head=13)
    peer_synced("kiel", ok=False)
    peer_synced("lublin", ok=False, breaker={"failures": 5, "opened_at": time.time()})
    peer_make("izmir")

    html = panel(superuser_client)

    assert state_of(html, "Sofia") == "OK"
    assert state_of(html, "Kiel") == "Failing"
    assert state_of(html, "Lublin") == "Breaker open"
    assert state_of(html, "Izmir") == "Never synced"
    assert "3 changes behind" in html
    assert reverse("federation_peers:index") in html


def test_panel_counts_federated_items_per_type_and_our_feed(superuser_client, home_pages):
    import uuid

    mirror_item_make(type="news.article")
    mirror_item_make(type="news.article")
    mirror_item_make(type="news.article", deleted=True)  # a tombstone is no item
    mirror_item_make(type="directory.member")
    for _ in range(3):
        ChangeEntry.objects.create(object_id=uuid.uuid4(), type="news.article", action="upsert")

    html = panel(superuser_client)

    assert "<li><code>directory.member</code>: 1</li>" in html
    assert "<li><code>news.article</code>: 2</li>" in html
    assert "3 changes in our feed" in html


def test_editors_see_the_panel_without_the_peers_link(editor_client, home_pages):
    peer_synced("sofia", ok=False)

    html = panel(editor_client)

    assert state_of(html, "Sofia") == "Failing"
    assert reverse("federation_peers:index") not in html
