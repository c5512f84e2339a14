"""The outbound guard (federation/netguard.py): the federation client reaches public
addresses and its configured peer, never loopback, private, link-local, multicast,
reserved or unspecified addresses elsewhere, and checks the address it connects to.

No test here sends a packet beyond 127.0.0.1: every connection attempt goes through
the recorder below, which refuses anything that is not the test's own listener.
"""

from __future__ import annotations

import hashlib
import socket
from types import SimpleNamespace

import pytest
import requests
from urllib3.util import connection as urllib3_connection

from federation.client import DestinationRefused, PeerClient
from federation.images import images_fetch
from federation.models import MirrorImage
from federation.netguard import AddressRefused, address_kind, origin_of, session_guard
from federation.signing import keypair_generate
from tests.federation.misbehaving_peer import MisbehavingPeer, valid

from .test_images import image_bytes

PRIVATE_PEM, _ = keypair_generate()
REAL_GETADDRINFO = socket.getaddrinfo
REAL_CREATE_CONNECTION = urllib3_connection.create_connection


@pytest.fixture
def attempts(monkeypatch):
    """Every connection urllib3 opens, as (host, port); only 127.0.0.1 really connects."""
    seen = []

    def create_connection(address, *args, **kwargs):
        seen.append(address)
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(f"test: no connection to {address} allowed")
        return REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(urllib3_connection, "create_connection", create_connection)
    return seen


@pytest.fixture
def dns(monkeypatch):
    """Names ending in .test resolve to what the test says (a list per call)."""
    answers: dict[str, list[list[str]]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".test"):
            addresses = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
            return [
                (
                    socket.AF_INET6 if ":" in a else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (a, port, 0, 0) if ":" in a else (a, port),
                )
                for a in addresses
            ]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def listener():
    """A loopback port that records whether anything connected to it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.2)

        def connected() -> bool:
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                return False
            conn.close()
            return True

        yield SimpleNamespace(port=sock.getsockname()[1], connected=connected)


def guarded(*peer_urls) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session_guard(session, allowed_urls=peer_urls)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address to classify, not to bind
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("8.8.8.8", "public"),
        ("2a00:1450:4001::1", "public"),
    ],
)
def test_address_kinds(address, kind):
    """Guards: the classification every outbound connection is checked against."""
    assert address_kind(address) == kind


def test_origins_fill_in_default_ports():
    assert origin_of("https://Sofia.Example.org/x") == ("https", "sofia.example.org", 443)
    assert origin_of("http://[::1]:8002/") == ("http", "::1", 8002)


def test_the_configured_peer_on_loopback_is_reached(attempts):
    """Guards: configured peers stay reachable on 127.0.0.1 (the demo and the tests)."""
    data = image_bytes()
    with MisbehavingPeer() as peer:
        peer.script(valid(b'{"ok": true}'), valid(data))
        client = PeerClient(peer.base_url, key_id="k", private_key_pem=PRIVATE_PEM, retries=0)
        assert client.session.get(f"{peer.base_url}/x", timeout=5).json() == {"ok": True}
        assert client.fetch_image(f"{peer.base_url}/media/a.png", max_bytes=10**6) == data
        assert len(peer.requests) == 2
    port = int(peer.base_url.rsplit(":", 1)[1])
    assert attempts == [("127.0.0.1", port)] * 2


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{other}/x.png",
        "http://10.0.0.1/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{other}/x.png",
        "http://0.0.0.0:{other}/",
        "http://[::ffff:127.0.0.1]:{other}/",
    ],
)
def test_other_loopback_private_and_metadata_addresses_are_refused(url, attempts, listener):
    """Guards: the connection-time check of the guarded session: an address that is not
    public and not the configured peer's origin is refused before any connection."""
    session = guarded("http://127.0.0.1:1")  # the peer: another port

    with pytest.raises(AddressRefused):
        session.get(url.format(other=listener.port), timeout=2)

    assert attempts == []
    assert not listener.connected()


def test_a_peer_configured_by_name_may_not_point_at_link_local(attempts, dns):
    """Guards: metadata (link-local) and unspecified addresses are refused even for a
    configured peer's own origin; its loopback or private address is allowed."""
    dns["peer.test"] = [["169.254.169.254"]]
    session = guarded("http://peer.test:8000")
    with pytest.raises(AddressRefused, match="link-local"):
        session.get("http://peer.test:8000/federation/v1/changes", timeout=2)
    assert attempts == []

    dns["peer.test"] = [["10.1.2.3"]]
    with pytest.raises(requests.ConnectionError):  # allowed; the recorder refuses it
        session.get("http://peer.test:8000/federation/v1/changes", timeout=2)
    assert attempts == [("10.1.2.3", 8000)]


def test_names_are_checked_on_the_address_actually_connected_to(attempts, dns, listener):
    """Guards: DNS rebinding: the name is resolved once, checked, and the socket connects
    to that very address (no second lookup that could answer 127.0.0.1)."""
    dns["images.rebind.test"] = [["8.8.4.4"], ["127.0.0.1"]]
    session = guarded()

    with pytest.raises(requests.ConnectionError):
        session.get(f"http://images.rebind.test:{listener.port}/x.png", timeout=2)

    assert attempts == [("8.8.4.4", listener.port)]  # the recorder refused it
    assert not listener.connected()


def test_a_name_with_any_private_address_is_refused_whole(attempts, dns, listener):
    """Guards: all of a name's addresses must pass, not just the first one tried."""
    dns["mixed.test"] = [["8.8.4.4", "127.0.0.1"]]

    with pytest.raises(AddressRefused, match="loopback"):
        guarded().get(f"http://mixed.test:{listener.port}/", timeout=2)

    assert attempts == []
    assert not listener.connected()


def test_a_peers_image_on_a_private_address_is_not_fetched(db, attempts, dns, listener):
    """Guards: images_fetch through the client: a peer whose own host name resolves to
    the metadata address gets no request, and the client reports it without retrying."""
    data = image_bytes()
    dns["evil-peer.test"] = [["169.254.169.254"]]
    base_url = f"http://evil-peer.test:{listener.port}"
    client = PeerClient(base_url, key_id="k", private_key_pem=PRIVATE_PEM, retries=3)
    change = SimpleNamespace(
        translations={
            "en": {
                "image": {"url": f"{base_url}/x.png", "sha256": hashlib.sha256(data).hexdigest()}
            }
        }
    )

    outcome = images_fetch(client=client, origin="evil", changes=[change])

    assert "link-local" in next(iter(outcome.values()))
    with pytest.raises(DestinationRefused):
        client.fetch_image(f"{base_url}/y.png", max_bytes=10**6)
    assert attempts == []
    assert not listener.connected()
    assert not MirrorImage.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{other}/x.png",
        "http://10.0.0.1/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{other}/x.png",
    ],
)
def test_image_urls_elsewhere_are_refused_without_a_connection(db, url, attempts, listener):
    """Guards: images only from the peer's own origin (same_origin in the client) and
    no connection for them at all."""
    data = image_bytes()
    with MisbehavingPeer() as peer:
        client = PeerClient(peer.base_url, key_id="k", private_key_pem=PRIVATE_PEM, retries=0)
        ref = {"url": url.format(other=listener.port), "sha256": hashlib.sha256(data).hexdigest()}
        outcome = images_fetch(
            client=client,
            origin="sofia",
            changes=[SimpleNamespace(translations={"en": {"i": ref}})],
        )
        assert peer.requests == []
    assert "own host" in next(iter(outcome.values()))
    assert attempts == []
    assert not listener.connected()
