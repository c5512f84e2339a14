"""The "Network health" panel of the admin dashboard."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import selectors
from .columns import PEER_STATE_LABELS, STATUS_CSS, lag_text
from .permissions import user_can_manage_federation
from .views import PEERS_NAMESPACE


class NetworkHealthPanel(Component):
    name = "federation_network_health"
    template_name = "federation/admin/network_health_panel.html"
    # After the Cluster content panel (200), before Wagtail's own (210 and up).
    order = 205

    class Media:
        css = {"all": [STATUS_CSS]}

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        health = selectors.network_health()
        rows = [
            {
                "peer": peer_health.peer,
                "state": peer_health.state,
                "label": PEER_STATE_LABELS[peer_health.state],
                "lag": lag_text(peer_health.lag),
            }
            for peer_health in health.peers
        ]
        can_manage = user_can_manage_federation(request.user)
        return {
            "rows": rows,
            "items_per_type": sorted(health.items_per_type.items()),
            "feed_changes": health.feed_changes,
            "peers_url": reverse(f"{PEERS_NAMESPACE}:index") if can_manage else None,
        }
