"""Partner keys: making, checking, revoking, rate limiting and logging their use.

Keys. ``cwk_<prefix>_<secret>``: 8 hex characters to find the row by and 32
random bytes (``secrets``). Only the SHA-256 of the whole key is stored: the
secret has 256 bits of entropy, so a slow hash (PBKDF2) would add nothing but
a cost to every request. The plain key exists once, in the answer to the admin
form that made it.

Revocation at once. Every request reads its key's row: nothing about keys is
cached beyond the request, and the rate-limit UPDATE below only counts a
request while the key is still active and not revoked, so a key revoked while
a request is in flight is refused there too.

Rate limits. A fixed window of one calendar minute per key, kept on the key's
row (``window_start``, ``window_count``): one UPDATE resets or increments the
counter (``CASE WHEN window_start = <this minute> THEN count + 1 ELSE 1``),
and the following SELECT in the same transaction reads the count. The UPDATE
locks the row until commit, so with any number of gunicorn workers (separate
processes sharing the database, unlike the per-process locmem cache) every
request is counted exactly once and sees its own count. Django's DatabaseCache
would not do: its ``incr`` is a read then a write, which loses counts under
concurrency. A fixed window lets up to twice the limit through around a
minute boundary; partners are trusted parties and this is a fairness limit,
not a defence. Refused requests count too, so hammering does not pay.

Usage log. One small INSERT per request made with a known key (unknown or
missing keys are not logged: nobody to attribute them to, and logging them
would let anyone fill the table). ``last_used_at`` and ``request_count`` are
kept on the key by the same UPDATE as the counter, so the admin list needs no
COUNT over the log. The log is kept for ``SYNDICATION_REQUEST_LOG_DAYS`` days
(default 90) and pruned by ``manage.py syndication prune-requests`` (cron).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from .models import PartnerKey, PartnerRequest

KEY_PATTERN = re.compile(r"cwk_([0-9a-f]{8})_[A-Za-z0-9_-]{43}")
WINDOW = datetime.timedelta(minutes=1)
REQUEST_LOG_DAYS_DEFAULT = 90
PRUNE_BATCH = 5000


def key_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode("ascii")).hexdigest()


def _key_new() -> tuple[str, str]:
    """A fresh (prefix, plain key) whose prefix no key uses yet."""
    while True:
        prefix = secrets.token_hex(4)
        if not PartnerKey.objects.filter(prefix=prefix).exists():
            return prefix, f"cwk_{prefix}_{secrets.token_urlsafe(32)}"


def partner_key_prepare(*, key: PartnerKey) -> str:
    """Give the unsaved ``key`` a new secret (its prefix and hash); return the plain key,
    which the caller shows once and forgets."""
    prefix, plain = _key_new()
    key.prefix = prefix
    key.key_hash = key_hash(plain)
    return plain


def partner_key_create(**fields) -> tuple[PartnerKey, str]:
    """A new saved key with ``fields`` (name, organisation, scopes, ...) and its plain text."""
    key = PartnerKey(**fields)
    plain = partner_key_prepare(key=key)
    key.save()
    return key, plain


def partner_key_revoke(*, key: PartnerKey) -> None:
    """Revoke ``key`` for good, effective from the next request."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.active = False
        key.save(update_fields=["revoked_at", "active"])


@dataclass(frozen=True)
class KeyCheck:
    """The outcome of authenticating a request: ``key`` when known, ``error`` if refused."""

    key: PartnerKey | None
    error: str | None  # missing_key, invalid_key, revoked_key, inactive_key


def partner_key_authenticate(*, plain: str | None) -> KeyCheck:
    """Find and check the key a request presents (a fresh read: no cache)."""
    if not plain:
        return KeyCheck(None, "missing_key")
    match = KEY_PATTERN.fullmatch(plain)
    key = PartnerKey.objects.filter(prefix=match.group(1)).first() if match else None
    if key is None or not hmac.compare_digest(key.key_hash, key_hash(plain)):
        return KeyCheck(None, "invalid_key")
    if key.revoked_at is not None:
        return KeyCheck(key, "revoked_key")
    if not key.active:
        return KeyCheck(key, "inactive_key")
    return KeyCheck(key, None)


@dataclass(frozen=True)
class RateCheck:
    allowed: bool
    retry_after: int  # seconds until the window ends (when refused)
    usable: bool = True  # False: the key was revoked or suspended meanwhile


def partner_key_count_request(*, key: PartnerKey, now=None) -> RateCheck:
    """Count one request against ``key``'s current window; is it within the limit?"""
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    with transaction.atomic():
        counted = PartnerKey.objects.filter(pk=key.pk, active=True, revoked_at=None).update(
            window_count=Case(
                When(window_start=window, then=F("window_count") + 1), default=Value(1)
            ),
            window_start=window,
            last_used_at=now,
            request_count=F("request_count") + 1,
        )
        if not counted:
            return RateCheck(allowed=False, retry_after=0, usable=False)
        count, limit = (
            PartnerKey.objects.filter(pk=key.pk).values_list("window_count", "rate_limit").get()
        )
    retry_after = max(1, math.ceil((window + WINDOW - now).total_seconds()))
    return RateCheck(allowed=count <= limit, retry_after=retry_after)


def partner_request_log(*, key: PartnerKey, path: str, status: int) -> None:
    PartnerRequest.objects.create(key=key, path=path[:500], status=status, at=timezone.now())


def partner_request_retention() -> datetime.timedelta:
    """How long the usage log is kept: ``settings.SYNDICATION_REQUEST_LOG_DAYS`` (read
    at call time, so a changed setting applies at the next prune)."""
    days = getattr(settings, "SYNDICATION_REQUEST_LOG_DAYS", REQUEST_LOG_DAYS_DEFAULT)
    return datetime.timedelta(days=int(days))


def partner_requests_prune(*, older_than: datetime.timedelta | None = None, now=None) -> int:
    """Delete usage-log rows older than ``older_than`` (default: the retention setting);
    return how many. In batches, so that a long-neglected log is not one huge delete
    holding its locks while the API keeps logging."""
    if older_than is None:
        older_than = partner_request_retention()
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    while True:
        batch = list(
            PartnerRequest.objects.filter(at__lt=cutoff)
            .order_by()
            .values_list("pk", flat=True)[:PRUNE_BATCH]
        )
        if not batch:
            return deleted
        deleted += PartnerRequest.objects.filter(pk__in=batch).delete()[0]
