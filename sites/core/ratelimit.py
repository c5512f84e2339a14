"""Rate limits: a fixed-window counter per key in the database, and the middleware
that applies it to the admin login and password reset, the search API and the
federation API.

Why the database: the site runs as several gunicorn worker processes (and, for the
demo, several sites on one host), so a per-process counter would multiply every
limit by the worker count. The database is the one store all workers share and the
deployment already has. Each hit is one transaction: ``UPDATE ... SET count = count
+ 1`` (atomic, row-locked on PostgreSQL; SQLite runs write transactions one at a
time), creating the window's row on the first hit (a unique constraint settles two
workers racing to create it). Django's database cache was the alternative; its
``incr`` is a read followed by a write (two workers can both read 5 and write 6) and
it needs ``createcachetable`` as an extra deployment step.

A fixed window allows up to twice the limit across a window boundary; for these
limits (abuse protection, not billing) that is an acceptable price for one row per
key and window.

Limits are ``"<count>/<period>"`` strings in ``settings.RATE_LIMITS`` (read per
request), period as ``<n>s|m|h|d``; a scope that is missing or ``None`` is not limited:

    RATE_LIMITS = {"admin_login": "10/15m", "admin_password_reset": "5/15m",
                   "search_api": "60/1m", "federation": "600/1m",
                   "partner_api_unauthenticated": "30/1m"}

- ``admin_login`` counts *failed* logins per client IP and username (each attempt is
  counted before the password is checked and refunded if it succeeds); once exhausted
  every login POST for that pair is refused (even with the right password) until the
  window ends.
- ``admin_password_reset`` counts every POST of the admin's password-reset form per
  client IP: each one sends an e-mail, so an unlimited form lets anyone flood an
  editor's mailbox (and our mail server's reputation) from one address.
- ``search_api`` counts every request to ``/api/v1/search`` per client IP.
- ``federation`` counts every request to ``/federation/v1/`` per client IP. Not per
  key id: the key id in ``Signature-Input`` is unverified at this point, so keying on
  it would let anyone spend a real peer's budget, or dodge the limit by inventing ids.
- ``partner_api_unauthenticated`` counts, per client IP, the partner API requests that
  present no usable key (applied by ``plugins.syndication.api``, the one place that
  knows whether a key is good). Requests with a good key are limited per key instead.

The client IP is REMOTE_ADDR, or with ``TRUSTED_PROXY_COUNT = n`` (behind n proxies
that append to X-Forwarded-For) the n-th address from the right of that header: the
one our outermost proxy saw, which a client cannot forge.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse

from .models import RateLimitCounter

DEFAULT_RATE_LIMITS = {
    "admin_login": "10/15m",
    "admin_password_reset": "5/15m",
    "search_api": "60/1m",
    "federation": "600/1m",
    "partner_api_unauthenticated": "30/1m",
}
# Scope -> path prefix of the requests it counts (each one counted per client IP).
PATH_SCOPES = (("federation", "/federation/v1/"), ("search_api", "/api/v1/search"))
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def now() -> float:
    """The clock (a function, so tests can move time)."""
    return time.time()


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


def rate_parse(text: str) -> Rate:
    """``"10/15m"`` -> Rate(10, 900); ValueError for anything else."""
    match = _RATE.match(text or "")
    if not match:
        raise ValueError(f"rate {text!r} is not of the form '<count>/<n><s|m|h|d>'")
    count, n, unit = match.groups()
    period = int(n or 1) * _UNIT_SECONDS[unit]
    if period <= 0:
        raise ValueError(f"rate {text!r} has an empty period")
    return Rate(limit=int(count), period=period)


def rate_for(scope: str) -> Rate | None:
    """The configured rate of ``scope``, or None when it is not limited."""
    rates = getattr(settings, "RATE_LIMITS", DEFAULT_RATE_LIMITS)
    text = rates.get(scope) if rates else None
    return rate_parse(text) if text else None


def _window(rate: Rate, *, key: str) -> tuple[str, datetime, float]:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    start = math.floor(now() / rate.period) * rate.period
    return digest, datetime.fromtimestamp(start, UTC), start + rate.period


def _decision(rate: Rate, count: int, window_end: float) -> Decision:
    retry_after = max(1, math.ceil(window_end - now()))
    return Decision(allowed=count <= rate.limit, count=count, retry_after=retry_after)


def ratelimit_hit(*, rate: Rate, key: str) -> Decision:
    """Count one hit for ``key`` in the current window; allowed while count <= limit."""
    digest, window_start, window_end = _window(rate, key=key)
    counters = RateLimitCounter.objects.filter(key=digest, window_start=window_start)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(
                        key=digest,
                        window_start=window_start,
                        expires_at=datetime.fromtimestamp(window_end, UTC),
                        count=1,
                    )
            except IntegrityError:  # another worker created it first
                counters.update(count=F("count") + 1)
            else:
                # A new window is a good moment to forget the ones that are over.
                RateLimitCounter.objects.filter(
                    expires_at__lt=datetime.fromtimestamp(now(), UTC) - timedelta(minutes=1)
                ).delete()
        count = counters.values_list("count", flat=True).get()
    return _decision(rate, count, window_end)


def ratelimit_refund(*, rate: Rate, key: str) -> None:
    """Take back one hit of ``key`` in the current window (a login that succeeded)."""
    digest, window_start, _ = _window(rate, key=key)
    RateLimitCounter.objects.filter(key=digest, window_start=window_start, count__gt=0).update(
        count=F("count") - 1
    )


def client_ip(request) -> str:
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_request(*, request, scope: str) -> Decision | None:
    """Count ``request`` against ``scope`` for its client IP; None when not limited."""
    rate = rate_for(scope)
    if rate is None:
        return None
    return ratelimit_hit(rate=rate, key=f"{scope}:{client_ip(request)}")


def too_many_requests(*, retry_after: int, json_body: bool) -> HttpResponse:
    message = f"Too many requests; try again in {retry_after} seconds."
    if json_body:
        body = json.dumps({"error": {"code": "rate_limited", "message": message}})
        response = HttpResponse(body, status=429, content_type="application/json")
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _admin_path(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a URL configuration without the Wagtail admin
        return None


class RateLimitMiddleware:
    """Applies the limits above; place it early (after SecurityMiddleware/whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            if request.path == _admin_path("wagtailadmin_login"):
                return self._admin_login(request)
            if request.path == _admin_path("wagtailadmin_password_reset"):
                decision = ratelimit_request(request=request, scope="admin_password_reset")
                if decision and not decision.allowed:
                    return too_many_requests(retry_after=decision.retry_after, json_body=False)
                return self.get_response(request)
        for scope, prefix in PATH_SCOPES:
            if request.path.startswith(prefix):
                decision = ratelimit_request(request=request, scope=scope)
                if decision and not decision.allowed:
                    return too_many_requests(retry_after=decision.retry_after, json_body=True)
                break
        return self.get_response(request)

    def _admin_login(self, request):
        rate = rate_for("admin_login")
        if rate is None:
            return self.get_response(request)
        username = request.POST.get("username", "").strip().casefold()[:150]
        key = f"admin_login:{client_ip(request)}:{username}"
        # Count the attempt before checking the password, so that many attempts sent at
        # once cannot all slip in under the limit; a successful login is refunded.
        decision = ratelimit_hit(rate=rate, key=key)
        if not decision.allowed:
            return too_many_requests(retry_after=decision.retry_after, json_body=False)
        response = self.get_response(request)
        # Wagtail's login view redirects on success and shows the form again on failure.
        if response.status_code in (301, 302, 303):
            ratelimit_refund(rate=rate, key=key)
        return response
