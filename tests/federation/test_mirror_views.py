"""Mirrored members on the receiving site: network-only fields stay with its staff."""

import uuid

import pytest
from django.utils import timezone

from federation.models import MirrorItem, Peer
from tests.support.factories import mirror_item_create


@pytest.fixture
def mirrored_member(home_pages):
    Peer.objects.create(slug="sofia", name="BHC Bulgaria", base_url="http://127.0.0.1:9")
    fields = {
        "name": "Sofia Tech Park",
        "slug": "sofia-tech-park",
        "email": "office@example.org",
        "city": "Sofia",
        "country": "BG",
        "url": "http://sofia.example.org/en/members/sofia-tech-park/",
        "network_only": ["email"],
    }
    row = {"title": fields["name"], "url": fields["url"], "data": fields}
    return mirror_item_create(type="directory.member", revision=3, translations={"en": row})


def test_the_public_does_not_see_network_only_fields(client, mirrored_member):
    response = client.get(f"/en/network/sofia/{mirrored_member.object_id}/")
    assert response.status_code == 200
    assert "Sofia Tech Park" in response.text and "BHC Bulgaria" in response.text
    assert "office@example.org" not in response.text
    assert 'rel="canonical" href="http://sofia.example.org/en/members/sofia-tech-park/"' in (
        response.text
    )


def test_staff_see_network_only_fields(client, django_user_model, mirrored_member):
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(f"/en/network/sofia/{mirrored_member.object_id}/")
    assert "office@example.org" in response.text


def test_a_tombstoned_or_unknown_item_is_not_found(client, mirrored_member):
    MirrorItem.objects.update(deleted_at=timezone.now())
    assert client.get(f"/en/network/sofia/{mirrored_member.object_id}/").status_code == 404
    assert client.get(f"/en/network/sofia/{uuid.uuid4()}/").status_code == 404
