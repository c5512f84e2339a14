"""The "Cluster content" panel of the Wagtail admin dashboard.

Its figures come from the ``register_dashboard_stats`` hook, so the panel
shows whatever the installed plugins count, without naming any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from wagtail.admin.ui.components import Component

from plugins.core.hooks import DashboardStat, hook_call_flat


@dataclass(frozen=True)
class DashboardRow:
    """One stat's numbers in the order of the site's languages."""

    label: str
    values: tuple[int, ...]


def dashboard_stats(*, request) -> list[DashboardStat]:
    stats = hook_call_flat("register_dashboard_stats", request=request)
    return sorted(stats, key=lambda stat: stat.order)


def dashboard_rows(*, stats: list[DashboardStat], languages: list[str]) -> list[DashboardRow]:
    """Table rows for the stats that have counts; a language without a count shows 0."""
    return [
        DashboardRow(label=stat.label, values=tuple(stat.counts.get(code, 0) for code in languages))
        for stat in stats
        if stat.counts
    ]


class ClusterContentPanel(Component):
    name = "cluster_content"
    template_name = "core/admin/dashboard_panel.html"
    # Wagtail's own panels start at 210 (pages awaiting moderation).
    order = 200

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        stats = dashboard_stats(request=request)
        languages = list(settings.LANGUAGES)
        return {
            "languages": languages,
            "rows": dashboard_rows(stats=stats, languages=[code for code, _ in languages]),
            "lists": [stat for stat in stats if stat.items],
        }
