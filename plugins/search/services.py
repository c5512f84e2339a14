"""Writing the search index: reindexing changed objects, applying federation pages, rebuilding."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .backends.base import BaseSearchBackend, SearchBackendError, search_backend
from .documents import documents_all

logger = logging.getLogger(__name__)


def search_objects_reindex(
    *, object_ids: Iterable[str], backend: BaseSearchBackend | None = None
) -> int:
    """Rebuild the documents of this cluster's objects ``object_ids`` from the database.

    An object that is gone, unpublished or no longer shown loses its documents;
    returns how many documents were written.
    """
    object_ids = [str(object_id) for object_id in object_ids]
    if not object_ids:
        return 0
    backend = backend or search_backend()
    cluster = settings.CLUSTER_SLUG
    documents = [doc for doc in documents_all(object_ids=object_ids) if doc.cluster == cluster]
    return _objects_replace(backend, cluster=cluster, object_ids=object_ids, documents=documents)


def search_mirrors_apply(
    *,
    origin: str,
    upserted_ids: Iterable[str],
    deleted_ids: Iterable[str],
    backend: BaseSearchBackend | None = None,
) -> int:
    """Index one applied federation page of ``origin`` in one batch: the upserted
    objects' documents replace their old ones, tombstoned objects lose theirs."""
    upserted = [str(object_id) for object_id in upserted_ids]
    deleted = [str(object_id) for object_id in deleted_ids]
    if not upserted and not deleted:
        return 0
    backend = backend or search_backend()
    documents = []
    if upserted:
        documents = [doc for doc in documents_all(object_ids=upserted) if doc.cluster == origin]
    return _objects_replace(
        backend, cluster=origin, object_ids=upserted + deleted, documents=documents
    )


def search_mirrors_refresh(
    *, origin: str, object_ids: Iterable[str], backend: BaseSearchBackend | None = None
) -> int:
    """Make the documents of ``origin``'s mirrors ``object_ids`` what the mirror tables
    hold now: live mirrors get their documents rebuilt, tombstoned or unknown ones lose
    theirs. It reads the state, not the change that led to it, so refreshes of the
    same objects may run late, twice or out of order and still leave the index true."""
    return search_mirrors_apply(
        origin=origin, upserted_ids=object_ids, deleted_ids=(), backend=backend
    )


def _objects_replace(backend, *, cluster, object_ids, documents) -> int:
    # One transaction for the database backend: readers never see the objects missing.
    with transaction.atomic():
        backend.objects_delete(cluster=cluster, object_ids=object_ids)
        return backend.documents_index(documents)


def search_index_rebuild(*, backend: BaseSearchBackend | None = None, progress=None) -> int:
    """Replace the whole index with every document the enabled apps contribute.

    ``progress`` wraps the list of documents (e.g. a tqdm bar) while it is indexed.
    """
    backend = backend or search_backend()
    documents = list(documents_all())
    return backend.rebuild(progress(documents) if progress else documents)


def search_index_safely(func, **kwargs) -> int:
    """Run an index write whose failure must not stop the caller (a sync, a save)."""
    try:
        return func(**kwargs)
    except SearchBackendError:
        logger.exception("the search index could not be updated; run manage.py search rebuild")
        return 0
