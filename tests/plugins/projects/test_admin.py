"""Editing projects in the Wagtail admin: invalid dates are a form error, not a saved page."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from plugins.projects.models import ProjectPage

from .factories import project_indexes


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    return client


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


def test_end_date_before_start_date_is_a_form_error_and_saves_nothing(admin_client, home_pages):
    index = project_indexes(home_pages=home_pages)["pl"]
    response = admin_client.post(add_url(index), form_data(end_date="2025-01-31"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["end_date"] == ["The end date cannot be before the start date."]
    assert not ProjectPage.objects.exists()


def test_valid_project_is_created_under_the_index(admin_client, home_pages):
    index = project_indexes(home_pages=home_pages)["pl"]
    response = admin_client.post(add_url(index), form_data())

    assert response.status_code == 302
    page = ProjectPage.objects.get(slug="pilot")
    assert page.get_parent().pk == index.pk
    assert [block.value for block in page.goals] == ["Connect research and industry"]
