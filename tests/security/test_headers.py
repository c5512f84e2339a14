"""Security headers: the Content-Security-Policy of the site and the admin, and the
headers Django sends (frames, sniffing, referrer) on every response."""

from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.clickjacking import xframe_options_sameorigin

from sites.core.security import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db


def csp_of(response) -> dict[str, set[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = set(values)
    return directives


STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def test_public_pages_send_the_strict_policy(client, home_pages):
    """Guards: SecurityHeadersMiddleware's site policy (no inline or foreign scripts,
    no plugins, no framing, no foreign base or form targets) and Django's own headers."""
    response = client.get("/pl/")

    assert response.status_code == 200
    csp = csp_of(response)
    for name, values in STRICT.items():
        assert csp[name] == values, name
    assert csp["img-src"] == {"'self'", "data:", "https:"}
    assert csp["style-src"] == {"'self'", "'unsafe-inline'"}
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_api_and_error_responses_carry_the_policy_too(client, db):
    """Guards: the middleware covers every response, not only rendered pages."""
    for path in ("/federation/v1/changes", "/pl/no-such-page/"):
        response = client.get(path)
        assert response.status_code in (401, 404), path
        assert csp_of(response)["script-src"] == {"'self'"}, path


class ScriptCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        self.handlers += [f"{tag}[{name}]" for name in attrs if name.startswith("on")]


def test_public_pages_need_no_inline_script(client, home_pages):
    """Guards: that ``script-src 'self'`` breaks nothing on the site: every script of
    the layout has a src or is JSON-LD data (which CSP does not execute), and no
    element has an inline event handler."""
    parser = ScriptCollector()
    parser.feed(client.get("/pl/").content.decode())
    parser.feed(client.get("/en/").content.decode())

    assert parser.scripts, "the layout's JSON-LD should be there"
    for attrs in parser.scripts:
        assert attrs.get("src") or attrs.get("type") == "application/ld+json", attrs
    assert parser.handlers == []


def test_the_admin_allows_its_inline_scripts_and_nothing_else(client, django_user_model):
    """Guards: the admin policy (Wagtail's widgets need inline scripts) keeps every
    other restriction: no foreign scripts, no plugins, no framing, no foreign forms."""
    for path in ("/admin/login/", "/admin/"):
        if path == "/admin/":
            client.force_login(django_user_model.objects.create_superuser("root", "r@x.org", "pw"))
        response = client.get(path)
        assert response.status_code == 200, path
        csp = csp_of(response)
        assert csp["script-src"] == {"'self'", "'unsafe-inline'"}, path
        for name in ("default-src", "object-src", "base-uri", "form-action", "frame-ancestors"):
            assert csp[name] == STRICT[name], (path, name)
        assert response.headers["X-Frame-Options"] == "DENY"


def test_views_framed_by_the_same_origin_get_frame_ancestors_self():
    """Guards: frame-ancestors follows X-Frame-Options SAMEORIGIN (Wagtail's preview
    panel) instead of blocking it, and stays 'none' for everything else."""
    request = RequestFactory().get("/admin/pages/3/edit/preview/")

    framed = SecurityHeadersMiddleware(xframe_options_sameorigin(lambda r: HttpResponse()))
    plain = SecurityHeadersMiddleware(lambda r: HttpResponse())

    assert csp_of(framed(request))["frame-ancestors"] == {"'self'"}
    assert csp_of(plain(request))["frame-ancestors"] == {"'none'"}
