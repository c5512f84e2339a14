"""Signal receivers that feed the change log; connected in FederationConfig.ready().

The receivers listen to every model and look the sender up among the shared
types lazily, so ready() only connects and never calls hooks.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .changelog import change_record
from .registry import shared_type_for_model


def _record(instance, reason: str, *, pages: bool):
    shared_type = shared_type_for_model(type(instance))
    if shared_type is not None and shared_type.is_page == pages:
        change_record(
            shared_type=shared_type, translation_key=instance.translation_key, reason=reason
        )


def on_published(sender, instance, **kwargs):
    _record(instance, "deleted", pages=True)


def on_unpublished(sender, instance, **kwargs):
    _record(instance, "unpublished", pages=True)


def on_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _record(instance, "deleted", pages=False)


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    # ClusterableModel.save() writes its ParentalManyToMany fields (a member's
    # sectors) after post_save, so the entry recorded there misses them: record
    # again once they are written (an unchanged object records nothing).
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _record(instance, "deleted", pages=False)
    elif pk_set and shared_type_for_model(model) is not None:
        for related in model.objects.filter(pk__in=pk_set):
            _record(related, "deleted", pages=False)


def on_deleted(sender, instance, **kwargs):
    if shared_type_for_model(type(instance)) is not None:
        # After the surrounding transaction, when the object is really gone.
        transaction.on_commit(
            lambda: _record(instance, "deleted", pages=instance_is_page(instance))
        )


def instance_is_page(instance) -> bool:
    from wagtail.models import Page

    return isinstance(instance, Page)


def signals_connect() -> None:
    page_published.connect(on_published, dispatch_uid="federation-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="federation-unpublished")
    post_save.connect(on_saved, dispatch_uid="federation-saved")
    post_delete.connect(on_deleted, dispatch_uid="federation-deleted")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="federation-m2m-changed")
