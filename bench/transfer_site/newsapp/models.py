"""The news item of the minimal project: the fields our news pages share on the wire."""

from django.db import models
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page


class NewsIndex(Page):
    subpage_types = ["newsapp.NewsItemPage"]


class NewsItemPage(Page):
    date = models.DateField()
    summary = models.TextField(blank=True)
    body = RichTextField(blank=True)

    parent_page_types = ["newsapp.NewsIndex"]
    api_fields = [APIField("date"), APIField("summary"), APIField("body")]


class PulledItem(models.Model):
    """A news item pulled through the API v2, stored as a plain row (like our mirrors)."""

    source_id = models.IntegerField(unique=True)
    title = models.CharField(max_length=255)
    date = models.DateField(null=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
