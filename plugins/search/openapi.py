"""The OpenAPI 3.1 description of this site's public API, served at /api/v1/openapi.json.

The document is assembled from the ``register_openapi_paths`` and
``register_openapi_components`` hooks: every app returns its own paths (and the
components they refer to), and ``openapi_document`` merges them under one ``info``.
The search API's paths are ``search_openapi_paths`` below (schemas inline).
"""

from __future__ import annotations

from django.conf import settings

from .backends.base import MAX_QUERY_LENGTH
from .params import MAX_PAGE

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"


def openapi_document() -> dict:
    from plugins.core.hooks import hook_call

    paths: dict = {}
    for contributed in hook_call("register_openapi_paths"):
        paths.update(contributed or {})
    components: dict = {}
    for contributed in hook_call("register_openapi_components"):
        for section, entries in (contributed or {}).items():
            components.setdefault(section, {}).update(entries)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME} API",
            "version": API_VERSION,
            "description": "Public, read-only interfaces of this cluster's site.",
        },
        "servers": [{"url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}],
        "paths": dict(sorted(paths.items())),
        "components": components,
    }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable code, e.g. query_too_long, invalid_page.",
                },
                "message": {"type": "string"},
                "parameter": {"type": "string", "description": "The parameter at fault."},
            },
        }
    },
}

COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}

RESULT_SCHEMA = {
    "type": "object",
    "required": [
        "title", "url", "cluster", "type", "language", "summary", "highlight", "date",
        "kind", "sectors", "country",
    ],
    "properties": {
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri", "description": "Canonical URL at its origin."},
        "cluster": {"type": "string", "description": "Slug of the cluster it comes from."},
        "type": {"type": "string", "enum": ["news", "member", "project"]},
        "language": {"type": "string", "description": "Language code of this version."},
        "summary": {"type": "string"},
        "highlight": {
            "type": "string",
            "description": "HTML excerpt; the only elements are <mark> around matches.",
        },
        "date": {"type": ["string", "null"], "format": "date"},
        "kind": {"type": "string", "description": "Members: kind of organisation."},
        "sectors": {"type": "array", "items": {"type": "string"}, "description": "Slugs."},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code."},
    },
}  # fmt: skip


def _filter(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + " Unknown values match nothing.",
        "schema": {"type": "string", "maxLength": 100},
    }


def search_openapi_paths() -> dict:
    error = {"application/json": {"schema": ERROR_SCHEMA}}
    return {
        "/api/v1/search": {
            "get": {
                "operationId": "search",
                "summary": "Search the news, members and projects of the whole network",
                "description": (
                    "Every word must match (the last one as a prefix) in the title, summary "
                    "or text; punctuation and query operators are ignored. Without `lang`, "
                    "each object comes once: in the language negotiated from "
                    "Accept-Language, else in English."
                ),
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "description": "The words to search for.",
                        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH},
                    },
                    _filter("type", "news, member or project."),
                    _filter("cluster", "Slug of a cluster."),
                    _filter("kind", "Kind of organisation (members), e.g. university."),
                    _filter("sector", "Sector slug (members), e.g. biotechnology."),
                    _filter("country", "ISO 3166-1 alpha-2 code (members), e.g. PL."),
                    _filter("lang", "Only documents in this language (code), no fallback."),
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "description": "Page of results (20 per page by default); a page after "
                        "the last is empty.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page of results, best first, with facet counts.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["results", "facets", "total", "ranked", "page"],
                                    "properties": {
                                        "results": {"type": "array", "items": RESULT_SCHEMA},
                                        "facets": {
                                            "type": "object",
                                            "description": (
                                                "Per filter parameter (type, cluster, kind, "
                                                "sector, country, lang): value -> count."
                                            ),
                                            "additionalProperties": COUNTS,
                                        },
                                        "total": {"type": "integer", "minimum": 0},
                                        "ranked": {
                                            "type": "integer",
                                            "minimum": 0,
                                            "description": "The matches ranked, which the "
                                            "pages go through (at most total): a broad search "
                                            "ranks only the newest matches; add a word or a "
                                            "filter to narrow it.",
                                        },
                                        "page": {"type": "integer", "minimum": 1},
                                        "message": {
                                            "type": "string",
                                            "description": "Why there are no results, when "
                                            "the text has nothing to search for.",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "400": {"description": "A bad parameter.", "content": error},
                    "503": {"description": "The search engine is unavailable.", "content": error},
                },
            }
        }
    }
