"""The directory page: A–Z order, filters through GET parameters, pagination, languages."""

import pytest
from django.apps import apps
from django.utils import translation

from plugins.directory.selectors import member_facets, member_list

from .factories import MemberFactory, member_translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(locales):
    return {
        "zeta": MemberFactory(name="Zeta Labs", slug="zeta", city="Kraków", sectors=["medtech"]),
        "lodz": MemberFactory(
            name="Łódzka Fundacja", slug="lodz", kind="association", city="Łódź", role="partner"
        ),
        "alpha": MemberFactory(
            name="alpha pharma", slug="alpha", sectors=["pharmacy", "biotechnology"]
        ),
        "umcs": MemberFactory(
            name="Uniwersytet Marii Curie-Skłodowskiej",
            slug="umcs",
            kind="university",
            role="founder",
            sectors=["biotechnology"],
        ),
        "beta": MemberFactory(name="Beta", slug="beta", locale=locales["en"]),
    }


def names(items):
    return [m.name for m in items]


def test_members_of_the_locale_are_listed_a_to_z_ignoring_case_and_accents(locales, members):
    assert names(member_list(locale=locales["pl"])) == [
        "alpha pharma",
        "Łódzka Fundacja",
        "Uniwersytet Marii Curie-Skłodowskiej",
        "Zeta Labs",
    ]
    assert names(member_list(locale=locales["en"])) == ["Beta"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "university"}, ["Uniwersytet Marii Curie-Skłodowskiej"]),
        ({"sector": "biotechnology"}, ["alpha pharma", "Uniwersytet Marii Curie-Skłodowskiej"]),
        ({"city": "łódź"}, ["Łódzka Fundacja"]),
        ({"role": "founder"}, ["Uniwersytet Marii Curie-Skłodowskiej"]),
        ({"sector": "biotechnology", "role": "member"}, ["alpha pharma"]),
        ({"kind": "hospital"}, []),
    ],
)
def test_filters_combine(locales, members, filters, expected):
    assert names(member_list(locale=locales["pl"], **filters)) == expected


def test_facets_offer_only_values_members_have(locales, members):
    with translation.override("pl"):
        facets = member_facets(locale=locales["pl"])
    assert [v for v, _ in facets["kind"]] == ["company", "university", "association"]
    # In Polish label order: Biotechnologia, Farmacja, Technologie medyczne.
    assert facets["sector"] == [
        ("biotechnology", "Biotechnologia"),
        ("pharmacy", "Farmacja"),
        ("medtech", "Technologie medyczne"),
    ]
    assert [v for v, _ in facets["city"]] == ["Kraków", "Lublin", "Łódź"]
    assert [v for v, _ in facets["role"]] == ["founder", "member", "partner"]


def test_directory_page_lists_and_filters_by_get_parameters(client, directory, members):
    html = client.get("/pl/czlonkowie/").content.decode()
    assert html.index("alpha pharma") < html.index("Łódzka Fundacja") < html.index("Zeta Labs")
    assert 'href="/pl/czlonkowie/zeta/"' in html
    assert '<label for="id_kind">' in html
    assert "Beta" not in html
    filtered = client.get("/pl/czlonkowie/", {"sector": "biotechnology", "role": "founder"})
    html = filtered.content.decode()
    assert "Uniwersytet Marii" in html
    assert "alpha pharma" not in html and "Zeta Labs" not in html


def test_an_invalid_filter_value_is_ignored_not_an_error(client, directory, members):
    response = client.get("/pl/czlonkowie/", {"kind": "castle", "city": "Lublin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "alpha pharma" in html and "Zeta Labs" not in html


def test_english_directory_lists_english_members(client, directory, members):
    member_translate(members["umcs"], language="en", name="Maria Curie-Skłodowska University")
    html = client.get("/en/members/").content.decode()
    assert "Maria Curie-Skłodowska University" in html
    assert "Beta" in html
    assert "Zeta Labs" not in html
    assert 'href="/en/members/umcs/"' in html


def test_listing_is_paginated_with_the_plugin_option(client, directory, members, settings):
    settings.CLUSTER = {**settings.CLUSTER, "plugin_options": {"directory": {"page_size": 2}}}
    first = client.get("/pl/czlonkowie/").content.decode()
    assert "alpha pharma" in first and "Zeta Labs" not in first
    second = client.get("/pl/czlonkowie/", {"page": 2}).content.decode()
    assert "Zeta Labs" in second and "alpha pharma" not in second
    assert 'rel="prev"' in second


def test_page_size_option_default():
    assert apps.get_app_config("directory").options["page_size"] == 24


def test_interface_strings_follow_the_page_language(client, directory, members):
    polish = client.get("/pl/czlonkowie/").content.decode()
    assert '<label for="id_kind">Rodzaj</label>' in polish
    assert "4 członków" in polish and "Filtruj</button>" in polish
    english = client.get("/en/members/").content.decode()
    assert '<label for="id_kind">Kind</label>' in english
    assert "1 member" in english


def test_cached_filter_form_and_cards_follow_the_filters(client, directory, members):
    selected = '<option value="university" selected>'
    assert selected not in client.get("/pl/czlonkowie/").text
    filtered = client.get("/pl/czlonkowie/", {"kind": "university"}).text
    assert selected in filtered and "Zeta Labs" not in filtered
    unfiltered = client.get("/pl/czlonkowie/").text
    assert selected not in unfiltered and "Zeta Labs" in unfiltered
    members["zeta"].name = "Zeta Diagnostics"
    members["zeta"].save()
    assert "Zeta Diagnostics" in client.get("/pl/czlonkowie/").text
