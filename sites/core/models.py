"""The pages every cluster site has, whatever plugins it enables."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from plugins.core.hooks import hook_call_flat

from .blocks import RICH_TEXT_FEATURES, BodyBlock


class HomePage(Page):
    """The root page of a cluster site, one per language."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = hook_call_flat("register_home_sections", request=request, page=self)
        context["home_sections"] = sorted(sections, key=lambda s: s.order)
        return context


class StandardPage(Page):
    """A plain content page such as "About the cluster"."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class RateLimitCounter(models.Model):
    """Requests counted in one fixed time window for one key (see sites/core/ratelimit.py)."""

    key = models.CharField(max_length=64)  # sha256 hex of "<scope>:<identity>"
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate limit counter")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_ratelimit_window")
        ]


class ContentGeneration(models.Model):
    """One row whose token changes whenever content that cached page fragments show
    changes (see sites/core/fragments.py).

    In the database because every web worker process must see a change at once: a
    per-process cache would keep serving a worker's old menu after another worker (or
    the task worker's sync) changed the pages. Never shown in the admin, hence no
    translated verbose name.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)
