"""The partner API's usage log is pruned: rows older than the retention go, newer stay."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from plugins.syndication import services
from plugins.syndication.models import PartnerRequest
from plugins.syndication.services import partner_requests_prune

from .conftest import key_make

pytestmark = pytest.mark.django_db


def log_rows(key, *ages_in_days):
    now = timezone.now()
    PartnerRequest.objects.bulk_create(
        PartnerRequest(key=key, path=f"/api/v1/news?n={n}", status=200, at=now - age)
        for n, age in enumerate(datetime.timedelta(days=d) for d in ages_in_days)
    )


def ages():
    now = timezone.now()
    return sorted(round((now - at).total_seconds() / 86400) for at in
                  PartnerRequest.objects.values_list("at", flat=True))  # fmt: skip


def test_prune_deletes_only_rows_older_than_the_given_age():
    key, _ = key_make()
    log_rows(key, 1, 29, 31, 400)

    deleted = partner_requests_prune(older_than=datetime.timedelta(days=30))

    assert deleted == 2
    assert ages() == [1, 29]
    assert partner_requests_prune(older_than=datetime.timedelta(days=30)) == 0


def test_the_default_retention_is_read_from_settings_at_call_time(settings):
    """Guards: SYNDICATION_REQUEST_LOG_DAYS (default 90) is read when pruning."""
    key, _ = key_make()
    log_rows(key, 10, 89, 91)
    del settings.SYNDICATION_REQUEST_LOG_DAYS  # not set: the default
    assert partner_requests_prune() == 1
    assert ages() == [10, 89]

    settings.SYNDICATION_REQUEST_LOG_DAYS = 7

    assert partner_requests_prune() == 2
    assert ages() == []


def test_prune_works_through_more_rows_than_one_batch(monkeypatch):
    key, _ = key_make()
    monkeypatch.setattr(services, "PRUNE_BATCH", 3)
    log_rows(key, *([100] * 7), 5)

    assert partner_requests_prune() == 7
    assert ages() == [5]


def test_the_management_command_prunes(capsys, settings):
    key, _ = key_make()
    log_rows(key, 2, 20, 200)
    settings.SYNDICATION_REQUEST_LOG_DAYS = 30

    call_command("syndication", "prune-requests")
    assert ages() == [2, 20]
    call_command("syndication", "prune-requests", "--days", "10")
    assert ages() == [2]
    call_command("syndication", "prune-requests", "--days", "0")
    assert ages() == []
    assert "Deleted 1 partner API requests older than 0 days." in capsys.readouterr().out
