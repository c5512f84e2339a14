"""The Federation admin menu: Peers, Sync runs and Federated content (Wagtail viewsets).

What each user may do there is decided by the permission policies in
``permissions.py`` (registered before these viewsets): federated copies and
sync runs are read-only for everyone.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    DateColumn,
    NumberColumn,
    StatusFlagColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .. import selectors
from ..models import MirrorItem, Peer, SyncRun
from . import views
from .columns import PeerStateColumn, PeerSyncColumn, breaker_text, lag_text, short
from .forms import PeerCreateForm, PeerEditForm
from .permissions import user_can_manage_federation


class FederationViewSet(ModelViewSet):
    copy_view_enabled = False
    add_to_reference_index = False
    # Read-only viewsets still build add/edit views (their policy answers 403): an empty form.
    form_fields = []

    def construct_view(self, view_class, **kwargs):
        return views.forbidden_as_403(super().construct_view(view_class, **kwargs))

    def get_permissions_to_register(self):
        # Group editing offers manage_federation only: the model permissions do nothing here.
        return Permission.objects.none()


# --- peers ------------------------------------------------------------------------


class PeerIndexView(IndexView):
    sync_all_url_name = None

    @cached_property
    def sync_all_url(self):
        if self.sync_all_url_name and user_can_manage_federation(self.request.user):
            return reverse(self.sync_all_url_name)
        return None


class PeerViewSet(FederationViewSet):
    model = Peer
    name = views.PEERS_NAMESPACE
    url_prefix = "federation/peers"
    icon = "site"
    menu_label = _("Peers")
    index_view_class = PeerIndexView
    index_template_name = "federation/admin/peer_index.html"
    ordering = "slug"

    @cached_property
    def list_display(self):
        return [
            "slug",
            "name",
            "base_url",
            BooleanColumn("enabled", label=_("Enabled")),
            PeerStateColumn("state", label=_("State"), accessor="slug"),
            DateColumn("last_sync_at", label=_("Last sync"), sort_key="last_sync_at"),
            DateColumn("last_success_at", label=_("Last success"), sort_key="last_success_at"),
            Column("lag", label=_("Lag"), accessor=lambda peer: _peer_lag(peer)),
            Column("breaker", label=_("Breaker"), accessor=_peer_breaker),
            Column("last_error", label=_("Last error"), accessor=lambda p: short(p.last_error)),
            PeerSyncColumn(url_name=self.get_url_name("sync")),
        ]

    def get_form_class(self, for_update=False):
        return PeerEditForm if for_update else PeerCreateForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            sync_all_url_name=self.get_url_name("sync_all"), **kwargs
        )

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label="federation", codename="manage_federation"
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("sync/<int:pk>/", views.peer_sync_now, name="sync"),
            path("sync-all/", views.peers_sync_all, name="sync_all"),
        ]


def _peer_lag(peer):
    return lag_text(selectors.peer_lag(peer=peer))


def _peer_breaker(peer):
    return breaker_text(selectors.peer_health(peer=peer))


# --- sync runs --------------------------------------------------------------------


class SyncRunFilterSet(WagtailFilterSet):
    ok = django_filters.BooleanFilter(label=_("Succeeded"))

    class Meta:
        model = SyncRun
        fields = ["peer", "ok"]


class SyncRunInspectView(InspectView):
    template_name = "federation/admin/sync_run_inspect.html"

    def get_duration_display_value(self):
        return duration_text(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rejections"] = self.object.rejections
        return context


def duration_text(run: SyncRun) -> str:
    if run.duration is None:
        return ""
    return _("%(seconds)s s") % {"seconds": f"{run.duration.total_seconds():.1f}"}


def run_result(run: SyncRun) -> str:
    if run.finished_at is None:
        return _("Running")
    return _("OK") if run.ok else _("Failed")


class SyncRunViewSet(FederationViewSet):
    model = SyncRun
    name = "federation_runs"
    url_prefix = "federation/runs"
    icon = "history"
    menu_label = _("Sync runs")
    ordering = ["-started_at", "-id"]
    filterset_class = SyncRunFilterSet
    inspect_view_enabled = True
    inspect_view_class = SyncRunInspectView
    inspect_view_fields = [
        "peer",
        "trigger",
        "started_at",
        "finished_at",
        "duration",
        "ok",
        "pages",
        "created",
        "updated",
        "deleted",
        "unchanged",
        "rejected",
        "cursor_before",
        "cursor_after",
        "error",
    ]
    list_display = [
        "started_at",
        "peer",
        Column("result", label=_("Result"), accessor=run_result),
        "trigger",
        NumberColumn("pages", label=_("Pages")),
        NumberColumn("created", label=_("Created")),
        NumberColumn("updated", label=_("Updated")),
        NumberColumn("deleted", label=_("Deleted")),
        NumberColumn("unchanged", label=_("Unchanged")),
        NumberColumn("rejected", label=_("Rejected")),
        # "Duration" alone is also a project's duration (its start to end dates);
        # the context lets translators say "how long the run took".
        Column(
            "duration",
            label=pgettext_lazy("time a sync run took", "Duration"),
            accessor=duration_text,
        ),
        Column("error", label=_("Error"), accessor=lambda run: short(run.error)),
    ]


# --- federated content ------------------------------------------------------------


def mirror_public_url(item) -> str | None:
    """The item's page on this site, in its title's language if the site has it."""
    if item.deleted_at is not None:
        return None  # a tombstone has no page
    languages = [code for code, _name in settings.LANGUAGES]
    language = item.title_language if item.title_language in languages else languages[0]
    with translation.override(language):
        return reverse("mirror_detail", kwargs={"origin": item.origin, "object_id": item.object_id})


class MirrorItemFilterSet(WagtailFilterSet):
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=lambda: [(o, o) for o in selectors.mirror_origins()]
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=lambda: [(t, t) for t in selectors.mirror_types()]
    )
    deleted = django_filters.BooleanFilter(
        label=_("Deleted (tombstone)"), field_name="deleted_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = MirrorItem
        fields = ["origin", "type", "deleted"]


class MirrorItemIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.mirror_items_titled()

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return selectors.mirror_items_search(items=queryset, query=self.search_query)


class MirrorItemViewSet(FederationViewSet):
    model = MirrorItem
    name = "federation_content"
    url_prefix = "federation/content"
    icon = "doc-full"
    menu_label = _("Federated content")
    index_view_class = MirrorItemIndexView
    filterset_class = MirrorItemFilterSet
    search_fields = ["title"]  # searched in every language by MirrorItemIndexView
    ordering = ["-updated_at", "-id"]
    list_display = [
        TitleColumn("title", label=_("Title"), get_url=mirror_public_url, sort_key="title"),
        Column("origin", label=_("Origin"), sort_key="origin"),
        Column("type", label=_("Type"), sort_key="type"),
        Column("revision", label=_("Revision")),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
        StatusFlagColumn(
            "deleted",
            label=_("Deleted"),
            accessor=lambda item: item.deleted_at is not None,
            true_label=_("Deleted (tombstone)"),
        ),
    ]


class FederationViewSetGroup(ModelViewSetGroup):
    items = (PeerViewSet, SyncRunViewSet, MirrorItemViewSet)
    menu_label = _("Federation")
    menu_icon = "site"
    menu_name = "federation"
    menu_order = 250
