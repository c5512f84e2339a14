import pytest
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from federation.keys import signing_key_generate
from federation.services import peer_add
from federation.signing import key_id_for, keypair_generate, request_sign

from ..misbehaving_peer import MisbehavingPeer
from ..sync.conftest import FAST_TRANSPORT


class PeerKey:
    """A peer cluster's key pair, and signing requests with it."""

    def __init__(self):
        self.private_pem, self.public_pem = keypair_generate()
        self.key_id = key_id_for(self.public_pem)

    def headers(self, method, path, body=b"", **overrides) -> dict[str, str]:
        """Signature headers for ``path`` (with its query string) on any host."""
        return request_sign(
            method=method,
            url=f"http://testserver{path}",
            headers={},
            body=body,
            private_key_pem=self.private_pem,
            key_id=self.key_id,
            **overrides,
        )


@pytest.fixture
def kiel_key():
    return PeerKey()


@pytest.fixture
def server():
    with MisbehavingPeer() as peer_server:
        yield peer_server


@pytest.fixture
def kiel(db, kiel_key, server, settings):
    """The peer "kiel": its requests are signed with ``kiel_key``; its feed is ``server``."""
    settings.FEDERATION_TRANSPORT = FAST_TRANSPORT
    signing_key_generate()  # ours, to sign the pull a notice triggers
    return peer_add(slug="kiel", base_url=server.base_url, public_key=kiel_key.public_pem)


@pytest.fixture
def api_server(db):
    """This site on a real HTTP port, inside the test's transaction.

    pytest-django's ``live_server`` needs ``transactional_db``, whose flush after each
    test empties Wagtail's tree (and re-runs post_migrate handlers); sharing the
    in-memory SQLite connection with the server thread avoids both. The test thread
    waits for each response, so the connection is never used by two threads at once.
    """
    connection = connections["default"]
    # Django's live server closes its connections after each request, which only an
    # in-memory SQLite database survives; the SQLite pass runs these tests.
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("needs the in-memory SQLite test database")
    connection.inc_thread_sharing()
    thread = LiveServerThread(
        "127.0.0.1", _StaticFilesHandler, connections_override={"default": connection}
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        connection.dec_thread_sharing()
