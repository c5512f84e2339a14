"""System checks of the plugin framework (ids ``plugins.E0xx``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from .hooks import hook_signature_mismatches
from .plugin import PluginConfig, plugin_configs


def check_enabled_plugins(app_configs=None, **kwargs):
    errors = [
        checks.Error(p.msg, hint=p.hint, id=p.id)
        for p in settings.CLUSTER_PROBLEMS
        if p.id.startswith("plugins.")
    ]
    from django.apps import apps

    for app in settings.PLUGIN_APPS:
        cfg = next((c for c in apps.get_app_configs() if c.name == app), None)
        if cfg is not None and not isinstance(cfg, PluginConfig):
            errors.append(
                checks.Error(
                    f"{app} is enabled as a plugin but its AppConfig is not a PluginConfig.",
                    hint="Subclass plugins.core.plugin.PluginConfig in the app's apps.py.",
                    id="plugins.E002",
                )
            )
    return errors


def check_plugin_requirements(app_configs=None, **kwargs):
    enabled = {cfg.label for cfg in plugin_configs()}
    errors = []
    for cfg in plugin_configs():
        for needed in cfg.requires:
            if needed not in enabled:
                errors.append(
                    checks.Error(
                        f"Plugin '{cfg.label}' requires plugin '{needed}', which this "
                        "cluster does not enable.",
                        hint=f"Add '{needed}' to 'plugins' in the cluster file.",
                        obj=cfg.name,
                        id="plugins.E003",
                    )
                )
    return errors


def check_plugin_options(app_configs=None, **kwargs):
    errors = []
    for cfg in plugin_configs():
        unknown = cfg.configured_option_keys() - set(cfg.default_options)
        if unknown:
            errors.append(
                checks.Error(
                    f"Unknown option(s) for plugin '{cfg.label}': {', '.join(sorted(unknown))}.",
                    hint="Known options: " + (", ".join(sorted(cfg.default_options)) or "none"),
                    obj=cfg.name,
                    id="plugins.E004",
                )
            )
    return errors


def check_hook_signatures(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{fn.__module__}.{fn.__qualname__} implements hook '{name}' with an "
            f"incompatible signature: {reason}.",
            hint="Match the signature declared in plugins/core/hookspecs.py.",
            id="plugins.E005",
        )
        for name, fn, reason in hook_signature_mismatches()
    ]
