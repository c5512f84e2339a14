"""Settings of the minimal Wagtail project (loopback only, throw-away databases)."""

import importlib.util
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "bench-transfer-only"  # noqa: S105 - a loopback benchmark
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# wagtail-transfer comes with the `bench` extra; without it only the API v2 pull runs.
HAS_TRANSFER = importlib.util.find_spec("wagtail_transfer") is not None
INSTALLED_APPS = [
    "bench.transfer_site.newsapp",
    *(["wagtail_transfer"] if HAS_TRANSFER else []),
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.sites",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "bench.transfer_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("TRANSFER_DB", str(BASE_DIR / "transfer.sqlite3")),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
STATIC_URL = "/static/"
WAGTAIL_SITE_NAME = "transfer bench"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TRANSFER_KEY = "bench-transfer-shared-key"
WAGTAILTRANSFER_SECRET_KEY = TRANSFER_KEY
WAGTAILTRANSFER_SOURCES = {
    "source": {
        "BASE_URL": os.environ.get("TRANSFER_SOURCE_URL", "http://127.0.0.1:1/") + "wt/",
        "SECRET_KEY": TRANSFER_KEY,
    }
}
LOGGING = {"version": 1, "root": {"level": "WARNING"}}
