"""Every hook of the product, declared once with its signature and docstring.

Hooks are Wagtail hooks (``wagtail.hooks.register``), implemented in an app's
``wagtail_hooks.py`` and always called with keyword arguments through
``plugins.core.hooks.hook_call``. The product's own features (news, directory,
projects, federation) use these same hooks; nothing in the platform names a
plugin. ``docs/hooks.md`` documents each one and a test checks that every hook
here is documented, implemented and exercised by a test.

The functions below are specifications only: their bodies never run.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass


@dataclass(frozen=True)
class HookSpec:
    name: str
    signature: inspect.Signature
    doc: str


HOOKSPECS: dict[str, HookSpec] = {}


def hookspec(func):
    HOOKSPECS[func.__name__] = HookSpec(
        name=func.__name__, signature=inspect.signature(func), doc=inspect.getdoc(func) or ""
    )
    return func


@hookspec
def register_site_urls() -> list:
    """Return URL patterns served under every language prefix (``/<lang>/...``).

    They are matched before Wagtail's page serving, so a plugin can add views
    such as ``/en/directory/<slug>/`` next to its pages.
    """


@hookspec
def register_root_urls() -> list:
    """Return URL patterns served at the site root, outside the language prefix.

    For machine interfaces whose URLs must not depend on a language: APIs,
    feeds, federation endpoints.
    """


@hookspec
def register_home_sections(*, request, page) -> list:
    """Return ``HomeSection`` objects to show on the home page ``page``.

    Each section names a template and its context; sections are shown in
    ascending ``order``. ``request`` is the visitor's request.
    """


@hookspec
def seed_demo_content(*, cluster: dict, home_pages: dict) -> None:
    """Load this app's demo content for ``cluster`` (the parsed cluster file).

    ``home_pages`` maps each language code to that language's home page.
    Must be idempotent: running the seed again creates nothing twice.
    """


@hookspec
def register_dashboard_stats(*, request) -> list:
    """Return ``DashboardStat`` objects for the Wagtail admin dashboard.

    Each stat has a label, numbers per language code (``counts``) and/or a
    short list of recent objects (``items``); the site's dashboard panel shows
    them in ascending ``order``. ``request`` is the editor's admin request, so
    an implementation can leave out what the editor may not see.
    """


@hookspec
def register_shared_types() -> list:
    """Return ``federation.types.SharedType`` instances: what this app shares.

    Each one maps a local model (declared in the plugin's ``shared_types``) to a
    wire type of ``federation.protocol`` and back to a template for mirrored
    copies. The federation records a change whenever such an object is
    published, unpublished, saved or deleted, and serves it to peers.
    """


@hookspec
def register_head_links(*, request) -> list:
    """Return ``HeadLink`` objects to put in the ``<head>`` of every page.

    For feed autodiscovery, OpenSearch descriptions and the like; ``request``
    is the visitor's request (the active language is set). The rendered links are
    cached per content generation, site and language: the same for every visitor.
    """


@hookspec
def register_search_documents(*, since=None, object_ids=None):
    """Return an iterable of ``plugins.search.backends.base.SearchDocument``: what this
    app contributes to the network search, one document per object and language.

    ``since`` (a datetime or None): only objects changed since then, where the app
    knows when an object changed (others return everything). ``object_ids`` (None
    or network-wide ids such as a ``translation_key``): only those objects; the
    search plugin passes the ids of what was just saved, published or deleted, and
    indexes exactly what comes back. Build documents in a constant number of
    queries (no query per object); return only what the public may see.
    """


@hookspec
def federation_page_applied(*, origin: str, upserted_ids: list, deleted_ids: list) -> None:
    """Called after one page of a peer's changes was applied and committed.

    ``origin`` is the peer's slug, ``upserted_ids`` the object ids whose mirrors
    were created or replaced, ``deleted_ids`` those tombstoned. For work that
    follows the mirrors (the search index); a failure here must not stop the sync.
    The sync waits for every implementation before it applies the next page: queue
    anything slow as a task (the search plugin queues one index batch per page).
    """


@hookspec
def register_openapi_paths() -> dict:
    """Return OpenAPI 3.1 path items ({"/api/v1/...": {...}}) served by this app.

    They are merged into the document at ``/api/v1/openapi.json``; put schemas
    inline, or in components named after the app (``register_openapi_components``).
    """


@hookspec
def register_openapi_components() -> dict:
    """Return OpenAPI 3.1 components ({"securitySchemes": {...}, ...}) that this app's
    paths refer to (a security requirement must name a scheme declared there).

    Merged section by section into the document at ``/api/v1/openapi.json``; prefix
    names with what they belong to (e.g. ``partnerKey``) so that apps do not clash.
    """


@hookspec
def register_header_items(*, request) -> list:
    """Return ``HomeSection`` objects to show in the site header of every page.

    For a search box and the like, shown in ascending ``order`` between the main
    menu and the language switcher. The platform names no plugin: a cluster without
    the plugin simply has no such item. The rendered items are cached per content
    generation, site and language: nothing may depend on the visitor or the URL.
    """
