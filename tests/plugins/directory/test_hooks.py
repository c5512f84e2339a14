"""The directory's hook implementations and its wagtail-localize snippet translation."""

import pytest
from django.test import RequestFactory
from wagtail_localize.models import TranslationSource

from plugins.core.hooks import hook_call_flat, hook_signature_mismatches
from plugins.directory.models import Member

from .factories import MemberFactory, member_translate

pytestmark = pytest.mark.django_db


def test_hook_signatures_match_their_specs():
    mismatches = [m for m in hook_signature_mismatches() if "directory" in m[1].__module__]
    assert mismatches == []


def test_home_page_shows_the_member_count_and_links_to_the_directory(client, directory):
    member_translate(MemberFactory(name="A", slug="a"), language="en", name="A")
    MemberFactory(name="B", slug="b")
    html = client.get("/pl/").content.decode()
    assert "2 organizacje współpracują w klastrze." in html
    assert 'href="/pl/czlonkowie/"' in html
    english = client.get("/en/").content.decode()
    assert "1 organisation works together in the cluster." in english
    assert 'href="/en/members/"' in english


def test_home_section_only_with_a_directory_page(home_pages, directory):
    request = RequestFactory().get("/pl/")
    sections = [
        s
        for s in hook_call_flat("register_home_sections", request=request, page=home_pages["pl"])
        if s.template == "directory/home_section.html"
    ]
    assert len(sections) == 1
    assert sections[0].context["count"] == 0
    assert sections[0].context["url"] == "/pl/czlonkowie/"
    directory["pl"].unpublish()
    sections = hook_call_flat("register_home_sections", request=request, page=home_pages["pl"])
    assert "directory/home_section.html" not in [s.template for s in sections]


def test_dashboard_stat_counts_members_per_language(rf, locales, django_user_model):
    MemberFactory(name="A", slug="a")
    MemberFactory(name="B", slug="b", locale=locales["en"])
    MemberFactory(name="C", slug="c", locale=locales["en"])
    request = rf.get("/admin/")
    request.user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    stat = next(
        s for s in hook_call_flat("register_dashboard_stats", request=request) if s.order == 20
    )
    assert stat.counts["pl"] == 1 and stat.counts["en"] == 2
    assert [item.title for item in stat.items] == ["C", "B", "A"]
    request.user = django_user_model.objects.create_user("nobody", "n@example.org", "pw")
    assert not [
        s for s in hook_call_flat("register_dashboard_stats", request=request) if s.order == 20
    ]


def test_wagtail_localize_translation_keeps_facts_in_sync(locales):
    member = MemberFactory(
        name="Biomaxima",
        slug="biomaxima",
        sectors=["diagnostics"],
        email="b@example.org",
        field_visibility={"email": "public"},
        description="Diagnostyka.",
    )
    source, _ = TranslationSource.get_or_create_from_instance(member)
    translation, created = source.create_or_update_translation(locales["en"], fallback=True)
    assert created
    assert translation.translation_key == member.translation_key
    assert translation.slug == "biomaxima"
    assert list(translation.sectors.values_list("slug", flat=True)) == ["diagnostics"]
    assert translation.visibility_of("email") == "public"
    member.city = "Puławy"
    member.save()
    source.update_from_db()
    source.create_or_update_translation(locales["en"], fallback=True)
    assert Member.objects.get(pk=translation.pk).city == "Puławy"
