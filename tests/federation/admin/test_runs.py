"""The Sync runs admin: a read-only log, newest first, filterable, with an inspect view."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from federation.models import SyncRun

from .conftest import login, peer_make
from .html import headers, rows

pytestmark = pytest.mark.django_db

INDEX = "federation_runs:index"


def run_make(peer, *, minutes_ago, ok=True, **fields):
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return SyncRun.objects.create(
        peer=peer,
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=2.5),
        ok=ok,
        **fields,
    )


def test_runs_are_listed_newest_first_with_their_counts(superuser_client):
    sofia = peer_make("sofia")
    run_make(sofia, minutes_ago=30, trigger="schedule", created=1)
    run_make(
        sofia,
        minutes_ago=5,
        trigger="admin",
        pages=2,
        created=4,
        updated=3,
        deleted=1,
        unchanged=9,
        rejected=2,
    )
    run_make(sofia, minutes_ago=60, ok=False, error="PeerUnreachable: refused")

    html = superuser_client.get(reverse(INDEX)).content.decode()

    assert headers(html)[:12] == [
        "Started at",
        "Peer",
        "Result",
        "Trigger",
        "Pages",
        "Created",
        "Updated",
        "Deleted",
        "Unchanged",
        "Rejected",
        "Duration",
        "Error",
    ]
    listed = rows(html)
    assert len(listed) == 3
    assert ">admin<" in listed[0] and ">schedule<" in listed[1]
    for count in ("2", "4", "3", "1", "9", "2"):
        assert f"<td>{count}</td>" in listed[0]
    assert ">2.5 s<" in listed[0]
    assert ">Failed<" in listed[2] and "PeerUnreachable: refused" in listed[2]


def test_runs_filter_by_peer_and_result(superuser_client):
    sofia, kiel = peer_make("sofia"), peer_make("kiel")
    run_make(sofia, minutes_ago=1, trigger="sofia-ok")
    run_make(sofia, minutes_ago=2, ok=False, trigger="sofia-failed")
    run_make(kiel, minutes_ago=3, trigger="kiel-ok")

    by_peer = superuser_client.get(reverse(INDEX), {"peer": kiel.pk}).content.decode()
    failed = superuser_client.get(reverse(INDEX), {"ok": "false"}).content.decode()

    assert [">kiel-ok<" in row for row in rows(by_peer)] == [True]
    assert [">sofia-failed<" in row for row in rows(failed)] == [True]


def test_inspect_shows_the_rejections(superuser_client):
    run = run_make(
        peer_make("sofia"),
        minutes_ago=1,
        rejected=1,
        rejections=[{"id": "abc-123", "code": "invalid", "reason": "title: too long"}],
    )

    response = superuser_client.get(reverse("federation_runs:inspect", args=[run.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rejected changes" in html
    assert "abc-123" in html and "title: too long" in html
    assert "2.5 s" in html


def test_runs_cannot_be_added_changed_or_deleted(superuser_client):
    run = run_make(peer_make("sofia"), minutes_ago=1, created=4)

    for url in (
        reverse("federation_runs:add"),
        reverse("federation_runs:edit", args=[run.pk]),
        reverse("federation_runs:delete", args=[run.pk]),
    ):
        assert superuser_client.get(url).status_code == 403, url
        assert superuser_client.post(url, {"created": "0"}).status_code == 403, url

    assert SyncRun.objects.get(pk=run.pk).created == 4


def test_editors_do_not_see_the_runs(editor_client):
    run = run_make(peer_make("sofia"), minutes_ago=1)

    assert editor_client.get(reverse(INDEX)).status_code == 403
    assert editor_client.get(reverse("federation_runs:inspect", args=[run.pk])).status_code == 403


def test_the_duration_column_is_translated_as_the_time_a_run_took(client, django_user_model):
    """Guards: the pgettext context of the column's "Duration": without it the label
    takes the projects plugin's "Duration" (a project's start to end), e.g. Polish
    "Okres realizacji" instead of "Czas trwania"."""
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    login(client, user)
    profile = user.wagtail_userprofile
    profile.preferred_language = "pl"
    profile.save()
    run_make(peer_make("sofia"), minutes_ago=1)

    html = client.get(reverse(INDEX)).content.decode()

    assert "Czas trwania" in headers(html)
    assert "Okres realizacji" not in html
