"""Funded projects and initiatives of the cluster, as translatable Wagtail pages."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from sites.core.blocks import BodyBlock


class ProjectStatus(models.TextChoices):
    """Where a project stands today; derived from its dates, never stored."""

    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")


def project_status_for(
    *, start: datetime.date | None, end: datetime.date | None, today: datetime.date
) -> ProjectStatus:
    """A project without dates counts as running: it exists and has not ended."""
    if start is not None and today < start:
        return ProjectStatus.PLANNED
    if end is not None and today > end:
        return ProjectStatus.COMPLETED
    return ProjectStatus.RUNNING


class ParticipantRole(models.TextChoices):
    FUNDER = "funder", _("funder")
    PARTNER = "partner", _("partner")


class ProjectIndexPage(Page):
    """The list of the cluster's projects, one per language under the home page."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("project index page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import project_network_list

        context = super().get_context(request, *args, **kwargs)
        context["projects"] = project_network_list(locale=self.locale)
        return context


class ProjectPage(Page):
    """One funded project or initiative with its dates, goals, funders and partners."""

    summary = models.TextField(verbose_name=_("summary"))
    start_date = models.DateField(null=True, blank=True, verbose_name=_("start date"))
    end_date = models.DateField(null=True, blank=True, verbose_name=_("end date"))
    goals = StreamField(
        [("goal", blocks.TextBlock(label=_("Goal")))], blank=True, verbose_name=_("goals")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    funding_note = models.TextField(
        blank=True,
        verbose_name=_("funding note"),
        help_text=_("Funders that are not members of the directory, or other funding details."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Duration"),
        ),
        FieldPanel("goals"),
        FieldPanel("body"),
        InlinePanel("participants", heading=_("Funders and partners"), label=_("Member")),
        FieldPanel("funding_note"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("goals"),
        index.SearchField("body"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("project page")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def status(self) -> ProjectStatus:
        return project_status_for(
            start=self.start_date, end=self.end_date, today=timezone.localdate()
        )

    @property
    def funders(self) -> list:
        return self._members_in_role(ParticipantRole.FUNDER)

    @property
    def partners(self) -> list:
        return self._members_in_role(ParticipantRole.PARTNER)

    def _members_in_role(self, role: str) -> list:
        """Members in ``role``, each in the page's language when translated."""
        links = self.participants.filter(role=role).select_related("member")
        return [link.member_in_locale(self.locale) for link in links]

    def get_context(self, request, *args, **kwargs):
        from .jsonld import project_jsonld
        from .selectors import project_member_links

        context = super().get_context(request, *args, **kwargs)
        funders = project_member_links(page=self, role=ParticipantRole.FUNDER, request=request)
        partners = project_member_links(page=self, role=ParticipantRole.PARTNER, request=request)
        context.update(
            funders=funders,
            partners=partners,
            jsonld=project_jsonld(page=self, funders=funders, partners=partners, request=request),
        )
        return context


class ProjectParticipant(Orderable):
    """A directory member funding or taking part in a project.

    An inline rather than a many-to-many field: wagtail-localize copies inline
    rows into translations, while it skips many-to-many fields.
    """

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        "directory.Member",
        on_delete=models.CASCADE,
        related_name="project_participations",
        verbose_name=_("member"),
    )
    role = models.CharField(
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTNER,
        verbose_name=_("role"),
    )

    panels = [FieldPanel("member"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")

    def member_in_locale(self, locale):
        """The member's translation in ``locale``; translated pages keep the source's
        rows, which point at the source language's members."""
        member = self.member
        get_translation = getattr(member, "get_translation_or_none", None)
        if get_translation is None or member.locale_id == locale.pk:
            return member
        return get_translation(locale) or member
