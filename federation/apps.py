from django.apps import AppConfig
from django.core import checks


class FederationConfig(AppConfig):
    name = "federation"
    label = "federation"
    verbose_name = "Federation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .checks import check_shared_types
        from .signals import signals_connect

        signals_connect()
        checks.register(check_shared_types)
