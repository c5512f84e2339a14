"""The search plugin's hooks: its page and API, its OpenAPI paths, federation pages."""

import logging

from django.urls import path
from wagtail import hooks

from . import views

logger = logging.getLogger(__name__)


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
    # The sync waits for this hook: the index follows in a task, off the sync's path.
    from .tasks import search_mirrors_refresh_task

    object_ids = [*map(str, upserted_ids), *map(str, deleted_ids)]
    if not object_ids:
        return
    try:
        search_mirrors_refresh_task.enqueue(origin=origin, object_ids=object_ids)
    except Exception:
        # Never stops the sync; the index is behind until the next rebuild.
        logger.exception("could not queue the search index update of %s's mirrors", origin)


@hooks.register("register_header_items")
def search_header_item(*, request):
    from plugins.core.hooks import HomeSection

    return [HomeSection(template="search/includes/header_search.html", order=10)]
