from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from plugins.core.hooks import HeadLink

from . import views

FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@hooks.register("register_site_urls")
def syndication_site_urls():
    return [
        path("feeds/news.<str:format>", views.news_feed, name="news_feed"),
        path("feeds/network.<str:format>", views.network_feed, name="network_feed"),
    ]


@hooks.register("register_head_links")
def feed_autodiscovery(*, request):
    from django.urls import reverse

    links = []
    for name, title in (("news_feed", _("News")), ("network_feed", _("Network news"))):
        for format, mime in FEED_TYPES.items():
            links.append(
                HeadLink(
                    rel="alternate",
                    type=mime,
                    title=f"{title} ({format.upper()})",
                    href=reverse(name, kwargs={"format": format}),
                )
            )
    return links
