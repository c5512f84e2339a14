from django.core import checks
from django.utils.translation import gettext_lazy as _

from plugins.core.plugin import PluginConfig


class NewsConfig(PluginConfig):
    name = "plugins.news"
    label = "news"
    verbose_name = _("News")
    default_options = {"page_size": 10}
    requires = ()
    shared_types = ("news.NewsPage",)

    def ready(self):
        from .checks import check_news_options

        checks.register(check_news_options)
