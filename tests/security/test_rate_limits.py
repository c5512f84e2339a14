"""Rate limits: failed admin logins per IP and username, the search API and the
federation API per client IP; 429 with Retry-After; limits read from settings."""

import time

import pytest

from plugins.syndication.services import partner_key_create
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


def test_the_admin_password_reset_form_is_limited_per_client_ip(client, editor, clock, mailoutbox):
    """Guards: the admin_password_reset limit (5 POSTs per 15 minutes per IP): each POST
    sends an e-mail, so the 6th from one address is refused before any is sent."""
    path = "/admin/password_reset/"

    def reset(ip):
        return client.post(path, {"email": "e@example.org"}, REMOTE_ADDR=ip)

    for _ in range(5):
        assert reset("203.0.113.5").status_code == 302  # on to "check your e-mail"
    sent = len(mailoutbox)

    limited = reset("203.0.113.5")

    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 900
    assert len(mailoutbox) == sent
    assert client.get(path, REMOTE_ADDR="203.0.113.5").status_code == 200  # only POSTs count
    assert reset("198.51.100.9").status_code == 302  # another client
    clock.advance(900)
    assert reset("203.0.113.5").status_code == 302


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer cwk_0123abcd_" + "x" * 43}, {"X-API-Key": "nonsense"}],
    ids=["no-key", "unknown-key", "malformed-key"],
)
def test_the_partner_api_without_a_valid_key_is_limited_per_client_ip(
    client, settings, clock, headers
):
    """Guards: partner_api_unauthenticated: requests with no usable key are counted per
    client IP (behind TRUSTED_PROXY_COUNT proxies, the address the proxy saw); over the
    limit they get 429 with Retry-After and the API's JSON error, on every endpoint."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "partner_api_unauthenticated": "3/1m"}

    def call(endpoint, client_address):
        return client.get(
            f"/api/v1/{endpoint}",
            headers=headers,
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.1, {client_address}",
        )

    for endpoint in ("news", "members", "projects"):
        assert call(endpoint, "203.0.113.7").status_code == 401

    limited = call("news", "203.0.113.7")

    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["error"] == "rate_limited"
    assert call("members", "203.0.113.8").status_code == 401  # another client
    clock.advance(60)
    assert call("projects", "203.0.113.7").status_code == 401


def test_a_valid_partner_key_is_not_held_back_by_the_unauthenticated_limit(client, settings, clock):
    """Guards: only keyless requests spend the per-IP budget; a good key from the same
    address is limited by its own per-key rate only."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "partner_api_unauthenticated": "1/1m"}
    _, plain = partner_key_create(name="k", organisation="Partner", rate_limit=100)
    client.get("/api/v1/news")
    assert client.get("/api/v1/news").status_code == 429

    good = client.get("/api/v1/news", headers={"Authorization": f"Bearer {plain}"})

    assert good.status_code == 200
