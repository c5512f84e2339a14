"""The search plugin's hooks: its page and API, its OpenAPI paths, federation pages."""

from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_site_urls")
def search_site_urls():
    return [path("search/", views.search_page, name="search")]


@hooks.register("register_root_urls")
def search_root_urls():
    return [
        path("api/v1/search", views.search_api, name="search_api"),
        path("api/v1/openapi.json", views.openapi_json, name="openapi"),
    ]


@hooks.register("register_openapi_paths")
def search_openapi_paths():
    from .openapi import search_openapi_paths as paths

    return paths()


@hooks.register("federation_page_applied")
def search_federation_page_applied(*, origin, upserted_ids, deleted_ids):
    from .services import search_index_safely, search_mirrors_apply

    search_index_safely(
        search_mirrors_apply, origin=origin, upserted_ids=upserted_ids, deleted_ids=deleted_ids
    )


@hooks.register("register_header_items")
def search_header_item(*, request):
    from plugins.core.hooks import HomeSection

    return [HomeSection(template="search/includes/header_search.html", order=10)]
