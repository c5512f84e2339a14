"""The shared types every enabled plugin registers, by wire type and by model."""

from __future__ import annotations

from functools import cache

from plugins.core.hooks import hook_call_flat

from .types import SharedType


@cache
def shared_types() -> dict[str, SharedType]:
    """{wire type: SharedType} of every app's ``register_shared_types`` hook."""
    return {t.wire_type: t for t in hook_call_flat("register_shared_types")}


@cache
def _by_model_label() -> dict[str, SharedType]:
    return {t.model_label: t for t in shared_types().values()}


def shared_type_for_model(model) -> SharedType | None:
    return _by_model_label().get(model._meta.label)
