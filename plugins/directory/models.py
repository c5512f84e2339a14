"""Cluster members (a translatable snippet), the shared sector taxonomy and the directory page.

A member's ``translation_key`` is its network-wide identity: the local-language record and
its English translation share it, and peers mirror members under it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .collation import collation_sort_key
from .countries import validate_country_code
from .sectors import sector_label


class Sector(models.Model):
    """One entry of the sector taxonomy shared by the network, identified by its slug.

    The slug is what peers exchange; the name shown to visitors comes from the gettext
    catalogue for the seeded sectors (``sectors.SECTOR_NAMES``) and from ``name`` otherwise.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The sector's name in the active language."""
        return sector_label(slug=self.slug, fallback=self.name)


class MemberKind(models.TextChoices):
    COMPANY = "company", _("company")
    UNIVERSITY = "university", _("university")
    RESEARCH_INSTITUTE = "research-institute", _("research institute")
    PUBLIC_AUTHORITY = "public-authority", _("public authority")
    AGENCY = "agency", _("agency")
    ASSOCIATION = "association", _("association")
    LAW_FIRM = "law-firm", _("law firm")
    INVESTOR = "investor", _("investor")
    HOSPITAL = "hospital", _("hospital")
    TECHNOLOGY_PARK = "technology-park", _("technology park")
    NETWORK = "network", _("network")
    FUNDING_PROGRAMME = "funding-programme", _("funding programme")
    OTHER = "other", _("other")


class MemberRole(models.TextChoices):
    FOUNDER = "founder", _("founder")
    MEMBER = "member", _("member")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")
    SUPPORTER = "supporter", _("supporter")


class Visibility(models.TextChoices):
    """Who may see a field. Each level includes the audiences of the levels before it."""

    PUBLIC = "public", _("public (everyone)")
    NETWORK = "network", _("network (shared with peer clusters)")
    CLUSTER = "cluster", _("cluster only")


def validate_not_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("The membership date cannot be in the future."), code="future_date")


class MemberQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Members with ``.search()``: ``Member.objects.filter(locale=l).search("pharma")``."""


class Member(TranslatableMixin, index.Indexed, ClusterableModel):
    """An organisation in the cluster, one record per language (shared ``translation_key``)."""

    #: Fields whose visibility the cluster chooses, and the level each has unless set.
    #: Every other public attribute (name, kind, sectors, city, country, role) is public.
    VISIBILITY_DEFAULTS = {
        "website": Visibility.PUBLIC,
        "email": Visibility.NETWORK,
        "phone": Visibility.NETWORK,
        "address": Visibility.PUBLIC,
        "description": Visibility.PUBLIC,
        "logo": Visibility.PUBLIC,
        "member_since": Visibility.PUBLIC,
    }

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The member's address in the directory; the same in every language."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MemberKind.choices)
    sectors = ParentalManyToManyField(
        Sector, blank=True, related_name="members", verbose_name=_("sectors")
    )
    role = models.CharField(
        _("role in the cluster"),
        max_length=20,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. PL."),
    )
    website = models.URLField(
        _("website"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member_since = models.DateField(
        _("member since"), null=True, blank=True, validators=[validate_not_future]
    )
    field_visibility = models.JSONField(
        _("field visibility"),
        default=dict,
        blank=True,
        help_text=_("Field name -> public, network or cluster; unset fields use the defaults."),
    )
    # The name's A–Z position in the member's language (``collation_sort_key``), kept on
    # save: the directory sorts and paginates in the database, not in Python.
    sort_key = models.BinaryField(default=b"", editable=False)

    # Only name and description differ per language; everything else follows the source.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        *(
            SynchronizedField(field)
            for field in (
                "slug", "kind", "sectors", "role", "city", "country", "website", "email",
                "phone", "address", "logo", "member_since", "field_visibility",
            )
        ),
    ]  # fmt: skip

    objects = MemberQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("city"),
        index.FilterField("locale"),
        index.FilterField("kind"),
        index.FilterField("role"),
        index.FilterField("country"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"],
                name="directory_member_unique_name_per_locale",
                violation_error_message=_("A member with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"],
                name="directory_member_unique_slug_per_locale",
                violation_error_message=_("A member with this slug already exists."),
            ),
        ]
        indexes = [models.Index(fields=["locale", "sort_key"], name="directory_member_sort")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key_update()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "locale"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def sort_key_update(self) -> None:
        """Set ``sort_key`` from the name and the locale (for writes that skip ``save``)."""
        self.sort_key = collation_sort_key(self.name, language=self.locale.language_code)

    def clean(self) -> None:
        # The admin form has no locale field, so Django skips the (locale, ...) constraints
        # there; check them here so editors get a message instead of a database error.
        super().clean()
        errors = {}
        same_locale = Member.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and self.name and same_locale.filter(name__iexact=self.name).exists():
            errors["name"] = ValidationError(
                _("A member called “%(name)s” already exists in this language."),
                code="duplicate_name",
                params={"name": self.name},
            )
        if self.locale_id and self.slug and same_locale.filter(slug=self.slug).exists():
            errors["slug"] = ValidationError(
                _("Another member in this language already uses this slug."), code="duplicate_slug"
            )
        unknown = set(self.field_visibility or {}) - set(self.VISIBILITY_DEFAULTS)
        bad_levels = set(map(str, (self.field_visibility or {}).values())) - set(Visibility.values)
        if unknown or bad_levels:
            errors["field_visibility"] = ValidationError(
                _("Unknown field or visibility level: %(items)s."),
                code="invalid_visibility",
                params={"items": ", ".join(sorted(map(str, unknown | bad_levels)))},
            )
        if errors:
            raise ValidationError(errors)

    def visibility_of(self, field: str) -> str:
        """The visibility level of ``field`` for this member (its own choice or the default)."""
        if field not in self.VISIBILITY_DEFAULTS:
            return Visibility.PUBLIC
        chosen = (self.field_visibility or {}).get(field)
        return chosen if chosen in Visibility.values else self.VISIBILITY_DEFAULTS[field]

    def get_url(self, request=None) -> str | None:
        """The member's page under the directory page of its language, if there is one."""
        from .selectors import member_url

        return member_url(member=self, request=request)


class DirectoryPage(RoutablePageMixin, Page):
    """Lists the members of its language A–Z; ``<page url>/<member slug>/`` shows one."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "directory/directory_page.html"

    class Meta:
        verbose_name = _("member directory")

    @path("")
    def member_list_view(self, request):
        from .views import directory_index

        return directory_index(request, page=self)

    @re_path(r"^(?P<slug>[-\w]+)/$")
    def member_detail_view(self, request, slug):
        from .views import member_detail

        return member_detail(request, page=self, slug=slug)
