"""Exports of this cluster's member directory, public fields only.

    /<lang>/directory/export.jsonld   schema.org ItemList of Organizations
    /<lang>/directory/export.csv      one row per member, a header row

Every value comes from ``member_public_data(audience="public")``: a field whose
visibility is network or cluster never reaches an export.

The CSV is UTF-8 **with** a byte order mark. Spreadsheet programs (Excel above
all) read a CSV without it in a legacy 8-bit encoding, which garbles the
Polish, Bulgarian, Turkish and German names of a cluster directory; programs
that read CSV (Python's ``utf-8-sig``, pandas, R, LibreOffice) skip the mark.
Columns are named in English and never change with the language; lists are
joined with "; ". Cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, except plain
phone numbers such as "+48 81 100 200") get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Locale

from plugins.directory.jsonld import member_jsonld
from plugins.directory.selectors import (
    directory_page_for,
    member_list,
    member_page_url,
    member_public_data,
)

CSV_COLUMNS = (
    "id", "name", "kind", "role", "sectors", "sector_slugs", "city", "country", "website",
    "email", "phone", "address", "description", "member_since", "logo", "url",
)  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE_NUMBER = re.compile(r"[+-]?[\d\s()./-]+")


def directory_export_members(*, language: str, absolute) -> list[dict]:
    """The public data of every member in ``language``, A–Z, with absolute ``url``
    (their page, "" without a directory page) and ``logo`` URLs.

    ``absolute`` turns a site-relative URL into an absolute one (the request's).
    """
    locale = Locale.objects.get(language_code=language)
    page = directory_page_for(locale=locale)
    members = member_list(locale=locale).prefetch_related("logo__renditions")
    rows = []
    for member in members:
        data = member_public_data(member=member, audience="public")
        url = member_page_url(page=page, slug=member.slug) if page else None
        data["url"] = absolute(url) if url else ""
        if data.get("logo"):
            data["logo"] = absolute(data["logo"])
        rows.append(data)
    return rows


def cluster_name(language: str) -> str:
    names = settings.CLUSTER.get("name", {})
    return names.get(language) or names.get("en") or settings.CLUSTER_SLUG


def directory_jsonld(*, members: list[dict], language: str, url: str, cluster_url: str) -> dict:
    """An ItemList of the members as schema.org Organizations (their own JSON-LD, minus
    the repeated ``@context``)."""
    elements = []
    for position, data in enumerate(members, start=1):
        organization = member_jsonld(
            data=data,
            url=data["url"],
            cluster_name=cluster_name(language),
            cluster_url=cluster_url,
            logo_url=data.get("logo") or "",
        )
        organization.pop("@context")
        if not organization["url"]:
            organization.pop("url")
        elements.append({"@type": "ListItem", "position": position, "item": organization})
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": _("%(cluster)s: members") % {"cluster": cluster_name(language)},
        "url": url,
        "inLanguage": language,
        "numberOfItems": len(elements),
        "itemListElement": elements,
    }


def directory_csv(*, members: list[dict]) -> str:
    """The members as CSV text (without the byte order mark, which the view adds)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for data in members:
        row = {
            **{column: data.get(column) for column in CSV_COLUMNS},
            "sectors": "; ".join(sector["name"] for sector in data["sectors"]),
            "sector_slugs": "; ".join(sector["slug"] for sector in data["sectors"]),
        }
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PHONE_NUMBER.fullmatch(text):
        return "'" + text
    return text
