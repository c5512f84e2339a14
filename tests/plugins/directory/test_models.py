import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from plugins.directory.models import Member, Sector
from plugins.directory.services import member_create, member_translation_create

from .factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_sector_taxonomy_is_seeded_with_stable_slugs():
    slugs = set(Sector.objects.values_list("slug", flat=True))
    assert {
        "biotechnology",
        "pharmacy",
        "medtech",
        "digital-health",
        "bioeconomy",
        "cosmetology",
        "bioinformatics",
        "environmental-protection",
        "biomedicine",
        "precision-medicine",
        "diagnostics",
    } <= slugs


def test_sector_label_comes_from_the_catalogue_or_the_stored_name():
    with translation.override("en"):
        assert Sector.objects.get(slug="digital-health").label == "Digital health"
    custom = Sector.objects.create(slug="nanotech", name="Nanotechnology")
    assert str(custom) == "Nanotechnology"


def test_translation_shares_key_slug_and_facts_but_not_texts(locales):
    member = member_create(
        locale=locales["pl"],
        name="Uniwersytet Przykładowy",
        slug="up",
        kind="university",
        role="founder",
        city="Lublin",
        country="PL",
        sectors=["biotechnology", "pharmacy"],
        description="Opis po polsku",
    )
    english = member_translation_create(
        member=member, locale=locales["en"], name="Example University", description="In English"
    )
    assert english.pk != member.pk
    assert english.translation_key == member.translation_key
    assert (english.slug, english.kind, english.role, english.city) == (
        "up",
        "university",
        "founder",
        "Lublin",
    )
    assert sorted(english.sectors.values_list("slug", flat=True)) == ["biotechnology", "pharmacy"]
    assert (english.name, english.description) == ("Example University", "In English")
    assert member.get_translation(locales["en"]) == english


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "not a url"),
        ("website", "ftp://example.org/"),
        ("country", "XX"),
        ("country", "Poland"),
        ("country", "pl1"),
        ("email", "nobody-at-example"),
        ("kind", "castle"),
        ("member_since", timezone.localdate() + datetime.timedelta(days=1)),
    ],
)
def test_invalid_values_are_rejected_and_nothing_is_saved(locales, field, value):
    fields = {"name": "Firma", "slug": "firma", "kind": "company", "city": "Lublin"}
    fields["country"] = "PL"
    fields[field] = value
    with pytest.raises(ValidationError) as excinfo:
        member_create(locale=locales["pl"], **fields)
    assert field in excinfo.value.message_dict
    assert not Member.objects.exists()


def test_valid_optional_values_are_accepted(locales):
    member = member_create(
        locale=locales["pl"],
        name="Firma",
        slug="firma",
        kind="company",
        city="",
        country="",
        website="https://example.org/",
        member_since=timezone.localdate(),
    )
    assert member.pk


def test_duplicate_name_in_one_locale_is_a_validation_error_with_a_clear_message(locales):
    MemberFactory(name="Biomaxima", slug="biomaxima")
    duplicate = Member(
        locale=locales["pl"], name="BIOMAXIMA", slug="other", kind="company", country="PL"
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    with translation.override("en"):
        assert "“BIOMAXIMA” already exists" in excinfo.value.message_dict["name"][0]
    with translation.override("pl"):
        assert "„BIOMAXIMA” już istnieje" in excinfo.value.message_dict["name"][0]


def test_same_name_in_another_locale_is_fine(locales):
    MemberFactory(name="Biomaxima", slug="biomaxima")
    other = MemberFactory(name="Biomaxima", slug="biomaxima", locale=locales["en"])
    other.full_clean()


def test_database_rejects_duplicate_name_or_slug_in_one_locale(locales):
    MemberFactory(name="Biomaxima", slug="biomaxima")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(name="Biomaxima", slug="biomaxima-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(name="Biomaxima 2", slug="biomaxima")


def test_visibility_of_uses_the_member_choice_then_the_default():
    member = MemberFactory.build(field_visibility={"email": "public"})
    assert member.visibility_of("email") == "public"
    assert member.visibility_of("phone") == "network"
    assert member.visibility_of("address") == "public"
    assert member.visibility_of("name") == "public"


def test_field_visibility_rejects_unknown_fields_and_levels(locales):
    for bad in ({"name": "cluster"}, {"email": "secret"}):
        member = MemberFactory.build(locale=locales["pl"], field_visibility=bad)
        with pytest.raises(ValidationError) as excinfo:
            member.full_clean()
        assert "field_visibility" in excinfo.value.message_dict
