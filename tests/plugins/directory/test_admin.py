"""The Wagtail snippet admin of members: valid saves, form errors, nothing half-saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from plugins.directory.models import Member, Sector

from .factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, locales):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def add_url():
    return reverse(Member.snippet_viewset.get_url_name("add")) + "?locale=pl"


def edit_url(member):
    return reverse(Member.snippet_viewset.get_url_name("edit"), args=[member.pk])


def form_data(**overrides):
    data = {
        "name": "Herbapol-Lublin",
        "slug": "herbapol-lublin",
        "kind": "company",
        "role": "member",
        "sectors": [str(Sector.objects.get(slug="pharmacy").pk)],
        "city": "Lublin",
        "country": "pl",
        "description": "Zioła.",
        "logo": "",
        "member_since": "",
        "website": "https://herbapol.example/",
        "email": "biuro@herbapol.example",
        "phone": "",
        "address": "",
        "visibility_website": "public",
        "visibility_email": "cluster",
        "visibility_phone": "network",
        "visibility_address": "public",
        "visibility_description": "public",
        "visibility_logo": "public",
        "visibility_member_since": "public",
    }
    data.update(overrides)
    return data


def field_errors(response, field):
    # Error messages are lazy: read them in English, whatever language is active.
    with translation.override("en"):
        return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_add_form_shows_a_labelled_visibility_choice_per_shareable_field(admin_client):
    html = admin_client.get(add_url()).content.decode()
    for field in Member.VISIBILITY_DEFAULTS:
        assert f'for="id_visibility_{field}"' in html
    assert 'name="visibility_email"' in html


def test_valid_member_is_saved_with_its_visibility_choices(admin_client, locales):
    response = admin_client.post(add_url(), form_data())
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get()
    assert member.locale == locales["pl"]
    assert member.country == "PL"  # normalised from "pl"
    assert list(member.sectors.values_list("slug", flat=True)) == ["pharmacy"]
    assert member.visibility_of("email") == "cluster"
    assert member.field_visibility["website"] == "public"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"website": "not a url"}, "website", "valid URL"),
        ({"country": "XX"}, "country", "ISO 3166-1 alpha-2"),
        ({"country": "Poland"}, "country", ""),
        (
            {"member_since": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
            "member_since",
            "future",
        ),
        ({"visibility_email": "everyone"}, "visibility_email", ""),
    ],
)
def test_invalid_values_are_form_errors_and_nothing_is_saved(
    admin_client, overrides, field, message
):
    response = admin_client.post(add_url(), form_data(**overrides))
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors and message in " ".join(errors)
    assert not Member.objects.exists()


def test_duplicate_name_in_the_locale_is_a_friendly_form_error(admin_client, locales):
    MemberFactory(name="Herbapol-Lublin", slug="herbapol")
    response = admin_client.post(add_url(), form_data(name="herbapol-lublin", slug="other"))
    assert response.status_code == 200
    assert "already exists in this language" in " ".join(field_errors(response, "name"))
    assert Member.objects.count() == 1


def test_same_name_in_another_locale_is_accepted(admin_client, locales):
    MemberFactory(name="Herbapol-Lublin", slug="herbapol-lublin", locale=locales["en"])
    response = admin_client.post(add_url(), form_data())
    assert response.status_code == 302
    assert Member.objects.count() == 2


def test_edit_form_starts_from_the_member_visibility_and_keeps_other_fields(admin_client):
    member = MemberFactory(field_visibility={"phone": "public"})
    html = admin_client.get(edit_url(member)).content.decode()
    assert '<option value="public" selected>' in html
    response = admin_client.post(
        edit_url(member),
        form_data(name=member.name, slug=member.slug, visibility_phone="cluster"),
    )
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.visibility_of("phone") == "cluster"
    assert member.visibility_of("email") == "cluster"


def test_failed_edit_leaves_the_stored_member_unchanged(admin_client):
    member = MemberFactory(name="Nexbio", slug="nexbio", website="https://nexbio.example/")
    response = admin_client.post(
        edit_url(member), form_data(name="Nexbio 2", slug="nexbio", website="nope")
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.name, member.website) == ("Nexbio", "https://nexbio.example/")


def test_website_without_scheme_is_taken_as_https(admin_client):
    response = admin_client.post(add_url(), form_data(website="herbapol.example"))
    assert response.status_code == 302
    assert Member.objects.get().website == "https://herbapol.example"


def test_member_listing_and_its_filters(admin_client, locales):
    MemberFactory(name="Alfa", slug="alfa", kind="university")
    MemberFactory(name="Beta", slug="beta", kind="company")
    index = reverse(Member.snippet_viewset.get_url_name("list"))
    html = admin_client.get(index, {"locale": "pl"}).content.decode()
    assert "Alfa" in html and "Beta" in html
    html = admin_client.get(index, {"locale": "pl", "kind": "university"}).content.decode()
    assert "Alfa" in html and "Beta" not in html
    sectors = reverse(Sector.snippet_viewset.get_url_name("list"))
    assert "precision-medicine" in admin_client.get(sectors).content.decode()


def test_member_is_translated_through_wagtail_localize(admin_client, locales):
    member = MemberFactory(name="Herbapol", slug="herbapol", description="Zioła.")
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["directory", "member", member.pk],
    )
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [locales["en"].pk]})
    assert response.status_code == 302
    english = member.get_translation(locales["en"])
    assert (english.slug, english.translation_key) == ("herbapol", member.translation_key)
