from django.apps import AppConfig
from django.core import checks


class PluginFrameworkConfig(AppConfig):
    name = "plugins.core"
    label = "plugin_core"
    verbose_name = "Plugin framework"

    def ready(self):
        from . import checks as plugin_checks

        checks.register(plugin_checks.check_enabled_plugins)
        checks.register(plugin_checks.check_plugin_requirements)
        checks.register(plugin_checks.check_plugin_options)
        checks.register(plugin_checks.check_hook_signatures)
