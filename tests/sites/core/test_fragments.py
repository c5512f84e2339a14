"""Cached fragments (the menu, the language alternates, the news listing) change with
every kind of content change, are never shared between sites or languages, and follow
a change made by another process (the generation is read from the database)."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, Site

from federation.models import MirrorItem, Peer
from plugins.core.hooks import hook_call
from sites.core.fragments import (
    CachedSequence,
    content_generation,
    content_generation_bump,
    fragment_cached,
)
from sites.core.models import ContentGeneration, HomePage, StandardPage
from tests.plugins.news.factories import NewsPageFactory, news_indexes
from tests.support.factories import mirror_item_create

pytestmark = pytest.mark.django_db


def menu(client, path="/pl/", **extra) -> list[str]:
    html = client.get(path, **extra).text
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def alternates(client, path) -> dict[str, str]:
    html = client.get(path).text
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def menu_page(parent, title, slug, **kwargs) -> StandardPage:
    page = StandardPage(title=title, slug=slug, show_in_menus=True, **kwargs)
    parent.add_child(instance=page)
    return page


def test_a_published_menu_page_appears_in_the_cached_menu(client, home_pages):
    menu_page(home_pages["pl"], "O nas", "o-nas")
    assert menu(client) == ["O nas"]
    draft = StandardPage(title="Kontakt", slug="kontakt", show_in_menus=True, live=False)
    home_pages["pl"].add_child(instance=draft)
    assert menu(client) == ["O nas"]  # a draft is not in the menu
    draft.save_revision().publish()
    assert menu(client) == ["O nas", "Kontakt"]


def test_renaming_unpublishing_and_deleting_a_page_change_the_menu(client, home_pages):
    about = menu_page(home_pages["pl"], "O nas", "o-nas")
    other = menu_page(home_pages["pl"], "Kontakt", "kontakt")
    assert menu(client) == ["O nas", "Kontakt"]
    about.title = "O klastrze"
    about.save_revision().publish()
    assert menu(client) == ["O klastrze", "Kontakt"]
    about.unpublish()
    assert menu(client) == ["Kontakt"]
    Page.objects.get(pk=other.pk).delete()
    assert menu(client) == []


def test_moving_a_page_changes_the_menu_and_its_url(client, home_pages):
    about = menu_page(home_pages["pl"], "O nas", "o-nas")
    section = menu_page(home_pages["pl"], "Klaster", "klaster")
    assert client.get("/pl/o-nas/").status_code == 200
    Page.objects.get(pk=about.pk).move(section, pos="last-child")
    assert menu(client) == ["Klaster"]
    # Not found at the old path (the cached route is gone); Wagtail's automatic
    # redirect for a moved page answers instead.
    old = client.get("/pl/o-nas/")
    assert (old.status_code, old["Location"]) == (301, "/pl/klaster/o-nas/")
    assert client.get("/pl/klaster/o-nas/").status_code == 200


def test_each_language_has_its_own_menu(client, home_pages):
    menu_page(home_pages["pl"], "O nas", "o-nas")
    menu_page(home_pages["en"], "About", "about")
    assert menu(client, "/pl/") == ["O nas"]
    assert menu(client, "/en/") == ["About"]
    assert menu(client, "/pl/") == ["O nas"]


def test_each_site_has_its_own_menu(client, home_pages):
    root = Page.get_first_root_node()
    other_home = HomePage(title="Inna", slug="inna", locale=home_pages["pl"].locale)
    root.add_child(instance=other_home)
    Site.objects.create(hostname="other.test", port=80, root_page=other_home)
    menu_page(home_pages["pl"], "O nas", "o-nas")
    menu_page(other_home, "Projekty", "projekty")
    assert menu(client, "/pl/") == ["O nas"]
    assert menu(client, "/pl/", HTTP_HOST="other.test") == ["Projekty"]
    assert menu(client, "/pl/") == ["O nas"]


def test_the_current_page_is_marked_in_the_cached_menu(client, home_pages):
    menu_page(home_pages["pl"], "O nas", "o-nas")
    menu_page(home_pages["pl"], "Kontakt", "kontakt")
    html = client.get("/pl/kontakt/").text
    assert '<a href="/pl/kontakt/" aria-current="page">Kontakt</a>' in html
    html = client.get("/pl/o-nas/").text
    assert '<a href="/pl/o-nas/" aria-current="page">O nas</a>' in html
    assert '<a href="/pl/kontakt/">Kontakt</a>' in html


def test_alternates_follow_a_translation_being_published_and_unpublished(client, home_pages):
    pl = menu_page(home_pages["pl"], "O nas", "o-nas")
    assert "en" not in alternates(client, "/pl/o-nas/")
    en = StandardPage(
        title="About",
        slug="about",
        locale=home_pages["en"].locale,
        translation_key=pl.translation_key,
    )
    home_pages["en"].add_child(instance=en)
    assert alternates(client, "/pl/o-nas/")["en"] == "http://testserver/en/about/"
    en.slug = "about-us"
    en.save_revision().publish()
    assert alternates(client, "/pl/o-nas/")["en"] == "http://testserver/en/about-us/"
    en.unpublish()
    assert "en" not in alternates(client, "/pl/o-nas/")


def test_a_synced_peer_item_appears_in_the_cached_news_index(client, home_pages):
    indexes = news_indexes(home_pages)
    NewsPageFactory(parent=indexes["en"], title="Local news", locale=home_pages["en"].locale)
    assert "Peer news" not in client.get("/en/news/").text
    Peer.objects.create(slug="sofia", name="BHC Bulgaria", base_url="http://127.0.0.1:9")
    item = _mirror_add(title="Peer news")
    # What the sync engine calls once the applied page of changes is committed.
    hook_call(
        "federation_page_applied", origin="sofia", upserted_ids=[item.object_id], deleted_ids=[]
    )
    html = client.get("/en/news/").text
    assert "Peer news" in html and "BHC Bulgaria" in html


def test_a_local_news_page_appears_in_the_cached_news_index(client, home_pages):
    indexes = news_indexes(home_pages)
    NewsPageFactory(parent=indexes["en"], title="First", locale=home_pages["en"].locale)
    assert "First" in client.get("/en/news/").text
    NewsPageFactory(parent=indexes["en"], title="Second", locale=home_pages["en"].locale)
    html = client.get("/en/news/").text
    assert "First" in html and "Second" in html


def test_a_change_by_another_process_is_seen_although_the_old_fragment_is_cached(
    client, home_pages
):
    about = menu_page(home_pages["pl"], "O nas", "o-nas")
    assert menu(client) == ["O nas"]
    old_keys = _fragment_keys()
    # Another worker renames the page: a plain UPDATE and a new token in the database,
    # nothing deleted from this process's cache.
    StandardPage.objects.filter(pk=about.pk).update(title="O klastrze")
    ContentGeneration.objects.update(token=uuid.uuid4().hex)
    assert old_keys <= _fragment_keys()
    assert menu(client) == ["O klastrze"]


def test_fragments_are_computed_once_per_generation(rf, home_pages):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def cached():
        return fragment_cached(name="test", parts=("a",), compute=compute, request=rf.get("/"))

    assert cached() == 1 and cached() == 1
    assert fragment_cached(name="test", parts=("b",), compute=compute) == 2
    content_generation_bump()
    assert cached() == 3


def test_the_generation_is_read_once_per_request(rf, django_assert_num_queries, home_pages):
    request = rf.get("/")
    token = content_generation(request=request)
    with django_assert_num_queries(0):
        assert content_generation(request=request) == token
    assert content_generation_bump() != token


def test_a_cached_sequence_reads_its_source_only_on_a_miss(home_pages):
    made = []

    def source():
        made.append(1)
        return list(range(10))

    def sequence():
        return CachedSequence(source, name="numbers", parts=())

    assert len(sequence()) == 10 and sequence()[2:4] == [2, 3]
    assert len(sequence()) == 10 and sequence()[2:4] == [2, 3]
    assert len(made) == 2  # once for the length, once for the slice


def _mirror_add(*, title: str) -> MirrorItem:
    today = timezone.now().date()
    return mirror_item_create(translations={"en": {"title": title, "date": today}})


def _fragment_keys() -> set[str]:
    return {key for key in cache._cache if "fragment:" in key}  # LocMemCache's own dict


def test_cached_listing_html_depends_on_topic_and_page_number(client, settings, home_pages):
    settings.CLUSTER = {**settings.CLUSTER, "plugin_options": {"news": {"page_size": 1}}}
    indexes = news_indexes(home_pages)
    for title in ("Older", "Newer"):
        NewsPageFactory(parent=indexes["en"], title=title, locale=home_pages["en"].locale)
    first = client.get("/en/news/").text
    assert "Newer" in first and "Older" not in first
    assert "Older" in client.get("/en/news/?page=2").text
    assert "Newer" not in client.get("/en/news/?topic=no-such-topic").text
    # The page links are outside the cached HTML: they keep this request's parameters.
    assert "?utm=x&amp;page=2" in client.get("/en/news/?utm=x").text
