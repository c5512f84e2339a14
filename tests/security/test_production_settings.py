"""Production settings, loaded in a subprocess from the environment as in a deployment:
HTTPS only (redirect, HSTS), secure cookies, and the security headers on responses."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from sites.instance import ROOT

# Loads the production settings and sends one request through the whole middleware
# stack (GET on a POST-only endpoint: no database, no templates needed).
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
         "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_CONTENT_TYPE_NOSNIFF",
         "X_FRAME_OPTIONS", "MIDDLEWARE", "RATE_LIMITS", "TRUSTED_PROXY_COUNT", "DEBUG"]
out = {"settings": {name: getattr(settings, name) for name in names}}
with override_settings(RATE_LIMITS={}):  # the rate limiter would need the database
    client = Client()
    https = client.get("/federation/v1/notify", HTTP_HOST="sofia.example.org",
                       HTTP_X_FORWARDED_PROTO="https")
    plain = client.get("/federation/v1/notify", HTTP_HOST="sofia.example.org")
out["https"] = {"status": https.status_code, "headers": dict(https.headers)}
out["plain"] = {"status": plain.status_code, "headers": dict(plain.headers)}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production():
    env = {k: v for k, v in os.environ.items() if k not in ("CLUSTER_FILE", "DATABASE_URL")}
    env.update(
        CLUSTER="sofia",
        DJANGO_SETTINGS_MODULE="sites.settings.production",
        ALLOWED_HOSTS="sofia.example.org",
        DATABASE_URL="postgres://clusterweb:secret@127.0.0.1:5432/clusterweb",
        SITE_URL="https://sofia.example.org",
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONWARNINGS="ignore",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_only_with_hsts_for_a_year(production):
    """Guards: SECURE_SSL_REDIRECT, SECURE_PROXY_SSL_HEADER and HSTS in production.py."""
    settings = production["settings"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and settings["SECURE_HSTS_PRELOAD"]
    plain = production["plain"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == "https://sofia.example.org/federation/v1/notify"
    hsts = production["https"]["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_cookies_are_secure_and_debug_is_off(production):
    """Guards: SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, SESSION_COOKIE_HTTPONLY, DEBUG."""
    settings = production["settings"]
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["DEBUG"] is False


def test_security_headers_and_rate_limits_are_on_in_production(production):
    """Guards: the security-headers and rate-limit middleware and RATE_LIMITS reach the
    production settings, and a proxied request is counted per client, not per proxy."""
    settings = production["settings"]
    middleware = settings["MIDDLEWARE"]
    assert "sites.core.security.SecurityHeadersMiddleware" in middleware
    assert "sites.core.ratelimit.RateLimitMiddleware" in middleware
    assert middleware.index("sites.core.security.SecurityHeadersMiddleware") < middleware.index(
        "django.middleware.clickjacking.XFrameOptionsMiddleware"
    )
    assert set(settings["RATE_LIMITS"]) == {
        "admin_login",
        "admin_password_reset",
        "search_api",
        "federation",
        "partner_api_unauthenticated",
    }
    assert settings["TRUSTED_PROXY_COUNT"] == 1
    headers = production["https"]["headers"]
    assert production["https"]["status"] == 405
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
