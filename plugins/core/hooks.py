"""Calling the hooks declared in ``hookspecs``; the only way the product calls them."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from wagtail import hooks

from .hookspecs import HOOKSPECS


@dataclass(frozen=True)
class HomeSection:
    """A template a plugin contributes to a page region: the home page
    (``register_home_sections``) or the site header (``register_header_items``)."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class DashboardItem:
    """One recent object listed in a ``DashboardStat`` (e.g. a news page)."""

    title: str
    url: str = ""
    meta: str = ""


@dataclass(frozen=True)
class DashboardStat:
    """A figure a plugin shows on the admin dashboard (see ``register_dashboard_stats``).

    ``counts`` maps language codes to numbers (e.g. members per locale);
    ``items`` lists recent objects, newest first. Stats are shown by ``order``.
    """

    label: str
    counts: dict[str, int] = field(default_factory=dict)
    items: tuple[DashboardItem, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class HeadLink:
    """A ``<link>`` a plugin adds to every page's head (see ``register_head_links``)."""

    rel: str
    href: str
    type: str = ""
    title: str = ""


class UnknownHookError(LookupError):
    pass


def hook_call(name: str, **kwargs) -> list:
    """Call every implementation of the declared hook ``name``; return their results."""
    if name not in HOOKSPECS:
        raise UnknownHookError(f"{name!r} is not declared in plugins.core.hookspecs")
    return [fn(**kwargs) for fn in hooks.get_hooks(name)]


def hook_call_flat(name: str, **kwargs) -> list:
    """Like ``hook_call`` for hooks that return lists: one list of all items."""
    return [item for result in hook_call(name, **kwargs) for item in (result or [])]


def hook_signature_mismatches() -> list[tuple[str, object, str]]:
    """(hook name, implementation, reason) for each implementation whose signature
    cannot take the declared keyword arguments."""
    mismatches = []
    for name, spec in HOOKSPECS.items():
        declared = dict.fromkeys(spec.signature.parameters)
        for fn in hooks.get_hooks(name):
            try:
                inspect.signature(fn).bind(**declared)
            except TypeError as exc:
                mismatches.append((name, fn, str(exc)))
    return mismatches
