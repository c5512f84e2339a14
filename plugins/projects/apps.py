from django.utils.translation import gettext_lazy as _

from plugins.core.plugin import PluginConfig


class ProjectsConfig(PluginConfig):
    name = "plugins.projects"
    label = "projects"
    verbose_name = _("Projects")
    requires = ("directory",)
    default_options = {"home_section_size": 3}
    shared_types = ("projects.ProjectPage",)

    def ready(self):
        from .signals import signals_connect

        signals_connect()
