"""manage.py search rebuild / status."""

import io

import pytest
from django.core.management import call_command

from plugins.search.models import IndexedDocument

from .conftest import article_fields, doc, mirror_create, query, titles
from .content import Site

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("search", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_rebuild_indexes_local_content_and_mirrors_and_drops_the_rest(search_backend, home_pages):
    site = Site(home_pages)
    site.news_page("Laboratorium genomiki")
    site.member("Genomed", sectors=["diagnostics"])
    mirror_create(origin="sofia", translations={"en": article_fields("Genome day")})
    search_backend.documents_index([doc("Genome leftover", cluster="gone")])

    output = run("rebuild")

    assert "Indexed 3 documents." in output
    assert sorted(titles(search_backend.search(query("genom")))) == [
        "Genome day",
        "Genomed",
        "Laboratorium genomiki",
    ]
    assert not IndexedDocument.objects.filter(cluster="gone").exists()


def test_status_counts_and_says_when_the_index_is_stale(search_backend, home_pages):
    Site(home_pages).news_page("Laboratorium")
    stale = run("status")
    assert "Documents in the index: 0 (the content has 1)" in stale
    assert "out of date" in stale
    run("rebuild")
    fresh = run("status")
    assert "Documents in the index: 1 (the content has 1)" in fresh
    assert "by cluster: testland: 1" in fresh and "out of date" not in fresh
