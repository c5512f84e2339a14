"""Synthetic projects for load tests and benchmarks (``manage.py demo generate --projects N``).

Written in bulk like the generated news (``plugins.news.generate``): the
``wagtailcore_page`` rows with the paths treebeard would give them, the
``projects_projectpage`` rows of the same ids, then the participant rows. Funders
and partners are drawn from the directory's members (generated ones included), so
the change log carries their member ids. Live, without revisions; their change-log
entries go through the same serializer as a project published in the admin (see
``sites.core.generate``).
"""

from __future__ import annotations

import datetime
import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from sites.core.generate import pages_children_append, synthetic_text

from .models import ParticipantRole, ProjectIndexPage, ProjectPage, ProjectParticipant
from .services import project_index_ensure

BATCH = 200
SLUG_PREFIX = "generated-project-"
INDEX_TITLES = {"en": "Projects", "pl": "Projekty", "de": "Projekte", "tr": "Projeler"}
# Generated titles say what they are: "<label> <n>".
LABELS = {
    "en": "Generated project",
    "pl": "Wygenerowany projekt",
    "de": "Generiertes Projekt",
    "tr": "Üretilmiş proje",
    "bg": "Генериран проект",
}
MEMBER_SAMPLE = 500  # members to draw participants from


def projects_generate(*, count, home_pages, plans, rng):
    """Yield (ProjectPage, translation keys, projects done) after each batch of ``BATCH``."""
    indexes = _indexes_ensure(home_pages)
    members = _members_by_language()
    generated = ProjectPage.objects.filter(slug__startswith=SLUG_PREFIX)
    first = generated.values("translation_key").distinct().count() + 1
    for start in range(0, count, BATCH):
        batch = plans[start : start + BATCH]
        with transaction.atomic():
            keys = _batch_write(batch, first + start, indexes, members, rng)
        yield ProjectPage, keys, len(batch)


def _indexes_ensure(home_pages) -> dict[str, ProjectIndexPage]:
    contents = {
        code: {"title": INDEX_TITLES.get(code, "Projects"), "slug": "projects"}
        for code in home_pages
    }
    project_index_ensure(home_pages=home_pages, contents=contents)
    return {
        code: ProjectIndexPage.objects.child_of(home).first() for code, home in home_pages.items()
    }


def _members_by_language() -> dict[str, dict]:
    """{language: {member translation_key: member pk}} over a sample of members."""
    member_model = apps.get_model("directory", "Member")
    keys = list(
        member_model.objects.order_by("pk").values_list("translation_key", flat=True)[
            :MEMBER_SAMPLE
        ]
    )
    found: dict[str, dict] = {}
    rows = member_model.objects.filter(translation_key__in=keys)
    for pk, key, language in rows.values_list("pk", "translation_key", "locale__language_code"):
        found.setdefault(language, {})[key] = pk
    return found


def _batch_write(plans, first_number, indexes, members, rng) -> list[uuid.UUID]:
    content_type = ContentType.objects.get_for_model(ProjectPage)
    pages_by_index: dict[int, list[ProjectPage]] = {}
    participants: dict[int, list[tuple]] = {}  # id(page) -> [(member key, role)]
    keys = []
    for offset, plan in enumerate(plans):
        n = first_number + offset
        key = uuid.uuid4()
        keys.append(key)
        start = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
        end = start + datetime.timedelta(days=rng.randint(180, 1500))
        source_members = sorted(members.get(plan.source, {}))
        chosen = rng.sample(source_members, k=min(len(source_members), rng.randint(0, 3)))
        roles = [ParticipantRole.FUNDER] + [ParticipantRole.PARTNER] * 2
        for language in plan.languages:
            index = indexes.get(language)
            if index is None:
                continue
            page = _page(n, language, key, start, end, content_type, rng)
            pages_by_index.setdefault(index.pk, []).append(page)
            participants[id(page)] = list(zip(chosen, roles, strict=False))
    rows = []
    for index in indexes.values():
        if index is None or index.pk not in pages_by_index:
            continue
        pages = pages_by_index[index.pk]
        pages_children_append(parent=index, pages=pages)
        language = index.locale.language_code
        for page in pages:
            rows += _participant_rows(page, participants[id(page)], members, language)
    ProjectParticipant.objects.bulk_create(rows)
    return keys


def _participant_rows(page, chosen, members, language) -> list[ProjectParticipant]:
    """Rows pointing at each member's translation in the page's language, else any."""
    rows = []
    for order, (member_key, role) in enumerate(chosen):
        pk = members.get(language, {}).get(member_key)
        if pk is None:
            pk = next(m[member_key] for m in members.values() if member_key in m)
        rows.append(ProjectParticipant(page_id=page.pk, member_id=pk, role=role, sort_order=order))
    return rows


def _page(n, language, key, start, end, content_type, rng) -> ProjectPage:
    title = f"{LABELS.get(language, LABELS['en'])} {n}"
    published = datetime.datetime.combine(start, datetime.time(12), tzinfo=datetime.UTC)
    return ProjectPage(
        title=title,
        draft_title=title,
        slug=f"{SLUG_PREFIX}{n}",
        translation_key=key,
        content_type=content_type,
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        start_date=start,
        end_date=end,
        summary=synthetic_text(language=language, n=n, rng=rng, sentences=1)[:400],
        goals=[("goal", synthetic_text(language=language, n=n, rng=rng, sentences=1))],
        body=[("paragraph", f"<p>{synthetic_text(language=language, n=n, rng=rng)}</p>")],
    )


GENERATORS = {"projects": projects_generate}
