import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests

from federation.client import (
    CLOSED,
    HALF_OPEN,
    OPEN,
    CircuitBreaker,
    CircuitOpen,
    FederationClientError,
    PageDeadlineExceeded,
    PeerClient,
    PeerError,
    PeerUnreachable,
    ResponseTooLarge,
    SignedAuth,
    backoff_delay,
    retry_after_seconds,
)
from federation.protocol import ProtocolError, feed_page_parse, notify_parse
from federation.signing import key_id_for, keypair_generate, request_verify

from .misbehaving_peer import (
    MisbehavingPeer,
    Reply,
    error,
    hang,
    oversized,
    slow_drip,
    truncated,
    valid,
)

PAGE = (Path(__file__).parent / "golden" / "feed_page_valid.json").read_bytes()
PRIVATE_PEM, PUBLIC_PEM = keypair_generate()
KEY_ID = key_id_for(PUBLIC_PEM)


@pytest.fixture
def peer():
    with MisbehavingPeer() as server:
        yield server


class FakeSleep:
    def __init__(self):
        self.calls = []

    def __call__(self, seconds):
        self.calls.append(seconds)


def make_client(base_url, **overrides):
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment between us and 127.0.0.1
    options = {
        "key_id": KEY_ID,
        "private_key_pem": PRIVATE_PEM,
        "origin": "kiel",
        "connect_timeout": 0.5,
        "read_timeout": 0.5,
        "page_deadline": 2,
        "retries": 3,
        "sleep": FakeSleep(),
        "session": session,
        "rand": lambda: 1.0,
    }
    options.update(overrides)
    return PeerClient(base_url, **options)


def verify_recorded(peer_server, recorded):
    return request_verify(
        method=recorded.method,
        url=peer_server.base_url + recorded.path,
        headers=recorded.headers,
        body=recorded.body,
        public_keys={KEY_ID: PUBLIC_PEM},
    )


# --- happy paths ------------------------------------------------------------------


def test_fetch_changes_returns_the_page_and_signs_the_request(peer):
    peer.script(valid(PAGE))
    client = make_client(peer.base_url)

    body = client.fetch_changes("c1.2a", 80)

    assert body == PAGE
    assert feed_page_parse(body, expected_origin="sofia").cursor == "c1.2a"
    (recorded,) = peer.requests
    assert (recorded.method, recorded.path) == (
        "GET",
        "/federation/v1/changes?since=c1.2a&limit=80",
    )
    assert verify_recorded(peer, recorded).key_id == KEY_ID
    assert client.sleep.calls == []


def test_first_fetch_has_no_since_and_asks_for_the_maximum(peer):
    peer.script(valid(PAGE))
    make_client(peer.base_url + "/").fetch_changes(None)

    assert peer.requests[0].path == "/federation/v1/changes?limit=500"


@pytest.mark.parametrize(("since", "limit"), [("bad cursor", 10), (None, 0), (None, 501)])
def test_fetch_changes_refuses_bad_arguments_without_a_request(peer, since, limit):
    with pytest.raises(ValueError):
        make_client(peer.base_url).fetch_changes(since, limit)
    assert peer.requests == []


def test_notify_posts_a_signed_notify_body(peer):
    peer.script(Reply(status=204))
    make_client(peer.base_url).notify("c1.9")

    (recorded,) = peer.requests
    assert (recorded.method, recorded.path) == ("POST", "/federation/v1/notify")
    assert notify_parse(recorded.body, expected_origin="kiel").cursor == "c1.9"
    assert verify_recorded(peer, recorded).key_id == KEY_ID


def test_notify_needs_our_origin_and_a_wellformed_cursor(peer):
    with pytest.raises(ValueError, match="origin"):
        make_client(peer.base_url, origin=None).notify("c1.9")
    with pytest.raises(ValueError, match="malformed cursor"):
        make_client(peer.base_url).notify("c1 9")
    assert peer.requests == []


def test_signed_auth_works_for_plain_requests_calls(peer):
    peer.script(Reply(status=200, body=b"ok"))
    auth = SignedAuth(key_id=KEY_ID, private_key_pem=PRIVATE_PEM)
    url = peer.base_url + "/federation/v1/notify?x=1"
    requests.post(url, data='{"é": 1}', auth=auth, timeout=2)

    (recorded,) = peer.requests
    assert verify_recorded(peer, recorded).key_id == KEY_ID
    assert recorded.body == '{"é": 1}'.encode()


# --- retries ----------------------------------------------------------------------


def test_server_errors_are_retried_with_exponential_backoff_then_raised(peer):
    peer.script(*[error(500, body=b"database is down")] * 4)
    client = make_client(peer.base_url)

    with pytest.raises(PeerError, match="database is down") as info:
        client.fetch_changes("c1.2a", 10)

    assert info.value.status == 500
    assert len(peer.requests) == 4  # 1 try + 3 retries
    assert client.sleep.calls == [0.5, 1.0, 2.0]


def test_backoff_is_capped_and_fully_jittered():
    assert backoff_delay(10, base=0.5, cap=8, rand=lambda: 1.0) == 8
    assert backoff_delay(2, base=0.5, cap=8, rand=lambda: 0.25) == 0.5
    assert backoff_delay(0, base=0.5, cap=8, rand=lambda: 0.0) == 0


@pytest.mark.parametrize("status", [502, 503, 504, 429])
def test_transient_statuses_are_retried_until_success(peer, status):
    peer.script(error(status), valid(PAGE))
    client = make_client(peer.base_url)

    assert client.fetch_changes("c1.2a", 10) == PAGE
    assert len(peer.requests) == 2
    assert client.sleep.calls == [0.5]


def test_retry_after_seconds_is_honoured(peer):
    peer.script(error(503, retry_after="7"), error(429, retry_after="0"), valid(PAGE))
    client = make_client(peer.base_url)

    assert client.fetch_changes("c1.2a", 10) == PAGE
    assert client.sleep.calls == [7.0, 0.0]


def test_retry_after_http_date_is_capped_at_four_times_backoff_max(peer):
    far = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    peer.script(error(429, retry_after=far), valid(PAGE))
    client = make_client(peer.base_url, backoff_max=3)

    client.fetch_changes("c1.2a", 10)
    assert client.sleep.calls == [12.0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 32.0),
        ("5", 5.0),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        ("soon", None),
        ("-1", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_parsing(value, expected):
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC).timestamp()
    assert retry_after_seconds(value, now=now, cap=32.0) == expected


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_errors_are_not_retried(peer, status):
    peer.script(error(status, body=b'{"error": "unknown key id"}'))
    client = make_client(peer.base_url)

    with pytest.raises(PeerError, match="unknown key id") as info:
        client.fetch_changes("c1.2a", 10)
    assert info.value.status == status
    assert len(peer.requests) == 1
    assert client.sleep.calls == []
    assert client.breaker.failures == 0


def test_redirects_are_not_followed(peer):
    peer.script(Reply(status=302, headers={"Location": "http://elsewhere.example/"}))

    with pytest.raises(PeerError) as info:
        make_client(peer.base_url).fetch_changes(None)
    assert info.value.status == 302
    assert len(peer.requests) == 1


def test_a_hanging_peer_times_out_and_is_retried(peer):
    peer.script(hang(2), hang(2))
    client = make_client(peer.base_url, read_timeout=0.3, retries=1)
    started = time.monotonic()

    with pytest.raises(PeerUnreachable, match="timed out"):
        client.fetch_changes("c1.2a", 10)

    assert len(peer.requests) == 2
    assert time.monotonic() - started < 1.5


def test_truncated_body_is_retried(peer):
    peer.script(truncated(PAGE), valid(PAGE))
    client = make_client(peer.base_url)

    assert client.fetch_changes("c1.2a", 10) == PAGE
    assert len(peer.requests) == 2


def test_always_truncated_body_ends_in_peer_unreachable(peer):
    peer.script(truncated(PAGE), truncated(PAGE))

    with pytest.raises(PeerUnreachable, match="broke off"):
        make_client(peer.base_url, retries=1).fetch_changes("c1.2a", 10)


def test_complete_but_broken_json_is_returned_and_refused_by_the_parser(peer):
    peer.script(valid(PAGE[: len(PAGE) // 2]))

    body = make_client(peer.base_url).fetch_changes("c1.2a", 10)
    with pytest.raises(ProtocolError, match="not valid JSON"):
        feed_page_parse(body, expected_origin="sofia")


def test_connection_refused_is_retried_then_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_client(f"http://127.0.0.1:{port}", retries=2)

    with pytest.raises(PeerUnreachable):
        client.fetch_changes(None)
    assert len(client.sleep.calls) == 2


# --- size and time limits ---------------------------------------------------------


def test_slow_drip_hits_the_page_deadline_and_is_not_retried(peer):
    peer.script(slow_drip(PAGE, interval=0.02))
    client = make_client(peer.base_url, page_deadline=0.4, read_timeout=0.3)
    started = time.monotonic()

    with pytest.raises(PageDeadlineExceeded, match="took longer than 0.4s"):
        client.fetch_changes("c1.2a", 10)

    assert time.monotonic() - started < 1.0
    assert len(peer.requests) == 1


def test_announced_oversized_body_is_refused_before_reading(peer):
    peer.script(oversized(5000))

    with pytest.raises(ResponseTooLarge, match="announces 5000 bytes, the limit is 1000"):
        make_client(peer.base_url, max_bytes=1000).fetch_changes(None)
    assert len(peer.requests) == 1


def test_oversized_chunked_body_is_cut_off_while_streaming(peer):
    peer.script(oversized(300_000, chunked=True))

    with pytest.raises(ResponseTooLarge, match="sent more than 100000 bytes"):
        make_client(peer.base_url, max_bytes=100_000).fetch_changes(None)


def test_body_of_exactly_max_bytes_is_accepted(peer):
    peer.script(oversized(1000, chunked=True))

    assert len(make_client(peer.base_url, max_bytes=1000).fetch_changes(None)) == 1000


# --- circuit breaker --------------------------------------------------------------


class FakeClock:
    def __init__(self, now=100.0):
        self.now = now

    def __call__(self):
        return self.now


def test_breaker_opens_after_consecutive_failures_and_fails_fast(peer):
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, reset_timeout=60, clock=clock)
    client = make_client(peer.base_url, retries=0, breaker=breaker)
    peer.script(error(500), error(503), valid(PAGE))

    for _ in range(2):
        with pytest.raises(PeerError):
            client.fetch_changes(None)
    with pytest.raises(CircuitOpen, match="next try in 60s") as info:
        client.fetch_changes(None)

    assert isinstance(info.value, FederationClientError)
    assert len(peer.requests) == 2  # the open breaker did not touch the network
    clock.now += 60
    assert breaker.state == HALF_OPEN
    assert client.fetch_changes(None) == PAGE
    assert breaker.state == CLOSED


def test_deadline_and_size_errors_count_as_failures(peer):
    breaker = CircuitBreaker(failure_threshold=2, clock=FakeClock())
    client = make_client(peer.base_url, max_bytes=10, breaker=breaker)
    peer.script(oversized(50), oversized(50))

    for _ in range(2):
        with pytest.raises(ResponseTooLarge):
            client.fetch_changes(None)
    assert breaker.state == OPEN


def test_breaker_state_machine():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=10, clock=clock)

    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert (breaker.state, breaker.allow()) == (CLOSED, True)
    breaker.record_failure()
    assert (breaker.state, breaker.allow(), breaker.retry_in()) == (OPEN, False, 10)
    clock.now += 9.5
    assert (breaker.state, breaker.retry_in()) == (OPEN, 0.5)
    clock.now += 0.5
    assert (breaker.state, breaker.allow()) == (HALF_OPEN, True)
    breaker.record_failure()  # the trial call failed: open for another reset_timeout
    assert (breaker.state, breaker.retry_in()) == (OPEN, 10)
    clock.now += 10
    breaker.record_success()
    assert (breaker.state, breaker.failures) == (CLOSED, 0)


def test_breaker_serialises_with_wall_clock_time_across_processes():
    clock, wall = FakeClock(5.0), FakeClock(1_790_000_000.0)
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=60, clock=clock, wall_clock=wall)
    breaker.record_failure()
    clock.now += 20
    wall.now += 20
    saved = breaker.to_dict()

    assert saved == {"state": OPEN, "failures": 1, "opened_at": 1_790_000_000.0}
    # Another process: a different monotonic clock, the same wall clock.
    other_clock = FakeClock(90_000.0)
    restored = CircuitBreaker.from_dict(
        saved, failure_threshold=1, reset_timeout=60, clock=other_clock, wall_clock=wall
    )
    assert (restored.state, restored.failures, restored.retry_in()) == (OPEN, 1, 40)
    assert restored.to_dict() == saved
    assert CircuitBreaker.from_dict(CircuitBreaker().to_dict()).state == CLOSED


@pytest.mark.parametrize(
    "data", [None, {}, {"failures": "3", "opened_at": "yesterday"}, {"opened_at": True}]
)
def test_damaged_breaker_state_restores_closed(data):
    breaker = CircuitBreaker.from_dict(data)
    assert (breaker.state, breaker.failures) == (CLOSED, 0)
