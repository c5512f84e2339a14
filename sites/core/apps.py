from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class SiteCoreConfig(AppConfig):
    name = "sites.core"
    label = "core"
    verbose_name = "Cluster site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .checks import check_cluster_file
        from .signal_handlers import editor_groups_after_migrate

        checks.register(check_cluster_file)
        post_migrate.connect(editor_groups_after_migrate, dispatch_uid="core.editor_groups")
