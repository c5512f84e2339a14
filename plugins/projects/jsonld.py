"""schema.org JSON-LD of a project page (``@type: Project``)."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

# The characters that could end the <script> element or open an HTML comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _organisation(link, request) -> dict:
    data = {"@type": "Organization", "name": link.name}
    if link.url:
        data["url"] = request.build_absolute_uri(link.url) if request is not None else link.url
    return data


def project_jsonld_data(*, page, funders: list, partners: list, request=None) -> dict:
    """The project as a schema.org ``Project`` dict (dates as ISO strings).

    ``funders`` and ``partners`` are ``selectors.ProjectMemberLink`` lists.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
    }
    if page.start_date:
        data["startDate"] = page.start_date.isoformat()
    if page.end_date:
        data["endDate"] = page.end_date.isoformat()
    if funders:
        data["funder"] = [_organisation(link, request) for link in funders]
    if partners:
        data["member"] = [_organisation(link, request) for link in partners]
    return data


def project_jsonld(*, page, funders: list, partners: list, request=None) -> SafeString:
    """The JSON-LD text, safe inside ``<script type="application/ld+json">``."""
    data = project_jsonld_data(page=page, funders=funders, partners=partners, request=request)
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
