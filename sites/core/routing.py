"""Routing a page request in one query: the site and the route cached per content
generation (sites/core/fragments.py), the page loaded by its primary key.

Wagtail routes each request by walking the tree from the site's root: the site (one
query), the root page, its translation in the active language and its specific
instance (three or four), then per URL segment the child page and its specific
instance (two each): nine queries for a news page, before any of our code runs. The
walk's result only changes when pages or sites change, which is exactly when the
content generation changes; so the walk is done once per generation and path, and
remembered as (page id, page model, the segments left to the page's own ``route``).
The page itself is a cached fragment too (a page's row only changes with the
generation), so a known route reads nothing from the database. Each request lets the
page finish routing as Wagtail would: ``page.route(request, remaining)`` checks that
the page is live, and a routable page (``RoutablePageMixin``) resolves its sub-routes
from the remaining segments.

Wagtail's privacy check (its ``on_serve_page`` hook) asks the page for its view
restrictions: two queries (the ancestors, then their restrictions) on every request.
Restrictions are rows of ``PageViewRestriction``, whose saves and deletions make a new
generation, so the routed page answers them from the cache instead; whether the
visitor passes them (a password given, a group) is still decided per request.

``PageRouteMiddleware`` puts the result where Wagtail's ``serve`` view looks first
(``request._wagtail_route_for_request``, and the site in ``request._wagtail_site``), so
Wagtail's own view, hooks and privacy checks run unchanged.
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from .fragments import fragment_cached


class PageRouteMiddleware:
    """Routes requests for Wagtail's ``serve`` view with ``page_route``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        # Wagtail's URL pattern passes the path as its one positional argument.
        path = view_kwargs.get("path", view_args[0] if view_args else None)
        if path is not None:
            site = site_for_request(request=request)
            request._wagtail_site = site
            request._wagtail_route_for_request = page_route(request=request, site=site, path=path)
        return None


def site_for_request(*, request) -> Site | None:
    """What ``Site.find_for_request`` finds, from the cache within a generation."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return fragment_cached(
        name="site",
        parts=(hostname, port),
        compute=lambda: _site_find(hostname, port),
        request=request,
    )


def _site_find(hostname: str, port) -> Site | None:
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def page_route(*, request, site: Site | None, path: str):
    """Wagtail's route result (page, args, kwargs) for ``path``, or None (not found)."""
    if site is None:
        return None
    components = tuple(component for component in path.split("/") if component)
    try:
        target = fragment_cached(
            name="route",
            parts=(site.pk, get_language(), components),
            compute=lambda: _route_target(site, components),
            request=request,
        )
        page_id, model_label, remaining = target
        page = fragment_cached(
            name="page",
            parts=(page_id,),
            compute=lambda: _page_load(model_label, page_id),
            request=request,
        )
        if page is None:
            return None
        routed = page.route(request, list(remaining))
    except Http404:
        return None
    view_restrictions_attach(page=routed[0], request=request)
    return routed


def _page_load(model_label: str, page_id: int):
    return apps.get_model(model_label).objects.select_related("locale").filter(pk=page_id).first()


def view_restrictions_attach(*, page, request) -> None:
    """``page.get_view_restrictions()`` answered from the cache for this request (the
    routed page is this request's own copy): Wagtail's privacy check only iterates it."""
    restrictions = fragment_cached(
        name="view_restrictions",
        parts=(page.pk,),
        compute=lambda: list(page.get_view_restrictions()),
        request=request,
    )
    # A partial, not a lambda: the page stays picklable.
    page.get_view_restrictions = functools.partial(list, restrictions)


def _route_target(site: Site, components: tuple[str, ...]) -> tuple[int, str, tuple]:
    """Wagtail's walk from the site's root (in the active language) down the path, as
    far as pages route by child slug; raises Http404 where no child matches."""
    page = site.root_page.localized.specific
    for depth, slug in enumerate(components):
        if type(page).route is not Page.route:  # a page with routes of its own
            return page.pk, page._meta.label, components[depth:]
        child = page.get_children().filter(slug=slug).first()
        if child is None:
            raise Http404
        page = child.specific
    return page.pk, page._meta.label, ()
