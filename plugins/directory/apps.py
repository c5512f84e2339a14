from django.utils.translation import gettext_lazy as _

from plugins.core.plugin import PluginConfig


class DirectoryConfig(PluginConfig):
    """The member directory: organisations of the cluster, their sectors and contacts."""

    name = "plugins.directory"
    label = "directory"
    verbose_name = _("Directory")

    default_options = {
        # Members per page of the directory listing.
        "page_size": 24,
    }
    # Peers mirror members (fields visible to the audience "network" only).
    shared_types = ("directory.Member",)
    editor_models = ("directory.Member",)
