"""Writing projects: the demo-content loader."""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.html import escape

from sites.core.demo_content import demo_content_read

from .models import ParticipantRole, ProjectIndexPage, ProjectPage, ProjectParticipant

logger = logging.getLogger(__name__)


def project_demo_seed(*, cluster: dict, home_pages: dict) -> list[ProjectPage]:
    """Load ``sites/demo_content/<slug>/projects.toml``; a missing file loads nothing.

    Idempotent: pages that exist already (same parent, same slug) are kept as
    they are, so editors' changes survive a second run.
    """
    data = demo_content_read(cluster_slug=cluster["slug"], name="projects")
    if not data:
        return []
    return project_demo_load(data=data, home_pages=home_pages)


@transaction.atomic
def project_demo_load(*, data: dict, home_pages: dict) -> list[ProjectPage]:
    """Create the index pages and projects described by ``data`` (parsed projects.toml)."""
    indexes = project_index_ensure(home_pages=home_pages, contents=data.get("index", {}))
    pages = []
    for item in data.get("project", []):
        pages.extend(project_page_ensure(indexes=indexes, item=item).values())
    return pages


def project_index_ensure(*, home_pages: dict, contents: dict[str, dict]) -> dict:
    """A ProjectIndexPage under each language's home page, translations of each other.

    ``contents`` maps language codes to {"title", "slug", "intro"}; languages
    without a home page or without content are skipped.
    """
    indexes: dict[str, ProjectIndexPage] = {}
    translation_key = None
    for code in _languages(home_pages, contents):
        home, content = home_pages[code], contents[code]
        page = ProjectIndexPage.objects.child_of(home).first()
        if page is None:
            page = ProjectIndexPage(
                title=content["title"],
                slug=content["slug"],
                intro=content.get("intro", ""),
                locale=home.locale,
                show_in_menus=True,
            )
            _add_published(parent=home, page=page, translation_key=translation_key)
        translation_key = translation_key or page.translation_key
        indexes[code] = page
    return indexes


def project_page_ensure(*, indexes: dict, item: dict) -> dict[str, ProjectPage]:
    """One project (an entry of ``[[project]]``) in every language it has text for."""
    pages: dict[str, ProjectPage] = {}
    translation_key = None
    for code in _languages(indexes, item):
        parent = indexes[code]
        page = ProjectPage.objects.child_of(parent).filter(slug=item["key"]).first()
        if page is None:
            page = _project_page_build(item=item, content=item[code], locale=parent.locale)
            _add_published(parent=parent, page=page, translation_key=translation_key)
        translation_key = translation_key or page.translation_key
        pages[code] = page
    return pages


def _languages(available: dict, contents: dict) -> list[str]:
    """Languages present in both, the cluster's own first (it is the translation source)."""
    local = settings.CLUSTER_LANGUAGE
    codes = [code for code in available if code in contents and isinstance(contents[code], dict)]
    return sorted(codes, key=lambda code: code != local)


def _add_published(*, parent, page, translation_key) -> None:
    if translation_key is not None:
        page.translation_key = translation_key
    parent.add_child(instance=page)
    page.save_revision().publish()


def _project_page_build(*, item: dict, content: dict, locale) -> ProjectPage:
    page = ProjectPage(
        title=content["title"],
        slug=item["key"],
        locale=locale,
        summary=content.get("summary", ""),
        start_date=_date(item.get("start")),
        end_date=_date(item.get("end")),
        goals=[("goal", goal) for goal in content.get("goals", [])],
        body=[("paragraph", f"<p>{escape(text)}</p>") for text in content.get("body", [])],
        funding_note=content.get("funding_note", ""),
    )
    page.participants = [
        ProjectParticipant(member=member, role=role)
        for role, keys in (
            (ParticipantRole.FUNDER, item.get("funders", [])),
            (ParticipantRole.PARTNER, item.get("partners", [])),
        )
        for member in _members_by_slug(locale=locale, slugs=keys, project=item["key"])
    ]
    return page


def _members_by_slug(*, locale, slugs: list[str], project: str) -> list:
    """Members of ``locale`` with these slugs, in the given order; unknown ones are logged."""
    member_model = apps.get_model("directory", "Member")
    found = {m.slug: m for m in member_model.objects.filter(locale=locale, slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        logger.warning(
            "Project %s: no member %s in locale %s; skipped.",
            project,
            ", ".join(missing),
            locale.language_code,
        )
    return [found[slug] for slug in slugs if slug in found]


def _date(value) -> datetime.date | None:
    """TOML dates arrive as dates; accept ISO strings too."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def project_keys_naming(*, member_keys) -> set:
    """The ``translation_key`` of every project with one of these members as a participant."""
    pages = ProjectPage.objects.filter(participants__member__translation_key__in=list(member_keys))
    return set(pages.values_list("translation_key", flat=True).distinct())


def project_changes_record(*, project_keys) -> int:
    """Record these projects' current state in the change log again (their entries carry
    their members' names); unchanged projects record nothing. Returns entries written."""
    from federation.changelog import change_record_bulk
    from federation.registry import shared_type_for_model

    shared_type = shared_type_for_model(ProjectPage)
    if shared_type is None or not project_keys:
        return 0
    return change_record_bulk(shared_type=shared_type, translation_keys=project_keys)
