"""Settings of an instance under benchmark: ``sites.settings.dev`` plus the bench app
(its ``bench_task`` command), a urlconf with one bare view, and, with
``BENCH_PAGE_CACHE=1``, Django's per-site cache middleware (the product has no page cache).

Database connections are kept between requests (``CONN_MAX_AGE``, as a production
deployment sets it): otherwise every page pays for opening its SQLite connection, which
the bare view of the page-serving scenario never opens.
"""

import os

from sites.settings.dev import *  # noqa: F403
from sites.settings.dev import DATABASES, INSTALLED_APPS, MIDDLEWARE, NETWORK_SEARCH_BACKEND

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if os.environ.get("BENCH_PAGE_CACHE") == "1":
    MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CACHE_MIDDLEWARE_SECONDS = 600

if os.environ.get("BENCH_ES_COMPATIBILITY_HEADER") == "0":
    # osmem-server (the Elasticsearch-API test server) refuses the compatibility header;
    # a bulk request of 500 documents can take longer than the default 10 s on two
    # loaded cores.
    NETWORK_SEARCH_BACKEND = {
        **NETWORK_SEARCH_BACKEND,
        "OPTIONS": {
            **NETWORK_SEARCH_BACKEND.get("OPTIONS", {}),
            "COMPATIBILITY_HEADER": False,
            "TIMEOUT": 120,
        },
    }
