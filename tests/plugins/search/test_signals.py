"""This cluster's publishes, unpublishes, saves and deletes reach the index on commit.

The tests run inside a transaction that never commits; ``commit`` runs the index
batches waiting for the commit, as Django would after a real one.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from plugins.directory.models import Sector
from plugins.search.models import IndexedDocument
from plugins.search.signals import IndexBatch

from .conftest import query, titles
from .content import Site

pytestmark = pytest.mark.django_db


def pending_batches() -> list[IndexBatch]:
    return [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], IndexBatch)]


def commit():
    """Run (and forget) the index batches that wait for the commit."""
    batches = pending_batches()
    connection.run_on_commit = [
        entry for entry in connection.run_on_commit if entry[1] not in batches
    ]
    for batch in batches:
        batch()


@pytest.fixture
def site(home_pages, search_backend):
    site = Site(home_pages)
    commit()
    return site


def test_publishing_and_unpublishing_news_updates_the_index(search_backend, site):
    page = site.news_page("Szczepionka", live=False)
    commit()
    assert search_backend.search(query("szczepionka")).total == 0
    page.save_revision().publish()
    commit()
    assert titles(search_backend.search(query("szczepionka"))) == ["Szczepionka"]
    page.refresh_from_db()  # publishing worked on a copy of the page
    page.unpublish()
    commit()
    assert search_backend.search(query("szczepionka")).total == 0


def test_deleting_a_project_removes_it(search_backend, site):
    project = site.project("Peptydy")
    commit()
    assert titles(search_backend.search(query("peptydy"))) == ["Peptydy"]
    project.delete()
    commit()
    assert search_backend.search(query("peptydy")).total == 0


def test_member_saves_sector_changes_and_deletes_update_the_index(search_backend, site):
    member = site.member("Biomaxima", sectors=["pharmacy"])
    commit()
    assert search_backend.search(query("biomaxima")).facets["sector"] == {"pharmacy": 1}
    member.name = "Biomaxima Plus"
    member.sectors.add(*Sector.objects.filter(slug="medtech"))  # written by save()
    member.save()
    commit()
    results = search_backend.search(query("biomaxima"))
    assert titles(results) == ["Biomaxima Plus"]
    assert results.facets["sector"] == {"pharmacy": 1, "medtech": 1}
    member.delete()
    commit()
    assert search_backend.search(query("biomaxima")).total == 0


def test_changes_of_one_transaction_are_indexed_in_one_batch(search_backend, site):
    with transaction.atomic():
        for n in range(5):
            site.news_page(f"Enzymy {n}", live=False).save_revision().publish()
    (batch,) = pending_batches()
    assert len(batch.object_ids) == 5
    with CaptureQueriesContext(connection) as captured:
        commit()
    assert search_backend.search(query("enzymy")).total == 5
    assert len(captured) < 40  # a constant number of queries, not some per object


def test_a_rolled_back_change_leaves_the_index_alone(site, search_backend):
    with pytest.raises(RuntimeError), transaction.atomic():
        site.news_page("Wycofana", live=False).save_revision().publish()
        raise RuntimeError
    commit()
    assert not IndexedDocument.objects.filter(title="Wycofana").exists()
