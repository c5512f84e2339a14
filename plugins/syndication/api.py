"""The partner API: ``GET /api/v1/{news,members,projects}`` for holders of a partner key.

Every answer is JSON. Errors are ``{"error": <code>, "message": <text>}`` (plus
``parameter`` for a bad query parameter): 401 without a usable key, 429 over
the key's rate limit (with ``Retry-After``), 403 outside the key's scope, 400
for a bad parameter, 405 for anything but GET and HEAD. Requests without a
usable key (missing, unknown, revoked, suspended) are limited per client IP
(``partner_api_unauthenticated`` in ``settings.RATE_LIMITS``, see
``sites.core.ratelimit``): 429 instead of 401 once over. Requests made with a
known key are logged (``PartnerRequest``). See ``partner_feed`` for the cursor
and ``services`` for keys and rate limits.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.http import JsonResponse

from federation.protocol import DIRECTORY_MEMBER, NEWS_ARTICLE, PROJECTS_PROJECT
from sites.core.ratelimit import ratelimit_request

from .models import ContentType
from .partner_feed import CursorError, Scope, cursor_parse, partner_page
from .services import partner_key_authenticate, partner_key_count_request, partner_request_log

WIRE_TYPES = {
    ContentType.NEWS: NEWS_ARTICLE,
    ContentType.MEMBERS: DIRECTORY_MEMBER,
    ContentType.PROJECTS: PROJECTS_PROJECT,
}
LIMIT_DEFAULT = 100
LIMIT_MAX = 500
CLUSTER_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
LANGUAGE_PATTERN = re.compile(r"[a-z]{2}")
MESSAGES = {
    "missing_key": "Send your key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
    "invalid_key": "This key is not known.",
    "revoked_key": "This key has been revoked.",
    "inactive_key": "This key is suspended.",
}


def error_response(status: int, code: str, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": code, "message": message, **extra}, status=status)
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="partner-api"'
    return response


class ParamError(Exception):
    def __init__(self, parameter: str, message: str, *, status: int = 400):
        super().__init__(message)
        self.parameter, self.message, self.status = parameter, message, status


def partner_endpoint(content_type: str):
    """The view serving ``content_type`` (a ``ContentType`` value)."""

    def view(request):
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "method_not_allowed", "Only GET is supported.")
            response["Allow"] = "GET, HEAD"
            return response
        check = partner_key_authenticate(plain=_presented_key(request))
        if check.error:
            limited = _unauthenticated_limited(request)
            if limited:
                return limited
        if check.key is None:
            return error_response(401, check.error, MESSAGES[check.error])
        response = _answer(request, key=check.key, refused=check.error, content_type=content_type)
        partner_request_log(
            key=check.key, path=request.get_full_path(), status=response.status_code
        )
        return response

    view.__name__ = f"partner_{content_type}"
    return view


def _unauthenticated_limited(request) -> JsonResponse | None:
    """A 429 once this client IP has sent too many requests without a usable key:
    guessing keys, or a partner's broken client retrying a revoked one, costs the
    database a lookup (and, for known keys, a log row) each time."""
    decision = ratelimit_request(request=request, scope="partner_api_unauthenticated")
    if decision is None or decision.allowed:
        return None
    response = error_response(
        429, "rate_limited", "Too many requests without a valid key; slow down."
    )
    response["Retry-After"] = str(decision.retry_after)
    return response


def _presented_key(request) -> str | None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def _answer(request, *, key, refused: str | None, content_type: str):
    if refused:
        return error_response(401, refused, MESSAGES[refused])
    rate = partner_key_count_request(key=key)
    if not rate.usable:  # revoked or suspended since it was read
        return error_response(401, "revoked_key", MESSAGES["revoked_key"])
    if not rate.allowed:
        response = error_response(
            429, "rate_limited", f"More than {key.rate_limit} requests in a minute; slow down."
        )
        response["Retry-After"] = str(rate.retry_after)
        return response
    if content_type not in key.content_types:
        return error_response(
            403, "out_of_scope", f"This key may not read {content_type}.", parameter="type"
        )
    try:
        query = _query_parse(request.GET, key=key, content_type=content_type)
    except ParamError as exc:
        code = "out_of_scope" if exc.status == 403 else "invalid_parameter"
        return error_response(exc.status, code, exc.message, parameter=exc.parameter)
    page = partner_page(
        scope=query.scope, cursor=query.cursor, limit=query.limit, since=query.updated_since
    )
    response = JsonResponse(
        {"items": page.items, "next_cursor": page.next_cursor, "has_more": page.has_more},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    response["X-RateLimit-Limit"] = str(key.rate_limit)
    return response


@dataclass(frozen=True)
class PartnerQuery:
    scope: Scope
    cursor: object
    limit: int
    updated_since: datetime.datetime | None


def _query_parse(params, *, key, content_type: str) -> PartnerQuery:
    try:
        cursor = cursor_parse(params.get("cursor"))
    except CursorError as exc:
        raise ParamError("cursor", f"Not a cursor of this API ({exc}).") from None
    clusters = _narrowed(
        params, "cluster", CLUSTER_PATTERN, allowed=key.allows_cluster, scope=key.clusters
    )
    languages = _narrowed(
        params, "lang", LANGUAGE_PATTERN, allowed=key.allows_language, scope=key.languages
    )
    return PartnerQuery(
        scope=Scope(wire_types=(WIRE_TYPES[content_type],), clusters=clusters, languages=languages),
        cursor=cursor,
        limit=_limit_parse(params.get("limit")),
        updated_since=_datetime_parse(params.get("updated_since")),
    )


def _narrowed(params, name: str, pattern, *, allowed, scope: list) -> frozenset | None:
    """The request's values of ``name`` (comma-separated or repeated) within the key's
    scope; the key's own scope (None = everything) when the request names none."""
    values = {v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()}
    bad = sorted(v for v in values if not pattern.fullmatch(v))
    if bad:
        raise ParamError(name, f"{name}: {bad[0][:40]!r} is not a valid value.")
    outside = sorted(v for v in values if not allowed(v))
    if outside:
        raise ParamError(name, f"This key may not read {name}={outside[0]}.", status=403)
    if values:
        return frozenset(values)
    return None if "*" in scope else frozenset(scope)


def _limit_parse(raw: str | None) -> int:
    if raw is None or raw == "":
        return LIMIT_DEFAULT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4 and 1 <= int(raw) <= LIMIT_MAX):
        raise ParamError("limit", f"limit must be an integer from 1 to {LIMIT_MAX}.")
    return int(raw)


def _datetime_parse(raw: str | None) -> datetime.datetime | None:
    """An ISO 8601 date-time (a date alone is its midnight; no offset means UTC)."""
    if raw is None or raw == "":
        return None
    message = "updated_since must be an ISO 8601 date-time, e.g. 2026-01-31T08:00:00Z."
    if len(raw) > 64:
        raise ParamError("updated_since", message)
    try:
        value = datetime.datetime.fromisoformat(raw.strip().upper())
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise ParamError("updated_since", message) from None
