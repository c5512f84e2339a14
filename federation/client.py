"""HTTP client for one peer: signed requests, bounded reads, retries, a circuit breaker.

The one module that makes outbound requests (``federation.netguard`` checks every
connection it opens). Everything a misbehaving peer can do ends in a
``FederationClientError`` subclass with a message fit for a log line.

Time limits per attempt: connect and read timeouts (per socket operation) plus
``page_deadline`` for the whole attempt including the body (stops slow drip). The
deadline is checked between reads, so it can be overrun by at most ``read_timeout``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
import urllib3

from federation.netguard import AddressRefused, session_guard
from federation.protocol import FEED_LIMIT_MAX, Notify, cursor_is_wellformed, notify_dump_bytes
from federation.signing import private_key_load, request_sign

CHANGES_PATH = "/federation/v1/changes"
NOTIFY_PATH = "/federation/v1/notify"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
NOTIFY_STATUSES = frozenset({200, 202, 204})
SNIPPET_BYTES = 300
NOTIFY_MAX_BYTES = 64 * 1024
READ_CHUNK = 64 * 1024
USER_AGENT = "clusterweb-federation/1"


class FederationClientError(Exception):
    """Base of every error the peer client raises."""


class CircuitOpen(FederationClientError):
    def __init__(self, message: str, *, retry_in: float):
        super().__init__(message)
        self.retry_in = retry_in


class PeerError(FederationClientError):
    """The peer answered with an unacceptable HTTP status."""

    def __init__(self, *, status: int, url: str, snippet: str):
        super().__init__(f"peer answered {status} for {url}: {snippet!r}")
        self.status = status
        self.url = url
        self.snippet = snippet


class PeerUnreachable(FederationClientError):
    """Connecting, sending or reading failed (refused, reset, timed out, truncated)."""


class ResponseTooLarge(FederationClientError):
    pass


class DestinationRefused(FederationClientError):
    """The URL leads to an address outbound requests may not reach (federation.netguard)."""


class PageDeadlineExceeded(FederationClientError):
    pass


class _Retry(Exception):
    """Internal: an attempt failed in a way worth retrying."""

    def __init__(self, error: FederationClientError, *, retry_after: float | None = None):
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


# --- circuit breaker --------------------------------------------------------------

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"


class CircuitBreaker:
    """Closed -> open after ``failure_threshold`` consecutive failures; half-open once
    ``reset_timeout`` seconds have passed (calls are let through again: the first
    success closes it, the first failure opens it for another ``reset_timeout``).
    """

    def __init__(
        self, failure_threshold=5, reset_timeout=60, clock=time.monotonic, *, wall_clock=time.time
    ):
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self._clock = clock
        # Serialised state uses wall-clock time so it survives restarts and other hosts.
        self._wall_clock = wall_clock
        self.failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return CLOSED
        return HALF_OPEN if self.retry_in() == 0 else OPEN

    def allow(self) -> bool:
        return self.state != OPEN

    def retry_in(self) -> float:
        if self._opened_at is None:
            return 0.0
        return max(0.0, self._opened_at + self.reset_timeout - self._clock())

    def record_success(self) -> None:
        self.failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self.failures += 1
        if self.state == HALF_OPEN or self.failures >= self.failure_threshold:
            self._opened_at = self._clock()

    def to_dict(self) -> dict[str, Any]:
        opened_at = None
        if self._opened_at is not None:
            opened_at = self._wall_clock() - (self._clock() - self._opened_at)
        return {"state": self.state, "failures": self.failures, "opened_at": opened_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, **kwargs) -> CircuitBreaker:
        """Restore from ``to_dict()``; missing or damaged data gives a closed breaker."""
        breaker = cls(**kwargs)
        data = data if isinstance(data, dict) else {}
        failures, opened_at = data.get("failures"), data.get("opened_at")
        breaker.failures = failures if type(failures) is int and failures > 0 else 0
        if isinstance(opened_at, int | float) and not isinstance(opened_at, bool):
            breaker._opened_at = breaker._clock() - (breaker._wall_clock() - opened_at)
        return breaker


# --- retry timing -----------------------------------------------------------------


def retry_after_seconds(value: str | None, *, now: float, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        return None
    return min(max(0.0, when.timestamp() - now), cap)


def backoff_delay(attempt: int, *, base: float, cap: float, rand: Callable[[], float]) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return rand() * min(cap, base * 2**attempt)


# --- requests glue ----------------------------------------------------------------


class SignedAuth(requests.auth.AuthBase):
    """Signs each prepared request (RFC 9421, see federation.signing)."""

    def __init__(self, *, key_id: str, private_key_pem: str):
        private_key_load(private_key_pem)  # fail at construction on a bad key
        self.key_id = key_id
        self.private_key_pem = private_key_pem

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is not None and not isinstance(body, bytes):
            raise TypeError("SignedAuth can only sign bodies given as bytes or str")
        request.headers.update(
            request_sign(
                method=request.method or "GET",
                url=request.url or "",
                headers=dict(request.headers),
                body=body or b"",
                private_key_pem=self.private_key_pem,
                key_id=self.key_id,
            )
        )
        return request


def same_origin(url: str, base_url: str) -> bool:
    """Same scheme, host and port: an item's image must come from its own cluster."""
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port) and a.scheme in (
        "http",
        "https",
    )


class PeerClient:
    """Talks to one peer at ``base_url`` (e.g. ``https://sofia.example.org``)."""

    def __init__(
        self,
        base_url: str,
        *,
        key_id: str,
        private_key_pem: str,
        origin: str | None = None,
        connect_timeout: float = 3.05,
        read_timeout: float = 10,
        page_deadline: float = 30,
        max_bytes: int = 20 * 1024 * 1024,
        retries: int = 3,
        backoff_base: float = 0.5,
        backoff_max: float = 8,
        sleep: Callable[[float], Any] = time.sleep,
        session: requests.Session | None = None,
        breaker: CircuitBreaker | None = None,
        rand: Callable[[], float] = random.random,
    ):
        self.base_url = base_url.rstrip("/")
        self.origin = origin  # our own cluster slug, sent in notify bodies
        self.auth = SignedAuth(key_id=key_id, private_key_pem=private_key_pem)
        self.timeout = (connect_timeout, read_timeout)
        self.page_deadline = page_deadline
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.sleep = sleep
        # Every connection is checked: public addresses, or this peer's own origin.
        self.session = session_guard(session or requests.Session(), allowed_urls=[self.base_url])
        self.breaker = breaker or CircuitBreaker()
        self.rand = rand

    def fetch_changes(self, since: str | None, limit: int = FEED_LIMIT_MAX) -> bytes:
        """The raw body of one feed page (parse it with ``feed_page_parse``)."""
        if since is not None and not cursor_is_wellformed(since):
            raise ValueError(f"malformed cursor {since!r:.80}")
        if type(limit) is not int or not 1 <= limit <= FEED_LIMIT_MAX:
            raise ValueError(f"limit must be an int in 1..{FEED_LIMIT_MAX}")
        query = {"since": since, "limit": limit} if since is not None else {"limit": limit}
        url = f"{self.base_url}{CHANGES_PATH}?{urlencode(query)}"
        return self._call("GET", url, body=None, ok={200}, max_bytes=self.max_bytes)

    def notify(self, cursor: str) -> None:
        """Tell the peer we have changes up to ``cursor`` (a hint; it fetches itself)."""
        if self.origin is None:
            raise ValueError("PeerClient needs origin= (our cluster slug) to notify")
        if not cursor_is_wellformed(cursor):
            raise ValueError(f"malformed cursor {cursor!r:.80}")
        body = notify_dump_bytes(Notify(origin=self.origin, cursor=cursor))
        url = f"{self.base_url}{NOTIFY_PATH}"
        self._call("POST", url, body=body, ok=NOTIFY_STATUSES, max_bytes=NOTIFY_MAX_BYTES)

    def fetch_image(self, url: str, *, max_bytes: int) -> bytes:
        """An image of one of the peer's items; only from the peer's own host."""
        if not same_origin(url, self.base_url):
            raise PeerError(status=0, url=url, snippet="image is not on the peer's own host")
        return self._call("GET", url, body=None, ok={200}, max_bytes=max_bytes)

    # --- internals ----------------------------------------------------------------

    def _call(self, method: str, url: str, *, body, ok, max_bytes: int) -> bytes:
        if not self.breaker.allow():
            retry_in = self.breaker.retry_in()
            raise CircuitOpen(
                f"circuit open for {self.base_url} after {self.breaker.failures} failures; "
                f"next try in {retry_in:.0f}s",
                retry_in=retry_in,
            )
        try:
            result = self._with_retries(method, url, body=body, ok=ok, max_bytes=max_bytes)
        except PeerError as exc:
            # A prompt 4xx means the peer is up (the request is wrong): not an outage.
            if exc.status in RETRY_STATUSES:
                self.breaker.record_failure()
            else:
                self.breaker.record_success()
            raise
        except FederationClientError:
            self.breaker.record_failure()
            raise
        self.breaker.record_success()
        return result

    def _with_retries(self, method, url, *, body, ok, max_bytes) -> bytes:
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(method, url, body=body, ok=ok, max_bytes=max_bytes)
            except _Retry as retry:
                if attempt == self.retries:
                    raise retry.error from None
                delay = retry.retry_after
                if delay is None:
                    delay = backoff_delay(
                        attempt, base=self.backoff_base, cap=self.backoff_max, rand=self.rand
                    )
                self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, method, url, *, body, ok, max_bytes) -> bytes:
        deadline = time.monotonic() + self.page_deadline
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self.session.request(
                method,
                url,
                data=body,
                headers=headers,
                auth=self.auth,
                timeout=self.timeout,
                stream=True,
                allow_redirects=False,  # a signed request must not be replayed elsewhere
            )
        except AddressRefused as exc:
            raise DestinationRefused(f"{method} {url} refused: {exc}") from None
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Retry(PeerUnreachable(f"{method} {url} failed: {exc}")) from None
        except requests.RequestException as exc:
            raise PeerUnreachable(f"{method} {url} failed: {exc}") from None
        with response:
            status = response.status_code
            if status in ok:
                return self._body_read(response, url=url, max_bytes=max_bytes, deadline=deadline)
            snippet = self._snippet_read(response, deadline=deadline)
            error = PeerError(status=status, url=url, snippet=snippet)
            if status in RETRY_STATUSES:
                cap = self.backoff_max * 4
                wait = retry_after_seconds(
                    response.headers.get("Retry-After"), now=time.time(), cap=cap
                )
                raise _Retry(error, retry_after=wait)
            raise error

    def _body_read(self, response, *, url: str, max_bytes: int, deadline: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLarge(f"{url} announces {declared} bytes, the limit is {max_bytes}")
        chunks, size = [], 0
        try:
            while chunk := response.raw.read1(READ_CHUNK, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raise ResponseTooLarge(f"{url} sent more than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise PageDeadlineExceeded(
                        f"{url} took longer than {self.page_deadline}s ({size} bytes so far)"
                    )
                chunks.append(chunk)
        except urllib3.exceptions.HTTPError as exc:
            raise _Retry(PeerUnreachable(f"reading {url} broke off: {exc}")) from None
        return b"".join(chunks)

    def _snippet_read(self, response, *, deadline: float) -> str:
        chunks, size = [], 0
        try:
            while size < SNIPPET_BYTES and time.monotonic() < deadline:
                chunk = response.raw.read1(SNIPPET_BYTES - size, decode_content=True)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except urllib3.exceptions.HTTPError:
            pass  # the status is what matters; the snippet is a courtesy
        return b"".join(chunks).decode("utf-8", errors="replace")
