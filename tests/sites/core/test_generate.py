"""``manage.py demo generate``: synthetic members and news written in bulk, in the
change log through the same serializer, served like any other content."""

import pytest
from django.core.management import call_command
from django.test import Client

from federation.models import ChangeEntry
from federation.protocol import DIRECTORY_MEMBER, NEWS_ARTICLE, UPSERT
from federation.registry import shared_types
from plugins.directory.models import Member
from plugins.news.models import NewsPage
from sites.core.generate import GenerateError, content_generate

pytestmark = pytest.mark.django_db


def test_members_and_news_in_both_languages_with_one_change_entry_each(home_pages):
    made = content_generate(counts={"members": 7, "news": 4})
    assert made == {"members": 7, "news": 4}
    assert Member.objects.filter(locale__language_code="pl").count() == 7
    assert Member.objects.filter(locale__language_code="en").count() == 7
    assert NewsPage.objects.live().filter(locale__language_code="en").count() == 4
    entries = ChangeEntry.objects.filter(action=UPSERT)
    assert entries.filter(type=DIRECTORY_MEMBER).count() == 7
    assert entries.filter(type=NEWS_ARTICLE).count() == 4
    # The bulk-recorded entry is what the per-object recording would have written.
    member = Member.objects.filter(locale__language_code="pl").first()
    entry = ChangeEntry.objects.get(object_id=member.translation_key)
    expected = shared_types()[DIRECTORY_MEMBER].translation_set(
        translation_key=member.translation_key
    )
    assert entry.translations == expected
    assert set(entry.translations) == {"pl", "en"}


def test_generated_content_is_plainly_synthetic_and_served(home_pages):
    content_generate(counts={"members": 2, "news": 2})
    client = Client()
    page = NewsPage.objects.live().get(locale__language_code="en", slug="generated-news-1")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Generated news item 1" in response.text
    member = Member.objects.get(locale__language_code="pl", slug="generated-member-1")
    assert member.name == "Generated member 1"
    assert member.website.endswith(".example")
    assert client.get(member.get_url()).status_code == 200
    assert client.get("/en/news/").status_code == 200


def test_running_twice_adds_new_numbers_and_keeps_the_tree_valid(home_pages):
    content_generate(counts={"news": 3}, seed=1)
    content_generate(counts={"news": 3}, seed=2)
    slugs = set(NewsPage.objects.filter(locale__language_code="pl").values_list("slug", flat=True))
    assert {f"generated-news-{n}" for n in range(1, 7)} <= slugs
    index = NewsPage.objects.filter(slug="generated-news-6").first().get_parent()
    assert index.numchild == index.get_children().count()
    paths = list(index.get_children().values_list("path", flat=True))
    assert len(paths) == len(set(paths))


def test_a_language_mix_leaves_some_items_in_one_language(home_pages):
    content_generate(counts={"members": 60}, language_mix=True, seed=3)
    per_key = {}
    for key, code in Member.objects.values_list("translation_key", "locale__language_code"):
        per_key.setdefault(key, set()).add(code)
    shapes = {frozenset(codes) for codes in per_key.values()}
    assert shapes == {frozenset({"pl", "en"}), frozenset({"pl"}), frozenset({"en"})}


def test_a_count_no_enabled_plugin_generates_is_refused(home_pages):
    with pytest.raises(GenerateError, match="no enabled plugin generates widgets"):
        content_generate(counts={"widgets": 1})
    assert not Member.objects.exists()


def test_the_command_prints_what_it_generated(home_pages, capsys):
    call_command("demo", "generate", "--members", "2", "--news", "1", verbosity=0)
    assert "generated 2 members, 1 news" in capsys.readouterr().out
