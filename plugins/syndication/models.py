"""Partner API keys and their usage log.

A key is shown once, when it is made; the database keeps only its SHA-256 and a
short prefix to find it by (see ``services.py``). The rate-limit window lives
on the key's row so that one UPDATE counts a request for every web worker.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ALL = "*"


class ContentType(models.TextChoices):
    """What a key may read: one endpoint of the partner API each."""

    NEWS = "news", _("news")
    MEMBERS = "members", _("members")
    PROJECTS = "projects", _("projects")


def all_content_types() -> list[str]:
    return list(ContentType.values)


def everything() -> list[str]:
    return [ALL]


class PartnerKey(models.Model):
    """One partner's access to the partner API, limited to clusters x types x languages."""

    name = models.CharField(_("name"), max_length=200, help_text=_("What the key is used for."))
    organisation = models.CharField(_("partner organisation"), max_length=200)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    clusters = models.JSONField(
        _("clusters"), default=everything, help_text=_('Cluster slugs, or "*" for all.')
    )
    content_types = models.JSONField(_("content types"), default=all_content_types)
    languages = models.JSONField(
        _("languages"), default=everything, help_text=_('Language codes, or "*" for all.')
    )
    rate_limit = models.PositiveIntegerField(
        _("rate limit (requests per minute)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to suspend the key for a while.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    request_count = models.BigIntegerField(_("requests"), default=0, editable=False)
    # The current fixed rate-limit window (its first minute) and the requests in it.
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")
        default_permissions = ()
        permissions = [("manage_partner_keys", _("Can manage partner API keys"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        return self.active and self.revoked_at is None

    def allows_cluster(self, slug: str) -> bool:
        return ALL in self.clusters or slug in self.clusters

    def allows_language(self, code: str) -> bool:
        return ALL in self.languages or code in self.languages


class PartnerRequest(models.Model):
    """One request made with a key (whatever its answer), for the usage figures."""

    key = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="requests")
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["key", "at"])]
        verbose_name = _("partner API request")
