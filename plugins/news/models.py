"""News: one index page per language, news pages under it, translatable topics."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from sites.core.blocks import BodyBlock


class NewsTopic(TranslatableMixin, models.Model):
    """A subject news pages are filed under, e.g. "Partnerships"; one row per language.

    Rows of one topic share a ``translation_key`` and a ``slug``: the slug names the
    topic in URLs (``?topic=<slug>``) whatever the visitor's language.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("Used in addresses such as ?topic=partnerships; the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    # The slug identifies the topic across languages, so translation copies it as is.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news topic")
        verbose_name_plural = _("news topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="news_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class NewsIndexPage(Page):
    """The news section of one language: lists that language's news, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        from sites.core.fragments import CachedSequence, fragment_cached

        from .federation import news_network_entries
        from .selectors import news_topic_by_slug, news_topics

        context = super().get_context(request, *args, **kwargs)
        topic_slug = request.GET.get("topic") or None
        current_topic = news_topic_by_slug(slug=topic_slug, locale=self.locale)
        # What the cached parts depend on: a topic that exists, or "no such topic" for
        # any other value (all list nothing), so that made-up values add no entries.
        topic_key = current_topic.slug if current_topic else topic_slug and "?"
        page_size = apps.get_app_config("news").options["page_size"]
        # Local and peers' news change only with a new content generation (a publish,
        # a sync that applied changes): the count and the page read are cached.
        entries = CachedSequence(
            lambda: news_network_entries(locale=self.locale, topic_slug=topic_slug),
            name="news_entries",
            parts=(self.pk, topic_key),
            request=request,
        )
        context["entries"] = Paginator(entries, page_size).get_page(request.GET.get("page"))
        context["topics"] = fragment_cached(
            name="news_topics",
            parts=(self.locale_id,),
            compute=lambda: news_topics(locale=self.locale),
            request=request,
        )
        context["current_topic"] = current_topic
        context["topic_key"] = topic_key
        return context


class NewsPageForm(WagtailAdminPageForm):
    """Offers only the topics of the page's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" not in self.fields:
            return
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        self.fields["topics"].queryset = NewsTopic.objects.filter(locale_id=locale_id)
        if self.instance.pk and not self.is_bound:
            # A translation may still point at the source language's topics
            # (wagtail-localize copies them as is): tick their local equivalents.
            keys = [t.translation_key for t in self.instance.topics.all()]
            self.initial["topics"] = list(
                NewsTopic.objects.filter(locale_id=locale_id, translation_key__in=keys)
            )


class NewsPage(Page):
    """One news item. Scheduling uses Wagtail's go-live date (settings tab)."""

    date = models.DateField(_("publication date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown in listings, search results and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    topics = ParentalManyToManyField(
        NewsTopic, verbose_name=_("topics"), blank=True, related_name="news_pages"
    )

    base_form_class = NewsPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("hero_image")]),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Publication"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    # Translations keep the source's topics; pages show them in their own language.
    override_translatable_fields = [SynchronizedField("topics")]

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

    def get_context(self, request, *args, **kwargs):
        from django.utils.translation import get_language

        from sites.core.fragments import fragment_cached

        context = super().get_context(request, *args, **kwargs)
        # Topics, index and JSON-LD change with content only (a new generation); the
        # JSON-LD's absolute URLs also with the address the visitor used.
        context.update(
            fragment_cached(
                name="news_page_context",
                parts=(request.scheme, request.get_host(), get_language(), self.pk),
                compute=lambda: self._context_compute(request),
                request=request,
            )
        )
        return context

    def _context_compute(self, request) -> dict:
        from .jsonld import jsonld_script, news_page_jsonld
        from .selectors import topics_localized

        topics = topics_localized(topics=self.topics.all(), locale=self.locale)
        return {
            "topics": topics,
            "index": self.get_parent(),
            "news_jsonld": jsonld_script(
                news_page_jsonld(page=self, request=request, topics=topics)
            ),
        }
