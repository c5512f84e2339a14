"""Who sees which field: the selector, the public page and its JSON-LD."""

import json
import re

import pytest
from django.utils import translation

from plugins.directory.selectors import member_public_data, member_visible_fields

from .factories import MemberFactory, image_create

pytestmark = pytest.mark.django_db

ALWAYS = {
    "id",
    "locale",
    "slug",
    "name",
    "kind",
    "kind_label",
    "role",
    "role_label",
    "sectors",
    "city",
    "country",
}


def jsonld(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def contact_member(**visibility):
    return MemberFactory(
        name="Vitagenum",
        slug="vitagenum",
        website="https://vitagenum.example/",
        email="office@vitagenum.example",
        phone="+48 81 000 00 00",
        address="ul. Tajna 1, 20-001 Lublin",
        description="Producent suplementów.",
        field_visibility=visibility,
        sectors=["pharmacy"],
    )


@pytest.mark.parametrize(
    ("audience", "extra"),
    [
        ("public", {"website", "address", "description", "logo", "member_since"}),
        (
            "network",
            {"website", "address", "description", "logo", "member_since", "email", "phone"},
        ),
        (
            "cluster",
            {"website", "address", "description", "logo", "member_since", "email", "phone"},
        ),
    ],
)
def test_each_audience_sees_exactly_the_default_fields(audience, extra):
    data = member_public_data(member=contact_member(), audience=audience)
    assert set(data) == ALWAYS | extra


def test_chosen_levels_narrow_and_widen_what_each_audience_sees():
    member = contact_member(email="public", address="cluster", description="network")
    public = member_public_data(member=member, audience="public")
    network = member_public_data(member=member, audience="network")
    cluster = member_public_data(member=member, audience="cluster")
    assert public["email"] == "office@vitagenum.example"
    assert "address" not in public and "description" not in public
    assert network["description"] == "Producent suplementów." and "address" not in network
    assert cluster["address"] == "ul. Tajna 1, 20-001 Lublin"
    assert member_visible_fields(member=member, audience="public") == [
        "website",
        "email",
        "logo",
        "member_since",
    ]


def test_always_public_fields_carry_the_network_identity():
    member = contact_member()
    with translation.override("en"):  # sector names are translated; another test may leave pl
        data = member_public_data(member=member, audience="public")
    assert data["id"] == str(member.translation_key)
    assert data["sectors"] == [{"slug": "pharmacy", "name": "Pharmacy"}]
    assert (data["locale"], data["slug"], data["country"]) == ("pl", "vitagenum", "PL")


def test_unknown_audience_is_an_error():
    with pytest.raises(ValueError, match="audience"):
        member_public_data(member=contact_member(), audience="everyone")


def test_public_page_and_jsonld_never_show_network_or_cluster_only_fields(client, directory):
    contact_member(address="cluster", description="network")
    html = client.get("/pl/czlonkowie/vitagenum/").content.decode()
    for secret in ("office@vitagenum.example", "+48 81 000 00 00", "ul. Tajna", "Producent"):
        assert secret not in html
    assert "https://vitagenum.example/" in html
    member_ld = next(o for o in jsonld(html) if o.get("name") == "Vitagenum")
    assert not {"email", "telephone", "description"} & set(member_ld)
    assert "streetAddress" not in member_ld["address"]
    assert member_ld["sameAs"] == ["https://vitagenum.example/"]


def test_public_contact_fields_do_appear_when_made_public(client, directory):
    contact_member(email="public", phone="public")
    html = client.get("/pl/czlonkowie/vitagenum/").content.decode()
    assert 'href="mailto:office@vitagenum.example"' in html
    assert "+48 81 000 00 00" in html
    assert "ul. Tajna 1" in html  # address is public by default


def test_logo_is_shown_and_in_jsonld_only_when_public(client, directory):
    member = MemberFactory(name="Logo Sp. z o.o.", slug="logo", logo=image_create())
    html = client.get("/pl/czlonkowie/logo/").content.decode()
    data = member_public_data(member=member, audience="public")
    assert data["logo"].startswith("/media/") and f'src="{data["logo"]}"' in html
    ld = next(o for o in jsonld(html) if o.get("name") == "Logo Sp. z o.o.")
    assert ld["logo"] == "http://testserver" + data["logo"]

    member.field_visibility = {"logo": "cluster"}
    member.save()
    html = client.get("/pl/czlonkowie/logo/").content.decode()
    assert "<img" not in html.split("<main", 1)[1]
    assert "logo" not in next(o for o in jsonld(html) if o.get("name") == "Logo Sp. z o.o.")
