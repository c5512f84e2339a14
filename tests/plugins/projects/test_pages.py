"""Project index and project pages as visitors see them, in both languages."""

import json
import re

import pytest

from plugins.projects.models import ProjectPage

from .factories import (
    days_from_today,
    directory_pages,
    member_translations,
    project_create,
    project_indexes,
)


@pytest.fixture
def site(home_pages):
    """Index pages, a directory, two members and one running project per language."""
    indexes = project_indexes(home_pages=home_pages)
    directories = directory_pages(home_pages=home_pages)
    funder = member_translations(
        home_pages=home_pages, slug="fundusz", names={"pl": "Fundusz Rozwoju", "en": "Growth Fund"}
    )
    partner = member_translations(
        home_pages=home_pages,
        slug="uniwersytet",
        names={"pl": "Uniwersytet Lubelski", "en": "University of Lublin"},
    )
    projects = {}
    for code, title, goal in (
        ("pl", "Projekt pilotażowy", "Połączyć naukę i przemysł"),
        ("en", "Pilot project", "Connect science and industry"),
    ):
        projects[code] = project_create(
            index=indexes[code],
            title=title,
            slug="pilot",
            summary=f"{title} <summary>",
            start_date=days_from_today(-30),
            end_date=days_from_today(300),
            goals=[("goal", goal)],
            funding_note="Budżet województwa" if code == "pl" else "Regional budget",
            funders=[funder[code]],
            partners=[partner[code]],
        )
    return {
        "indexes": indexes,
        "directories": directories,
        "projects": projects,
        "funder": funder,
        "partner": partner,
    }


def jsonld_of(html: str) -> dict:
    """The page's schema.org Project (the layout adds the cluster's Organization too)."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    projects = [data for data in map(json.loads, scripts) if data.get("@type") == "Project"]
    assert len(projects) == 1, "expected one Project JSON-LD script on the page"
    return projects[0]


@pytest.mark.parametrize(
    ("code", "goal", "funding", "labels"),
    [
        (
            "pl",
            "Połączyć naukę i przemysł",
            "Budżet województwa",
            [">W toku</span>", "<h2>Cele</h2>", "<h2>Finansowanie</h2>", "<h2>Partnerzy</h2>"],
        ),
        (
            "en",
            "Connect science and industry",
            "Regional budget",
            [">Running</span>", "<h2>Goals</h2>", "<h2>Funding</h2>", "<h2>Partners</h2>"],
        ),
    ],
)
def test_project_page_in_each_language(client, site, code, goal, funding, labels):
    page = site["projects"][code]
    response = client.get(page.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{code}">' in html
    assert page.title in html
    assert goal in html
    assert funding in html
    assert "project-status--running" in html
    for label in labels:
        assert label in html
    assert site["funder"][code].name in html
    assert site["partner"][code].name in html


def test_index_page_lists_only_the_visitors_language_with_status_badges(client, site):
    project_create(
        index=site["indexes"]["en"],
        title="Future plans",
        start_date=days_from_today(10),
    )
    html = client.get(site["indexes"]["en"].url).content.decode()

    assert "Pilot project" in html
    assert "Projekt pilotażowy" not in html
    running, planned = html.index("Pilot project"), html.index("Future plans")
    assert running < planned
    assert "project-status--planned" in html
    assert "project-status--running" in html


def test_partner_and_funder_link_to_their_member_pages_in_the_same_language(client, site):
    for code in ("pl", "en"):
        html = client.get(site["projects"][code].url).content.decode()
        for member in (site["funder"][code], site["partner"][code]):
            url = f"{site['directories'][code].url}{member.slug}/"
            assert f'<a href="{url}">{member.name}</a>' in html


def test_translated_page_shows_members_in_its_own_language(client, site):
    """Inline rows copied into a translation point at the source language's members."""
    page = site["projects"]["en"]
    for row in page.participants.all():
        row.member = site["funder"]["pl"] if row.role == "funder" else site["partner"]["pl"]
        row.save()
    page = ProjectPage.objects.get(pk=page.pk)
    assert [m.name for m in page.funders] == ["Growth Fund"]
    assert [m.name for m in page.partners] == ["University of Lublin"]


def test_jsonld_describes_the_project(client, site):
    page = site["projects"]["en"]
    data = jsonld_of(client.get(page.url).content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Project"
    assert data["name"] == "Pilot project"
    assert data["description"] == "Pilot project <summary>"
    assert data["startDate"] == page.start_date.isoformat()
    assert data["endDate"] == page.end_date.isoformat()
    assert data["url"] == page.full_url
    assert [f["name"] for f in data["funder"]] == ["Growth Fund"]
    assert data["member"] == [
        {
            "@type": "Organization",
            "name": "University of Lublin",
            "url": f"http://testserver{site['directories']['en'].url}uniwersytet/",
        }
    ]


def test_jsonld_cannot_close_its_script_element(client, site):
    page = site["projects"]["en"]
    page.summary = "</script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()

    assert "<script>alert(1)" not in html
    assert jsonld_of(html)["description"] == page.summary


def test_home_page_shows_running_projects(client, site, home_pages):
    project_create(index=site["indexes"]["en"], title="Old", end_date=days_from_today(-1))
    html = client.get(home_pages["en"].url).content.decode()

    assert "Running projects" in html
    assert "Pilot project" in html
    assert "Old" not in html.split("Running projects", 1)[1]
