"""Work done inside one instance's process (``manage.py bench_task NAME --kwargs JSON``):
preparing its content and peers, and the in-process measurements of the sync.

Each task takes keyword arguments and returns a JSON-ready dict.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
MIRROR_TABLES = ("federation_mirroritem", "federation_mirrortranslation")


def prepare(*, members: int = 0, news: int = 0, language_mix: bool = True, seed: int = 0):
    """A copied template database made this cluster's: its locale, content and key."""
    from wagtail.models import Locale

    from federation.keys import signing_key_generate
    from sites.core.generate import content_generate

    # The template was migrated as another cluster: its first locale becomes ours.
    if not Locale.objects.filter(language_code=settings.LANGUAGE_CODE).exists():
        Locale.objects.order_by("pk").filter(pk=Locale.objects.order_by("pk").first().pk).update(
            language_code=settings.LANGUAGE_CODE
        )
    started = time.perf_counter()
    made = content_generate(
        counts={"members": members, "news": news}, language_mix=language_mix, seed=seed
    )
    key = signing_key_generate(if_missing=True)
    return {"made": made, "seconds": time.perf_counter() - started, "public_key": key.public_pem}


def peers_set(*, peers: list[dict]):
    from federation.services import peer_add

    for peer in peers:
        peer_add(slug=peer["slug"], base_url=peer["url"], public_key=peer["public_key"])
    return {"peers": len(peers)}


def search_rebuild():
    from plugins.search.services import search_index_rebuild

    started = time.perf_counter()
    count = search_index_rebuild()
    return {"documents": count, "seconds": time.perf_counter() - started}


@contextmanager
def sql_writes():
    """Count the SQL statements that write, in total and to the mirror tables."""
    counts = {"writes": 0, "mirror_writes": 0, "statements": 0}

    def wrapper(execute, sql, params, many, context):
        text = sql.lstrip().upper()
        counts["statements"] += 1
        if text.startswith(WRITE_VERBS):
            counts["writes"] += 1
            if any(table.upper() in text for table in MIRROR_TABLES):
                counts["mirror_writes"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counts


@contextmanager
def requests_counted():
    """Count the HTTP requests the federation client makes, per peer base URL."""
    from federation.client import PeerClient

    counts: dict[str, int] = {}
    original = PeerClient._attempt

    def attempt(self, method, url, **kwargs):
        counts[self.base_url] = counts.get(self.base_url, 0) + 1
        return original(self, method, url, **kwargs)

    PeerClient._attempt = attempt
    try:
        yield counts
    finally:
        PeerClient._attempt = original


def initial_sync(*, peers: list[str]):
    """The sync from ``peers`` and its two bounds: the same pages fetched only, and
    the same rows written straight with ``bulk_create`` into the same tables."""
    from federation.services import peers_sync

    mirrors_clear(peers=peers)  # a sweep's earlier size left the bulk bound's rows
    tasks_drain()  # whatever earlier work queued is not the sync's
    _peers_warm(peers)
    started = time.perf_counter()
    with requests_counted() as requests:
        runs = peers_sync(slugs=peers, full=True, trigger="bench")
    sync_seconds = time.perf_counter() - started
    items = sum(run.created + run.updated for run in runs)
    index_seconds = tasks_drain()  # the search index following the mirrors (queued tasks)
    pages, fetch_seconds = _fetch_only(peers)
    fetched = sum(len(page["changes"]) for peer_pages in pages.values() for page in peer_pages)
    mirrors_clear(peers=peers)
    bulk_seconds = _bulk_write(pages)
    return {
        "items": items,
        "errors": [run.error for run in runs if not run.ok],
        "requests": sum(requests.values()),
        "sync_seconds": sync_seconds,
        "index_seconds": index_seconds,
        "fetched_items": fetched,
        "fetch_seconds": fetch_seconds,
        "bulk_seconds": bulk_seconds,
    }


def mirrors_clear(*, peers: list[str]) -> None:
    """The mirrors of ``peers`` removed: the next full sync of them is an initial one."""
    from federation.models import MirrorItem, MirrorTranslation

    with transaction.atomic():
        MirrorTranslation.objects.filter(item__origin__in=peers).delete()
        MirrorItem.objects.filter(origin__in=peers).delete()


def tasks_drain() -> float:
    """Run every queued task in this process (the instance's worker is not running);
    the seconds it took."""
    import io

    from django.core.management import call_command

    started = time.perf_counter()
    options = {"batch": True, "startup_delay": False, "reload": False, "verbosity": 0}
    call_command("db_worker", stdout=io.StringIO(), **options)
    return time.perf_counter() - started


def _peers_warm(peers) -> None:
    """One one-item request to each peer: a server process starts lazily (imports, its
    first request); the bounds, measured after the sync, find the peers warm, so the
    sync must too."""
    from federation.models import Peer
    from federation.transport import transport_for

    for peer in Peer.objects.filter(slug__in=peers):
        transport_for(peer=peer).fetch_changes(None, 1)


def _fetch_only(peers):
    """Every feed page of each peer, downloaded and decoded only (kept for the bulk bound)."""
    from federation.models import Peer
    from federation.transport import transport_for

    pages = {}
    started = time.perf_counter()
    for peer in Peer.objects.filter(slug__in=peers):
        client = transport_for(peer=peer)
        cursor, pages[peer.slug] = None, []
        while True:
            page = json.loads(client.fetch_changes(cursor))
            pages[peer.slug].append(page)
            cursor = page["cursor"]
            if not page["has_more"]:
                break
    return pages, time.perf_counter() - started


def _bulk_write(pages) -> float:
    """The fetched rows written with plain bulk_create: no validation, plan or sanitizing.

    The same rows as the sync writes, page by page: the items (tombstones too) with
    their sequence numbers from the counter row, their translations, the peer's cursor.
    """
    from django.db.models import F
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from federation.models import MirrorItem, MirrorSequence, MirrorTranslation, Peer

    started = time.perf_counter()
    now = timezone.now()
    MirrorSequence.objects.get_or_create(pk=1)
    for origin, peer_pages in pages.items():
        for page in peer_pages:
            with transaction.atomic():
                changes = page["changes"]
                MirrorSequence.objects.filter(pk=1).update(last=F("last") + len(changes))
                last = MirrorSequence.objects.values_list("last", flat=True).get(pk=1)
                items = MirrorItem.objects.bulk_create(
                    [
                        MirrorItem(
                            origin=origin,
                            object_id=c["id"],
                            type=c["type"],
                            revision=c["revision"],
                            content_hash=c.get("content_hash") or "",
                            updated_at=parse_datetime(c["updated_at"]),
                            synced_at=now,
                            deleted_at=None if c["action"] == "upsert" else now,
                            seq=last - len(changes) + n + 1,
                        )
                        for n, c in enumerate(changes)
                    ],
                    batch_size=500,
                )
                MirrorTranslation.objects.bulk_create(
                    [
                        MirrorTranslation(
                            item_id=item.pk,
                            language=language,
                            title=(fields.get("title") or fields.get("name") or "")[:500],
                            summary=fields.get("summary") or fields.get("description") or "",
                            date=fields.get("date")
                            or fields.get("start_date")
                            or fields.get("member_since"),
                            url=fields.get("url") or "",
                            data=fields,
                        )
                        for item, c in zip(items, changes, strict=True)
                        for language, fields in c.get("translations", {}).items()
                    ],
                    batch_size=500,
                )
                Peer.objects.filter(slug=origin).update(cursor=page["cursor"])
    return time.perf_counter() - started


def noop_sync():
    """A sync of every peer when nothing changed: requests made, SQL writes, time."""
    from federation.services import peers_sync

    started = time.perf_counter()
    with requests_counted() as requests, sql_writes() as writes:
        runs = peers_sync(trigger="bench")
    return {
        "peers": len(runs),
        "seconds": time.perf_counter() - started,
        "requests": sum(requests.values()),
        "requests_per_peer": sorted(requests.values()),
        "changed": sum(run.created + run.updated + run.deleted for run in runs),
        "errors": [run.error for run in runs if not run.ok],
        **writes,
    }


def propagation(*, peer_url: str, count: int, timeout: float = 30.0):
    """Publish ``count`` news pages here, each time waiting until the peer shows it."""
    import requests
    from wagtail.models import Locale

    from plugins.news.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.filter(
        locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    ).first()
    session = requests.Session()
    session.get(f"{peer_url}/en/", timeout=60)  # warm-up: the workers' first request
    delays, missed = [], 0
    for n in range(count):
        page = NewsPage(title=f"Propagation probe {n}", slug=f"propagation-probe-{time.time_ns()}")
        page.summary = "A page published by the propagation benchmark."
        index.add_child(instance=page)
        with transaction.atomic():
            page.save_revision().publish()
        published = time.perf_counter()  # after the commit: the notice is on its way
        url = f"{peer_url}/en/network/{settings.CLUSTER_SLUG}/{page.translation_key}/"
        while time.perf_counter() - published < timeout:
            try:
                if session.get(url, timeout=timeout).status_code == 200:
                    delays.append(time.perf_counter() - published)
                    break
            except requests.RequestException:
                pass  # a busy server: ask again
            time.sleep(0.02)
        else:
            missed += 1
    return {"delays": delays, "missed": missed}


TASKS = {
    "prepare": prepare,
    "peers_set": peers_set,
    "search_rebuild": search_rebuild,
    "initial_sync": initial_sync,
    "noop_sync": noop_sync,
    "propagation": propagation,
}
