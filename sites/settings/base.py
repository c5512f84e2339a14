"""Settings shared by every cluster and environment.

The cluster is chosen by the environment: ``CLUSTER=<slug>`` reads
``sites/clusters/<slug>.toml``; ``CLUSTER_FILE=<path>`` reads any file (tests use
this). Everything cluster-specific (languages, plugins, theme, database path)
derives from that file; nothing here names a cluster.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from plugins.core.discovery import plugin_apps_resolve
from sites.cluster import cluster_path, cluster_read, cluster_slugs

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _cluster_file() -> Path:
    if os.environ.get("CLUSTER_FILE"):
        return Path(os.environ["CLUSTER_FILE"])
    slug = os.environ.get("CLUSTER", "")
    if not slug:
        raise ImproperlyConfigured(
            "Set CLUSTER to one of: "
            + ", ".join(cluster_slugs())
            + " (or CLUSTER_FILE to the path of a cluster file)."
        )
    return cluster_path(slug=slug)


CLUSTER_DATA = cluster_read(path=_cluster_file())
CLUSTER = CLUSTER_DATA.data
CLUSTER_SLUG = CLUSTER_DATA.slug or "unnamed"
CLUSTER_LANGUAGE = CLUSTER_DATA.language


_plugin_names = CLUSTER.get("plugins", [])
PLUGIN_APPS, _plugin_problems = plugin_apps_resolve(
    names=_plugin_names if isinstance(_plugin_names, list) else [],
    cluster_file=CLUSTER_DATA.path.name,
)
CLUSTER_PROBLEMS = CLUSTER_DATA.problems + _plugin_problems

# Theme: the cluster's own folder first, then the base theme it overrides.
THEMES_DIR = BASE_DIR / "themes"
THEME = str(CLUSTER.get("theme", "base"))
THEME_DIRS = [d for d in (THEMES_DIR / THEME, THEMES_DIR / "base") if d.is_dir()]

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "sites.core",
    "plugins.core",
    *PLUGIN_APPS,
    "federation",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sites.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sites.core.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's page routing from the cache (sites/core/routing.py): one query a page.
    "sites.core.routing.PageRouteMiddleware",
]

ROOT_URLCONF = "sites.urls"
WSGI_APPLICATION = "sites.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [d / "templates" for d in THEME_DIRS],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "sites.core.context_processors.cluster",
            ],
        },
    },
]

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var")) / CLUSTER_SLUG
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the cluster's own and English; the URL prefix selects one.
LANGUAGE_NAMES = {
    "en": _("English"),
    "tr": _("Turkish"),
    "bg": _("Bulgarian"),
    "pl": _("Polish"),
    "de": _("German"),
}
LANGUAGE_CODE = CLUSTER_LANGUAGE
LANGUAGES = [(code, LANGUAGE_NAMES.get(code, code)) for code in CLUSTER_DATA.languages]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [d / "static" for d in THEME_DIRS if (d / "static").is_dir()]
# The base theme's own files again as "base-theme/<file>": a cluster theme's
# theme/tokens.css shadows the base one, and the layout loads the base defaults first
# from here. (A different root than themes/base/static on purpose: FileSystemFinder
# keeps one storage per root, so the same root twice would hide the unprefixed files.)
STATICFILES_DIRS.append(("base-theme", THEMES_DIR / "base" / "static" / "theme"))
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = CLUSTER.get("name", {}).get("en", CLUSTER_SLUG)
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The network search (plugins/search): the site's own database, or Elasticsearch 8.
NETWORK_SEARCH_BACKEND = {"BACKEND": "plugins.search.backends.database.DatabaseSearchBackend"}
if os.environ.get("ELASTICSEARCH_URL"):
    NETWORK_SEARCH_BACKEND = {
        "BACKEND": "plugins.search.backends.elasticsearch.ElasticsearchSearchBackend",
        "OPTIONS": {
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": f"clusterweb-{CLUSTER_SLUG}",
        },
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 x 5000; refuses decompression bombs
# Uploads decode completely (a truncated file is a form error): sites/core/image_uploads.py
WAGTAILIMAGES_IMAGE_FORM_BASE = "sites.core.image_uploads.ImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Requests per window (sites/core/ratelimit.py); a missing or None scope is not limited.
RATE_LIMITS = {
    "admin_login": "10/15m",
    "admin_password_reset": "5/15m",
    "search_api": "60/1m",
    "federation": "600/1m",
    "partner_api_unauthenticated": "30/1m",
}
# Proxies in front of the site that append the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Cached page fragments (sites/core/fragments.py) are keyed by a content generation kept
# in the database, so each worker's own memory is a correct cache however many workers
# run; a shared cache (Redis, memcached) only saves each worker computing a fragment
# once per generation. A page served keeps about ten entries (route, page, restrictions,
# alternates, layout and content parts) of a few kB: room for some two thousand pages
# per worker, a few tens of MB at most; the least recently used go first.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
SERVE_MEDIA = False
