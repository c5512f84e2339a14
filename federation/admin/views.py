"""Starting syncs from the admin. The views only enqueue tasks: a sync never runs
inside the request (a slow peer must not hold up an editor's browser)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..models import Peer
from ..tasks import peer_sync_task
from .permissions import user_can_manage_federation

PEERS_NAMESPACE = "federation_peers"
ADMIN_TRIGGER = "admin"


def forbidden_as_403(view):
    """Answer a refused request with 403 (Wagtail would redirect to the dashboard):
    a refusal stays a refusal for scripts and tests, not a 302 that looks like success."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            context = {"page_title": _("Permission denied")}
            return TemplateResponse(request, "federation/admin/403.html", context, status=403)

    return wrapped


@require_POST
@forbidden_as_403
def peer_sync_now(request, pk):
    if not user_can_manage_federation(request.user):
        raise PermissionDenied
    peer = get_object_or_404(Peer, pk=pk)
    if not peer.enabled:
        messages.error(request, _("%(peer)s is disabled: enable it to sync.") % {"peer": peer})
    else:
        peer_sync_task.enqueue(peer_slug=peer.slug, trigger=ADMIN_TRIGGER)
        messages.success(
            request,
            _("Sync from %(peer)s queued; its run appears under Sync runs.") % {"peer": peer},
        )
    return _redirect_back(request)


@require_POST
@forbidden_as_403
def peers_sync_all(request):
    if not user_can_manage_federation(request.user):
        raise PermissionDenied
    slugs = list(Peer.objects.filter(enabled=True).values_list("slug", flat=True))
    # One task per peer: a dead peer must not delay the others.
    for slug in slugs:
        peer_sync_task.enqueue(peer_slug=slug, trigger=ADMIN_TRIGGER)
    if slugs:
        message = ngettext(
            "Sync queued for %(count)s peer.", "Sync queued for %(count)s peers.", len(slugs)
        )
        messages.success(request, message % {"count": len(slugs)})
    else:
        messages.warning(request, _("There is no enabled peer to sync."))
    return _redirect_back(request)


def _redirect_back(request):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse(f"{PEERS_NAMESPACE}:index")
    return redirect(target)
