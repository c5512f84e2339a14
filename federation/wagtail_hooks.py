from django.urls import include, path
from wagtail import hooks

from .admin.panels import NetworkHealthPanel
from .admin.permissions import federation_policies_register
from .admin.viewsets import FederationViewSetGroup
from .api import urls as api_urls
from .views import mirror_detail


@hooks.register("register_root_urls")
def federation_api_urls():
    return [path("federation/v1/", include(api_urls))]


@hooks.register("register_site_urls")
def federation_site_urls():
    return [
        path("network/<slug:origin>/<uuid:object_id>/", mirror_detail, name="mirror_detail"),
    ]


# --- the Federation section of the admin --------------------------------------------
# The permission policies go first: Wagtail refuses them once it has made fallbacks.
federation_policies_register()


@hooks.register("register_admin_viewset")
def federation_admin_viewsets():
    return FederationViewSetGroup()


@hooks.register("construct_homepage_panels")
def federation_health_panel(request, panels):
    panels.append(NetworkHealthPanel())


@hooks.register("register_search_documents")
def federation_search_documents(*, since=None, object_ids=None):
    # The peers' mirrored news, members and projects, attributed to their origin.
    from plugins.search.documents import mirror_documents

    return mirror_documents(since=since, object_ids=object_ids)
