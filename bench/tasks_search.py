"""Search measurements inside one instance: index rebuild against the backend's raw
bulk rate, and search latency (the whole search page, the backend, the engine)."""

from __future__ import annotations

import random
import time
from contextlib import contextmanager

from django.db import connection, transaction

# Visitors' queries: words of the generated content, with and without facet filters.
QUERIES = [
    ("generated", {}),
    ("generated member", {"type": "member"}),
    ("member 12", {}),
    ("biotechnology", {}),
    ("research", {"kind": "university"}),
    ("generated", {"sector": "biotechnology"}),
    ("generated", {"country": "PL", "type": "member"}),
    ("text load", {"kind": "company"}),
    ("synthetic", {"type": "news"}),
    ("digital health", {}),
]


def rebuild(*, backend_label: str):
    """The rebuild (documents built from the database, then written) against the
    same documents written by the backend's engine in plain bulk requests."""
    from plugins.search.backends.base import search_backend
    from plugins.search.documents import documents_all
    from plugins.search.services import search_index_rebuild

    started = time.perf_counter()
    documents = list(documents_all())
    build_seconds = time.perf_counter() - started
    backend = search_backend()
    raw_seconds = _raw_bulk(backend, documents)
    started = time.perf_counter()
    count = search_index_rebuild(backend=backend)
    return {
        "backend": backend_label,
        "documents": count,
        "rebuild_seconds": time.perf_counter() - started,
        "build_seconds": build_seconds,
        "raw_seconds": raw_seconds,
    }


def _raw_bulk(backend, documents) -> float:
    if hasattr(backend, "client"):
        return _raw_bulk_elasticsearch(backend, documents)
    return _raw_bulk_database(backend, documents)


def _raw_bulk_database(backend, documents) -> float:
    """The same rows inserted with bulk_create, sectors and full text included, into
    emptied tables: no upsert, no id lookup, no per-batch delete."""
    from plugins.search.backends.database import _raw_delete
    from plugins.search.backends.fulltext import fulltext_engine, text_clean
    from plugins.search.models import IndexedDocument, IndexedDocumentSector

    with transaction.atomic():
        _raw_delete(IndexedDocumentSector.objects.all())
        _raw_delete(IndexedDocument.objects.all())
        fulltext_engine().clear()
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(0, len(documents), 500):
            batch = documents[start : start + 500]
            rows = IndexedDocument.objects.bulk_create([backend._row(doc) for doc in batch])
            IndexedDocumentSector.objects.bulk_create(
                [
                    IndexedDocumentSector(document_id=row.pk, sector=sector)
                    for row, doc in zip(rows, batch, strict=True)
                    for sector in dict.fromkeys(doc.sectors)
                ]
            )
            fulltext_engine().insert(
                [
                    (row.pk, text_clean(d.title), text_clean(d.summary), text_clean(d.body))
                    for row, d in zip(rows, batch, strict=True)
                ]
            )
    return time.perf_counter() - started


def _raw_bulk_elasticsearch(backend, documents) -> float:
    """The same sources sent with the client's bulk helper into a scratch index."""
    from elasticsearch.helpers import bulk

    from plugins.search.backends.elasticsearch_index import document_source

    index = f"{backend.index_prefix}-bench-raw"
    backend.client.indices.delete(index=index, ignore_unavailable=True)
    started = time.perf_counter()
    bulk(
        backend.client.options(request_timeout=backend.timeout),
        ({"_index": index, "_id": d.id, "_source": document_source(d)} for d in documents),
        chunk_size=500,
        refresh=True,
    )
    seconds = time.perf_counter() - started
    backend.client.indices.delete(index=index, ignore_unavailable=True)
    return seconds


@contextmanager
def engine_timer():
    """Seconds spent in the engine: SQL executions, or Elasticsearch HTTP requests."""
    spent = [0.0]

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    patched = _elasticsearch_patch(spent)
    try:
        with connection.execute_wrapper(wrapper):
            yield spent
    finally:
        patched()


def _elasticsearch_patch(spent):
    try:
        from elastic_transport import Transport
    except ImportError:
        return lambda: None
    original = Transport.perform_request

    def perform_request(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    Transport.perform_request = perform_request

    def restore():
        Transport.perform_request = original

    return restore


def latency(
    *, backend_label: str, requests: int, budget: float = 90.0, language: str = "en", seed: int = 0
):
    """``requests`` searches through the search page (in-process, the full view and
    template), each also timed at the backend and at the engine; all in seconds. Stops
    early once ``budget`` seconds are spent (a slow engine must not hold up the run)."""
    from django.test import Client

    from plugins.search.backends.base import SearchQuery, search_backend
    from plugins.search.params import FACET_PARAMS

    rng = random.Random(seed)  # noqa: S311 - a reproducible choice of queries
    client = Client(HTTP_HOST="127.0.0.1")
    samples = {"page": [], "backend": [], "engine": [], "totals": []}
    deadline = time.perf_counter() + budget
    for n in range(requests + 1):
        if n > 1 and time.perf_counter() > deadline:
            break
        text, filters = rng.choice(QUERIES)
        params = {"q": text, **{FACET_PARAMS[k]: v for k, v in filters.items()}}
        started = time.perf_counter()
        response = client.get(f"/{language}/search/", params)
        page = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"search page answered {response.status_code} for {params}")
        query = SearchQuery(text=text, language=language, filters=filters)
        with engine_timer() as spent:
            started = time.perf_counter()
            results = search_backend().search(query)
            backend = time.perf_counter() - started
        if n < 1:
            continue  # warm-up: connections, caches, compiled templates
        samples["page"].append(page)
        samples["backend"].append(backend)
        samples["engine"].append(spent[0])
        samples["totals"].append(results.total)
    return {"backend": backend_label, **samples}


TASKS = {"search_rebuild_bench": rebuild, "search_latency": latency}
