"""The federation endpoints: the signed change feed and the push notice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ..models import Peer
from ..protocol import ProtocolError, feed_limit_parse, feed_page_dump, notify_parse
from ..selectors import feed_page
from ..tasks import peer_sync_task
from .auth import SignatureError, request_peer

logger = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _signed_peer(request):
    try:
        return request_peer(request), None
    except SignatureError as exc:
        logger.info("federation request refused: %s", exc)
        return None, _error(401, "unauthorized", str(exc))


@require_GET
def changes(request):
    peer, refused = _signed_peer(request)
    if refused:
        return refused
    try:
        limit = feed_limit_parse(request.GET.get("limit"))
        page = feed_page(
            origin=settings.CLUSTER_SLUG, since=request.GET.get("since") or None, limit=limit
        )
    except ProtocolError as exc:
        return _error(400, "bad_request", str(exc))
    return JsonResponse(feed_page_dump(page), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def notify(request):
    peer, refused = _signed_peer(request)
    if refused:
        return refused
    try:
        notice = notify_parse(request.body, expected_origin=peer.slug)
    except ProtocolError as exc:
        return _error(400, "bad_request", str(exc))
    # The notice tells how far the peer's feed goes: the admin shows our lag from it.
    Peer.objects.filter(pk=peer.pk).update(remote_head=notice.cursor)
    peer_sync_task.enqueue(peer_slug=peer.slug, trigger="notify")
    return JsonResponse({"accepted": True, "cursor": notice.cursor}, status=202)
