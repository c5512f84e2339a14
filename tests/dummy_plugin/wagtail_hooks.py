from django.urls import path
from wagtail import hooks

from .views import dummy_view


@hooks.register("register_site_urls")
def dummy_urls():
    return [path("dummy/", dummy_view, name="dummy")]
