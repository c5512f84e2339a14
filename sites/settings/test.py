"""Settings for the test suite: fast hashing, tasks run at once, a test cluster file."""

import os
from pathlib import Path

_TEST_CLUSTER = Path(__file__).resolve().parents[2] / "tests" / "clusters" / "testland.toml"
os.environ.setdefault("CLUSTER_FILE", str(_TEST_CLUSTER))

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Whitenoise warns about a missing collected-static folder; tests use the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
