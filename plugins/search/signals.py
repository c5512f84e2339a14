"""Keeping the index true to this cluster's content; connected in SearchConfig.ready().

The receivers listen to every model and only note the network-wide id
(``translation_key``) of what changed: publishing, unpublishing, saving (a
member), changing many-to-many fields (a member's sectors) and deleting. The ids
of one transaction are reindexed together once it commits (``IndexBatch``): the
documents of those objects are rebuilt from the database through the
``register_search_documents`` hook, so the receivers never need to know which
app an object belongs to.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


class IndexBatch:
    """The object ids changed in one transaction; called once, after the commit."""

    def __init__(self, object_id: str):
        self.object_ids = {object_id}
        self.__qualname__ = type(self).__qualname__  # Django names failed callbacks by it

    def __call__(self):
        from .services import search_objects_reindex

        search_objects_reindex(object_ids=sorted(self.object_ids))


def _open_batch():
    """This transaction's batch, if one waits for the commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:
        # Entries are (savepoint ids, callback, robust); a rolled back savepoint
        # removes its callbacks, and with them a batch opened inside it.
        if isinstance(entry[1], IndexBatch):
            return entry[1]
    return None


def object_changed(instance) -> None:
    if type(instance).__module__ == "__fake__":
        return  # a migration's historical model: the index may not exist yet
    key = getattr(instance, "translation_key", None)
    if key is not None and instance._meta.app_label != "search":
        object_id_changed(str(key))


def object_id_changed(object_id: str) -> None:
    batch = _open_batch()
    if batch is not None:
        batch.object_ids.add(object_id)
    else:
        # Runs at once when no transaction is open.
        transaction.on_commit(IndexBatch(object_id), robust=True)


def on_published(sender, instance, **kwargs):
    object_changed(instance)


def on_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        object_changed(instance)


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        object_changed(instance)
    elif pk_set and hasattr(model, "translation_key"):
        # e.g. members added to a sector from the sector's side
        for key in model.objects.filter(pk__in=pk_set).values_list("translation_key", flat=True):
            object_id_changed(str(key))


def on_deleted(sender, instance, **kwargs):
    object_changed(instance)


def signals_connect() -> None:
    page_published.connect(on_published, dispatch_uid="search-published")
    page_unpublished.connect(on_published, dispatch_uid="search-unpublished")
    post_save.connect(on_saved, dispatch_uid="search-saved")
    post_delete.connect(on_deleted, dispatch_uid="search-deleted")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="search-m2m-changed")
