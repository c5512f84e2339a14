"""Builders for the projects tests: directory members, index and project pages."""

import datetime

from django.utils import timezone

from plugins.directory.models import DirectoryPage, Member
from plugins.projects.models import ProjectIndexPage, ProjectPage, ProjectParticipant


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def member_translations(*, home_pages, slug, names) -> dict[str, Member]:
    """One member per language ({"pl": "Nazwa", "en": "Name"}), translations of each other."""
    members, key = {}, None
    for code, name in names.items():
        member = Member(
            name=name,
            slug=slug,
            kind="company",
            city="Lublin",
            country="PL",
            locale=home_pages[code].locale,
        )
        if key is not None:
            member.translation_key = key
        member.save()
        key = member.translation_key
        members[code] = member
    return members


def directory_pages(*, home_pages) -> dict[str, DirectoryPage]:
    pages, key = {}, None
    for code, home in home_pages.items():
        page = DirectoryPage(
            title=f"Directory {code}", slug=f"directory-{code}", locale=home.locale
        )
        if key is not None:
            page.translation_key = key
        home.add_child(instance=page)
        page.save_revision().publish()
        key = page.translation_key
        pages[code] = page
    return pages


def project_indexes(*, home_pages) -> dict[str, ProjectIndexPage]:
    slugs = {"pl": "projekty", "en": "projects"}
    titles = {"pl": "Projekty", "en": "Projects"}
    pages, key = {}, None
    for code, home in home_pages.items():
        page = ProjectIndexPage(title=titles[code], slug=slugs[code], locale=home.locale)
        if key is not None:
            page.translation_key = key
        home.add_child(instance=page)
        page.save_revision().publish()
        key = page.translation_key
        pages[code] = page
    return pages


def project_create(*, index, title, funders=(), partners=(), **fields) -> ProjectPage:
    fields.setdefault("summary", f"Summary of {title}")
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    page = ProjectPage(title=title, locale=index.locale, **fields)
    page.participants = [
        *(ProjectParticipant(member=m, role="funder") for m in funders),
        *(ProjectParticipant(member=m, role="partner") for m in partners),
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
