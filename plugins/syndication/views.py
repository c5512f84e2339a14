"""Feed and export views, with conditional GET: an ETag of the body (and the feeds'
Last-Modified of the newest item) answer 304 when nothing changed."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from .exports import directory_csv, directory_export_members, directory_jsonld
from .feeds import FORMATS, NewsFeed

CSV_BOM = "\ufeff"


def _conditional(request, response, *, max_age: int):
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return conditional or response


def feed_view(*, network: bool):
    @require_GET
    def view(request, format):
        if format not in FORMATS:
            raise Http404("Unknown feed format")
        response = NewsFeed(format=format, network=network)(request)
        return _conditional(request, response, max_age=60)

    view.__name__ = "network_feed" if network else "news_feed"
    return view


news_feed = feed_view(network=False)
network_feed = feed_view(network=True)


@require_GET
def directory_export_jsonld(request):
    language = get_language()
    members = directory_export_members(language=language, absolute=request.build_absolute_uri)
    document = directory_jsonld(
        members=members,
        language=language,
        url=request.build_absolute_uri(reverse("directory_export_jsonld")),
        cluster_url=request.build_absolute_uri(f"/{language}/"),
    )
    body = json.dumps(document, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    return _conditional(request, response, max_age=300)


@require_GET
def directory_export_csv(request):
    language = get_language()
    members = directory_export_members(language=language, absolute=request.build_absolute_uri)
    body = (CSV_BOM + directory_csv(members=members)).encode("utf-8")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8; header=present")
    filename = f"{settings.CLUSTER_SLUG}-members-{language}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _conditional(request, response, max_age=300)
