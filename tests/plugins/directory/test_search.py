import pytest

from plugins.directory.models import Member

from .factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_members_are_searchable_within_a_locale(locales):
    MemberFactory(name="Biomaxima", slug="biomaxima", description="diagnostyka mikrobiologiczna")
    MemberFactory(name="Nexbio", slug="nexbio", description="enzymy")
    MemberFactory(
        name="Biomaxima", slug="biomaxima", locale=locales["en"], description="diagnostyka"
    )
    found = Member.objects.filter(locale=locales["pl"]).search("diagnostyka")
    assert [(m.name, m.locale.language_code) for m in found] == [("Biomaxima", "pl")]
    assert [m.slug for m in Member.objects.filter(locale=locales["pl"]).search("Nexbio")] == [
        "nexbio"
    ]
