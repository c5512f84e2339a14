from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_migrate, post_save


class SiteCoreConfig(AppConfig):
    name = "sites.core"
    label = "core"
    verbose_name = "Cluster site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .checks import check_cluster_file
        from .signal_handlers import content_changed, editor_groups_after_migrate, page_changed

        checks.register(check_cluster_file)
        post_migrate.connect(editor_groups_after_migrate, dispatch_uid="core.editor_groups")
        # Cached fragments (sites/core/fragments.py) follow every change of content.
        post_save.connect(content_changed, dispatch_uid="core.content_saved")
        post_delete.connect(content_changed, dispatch_uid="core.content_deleted")
        page_published.connect(page_changed, dispatch_uid="core.page_published")
        page_unpublished.connect(page_changed, dispatch_uid="core.page_unpublished")
        post_page_move.connect(page_changed, dispatch_uid="core.page_moved")
