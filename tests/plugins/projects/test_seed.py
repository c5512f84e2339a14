"""The demo seed: sites/demo_content/<slug>/projects.toml becomes translated project pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plugins.core.hooks import hook_call
from plugins.projects.models import ProjectIndexPage, ProjectPage
from plugins.projects.services import project_demo_seed
from sites.core import demo_content

from .factories import member_translations

PROJECTS_TOML = """
[index.pl]
title = "Projekty"
slug = "projekty"
intro = "Nasze projekty."
[index.en]
title = "Projects"
slug = "projects"
intro = "Our projects."

[[project]]
key = "pilot"
start = 2023-04-01
end = 2026-03-31
funders = ["fundusz", "nieznany"]
partners = ["uczelnia"]
[project.pl]
title = "Pilot"
summary = "Projekt pilotażowy."
goals = ["Cel pierwszy", "Cel drugi"]
body = ["Akapit & więcej."]
funding_note = "Środki własne."
[project.en]
title = "Pilot"
summary = "A pilot project."
goals = ["First goal", "Second goal"]
body = ["A paragraph & more."]

[[project]]
key = "bez-dat"
funders = []
partners = []
[project.pl]
title = "Bez dat"
summary = "Projekt bez dat."
"""


@pytest.fixture
def demo_dir(tmp_path, monkeypatch):
    (tmp_path / "testland").mkdir()
    (tmp_path / "testland" / "projects.toml").write_text(PROJECTS_TOML, encoding="utf-8")
    monkeypatch.setattr(demo_content, "DEMO_CONTENT_DIR", tmp_path)
    return tmp_path


@pytest.fixture
def members(home_pages):
    return {
        "fundusz": member_translations(
            home_pages=home_pages, slug="fundusz", names={"pl": "Fundusz", "en": "Fund"}
        ),
        "uczelnia": member_translations(
            home_pages=home_pages, slug="uczelnia", names={"pl": "Uczelnia", "en": "University"}
        ),
    }


def seed(home_pages):
    hook_call("seed_demo_content", cluster={"slug": "testland"}, home_pages=home_pages)


def test_seed_creates_translated_index_and_projects(demo_dir, home_pages, members, caplog):
    seed(home_pages)

    indexes = {i.locale.language_code: i for i in ProjectIndexPage.objects.all()}
    assert {code: i.slug for code, i in indexes.items()} == {"pl": "projekty", "en": "projects"}
    assert indexes["pl"].get_parent().pk == home_pages["pl"].pk
    assert indexes["pl"].translation_key == indexes["en"].translation_key

    pl = ProjectPage.objects.get(slug="pilot", locale__language_code="pl")
    en = ProjectPage.objects.get(slug="pilot", locale__language_code="en")
    assert pl.live and en.live
    assert pl.translation_key == en.translation_key
    assert (pl.start_date, pl.end_date) == (datetime.date(2023, 4, 1), datetime.date(2026, 3, 31))
    assert [g.value for g in en.goals] == ["First goal", "Second goal"]
    assert en.body[0].value.source == "<p>A paragraph &amp; more.</p>"
    assert pl.funding_note == "Środki własne." and en.funding_note == ""
    # Members are matched by slug in the page's own language; unknown keys are skipped.
    assert pl.funders == [members["fundusz"]["pl"]]
    assert en.funders == [members["fundusz"]["en"]]
    assert en.partners == [members["uczelnia"]["en"]]
    assert "nieznany" in caplog.text

    # A project with text in one language only exists in that language.
    undated = ProjectPage.objects.filter(slug="bez-dat")
    assert [p.locale.language_code for p in undated] == ["pl"]
    assert undated[0].start_date is None and undated[0].status == "running"


def test_seed_twice_creates_nothing_twice_and_keeps_edits(demo_dir, home_pages, members):
    seed(home_pages)
    page = ProjectPage.objects.get(slug="pilot", locale__language_code="en")
    page.title = "Edited by an editor"
    page.save_revision().publish()
    before = sorted(ProjectPage.objects.values_list("pk", flat=True))

    seed(home_pages)

    assert sorted(ProjectPage.objects.values_list("pk", flat=True)) == before
    assert ProjectIndexPage.objects.count() == 2
    assert ProjectPage.objects.get(pk=page.pk).title == "Edited by an editor"
    assert ProjectPage.objects.get(pk=page.pk).participants.count() == 2


def test_seed_without_a_projects_file_creates_nothing(tmp_path, monkeypatch, home_pages):
    monkeypatch.setattr(demo_content, "DEMO_CONTENT_DIR", tmp_path)
    assert project_demo_seed(cluster={"slug": "testland"}, home_pages=home_pages) == []
    assert not ProjectIndexPage.objects.exists()


def test_seed_rejects_a_project_that_ends_before_it_starts(demo_dir, home_pages, members):
    bad = PROJECTS_TOML.replace("end = 2026-03-31", "end = 2020-01-01")
    (demo_dir / "testland" / "projects.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationError):
        seed(home_pages)
    assert not ProjectPage.objects.exists()
