"""The one base class every plugin's AppConfig subclasses.

A plugin is a Django app under ``plugins/`` (or any importable app) enabled by
name in a cluster file. Its AppConfig declares the plugin's whole interface as
class attributes, the way Wagtail models declare ``search_fields``:

    class NewsConfig(PluginConfig):
        name = "plugins.news"
        label = "news"
        default_options = {"page_size": 10}
        requires = ()
        shared_types = ("news.NewsPage",)

Behaviour a plugin adds to the site goes through the hooks declared in
``plugins.core.hookspecs``, implemented in the plugin's ``wagtail_hooks.py``.
"""

from __future__ import annotations

from typing import ClassVar

from django.apps import AppConfig, apps
from django.conf import settings


class PluginConfig(AppConfig):
    """Base AppConfig of a plugin. ``ready()`` may only register, never do work."""

    default_auto_field = "django.db.models.BigAutoField"
    # Django picks an apps.py's AppConfig automatically only when exactly one class
    # there is a default; this base class, imported into every apps.py, is not.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    #: Options and their defaults. A cluster file overrides them in
    #: ``[plugin_options.<label>]``; unknown keys are a system-check error.
    default_options: ClassVar[dict] = {}
    #: Labels of the plugins this one needs enabled in the same cluster.
    requires: ClassVar[tuple[str, ...]] = ()
    #: Model labels ("app_label.ModelName") this plugin shares with peer clusters.
    shared_types: ClassVar[tuple[str, ...]] = ()
    #: Model labels of non-page models (snippets) the site's "Editors" and
    #: "Moderators" groups may add, change and delete.
    editor_models: ClassVar[tuple[str, ...]] = ()

    @property
    def options(self) -> dict:
        """The effective options: defaults overlaid with the cluster file's values."""
        configured = settings.CLUSTER.get("plugin_options", {}).get(self.label, {})
        return {**self.default_options, **configured}

    def configured_option_keys(self) -> set[str]:
        return set(settings.CLUSTER.get("plugin_options", {}).get(self.label, {}))


def plugin_configs() -> list[PluginConfig]:
    """Every installed plugin, in INSTALLED_APPS order."""
    return [cfg for cfg in apps.get_app_configs() if isinstance(cfg, PluginConfig)]


def plugin_is_enabled(*, label: str) -> bool:
    return any(cfg.label == label for cfg in plugin_configs())


def plugin_shared_models() -> list[type]:
    """The model classes every enabled plugin shares with the federation."""
    return [apps.get_model(label) for cfg in plugin_configs() for label in cfg.shared_types]
