"""The OpenAPI 3.1 description of the partner API, the directory exports and the feeds.

Contributed to the site's document (``GET /api/v1/openapi.json``) through the
``register_openapi_paths`` and ``register_openapi_components`` hooks: path items
with inline schemas, and the two ways to present a partner key as security
schemes.
"""

from __future__ import annotations

from django.conf import settings

from federation.protocol import DIRECTORY_MEMBER, NEWS_ARTICLE, PROJECTS_PROJECT

from .api import LIMIT_DEFAULT, LIMIT_MAX
from .partner_feed import REASONS

BEARER = "partnerKey"
HEADER = "partnerKeyHeader"
LIST = r"(,{0})*"
CLUSTER = "[a-z0-9][a-z0-9-]{0,39}"

TRANSLATION_FIELDS = {
    NEWS_ARTICLE: ("title", "slug", "summary", "body_html", "date", "topics", "url", "image"),
    DIRECTORY_MEMBER: (
        "name", "slug", "kind", "role", "sectors", "city", "country", "website", "email",
        "phone", "address", "description", "member_since", "logo", "url",
    ),
    PROJECTS_PROJECT: (
        "title", "slug", "summary", "goals", "start_date", "end_date", "funders", "funder_ids",
        "partners", "partner_ids", "url",
    ),
}  # fmt: skip
ENDPOINTS = {
    "news": (NEWS_ARTICLE, "News articles"),
    "members": (DIRECTORY_MEMBER, "Directory members (public fields only)"),
    "projects": (PROJECTS_PROJECT, "Projects"),
}

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "Stable code, e.g. invalid_key."},
        "message": {"type": "string"},
        "parameter": {"type": "string", "description": "The parameter at fault."},
    },
}


def syndication_openapi_components() -> dict:
    return {
        "securitySchemes": {
            BEARER: {
                "type": "http",
                "scheme": "bearer",
                "description": "A partner key, issued by the cluster's staff.",
            },
            HEADER: {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
    }


def syndication_openapi_paths() -> dict:
    paths = {f"/api/v1/{name}": _partner_path(name) for name in ENDPOINTS}
    paths.update(_export_paths())
    paths.update(_feed_paths())
    return paths


def _translation_schema(wire_type: str) -> dict:
    schema = {
        "type": "object",
        "description": "The item's public fields in one language (the federation's wire "
        "fields; more may be added).",
        "properties": {name: {} for name in TRANSLATION_FIELDS[wire_type]},
    }
    if wire_type == DIRECTORY_MEMBER:
        schema["properties"]["sectors"] = {"type": "array", "items": {"type": "string"}}
        # The partner API is public: fields shared with peer clusters only never appear.
        schema["propertyNames"] = {"not": {"const": "network_only"}}
    return schema


def _item_schema(wire_type: str) -> dict:
    common = {
        "id": {"type": "string", "format": "uuid", "description": "Network-wide id."},
        "type": {"const": wire_type},
        "origin": {"type": "string", "description": "Slug of the cluster it comes from."},
        "updated_at": {
            "type": "string",
            "format": "date-time",
            "description": "When this site recorded the change (what updated_since compares).",
        },
    }
    upsert = {
        "type": "object",
        "required": ["id", "type", "origin", "updated_at", "deleted", "revision", "translations"],
        "properties": {
            **common,
            "deleted": {"const": False},
            "revision": {"type": "integer", "minimum": 1, "description": "At its origin."},
            "translations": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": "^[a-z]{2}$"},
                "additionalProperties": _translation_schema(wire_type),
            },
        },
    }
    tombstone = {
        "type": "object",
        "required": ["id", "type", "origin", "updated_at", "deleted", "reason"],
        "properties": {
            **common,
            "deleted": {"const": True},
            "reason": {
                "enum": list(REASONS),
                "description": "no_translation: nothing left in the key's languages.",
            },
        },
    }
    return {"oneOf": [upsert, tombstone]}


def _error(description: str, **headers) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": ERROR}}}
    if headers:
        response["headers"] = headers
    return response


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def _partner_path(name: str) -> dict:
    wire_type, summary = ENDPOINTS[name]
    cursor = r"^p1\.(0|[1-9a-f][0-9a-f]{0,15})\.(0|[1-9a-f][0-9a-f]{0,15})$"
    page = {
        "type": "object",
        "required": ["items", "next_cursor", "has_more"],
        "properties": {
            "items": {"type": "array", "items": _item_schema(wire_type)},
            "next_cursor": {"type": "string", "pattern": cursor},
            "has_more": {"type": "boolean"},
        },
    }
    return {
        "get": {
            "operationId": f"partner_{name}",
            "summary": f"{summary} of this cluster and the network, oldest change first",
            "description": (
                "The latest state of each item: this cluster's own (from its federation "
                "change log) and the other clusters' it holds, limited to the key's clusters, "
                "content types and languages. Deleted or unpublished items come as "
                "tombstones. Pass next_cursor back as cursor until has_more is false; keep it "
                "to poll for changes later."
            ),
            "security": [{BEARER: []}, {HEADER: []}],
            "parameters": [
                _query(
                    "cursor",
                    "next_cursor of the previous page.",
                    {"type": "string", "pattern": cursor, "maxLength": 40},
                ),
                _query(
                    "limit",
                    f"Items per page (default {LIMIT_DEFAULT}).",
                    {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX},
                ),
                _query(
                    "updated_since",
                    "Only changes recorded at or after this ISO 8601 date-time (no offset: UTC).",
                    {"type": "string", "format": "date-time"},
                ),
                _query(
                    "cluster",
                    "Cluster slugs, comma-separated, within the key's scope.",
                    {"type": "string", "pattern": f"^{CLUSTER}{LIST.format(CLUSTER)}$"},
                ),
                _query(
                    "lang",
                    "Language codes, comma-separated, within the key's scope.",
                    {"type": "string", "pattern": "^[a-z]{2}(,[a-z]{2})*$"},
                ),
            ],  # fmt: skip
            "responses": {
                "200": {
                    "description": "A page of items.",
                    "content": {"application/json": {"schema": page}},
                },
                "400": _error("A malformed cursor, limit, updated_since, cluster or lang."),
                "401": _error("No key, or an unknown, revoked or suspended one."),
                "403": _error("The content type, a cluster or a language is outside the key."),
                "429": _error(
                    "Over the key's requests per minute, or, without a usable key, over the"
                    " requests allowed per client address.",
                    **{
                        "Retry-After": {
                            "description": "Seconds to wait.",
                            "schema": {"type": "integer", "minimum": 0},
                        }
                    },
                ),  # fmt: skip
            },
        }
    }


def _language_parameter() -> dict:
    codes = [code for code, _name in settings.LANGUAGES]
    return {"name": "lang", "in": "path", "required": True, "schema": {"enum": codes}}


def _export_paths() -> dict:
    jsonld = {"type": "object", "required": ["@context", "@type", "itemListElement"]}
    return {
        "/{lang}/directory/export.jsonld": {
            "get": {
                "operationId": "directory_export_jsonld",
                "summary": "The member directory as a schema.org ItemList of Organizations",
                "description": "Public fields only, A–Z in the language's order.",
                "parameters": [_language_parameter()],
                "responses": {
                    "200": {
                        "description": "JSON-LD.",
                        "content": {"application/ld+json": {"schema": jsonld}},
                    }
                },
            }
        },
        "/{lang}/directory/export.csv": {
            "get": {
                "operationId": "directory_export_csv",
                "summary": "The member directory as CSV, one row per member",
                "description": (
                    "UTF-8 with a byte order mark (for spreadsheet programs), a header row of "
                    "English column names, public fields only; lists joined with '; '."
                ),
                "parameters": [_language_parameter()],
                "responses": {
                    "200": {
                        "description": "CSV.",
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    }


def _feed_paths() -> dict:
    mimes = ("application/rss+xml", "application/atom+xml", "application/feed+json")
    content = {mime: {"schema": {"type": "string"}} for mime in mimes}
    format_parameter = {
        "name": "format",
        "in": "path",
        "required": True,
        "schema": {"enum": ["rss", "atom", "json"]},
    }
    topic = _query("topic", "A topic's slug: only news on that topic.", {"type": "string"})
    paths = {}
    for name, summary in (("news", "This cluster's news"), ("network", "The network's news")):
        parameters = [_language_parameter(), format_parameter]
        paths[f"/{{lang}}/feeds/{name}.{{format}}"] = {
            "get": {
                "operationId": f"{name}_feed",
                "summary": f"{summary} as RSS 2.0, Atom 1.0 or JSON Feed 1.1",
                "parameters": [*parameters, topic] if name == "news" else parameters,
                "responses": {
                    "200": {"description": "The feed.", "content": content},
                    "304": {"description": "Not modified (If-None-Match / If-Modified-Since)."},
                },
            }
        }
    return paths
