import pytest
from django.db import IntegrityError
from wagtail.models import Page

from plugins.news.checks import check_news_options
from plugins.news.models import NewsIndexPage, NewsPage, NewsPageForm, NewsTopic
from sites.core.models import HomePage, StandardPage

from .factories import NewsPageFactory, NewsTopicFactory

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert NewsIndexPage.can_create_at(HomePage())
    assert not NewsIndexPage.can_create_at(StandardPage())
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsPage.allowed_subpage_models() == []
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage]


def test_one_news_index_per_home_page(indexes, home_pages):
    assert not NewsIndexPage.can_create_at(home_pages["pl"])


def test_news_page_fields_and_topics(indexes, locales):
    topic = NewsTopicFactory(locale=locales["pl"], name="Partnerstwa", slug="partnerships")
    page = NewsPageFactory(parent=indexes["pl"], topics=[topic])
    page.refresh_from_db()
    assert page.locale == locales["pl"]
    assert list(page.topics.all()) == [topic]
    assert page.body[0].block_type == "paragraph"
    assert isinstance(Page.objects.get(pk=page.pk).specific, NewsPage)


def test_topic_slug_is_unique_per_locale_only(locales):
    pl = NewsTopicFactory(locale=locales["pl"], slug="research")
    NewsTopicFactory(locale=locales["en"], slug="research", translation_key=pl.translation_key)
    with pytest.raises(IntegrityError):
        NewsTopicFactory(locale=locales["pl"], slug="research")


def test_topic_translation_keeps_slug(locales):
    pl = NewsTopicFactory(locale=locales["pl"], name="Badania", slug="research")
    en = pl.copy_for_translation(locales["en"])
    en.name = "Research"
    en.save()
    assert en.slug == "research"
    assert pl.get_translation(locales["en"]) == en
    assert NewsTopic.objects.count() == 2


def test_admin_form_offers_only_topics_of_the_page_language(indexes, locales):
    pl_topic = NewsTopicFactory(locale=locales["pl"], slug="energy")
    en_topic = NewsTopicFactory(
        locale=locales["en"], slug="energy", translation_key=pl_topic.translation_key
    )
    # A translation that still points at the source language's topic.
    page = NewsPageFactory(parent=indexes["en"], locale=locales["en"], topics=[pl_topic])
    form_class = NewsPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, NewsPageForm)
    form = form_class(instance=page, parent_page=indexes["en"], for_user=None)
    assert list(form.fields["topics"].queryset) == [en_topic]
    assert form.initial["topics"] == [en_topic]


def test_page_size_option_is_checked(settings):
    assert check_news_options() == []
    settings.CLUSTER = {**settings.CLUSTER, "plugin_options": {"news": {"page_size": 0}}}
    errors = check_news_options()
    assert [e.id for e in errors] == ["news.E001"]
    assert errors[0].hint


def test_news_page_is_shared_with_the_federation():
    from plugins.core.plugin import plugin_shared_models

    assert NewsPage in plugin_shared_models()
