import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from plugins.news.models import NewsPage
from plugins.news.selectors import news_list

from .factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_page_with_future_go_live_is_published_by_publish_scheduled(
    client, indexes, locales, monkeypatch
):
    page = NewsPageFactory(parent=indexes["pl"], slug="later", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert page.has_unpublished_changes
    assert list(news_list(locale=locales["pl"])) == []
    assert client.get("/pl/aktualnosci/later/").status_code == 404

    call_command("publish_scheduled")  # not due yet
    assert not NewsPage.objects.get(pk=page.pk).live

    revision.refresh_from_db()
    assert revision.approved_go_live_at == page.go_live_at
    # Two hours later, the scheduler's run makes the page live.
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert list(news_list(locale=locales["pl"])) == [page]
    assert client.get("/pl/aktualnosci/later/").status_code == 200
