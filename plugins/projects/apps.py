from plugins.core.plugin import PluginConfig


class ProjectsConfig(PluginConfig):
    name = "plugins.projects"
    label = "projects"
    verbose_name = "Projects"
