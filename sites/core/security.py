"""Security headers for every response: Content-Security-Policy and Permissions-Policy.

Django's SecurityMiddleware already sends nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy and (in production) HSTS; XFrameOptionsMiddleware sends
X-Frame-Options. This middleware adds the two headers Django does not have.

Two policies, both overridable in settings (read per request):

- ``CONTENT_SECURITY_POLICY`` for the public site: scripts from our own origin only
  (JSON-LD ``<script type="application/ld+json">`` is data, which CSP does not block),
  inline styles allowed (rich text and embeds carry ``style`` attributes), images from
  anywhere over https (peers' and partners' images), frames from https (the oEmbed
  iframes of the body's embed block).
- ``CONTENT_SECURITY_POLICY_ADMIN`` for ``/admin/``: the same but ``'unsafe-inline'``
  scripts and ``blob:`` images. Wagtail 8's admin still writes inline scripts (the date
  and time widgets of every page editor, InlinePanel, MultipleChooserPanel, the
  wagtail-localize editor), so ``script-src 'self'`` would break editing (Wagtail
  issue #1288); the admin is behind a login, the public site keeps the strict policy.

``frame-ancestors`` follows X-Frame-Options: ``'self'`` when a view asked for
SAMEORIGIN (Wagtail's preview panel frames the preview from the same origin), none
for ``@xframe_options_exempt`` views, ``'none'`` otherwise. Put this middleware above
XFrameOptionsMiddleware so it sees the final header.
"""

from __future__ import annotations

from django.conf import settings

SITE_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data: https:",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "frame-src": "'self' https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
ADMIN_POLICY = {
    **SITE_POLICY,
    "img-src": "'self' data: blob: https:",
    "script-src": "'self' 'unsafe-inline'",
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def policy_header(policy: dict[str, str], *, frame_ancestors: str | None) -> str:
    directives = dict(policy)
    if frame_ancestors:
        directives["frame-ancestors"] = frame_ancestors
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def policy_for(request) -> dict[str, str]:
    admin_prefix = getattr(settings, "SECURITY_ADMIN_PATH_PREFIX", "/admin/")
    if request.path.startswith(admin_prefix):
        return getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", ADMIN_POLICY)
    return getattr(settings, "CONTENT_SECURITY_POLICY", SITE_POLICY)


def frame_ancestors_for(response) -> str | None:
    if getattr(response, "xframe_options_exempt", False):
        return None  # the view allows framing anywhere (@xframe_options_exempt)
    if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
        return "'self'"
    return "'none'"


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy unless a view set them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_header(
                policy_for(request), frame_ancestors=frame_ancestors_for(response)
            )
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = getattr(
                settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY
            )
        return response
