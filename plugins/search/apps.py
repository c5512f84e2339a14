from django.utils.translation import gettext_lazy as _

from plugins.core.plugin import PluginConfig


class SearchConfig(PluginConfig):
    """Cross-cluster search: this cluster's content and its peers' mirrors in one index."""

    name = "plugins.search"
    label = "search"
    verbose_name = _("Search")
    default_options = {
        # Results per page of the search page and the API.
        "page_size": 20,
    }

    def ready(self):
        from .signals import signals_connect

        signals_connect()
