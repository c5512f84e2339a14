"""Choosing the transport to peers from settings, Wagtail-style.

``FEDERATION_TRANSPORT = {"BACKEND": "federation.client.PeerClient", "OPTIONS": {...}}``
(OPTIONS are the client's timeouts, retries and size cap). Tests may name any
class with the same constructor and ``fetch_changes`` / ``notify`` methods.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .keys import signing_key_active

DEFAULT_TRANSPORT = {"BACKEND": "federation.client.PeerClient", "OPTIONS": {}}


def transport_for(*, peer, breaker=None):
    config = getattr(settings, "FEDERATION_TRANSPORT", DEFAULT_TRANSPORT)
    backend = import_string(config["BACKEND"])
    key = signing_key_active()
    return backend(
        peer.base_url,
        key_id=key.key_id,
        private_key_pem=key.private_pem,
        origin=settings.CLUSTER_SLUG,
        breaker=breaker,
        **config.get("OPTIONS", {}),
    )
