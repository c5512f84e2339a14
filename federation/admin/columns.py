"""Table columns and labels shared by the Federation listings and the dashboard panel."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column

from .. import selectors
from ..client import CLOSED, HALF_OPEN, OPEN
from .permissions import user_can_manage_federation

PEER_STATE_LABELS = {
    selectors.PEER_OK: _("OK"),
    selectors.PEER_FAILING: _("Failing"),
    selectors.PEER_BREAKER_OPEN: _("Breaker open"),
    selectors.PEER_NEVER_SYNCED: _("Never synced"),
}
BREAKER_LABELS = {CLOSED: _("Closed"), HALF_OPEN: _("Half-open"), OPEN: _("Open")}
STATUS_CSS = "federation/admin/federation.css"


def lag_text(lag: int | None) -> str:
    if lag is None:
        return _("Unknown")
    return ngettext("%(count)s change behind", "%(count)s changes behind", lag) % {"count": lag}


def breaker_text(health: selectors.PeerHealth) -> str:
    label = BREAKER_LABELS.get(health.breaker_state, health.breaker_state)
    if health.breaker_state == OPEN:
        return _("%(state)s (retry in %(seconds)s s)") % {
            "state": label,
            "seconds": round(health.breaker_retry_in),
        }
    if health.breaker_failures:
        failures = ngettext("%(count)s failure", "%(count)s failures", health.breaker_failures)
        return f"{label} ({failures % {'count': health.breaker_failures}})"
    return str(label)


def short(text: str, length: int = 120) -> str:
    return Truncator(text or "").chars(length)


class PeerStateColumn(Column):
    """The peer's state as a coloured dot followed by its name (never colour alone)."""

    cell_template_name = "federation/admin/peer_state_cell.html"

    class Media:
        css = {"all": [STATUS_CSS]}

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        state = selectors.peer_health(peer=instance).state
        context.update(state=state, label=PEER_STATE_LABELS[state])
        return context


class PeerSyncColumn(Column):
    """A "Sync now" button: a POST form, shown to those who may start syncs."""

    cell_template_name = "federation/admin/peer_sync_cell.html"

    def __init__(self, name="sync", *, url_name: str, **kwargs):
        kwargs.setdefault("label", _("Sync"))
        super().__init__(name, accessor="slug", **kwargs)
        self.url_name = url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_sync"] = bool(
            request and instance.enabled and user_can_manage_federation(request.user)
        )
        if context["can_sync"]:
            context["url"] = reverse(self.url_name, args=[instance.pk])
            context["csrf_token"] = get_token(request)
        return context
