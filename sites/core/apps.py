from django.apps import AppConfig
from django.core import checks


class SiteCoreConfig(AppConfig):
    name = "sites.core"
    label = "core"
    verbose_name = "Cluster site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .checks import check_cluster_file

        checks.register(check_cluster_file)
