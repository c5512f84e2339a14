"""Which peer sent a request: RFC 9421 signature verification and the nonce store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Nonce, Peer
from ..signing import SignatureError, key_id_for, request_verify

REPLAY_WINDOW_SECONDS = 300


class DatabaseNonceStore:
    """Remembers nonces for the replay window; a unique constraint makes it race-free."""

    def seen(self, key_id: str, nonce: str, created: int) -> bool:
        Nonce.objects.filter(
            created__lt=timezone.now() - timedelta(seconds=2 * REPLAY_WINDOW_SECONDS)
        ).delete()
        try:
            with transaction.atomic():
                Nonce.objects.create(
                    key_id=key_id, nonce=nonce, created=datetime.fromtimestamp(created, UTC)
                )
        except IntegrityError:
            return True
        return False


def peer_keys() -> dict[str, tuple[Peer, str]]:
    """{key id: (peer, public PEM)} over every enabled peer's current keys."""
    keys = {}
    for peer in Peer.objects.filter(enabled=True):
        for pem in peer.public_keys:
            keys[key_id_for(pem)] = (peer, pem)
    return keys


def request_peer(request) -> Peer:
    """The peer whose valid signature the request carries; SignatureError otherwise."""
    keys = peer_keys()
    verified = request_verify(
        method=request.method,
        url=request.build_absolute_uri(),
        headers=dict(request.headers),
        body=request.body,
        public_keys={key_id: pem for key_id, (_, pem) in keys.items()},
        max_age_seconds=REPLAY_WINDOW_SECONDS,
        nonce_store=DatabaseNonceStore(),
    )
    return keys[verified.key_id][0]


__all__ = ["DatabaseNonceStore", "SignatureError", "request_peer"]
