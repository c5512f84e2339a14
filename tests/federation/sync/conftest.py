import pytest

from federation.keys import signing_key_generate
from federation.models import MirrorItem, Peer

from ..misbehaving_peer import MisbehavingPeer

FAST_TRANSPORT = {
    "BACKEND": "federation.client.PeerClient",
    "OPTIONS": {
        "read_timeout": 0.5,
        "page_deadline": 1.5,
        "retries": 2,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "max_bytes": 200_000,
    },
}


@pytest.fixture
def fast_transport(settings):
    settings.FEDERATION_TRANSPORT = FAST_TRANSPORT


@pytest.fixture
def server():
    with MisbehavingPeer() as peer_server:
        yield peer_server


@pytest.fixture
def our_key(db):
    return signing_key_generate()


@pytest.fixture
def sofia(db, server, fast_transport, our_key):
    """The peer "sofia", served by the misbehaving test server."""
    return Peer.objects.create(slug="sofia", base_url=server.base_url, public_keys=[])


def mirror_state() -> dict:
    """Everything the mirror holds, comparable before and after a sync."""
    return {
        (item.origin, str(item.object_id)): (
            item.type,
            item.revision,
            item.content_hash,
            item.deleted_at,
            item.synced_at,
            sorted(
                (t.language, t.title, t.summary, t.url, t.data) for t in item.translations.all()
            ),
        )
        for item in MirrorItem.objects.prefetch_related("translations")
    }
