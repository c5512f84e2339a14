"""plan_apply: values prepared ahead (in the sync's validation thread) are stored
exactly as values prepared in the page's transaction, and preparing needs no database."""

import json

import pytest

from federation.models import MirrorItem, MirrorTranslation, Peer
from federation.sync.operations import mirror_held, page_prepare, plan_apply
from federation.sync.planner import Held, sync_plan

from ..feeds import SOFIA, article, member, page_of, tombstone

pytestmark = pytest.mark.django_db


def stored() -> dict:
    items = MirrorItem.objects.values_list(
        "object_id", "type", "revision", "content_hash", "updated_at", "deleted_at"
    )
    translations = MirrorTranslation.objects.values_list(
        "item__object_id", "language", "title", "summary", "date", "url", "data"
    )
    return {
        "items": sorted((str(oid), *rest[:4], rest[4] is not None) for oid, *rest in items),
        "translations": sorted(
            (str(oid), *rest, json.dumps(data, sort_keys=True)) for oid, *rest, data in translations
        ),
    }


def apply(page, *, ahead: bool) -> dict:
    MirrorTranslation.objects.all().delete()
    MirrorItem.objects.all().delete()
    peer, _ = Peer.objects.get_or_create(slug=SOFIA, base_url="http://127.0.0.1:9")
    prepared = page_prepare(page) if ahead else None
    held = mirror_held(origin=SOFIA, object_ids=[c.id for c in page.changes])
    plan_apply(plan=sync_plan(page=page, held=held), peer=peer, prepared=prepared)
    return stored()


def test_values_prepared_ahead_are_stored_as_values_prepared_in_the_transaction():
    page = page_of(article(1, 1), member(2, 2), tombstone(3, 3), article(4, 4), seq=4)
    assert apply(page, ahead=True) == apply(page, ahead=False)
    assert len(stored()["items"]) == 4
    assert len(stored()["translations"]) == 2 + 1 + 2


def test_preparing_a_page_queries_nothing(django_assert_num_queries):
    page = page_of(article(1, 1), member(2, 2), tombstone(3, 3), seq=3)
    with django_assert_num_queries(0):
        prepared = page_prepare(page)
    assert [prepared.of(c).object_id is not None for c in page.changes] == [True] * 3
    assert prepared.of(page.changes[2]).translations == []


def test_held_state_is_read_by_ids_or_by_the_prepared_keys():
    peer = Peer.objects.create(slug=SOFIA, base_url="http://127.0.0.1:9")
    page = page_of(article(1, 5), tombstone(3, 7), seq=7)
    plan_apply(plan=sync_plan(page=page, held={}), peer=peer)
    asked = page_of(article(1, 6), member(2, 1), tombstone(3, 8), seq=8)
    held = mirror_held(origin=SOFIA, object_ids=[c.id for c in asked.changes])
    assert held == mirror_held(origin=SOFIA, keys=page_prepare(asked).keys)
    assert held == {
        asked.changes[0].id: Held(
            revision=5, deleted=False, content_hash=page.changes[0].content_hash
        ),
        asked.changes[2].id: Held(revision=7, deleted=True, content_hash=""),
    }
    assert mirror_held(origin="lublin", object_ids=[c.id for c in asked.changes]) == {}
