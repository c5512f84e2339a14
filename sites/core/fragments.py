"""Cached page fragments: what every page repeats (the layout's head, header and
footer, the main menu, the language alternates) and what routing reads (the site, the
route, the page and its view restrictions) computed once per content change instead
of once per request.

A fragment is stored in Django's default cache under a key that holds the current
**content generation**: a random token in one database row (``ContentGeneration``)
that is replaced whenever content feeding a fragment changes (a page saved,
published, unpublished, moved or deleted; a site, locale, snippet or setting saved or
deleted; a sync that applied peers' changes; a bulk generation). Old keys are never
read again and expire.

Why a database row and not a cache entry: the site runs as several gunicorn worker
processes (plus a task worker that syncs), and Django's default cache (local memory)
is per process. Every worker reads the token (one primary-key read per request,
memoised on the request) from the database they all share, so a change made by any
process is seen by every worker's next request, whatever cache is configured. The
fragments themselves may live in a per-process cache: a key never changes meaning.
In production a shared cache (Redis or memcached as ``CACHES["default"]``) only saves
each worker computing the same fragment once per generation.

The token is random, not a counter, so that a rolled-back change (or a test's
transaction) can never make an old key valid again for other content.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import ContentGeneration

GENERATION_ROW = 1
FRAGMENT_TIMEOUT = 24 * 60 * 60  # seconds; a generation rarely lives that long
_MISSING = object()


def content_generation(*, request=None) -> str:
    """The current generation token: one query, once per request when given one."""
    if request is not None:
        memo = getattr(request, "_content_generation", None)
        if memo is not None:
            return memo
    token = _token_read() or content_generation_bump()
    if request is not None:
        request._content_generation = token
    return token


def _token_read() -> str | None:
    """The token row read with plain SQL: every request asks, and compiling the ORM's
    query cost more than running it."""
    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [GENERATION_ROW])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def content_generation_bump() -> str:
    """Replace the generation token: every cached fragment is recomputed on next use.

    Called inside the transaction of the change where there is one, so the new token
    commits (or rolls back) with the content it describes.
    """
    token = uuid.uuid4().hex
    rows = ContentGeneration.objects.filter(pk=GENERATION_ROW)
    if rows.update(token=token, changed_at=timezone.now()):
        return token
    try:
        with transaction.atomic():
            ContentGeneration.objects.create(pk=GENERATION_ROW, token=token)
    except IntegrityError:  # another process created the row first
        rows.update(token=token, changed_at=timezone.now())
    return token


def fragment_cached(*, name: str, parts: tuple, compute: Callable[[], Any], request=None):
    """``compute()``'s value for ``parts`` (whatever else the fragment varies by: site,
    language, page) in the current generation, from the cache when it is there."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"fragment:{name}:{content_generation(request=request)}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


class CachedSequence(Sequence):
    """The sequence (or queryset) ``make_source()`` returns, as a paginator reads it
    (its length and one slice), with its length and slices cached per generation
    under ``name`` and ``parts`` (what it depends on besides content: page, filters).
    The source is made only when something is not in the cache.

    Slices are stored as lists, so what the source yields must pickle (model
    instances, dataclasses, dicts). Single items are read from the source.
    """

    def __init__(self, make_source: Callable[[], Any], *, name: str, parts: tuple, request=None):
        self.make_source, self.name, self.parts, self.request = make_source, name, parts, request

    @functools.cached_property
    def source(self):
        return self.make_source()

    def __len__(self):
        return fragment_cached(
            name=f"{self.name}:len",
            parts=self.parts,
            compute=lambda: _length(self.source),
            request=self.request,
        )

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self.source[item]
        return fragment_cached(
            name=f"{self.name}:slice",
            parts=(*self.parts, item.start, item.stop, item.step),
            compute=lambda: list(self.source[item]),
            request=self.request,
        )


def _length(source) -> int:
    """A queryset is counted by the database (``len`` would load every row)."""
    return source.count() if isinstance(source, QuerySet) else len(source)
