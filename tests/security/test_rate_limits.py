"""Rate limits: failed admin logins per IP and username, the search API and the
federation API per client IP; 429 with Retry-After; limits read from settings."""

import time

import pytest

from sites.core import ratelimit
from sites.core.models import RateLimitCounter
from sites.core.ratelimit import Rate, rate_parse, ratelimit_hit

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def clock(monkeypatch):
    """Frozen time at the start of a 15-minute window; ``clock.advance(seconds)``."""

    class Clock:
        now = (time.time() // 900 + 1) * 900

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(ratelimit, "now", lambda: clock.now)
    return clock


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.org", "right-pw")


def login(client, username, password, ip="203.0.113.5"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def test_rate_strings():
    assert rate_parse("10/15m") == Rate(limit=10, period=900)
    assert rate_parse("60/1m") == Rate(limit=60, period=60)
    assert rate_parse("600/m") == Rate(limit=600, period=60)
    assert rate_parse("5/2h") == Rate(limit=5, period=7200)
    for bad in ("", "10", "ten/1m", "10/1y", "10/0m", "-1/1m"):
        with pytest.raises(ValueError):
            rate_parse(bad)


def test_ten_failed_logins_lock_that_username_from_that_ip(client, editor, clock):
    """Guards: the admin_login limit (10 failed attempts per 15 minutes per IP and
    username): the 11th attempt is refused with 429 even with the right password."""
    for _ in range(10):
        response = login(client, "editor", "wrong")
        assert response.status_code == 200  # the form again, with its error

    clock.advance(60)
    blocked = login(client, "editor", "right-pw")

    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 900 - 60
    assert "_auth_user_id" not in client.session
    # The same account from another address, another account from this one: not blocked.
    assert login(client, "EDITOR", "wrong", ip="198.51.100.9").status_code == 200
    assert login(client, "someone", "wrong").status_code == 200
    # When the window is over, the right password works again.
    clock.advance(900)
    assert login(client, "editor", "right-pw").status_code == 302


def test_successful_logins_are_not_counted(client, editor, clock):
    """Guards: only failures count (a successful login refunds its attempt)."""
    for _ in range(12):
        assert login(client, "editor", "right-pw").status_code == 302
        client.logout()
    for _ in range(10):
        assert login(client, "editor", "wrong").status_code == 200
    assert login(client, "editor", "wrong").status_code == 429


def test_search_api_is_limited_per_client_ip(client, clock):
    """Guards: the search_api limit (60 requests a minute per IP) with 429, Retry-After
    and a JSON error like the API's other errors."""
    for _ in range(60):
        assert client.get("/api/v1/search", REMOTE_ADDR="203.0.113.7").status_code != 429

    limited = client.get("/api/v1/search", {"q": "bio"}, REMOTE_ADDR="203.0.113.7")

    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited"
    assert client.get("/api/v1/search", REMOTE_ADDR="203.0.113.8").status_code != 429
    clock.advance(60)
    assert client.get("/api/v1/search", REMOTE_ADDR="203.0.113.7").status_code != 429


def test_federation_endpoints_are_limited_and_limits_are_read_per_request(client, settings, clock):
    """Guards: the federation limit on /federation/v1/*, and that RATE_LIMITS is read at
    request time (a changed setting applies at once)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "federation": "3/1m"}
    for path in ("/federation/v1/changes", "/federation/v1/notify", "/federation/v1/changes"):
        assert client.get(path).status_code in (401, 405)

    limited = client.post("/federation/v1/notify", b"{}", content_type="application/json")

    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "federation": None}
    assert client.get("/federation/v1/changes").status_code == 401


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(client, settings, clock):
    """Guards: TRUSTED_PROXY_COUNT: clients are told apart behind the proxy, and an
    X-Forwarded-For entry a client writes itself does not give it a fresh budget."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_api": "2/1m"}

    def search(forwarded):
        return client.get(
            "/api/v1/search", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert search("203.0.113.1") != 429
    assert search("10.9.9.9, 203.0.113.1") != 429  # spoofed first entry: same client
    assert search("10.8.8.8, 203.0.113.1") == 429
    assert search("203.0.113.2") != 429  # another client behind the same proxy


def test_old_windows_are_forgotten(clock):
    """Guards: the counter table stays small (rows of finished windows are deleted)."""
    rate = Rate(limit=5, period=60)
    for key in ("a", "b", "c"):
        ratelimit_hit(rate=rate, key=key)
    clock.advance(3600)
    ratelimit_hit(rate=rate, key="d")

    assert RateLimitCounter.objects.count() == 1
