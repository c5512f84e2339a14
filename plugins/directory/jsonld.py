"""schema.org ``Organization`` JSON-LD for a member page, built from audience-filtered data."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

# As Django's json_script: no "<", ">" or "&" survives, so "</script>" cannot end the block.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def member_jsonld(
    *, data: dict, url: str, cluster_name: str, cluster_url: str = "", logo_url: str = ""
) -> dict:
    """The Organization dict for one member.

    ``data`` is ``member_public_data(..., audience="public")``: this function only reads it,
    so nothing the public may not see can reach the markup. ``url`` is the member page's
    absolute URL; ``logo_url`` the absolute URL of ``data["logo"]`` when there is one.
    """
    address_parts = {
        "streetAddress": data.get("address"),
        "addressLocality": data["city"],
        "addressCountry": data["country"],
    }
    organization = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "identifier": f"urn:uuid:{data['id']}",
        "name": data["name"],
        "url": url,
        "memberOf": {"@type": "Organization", "name": cluster_name},
    }
    if cluster_url:
        organization["memberOf"]["url"] = cluster_url
    optional = {
        "description": data.get("description"),
        "logo": logo_url if data.get("logo") else "",
        "email": data.get("email"),
        "telephone": data.get("phone"),
        "sameAs": [data["website"]] if data.get("website") else None,
    }
    organization.update({key: value for key, value in optional.items() if value})
    if any(address_parts.values()):
        organization["address"] = {
            "@type": "PostalAddress",
            **{key: value for key, value in address_parts.items() if value},
        }
    if data.get("sectors"):
        organization["knowsAbout"] = [sector["name"] for sector in data["sectors"]]
    return organization


def jsonld_script_content(obj: dict) -> SafeString:
    """``obj`` as JSON safe to place between ``<script type="application/ld+json">`` tags."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=None)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above
