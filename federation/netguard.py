"""Outbound requests go to public addresses only, or to the configured peer (SSRF guard).

A peer's feed names image URLs, and a misconfigured or hostile DNS can point any name
anywhere; none of that may make this server talk to itself, to the machines on its
private network or to a cloud metadata service. So every connection the federation
client opens is checked *at connection time*, on the address the socket is about to
connect to:

- refused always: unspecified (0.0.0.0, ::), link-local (169.254/16 with the cloud
  metadata services, fe80::/10), multicast and reserved addresses;
- refused unless the request goes to an allowed origin: loopback (127/8, ::1) and
  private (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10, ...) addresses. The
  allowed origins are the (scheme, host, port) of the peer's configured base URL: the
  operator chose it (the demo and the tests run peers on 127.0.0.1), nothing a peer
  sends can add to it;
- everything else (global unicast) is allowed.

IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4 address.

Resolving once and connecting to exactly the address that was checked defeats DNS
rebinding (a name that resolves to a public address for a check and to 127.0.0.1
for the connection). The check lives in the urllib3 connection that ``requests``
uses, mounted on the client's session by ``session_guard``; TLS still verifies the
certificate against the host name. Through a proxy from the environment
(HTTPS_PROXY) the proxy resolves the name, so there the guard can only resolve and
check the name beforehand: rebinding is not stopped in that setup.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import select_proxy
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

DEFAULT_PORTS = {"http": 80, "https": 443}
ALWAYS_REFUSED = ("unspecified", "link-local", "multicast", "reserved")


class AddressRefused(ValueError):
    """A request would connect to an address the guard does not allow.

    A ValueError, not an OSError: urllib3 must not treat it as a network failure to
    retry, and the federation client reports it as is.
    """


Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin:
    """(scheme, host, port) of ``url``, with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


def address_kind(address: str) -> str:
    """ "public", or why the address is special: "loopback", "private", "link-local"..."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private"
    return "public"


class OutboundPolicy:
    """Which addresses a request to a given origin may connect to (see the module doc)."""

    def __init__(self, *, allowed_origins=()):
        self.allowed_origins = frozenset(allowed_origins)

    def check(self, *, origin: Origin, address: str) -> None:
        kind = address_kind(address)
        if kind == "public":
            return
        if kind not in ALWAYS_REFUSED and origin in self.allowed_origins:
            return
        scheme, host, port = origin
        raise AddressRefused(
            f"refused to connect to {scheme}://{host}:{port}: it resolves to {address}, "
            f"a {kind} address that is not a configured peer's"
        )

    def resolve(self, *, origin: Origin) -> list[tuple]:
        """getaddrinfo results for ``origin``, every one of them checked (all or none)."""
        _, host, port = origin
        infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        for *_, sockaddr in infos:
            self.check(origin=origin, address=sockaddr[0])
        return infos


# --- urllib3 plumbing: connect to the checked address, nothing else ----------------


class _GuardedConnectionMixin:
    netguard_policy: OutboundPolicy = OutboundPolicy()
    netguard_scheme = "http"

    def _new_conn(self):
        origin = (self.netguard_scheme, self.host.lower().strip("[]"), self.port)
        try:
            infos = self.netguard_policy.resolve(origin=origin)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        last_error = None
        for *_, sockaddr in infos:
            try:
                # The numeric address checked above: no second lookup that could differ.
                return urllib3_connection.create_connection(
                    (sockaddr[0], self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                ) from exc
            except OSError as exc:
                last_error = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {last_error}")


class GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    netguard_scheme = "http"


class GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    netguard_scheme = "https"


class _GuardedPoolMixin:
    netguard_policy: OutboundPolicy = OutboundPolicy()

    def _new_conn(self):
        conn = super()._new_conn()
        conn.netguard_policy = self.netguard_policy
        return conn


class GuardedHTTPConnectionPool(_GuardedPoolMixin, HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(_GuardedPoolMixin, HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedPoolManager(PoolManager):
    def __init__(self, *args, netguard_policy: OutboundPolicy, **kwargs):
        super().__init__(*args, **kwargs)
        self.netguard_policy = netguard_policy
        self.pool_classes_by_scheme = {
            "http": GuardedHTTPConnectionPool,
            "https": GuardedHTTPSConnectionPool,
        }

    def _new_pool(self, scheme, host, port, request_context=None):
        pool = super()._new_pool(scheme, host, port, request_context=request_context)
        pool.netguard_policy = self.netguard_policy
        return pool


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose every connection is checked by ``policy``."""

    def __init__(self, policy: OutboundPolicy, **kwargs):
        self.policy = policy  # before super().__init__, which builds the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        self._pool_connections, self._pool_maxsize, self._pool_block = connections, maxsize, block
        self.poolmanager = GuardedPoolManager(
            num_pools=connections,
            maxsize=maxsize,
            block=block,
            netguard_policy=self.policy,
            **pool_kwargs,
        )

    def send(self, request, *args, proxies=None, **kwargs):
        if select_proxy(request.url, proxies or {}):
            # The proxy connects for us: check the name now (see the module doc).
            self.policy.resolve(origin=origin_of(request.url))
        return super().send(request, *args, proxies=proxies, **kwargs)


def session_guard(session: requests.Session, *, allowed_urls=()) -> requests.Session:
    """Mount the guard on ``session`` for http and https; ``allowed_urls`` are the
    configured peers' base URLs whose origins may be loopback or private."""
    adapter = GuardedAdapter(OutboundPolicy(allowed_origins={origin_of(u) for u in allowed_urls}))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


__all__ = [
    "AddressRefused",
    "OutboundPolicy",
    "address_kind",
    "origin_of",
    "session_guard",
]
