"""The syndication plugin's hooks: feeds and exports under the language prefix, the
partner API at the root, its OpenAPI description, the Partners admin menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from federation.admin.permissions import FederationPermissionPolicy
from plugins.core.hooks import HeadLink

from . import api, views
from .models import ContentType, PartnerKey
from .partner_admin import MANAGE_PARTNER_KEYS, PartnerKeyViewSet

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
        path(
            "directory/export.jsonld", views.directory_export_jsonld, name="directory_export_jsonld"
        ),
        path("directory/export.csv", views.directory_export_csv, name="directory_export_csv"),
    ]


@hooks.register("register_root_urls")
def partner_api_urls():
    return [
        path(f"api/v1/{kind}", api.partner_endpoint(kind), name=f"partner_api_{kind}")
        for kind in ContentType.values
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


@hooks.register("register_openapi_paths")
def syndication_openapi_paths():
    from .openapi import syndication_openapi_paths as paths

    return paths()


@hooks.register("register_openapi_components")
def syndication_openapi_components():
    from .openapi import syndication_openapi_components as components

    return components()


# --- the Partners admin menu --------------------------------------------------------
# The policy goes first: Wagtail refuses one once it has made a fallback for the model.
def _partner_policy_register() -> None:
    from wagtail.permissions import policy_registry, register_permission_policy

    if policy_registry.get_by_type(PartnerKey, fallback=False) is None:
        policy = FederationPermissionPolicy(
            PartnerKey, permission=MANAGE_PARTNER_KEYS, allowed_actions=("view", "add", "change")
        )
        register_permission_policy(PartnerKey, policy, exact_class=True)


_partner_policy_register()


@hooks.register("register_admin_viewset")
def partner_keys_viewset():
    return PartnerKeyViewSet()
