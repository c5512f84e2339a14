"""An editor's path through the Wagtail admin: create a news page in Polish, publish
it, translate it into English with wagtail-localize, edit the translation, publish."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, Translation

from plugins.news.models import NewsPage

from .factories import NewsTopicFactory

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Nowe laboratorium otwarte": "New laboratory opened",
    "Członkowie klastra mogą korzystać z nowego laboratorium.": (
        "Cluster members can use the new laboratory."
    ),
    "Laboratorium działa od czerwca.": "The laboratory has been open since June.",
}


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return user


def add_news_page(client, index, topic) -> NewsPage:
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", index.pk))
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Nowe laboratorium otwarte",
            "slug": "nowe-laboratorium",
            "date": "2024-06-03",
            "summary": "Członkowie klastra mogą korzystać z nowego laboratorium.",
            "hero_image": "",
            "body": streamfield(
                [("paragraph", rich_text("<p>Laboratorium działa od czerwca.</p>"))]
            ),
            "comments": inline_formset([]),
        }
    )
    data["topics"] = [str(topic.pk)]
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return NewsPage.objects.get(slug="nowe-laboratorium")


def test_create_translate_edit_publish(
    client, editor, indexes, locales, django_capture_on_commit_callbacks
):
    pl_topic = NewsTopicFactory(locale=locales["pl"], name="Laboratoria", slug="labs")
    NewsTopicFactory(
        locale=locales["en"],
        name="Laboratories",
        slug="labs",
        translation_key=pl_topic.translation_key,
    )
    page = add_news_page(client, indexes["pl"], pl_topic)
    assert page.live and page.locale == locales["pl"]
    assert page.date == datetime.date(2024, 6, 3)
    assert list(page.topics.all()) == [pl_topic]

    # Submit for translation into English (wagtail-localize's admin view).
    submit = reverse("wagtail_localize:submit_page_translation", args=(page.pk,))
    assert client.get(submit).status_code == 200
    response = client.post(submit, {"locales": [locales["en"].pk]})
    assert response.status_code == 302
    en_page = page.get_translation(locales["en"])
    assert en_page.get_parent().pk == indexes["en"].pk
    assert not en_page.live  # a draft until the translator publishes it

    # Translate every string, as the translation editor does (one PUT per string).
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locales["en"]
    )
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    assert {s.string.data for s in segments} >= set(ENGLISH)
    for segment in segments:
        url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk))
        value = ENGLISH.get(segment.string.data, segment.string.data)
        response = client.put(
            url, f"value={value}", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 201

    # Publish from the translation editor (the English page's edit view).
    edit = reverse("wagtailadmin_pages:edit", args=(en_page.pk,))
    assert client.get(edit).status_code == 200
    # wagtail-localize publishes the revision when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {"action": "publish"})
    assert response.status_code == 302

    en_page = NewsPage.objects.get(pk=en_page.pk)
    assert en_page.live
    assert en_page.title == "New laboratory opened"
    assert en_page.date == page.date
    assert en_page.translation_key == page.translation_key

    pl_html = client.get("/pl/aktualnosci/nowe-laboratorium/").content.decode()
    assert "Nowe laboratorium otwarte" in pl_html and "Laboratoria" in pl_html
    en_html = client.get(en_page.url).content.decode()
    assert "New laboratory opened" in en_html
    assert "The laboratory has been open since June." in en_html
    assert "Laboratories" in en_html  # the topic in English via its translation_key
    assert "New laboratory opened" in client.get("/en/news/?topic=labs").content.decode()
