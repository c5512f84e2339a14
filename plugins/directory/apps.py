from plugins.core.plugin import PluginConfig


class DirectoryConfig(PluginConfig):
    name = "plugins.directory"
    label = "directory"
    verbose_name = "Directory"
