"""Documents built from this cluster's content and from the federation's mirrors."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from plugins.directory.models import Member, Sector
from plugins.search.documents import documents_all

from .conftest import article_fields, mirror_create
from .content import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_pages):
    return Site(home_pages)


def by_title(documents):
    return {doc.title: doc for doc in documents}


def test_live_news_pages_become_news_documents(site):
    page = site.news_page("Nowe laboratorium", body="Otwarcie <b>laboratorium</b> genomiki.")
    site.news_page("Szkic", live=False)
    docs = by_title(documents_all())
    news = docs["Nowe laboratorium"]
    assert "Szkic" not in docs
    assert news.id == f"testland:{page.translation_key}:pl"
    assert (news.type, news.cluster, news.language) == ("news", "testland", "pl")
    assert news.url == page.get_url()
    assert news.date == page.date and news.summary == page.summary
    assert "laboratorium genomiki" in news.body and "<b>" not in news.body


def test_members_carry_their_facets_and_only_public_fields(site):
    member = site.member(
        "Biomaxima",
        kind="company",
        sectors=["pharmacy", "diagnostics"],
        city="Lublin",
        country="PL",
        description="Diagnostyka mikrobiologiczna",
        email="office@example.org",
    )
    site.member(
        "Secretive", description="Only for staff", field_visibility={"description": "cluster"}
    )
    docs = by_title(documents_all())
    doc = docs["Biomaxima"]
    assert (doc.type, doc.kind, doc.country, doc.city) == ("member", "company", "PL", "Lublin")
    assert sorted(doc.sectors) == ["diagnostics", "pharmacy"]
    assert doc.summary == "Diagnostyka mikrobiologiczna"
    assert doc.object_id == str(member.translation_key)
    assert doc.url.endswith("/czlonkowie/" + member.slug + "/")
    assert "office@example.org" not in repr(doc)
    assert docs["Secretive"].summary == "" and "Only for staff" not in repr(docs["Secretive"])


def test_member_documents_hold_what_member_public_data_gives(site):
    # member_documents reads the public fields itself (faster); it must give what the
    # directory's own reader gives the public, in both languages, whatever the member.
    from plugins.directory.selectors import member_public_data, member_url

    plain = site.member(
        "Biomaxima",
        kind="company",
        sectors=["pharmacy", "medtech"],
        city="Lublin",
        country="pl",
        description="Opis",
    )
    site.member_in_english(plain, "Biomaxima EN", description="About")
    site.member(
        "Zakryty",
        kind="university",
        description="Tajne",
        field_visibility={"description": "network"},
    )
    site.member("Żółć", slug="żółć", kind="", sectors=["diagnostics"])
    site.member("Nowy sektor", sectors=[Sector.objects.create(slug="x-new", name="New one")])
    for doc in (d for d in documents_all() if d.type == "member"):
        member = Member.objects.get(
            translation_key=doc.object_id, locale__language_code=doc.language
        )
        with translation.override(doc.language):
            data = member_public_data(member=member, audience="public")
        sectors = data["sectors"]
        assert doc.url == member_url(member=member)
        assert (doc.title, doc.kind, doc.city) == (data["name"], data["kind"], data["city"])
        assert doc.summary == data.get("description", "")
        assert doc.sectors == tuple(s["slug"] for s in sectors)
        assert doc.country == data["country"].upper()
        expected_body = [data["kind_label"], *(s["name"] for s in sectors), data["city"]]
        assert doc.body == " ".join(part for part in expected_body if part)


def test_a_member_without_a_directory_page_in_its_language_is_left_out(site):
    member = site.member("Nexbio")
    site.directory["en"].unpublish()
    site.member_in_english(member, "Nexbio English")
    assert sorted(d.title for d in documents_all() if d.type == "member") == ["Nexbio"]


def test_projects_become_project_documents_with_their_participants(site):
    partner = site.member("Partner Uczelnia")
    site.project(
        "Bioaktywne peptydy",
        partners=[partner],
        start_date=datetime.date(2025, 3, 1),
        funding_note="Program regionalny",
    )
    doc = by_title(documents_all())["Bioaktywne peptydy"]
    assert (doc.type, doc.date) == ("project", datetime.date(2025, 3, 1))
    assert "Partner Uczelnia" in doc.body and "Program regionalny" in doc.body


def test_mirrors_become_documents_of_their_origin(site):
    item = mirror_create(
        origin="sofia",
        translations={
            "bg": article_fields("Нов център", language="bg"),
            "en": article_fields("New centre", language="en", body="<p>Genome <i>lab</i></p>"),
        },
    )
    mirror_create(origin="sofia", translations={"en": article_fields("Gone")}, deleted=True)
    docs = by_title(documents_all())
    english = docs["New centre"]
    assert "Нов център" in docs and "Gone" not in docs
    assert english.id == f"sofia:{item.object_id}:en"
    assert (english.cluster, english.type, english.language) == ("sofia", "news", "en")
    assert english.url.startswith("https://sofia.example/en/news/")
    assert "Genome lab" in english.body


def test_mirrored_members_and_projects_map_their_wire_fields(site):
    mirror_create(
        origin="kiel",
        type="directory.member",
        translations={
            "en": {
                "name": "Marine Biotech GmbH",
                "slug": "marine",
                "kind": "company",
                "sectors": ["biotechnology", "medtech"],
                "city": "Kiel",
                "country": "de",
                "description": "Algae products",
                "email": "secret@example.org",
                "network_only": ["email"],
                "url": "https://kiel.example/en/members/marine/",
            }
        },
    )
    mirror_create(
        origin="kiel",
        type="projects.project",
        translations={
            "en": {
                "title": "Ocean health",
                "slug": "ocean",
                "summary": "Monitoring",
                "goals": ["Clean water"],
                "partners": ["Kiel University"],
                "start_date": "2024-01-01",
                "url": "https://kiel.example/en/projects/ocean/",
            }
        },
    )
    docs = by_title(documents_all())
    member = docs["Marine Biotech GmbH"]
    assert (member.type, member.kind, member.country, member.city) == (
        "member",
        "company",
        "DE",
        "Kiel",
    )
    assert member.sectors == ("biotechnology", "medtech")
    assert "secret@example.org" not in repr(member)
    project = docs["Ocean health"]
    assert project.type == "project" and "Clean water" in project.body
    assert "Kiel University" in project.body


def test_object_ids_and_since_narrow_the_documents(site):
    one = site.news_page("Pierwsza")
    site.news_page("Druga")
    item = mirror_create(translations={"en": article_fields("Remote")})
    chosen = documents_all(object_ids=[str(one.translation_key), str(item.object_id), "junk"])
    assert sorted(d.title for d in chosen) == ["Pierwsza", "Remote"]
    later = item.synced_at + datetime.timedelta(seconds=1)
    assert [d.title for d in documents_all(since=later) if d.type == "news"] == []


def test_building_documents_takes_the_same_queries_for_more_objects(site):
    def queries_for_all() -> int:
        with CaptureQueriesContext(connection) as captured:
            docs = list(documents_all())
        return len(captured), len(docs)

    def add(n):
        for i in range(n):
            site.news_page(f"Wiadomość {n}-{i}")
            site.member(f"Firma {n}-{i}", sectors=["pharmacy"])
            site.project(f"Projekt {n}-{i}")
            mirror_create(translations={"en": article_fields(f"Remote {n}-{i}")})

    add(1)
    few_queries, few_docs = queries_for_all()
    add(5)
    many_queries, many_docs = queries_for_all()
    assert many_docs == few_docs + 5 * 4
    assert many_queries == few_queries
