"""Directory exports (JSON-LD, CSV), and the rule every public output keeps: a field
whose visibility is network or cluster never appears."""

import csv
import io
import json

import pytest

from plugins.syndication.exports import CSV_COLUMNS
from tests.plugins.directory.factories import MemberFactory, directory_pages, member_translate

from .conftest import api_get, key_make

pytestmark = pytest.mark.django_db

EMAIL = "kontakt@vitagenum.example"


@pytest.fixture
def directory(home_pages):
    return directory_pages(home_pages)


def vitagenum(**visibility):
    return MemberFactory(
        name="Vitagenum",
        slug="vitagenum",
        website="https://vitagenum.example/",
        email=EMAIL,
        phone="+48 81 100 200",
        address="ul. Tajna 1, 20-001 Lublin",
        description="Producent suplementów diety.",
        field_visibility=visibility,
        sectors=["pharmacy", "biotechnology"],
    )


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def item_list(response) -> list[dict]:
    document = json.loads(response.content)
    return [element["item"] for element in document["itemListElement"]]


# --- every public output ------------------------------------------------------------

PUBLIC_OUTPUTS = {
    "member page": lambda client, plain: client.get("/pl/czlonkowie/vitagenum/"),
    "JSON-LD export": lambda client, plain: client.get("/pl/directory/export.jsonld"),
    "CSV export": lambda client, plain: client.get("/pl/directory/export.csv"),
    "partner API": lambda client, plain: api_get(client, "members", plain),
    "news feed": lambda client, plain: client.get("/pl/feeds/news.rss"),
    "network feed": lambda client, plain: client.get("/pl/feeds/network.json"),
}


@pytest.mark.parametrize("output", sorted(PUBLIC_OUTPUTS))
@pytest.mark.parametrize(
    ("visibility", "shown"), [("public", True), ("network", False), ("cluster", False)]
)
def test_an_email_appears_in_public_outputs_only_when_public(
    client, directory, output, visibility, shown
):
    vitagenum(email=visibility)
    _, plain = key_make()

    response = PUBLIC_OUTPUTS[output](client, plain)

    assert response.status_code == 200
    assert "Vitagenum" in response.content.decode() or output.endswith("feed")
    expected = shown and not output.endswith("feed")  # feeds carry news, never members
    assert (EMAIL in response.content.decode()) is expected


def test_the_csv_has_an_empty_cell_for_a_hidden_field(client, directory):
    vitagenum(email="network", phone="cluster", address="public")

    (row,) = csv_rows(client.get("/pl/directory/export.csv"))

    assert row["email"] == "" and row["phone"] == ""
    assert row["address"] == "ul. Tajna 1, 20-001 Lublin"


# --- JSON-LD ------------------------------------------------------------------------


def test_jsonld_is_an_item_list_of_organizations(client, directory):
    vitagenum()
    MemberFactory(name="Akademia Medyczna", slug="akademia", kind="university", city="Lublin")

    response = client.get("/pl/directory/export.jsonld")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ItemList" and document["numberOfItems"] == 2
    assert [e["position"] for e in document["itemListElement"]] == [1, 2]
    first, second = item_list(response)
    assert (first["name"], second["name"]) == ("Akademia Medyczna", "Vitagenum")
    assert second["@type"] == "Organization" and "@context" not in second
    assert second["url"] == "http://testserver/pl/czlonkowie/vitagenum/"
    assert second["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "ul. Tajna 1, 20-001 Lublin",
        "addressLocality": "Lublin",
        "addressCountry": "PL",
    }
    assert second["description"] == "Producent suplementów diety."
    assert second["sameAs"] == ["https://vitagenum.example/"]
    assert sorted(second["knowsAbout"]) == ["Biotechnologia", "Farmacja"]
    assert "email" not in second and "telephone" not in second  # network by default


def test_jsonld_in_english_lists_the_english_records(client, directory):
    member = vitagenum()
    member_translate(member, language="en", name="Vitagenum", description="Diet supplements.")

    (organization,) = item_list(client.get("/en/directory/export.jsonld"))

    assert organization["description"] == "Diet supplements."
    assert organization["url"] == "http://testserver/en/members/vitagenum/"
    assert sorted(organization["knowsAbout"]) == ["Biotechnology", "Pharmacy"]


# --- CSV ----------------------------------------------------------------------------


def test_csv_is_utf8_with_a_bom_a_header_and_one_row_per_member(client, directory):
    vitagenum(phone="public")
    MemberFactory(name="Łódzka Spółka", slug="lodzka", city="Łódź")

    response = client.get("/pl/directory/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="testland-members-pl.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(header) == CSV_COLUMNS
    rows = csv_rows(response)
    assert [row["name"] for row in rows] == ["Łódzka Spółka", "Vitagenum"]
    vita = rows[1]
    assert vita["sectors"] == "Biotechnologia; Farmacja"
    assert vita["sector_slugs"] == "biotechnology; pharmacy"
    assert vita["phone"] == "+48 81 100 200"  # a phone number is not a formula
    assert vita["url"] == "http://testserver/pl/czlonkowie/vitagenum/"
    assert rows[0]["city"] == "Łódź"


def test_csv_cells_that_look_like_formulas_are_neutralised(client, directory):
    MemberFactory(name='=HYPERLINK("http://evil")', slug="evil", description="@SUM(A1:A9)")

    (row,) = csv_rows(client.get("/pl/directory/export.csv"))

    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["description"] == "'@SUM(A1:A9)"


def test_exports_answer_304_when_unchanged(client, directory):
    vitagenum()
    for url in ("/pl/directory/export.csv", "/pl/directory/export.jsonld"):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304


def test_an_empty_directory_exports_a_header_and_an_empty_list(client, home_pages):
    assert csv_rows(client.get("/pl/directory/export.csv")) == []
    assert item_list(client.get("/en/directory/export.jsonld")) == []
