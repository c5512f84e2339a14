"""WSGI entry point: ``CLUSTER=<slug> gunicorn sites.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sites.settings.dev")

application = get_wsgi_application()
