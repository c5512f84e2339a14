"""Local development and the demo network: DEBUG off by default, the embedded defaults."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DEBUG", "") == "1"
# A fixed, public key is fine for a loopback-only demo; production.py refuses it.
SECRET_KEY = os.environ.get("SECRET_KEY") or "demo-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The demo serves collected static files through whitenoise without a manifest step.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
SERVE_MEDIA = True
