from plugins.core.plugin import PluginConfig


class NewsConfig(PluginConfig):
    name = "plugins.news"
    label = "news"
    verbose_name = "News"
