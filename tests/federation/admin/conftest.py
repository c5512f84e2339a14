"""Users, peers and federated items for the Federation admin tests."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.users.models import UserProfile

from federation.models import Peer
from federation.protocol import cursor_encode
from sites.core.services import EDITORS, editor_groups_ensure
from tests.support.factories import mirror_item_create


def login(client, user):
    # The admin speaks the user's language (else the cluster's, pl): read it in English.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def editor_make(django_user_model):
    """A member of the Editors group: admin access, no federation permission."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(editor_groups_ensure()[EDITORS])
    return user


def manager_make(django_user_model):
    """Not a superuser: admin access plus federation.manage_federation."""
    user = django_user_model.objects.create_user("manager", "manager@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="federation", codename="manage_federation"),
    )
    return user


@pytest.fixture
def superuser_client(client, django_user_model, db):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    return login(client, user)


@pytest.fixture
def editor_client(client, django_user_model, db):
    return login(client, editor_make(django_user_model))


@pytest.fixture
def manager_client(client, django_user_model, db):
    return login(client, manager_make(django_user_model))


def peer_make(slug="sofia", **fields):
    defaults = {"name": slug.title(), "base_url": f"https://{slug}.example.org"}
    return Peer.objects.create(slug=slug, **{**defaults, **fields})


def peer_synced(slug="sofia", *, ok=True, cursor=0, head=0, **fields):
    """A peer whose last sync at a fixed time succeeded (``ok``) or failed."""
    at = timezone.now() - datetime.timedelta(minutes=5)
    return peer_make(
        slug,
        last_sync_at=at,
        last_success_at=at if ok else at - datetime.timedelta(days=1),
        last_error="" if ok else "PeerUnreachable: GET https://x/ failed: refused",
        cursor=cursor_encode(cursor),
        remote_head=cursor_encode(head),
        **fields,
    )


def mirror_item_make(*, origin="sofia", type="news.article", titles=None, deleted=False, **fields):
    titles = titles or {"en": "A network story"}
    return mirror_item_create(
        origin=origin,
        type=type,
        translations={language: {"title": title} for language, title in titles.items()},
        deleted=deleted,
        **{"revision": 7, **fields},
    )
