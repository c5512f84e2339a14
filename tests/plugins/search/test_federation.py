"""Peers' content in the index: every applied federation page queues one index batch,
which makes the mirrors' documents what the mirror tables hold (the suite's task
backend runs it at once)."""

import datetime
import uuid

import pytest
from django_tasks import task_backends

from federation.client import CircuitBreaker
from federation.models import MirrorItem, Peer
from federation.protocol import (
    NEWS_ARTICLE,
    FeedPage,
    change_delete,
    change_upsert,
    cursor_encode,
    feed_page_dump_bytes,
)
from federation.sync.engine import peer_sync
from plugins.core.hooks import hook_call
from plugins.search.backends.base import SearchQuery

from .conftest import article_fields, mirror_create, query, titles

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)


def applied(origin, *, upserted=(), deleted=()):
    hook_call(
        "federation_page_applied",
        origin=origin,
        upserted_ids=[str(i) for i in upserted],
        deleted_ids=[str(i) for i in deleted],
    )


def test_an_applied_page_indexes_the_upserted_mirrors(search_backend):
    item = mirror_create(
        origin="sofia",
        translations={
            "bg": article_fields("Геномен център", language="bg"),
            "en": article_fields("Genome centre in Sofia", language="en"),
        },
    )
    applied("sofia", upserted=[item.object_id])
    results = search_backend.search(query("genome", language="pl"))
    assert titles(results) == ["Genome centre in Sofia"]
    assert results.hits[0].document.cluster == "sofia"
    bulgarian = search_backend.search(query("Геномен", language="bg"))
    assert titles(bulgarian) == ["Геномен център"]


def test_tombstones_remove_every_document_of_the_object(search_backend):
    item = mirror_create(
        origin="sofia",
        translations={
            "bg": article_fields("Протеин", language="bg"),
            "en": article_fields("Protein day", language="en"),
        },
    )
    other = mirror_create(origin="sofia", translations={"en": article_fields("Protein week")})
    applied("sofia", upserted=[item.object_id, other.object_id])
    MirrorItem.objects.filter(pk=item.pk).update(deleted_at=T0)
    applied("sofia", deleted=[item.object_id])
    assert titles(search_backend.search(query("protein", language="en"))) == ["Protein week"]
    assert search_backend.search(query("протеин", language="bg")).total == 0


def test_an_upsert_drops_translations_the_object_no_longer_has(search_backend):
    item = mirror_create(
        origin="kiel",
        translations={
            "de": article_fields("Meeresforschung", language="de"),
            "en": article_fields("Marine research", language="en"),
        },
    )
    applied("kiel", upserted=[item.object_id])
    item.translations.filter(language="de").delete()
    applied("kiel", upserted=[item.object_id])
    german = SearchQuery(text="meeres", language="de", filters={"language": "de"})
    assert search_backend.search(german).total == 0
    assert titles(search_backend.search(query("marine"))) == ["Marine research"]


def test_a_peer_cannot_remove_another_clusters_documents(search_backend, home_pages):
    from .content import Site

    page = Site(home_pages).news_page("Genomika lokalna")
    from plugins.search.services import search_objects_reindex

    search_objects_reindex(object_ids=[page.translation_key])
    applied("sofia", deleted=[page.translation_key])
    assert titles(search_backend.search(query("genomika"))) == ["Genomika lokalna"]


class FeedTransport:
    """A peer serving prepared feed pages, one per request."""

    def __init__(self, *pages: FeedPage):
        self.pages = list(pages)
        self.breaker = CircuitBreaker()

    def fetch_changes(self, cursor, limit):
        return feed_page_dump_bytes(self.pages.pop(0))


def article_change(object_id, revision, title):
    fields = article_fields(title, language="en", origin="sofia")
    return change_upsert(
        id=object_id,
        type=NEWS_ARTICLE,
        origin="sofia",
        revision=revision,
        updated_at=T0 + datetime.timedelta(seconds=revision),
        translations={"en": fields},
    )


def test_a_sync_updates_the_index_after_each_page_commits(
    search_backend, django_capture_on_commit_callbacks
):
    peer = Peer.objects.create(slug="sofia", name="BHC", base_url="http://127.0.0.1:9")
    kept, dropped = str(uuid.uuid4()), str(uuid.uuid4())
    first = FeedPage(
        origin="sofia",
        cursor=cursor_encode(2),
        has_more=True,
        changes=[
            article_change(kept, 1, "Vaccine plant"),
            article_change(dropped, 2, "Vaccine fair"),
        ],
    )
    second = FeedPage(
        origin="sofia",
        cursor=cursor_encode(3),
        has_more=False,
        changes=[
            change_delete(id=dropped, type=NEWS_ARTICLE, origin="sofia", revision=3, updated_at=T0)
        ],
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = peer_sync(peer=peer, transport=FeedTransport(first, second))
    assert run.ok, run.error
    assert len(callbacks) >= 2  # one index batch per applied page
    assert titles(search_backend.search(query("vaccine", language="en"))) == ["Vaccine plant"]


def test_a_synced_peer_project_is_found_by_its_goals_and_partners(
    search_backend, django_capture_on_commit_callbacks
):
    from ...federation.feeds import project

    peer = Peer.objects.create(slug="sofia", name="BHC", base_url="http://127.0.0.1:9")
    page = FeedPage(
        origin="sofia",
        cursor=cursor_encode(1),
        has_more=False,
        changes=[
            project(
                1,
                1,
                title="BioCenter",
                languages=("en",),
                goals=["Open a centre for life-science start-ups"],
                partners=["Sofia Tech Park"],
                partner_ids=[""],
            )
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = peer_sync(peer=peer, transport=FeedTransport(page))
    assert run.ok, run.error

    results = search_backend.search(query("start-ups", language="en", type="project"))
    assert titles(results) == ["BioCenter (en)"]
    assert results.hits[0].document.cluster == "sofia"
    assert titles(search_backend.search(query("Tech Park", language="en"))) == ["BioCenter (en)"]


def test_with_a_real_queue_the_sync_does_not_wait_and_the_queued_batches_index_it(
    search_backend, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    peer = Peer.objects.create(slug="sofia", name="BHC", base_url="http://127.0.0.1:9")
    kept, dropped = str(uuid.uuid4()), str(uuid.uuid4())
    first = FeedPage(
        origin="sofia",
        cursor=cursor_encode(2),
        has_more=True,
        changes=[article_change(kept, 1, "Tram depot"), article_change(dropped, 2, "Tram fair")],
    )
    second = FeedPage(
        origin="sofia",
        cursor=cursor_encode(3),
        has_more=False,
        changes=[
            change_delete(id=dropped, type=NEWS_ARTICLE, origin="sofia", revision=3, updated_at=T0)
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = peer_sync(peer=peer, transport=FeedTransport(first, second))
    assert run.ok, run.error
    assert search_backend.search(query("tram", language="en")).total == 0  # queued, not run

    queued = task_backends["default"].results
    assert len(queued) == 2  # one batch per applied page
    for result in reversed(queued):  # out of order: each batch reads the mirrors' state
        result.task.call(*result.args, **result.kwargs)
    assert titles(search_backend.search(query("tram", language="en"))) == ["Tram depot"]
