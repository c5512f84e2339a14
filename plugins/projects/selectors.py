"""Reading projects: lists for the index page, the home page and the dashboard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import ProjectIndexPage, ProjectPage

# Index order: running projects first, then planned, then completed.
_RUNNING, _PLANNED, _COMPLETED = 0, 1, 2


def _status_rank(today: datetime.date) -> Case:
    """The status as a number computed by the database; mirrors ``project_status_for``."""
    return Case(
        When(start_date__gt=today, then=Value(_PLANNED)),
        When(end_date__lt=today, then=Value(_COMPLETED)),
        default=Value(_RUNNING),
        output_field=IntegerField(),
    )


def project_list(*, locale, today: datetime.date | None = None) -> QuerySet[ProjectPage]:
    """Live projects in ``locale``: running, planned, completed; each by start date."""
    today = today or timezone.localdate()
    return (
        ProjectPage.objects.live()
        .filter(locale=locale)
        .annotate(status_rank=_status_rank(today))
        .order_by("status_rank", F("start_date").asc(nulls_first=True), "title")
    )


def project_network_list(*, locale, today: datetime.date | None = None) -> list:
    """This cluster's live projects in ``locale`` and its peers' (``FederatedProject``,
    in that language or English), in the index order of ``project_list``."""
    from .federation import federated_project_list, project_sort_key

    today = today or timezone.localdate()
    local = list(project_list(locale=locale, today=today))
    federated = federated_project_list(language=locale.language_code, today=today)
    if not federated:
        return local
    return sorted([*local, *federated], key=lambda project: project_sort_key(project, today=today))


def project_running_list(
    *, locale, limit: int = 3, today: datetime.date | None = None
) -> list[ProjectPage]:
    """Up to ``limit`` live projects in ``locale`` that are running today."""
    today = today or timezone.localdate()
    return list(project_list(locale=locale, today=today).filter(status_rank=_RUNNING)[:limit])


def project_index_for_locale(*, locale) -> ProjectIndexPage | None:
    return ProjectIndexPage.objects.live().filter(locale=locale).first()


def project_counts_by_language(*, today: datetime.date | None = None) -> dict[str, dict]:
    """{language code: {"total": n, "running": m}} over live projects."""
    today = today or timezone.localdate()
    running = Q(start_date__isnull=True) | Q(start_date__lte=today)
    running &= Q(end_date__isnull=True) | Q(end_date__gte=today)
    rows = (
        ProjectPage.objects.live()
        .values("locale__language_code")
        .annotate(total=Count("pk"), running=Count("pk", filter=running))
        .order_by("locale__language_code")
    )
    return {
        row["locale__language_code"]: {"total": row["total"], "running": row["running"]}
        for row in rows
    }


@dataclass(frozen=True)
class ProjectMemberLink:
    """A funder or partner as shown on a project page: name and directory URL."""

    member: object
    name: str
    url: str | None


def project_member_links(*, page: ProjectPage, role: str, request=None) -> list[ProjectMemberLink]:
    """The members in ``role`` on ``page``, each with its member-page URL (if any)."""
    members = page.funders if role == "funder" else page.partners
    return [ProjectMemberLink(member=m, name=m.name, url=m.get_url(request)) for m in members]
