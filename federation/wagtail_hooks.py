from django.urls import include, path
from wagtail import hooks

from .api import urls as api_urls
from .views import mirror_detail


@hooks.register("register_root_urls")
def federation_api_urls():
    return [path("federation/v1/", include(api_urls))]


@hooks.register("register_site_urls")
def federation_site_urls():
    return [
        path("network/<slug:origin>/<uuid:object_id>/", mirror_detail, name="mirror_detail"),
    ]
