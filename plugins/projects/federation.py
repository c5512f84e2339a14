"""How projects are shared with peer clusters, and how their projects join our index."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from federation.protocol import PROJECTS_PROJECT
from federation.registry import shared_type_for_model
from federation.types import SharedType

from .models import ParticipantRole, ProjectStatus, project_status_for


class ProjectType(SharedType):
    model_label = "projects.ProjectPage"
    wire_type = PROJECTS_PROJECT
    mirror_template = "projects/mirror_project.html"

    def shared_queryset(self):
        return super().shared_queryset().prefetch_related("participants__member")

    def serialize(self, page) -> dict:
        fields = {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "goals": [str(block.value) for block in page.goals if str(block.value).strip()],
            # The status is derived from the dates on each side, so only dates travel.
            "start_date": page.start_date.isoformat() if page.start_date else None,
            "end_date": page.end_date.isoformat() if page.end_date else None,
        }
        for role, names, ids in (
            (ParticipantRole.FUNDER, "funders", "funder_ids"),
            (ParticipantRole.PARTNER, "partners", "partner_ids"),
        ):
            members = participant_members(page=page, role=role)
            fields[names] = [member.name for member in members]
            fields[ids] = member_network_ids(members=members)
        fields["url"] = self.absolute_url(page.get_url() or page.url_path)
        return fields


def participant_members(*, page, role: str) -> list:
    """The members in ``role`` on ``page`` in the page's language, in editor order
    (reads the prefetched rows when there are some)."""
    links = sorted(page.participants.all(), key=lambda link: link.sort_order or 0)
    return [link.member_in_locale(page.locale) for link in links if link.role == role]


def member_network_ids(*, members: list) -> list[str]:
    """Each member's network-wide id if the member is shared with peers, else ""."""
    if not members:
        return []
    member_type = shared_type_for_model(type(members[0]))
    if member_type is None:
        return [""] * len(members)
    pks = [member.pk for member in members]
    shared = set(member_type.shared_queryset().filter(pk__in=pks).values_list("pk", flat=True))
    return [str(m.translation_key) if m.pk in shared else "" for m in members]


# --- peers' projects on this site --------------------------------------------------


@dataclass(frozen=True)
class ParticipantLink:
    """A funder or partner of a peer's project: its name, and our mirror of it if any."""

    name: str
    url: str | None


@dataclass(frozen=True)
class FederatedProject:
    """A peer cluster's project as the index and the mirror page show it."""

    key: str
    title: str
    url: str
    summary: str
    language: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    origin: str
    origin_name: str
    canonical_url: str
    goals: tuple[str, ...] = ()

    @property
    def status(self) -> ProjectStatus:
        return project_status_for(
            start=self.start_date, end=self.end_date, today=timezone.localdate()
        )


def federated_project_from(*, row, origin_names: dict[str, str]) -> FederatedProject:
    """A ``FederatedProject`` of one ``MirrorTranslation`` of a projects.project item."""
    data = row.data if isinstance(row.data, dict) else {}
    origin = row.item.origin
    return FederatedProject(
        key=str(row.item.object_id),
        title=row.title,
        url=reverse("mirror_detail", kwargs={"origin": origin, "object_id": row.item.object_id}),
        summary=row.summary,
        language=row.language,
        start_date=_date(data.get("start_date")),
        end_date=_date(data.get("end_date")),
        origin=origin,
        origin_name=origin_names.get(origin, origin),
        canonical_url=row.url,
        goals=tuple(goal for goal in data.get("goals") or () if isinstance(goal, str)),
    )


def federated_project_list(
    *, language: str, today: datetime.date | None = None
) -> list[FederatedProject]:
    """Peers' live projects in ``language`` (English fallback): running, planned,
    completed, each by start date, like this cluster's own."""
    from federation.selectors import mirror_translations, peer_names

    names = peer_names()
    rows = mirror_translations(type=PROJECTS_PROJECT, language=language)
    projects = [federated_project_from(row=row, origin_names=names) for row in rows]
    return sorted(projects, key=lambda project: project_sort_key(project, today=today))


_STATUS_ORDER = {ProjectStatus.RUNNING: 0, ProjectStatus.PLANNED: 1, ProjectStatus.COMPLETED: 2}


def project_sort_key(project, *, today: datetime.date | None = None) -> tuple:
    """The index order (see ``selectors.project_list``) for pages and federated projects."""
    start, end = project.start_date, project.end_date
    status = project_status_for(start=start, end=end, today=today or timezone.localdate())
    return (_STATUS_ORDER[status], start is not None, start or datetime.date.min, project.title)


def participant_links(*, origin: str, names, ids) -> list[ParticipantLink]:
    """A peer project's funders or partners, linked to our mirrors of those members."""
    from federation.models import MirrorItem

    names = [name for name in names or () if isinstance(name, str)]
    ids = [_uuid(i) for i in ids or ()]
    ids += [""] * (len(names) - len(ids))
    mirrored = set()
    if any(ids):
        found = MirrorItem.objects.filter(
            origin=origin, object_id__in=[i for i in ids if i], deleted_at=None
        )
        mirrored = {str(pk) for pk in found.values_list("object_id", flat=True)}
    return [
        ParticipantLink(
            name=name,
            url=reverse("mirror_detail", kwargs={"origin": origin, "object_id": i})
            if i in mirrored
            else None,
        )
        for name, i in zip(names, ids, strict=False)
    ]


def _uuid(value) -> str:
    """A canonical UUID string, or "" for anything else a peer might send."""
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) and value else ""
    except ValueError:
        return ""


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
