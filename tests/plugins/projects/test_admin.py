"""Editing projects in the Wagtail admin: invalid dates are a form error, not a saved page."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from plugins.projects.models import ProjectPage

from .factories import project_indexes


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def admin_language(user, code):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = code
    profile.save()


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("projects", "projectpage", parent.pk))


def form_data(**overrides):
    return nested_form_data(
        {
            "title": "Pilot",
            "slug": "pilot",
            "summary": "A pilot project.",
            "start_date": "2025-06-01",
            "end_date": "2025-12-31",
            "goals": streamfield([("goal", "Connect research and industry")]),
            "body": streamfield([]),
            "participants": inline_formset([]),
            "comments": inline_formset([]),
            "funding_note": "",
            **overrides,
        }
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The end date cannot be before the start date."),
        ("pl", "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."),
    ],
)
def test_end_date_before_start_date_is_a_form_error_and_saves_nothing(
    admin_client, admin_user, home_pages, language, message
):
    admin_language(admin_user, language)
    index = project_indexes(home_pages=home_pages)["pl"]
    response = admin_client.post(add_url(index), form_data(end_date="2025-01-31"))

    assert response.status_code == 200
    with translation.override(language):  # error messages are lazy strings
        assert response.context["form"].errors["end_date"] == [message]
    assert message in response.content.decode()
    assert not ProjectPage.objects.exists()


def test_valid_project_is_created_under_the_index(admin_client, home_pages):
    index = project_indexes(home_pages=home_pages)["pl"]
    response = admin_client.post(add_url(index), form_data())

    assert response.status_code == 302
    page = ProjectPage.objects.get(slug="pilot")
    assert page.get_parent().pk == index.pk
    assert [block.value for block in page.goals] == ["Connect research and industry"]
