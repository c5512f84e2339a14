from django.utils.translation import gettext_lazy as _

from plugins.core.plugin import PluginConfig


class SyndicationConfig(PluginConfig):
    """Feeds, directory exports and the partner API: content for partner networks."""

    name = "plugins.syndication"
    label = "syndication"
    verbose_name = _("Syndication")
    requires = ("news", "directory")
    default_options = {"feed_items": 50}
