"""The cluster file as system checks: bad data fails ``manage.py check`` (ids ``sites.E0xx``)."""

from django.conf import settings
from django.core import checks


def check_cluster_file(app_configs=None, **kwargs):
    return [
        checks.Error(p.msg, hint=p.hint, id=p.id)
        for p in settings.CLUSTER_PROBLEMS
        if p.id.startswith("sites.")
    ]
