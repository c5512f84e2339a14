"""Signal handlers of the cluster site (connected in ``SiteCoreConfig.ready``)."""

from django.apps import apps
from django.db import connections


def editor_groups_after_migrate(sender, using="default", **kwargs):
    """Keep the "Editors" and "Moderators" groups in shape after every ``migrate``.

    ``post_migrate`` is sent once per app that has models; the permissions of
    every app exist only when the last one has been handled, so this waits for it.
    """
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    # A migration back to zero leaves no tables to write to.
    if "wagtailcore_workflowpage" not in connections[using].introspection.table_names():
        return
    from .services import editor_groups_ensure

    editor_groups_ensure()
