"""URLs: admin and machine interfaces at the root, pages under a language prefix.

Plugins and the product's own features add URLs only through the
``register_root_urls`` and ``register_site_urls`` hooks.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from plugins.core.hooks import hook_call_flat

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *hook_call_flat("register_root_urls"),
]

if settings.SERVE_MEDIA:
    # The demo serves uploads itself; production lets the web server do it.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += i18n_patterns(
    *hook_call_flat("register_site_urls"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
