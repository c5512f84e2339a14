"""The product's URLs plus ``/bench/bare/``: the baseline of the page-serving benchmark,
a view that does no work, behind the same middleware on the same server."""

from django.http import HttpResponse
from django.urls import path

from sites.urls import urlpatterns as site_urlpatterns

BARE_BODY = "<!doctype html><title>bare</title><p>bare view</p>"


def bare(request):
    return HttpResponse(BARE_BODY)


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
