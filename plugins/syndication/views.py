"""Feed views with conditional GET: an ETag of the body, Last-Modified of the newest item."""

from __future__ import annotations

import hashlib

from django.http import Http404
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import require_GET

from .feeds import FORMATS, NewsFeed


def feed_view(*, network: bool):
    @require_GET
    def view(request, format):
        if format not in FORMATS:
            raise Http404("Unknown feed format")
        response = NewsFeed(format=format, network=network)(request)
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=60"
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        conditional = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        return conditional or response

    view.__name__ = "network_feed" if network else "news_feed"
    return view


news_feed = feed_view(network=False)
network_feed = feed_view(network=True)
